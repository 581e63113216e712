"""The leadership's dashboards: each module's caseload (records with a legal time limit running) and backlog
(past it), the time limits due within a week and missed per unit, and the monthly trends of the year. Each
chart is a table (labels, series) that the page draws and that downloads as CSV.

Counted over the whole office (numbers only), for those who may read reports (`services.can_report`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import TruncMonth

from chancery.casework.models import LegalClock
from chancery.core import spreadsheets
from chancery.core.models import Assignment, AssignmentKind, Unit
from chancery.documents.models import IncomingDocument, OutgoingDocument
from chancery.honours.models import Nomination
from chancery.petitions.models import Petition

from .models import KeyTask

MODULES = {
    "petitions.petition": "Đơn thư",
    "documents.incomingdocument": "Văn bản đến",
    "documents.outgoingdocument": "Văn bản đi",
    "legislation.statute": "Luật, pháp lệnh",
    "legislation.draftlaw": "Dự án xin ý kiến",
    "diplomacy.treaty": "Điều ước",
    "honours.honoursbatch": "Khen thưởng",
    "amnesty.campaign": "Đặc xá",
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    labels: list[str]
    series: list[tuple[str, list[int]]]
    # what each series means, for its colour (one per series, or none): "late" red, "in_time" green, "due"
    # amber, else the palette's (the examiner of issue 26 found in time red and overdue gold)
    tones: tuple[str, ...] = ()
    definition: str = ""  # what the figures count, said under the chart

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "labels": self.labels,
            "series": [
                {"name": name, "values": values, "tone": self.tones[i] if i < len(self.tones) else ""}
                for i, (name, values) in enumerate(self.series)
            ],
        }

    def csv(self) -> str:
        header = ["", *[name for name, _values in self.series]]
        lines = [
            [label, *[values[index] for _name, values in self.series]]
            for index, label in enumerate(self.labels)
        ]
        return spreadsheets.csv_text([header, *lines])


def caseload(today: date) -> Chart:
    running = LegalClock.objects.filter(stopped_on__isnull=True, object_type__in=MODULES)
    open_by = Counter(
        dict(
            running.values_list("object_type")
            .annotate(n=Count("object_id", distinct=True))
            .values_list("object_type", "n")
        )
    )
    late_by = Counter(
        dict(
            running.filter(due_on__lt=today)
            .values_list("object_type")
            .annotate(n=Count("object_id", distinct=True))
            .values_list("object_type", "n")
        )
    )
    keys = list(MODULES)
    tasks_open = KeyTask.objects.filter(state__in=("open", "in_progress", "submitted"))
    return Chart(
        "caseload",
        "Hồ sơ đang giải quyết và quá hạn theo phân hệ",
        "bar",
        [MODULES[k] for k in keys] + ["Nhiệm vụ trọng tâm"],
        [
            (
                "Đang trong thời hạn",
                [open_by[k] - late_by[k] for k in keys] + [tasks_open.filter(due_on__gte=today).count()],
            ),
            ("Quá hạn", [late_by[k] for k in keys] + [tasks_open.filter(due_on__lt=today).count()]),
        ],
        tones=("in_time", "late"),
        definition=(
            "Hồ sơ có thời hạn đang chạy (đơn thư, văn bản đến, khen thưởng, đặc xá, luật, điều ước...) "
            "và nhiệm vụ trọng tâm chưa hoàn thành, tính đến hôm nay; quá hạn: đã qua hạn giải quyết mà "
            "chưa xong."
        ),
    )


def deadlines_by_unit(today: date, soon: int = 7) -> Chart:
    """Running time limits due within `soon` days and missed, by the unit that leads the record's handling:
    its lead assignment's unit when it has one (an incoming document is owned by the clerical office that
    registered it and led by the unit it was routed to), else the unit that owns it."""
    due: dict[int, int] = defaultdict(int)
    missed: dict[int, int] = defaultdict(int)
    running = LegalClock.objects.filter(
        stopped_on__isnull=True, object_type__in=MODULES, due_on__isnull=False
    )
    by_type: dict[str, list[tuple[int, date]]] = defaultdict(list)
    for object_type, object_id, due_on in running.filter(
        due_on__lte=today + timedelta(days=soon)
    ).values_list("object_type", "object_id", "due_on"):
        if due_on is not None:
            by_type[object_type].append((object_id, due_on))
    for object_type, rows in by_type.items():
        model = apps.get_model(object_type)
        ids = [pk for pk, _d in rows]
        owners = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "owning_unit_id"))
        owners.update(
            Assignment.objects.filter(
                object_type=object_type,
                object_id__in=ids,
                kind=AssignmentKind.LEAD,
                is_active=True,
                unit__isnull=False,
            ).values_list("object_id", "unit_id")
        )
        for pk, due_on in rows:
            unit_id = owners.get(pk)
            if unit_id is None:
                continue
            (missed if due_on < today else due)[unit_id] += 1
    for unit_id, due_on in KeyTask.objects.filter(
        state__in=("open", "in_progress", "submitted"), due_on__lte=today + timedelta(days=soon)
    ).values_list("owning_unit_id", "due_on"):
        (missed if due_on < today else due)[unit_id] += 1
    units = Unit.objects.in_bulk(set(due) | set(missed))
    order = sorted(units, key=lambda pk: (-missed.get(pk, 0), -due.get(pk, 0), units[pk].name))
    return Chart(
        "deadlines",
        f"Thời hạn đến hạn trong {soon} ngày và đã quá hạn theo đơn vị",
        "bar",
        [units[pk].name for pk in order],  # the unit's full name, not its letters (ĐT, VT)
        [("Đến hạn", [due.get(pk, 0) for pk in order]), ("Quá hạn", [missed.get(pk, 0) for pk in order])],
        tones=("due", "late"),
        definition=(
            f"Thời hạn đang chạy của hồ sơ và nhiệm vụ theo đơn vị chủ trì: đến hạn trong {soon} ngày "
            "tới, hoặc đã quá hạn mà chưa xong."
        ),
    )


def _monthly(queryset: Any, field: str, start: date, end: date) -> dict[date, int]:
    rows = (
        queryset.filter(**{f"{field}__gte": start, f"{field}__lte": end})
        .annotate(m=TruncMonth(field))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    return dict(rows)


def trends(today: date) -> Chart:
    """The last twelve months to today's, the current month marked as counted so far (so its fall is not
    read as a drop)."""
    months: list[date] = []
    year, month = today.year, today.month
    for _ in range(12):
        months.insert(0, date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    start, end = months[0], today
    series = [
        ("Đơn thư tiếp nhận", _monthly(Petition.objects.all(), "received_on", start, end)),
        ("Văn bản đến", _monthly(IncomingDocument.objects.all(), "received_on", start, end)),
        (
            "Văn bản đi ban hành",
            _monthly(OutgoingDocument.objects.filter(state="issued"), "issued_on", start, end),
        ),
        ("Hồ sơ khen thưởng", _monthly(Nomination.objects.all(), "batch__received_on", start, end)),
        ("Nhiệm vụ hoàn thành", _monthly(KeyTask.objects.filter(state="done"), "done_on", start, end)),
    ]
    labels = [f"{m.month}/{m.year}" for m in months]
    labels[-1] += f" (đến {today.day}/{today.month})"
    return Chart(
        "trends",
        "Diễn biến 12 tháng gần nhất",
        "line",
        labels,
        [(name, [counts.get(m, 0) for m in months]) for name, counts in series],
    )


def charts(today: date) -> list[Chart]:
    return [caseload(today), deadlines_by_unit(today), trends(today)]
