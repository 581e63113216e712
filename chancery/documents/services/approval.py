"""Outgoing documents, the approval circuit: submit to the steps in order or together, approve or return."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.core import audit
from chancery.core import services as core_services
from chancery.core.models import (
    AuditAction,
    NotificationKind,
    RoleCode,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc
from chancery.documents import rules
from chancery.documents.models import (
    ApprovalStep,
    OutgoingDocument,
)
from chancery.documents.services.common import _require_change, _require_view
from chancery.documents.services.drafting import _assign_person, current_version

# --- the approval circuit -----------------------------------------------------------------------------------


def _circuit(document: OutgoingDocument, steps: Sequence[ApprovalStep]) -> dict[str, Any]:
    """A round's steps as rules.advance and rules.signer_may_decide read them: (position, status), and the
    position of the signer's step (submit_for_approval puts the signer last)."""
    signer = [s.position for s in steps if s.reviewer_id == document.signer_id]
    return {
        "steps": [(s.position, rules.StepStatus(s.status)) for s in steps],
        "signer": max(signer) if signer else None,
    }


def _open_steps(actor: Any, document: OutgoingDocument, steps: Iterable[ApprovalStep]) -> None:
    """The steps' reviewers are asked; each has it on their list as given by its drafter, who submitted it
    with its circuit (not by the reviewer before them, whose approval only opened the step)."""
    for step in steps:
        step.status = rules.StepStatus.OPEN
        step.version = current_version(document)
        step.save(update_fields=["status", "version"])
        _assign_person(document.drafted_by or actor, document, step.reviewer)
        notify(
            [step.reviewer],
            kind=NotificationKind.OPINION_REQUESTED,
            title=_("A draft awaits your review: %(record)s") % {"record": document},
            subject=document,
        )


