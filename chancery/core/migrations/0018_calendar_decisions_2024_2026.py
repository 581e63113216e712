"""The Government's published decisions on civil servants' days off, 2024-2026, with their instruments
(chancery/core/calendar_decisions.py). A day an administrator has already decided is left as it is."""

from typing import Any

from django.db import migrations


def load_decisions(apps: Any, schema_editor: Any) -> None:
    from chancery.core import calendar_decisions

    calendar_decisions.load(apps.get_model("core", "CalendarDay"))


def unload_decisions(apps: Any, schema_editor: Any) -> None:
    """Back out the shipped rows as shipped; the administrator's decisions and withdrawals stay."""
    apps.get_model("core", "CalendarDay").objects.filter(origin="shipped", is_withdrawn=False).delete()


class Migration(migrations.Migration):
    # Read by casework's post_migrate receiver: the running time limits' due dates are recomputed after it.
    changes_calendar = True

    dependencies = [("core", "0017_calendar_sources")]

    operations = [migrations.RunPython(load_decisions, unload_decisions)]
