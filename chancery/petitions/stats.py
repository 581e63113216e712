"""The figures the petitions module gives the office's reports and its dashboard, counted from the records
(never typed in), over the petitions the person may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core import access, audit
from chancery.core import selectors as core_selectors
from chancery.core.models import Assignment
from chancery.core.provinces import province_name
from chancery.petitions import selectors
from chancery.petitions.models import (
    STATES,
    Channel,
    Field,
    Forwarding,
    LetterKind,
    Petition,
    PetitionKind,
    PetitionPath,
    ReceptionSession,
    ReceptionVisit,
)


def received_in(petitions: QuerySet[Petition], start: date, end: date) -> QuerySet[Petition]:
    """The petitions received in [start, end]: the one definition the module's page and the Office's reports
    count (programme.figures), each over the petitions it is given."""
    return petitions.filter(received_on__range=(start, end))


def closed_in(petitions: QuerySet[Petition], start: date, end: date) -> QuerySet[Petition]:
    """The petitions whose handling closed in [start, end]."""
    return petitions.filter(closed_on__range=(start, end))


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int


def _bars(rows: list[tuple[str, int]]) -> list[Bar]:
    top = max((c for _l, c in rows), default=0) or 1
    return [Bar(label, count, round(count * 100 / top)) for label, count in rows]


def _by(queryset: QuerySet[Petition], field: str, labels: dict[Any, Any]) -> list[Bar]:
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("id")))
    return _bars([(str(label), counts.get(key, 0)) for key, label in labels.items()])


def _running_clocks(petitions: QuerySet[Petition]) -> QuerySet[LegalClock]:
    return LegalClock.objects.filter(
        object_type=audit.object_type_of(Petition),
        object_id__in=petitions.values("pk"),
        stopped_on__isnull=True,
        due_on__isnull=False,
    )


def overview(user: Any, year: int | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    year = year or today.year
    visible = selectors.visible_petitions(user)
    received = received_in(visible, date(year, 1, 1), date(year, 12, 31))
    months = dict(
        received.annotate(m=ExtractMonth("received_on")).order_by().values_list("m").annotate(n=Count("id"))
    )
    by_province = (
        received.exclude(province_code__isnull=True)
        .order_by()
        .values_list("province_code")
        .annotate(n=Count("id"))
        .order_by("-n")[:10]
    )
    soon_end = core_selectors.period_end(today, 3, working_days=True)
    clocks = _running_clocks(visible)
    forwarded = Forwarding.objects.filter(petition__in=received, letter=LetterKind.FORWARD)
    sessions = ReceptionSession.objects.filter(held_on__year=year)
    may_see_reception = access.can_see_reception(user)
    return {
        "year": year,
        "received": received.count(),
        "letters": received.filter(parent__isnull=True).count(),
        "by_month": _bars([(f"{m:02d}", months.get(m, 0)) for m in range(1, 13)]),
        "by_channel": _by(received, "channel", dict(Channel.choices)),
        "by_kind": _by(received, "kind", dict(PetitionKind.choices)),
        "by_field": _by(received, "field", dict(Field.choices)),
        "by_path": _by(received.exclude(path=""), "path", dict(PetitionPath.choices)),
        "by_state": _by(received, "state", dict(STATES)),
        "by_province": _bars([(province_name(code), n) for code, n in by_province]),
        "forwarded": forwarded.count(),
        "answered": forwarded.filter(answered_on__isnull=False).count(),
        "awaiting_answer": visible.filter(state="forwarded").count(),
        "overdue": clocks.filter(due_on__lt=today).count(),
        "due_soon": clocks.filter(due_on__gte=today, due_on__lte=soon_end).count(),
        "duplicates": received.filter(matter__isnull=False).count(),
        # the reception book's figures for those who may open it (examiner 62: shown to a clerk it refused)
        "sessions": sessions.count() if may_see_reception else None,
        "people_received": (
            ReceptionVisit.objects.filter(session__in=sessions).aggregate(n=Sum("people"))["n"] or 0
        )
        if may_see_reception
        else None,
        "deadlines_by_unit": deadlines_by_unit(visible, today, soon_end),
        "deadlines_by_officer": deadlines_by_officer(visible, today, soon_end),
        "by_officer": per_officer(received),
    }


def deadlines_by_unit(visible: QuerySet[Petition], today: date, soon_end: date) -> list[dict[str, Any]]:
    running = _running_clocks(visible)
    open_petitions = visible.filter(Exists(running.filter(object_id=OuterRef("pk"))))
    due = LegalClock.objects.filter(
        object_type=audit.object_type_of(Petition), object_id=OuterRef("pk"), stopped_on__isnull=True
    )
    rows = (
        open_petitions.values("owning_unit__name")
        .annotate(
            overdue=Count("id", filter=Q(Exists(due.filter(due_on__lt=today)))),
            soon=Count("id", filter=Q(Exists(due.filter(due_on__gte=today, due_on__lte=soon_end)))),
            running=Count("id"),
        )
        .order_by("-overdue", "owning_unit__name")
    )
    return list(rows)


def deadlines_by_officer(visible: QuerySet[Petition], today: date, soon_end: date) -> list[dict[str, Any]]:
    """Running time limits by the officer the petition is assigned to by name."""
    clocks = _running_clocks(visible)
    assignments = Assignment.objects.filter(
        object_type=audit.object_type_of(Petition),
        is_active=True,
        user__isnull=False,
        object_id__in=clocks.values("object_id"),
    )
    rows: dict[str, dict[str, Any]] = {}
    due_by_petition: dict[int, date] = {}
    for object_id, due_on in clocks.values_list("object_id", "due_on"):
        if due_on is not None:
            due_by_petition[object_id] = min(due_on, due_by_petition.get(object_id, due_on))
    for name, object_id in assignments.values_list("user__full_name", "object_id"):
        row = rows.setdefault(name, {"name": name, "overdue": 0, "soon": 0, "running": 0})
        due_on = due_by_petition.get(object_id)
        row["running"] += 1
        if due_on and due_on < today:
            row["overdue"] += 1
        elif due_on and due_on <= soon_end:
            row["soon"] += 1
    return sorted(rows.values(), key=lambda r: (-r["overdue"], -r["soon"], r["name"]))


def per_officer(received: QuerySet[Petition]) -> list[dict[str, Any]]:
    """Petitions registered and decided, per officer who registered them."""
    return list(
        received.exclude(received_by__isnull=True)
        .values("received_by__full_name")
        .annotate(registered=Count("id"), decided=Count("id", filter=~Q(path="")))
        .order_by("-registered")[:20]
    )


PUBLIC_STATES = {
    "received": "Đã tiếp nhận, đang xử lý",
    "handling": "Đang được giải quyết",
    "forwarded": "Đã chuyển đến cơ quan có thẩm quyền",
    "guided": "Đã hướng dẫn người gửi đơn",
    "stored": "Đã xử lý (lưu đơn)",
    "answered": "Cơ quan có thẩm quyền đã trả lời",
    "closed": "Đã kết thúc",
    "merged": "Đã gộp với đơn cùng nội dung",
}


def public_status(code: str) -> dict[str, Any] | None:
    """What the petitioner may read by tracking code: the registration, the state, where the petition went;
    nothing about other people or the Office's internal notes."""
    petition = (
        Petition.objects.select_related("competent_agency", "merged_into").filter(tracking_code=code).first()
    )
    if petition is None:
        return None
    letter = petition.forwardings.filter(letter__in=[LetterKind.FORWARD, LetterKind.GUIDE]).first()
    shown = petition.merged_into or petition
    return {
        "number": petition.registry_number,
        "received_on": petition.received_on,
        "kind": petition.get_kind_display(),
        "state": PUBLIC_STATES.get(shown.state, ""),
        "agency": letter.agency.name if letter and letter.agency else "",
        "sent_on": letter.sent_on if letter else None,
        "answer_by": letter.answer_by if letter else None,
        "closed_on": shown.closed_on,
    }


def since(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
