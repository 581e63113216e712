"""Reassignment (chuyển giao): one assignment ended and the record given to another person or unit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core import services as core_services
from chancery.core.models import Assignment, ProtectedRecord, Unit, User
from chancery.core.text import nfc


@transaction.atomic
def reassign(
    *,
    actor: Any,
    record: ProtectedRecord,
    assignment: Assignment,
    user: User | None = None,
    unit: Unit | None = None,
    reason: str,
) -> Assignment:
    """Chuyển giao: end one assignment and give the record to another person or unit, in one step."""
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the reassignment.")})
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_active or assignment.object_id != record.pk:
        raise ValidationError(_("This assignment has already ended."))
    core_services.end_assignment(actor=actor, assignment=assignment, record=record)
    return core_services.assign_record(
        actor=actor, record=record, user=user, unit=unit, kind=assignment.kind, note=nfc(reason)
    )
