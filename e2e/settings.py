"""Settings of the browser tests: the real settings, plus the test app's small case type (`Complaint`) so
the shared case list can be driven in a browser before the first module lands."""

from chancery.settings import *  # noqa: F403
from chancery.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "chancery.core.tests.protected"]
