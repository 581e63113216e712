"""The figures of a period taken from every module's records, for the monthly report and the yearly summary:
each with the list behind it, so that a reader opens the records a number counts (seeing there what the
access policy lets them see).

The report counts the whole office's records (numbers only, no content): the people who draft and read
reports are the leadership and the units that prepare them (`services.can_report`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from chancery.amnesty.models import AmnestyRecord
from chancery.diplomacy import rules as diplomacy_rules
from chancery.diplomacy import stats as diplomacy_stats
from chancery.diplomacy.models import Event, Treaty
from chancery.documents import stats as document_stats
from chancery.documents.models import IncomingDocument, OutgoingDocument
from chancery.honours import stats as honours_stats
from chancery.honours.models import HonoursBatch
from chancery.legislation import rules as legislation_rules
from chancery.legislation import stats as legislation_stats
from chancery.legislation.models import DraftLaw, Statute
from chancery.petitions import stats as petition_stats
from chancery.petitions.models import Petition

from . import registry
from .models import KeyTask

TREATY_STEPS = (
    ("sign", "Điều ước đã ký"),
    ("decide", "Điều ước được phê chuẩn, phê duyệt, gia nhập"),
    ("enter_into_force", "Điều ước có hiệu lực"),
)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    figures: list[Figure]


def _case_list(key: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{reverse('casework:list', args=[key])}?{query}"


def _iso(day: date) -> str:
    return day.isoformat()


def collect(start: date, end: date) -> list[Area]:
    """Every module's figures for [start, end], both days included."""
    between = {"__gte": start, "__lte": end}

    def on(field: str) -> dict[str, date]:
        return {f"{field}{suffix}": day for suffix, day in between.items()}

    # the modules' own definitions (their stats.py), over the whole office's records
    received = petition_stats.received_in(Petition.objects.all(), start, end).count()
    closed = petition_stats.closed_in(Petition.objects.all(), start, end).count()
    incoming = document_stats.received_in(IncomingDocument.objects.all(), start, end).count()
    issued = document_stats.issued_in(OutgoingDocument.objects.all(), start, end).count()
    nominated = honours_stats.nominated_in(HonoursBatch.objects.all(), start, end).count()
    awarded = honours_stats.awarded_in(HonoursBatch.objects.all(), start, end).count()
    amnestied = AmnestyRecord.objects.filter(**on("decided_on")).count()
    laws = legislation_stats.promulgated_in(Statute.objects.all(), start, end, legislation_rules.LAW).count()
    ordinances = legislation_stats.promulgated_in(
        Statute.objects.all(), start, end, legislation_rules.ORDINANCE
    ).count()
    reconsidered = legislation_stats.reconsideration_requested_in(Statute.objects.all(), start, end).count()
    drafts = legislation_stats.answered_in(DraftLaw.objects.all(), start, end).count()
    treaty_steps = {
        step: diplomacy_stats.took_step_in(Treaty.objects.all(), step, start, end).count()
        for step, _label in TREATY_STEPS
    }
    events = dict(  # held by the day the figures are taken: a visit still ahead is not yet the period's work
        diplomacy_stats.held_in(Event.objects.all(), start, end, timezone.localdate())
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    tasks = KeyTask.objects.filter(**on("due_on"))
    task_counts = {
        "due": registry.OUTCOMES["due"][1](tasks).count(),
        "on_time": registry.OUTCOMES["on_time"][1](tasks).count(),
        "late": registry.OUTCOMES["late"][1](tasks).count(),
        "carried": tasks.filter(state="carried_over").count(),
        "open": registry.OUTCOMES["unfinished"][1](tasks).count(),
    }
    year = start.year if start.year == end.year else None

    def events_url(kind: str) -> str:
        return _case_list("events", kind=kind, held="1", starts_from=_iso(start), starts_to=_iso(end))

    return [
        Area(
            "petitions",
            "Tiếp công dân, xử lý đơn thư",
            [
                Figure(
                    "petitions_received",
                    "Đơn thư tiếp nhận",
                    received,
                    _case_list("petitions", received_from=_iso(start), received_to=_iso(end)),
                ),
                Figure(
                    "petitions_closed",
                    "Đơn thư xử lý xong",
                    closed,
                    _case_list("petitions", closed_from=_iso(start), closed_to=_iso(end)),
                ),
            ],
        ),
        Area(
            "honours",
            "Thi đua, khen thưởng",
            [
                Figure(
                    "honours_nominated",
                    "Hồ sơ khen thưởng tiếp nhận, thẩm định",
                    nominated,
                    f"{reverse('honours:home')}?{urlencode({'year': year or end.year})}",
                ),
                Figure(
                    "honours_awarded",
                    "Trường hợp được khen thưởng theo quyết định",
                    awarded,
                    f"{reverse('honours:home')}?{urlencode({'year': year or end.year})}",
                ),
            ],
        ),
        Area(
            "amnesty",
            "Đặc xá",
            [Figure("amnesty_granted", "Người được đặc xá", amnestied, reverse("amnesty:home"))],
        ),
        Area(
            "legislation",
            "Công bố luật, pháp lệnh",
            [
                Figure(
                    "laws_promulgated",
                    "Luật đã công bố",
                    laws,
                    _promulgated_url(start, end, legislation_rules.LAW),
                ),
                Figure(
                    "ordinances_promulgated",
                    "Pháp lệnh đã công bố",
                    ordinances,
                    _promulgated_url(start, end, legislation_rules.ORDINANCE),
                ),
                Figure(
                    "reconsideration_requests",
                    "Đề nghị xem xét lại pháp lệnh",
                    reconsidered,
                    _case_list("statutes", reconsideration_from=_iso(start), reconsideration_to=_iso(end)),
                ),
                Figure(
                    "drafts_commented",
                    "Dự án luật đã góp ý",
                    drafts,
                    _case_list(
                        "draft-laws", answered_from=_iso(start), answered_to=_iso(end), state="answered"
                    ),
                ),
            ],
        ),
        Area(
            "treaties",
            "Điều ước quốc tế",
            [
                Figure(
                    f"treaties_{step}",
                    label,
                    treaty_steps[step],
                    _case_list("treaties", step=step, step_from=_iso(start), step_to=_iso(end)),
                )
                for step, label in TREATY_STEPS
            ],
        ),
        Area(
            "foreign_affairs",
            "Hoạt động đối ngoại",
            [
                Figure(f"events_{kind}", label, events.get(kind, 0), events_url(kind))
                for kind, label in diplomacy_rules.EVENT_KINDS
                if kind != diplomacy_rules.MESSAGE
            ],
        ),
        Area(
            "documents",
            "Công tác văn thư",
            [
                Figure(
                    "documents_received",
                    "Văn bản đến",
                    incoming,
                    _case_list("incoming-documents", received_from=_iso(start), received_to=_iso(end)),
                ),
                Figure(
                    "documents_issued",
                    "Văn bản đi đã ban hành",
                    issued,
                    _case_list(
                        "outgoing-documents", issued_from=_iso(start), issued_to=_iso(end), state="issued"
                    ),
                ),
            ],
        ),
        Area(
            "tasks",
            "Nhiệm vụ trọng tâm",
            [
                Figure(
                    "tasks_due",
                    "Nhiệm vụ đến hạn trong kỳ",
                    task_counts["due"],
                    _tasks_url(start, end, outcome="due"),
                ),
                Figure(
                    "tasks_on_time",
                    "Hoàn thành đúng hạn",
                    task_counts["on_time"],
                    _tasks_url(start, end, outcome="on_time"),
                ),
                Figure(
                    "tasks_late",
                    "Hoàn thành chậm",
                    task_counts["late"],
                    _tasks_url(start, end, outcome="late"),
                ),
                Figure(
                    "tasks_carried",
                    "Chuyển sang kỳ sau",
                    task_counts["carried"],
                    _tasks_url(start, end, state="carried_over"),
                ),
                Figure(
                    "tasks_open",
                    "Chưa hoàn thành",
                    task_counts["open"],
                    _tasks_url(start, end, outcome="unfinished"),
                ),
            ],
        ),
    ]


def _promulgated_url(start: date, end: date, kind: str) -> str:
    return _case_list(
        "statutes", promulgated_from=_iso(start), promulgated_to=_iso(end), state="promulgated", kind=kind
    )


def _tasks_url(start: date, end: date, **params: str) -> str:
    return _case_list("key-tasks", due_from=_iso(start), due_to=_iso(end), **params)


def as_json(areas: list[Area]) -> list[dict[str, Any]]:
    return [{"key": a.key, "name": a.name, "figures": [asdict(f) for f in a.figures]} for a in areas]


def values_of(stored: list[dict[str, Any]]) -> dict[str, int]:
    return {f["key"]: f["value"] for area in stored for f in area["figures"]}
