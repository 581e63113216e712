"""Assignments: a record given to a person or a unit, taken back, its work marked done; a view of a
protected record noted in the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import access, audit, selectors
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    AuditAction,
    NotificationKind,
    ProtectedRecord,
    Unit,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc


@transaction.atomic
def assign_record(
    *,
    actor: Any,
    record: ProtectedRecord,
    user: User | None = None,
    unit: Unit | None = None,
    kind: str = AssignmentKind.HANDLE,
    due_date: date | None = None,
    note: str = "",
) -> Assignment:
    """Give a record to a person or a unit (giao việc); only the head of its unit line or leadership may."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    if user is None and unit is None:
        raise ValidationError(_("Choose a person or a unit to assign the record to."))
    if user is not None and record.secrecy > user.clearance:
        raise ValidationError(
            {
                "user": _("%(name)s does not have the clearance for a record at this secrecy level.")
                % {"name": user}
            }
        )
    assignment = Assignment.objects.create(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        user=user,
        unit=unit,
        kind=AssignmentKind(kind),
        assigned_by=actor,
        due_date=due_date,
        note=nfc(note),
    )
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={
            "assigned_to": {"before": None, "after": str(user or unit)},
            "kind": {"before": None, "after": kind},
        },
    )
    notify(
        [user] if user is not None else selectors.heads_of(unit.pk if unit else None),
        kind=NotificationKind.ASSIGNED,
        title=_("Assigned to you: %(record)s") % {"record": record}
        if user is not None
        else _("Assigned to your unit: %(record)s") % {"record": record},
        subject=record,
    )
    return assignment


@transaction.atomic
def end_assignment(*, actor: Any, assignment: Assignment, record: ProtectedRecord) -> None:
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    Assignment.objects.filter(pk=assignment.pk).update(is_active=False)
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={"assigned_to": {"before": str(assignment.user or assignment.unit), "after": None}},
    )


def work_done(record: models.Model, *, user: Any = None, unit: Any = None, done: bool = True) -> int:
    """Mark the part of a person (by name) or a unit in a record done, or waiting again (`done=False`, given
    the record again): their assignments stay, and with them their access; "Việc của tôi" lists only the
    work still waiting (core.selectors._open_work). Returns how many assignments changed."""
    mine = Assignment.objects.filter(
        object_type=record._meta.label_lower, object_id=record.pk, is_active=True
    )
    if user is not None:
        mine = mine.filter(user=user)
    elif unit is not None:
        mine = mine.filter(unit=unit, user__isnull=True)
    else:
        return 0
    if done:
        return mine.filter(done_at__isnull=True).update(done_at=timezone.now())
    return mine.filter(done_at__isnull=False).update(done_at=None)


def record_view(*, actor: Any, record: models.Model) -> None:
    """Note that a person opened a protected record: every access to a secret is to be traceable."""
    audit.record(action=AuditAction.VIEW, actor=actor, subject=record)
