"""Read queries of promulgation, filtered by the access policy: the register, and the board of every law and
ordinance in flight with the days left on its running clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.casework.rules import ClockReading
from chancery.core import access, audit

from .models import Statute

IN_FLIGHT = ("passed", "reconsideration", "repassed", "to_assembly")


def visible_statutes(user: Any) -> QuerySet[Statute]:
    return access.visible_records(user, Statute.objects.all())


def get_statute(user: Any, pk: int) -> Statute | None:
    return visible_statutes(user).select_related("order_document").filter(pk=pk).first()


@dataclass(frozen=True)
class BoardRow:
    statute: Statute
    clocks: list[tuple[LegalClock, ClockReading]]

    @property
    def next_due(self) -> date | None:
        running = [r.due_date for c, r in self.clocks if c.stopped_on is None and r.due_date]
        return min(running) if running else None

    @property
    def days_left(self) -> int | None:
        running = [r.days_left for c, r in self.clocks if c.stopped_on is None and r.days_left is not None]
        return min(running) if running else None


def clocks_of(
    statutes: list[Statute], today: date | None = None
) -> dict[int, list[tuple[LegalClock, ClockReading]]]:
    today = today or timezone.localdate()
    found: dict[int, list[tuple[LegalClock, ClockReading]]] = {s.pk: [] for s in statutes}
    clocks = (
        LegalClock.objects.filter(object_type=audit.object_type_of(Statute), object_id__in=list(found))
        .prefetch_related("pauses", "extensions")
        .order_by("started_on", "id")
    )
    for clock in clocks:
        found[clock.object_id].append((clock, casework.read(clock, today)))
    return found


def board(user: Any, today: date | None = None) -> list[BoardRow]:
    """Every law and ordinance not yet promulgated, the most urgent first."""
    statutes = list(visible_statutes(user).filter(state__in=IN_FLIGHT).order_by("passed_on", "id")[:500])
    clocks = clocks_of(statutes, today)
    rows = [BoardRow(s, clocks[s.pk]) for s in statutes]
    return sorted(rows, key=lambda r: (r.next_due or date.max, r.statute.passed_on))


def register(user: Any, *, year: int | None = None) -> QuerySet[Statute]:
    statutes = visible_statutes(user).order_by("-passed_on", "-id")
    return statutes.filter(passed_on__year=year) if year else statutes
