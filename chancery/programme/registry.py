"""What the programme module offers the rest of Chancery: the list of key tasks (filters, sort, export, the
API's /api/v1/lists/key-tasks/) and key tasks as records to link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.casework import lists, queues
from chancery.core import access
from chancery.core.models import RoleCode

from . import rules
from .models import KeyTask

UNFINISHED = ("open", "in_progress", "submitted")
OUTCOMES = {
    "due": (_("Due (not cancelled)"), lambda q: q.exclude(state="cancelled")),
    "on_time": (_("Done on time"), lambda q: q.filter(state="done", done_on__lte=F("due_on"))),
    "late": (_("Done late"), lambda q: q.filter(state="done", done_on__gt=F("due_on"))),
    "unfinished": (_("Not finished"), lambda q: q.filter(state__in=UNFINISHED)),
    "overdue": (
        _("Past the due date, not finished"),
        lambda q: q.filter(state__in=UNFINISHED, due_on__lt=timezone.localdate()),
    ),
}


def _outcome_filter() -> lists.Filter:
    """How a task ended against its due date, as the reports count it (each report figure opens its list)."""

    def fields() -> dict[str, forms.Field]:
        options = [("", _("All")), *((k, label) for k, (label, _q) in OUTCOMES.items())]
        return {"outcome": forms.ChoiceField(label=_("Outcome"), choices=options, required=False)}

    def apply(queryset: QuerySet[Any], data: Any, user: Any) -> QuerySet[Any]:
        chosen = OUTCOMES.get(data.get("outcome") or "")
        return chosen[1](queryset) if chosen else queryset

    return lists.Filter("outcome", fields, apply)


TASK_LIST = lists.CaseList(
    key="key-tasks",
    model=KeyTask,
    title=_("Key tasks"),
    columns=(
        lists.Column("title", _("Task"), link=True),
        lists.Column("owning_unit", _("Lead unit"), value=lambda t: t.owning_unit.name),
        lists.Column("due_on", _("Due on"), sortable=True),
        lists.Column("priority", _("Priority"), sortable=True, value=lambda t: t.get_priority_display()),
        lists.Column("progress", _("Progress (%)")),
        lists.Column("state", _("State"), value=lambda t: t.state_label),
        lists.Column("done_on", _("Done on")),
    ),
    filters=(
        lists.state_filter(KeyTask),
        _outcome_filter(),
        lists.unit_filter("unit", _("Lead unit")),
        lists.choice_filter("priority", _("Priority"), [(str(k), v) for k, v in rules.PRIORITY_CHOICES]),
        lists.choice_filter("source", _("Source"), rules.SOURCE_CHOICES),
        lists.date_filter("due", _("Due"), lookup="due_on"),
    ),
    default_sort="due_on",
    related=("owning_unit",),
    # a key task's time limit is its own due date (a column, sortable, and the filters above), not a legal
    # clock: the list's clock column would be a second, empty "Hạn xử lý" (the examiner of issue 26)
    deadlines=False,
    detail_url=lambda t: t.get_absolute_url(),
)


def _task_named(user: Any, text: str) -> Any:
    from chancery.core import access

    return access.visible_records(user, KeyTask.objects.filter(title__icontains=text.strip())).first()


QUEUES = (
    queues.Queue(
        "tasks-to-assess",
        _("Key tasks whose output awaits assessment"),
        TASK_LIST.key,
        {"state": "submitted"},
        audience=lambda user: bool(
            access.viewer_for(user).roles & {RoleCode.LEADERSHIP, RoleCode.HEAD_OF_UNIT}
        ),
        order=50,
    ),
    queues.Queue(
        "tasks-unit-overdue",
        _("Key tasks of my unit past their due date"),
        TASK_LIST.key,
        {"scope": "unit", "outcome": "overdue"},
        late=True,
        order=51,
    ),
)


def register_all() -> None:
    from chancery.core import links

    lists.register(TASK_LIST)
    queues.register(*QUEUES)
    links.register(links.LinkKind("key-task", _("Key task"), KeyTask, _task_named, lambda t: t.title))
