"""The figures of the promulgation register for a period, one definition each: the module's board
(selectors.figures), the Office's reports (programme.figures) and the lists behind them (registry) count them
the same way, each over the records it is given."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import DraftLaw, Statute


def promulgated_in(statutes: QuerySet[Statute], start: date, end: date, kind: str = "") -> QuerySet[Statute]:
    """The laws or ordinances (`kind`, or both) promulgated in [start, end], by the order's date."""
    promulgated = statutes.filter(state="promulgated", promulgated_on__range=(start, end))
    return promulgated.filter(kind=kind) if kind else promulgated


def reconsideration_requested_in(statutes: QuerySet[Statute], start: date, end: date) -> QuerySet[Statute]:
    """The ordinances the President asked the Standing Committee to reconsider in [start, end] (Hiến pháp
    2013, Điều 88, khoản 1), whatever became of them after."""
    return statutes.filter(reconsideration_requested_on__range=(start, end))


def answered_in(drafts: QuerySet[DraftLaw], start: date, end: date) -> QuerySet[DraftLaw]:
    """The drafts whose comments were sent in [start, end]."""
    return drafts.filter(state="answered", answered_on__range=(start, end))
