"""Argon2 at the cost a test can afford: the same algorithm and encoding as production (`argon2$...`), with
the lowest work factors, so creating the staff of an office costs milliseconds instead of 0.3 s a person.
Production keeps Django's own Argon2 parameters (chancery/settings.py; asserted in test_login.py)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB: argon2's minimum for one lane
    parallelism = 1
