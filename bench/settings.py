"""Settings of the benchmarks: the real settings, plus the test app's small case type (`Complaint`, the
shape of every module's cases) until the first module lands, and this package as an app for its admin."""

from chancery.settings import *  # noqa: F403
from chancery.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "chancery.core.tests.protected", "bench"]
