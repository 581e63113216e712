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


def figure_urls(start: date, end: date) -> dict[str, str]:
    """Where each figure of [start, end] opens the records it counts: the one definition of its list (the
    case list with the figure's filters), which the report's page of a figure reads for a report drafted
    before a list was given to its figure, as for a new one."""
    year = start.year if start.year == end.year else end.year
    urls = {
        "petitions_received": _case_list("petitions", received_from=_iso(start), received_to=_iso(end)),
        "petitions_closed": _case_list("petitions", closed_from=_iso(start), closed_to=_iso(end)),
        "honours": f"{reverse('honours:home')}?{urlencode({'year': year})}",
        "amnesty_granted": reverse("amnesty:home"),
        "laws_promulgated": _promulgated_url(start, end, legislation_rules.LAW),
        "ordinances_promulgated": _promulgated_url(start, end, legislation_rules.ORDINANCE),
        "reconsideration_requests": _case_list(
            "statutes", reconsideration_from=_iso(start), reconsideration_to=_iso(end)
        ),
        "drafts_commented": _case_list(
            "draft-laws", answered_from=_iso(start), answered_to=_iso(end), state="answered"
        ),
        "documents_received": _case_list(
            "incoming-documents", received_from=_iso(start), received_to=_iso(end)
        ),
        "documents_issued": _case_list(
            "outgoing-documents", issued_from=_iso(start), issued_to=_iso(end), state="issued"
        ),
        "tasks_due": _tasks_url(start, end, outcome="due"),
        "tasks_on_time": _tasks_url(start, end, outcome="on_time"),
        "tasks_late": _tasks_url(start, end, outcome="late"),
        "tasks_carried": _tasks_url(start, end, state="carried_over"),
        "tasks_open": _tasks_url(start, end, outcome="unfinished"),
    }
    urls["honours_nominated"] = urls["honours_awarded"] = urls["honours"]
    for step, _label in TREATY_STEPS:
        urls[f"treaties_{step}"] = _case_list("treaties", step=step, step_from=_iso(start), step_to=_iso(end))
    for kind, _label in diplomacy_rules.EVENT_KINDS:
        urls[f"events_{kind}"] = _case_list(
            "events", kind=kind, held="1", starts_from=_iso(start), starts_to=_iso(end)
        )
    return urls


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
    urls = figure_urls(start, end)
    return [
        Area(
            "petitions",
            "Tiếp công dân, xử lý đơn thư",
            [
                Figure(
                    "petitions_received",
                    "Đơn thư tiếp nhận",
                    received,
                    urls["petitions_received"],
                ),
                Figure(
                    "petitions_closed",
                    "Đơn thư xử lý xong",
                    closed,
                    urls["petitions_closed"],
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
                    urls["honours"],
                ),
                Figure(
                    "honours_awarded",
                    "Trường hợp được khen thưởng theo quyết định",
                    awarded,
                    urls["honours"],
                ),
            ],
        ),
        Area(
            "amnesty",
            "Đặc xá",
            [Figure("amnesty_granted", "Người được đặc xá", amnestied, urls["amnesty_granted"])],
        ),
        Area(
            "legislation",
            "Công bố luật, pháp lệnh",
            [
                Figure(
                    "laws_promulgated",
                    "Luật đã công bố",
                    laws,
                    urls["laws_promulgated"],
                ),
                Figure(
                    "ordinances_promulgated",
                    "Pháp lệnh đã công bố",
                    ordinances,
                    urls["ordinances_promulgated"],
                ),
                Figure(
                    "reconsideration_requests",
                    "Đề nghị xem xét lại pháp lệnh",
                    reconsidered,
                    urls["reconsideration_requests"],
                ),
                Figure(
                    "drafts_commented",
                    "Dự án luật, pháp lệnh đã góp ý",
                    drafts,
                    urls["drafts_commented"],
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
                    urls[f"treaties_{step}"],
                )
                for step, label in TREATY_STEPS
            ],
        ),
        Area(
            "foreign_affairs",
            "Hoạt động đối ngoại",
            [
                Figure(f"events_{kind}", label, events.get(kind, 0), urls[f"events_{kind}"])
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
                    urls["documents_received"],
                ),
                Figure(
                    "documents_issued",
                    "Văn bản đi đã ban hành",
                    issued,
                    urls["documents_issued"],
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
                    urls["tasks_due"],
                ),
                Figure(
                    "tasks_on_time",
                    "Hoàn thành đúng hạn",
                    task_counts["on_time"],
                    urls["tasks_on_time"],
                ),
                Figure(
                    "tasks_late",
                    "Hoàn thành chậm",
                    task_counts["late"],
                    urls["tasks_late"],
                ),
                Figure(
                    "tasks_carried",
                    "Chuyển sang kỳ sau",
                    task_counts["carried"],
                    urls["tasks_carried"],
                ),
                Figure(
                    "tasks_open",
                    "Chưa hoàn thành",
                    task_counts["open"],
                    urls["tasks_open"],
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
