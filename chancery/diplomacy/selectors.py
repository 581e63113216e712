"""Read queries of treaties and foreign affairs, filtered by the access policy: the treaty register with its
search, the calendar of events (month, week, agenda), what a unit has to do for events, and the figures."""

from __future__ import annotations

import calendar as pycalendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from chancery.core import access
from chancery.core.text import fold

from . import rules
from .models import ChecklistItem, Country, Event, FollowUp, Speech, Treaty, TreatyStep
from .stats import held_in


def visible_treaties(user: Any) -> QuerySet[Treaty]:
    return access.visible_records(user, Treaty.objects.all())


def get_treaty(user: Any, pk: int) -> Treaty | None:
    return visible_treaties(user).filter(pk=pk).prefetch_related("countries", "organisations").first()


def treaties(
    user: Any,
    *,
    q: str = "",
    country: Country | None = None,
    state: str = "",
    year: int | None = None,
) -> QuerySet[Treaty]:
    """The register: by words of the title, ministry or party (diacritics folded), a country, a state, and a
    year in which any of its steps took place."""
    found = visible_treaties(user)
    if q.strip():
        for word in fold(q).split():
            found = found.filter(folded__contains=word)
    if country is not None:
        found = found.filter(countries=country)
    if state:
        found = found.filter(state=state)
    if year:
        found = found.filter(pk__in=TreatyStep.objects.filter(on__year=year).values("treaty_id"))
    return found.prefetch_related("countries", "organisations").order_by("-proposed_on", "-id")


def visible_events(user: Any) -> QuerySet[Event]:
    return access.visible_records(user, Event.objects.all())


def get_event(user: Any, pk: int) -> Event | None:
    return visible_events(user).select_related("country", "organisation").filter(pk=pk).first()


def events_between(user: Any, first: date, last: date, *, kind: str = "") -> list[Event]:
    """Events that overlap [first, last], in order of their first day."""
    found = visible_events(user).filter(starts_on__lte=last, ends_on__gte=first)
    if kind:
        found = found.filter(kind=kind)
    return list(found.select_related("country", "organisation").order_by("starts_on", "id")[:2000])


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[Event] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def weekday_name(self) -> str:
        return rules.WEEKDAYS[self.day.weekday()]


def month_grid(user: Any, year: int, month: int, *, kind: str = "") -> list[list[Day]]:
    """The month as weeks Monday to Sunday, each day with the events on it."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    events = events_between(user, weeks[0][0], weeks[-1][-1], kind=kind)
    grid = [[Day(d, d.month == month) for d in week] for week in weeks]
    for week in grid:
        for cell in week:
            cell.events = [e for e in events if e.starts_on <= cell.day <= e.ends_on]
    return grid


def week_days(user: Any, monday: date, *, kind: str = "") -> list[Day]:
    days = [monday + timedelta(days=i) for i in range(7)]
    events = events_between(user, days[0], days[-1], kind=kind)
    return [Day(d, True, [e for e in events if e.starts_on <= d <= e.ends_on]) for d in days]


def agenda(user: Any, first: date, days: int = 60, *, kind: str = "") -> list[Event]:
    return events_between(user, first, first + timedelta(days=days), kind=kind)


def event_detail(user: Any, pk: int) -> Event | None:
    return (
        visible_events(user)
        .select_related("country", "organisation", "owning_unit")
        .prefetch_related(
            "programme",
            "participants",
            Prefetch("speeches", queryset=Speech.objects.select_related("unit", "drafter")),
            Prefetch("checklist", queryset=ChecklistItem.objects.select_related("unit", "done_by")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("unit")),
        )
        .filter(pk=pk)
        .first()
    )


def unit_tasks(user: Any, today: date | None = None) -> dict[str, list[Any]]:
    """What the person's unit has to do for events: checklist items and follow-ups not done, the nearest due
    first (on the events the person may see)."""
    today = today or timezone.localdate()
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return {"checklist": [], "follow_ups": []}
    events = visible_events(user).values("pk")
    checklist = ChecklistItem.objects.filter(unit_id=unit_id, done_on__isnull=True, event__in=events)
    follow_ups = FollowUp.objects.filter(unit_id=unit_id, done_on__isnull=True, event__in=events)
    return {
        "checklist": list(checklist.select_related("event").order_by("due_on", "id")[:200]),
        "follow_ups": list(follow_ups.select_related("event").order_by("due_on", "id")[:200]),
    }


def follow_ups(user: Any, *, open_only: bool = True) -> QuerySet[FollowUp]:
    found = FollowUp.objects.filter(event__in=visible_events(user).values("pk"))
    if open_only:
        found = found.filter(done_on__isnull=True)
    return found.select_related("event", "unit").order_by("due_on", "id")


# --- figures for the reports ----------


@dataclass(frozen=True)
class Figures:
    year: int
    events_by_kind: dict[str, int]
    held_by_kind: dict[str, int]
    treaties_by_state: dict[str, int]
    treaty_steps: dict[str, int]
    follow_ups_open: int
    follow_ups_late: int


def figures(user: Any, year: int, today: date | None = None) -> Figures:
    """Events of the year by kind and those of them held by `today` (cancelled ones not counted), treaties
    by their state now, the treaty steps taken in the year, and the follow-up commitments still open and
    late."""
    today = today or timezone.localdate()
    events = visible_events(user).filter(starts_on__year=year, is_cancelled=False)
    by_kind = Counter(dict(events.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")))
    held = Counter(
        dict(
            held_in(events, date(year, 1, 1), date(year, 12, 31), today)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
    )
    states = dict(
        visible_treaties(user).values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    steps = dict(
        TreatyStep.objects.filter(on__year=year, treaty__in=visible_treaties(user).values("pk"))
        .values_list("step")
        .annotate(n=Count("id"))
        .values_list("step", "n")
    )
    open_follow_ups = follow_ups(user).filter(event__starts_on__year=year)
    return Figures(
        year=year,
        events_by_kind={k: by_kind.get(k, 0) for k, _ in rules.EVENT_KINDS},
        held_by_kind={k: held.get(k, 0) for k, _ in rules.EVENT_KINDS},
        treaties_by_state=states,
        treaty_steps=steps,
        follow_ups_open=open_follow_ups.count(),
        follow_ups_late=open_follow_ups.filter(due_on__lt=today).count(),
    )


def event_years(user: Any) -> list[int]:
    years = (
        visible_events(user)
        .annotate(y=ExtractYear("starts_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return [y for y in years if y]


def countries(q: str = "") -> QuerySet[Country]:
    found = Country.objects.filter(is_active=True)
    for word in fold(q).split():
        found = found.filter(Q(folded__contains=word))
    return found.order_by("name")
