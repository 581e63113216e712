"""Starting, pausing, resuming, extending and stopping legal clocks: checked, one transaction, audited on the
record the clock runs on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import rules
from chancery.casework.models import ClockExtension, ClockPause, LegalClock
from chancery.casework.workflow import Case, Effect
from chancery.core import access, audit, selectors
from chancery.core.models import AuditAction, ProtectedRecord
from chancery.core.text import nfc


def _require_change(actor: Any, record: ProtectedRecord) -> None:
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))


def _locked(clock: LegalClock) -> LegalClock:
    return LegalClock.objects.select_for_update().get(pk=clock.pk)


def _locked_running(clock: LegalClock) -> LegalClock:
    """The clock, locked for the change, refused if it has already ended."""
    clock = _locked(clock)
    if clock.stopped_on is not None:
        raise ValidationError(_("This time limit has already ended."))
    return clock


def _record_event(actor: Any, record: ProtectedRecord, clock: LegalClock, message: str) -> None:
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=record, message=f"{clock.label}: {message}")


def read(clock: LegalClock, today: date | None = None) -> rules.ClockReading:
    """The clock's state, due date and days left on `today` (default: today in the office's time zone)."""
    today = today or timezone.localdate()
    facts = clock.facts()
    calendar = selectors.office_calendar(facts.started_on.year, max(today, facts.started_on).year + 2)
    return rules.read_clock(calendar, facts, today)


@transaction.atomic
def start_clock(
    *, actor: Any, record: ProtectedRecord, kind: str, label: str, days: int, unit: str, started_on: date
) -> LegalClock:
    _require_change(actor, record)
    clock = LegalClock(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        kind=kind,
        label=nfc(label),
        unit=rules.ClockUnit(unit),
        days=days,
        started_on=started_on,
    )
    clock.full_clean()
    clock.save()
    _record_event(actor, record, clock, f"started on {started_on:%d/%m/%Y}, {days} {unit} days")
    return clock


@transaction.atomic
def pause_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, paused_on: date, reason: str
) -> LegalClock:
    _require_change(actor, record)
    clock = _locked_running(clock)
    if clock.pauses.filter(resumed_on__isnull=True).exists():
        raise ValidationError(_("This time limit is already paused."))
    if paused_on < clock.started_on or clock.pauses.filter(resumed_on__gt=paused_on).exists():
        raise ValidationError(
            {"paused_on": _("A pause cannot begin before the time limit or an earlier pause.")}
        )
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    ClockPause.objects.create(clock=clock, paused_on=paused_on, reason=nfc(reason))
    _record_event(actor, record, clock, f"paused on {paused_on:%d/%m/%Y}: {nfc(reason)}")
    return clock


@transaction.atomic
def resume_clock(*, actor: Any, record: ProtectedRecord, clock: LegalClock, resumed_on: date) -> LegalClock:
    _require_change(actor, record)
    clock = _locked(clock)
    pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if pause is None:
        raise ValidationError(_("This time limit is not paused."))
    if resumed_on < pause.paused_on:
        raise ValidationError({"resumed_on": _("A time limit cannot resume before it was paused.")})
    pause.resumed_on = resumed_on
    pause.save(update_fields=["resumed_on"])
    _record_event(actor, record, clock, f"resumed on {resumed_on:%d/%m/%Y}")
    return clock


@transaction.atomic
def extend_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, days: int, reason: str
) -> LegalClock:
    """Gia hạn: only the head of the record's unit line or leadership decides an extension."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(
            _("Only the head of the unit or the office's leadership may extend a time limit.")
        )
    clock = _locked_running(clock)
    if days < 1:
        raise ValidationError({"days": _("An extension is at least one day.")})
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    ClockExtension.objects.create(clock=clock, days=days, reason=nfc(reason), decided_by=actor)
    _record_event(actor, record, clock, f"extended by {days} days: {nfc(reason)}")
    return clock


@transaction.atomic
def stop_clock(
    *, actor: Any, record: ProtectedRecord, clock: LegalClock, stopped_on: date, outcome: str
) -> LegalClock:
    _require_change(actor, record)
    clock = _locked_running(clock)
    if stopped_on < clock.started_on:
        raise ValidationError({"stopped_on": _("A time limit cannot end before it started.")})
    open_pause = clock.pauses.filter(resumed_on__isnull=True).first()
    if open_pause is not None:  # an outcome reached during a pause ends the pause that day
        open_pause.resumed_on = max(stopped_on, open_pause.paused_on)
        open_pause.save(update_fields=["resumed_on"])
    clock.stopped_on, clock.outcome = stopped_on, nfc(outcome)
    clock.save(update_fields=["stopped_on", "outcome"])
    _record_event(actor, record, clock, f"ended on {stopped_on:%d/%m/%Y}: {clock.outcome}")
    return clock


@transaction.atomic
def transition(*, actor: Any, case: Case, name: str, data: Mapping[str, Any] | None = None) -> Case:
    """Move a case along its workflow: checked, then state, effects and audit event in one transaction."""
    data = dict(data or {})
    workflow = type(case).workflow
    step = workflow.get(name)
    if step is None:
        raise ValidationError(_("Unknown action: %(name)s.") % {"name": name})
    case = type(case)._default_manager.select_for_update().get(pk=case.pk)
    if case.state not in step.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": step.label, "state": case.state_label}
        )
    if not step.permission(actor, case):
        raise PermissionDenied(_("You may not do “%(action)s” on this case.") % {"action": step.label})
    missing = {
        key: _("This field is required.") for key in step.required if not str(data.get(key, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    if step.guard is not None and (refusal := step.guard(case, data)):
        raise ValidationError(str(refusal))
    before = case.state
    case.state = step.target
    case._transitioning = True
    try:
        case.save(update_fields=["state"])
    finally:
        case._transitioning = False
    audit.record(
        action=AuditAction.TRANSITION,
        actor=actor,
        subject=case,
        changes={"state": {"before": before, "after": step.target}},
        message=str(data.get("reason", ""))[:300],
    )
    for effect in step.effects:
        effect(actor, case, data)
    return case


def starts_clock(kind: str, label: str, days: int, unit: str) -> Effect:
    """A side effect: start the clock `kind` on the case, from the day of the transition."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        on = data.get("on") or timezone.localdate()
        start_clock(actor=actor, record=case, kind=kind, label=label, days=days, unit=unit, started_on=on)

    return effect


def stops_clock(kind: str, outcome: str) -> Effect:
    """A side effect: stop the clock `kind` on the case with this outcome, if it is running."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        clock = LegalClock.objects.filter(
            object_type=audit.object_type_of(case), object_id=case.pk, kind=kind, stopped_on__isnull=True
        ).first()
        if clock is not None:
            on = data.get("on") or timezone.localdate()
            stop_clock(actor=actor, record=case, clock=clock, stopped_on=on, outcome=outcome)

    return effect
