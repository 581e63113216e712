"""Settings for the test suite: the real settings, plus a small app with a protected record type used to
exercise the access policy the way every domain module will use it."""

from chancery.settings import *  # noqa: F403
from chancery.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "chancery.core.tests.protected"]
# Argon2 with the lowest work factors: a real hash takes 0.3 s, and the suite makes thousands of staff.
PASSWORD_HASHERS = [
    "chancery.core.tests.hashers.CheapArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Tasks run in-process when enqueued (after commit), so a test sees their effect; the database and Redis
# backends are exercised by their own tests (chancery/core/tests/test_jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The petition classifier trains in line, so a test sees the model its data makes.
CHANCERY_CLASSIFY_IN_BACKGROUND = False
# Issued documents are signed with the test certificate (made once under the var directory).
CHANCERY_SIGNING_TEST_CERTIFICATE = True

# Static files are found where they lie, without `collectstatic` first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
