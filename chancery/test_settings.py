"""Settings for the test suite: the real settings, plus a small app with a protected record type used to
exercise the access policy the way every domain module will use it."""

from chancery.settings import *  # noqa: F403
from chancery.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "chancery.core.tests.protected"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
