"""The figures of honours for a period, for the module's page and the Office's reports: awards decided by
type and class, by proposing body and by month (counted from the honours history entered from the President's
decisions, revoked awards apart), and the appraisal's throughput per batch. Counted in the database over the
batches the person may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth

from . import rules, selectors
from .models import AwardRecord, Nomination, Verdict


@dataclass(frozen=True)
class Throughput:
    batch: str
    proposing_body: str
    nominees: int
    seconds: float | None

    @property
    def per_second(self) -> float | None:
        return self.nominees / self.seconds if self.seconds else None


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
    throughput: list[Throughput]


def overview(user: Any, start: date, end: date) -> Overview:
    batches = selectors.visible_batches(user)
    awards = AwardRecord.objects.filter(nomination__batch__in=batches, decided_on__range=(start, end))
    live = awards.filter(revoked=False)
    by_award = sorted(
        live.values_list("award").annotate(n=Count("id")).values_list("award", "n"),
        key=lambda pair: rules.ANNEX_ORDER.get(pair[0], 999),
    )
    by_body = list(
        live.values_list("nomination__batch__proposing_body__name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("nomination__batch__proposing_body__name", "n")[:20]
    )
    by_month = [
        (f"{month:%m/%Y}", n)
        for month, n in live.annotate(month=TruncMonth("decided_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
        .values_list("month", "n")
    ]
    in_period = batches.filter(received_on__range=(start, end))
    nominations = Nomination.objects.filter(batch__in=in_period)
    outcomes = dict(nominations.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    throughput = [
        Throughput(f"{number}/{year}", body, total or 0, seconds)
        for number, year, body, total, seconds in in_period.filter(appraisal_seconds__isnull=False)
        .annotate(total=Count("nominations"))
        .order_by("-received_on")
        .values_list("number", "year", "proposing_body__name", "total", "appraisal_seconds")[:20]
    ]
    return Overview(
        start=start,
        end=end,
        awarded=live.count(),
        revoked=awards.filter(revoked=True).count(),
        by_award=[(rules.award_name(code), n) for code, n in by_award],
        by_body=by_body,
        by_month=by_month,
        nominated=sum(outcomes.values()),
        outcomes={str(Verdict(k).label): v for k, v in outcomes.items()},
        throughput=throughput,
    )
