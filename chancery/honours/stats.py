"""The figures of honours for a period, for the module's page and the Office's reports: awards decided by
type and class, by proposing body and by month (counted from the honours history entered from the President's
decisions, revoked awards apart), and the nominees received by outcome. Counted in the database over the
batches the person may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from . import rules, selectors
from .models import AwardRecord, HonoursBatch, Nomination, Verdict


def decided_in(batches: QuerySet[HonoursBatch], start: date, end: date) -> QuerySet[AwardRecord]:
    """The awards decided in [start, end] on the nominations of these batches, revoked ones included
    (`awarded_in` leaves them out). The rest of the honours history (awards of other authorities, earlier
    decisions entered for the criteria) is not the Office's work of the period and is never counted."""
    return AwardRecord.objects.filter(nomination__batch__in=batches, decided_on__range=(start, end))


def awarded_in(batches: QuerySet[HonoursBatch], start: date, end: date) -> QuerySet[AwardRecord]:
    """The awards decided in [start, end] on these batches' nominations and not revoked: the one definition of
    "awarded" the module's page and the Office's reports count (programme.figures)."""
    return decided_in(batches, start, end).filter(revoked=False)


def nominated_in(batches: QuerySet[HonoursBatch], start: date, end: date) -> QuerySet[Nomination]:
    """The nominees of the batches received in [start, end]."""
    return Nomination.objects.filter(batch__in=batches.filter(received_on__range=(start, end)))


@dataclass(frozen=True)
class Overview:
    start: date
    end: date
    awarded: int
    revoked: int
    by_award: list[tuple[str, int]]
    by_body: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    nominated: int
    outcomes: dict[str, int]


def _with_others(rows: list[tuple[str, int]], *, shown: int) -> list[tuple[str, int]]:
    """The first `shown` rows and one row for the rest, so that the rows add up to the
    total (the examiner of issue 26 found eight bodies summing to 48,475 of 59,426)."""
    if len(rows) <= shown + 1:
        return rows
    rest = sum(n for _name, n in rows[shown:])
    return [*rows[:shown], (_("Other bodies (%(count)s)") % {"count": len(rows) - shown}, rest)]


def overview(user: Any, start: date, end: date) -> Overview:
    batches = selectors.visible_batches(user)
    # the awards of the period in one pass, grouped by what the figures split them by (award, batch, day,
    # revoked): a few thousand groups, added up here, rather than a join over the year's awards per figure
    groups = list(
        decided_in(batches, start, end)
        .values_list("award", "nomination__batch_id", "decided_on", "revoked")
        .annotate(n=Count("id"))
        .order_by()
    )
    body_of = dict(
        HonoursBatch.objects.filter(pk__in={group[1] for group in groups}).values_list(
            "pk", "proposing_body__name"
        )
    )
    award_counts: Counter[str] = Counter()
    body_counts: Counter[str] = Counter()
    month_counts: Counter[date] = Counter()
    revoked = 0
    for award, batch, day, was_revoked, n in groups:
        if was_revoked:
            revoked += n
            continue
        award_counts[award] += n
        body_counts[body_of.get(batch) or ""] += n
        month_counts[day.replace(day=1)] += n
    nominations = nominated_in(batches, start, end)
    outcomes = dict(nominations.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    return Overview(
        start=start,
        end=end,
        awarded=sum(award_counts.values()),
        revoked=revoked,
        by_award=[
            (rules.award_name(code), n)
            for code, n in sorted(award_counts.items(), key=lambda pair: rules.ANNEX_ORDER.get(pair[0], 999))
        ],
        by_body=_with_others(sorted(body_counts.items(), key=lambda pair: (-pair[1], pair[0])), shown=8),
        by_month=[(f"{month:%m/%Y}", n) for month, n in sorted(month_counts.items())],
        nominated=sum(outcomes.values()),
        outcomes={str(Verdict(k).label): v for k, v in outcomes.items()},
    )
