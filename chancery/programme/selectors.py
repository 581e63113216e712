"""Read queries of the work programme, filtered by the access policy: the task board of a unit or of the
whole office, a task with its updates, programmes, meetings and reports (for those who may read reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from chancery.core import access
from chancery.core.models import Unit

from . import services
from .models import Instruction, KeyTask, Meeting, Programme, Report

OPEN = ("open", "in_progress", "submitted")


def visible_tasks(user: Any) -> QuerySet[KeyTask]:
    return access.visible_records(user, KeyTask.objects.all())


def get_task(user: Any, pk: int) -> KeyTask | None:
    return (
        visible_tasks(user)
        .select_related(
            "owning_unit", "owner", "assigned_by", "programme", "instruction__meeting", "carried_from"
        )
        .prefetch_related("cooperating_units")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    open: int
    late: int
    done: int
    carried: int


def board(
    user: Any, *, unit: Unit | None = None, start: date | None = None, end: date | None = None
) -> list[KeyTask]:
    """The tasks still open (and those closed in the period), the most urgent first."""
    tasks = visible_tasks(user)
    if unit is not None:
        tasks = tasks.filter(owning_unit=unit)
    closed = Q(state__in=("done", "carried_over", "cancelled"))
    if start and end:
        tasks = tasks.filter(Q(state__in=OPEN) | (closed & Q(due_on__gte=start, due_on__lte=end)))
    else:
        tasks = tasks.filter(state__in=OPEN)
    return list(tasks.select_related("owning_unit", "owner").order_by("priority", "due_on", "id")[:500])


def by_unit(user: Any, today: date | None = None) -> list[UnitLine]:
    """The office's board: per lead unit, tasks open, open past their due date, done, carried over."""
    today = today or timezone.localdate()
    rows = (
        visible_tasks(user)
        .values("owning_unit")
        .annotate(
            open=Count("id", filter=Q(state__in=OPEN)),
            late=Count("id", filter=Q(state__in=OPEN, due_on__lt=today)),
            done=Count("id", filter=Q(state="done")),
            carried=Count("id", filter=Q(state="carried_over")),
        )
    )
    units = Unit.objects.in_bulk([r["owning_unit"] for r in rows])
    lines = [
        UnitLine(units[r["owning_unit"]], r["open"], r["late"], r["done"], r["carried"])
        for r in rows
        if r["owning_unit"] in units
    ]
    return sorted(lines, key=lambda line: (-line.late, -line.open, line.unit.name))


def programmes(user: Any) -> QuerySet[Programme]:
    return Programme.objects.select_related("unit").annotate(task_count=Count("tasks")).order_by("-starts_on")


def meetings(user: Any) -> QuerySet[Meeting]:
    if not services.can_report(user):
        return Meeting.objects.none()
    return Meeting.objects.order_by("-held_on", "-id")


def get_meeting(user: Any, pk: int) -> Meeting | None:
    return meetings(user).select_related("conclusions_document").filter(pk=pk).first()


def get_instruction(user: Any, pk: int) -> Instruction | None:
    """An instruction recorded at a meeting, only from a meeting the person may see (its text is the
    meeting's)."""
    return Instruction.objects.filter(pk=pk, meeting__in=meetings(user)).select_related("meeting").first()


def carried_to(user: Any, task: KeyTask) -> KeyTask | None:
    """The task this one was carried over into, if the person may see it."""
    return visible_tasks(user).filter(carried_from=task).first()


def reports(user: Any) -> QuerySet[Report]:
    if not services.can_report(user):
        return Report.objects.none()
    return Report.objects.select_related("created_by").order_by("-starts_on", "-id")


def get_report(user: Any, pk: int) -> Report | None:
    return reports(user).filter(pk=pk).first()
