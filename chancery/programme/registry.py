"""What the programme module offers the rest of Chancery: the list of key tasks (filters, sort, export, the
API's /api/v1/lists/key-tasks/) and key tasks as records to link."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from chancery.casework import lists

from . import rules
from .models import KeyTask

TASK_LIST = lists.CaseList(
    key="key-tasks",
    model=KeyTask,
    title=_("Key tasks"),
    columns=(
        lists.Column("title", _("Task"), link=True),
        lists.Column(
            "owning_unit", _("Lead unit"), value=lambda t: t.owning_unit.short_name or t.owning_unit
        ),
        lists.Column("due_on", _("Due on"), sortable=True),
        lists.Column("priority", _("Priority"), sortable=True, value=lambda t: t.get_priority_display()),
        lists.Column("progress", _("Progress (%)")),
        lists.Column("state", _("State"), value=lambda t: t.state_label),
        lists.Column("done_on", _("Done on")),
    ),
    filters=(
        lists.state_filter(KeyTask),
        lists.unit_filter("unit", _("Lead unit")),
        lists.choice_filter("priority", _("Priority"), [(str(k), v) for k, v in rules.PRIORITY_CHOICES]),
        lists.choice_filter("source", _("Source"), rules.SOURCE_CHOICES),
        lists.date_filter("due", _("Due"), lookup="due_on"),
    ),
    default_sort="due_on",
    related=("owning_unit",),
    detail_url=lambda t: t.get_absolute_url(),
)


def _task_named(user: Any, text: str) -> Any:
    from chancery.core import access

    return access.visible_records(user, KeyTask.objects.filter(title__icontains=text.strip())).first()


def register_all() -> None:
    from chancery.core import links

    lists.register(TASK_LIST)
    links.register(links.LinkKind("key-task", _("Key task"), KeyTask, _task_named, lambda t: t.title))
