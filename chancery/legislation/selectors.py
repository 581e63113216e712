"""Read queries of promulgation, filtered by the access policy: the register, and the board of every law and
ordinance in flight with the days left on its running clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from chancery.casework.models import LegalClock
from chancery.casework.rules import ClockReading
from chancery.casework.services import clocks_of
from chancery.core import access, audit

from . import rules, stats
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
    """Drafts whose comments are sent (or that need none), the latest received first, each with `due_on`,
    its comments clock's due date (moved off days off, as the running ones show it), else the date the
    drafting body asked for."""
    clock_due = LegalClock.objects.filter(
        object_type=audit.object_type_of(DraftLaw), object_id=OuterRef("pk"), kind="comments"
    ).order_by("-pk")
    drafts = (
        visible_drafts(user)
        .exclude(state="received")
        .annotate(due_on=Coalesce(Subquery(clock_due.values("due_on")[:1]), F("comments_due_on")))
        .order_by("-received_on", "-id")
    )
    return drafts.filter(received_on__year=year) if year else drafts


@dataclass(frozen=True)
class Figures:
    year: int
    laws_promulgated: int
    ordinances_promulgated: int
    promulgated_late: int
    reconsideration_requests: int
    referred_to_assembly: int
    drafts_received: int
    drafts_answered: int
    drafts_answered_late: int


def figures(user: Any, year: int) -> Figures:
    """The year's figures for the reports, read from the register: texts promulgated (by the order's date)
    and of them after their time limit, the requests for reconsideration and referrals, the drafts received
    for comments, the comments sent (in the year, whenever the draft came) and of them those sent after their
    due date (the clocks' due dates, moved off days off): stats.py defines each."""
    statutes = visible_statutes(user)
    start, end = date(year, 1, 1), date(year, 12, 31)
    promulgated = stats.promulgated_in(statutes, start, end)
    kind = audit.object_type_of(Statute)
    late_ids = LegalClock.objects.filter(
        object_type=kind,
        kind__in=("promulgation", "promulgation_again"),
        object_id__in=promulgated.values("pk"),
        stopped_on__gt=F("due_on"),
    ).values("object_id")
    drafts = visible_drafts(user).filter(received_on__year=year)
    answered = stats.answered_in(visible_drafts(user), start, end)
    return Figures(
        year=year,
        laws_promulgated=stats.promulgated_in(statutes, start, end, rules.LAW).count(),
        ordinances_promulgated=stats.promulgated_in(statutes, start, end, rules.ORDINANCE).count(),
        promulgated_late=promulgated.filter(pk__in=late_ids).count(),
        reconsideration_requests=stats.reconsideration_requested_in(statutes, start, end).count(),
        referred_to_assembly=statutes.filter(state="to_assembly", passed_on__year=year).count(),
        drafts_received=drafts.count(),
        drafts_answered=answered.count(),
        drafts_answered_late=LegalClock.objects.filter(
            object_type=audit.object_type_of(DraftLaw),
            kind="comments",
            object_id__in=answered.values("pk"),
            stopped_on__gt=F("due_on"),
        ).count(),
    )