def reviewers_for(document: OutgoingDocument) -> QuerySet[User]:
    """Who may be asked to review a draft (trình duyệt, NĐ 30/2020 Art. 10): the heads of the unit that drafts
    it and of the units above it, who answer for its content and see the unit's records (core.access, rule 5),
    and the Office's leadership, who see every record; active, never its drafter. The signer approves last
    whoever signs (submit_for_approval adds them). Anyone else gives an opinion when consulted, not an
    approval: the examiner of issue 26 was offered every member of staff."""
    from chancery.documents.selectors import office_signers

    units: set[int] = set()
    for unit in (document.drafted_by.unit if document.drafted_by else None, document.owning_unit):
        while unit is not None and unit.pk not in units:
            units.add(unit.pk)
            unit = unit.parent
    heads = Q(unit_id__in=units, roles__code=RoleCode.HEAD_OF_UNIT)
    return (
        User.objects.filter(heads | Q(pk__in=office_signers().values("pk")), is_active=True)
        .exclude(pk=document.drafted_by_id)
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def submit_for_approval(
    *,
    actor: Any,
    document: OutgoingDocument,
    reviewers: Sequence[User],
    mode: str = rules.CircuitMode.SEQUENTIAL,
) -> list[ApprovalStep]:
    """Trình duyệt — the draft goes to its reviewers, one after another or all at once. The person who will
    sign it approves last: a draft is approved by the one competent to sign it (NĐ 30/2020 Art. 11)."""
    _require_change(actor, document)
    if mode not in {m.value for m in rules.CircuitMode}:
        raise ValidationError({"mode": _("Choose how the reviewers are asked.")})
    if document.signer is None:
        raise ValidationError({"signer": _("Name who will sign the document before submitting it.")})
    allowed = set(reviewers_for(document).values_list("pk", flat=True))
    for person in reviewers:
        if person.pk not in allowed and person.pk != document.signer_id:
            raise ValidationError(
                {
                    "reviewers": _(
                        "%(name)s may not review this draft: a draft is reviewed by the heads of its "
                        "drafting unit and the Office's leadership."
                    )
                    % {"name": person}
                }
            )
    people: list[User] = []
    for person in [*reviewers, document.signer]:
        if person.pk not in {p.pk for p in people}:
            people.append(person)
    people = [p for p in people if p.pk != document.signer_id] + [document.signer]
    for person in people:
        if not person.is_active:
            raise ValidationError({"reviewers": _("%(name)s is no longer active.") % {"name": person}})
        if person.clearance < document.secrecy:
            raise ValidationError(
                {"reviewers": _("%(name)s does not have the clearance for this document.") % {"name": person}}
            )
    if current_version(document) is None:
        raise ValidationError(_("The draft has no file yet."))
    casework.transition(actor=actor, case=document, name="submit")
    last = document.approval_steps.order_by("-round").first()
    round_number = (last.round if last else 0) + 1
    steps = [
        ApprovalStep.objects.create(
            document=document,
            round=round_number,
            position=position,
            mode=mode,
            reviewer=person,
            status=rules.StepStatus.WAITING,
        )
        for position, person in enumerate(people, start=1)
    ]
    outcome = rules.advance(rules.CircuitMode(mode), **_circuit(document, steps))
    # with its reviewers now: off the drafter's list until it comes back (returned, or approved to be sent
    # for signature); a drafter who reviews it too finds it again when their step opens
    core_services.work_done(document, user=document.drafted_by)
    _open_steps(actor, document, [s for s in steps if s.position in outcome.to_open])
    return steps


def open_step_of(user: Any, document: OutgoingDocument) -> ApprovalStep | None:
    """The step of the current round this person must decide now, if any."""
    return (
        document.approval_steps.filter(reviewer_id=getattr(user, "pk", None), status=rules.StepStatus.OPEN)
        .order_by("-round", "position")
        .first()
    )


@transaction.atomic
def decide_step(
    *, actor: Any, document: OutgoingDocument, approve: bool, comment: str = ""
) -> OutgoingDocument:
    """A reviewer approves the draft or returns it for revision with a comment (NĐ 30/2020 Art. 10.3). When
    every step is approved the draft is approved; when one returns it, it goes back to drafting."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    _require_view(actor, document)
    step = open_step_of(actor, document)
    last = document.approval_steps.order_by("-round").first()
    round_steps = list(document.approval_steps.filter(round=last.round)) if last else []
    circuit = _circuit(document, round_steps)
    mine = [s for s in round_steps if s.reviewer_id == getattr(actor, "pk", None)]
    if (
        document.state == "reviewing"
        and circuit["signer"] is not None
        and any(s.position == circuit["signer"] for s in mine)
        and not rules.signer_may_decide(circuit["steps"], circuit["signer"])
    ):
        raise ValidationError(_("The signer approves last: every reviewer must approve the draft first."))
    if step is None or document.state != "reviewing":
        raise ValidationError(_("This draft is not awaiting your review."))
    if not approve and not nfc(comment):
        raise ValidationError({"comment": _("Say what must be revised.")})
    step.status = rules.StepStatus.APPROVED if approve else rules.StepStatus.RETURNED
    step.comment, step.decided_at = nfc(comment), timezone.now()
    step.save(update_fields=["status", "comment", "decided_at"])
    audit.record(
        action=AuditAction.REVIEW,
        actor=actor,
        subject=document,
        changes={
            # a step is not a field of the document: its line is written as staff read it
            f"Ý kiến duyệt của {actor} (lần trình {step.round})": {
                "before": str(_("Awaiting review")),
                "after": str(step.get_status_display()),
            }
        },
        message=step.comment[:300],
    )
    steps = list(document.approval_steps.filter(round=step.round))
    outcome = rules.advance(rules.CircuitMode(step.mode), **_circuit(document, steps))
    ApprovalStep.objects.filter(document=document, round=step.round, position__in=outcome.to_cancel).update(
        status=rules.StepStatus.CANCELLED
    )
    _open_steps(actor, document, [s for s in steps if s.position in outcome.to_open])
    core_services.work_done(document, user=actor)  # the reviewer's part is done; a cancelled step's too
    for cancelled in (s for s in steps if s.position in outcome.to_cancel):
        core_services.work_done(document, user=cancelled.reviewer)
    if outcome.returned or outcome.complete:  # back with its drafter: to revise, or to send for signature
        core_services.work_done(document, user=document.drafted_by, done=False)
    if outcome.returned:
        casework.transition(actor=actor, case=document, name="return", data={"reason": step.comment})
        notify(
            [document.drafted_by],
            kind=NotificationKind.OPINION_GIVEN,
            title=_("Draft returned for revision: %(record)s") % {"record": document},
            subject=document,
        )
    elif outcome.complete:
        casework.transition(actor=actor, case=document, name="approve")
        notify(
            [document.drafted_by],
            kind=NotificationKind.OPINION_GIVEN,
            title=_("Draft approved: %(record)s") % {"record": document},
            subject=document,
        )
    document = OutgoingDocument.objects.get(pk=document.pk)
    return document
