"""Settings of the benchmarks: the real settings, plus the test app's small case type (`Complaint`, the
shape of every module's cases) until the first module lands, and this package as an app for its admin."""

from chancery.settings import *  # noqa: F403
from chancery.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "chancery.core.tests.protected", "bench"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Seeding a million rows with their duplicate keys inserts into large random-order indexes: a page cache
    # of 1 GB (SQLite's default is 2 MB) keeps them in memory. Reads are timed with the same cache.
    options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    options["init_command"] += " PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;"

# Static files are found where they lie, without `collectstatic` first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
