"""Workflow transitions: the only way a case changes state, and the side effects a transition declares
(a clock started or stopped, people notified)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework.models import LegalClock
from chancery.casework.services.clocks import start_clock, stop_clock
from chancery.casework.workflow import Case, Effect
from chancery.core import audit
from chancery.core.models import AuditAction, User
from chancery.core.notifications import notify

C = TypeVar("C", bound=Case)


@transaction.atomic
def transition(*, actor: Any, case: C, name: str, data: Mapping[str, Any] | None = None) -> C:
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


def notifies(kind: str, title: str, *, to: Callable[[Case], Iterable[User]]) -> Effect:
    """A side effect: notify the people `to(case)` returns (only those who may see the case)."""

    def effect(actor: Any, case: Case, data: Mapping[str, Any]) -> None:
        notify(to(case), kind=kind, title=f"{title}: {case}", subject=case)

    return effect
