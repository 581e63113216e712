"""The figures of the registers for a period: documents received by type, sender and unit, handled on time or
late; documents issued by type, unit and issuer, and the numbers cancelled. Counted in the database over
what the person may see, so that the same figures feed the Office's reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core import access, audit
from chancery.core.models import Assignment, AssignmentKind, Unit
from chancery.documents import rules
from chancery.documents.models import DocumentNumber, IncomingDocument, NumberStatus, OutgoingDocument
from chancery.documents.services import HANDLING_CLOCK


def received_in(documents: QuerySet[IncomingDocument], start: date, end: date) -> QuerySet[IncomingDocument]:
    """The documents received in [start, end]: the one definition the registers' figures and the Office's
    reports count (programme.figures), each over the documents it is given."""
    return documents.filter(received_on__range=(start, end))


def issued_in(documents: QuerySet[OutgoingDocument], start: date, end: date) -> QuerySet[OutgoingDocument]:
    """The documents issued in [start, end] (numbered, signed and sent out)."""
    return documents.filter(state="issued", issued_on__range=(start, end))


@dataclass(frozen=True)
class Timeliness:
    on_time: int
    late: int
    overdue: int  # still open past the time limit
    running: int  # still open, within it

    @property
    def handled(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.handled if self.handled else None


@dataclass(frozen=True)
class Overview:
    start: date
    end: date
    received: int
    received_by_type: list[tuple[str, int]]
    received_by_sender: list[tuple[str, int]]
    received_by_unit: list[tuple[str, int]]
    received_urgent: int
    timeliness: Timeliness
    issued: int
    issued_by_type: list[tuple[str, int]]
    issued_by_unit: list[tuple[str, int]]
    issued_by_issuer: list[tuple[str, int]]
    numbers_cancelled: int


def _type_name(code: str) -> str:
    return rules.TYPES[code].name if code in rules.TYPES else code


def timeliness(documents: Any, today: date) -> Timeliness:
    ids = documents.values("pk")
    clocks = LegalClock.objects.filter(
        object_type=audit.object_type_of(IncomingDocument), object_id__in=ids, kind__startswith=HANDLING_CLOCK
    )
    figures = clocks.aggregate(
        on_time=Count("pk", filter=Q(stopped_on__isnull=False, stopped_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(stopped_on__isnull=False, stopped_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(stopped_on__isnull=True, due_on__lt=today)),
        running=Count("pk", filter=Q(stopped_on__isnull=True, due_on__gte=today)),
    )
    return Timeliness(**{k: v or 0 for k, v in figures.items()})


def overview(user: Any, start: date, end: date) -> Overview:
    received = received_in(access.visible_records(user, IncomingDocument.objects.all()), start, end)
    by_type = received.values_list("doc_type").annotate(n=Count("pk")).order_by("-n")
    by_sender = received.values_list("sender_name").annotate(n=Count("pk")).order_by("-n", "sender_name")[:12]
    lead = (
        Assignment.objects.filter(
            object_type=audit.object_type_of(IncomingDocument),
            object_id__in=received.values("pk"),
            kind=AssignmentKind.LEAD,
            unit__isnull=False,
        )
        .values_list("unit")
        .annotate(n=Count("object_id", distinct=True))
        .order_by("-n")
    )
    units = dict(Unit.objects.values_list("pk", "name"))
    issued = issued_in(access.visible_records(user, OutgoingDocument.objects.all()), start, end)
    issued_by_type = issued.values_list("doc_type").annotate(n=Count("pk")).order_by("-n")
    issued_by_unit = issued.values_list("owning_unit").annotate(n=Count("pk")).order_by("-n")
    issued_by_issuer = issued.values_list("issuer").annotate(n=Count("pk")).order_by("-n")
    issuers = {
        i.value: label
        for i, label in ((rules.Issuer.PRESIDENT, "Chủ tịch nước"), (rules.Issuer.OFFICE, "Văn phòng"))
    }
    cancelled = DocumentNumber.objects.filter(
        document__in=access.visible_records(user, OutgoingDocument.objects.all()).values("pk"),
        status=NumberStatus.CANCELLED,
        cancelled_at__date__gte=start,
        cancelled_at__date__lte=end,
    ).count()
    return Overview(
        start=start,
        end=end,
        received=received.count(),
        received_by_type=[(_type_name(code), n) for code, n in by_type],
        received_by_sender=[(name, n) for name, n in by_sender],
        received_by_unit=[(units.get(pk, "?"), n) for pk, n in lead],
        received_urgent=received.filter(urgency__gt=0).count(),
        timeliness=timeliness(received, timezone.localdate()),
        issued=issued.count(),
        issued_by_type=[(_type_name(code), n) for code, n in issued_by_type],
        issued_by_unit=[(units.get(pk, "?"), n) for pk, n in issued_by_unit],
        issued_by_issuer=[(issuers.get(code, code), n) for code, n in issued_by_issuer],
        numbers_cancelled=cancelled,
    )
