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

from .models import DraftLaw, Statute

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
    records: list[Any], today: date | None = None
) -> dict[int, list[tuple[LegalClock, ClockReading]]]:
    """Each record's clocks with their reading today (records of one model)."""
    today = today or timezone.localdate()
    found: dict[int, list[tuple[LegalClock, ClockReading]]] = {r.pk: [] for r in records}
    if not records:
        return found
    clocks = (
        LegalClock.objects.filter(object_type=audit.object_type_of(records[0]), object_id__in=list(found))
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


def visible_drafts(user: Any) -> QuerySet[DraftLaw]:
    return access.visible_records(user, DraftLaw.objects.all())


def get_draft(user: Any, pk: int) -> DraftLaw | None:
    return visible_drafts(user).filter(pk=pk).first()


@dataclass(frozen=True)
class DraftRow:
    draft: DraftLaw
    reading: ClockReading | None

    @property
    def days_left(self) -> int | None:
        return self.reading.days_left if self.reading else None

    @property
    def due_date(self) -> date | None:
        return self.reading.due_date if self.reading else self.draft.comments_due_on


def drafts_waiting(user: Any, today: date | None = None) -> list[DraftRow]:
    """Draft laws whose comments are still to send, the nearest due date first."""
    drafts = list(visible_drafts(user).filter(state="received").order_by("comments_due_on", "id")[:500])
    clocks = clocks_of(drafts, today)
    rows = [DraftRow(d, next((r for c, r in clocks[d.pk] if c.kind == "comments"), None)) for d in drafts]
    return sorted(rows, key=lambda r: (r.due_date or date.max, r.draft.pk))


def drafts_answered(user: Any, *, year: int | None = None) -> QuerySet[DraftLaw]:
    drafts = visible_drafts(user).exclude(state="received").order_by("-received_on", "-id")
    return drafts.filter(received_on__year=year) if year else drafts
