"""The figures of foreign affairs for a period, one definition each: the module's figures page
(selectors.figures), the Office's reports (programme.figures) and the lists behind them (registry) count them
the same way, each over the records they are given."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from .models import Event, Treaty, TreatyStep


def held_by(events: QuerySet[Event], today: date) -> QuerySet[Event]:
    """The events held by `today`: ended on or before it, and not cancelled (a cancelled one never is)."""
    return events.filter(is_cancelled=False, ends_on__lte=today)


def held_in(events: QuerySet[Event], start: date, end: date, today: date) -> QuerySet[Event]:
    """The events that began in [start, end] and were held by `today`."""
    return held_by(events.filter(starts_on__range=(start, end)), today)


def took_step_in(
    treaties: QuerySet[Treaty], step: str, start: date | None, end: date | None
) -> QuerySet[Treaty]:
    """The treaties that took `step` (signed, decided, entered into force...; any step when "") on a day in
    [start, end] (either end open when None)."""
    steps = TreatyStep.objects.filter(treaty=OuterRef("pk"))
    if step:
        steps = steps.filter(step=step)
    if start is not None:
        steps = steps.filter(on__gte=start)
    if end is not None:
        steps = steps.filter(on__lte=end)
    return treaties.filter(Exists(steps))
