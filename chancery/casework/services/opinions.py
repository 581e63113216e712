"""Opinions from other units (coordination): asked all at once or one after another, each with its own time
limit, answered by the unit asked, withdrawn while unanswered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import rules
from chancery.casework.models import OpinionMode, OpinionRequest, OpinionStatus
from chancery.casework.services.clocks import MODE_WORDS, start_clock, stop_clock
from chancery.core import access, audit, selectors
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    AuditAction,
    NotificationKind,
    ProtectedRecord,
    SecrecyLevel,
    Unit,
    UnitKind,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc


def grant_unit_access(
    actor: Any,
    record: ProtectedRecord,
    unit: Unit,
    *,
    kind: str = AssignmentKind.COOPERATE,
    due_date: date | None = None,
    note: str = "",
) -> None:
    """Give a unit the record (asked for an opinion, routed a document, sent one): the unit's people may read
    it; a secret record only its heads cleared for it, by name (need to know, not membership)."""
    object_type = audit.object_type_of(record)
    existing = Assignment.objects.filter(object_type=object_type, object_id=record.pk, is_active=True)
    existing.filter(unit=unit, user__isnull=True).update(done_at=None)  # given again: work waiting again
    if not existing.filter(unit=unit).exists():
        Assignment.objects.create(
            object_type=object_type,
            object_id=record.pk,
            unit=unit,
            kind=kind,
            assigned_by=actor,
            due_date=due_date,
            note=note,
        )
    if record.secrecy > SecrecyLevel.NONE:
        for head in selectors.heads_of(unit.pk):
            existing.filter(user=head).update(done_at=None)
            if head.clearance >= record.secrecy and not existing.filter(user=head).exists():
                Assignment.objects.create(
                    object_type=object_type,
                    object_id=record.pk,
                    user=head,
                    kind=kind,
                    assigned_by=actor,
                    due_date=due_date,
                    note=note,
                )


def _open_request(
    actor: Any, record: ProtectedRecord, request: OpinionRequest, on: date, *, system: bool = False
) -> None:
    """Ask the unit now: its time limit starts. `system`: the next unit of a round asked in turn, opened by
    the answer before it as the asker decided, not by the person answering (who may not change the record)."""
    clock = start_clock(
        actor=None if system else actor,
        system=system,
        record=record,
        kind=f"opinion-{request.pk}",
        label=_("Opinion of %(unit)s") % {"unit": request.unit.name},  # its name, never its abbreviation
        days=request.days,
        unit=rules.ClockUnit.WORKING,
        started_on=on,
    )
    request.status, request.clock = OpinionStatus.OPEN, clock
    request.save(update_fields=["status", "clock"])
    # "Việc của tôi" shows the unit's question with its due date
    heads = [head.pk for head in selectors.heads_of(request.unit_id)]
    Assignment.objects.filter(
        Q(unit=request.unit, user__isnull=True) | Q(user_id__in=heads),
        object_type=request.object_type,
        object_id=request.object_id,
        kind=AssignmentKind.CONSULT,
        is_active=True,
    ).update(due_date=clock.due_on)
    notify(
        selectors.heads_of(request.unit_id),
        kind=NotificationKind.OPINION_REQUESTED,
        title=_("Your unit is asked for its opinion on: %(record)s") % {"record": record},
        subject=record,
        key=f"opinion:{request.pk}",
    )


@transaction.atomic
def request_opinions(
    *,
    actor: Any,
    record: ProtectedRecord,
    units: Sequence[Unit],
    question: str,
    days: int | None = None,
    due_on: date | None = None,
    mode: str = OpinionMode.PARALLEL,
    on: date | None = None,
) -> list[OpinionRequest]:
    """Ask other units for their opinion: all at once (parallel) or one after another (sequential), each
    with its own time limit in working days, starting the day a unit is asked. The limit is given as `days`
    or as the date `due_on` by which the first unit asked answers (a working day after today): a unit asked
    in turn later has as many working days from the day it is asked."""
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    on = on or timezone.localdate()
    errors: dict[str, Any] = {}
    if not units:
        errors["units"] = _("Choose at least one unit to ask.")
    elif len({u.pk for u in units}) != len(units):
        errors["units"] = _("A unit is listed twice.")
    elif any(u.kind not in OPINION_UNIT_KINDS for u in units):
        errors["units"] = _(
            "Only a department or a division gives an opinion: the Office and its leadership are not asked."
        )
    elif any(u.pk == record.owning_unit_id for u in units):
        errors["units"] = _("The unit handling the record does not ask itself for an opinion.")
    elif any(not u.is_active for u in units):
        errors["units"] = _("A unit that no longer exists cannot be asked.")
    elif record.secrecy > SecrecyLevel.NONE:
        uncleared = [
            u for u in units if not any(h.clearance >= record.secrecy for h in selectors.heads_of(u.pk))
        ]
        if uncleared:
            errors["units"] = _(
                "No head of %(units)s is cleared for this record's secrecy level: nobody there could read it."
            ) % {"units": ", ".join(u.name for u in uncleared)}
    if not nfc(question):
        errors["question"] = _("Say what the units are asked.")
    if due_on is not None:
        days = _days_until(on, due_on, errors)
    elif days is None:
        errors["due_on"] = _("Give the date by which the units answer.")
    elif not 1 <= days <= MAX_OPINION_DAYS:
        errors["days"] = _("The time to answer is between 1 and 90 working days.")
    if mode not in OpinionMode.values:
        errors["mode"] = _("Choose whether the units answer at once or one after another.")
    if errors:
        raise ValidationError(errors)
    assert days is not None
    object_type = audit.object_type_of(record)
    last_round = (
        OpinionRequest.objects.filter(object_type=object_type, object_id=record.pk)
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
    )
    requests = []
    for position, unit in enumerate(units, start=1):
        request = OpinionRequest.objects.create(
            object_type=object_type,
            object_id=record.pk,
            round=(last_round or 0) + 1,
            position=position,
            mode=mode,
            unit=unit,
            question=nfc(question),
            days=days,
            requested_by=actor,
            status=OpinionStatus.WAITING,
        )
        grant_unit_access(actor, record, unit, kind=AssignmentKind.CONSULT, note=OPINION_NOTE)
        requests.append(request)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        message=f"Xin ý kiến {MODE_WORDS.get(mode, mode)} của " + ", ".join(str(u) for u in units),
    )
    for request in requests if mode == OpinionMode.PARALLEL else requests[:1]:
        _open_request(actor, record, request, on)
    return requests


# The units that give opinions: departments (Vụ, Cục) and divisions (Phòng), never the Office as a whole nor
# its leadership, who decide rather than advise.
OPINION_UNIT_KINDS = (UnitKind.DEPARTMENT, UnitKind.DIVISION)
MAX_OPINION_DAYS = 90


def _days_until(on: date, due_on: date, errors: dict[str, Any]) -> int | None:
    """The working days from `on` to the due date `due_on`, or None with the reason in `errors`: the date
    must be a working day after `on`, at most MAX_OPINION_DAYS working days away."""
    shown = f"{due_on:%d/%m/%Y}"
    if due_on <= on:
        errors["due_on"] = _("The due date %(date)s has passed or is today: give a later date.") % {
            "date": shown
        }
        return None
    days = selectors.working_days_between(on, due_on)
    if days == selectors.working_days_between(on, due_on - timedelta(days=1)):
        errors["due_on"] = _("%(date)s is a day off: give a working day.") % {"date": shown}
        return None
    if days > MAX_OPINION_DAYS:
        errors["due_on"] = _("The due date is more than 90 working days away.")
        return None
    return days


def can_answer(user: Any, request: OpinionRequest, record: ProtectedRecord) -> bool:
    """Members of the asked unit with a working role, and the heads above it, answer for it."""
    viewer = access.viewer_for(user)
    in_unit = viewer.unit_id == request.unit_id or request.unit_id in viewer.headed_unit_ids
    return in_unit and viewer.has_working_role and access.can_view(user, record)


@transaction.atomic
def answer_opinion(
    *, actor: Any, request: OpinionRequest, answer: str, on: date | None = None
) -> OpinionRequest:
    record = selectors.record_for(request.object_type, request.object_id)
    request = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if record is None or not can_answer(actor, request, record):
        raise PermissionDenied(_("Only the unit asked may give this opinion."))
    if request.status == OpinionStatus.WAITING:
        raise ValidationError(_("The units before this one in the round have not answered yet."))
    if request.status != OpinionStatus.OPEN:
        raise ValidationError(_("This request is not awaiting an opinion."))
    if not nfc(answer):
        raise ValidationError({"answer": _("Write the opinion.")})
    on = on or timezone.localdate()
    request.status, request.answer = OpinionStatus.GIVEN, nfc(answer)
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        message=f"{request.unit.name} cho ý kiến (lần xin ý kiến thứ {request.round})",
    )
    if request.clock is not None:
        stop_clock(
            actor=actor,
            record=record,
            clock=request.clock,
            stopped_on=on,
            outcome=_("Opinion given"),
            answering=request,
        )
    notify(
        [request.requested_by],
        kind=NotificationKind.OPINION_GIVEN,
        title=_("%(unit)s gave its opinion on: %(record)s") % {"unit": request.unit, "record": record},
        subject=record,
        key=f"opinion-given:{request.pk}",
    )
    following = (
        OpinionRequest.objects.filter(
            object_type=request.object_type,
            object_id=request.object_id,
            round=request.round,
            status=OpinionStatus.WAITING,
        )
        .order_by("position")
        .first()
    )
    if request.mode == OpinionMode.SEQUENTIAL and following is not None:
        _open_request(None, record, following, on, system=True)
    _opinion_work_done(record, request)
    return request


# The note of the assignment an opinion request gives a unit that had no part in the record before: when
# the unit has answered every request on it, that work leaves its list ("Việc của tôi"), its access stays.
OPINION_NOTE = "Xin ý kiến"


def _opinion_work_done(record: ProtectedRecord, request: OpinionRequest) -> None:
    still_asked = OpinionRequest.objects.filter(
        object_type=request.object_type,
        object_id=request.object_id,
        unit=request.unit,
        status__in=[OpinionStatus.WAITING, OpinionStatus.OPEN],
    )
    if still_asked.exists():
        return
    heads = [head.pk for head in selectors.heads_of(request.unit_id)]
    Assignment.objects.filter(
        Q(unit=request.unit, user__isnull=True) | Q(user_id__in=heads),
        object_type=request.object_type,
        object_id=request.object_id,
        note=OPINION_NOTE,
        is_active=True,
        done_at__isnull=True,
    ).update(done_at=timezone.now())


@transaction.atomic
def withdraw_opinions(*, actor: Any, record: ProtectedRecord, round: int, on: date | None = None) -> int:
    """Withdraw what is still unanswered in a round (the question was settled otherwise): by the person who
    asked, or another who may change the record, never by a unit asked in that round (it answers; it does
    not call the question off)."""
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    on = on or timezone.localdate()
    pending = OpinionRequest.objects.select_for_update().filter(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        round=round,
        status__in=[OpinionStatus.WAITING, OpinionStatus.OPEN],
    )
    asked = OpinionRequest.objects.filter(
        object_type=audit.object_type_of(record), object_id=record.pk, round=round
    )
    viewer = access.viewer_for(actor)
    asked_of_mine = viewer.unit_id is not None and asked.filter(unit_id=viewer.unit_id).exists()
    if asked_of_mine and not asked.filter(requested_by=actor).exists():
        raise PermissionDenied(_("A unit asked for its opinion does not withdraw the request."))
    count = 0
    for request in pending:
        if request.clock is not None:
            stop_clock(actor=actor, record=record, clock=request.clock, stopped_on=on, outcome=_("Withdrawn"))
        request.status = OpinionStatus.WITHDRAWN
        request.save(update_fields=["status"])
        count += 1
    if count:
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=record,
            message=f"Rút {count} yêu cầu xin ý kiến chưa được trả lời",
        )
    return count


def opinions_on(record: ProtectedRecord) -> list[OpinionRequest]:
    return list(
        OpinionRequest.objects.filter(object_type=audit.object_type_of(record), object_id=record.pk)
        .select_related("unit", "requested_by", "answered_by", "clock")
        .order_by("round", "position")
    )
