"""Every write on official documents. Incoming: register, route to a lead unit and cooperating units with a
time limit, record each unit's handling, close with the outcome or the answer, return to the sender.
Outgoing: draft (from the template, in versions), submit to an approval circuit, approve or return, send for
signature (a number is reserved), issue (the number is confirmed), send to units and agencies; a reserved
number that is not used is cancelled and stays in the register.

One transaction each, checked against the access policy, audited. Audit messages and notifications name a
document by its number only (`__str__`): the summary of a secret document never leaves its record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import access, audit, selectors
from chancery.core import services as core_services
from chancery.core.models import (
    Agency,
    Assignment,
    AssignmentKind,
    AuditAction,
    NotificationKind,
    RoleCode,
    SecrecyLevel,
    Unit,
    UnitKind,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import fold, nfc, nfc_lines
from chancery.documents import rules
from chancery.documents.models import (
    TYPE_CHOICES,
    ApprovalStep,
    Dispatch,
    DispatchStatus,
    DocumentNumber,
    DraftVersion,
    HandlingNote,
    IncomingDocument,
    Medium,
    NumberStatus,
    OutgoingDocument,
    SignatureVerification,
    UrgencyLevel,
)

HANDLING_CLOCK = "handling"
PRESENTATION_CLOCK = "presentation"
_TYPES = {code for code, _name in TYPE_CHOICES}


def clerical_unit() -> Unit:
    """The unit that keeps the registers (Văn thư cơ quan); settings.CHANCERY_CLERICAL_UNIT names it."""
    code = settings.CHANCERY_CLERICAL_UNIT
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ValidationError(
            _("The unit that keeps the registers (%(code)s) does not exist; set CHANCERY_CLERICAL_UNIT.")
            % {"code": code}
        )
    return unit


def _roles(user: Any) -> frozenset[str]:
    viewer = access.viewer_for(user)
    return viewer.roles if viewer.is_active else frozenset()


def can_register(user: Any) -> bool:
    return bool(_roles(user) & {RoleCode.CLERK, RoleCode.LEADERSHIP})


def can_route(user: Any, document: IncomingDocument) -> bool:
    """Routing is the leadership's direction (NĐ 30/2020 Art. 23.2)."""
    return RoleCode.LEADERSHIP in _roles(user) and access.can_view(user, document)


def can_draft(user: Any) -> bool:
    return bool(_roles(user) & {RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP})


def _require_view(actor: Any, record: Any) -> None:
    if not access.can_view(actor, record):
        raise PermissionDenied(_("You may not see this document."))


def _require_change(actor: Any, record: Any) -> None:
    if not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this document."))


def _check_clearance(actor: Any, secrecy: int) -> None:
    """Nobody registers or drafts a document above their own clearance: they could not see it afterwards."""
    if secrecy not in SecrecyLevel.values:
        raise ValidationError({"secrecy": _("Choose a secrecy level.")})
    if secrecy > access.viewer_for(actor).clearance:
        raise ValidationError(
            {"secrecy": _("Your clearance does not allow a document at this secrecy level.")}
        )


def _calendar_from(day: date) -> Any:
    return selectors.office_calendar(day.year, day.year + 1)


# --- digital signatures ----------------------------------------------------------------------------------


def record_signatures(record: Any, content: bytes, *, sha256: str, name: str) -> list[SignatureVerification]:
    """Check the signatures of a stored PDF and keep the result beside the record (an unreadable or unsigned
    file keeps none: the page says the file is not signed)."""
    from chancery.documents import signing

    if not content.startswith(b"%PDF-"):
        return []
    try:
        found = signing.check(content)
    except ValidationError:
        return []
    return SignatureVerification.objects.bulk_create(
        SignatureVerification(
            object_type=audit.object_type_of(record),
            object_id=record.pk,
            sha256=sha256,
            file_name=name[:255],
            signer=check.signer[:300],
            signed_at=check.signed_at,
            intact=check.intact,
            valid=check.valid,
            trusted=check.trusted,
            whole_file=check.whole_file,
            summary=check.summary[:300],
        )
        for check in found
    )


# --- incoming documents -------------------------------------------------------------------------------------


@dataclass
class IncomingData:
    received_on: date
    sender_name: str
    doc_type: str
    summary: str
    sender: Agency | None = None
    reference: str = ""
    issued_on: date | None = None
    signer: str = ""
    urgency: int = UrgencyLevel.NORMAL
    secrecy: int = SecrecyLevel.NONE
    pages: int = 1
    medium: str = Medium.PAPER
    exchange_id: str = ""
    reply_by: date | None = None


def _check_incoming(data: IncomingData, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.received_on > today:
        errors["received_on"] = _("The date received cannot be in the future.")
    if data.issued_on and data.issued_on > data.received_on:
        errors["issued_on"] = _("A document cannot be dated after the day it was received.")
    if not nfc(data.sender_name) and data.sender is None:
        errors["sender_name"] = _("Name the sender.")
    if data.doc_type not in _TYPES:
        errors["doc_type"] = _("Choose the type of document.")
    if not nfc(data.summary):
        errors["summary"] = _("Give the summary of the document.")
    if data.urgency not in UrgencyLevel.values:
        errors["urgency"] = _("Choose the urgency.")
    if data.pages < 1:
        errors["pages"] = _("A document has at least one page.")
    if data.medium not in Medium.values:
        errors["medium"] = _("Choose how the document was received.")
    return errors


@transaction.atomic
def register_incoming(
    *, actor: Any, data: IncomingData, attachments: Iterable[Any] = (), owning_unit: Unit | None = None
) -> IncomingDocument:
    """Vào sổ văn bản đến — the next arrival number of the year in the register for the document's secrecy
    (NĐ 30/2020 Art. 22; a secret document in the secret register), its files with their checksums, and the
    time limit to present it: the same day if urgent, else by the next working day (Art. 23)."""
    if actor is not None and not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    errors = _check_incoming(data, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    if actor is not None:
        _check_clearance(actor, data.secrecy)
    if data.exchange_id and IncomingDocument.objects.filter(exchange_id=data.exchange_id).exists():
        raise ValidationError(_("This exchange message has already been registered."))
    series = rules.incoming_series(data.secrecy)
    number, _text = core_services.take_number(code=series.code, on=data.received_on, name=series.name)
    document = IncomingDocument(
        owning_unit=owning_unit or clerical_unit(),
        secrecy=data.secrecy,
        series=series.code,
        year=data.received_on.year,
        arrival_number=number,
        received_on=data.received_on,
        medium=data.medium,
        sender=data.sender,
        sender_name=nfc(data.sender_name) or (data.sender.name if data.sender else ""),
        reference=nfc(data.reference),
        issued_on=data.issued_on,
        doc_type=data.doc_type,
        summary=nfc(data.summary)[:500],
        folded_summary=fold(data.summary)[:500],
        signer=nfc(data.signer),
        urgency=data.urgency,
        pages=data.pages,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
        exchange_id=data.exchange_id,
        reply_by=data.reply_by,
    )
    document.full_clean()
    document.save()
    if data.secrecy and getattr(actor, "is_authenticated", False):
        _assign_person(actor, document, actor)  # the clerk keeping the secret register keeps sight of it
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=document,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(document).items()},
    )
    # Presented for direction the day it arrives, at the latest the next working day (rules.PRESENTATION,
    # NĐ 30/2020 Art. 23); an urgent one at once: the leadership is told now and it heads every list. The law
    # starts this clock on registration, whoever registers (the clerk, an exchange message): a system start.
    casework.start_clock(
        actor=None,
        record=document,
        kind=PRESENTATION_CLOCK,
        label=_("Present for direction"),
        unit=rules.PRESENTATION.unit,
        days=rules.PRESENTATION.days,
        started_on=data.received_on,
        system=True,
    )
    for stored in core_services.attach_files(
        actor=actor, record=document, files=list(attachments), registering=True
    ):
        if stored.content_type == "application/pdf":  # a signed PDF's signatures are checked on receipt
            with stored.file.open("rb") as handle:
                record_signatures(document, handle.read(), sha256=stored.sha256, name=stored.name)
    if data.urgency > UrgencyLevel.NORMAL:
        notify(
            User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct(),
            kind=NotificationKind.ASSIGNED,
            title=_("Urgent document received: %(record)s") % {"record": document},
            subject=document,
        )
    return document


@dataclass
class Routing:
    lead_unit: Unit
    cooperating_units: Sequence[Unit] = ()
    direction: str = ""
    days: int | None = None  # working days to handle it; None: the urgency's default
    handler: User | None = None  # a person named to handle it, when the leader names one


def _stop_clocks(actor: Any, record: Any, on: date, outcome: str, kind: str | None = None) -> None:
    clocks = LegalClock.objects.filter(
        object_type=audit.object_type_of(record), object_id=record.pk, stopped_on__isnull=True
    )
    for clock in clocks.filter(kind=kind) if kind else clocks:
        casework.stop_clock(
            actor=actor, record=record, clock=clock, stopped_on=max(on, clock.started_on), outcome=outcome
        )


WORKING_UNIT_KINDS = frozenset({UnitKind.DEPARTMENT, UnitKind.DIVISION})  # not the Office, not its leadership


def working_units() -> Any:
    """The units a document is routed to: the active departments and divisions, in the Office's order."""
    return Unit.objects.filter(is_active=True, kind__in=WORKING_UNIT_KINDS).order_by("sort_order", "name")


@transaction.atomic
def route_incoming(
    *, actor: Any, document: IncomingDocument, routing: Routing, on: date | None = None
) -> IncomingDocument:
    """Ý kiến chỉ đạo — the leadership gives the document to a lead unit and cooperating units with a time
    limit (NĐ 30/2020 Art. 23.2): each unit gets the document (a secret one only its cleared heads), the
    handling clock starts. Routing again replaces the units and the time limit."""
    on = on or timezone.localdate()
    if not can_route(actor, document):
        raise PermissionDenied(_("Only the Office's leadership routes documents."))
    if routing.lead_unit in routing.cooperating_units:
        raise ValidationError({"cooperating_units": _("The lead unit cannot also be a cooperating unit.")})
    refused: dict[str, str] = {}  # each under its own field: the lead unit's error is the lead unit's
    for field, units in (
        ("lead_unit", [routing.lead_unit]),
        ("cooperating_units", routing.cooperating_units),
    ):
        not_units = [u for u in units if u.kind not in WORKING_UNIT_KINDS or not u.is_active]
        if not_units:
            refused[field] = _(
                "A document is handled by the Office's departments and divisions: %(names)s cannot handle it."
            ) % {
                "names": ", ".join(
                    str(u) if u.is_active else f"{u} ({_('a unit no longer active')})" for u in not_units
                )
            }
    if refused:
        raise ValidationError(refused)
    if routing.days is not None and routing.days < 1:
        raise ValidationError({"days": _("The time to handle it is at least one working day.")})
    if routing.handler is not None and routing.handler.clearance < document.secrecy:
        raise ValidationError(
            {
                "handler": _("%(name)s does not have the clearance for this document.")
                % {"name": routing.handler}
            }
        )
    if on < document.received_on:
        raise ValidationError({"on": _("A document is routed after it is received.")})
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    overrides = getattr(settings, "CHANCERY_DOCUMENT_HANDLING_DAYS", None)
    handling = rules.handling_clock(rules.Urgency(document.urgency), overrides, routing.days)
    object_type = audit.object_type_of(document)
    for old in Assignment.objects.filter(
        object_type=object_type,
        object_id=document.pk,
        is_active=True,
        kind__in=[AssignmentKind.LEAD, AssignmentKind.COOPERATE],
    ):
        core_services.end_assignment(actor=actor, assignment=old, record=document)
    _stop_clocks(actor, document, on, _("Routed"))
    document = casework.transition(
        actor=actor, case=document, name="route", data={"reason": routing.direction}
    )
    before = audit.snapshot(document)
    earlier = LegalClock.objects.filter(
        object_type=object_type, object_id=document.pk, kind__startswith=HANDLING_CLOCK
    ).count()
    clock = casework.start_clock(
        actor=actor,
        record=document,
        kind=HANDLING_CLOCK if not earlier else f"{HANDLING_CLOCK}-{earlier + 1}",
        label=_("Handle the document"),
        days=handling.days,
        unit=handling.unit,
        started_on=on,
    )
    document.direction, document.routed_by, document.routed_on = nfc(routing.direction), actor, on
    # the sender's date for an answer, when sooner than the rule's, is the day handling is due by
    document.due_on = (
        min(clock.due_on, document.reply_by) if document.reply_by and clock.due_on else clock.due_on
    )
    document.save(update_fields=["direction", "routed_by", "routed_on", "due_on"])
    casework.grant_unit_access(
        actor, document, routing.lead_unit, kind=AssignmentKind.LEAD, due_date=document.due_on
    )
    for unit in routing.cooperating_units:
        casework.grant_unit_access(
            actor, document, unit, kind=AssignmentKind.COOPERATE, due_date=document.due_on
        )
    if routing.handler is not None:
        Assignment.objects.create(
            object_type=object_type,
            object_id=document.pk,
            user=routing.handler,
            kind=AssignmentKind.LEAD,
            assigned_by=actor,
            due_date=document.due_on,
        )
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=document,
        changes=audit.diff(before, audit.snapshot(document))
        | {
            "lead_unit": {"before": None, "after": str(routing.lead_unit)},
            "cooperating_units": {"before": None, "after": [str(u) for u in routing.cooperating_units]},
        },
    )
    people = [routing.handler] if routing.handler else []
    for unit in (routing.lead_unit, *routing.cooperating_units):
        people.extend(selectors.heads_of(unit.pk))
    notify(
        people,
        kind=NotificationKind.ASSIGNED,
        title=_("Document routed to your unit: %(record)s") % {"record": document},
        subject=document,
    )
    return document


def _routed_units(document: IncomingDocument) -> set[int]:
    return set(
        Assignment.objects.filter(
            object_type=audit.object_type_of(document),
            object_id=document.pk,
            is_active=True,
            unit__isnull=False,
            kind__in=[AssignmentKind.LEAD, AssignmentKind.COOPERATE],
        ).values_list("unit_id", flat=True)
    )


@transaction.atomic
def record_handling(
    *, actor: Any, document: IncomingDocument, note: str, is_done: bool = False, unit: Unit | None = None
) -> HandlingNote:
    """A unit's handling of a routed document, in its own words; "done" marks its part finished."""
    _require_change(actor, document)
    document = IncomingDocument.objects.get(pk=document.pk)
    if document.state != "routed":
        raise ValidationError(_("Handling is recorded on a document that has been routed and not closed."))
    if not nfc(note):
        raise ValidationError({"note": _("Say what was done.")})
    unit = unit or actor.unit
    if unit is None or unit.pk not in _routed_units(document):
        raise ValidationError({"unit": _("The document was not routed to this unit.")})
    if actor.unit_id != unit.pk and RoleCode.LEADERSHIP not in _roles(actor):
        raise PermissionDenied(_("You may record handling only for your own unit."))
    entry = HandlingNote.objects.create(
        document=document, unit=unit, author=actor, note=nfc(note), is_done=is_done
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes={
            "handling": {
                "before": None,
                "after": f"{unit.short_name or unit.name}: "
                + ("đã xong phần việc" if is_done else "ghi nhận tình hình xử lý"),
            }
        },
    )
    if is_done:  # the unit's part is done: off its list and its people's (they keep their access)
        core_services.work_done(document, unit=unit)
        for person in Assignment.objects.filter(
            object_type=audit.object_type_of(document), object_id=document.pk, is_active=True, user__unit=unit
        ).values_list("user", flat=True):
            core_services.work_done(document, user=person)
    return entry


def can_close(actor: Any, document: IncomingDocument) -> bool:
    """The lead unit (or the leadership) closes a routed document; a cooperating unit records its part."""
    return access.can_change(actor, document) and (
        _is_lead(actor, document) or RoleCode.LEADERSHIP in _roles(actor)
    )


def _is_lead(actor: Any, document: IncomingDocument) -> bool:
    object_type = audit.object_type_of(document)
    lead = Assignment.objects.filter(
        object_type=object_type, object_id=document.pk, is_active=True, kind=AssignmentKind.LEAD
    )
    return lead.filter(user=actor).exists() or (
        actor.unit_id is not None and lead.filter(unit_id=actor.unit_id).exists()
    )


@transaction.atomic
def close_incoming(
    *,
    actor: Any,
    document: IncomingDocument,
    outcome: str,
    answer: OutgoingDocument | None = None,
    on: date | None = None,
) -> IncomingDocument:
    """Kết thúc — the lead unit (or the leadership) closes the document with its outcome, or with the outgoing
    document that answers it; the handling clock stops (on time or late stays on the clock)."""
    on = on or timezone.localdate()
    _require_change(actor, document)
    if not (_is_lead(actor, document) or RoleCode.LEADERSHIP in _roles(actor)):
        raise PermissionDenied(_("Only the lead unit or the leadership closes a routed document."))
    if answer is not None:
        _require_view(actor, answer)
        if answer.state != "issued":
            raise ValidationError({"answer": _("The answer must be an issued document.")})
    outcome = nfc(outcome) or (
        _("Answered by document %(number)s") % {"number": answer.number_text} if answer else ""
    )
    if not outcome:
        raise ValidationError({"outcome": _("Give the outcome.")})
    if on < document.received_on:
        raise ValidationError({"on": _("A document cannot be closed before it was received.")})
    before = audit.snapshot(document)
    IncomingDocument.objects.filter(pk=document.pk).update(
        outcome=outcome, answer=answer, closed_on=on
    )  # before the state: a closed document always has its outcome
    document = casework.transition(actor=actor, case=document, name="close", data={"reason": outcome})
    _stop_clocks(actor, document, on, outcome[:200])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes=audit.diff(before, audit.snapshot(document)),
    )
    return document


@transaction.atomic
def return_incoming(*, actor: Any, document: IncomingDocument, reason: str) -> IncomingDocument:
    """Trả lại — a document sent to the wrong body or failing its checks goes back to the sender
    (NĐ 30/2020 Art. 21.2.b); the register keeps its arrival number."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not return documents."))
    _require_view(actor, document)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for returning it.")})
    today = timezone.localdate()
    IncomingDocument.objects.filter(pk=document.pk).update(outcome=nfc(reason), closed_on=today)
    document = casework.transition(actor=actor, case=document, name="return", data={"reason": nfc(reason)})
    _stop_clocks(actor, document, today, _("Returned to the sender"))
    return document


# --- outgoing documents: drafting and versions --------------------------------------------------------------


@dataclass
class DraftData:
    issuer: str
    doc_type: str
    summary: str
    urgency: int = UrgencyLevel.NORMAL
    secrecy: int = SecrecyLevel.NONE
    is_normative: bool = False
    addressee: str = ""
    body: str = ""
    copies_to: str = ""
    signer: User | None = None
    signer_title: str = ""
    in_reply_to: IncomingDocument | None = None


def _check_draft(data: DraftData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.issuer not in {i.value for i in rules.Issuer}:
        errors["issuer"] = _("Choose in whose name the document is issued.")
    if data.doc_type not in _TYPES:
        errors["doc_type"] = _("Choose the type of document.")
    if not nfc(data.summary):
        errors["summary"] = _("Give the summary of the document.")
    if data.urgency not in UrgencyLevel.values:
        errors["urgency"] = _("Choose the urgency.")
    if rules.block_has_markup(data.signer_title):
        errors["signer_title"] = _("A signature block is the signer's title in words: no <, >, { or }.")
    block = rules.signature_block_problem(data.signer_title, data.signer.position if data.signer else "")
    if block == "head_signs_directly" and data.signer is not None:
        errors["signer_title"] = _(
            "%(name)s is the %(position)s: the head signs directly, not “KT.” (signing for the head)."
        ) % {"name": data.signer, "position": data.signer.position}
    elif block == "deputy_title_missing":
        errors["signer_title"] = _(
            "Under “KT. …” give the signer's own title on the next line (e.g. PHÓ CHỦ NHIỆM)."
        )
    elif block == "not_a_deputy":
        errors["signer_title"] = _(
            "“KT.” is a deputy signing for the head: the title under it is a deputy's (e.g. PHÓ CHỦ NHIỆM)."
        )
    elif block == "not_the_signers_title" and data.signer is not None:
        errors["signer_title"] = _(
            "The title in the signature block is not the signer's: %(name)s is %(position)s."
        ) % {"name": data.signer, "position": data.signer.position}
    if rules.addressee_problem(data.doc_type, data.addressee):
        errors["addressee"] = _(
            "A %(type)s decides and is addressed to nobody: leave “Kính gửi” empty (its recipients go under "
            "“Nơi nhận”)."
        ) % {"type": rules.document_type(data.doc_type).name}
    if rules.copies_problem(data.doc_type, data.copies_to):
        errors["copies_to"] = _("An order (Lệnh) is promulgated, not sent: it has no “Nơi nhận”.")
    if rules.issuer_type_problem(data.issuer, data.doc_type):
        errors["doc_type"] = _(
            "An order (Lệnh) is the President's own act: it is issued in the President's name."
        )
    if data.signer is not None and not may_sign_documents(data.signer):
        errors["signer"] = _(
            "%(name)s may not sign documents: they are signed by the Office's leaders or, as the leaders "
            "delegate, the heads of its units."
        ) % {"name": data.signer}
    elif (
        data.signer is not None
        and data.issuer == rules.Issuer.PRESIDENT
        and data.doc_type in rules.PRESIDENT_ONLY_TYPES
        and rules.issuer_signer_problem(data.issuer, data.signer.position, data.doc_type)
    ):
        errors["signer"] = _(
            "An order (Lệnh) is signed by the President alone: %(name)s is %(position)s."
        ) % {
            "name": data.signer,
            "position": data.signer.position or _("without a position"),
        }
    elif data.signer is not None:
        signer_problem = rules.issuer_signer_problem(data.issuer, data.signer.position, data.doc_type)
        if signer_problem or not _may_sign_for_president(data.signer, data.issuer):
            errors["signer"] = (
                _(
                    "The Office's documents are signed by its leaders, not in the President's name: %(name)s "
                    "is %(position)s."
                )
                if signer_problem == "president_signs_office"
                else _(
                    "A document in the President's name is signed by the President or, for the President, by "
                    "the Vice President: %(name)s is %(position)s."
                )
            ) % {"name": data.signer, "position": data.signer.position or _("without a position")}
    issuer_block = rules.issuer_block_problem(
        data.issuer, data.doc_type, data.signer_title, data.signer.position if data.signer else ""
    )
    if issuer_block and "signer_title" not in errors:
        errors["signer_title"] = (
            _(
                "A document in the President's name is signed under “CHỦ TỊCH NƯỚC”, or “KT. CHỦ TỊCH NƯỚC” "
                "over “PHÓ CHỦ TỊCH NƯỚC” (an order: the President only), as its signer signs."
            )
            if issuer_block != "president_block_on_office"
            else _("The Office's documents are not signed in the President's name.")
        )
    if data.signer is not None and data.signer.clearance < data.secrecy:
        errors["signer"] = _("%(name)s does not have the clearance for this document.") % {
            "name": data.signer
        }
    return errors


def president_signature(signer: Any, *, deputy: bool) -> str:
    """The signature block of a document in the President's name for `signer` (rules.
    president_signature_block), once checked that the signer may sign it: the President, or with `deputy`
    the Vice President for the President. Raises ValidationError naming the signer otherwise."""
    if signer is None:  # chosen later in the documents module, where the same check applies
        return rules.PRESIDENT_TITLE
    position = signer.position or ""
    if not rules.signs_for_president(position, deputy=deputy) or not _may_sign_for_president(
        signer, rules.Issuer.PRESIDENT
    ):
        message = (
            _(
                "A document in the President's name is signed by the President or, for the President, by "
                "the Vice President: %(name)s is %(position)s."
            )
            if deputy
            else _("The President signs this document himself: %(name)s is %(position)s.")
        )
        raise ValidationError(
            {"signer": message % {"name": signer or "—", "position": position or _("without a position")}}
        )
    return rules.president_signature_block(position)


SIGNING_ROLES = frozenset({RoleCode.LEADERSHIP, RoleCode.HEAD_OF_UNIT})


def may_sign_documents(signer: Any) -> bool:
    """Whether a person signs outgoing documents at all: an active member of the leadership or head of unit
    (the roles the draft form offers; a specialist or a clerk named through the API is refused: the examiner
    of issue 30 had a specialist sign and issue a letter of her own)."""
    return bool(signer.is_active and signer.roles.filter(code__in=SIGNING_ROLES).exists())


def _may_sign_for_president(signer: Any, issuer: str) -> bool:
    """Only an active member of the leadership signs in the President's name (a position typed on an account
    is not enough: granting the leadership role takes two people)."""
    if issuer != rules.Issuer.PRESIDENT:
        return True
    return bool(signer.is_active and signer.roles.filter(code=RoleCode.LEADERSHIP).exists())


def _apply_draft(document: OutgoingDocument, data: DraftData) -> None:
    document.issuer, document.doc_type = data.issuer, data.doc_type
    document.is_normative = rules.is_normative(data.doc_type, data.is_normative)
    document.summary, document.folded_summary = nfc(data.summary)[:500], fold(data.summary)[:500]
    document.urgency, document.secrecy = data.urgency, data.secrecy
    # the lines typed stay lines: of the addressees, the body's paragraphs, one recipient a line in "Nơi
    # nhận", and the signature block ("KT. CHỦ NHIỆM" over "PHÓ CHỦ NHIỆM", which the exchange tells apart),
    # kept as it is printed: in capitals, "kt chủ nhiệm" made "KT. CHỦ NHIỆM"
    document.addressee, document.body = nfc_lines(data.addressee), nfc_lines(data.body)
    document.copies_to, document.signer = nfc_lines(data.copies_to), data.signer
    document.signer_title = rules.printed_block(data.signer_title)
    document.in_reply_to = data.in_reply_to


def _assign_person(actor: Any, document: IncomingDocument | OutgoingDocument, user: User) -> None:
    """Give a person the document by name (once), the access a secret one needs."""
    object_type = audit.object_type_of(document)
    given = Assignment.objects.filter(
        object_type=object_type, object_id=document.pk, user=user, is_active=True
    )
    given.update(done_at=None)  # given again: work waiting again
    if not given.exists():
        Assignment.objects.create(
            object_type=object_type,
            object_id=document.pk,
            user=user,
            kind=AssignmentKind.HANDLE,
            assigned_by=actor,
        )


@transaction.atomic
def create_draft(*, actor: Any, data: DraftData) -> OutgoingDocument:
    """Soạn thảo — a new draft in the drafter's unit; its first version is made from the template of the
    national format (chancery.documents.drafting), which the drafter edits in a word processor."""

    if not can_draft(actor):
        raise PermissionDenied(_("You may not draft documents."))
    if actor.unit_id is None:
        raise ValidationError(_("You must belong to a unit to draft documents."))
    errors = _check_draft(data)
    if errors:
        raise ValidationError(errors)
    _check_clearance(actor, data.secrecy)
    if data.in_reply_to is not None:
        _require_view(actor, data.in_reply_to)
    document = OutgoingDocument(owning_unit_id=actor.unit_id, drafted_by=actor)
    _apply_draft(document, data)
    document.full_clean()
    document.save()
    _assign_person(actor, document, actor)
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=document,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(document).items()},
    )
    _template_version(actor, document, note=_("Drafted from the template"))
    return document


@transaction.atomic
def update_draft(*, actor: Any, document: OutgoingDocument, data: DraftData) -> OutgoingDocument:
    """Change a draft's particulars while it is being drafted; a new version is made from the template,
    unless the draft is a file (drawn up by a module, or edited and uploaded): that file stays what is
    issued, and its drafter uploads a new version of it if its text must change."""

    _require_change(actor, document)
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != "drafting":
        raise ValidationError(_("A document is changed only while it is being drafted."))
    errors = _check_draft(data)
    if errors:
        raise ValidationError(errors)
    _check_clearance(actor, data.secrecy)
    before = audit.snapshot(document)
    _apply_draft(document, data)
    document.full_clean()
    document.save()
    changes = audit.diff(before, audit.snapshot(document))
    if changes:
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=document, changes=changes)
        latest = document.versions.filter(is_signed=False).order_by("-version").first()
        if latest is None or latest.from_template:
            _template_version(actor, document, note=_("Particulars changed"))
    return document


def _template_version(actor: Any, document: OutgoingDocument, *, note: str) -> DraftVersion:
    """A version made from the typed particulars and the template."""
    from chancery.documents import drafting

    return _store_version(actor, document, drafting.render_docx(document), note=note, from_template=True)


def _store_version(
    actor: Any,
    document: OutgoingDocument,
    content: bytes,
    *,
    note: str = "",
    name: str = "",
    signed: bool = False,
    from_template: bool = False,
) -> DraftVersion:
    last = document.versions.order_by("-version").first()
    number = (last.version if last else 0) + 1
    digest = hashlib.sha256(content).hexdigest()
    extension = ".pdf" if content.startswith(b"%PDF-") else ".docx"
    version = DraftVersion(
        document=document,
        version=number,
        name=name or f"du-thao-{document.pk}-v{number}{extension}",
        sha256=digest,
        size=len(content),
        note=nfc(note)[:300],
        is_signed=signed,
        from_template=from_template,
        created_by=actor,
    )
    version.file.save(f"{document.pk}-v{number}-{digest[:12]}{extension}", ContentFile(content), save=False)
    version.save()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes={"version": {"before": f"v{number - 1}" if number > 1 else None, "after": f"v{number}"}},
        message=version.name,
    )
    return version


_DOCX = b"PK\x03\x04"


@transaction.atomic
def upload_version(*, actor: Any, document: OutgoingDocument, upload: Any, note: str = "") -> DraftVersion:
    """A new version of the draft, edited in a word processor (DOCX) or printed to PDF."""
    _require_change(actor, document)
    document = OutgoingDocument.objects.get(pk=document.pk)
    if document.state not in {"drafting", "reviewing"}:
        raise ValidationError(_("A new version is uploaded while the document is drafted or reviewed."))
    content = upload.read()
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > core_services.ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 25 MB.")})
    if not content.startswith((_DOCX, b"%PDF-")):
        raise ValidationError({"file": _("A draft is a DOCX or PDF file.")})
    last = document.versions.order_by("-version").first()
    if last is not None and last.sha256 == hashlib.sha256(content).hexdigest():
        raise ValidationError({"file": _("This file is the same as the current version.")})
    return _store_version(actor, document, content, note=note, name=nfc(getattr(upload, "name", ""))[-255:])


@transaction.atomic
def draft_from_file(
    *, actor: Any, data: DraftData, content: bytes, name: str, note: str = "Lập từ kết quả thẩm định"
) -> OutgoingDocument:
    """A draft whose first version is a file another module generated (a decision with its annex, a reply):
    it then goes on like any draft (approval, signature, a number from the outgoing register)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = create_draft(actor=actor, data=data)
    upload_version(actor=actor, document=document, upload=SimpleUploadedFile(name, content), note=note)
    return document


def current_version(document: OutgoingDocument) -> DraftVersion | None:
    return document.versions.filter(is_signed=False).order_by("-version").first()


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
    for step in steps:
        step.status = rules.StepStatus.OPEN
        step.version = current_version(document)
        step.save(update_fields=["status", "version"])
        _assign_person(actor, document, step.reviewer)
        notify(
            [step.reviewer],
            kind=NotificationKind.OPINION_REQUESTED,
            title=_("A draft awaits your review: %(record)s") % {"record": document},
            subject=document,
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


# --- numbers, signature, issue ------------------------------------------------------------------------------


def series_of(document: OutgoingDocument) -> rules.Series:
    return rules.outgoing_series(
        document.doc_type, rules.Issuer(document.issuer), document.secrecy, normative=document.is_normative
    )


def _reserve(actor: Any, document: OutgoingDocument, on: date) -> DocumentNumber:
    series = series_of(document)
    number, _text = core_services.take_number(code=series.code, on=on, name=series.name)
    text = rules.number_text(number, on.year, document.symbol, normative=document.is_normative)
    entry = DocumentNumber.objects.create(
        series=series.code,
        year=on.year,
        number=number,
        text=text,
        status=NumberStatus.RESERVED,
        document=document,
        secrecy=document.secrecy,
        taken_by=actor,
    )
    OutgoingDocument.objects.filter(pk=document.pk).update(number=number, year=on.year, number_text=text)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes={"number": {"before": None, "after": f"{text} (giữ số)"}},
    )
    return entry


def _cancel_number(actor: Any, document: OutgoingDocument, reason: str) -> DocumentNumber | None:
    entry = (
        DocumentNumber.objects.select_for_update()
        .filter(document=document, status=NumberStatus.RESERVED)
        .first()
    )
    if entry is None:
        return None
    entry.status, entry.cancelled_reason, entry.cancelled_at = (
        NumberStatus.CANCELLED,
        nfc(reason)[:300],
        timezone.now(),
    )
    entry.save(update_fields=["status", "cancelled_reason", "cancelled_at"])
    OutgoingDocument.objects.filter(pk=document.pk).update(number=None, year=None, number_text="")
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes={"number": {"before": entry.text, "after": None}},
        message=f"Hủy số {entry.text}: {entry.cancelled_reason}"[:300],
    )
    return entry


def _give_to_clerks(actor: Any, document: OutgoingDocument) -> None:
    """The clerical office issues, registers and sends the document: its clerks get it (a secret one only
    those cleared for it, by name)."""
    unit = clerical_unit()
    casework.grant_unit_access(actor, document, unit, kind=AssignmentKind.HANDLE)
    if document.secrecy > SecrecyLevel.NONE:
        for clerk in User.objects.filter(
            unit=unit, is_active=True, roles__code=RoleCode.CLERK, clearance__gte=document.secrecy
        ).distinct():
            _assign_person(actor, document, clerk)


def can_sign(user: Any, document: OutgoingDocument) -> bool:
    return getattr(user, "pk", None) == document.signer_id and access.can_view(user, document)


@transaction.atomic
def send_for_signature(*, actor: Any, document: OutgoingDocument, on: date | None = None) -> DocumentNumber:
    """Trình ký — the approved document goes to its signer with a number reserved in its series, so that the
    signed file carries it. The number is taken under the register's lock: never the same twice."""
    on = on or timezone.localdate()
    _require_change(actor, document)
    document = casework.transition(actor=actor, case=document, name="to_signing")
    entry = _reserve(actor, document, on)
    from chancery.documents import drafting

    drafting.check_numbering(document, entry.text, on)  # refused: the number goes back with the transaction
    core_services.work_done(document, user=document.drafted_by)  # with the signer and the clerks now
    _give_to_clerks(actor, document)
    if document.signer is not None:
        _assign_person(actor, document, document.signer)
        notify(
            [document.signer],
            kind=NotificationKind.ASSIGNED,
            title=_("A document awaits your signature: %(record)s") % {"record": entry.text},
            subject=document,
        )
    return entry


@transaction.atomic
def refuse_signature(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """The signer sends the document back for revision: its reserved number is cancelled (kept in the
    register with the reason) and a new one is reserved when it comes back for signature."""
    if not can_sign(actor, document):  # not another leader: the examiner of issue 30 saw the Office's
        # deputy head send back the President's decision in the President's name
        raise PermissionDenied(_("Only the signer returns a document awaiting signature."))
    if not nfc(reason):
        raise ValidationError({"reason": _("Say what must be revised.")})
    casework.transition(actor=actor, case=document, name="return", data={"reason": nfc(reason)})
    _cancel_number(actor, document, _("Returned by the signer: %(reason)s") % {"reason": nfc(reason)})
    # back to its drafter: nothing waits on the clerks or the signer until it comes back for signature
    core_services.work_done(document, unit=clerical_unit())
    for person in User.objects.filter(models.Q(unit=clerical_unit()) | models.Q(pk=document.signer_id or 0)):
        core_services.work_done(document, user=person)
    core_services.work_done(document, user=document.drafted_by, done=False)  # to revise
    document = OutgoingDocument.objects.get(pk=document.pk)
    notify(
        [document.drafted_by],
        kind=NotificationKind.OPINION_GIVEN,
        title=_("Draft returned by the signer: %(record)s") % {"record": document},
        subject=document,
    )
    return document


@transaction.atomic
def issue_document(
    *,
    actor: Any,
    document: OutgoingDocument,
    signed_file: bytes | None = None,
    on: date | None = None,
    signed_by_name: str = "",
) -> OutgoingDocument:
    """Ban hành — the reserved number is confirmed in the register with the date of issue (NĐ 30/2020 Art.
    15–16) and the document is signed by its signer, then with the Office's digital signature (Art. 17.2),
    both shown on the last page (Phụ lục I): the PDF its signer signed, when one is given, or else the
    document printed from its template with its number and date. The signer signs with their own key
    (`signing.signer_for`) unless the given PDF already carries a signature; without a key nothing is issued.
    A number reserved in an earlier year is cancelled and the document takes the next number of the year it
    is issued in: numbers follow the year of issue."""
    from chancery.documents import drafting, signing, specimens

    on = on or timezone.localdate()
    if not (can_sign(actor, document) or (can_register(actor) and access.can_view(actor, document))):
        raise PermissionDenied(_("Only the signer or the clerical office issues a document."))
    if signed_file is not None and not signed_file.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The signed document is a PDF file.")})
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != "signing":
        raise ValidationError(_("Only a document awaiting signature can be issued."))
    signer = document.signer
    if signer is not None and (
        rules.issuer_signer_problem(document.issuer, signer.position, document.doc_type)
        or not _may_sign_for_president(signer, document.issuer)
        or not may_sign_documents(signer)
    ):  # the signer's position or roles changed since the draft was saved: checked again on issue
        raise ValidationError(
            {
                "signer": _(
                    "A document in the President's name is signed by the President or, for the President, by "
                    "the Vice President: %(name)s is %(position)s."
                )
                % {"name": signer, "position": signer.position or _("without a position")}
            }
        )
    if signed_file is None:  # printed here: only the version its signer approved
        approval = (
            document.approval_steps.filter(reviewer=document.signer, status=rules.StepStatus.APPROVED)
            .order_by("-pk")
            .first()
        )
        latest = document.versions.filter(is_signed=False).order_by("-version").first()
        if approval is not None and latest is not None and approval.version_id not in (None, latest.pk):
            raise ValidationError(
                {
                    "file": _(
                        "A version was uploaded after the signer approved the draft: submit it for approval "
                        "again before it is issued."
                    )
                }
            )
    # the signer's own signature, unless they signed the file themselves outside Chancery: no certificate,
    # nothing issued
    signs_here = signed_file is None or not signing.signature_count(signed_file)
    if signed_file is not None and signs_here:
        # an unsigned PDF would be signed here unread: its text, number and date checked against nothing the
        # signer approved (examiners of issue 30 issued an unrelated PDF, then one dated otherwise). What is
        # signed here is the approved version; a new text is a new version, approved before it is issued.
        raise ValidationError(
            {
                "file": _(
                    "The PDF carries no digital signature: leave the file empty to sign the approved version "
                    "as printed here, or upload the PDF its signer signed. A new text is uploaded as a new "
                    "version of the draft and approved before it is issued."
                )
            }
        )
    signer_key = signing.signer_for(document.signer) if signs_here else None
    if signer_key is not None and not can_sign(actor, document) and not signer_key.asks_the_signer:
        # the signer's key kept here signs without asking them: another person (the clerk) may not use it
        raise ValidationError(
            {
                "file": _(
                    "Only %(name)s signs with their digital signature: the clerical office issues the PDF "
                    "the signer has signed (upload it), or the signer issues it themselves."
                )
                % {"name": document.signer}
            }
        )
    entry = DocumentNumber.objects.select_for_update().get(document=document, status=NumberStatus.RESERVED)
    if not signs_here and signed_file is not None:
        # signed outside Chancery: the document's date is the one its signer signed it under (NĐ 30/2020 Art.
        # 15 and Phụ lục I item 4), between the day it went for signature and today; the register takes it
        shown = signing.shown_date(signed_file)
        sent = timezone.localdate(entry.taken_at)
        if shown is None or not sent <= shown <= on:
            raise ValidationError(
                {
                    "file": _(
                        "The signed file must show its date of issue (Hà Nội, ngày ... tháng ... năm ...) "
                        "between the day it went for signature (%(sent)s) and today (%(today)s)."
                    )
                    % {"sent": sent.strftime("%d/%m/%Y"), "today": on.strftime("%d/%m/%Y")}
                }
            )
        on = shown
    if entry.year != on.year:
        _cancel_number(actor, document, _("Not issued in %(year)s") % {"year": entry.year})
        entry = _reserve(actor, document, on)
    # signed outside Chancery: by this signer, for this number
    elsewhere = (
        ""
        if signs_here or signed_file is None
        else signing.signed_elsewhere_problem(signed_file, signer=document.signer, number=entry.text)
    )
    if elsewhere:
        raise ValidationError({"file": elsewhere})
    entry.status = NumberStatus.ISSUED
    entry.save(update_fields=["status"])
    document = OutgoingDocument.objects.get(pk=document.pk)
    document.issued_on = on
    document.signed_by_name = nfc(signed_by_name) or (document.signer.full_name if document.signer else "")
    document.save(update_fields=["issued_on", "signed_by_name"])
    content = signed_file if signed_file is not None else drafting.printed_for_issue(document)
    if signer_key is not None and document.signer is not None:
        content = signing.sign_as_signer(
            content,
            signer=signer_key,
            name=document.signer.get_full_name(),
            title=document.signer.position or (document.signer_title.splitlines() or [""])[-1],
            printed_name=document.signed_by_name,
            specimen=specimens.image_of(document.signer),
            reason=f"Ký văn bản số {entry.text}",
        )
    sealed = signing.sign(content, reason=f"Ban hành văn bản số {entry.text}")
    version = _store_version(
        actor,
        document,
        sealed,
        note=_("Signed copy"),
        signed=True,
        name=f"{entry.text.replace('/', '-')}.pdf",  # the issued document by its number
    )
    record_signatures(document, sealed, sha256=version.sha256, name=version.name)
    return casework.transition(actor=actor, case=document, name="issue", data={"reason": entry.text})


@transaction.atomic
def withdraw_document(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """A draft abandoned before issue; a number reserved for it is cancelled and stays in the register."""
    _require_change(actor, document)
    if not nfc(reason):
        raise ValidationError({"reason": _("Give the reason for withdrawing it.")})
    casework.transition(actor=actor, case=document, name="withdraw", data={"reason": nfc(reason)})
    _cancel_number(actor, document, _("Withdrawn: %(reason)s") % {"reason": nfc(reason)})
    ApprovalStep.objects.filter(
        document=document, status__in=[rules.StepStatus.OPEN, rules.StepStatus.WAITING]
    ).update(status=rules.StepStatus.CANCELLED)
    document = OutgoingDocument.objects.get(pk=document.pk)
    return document


# --- dispatch -----------------------------------------------------------------------------------------------


@transaction.atomic
def dispatch_document(
    *,
    actor: Any,
    document: OutgoingDocument,
    units: Sequence[Unit] = (),
    agencies: Sequence[Agency] = (),
    medium: str = Medium.ELECTRONIC,
) -> list[Dispatch]:
    """Phát hành — send an issued document to units of the Office (they get it on their desk) and to other
    agencies. A secret document is not sent electronically to another agency (Luật Bảo vệ bí mật nhà nước)."""
    if not (can_register(actor) or can_sign(actor, document)):
        raise PermissionDenied(_("Only the clerical office sends documents."))
    _require_view(actor, document)
    document = OutgoingDocument.objects.get(pk=document.pk)
    if document.state != "issued":
        raise ValidationError(_("Only an issued document is sent."))
    if not units and not agencies:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    if medium not in Medium.values:
        raise ValidationError({"medium": _("Choose how it is sent.")})
    if agencies and medium != Medium.PAPER and not rules.may_exchange_electronically(document.secrecy):
        raise ValidationError(
            {"medium": _("A secret document is sent to another agency on paper, never electronically.")}
        )
    sent: list[Dispatch] = []
    for unit in units:
        if Dispatch.objects.filter(document=document, unit=unit).exists():
            continue
        casework.grant_unit_access(actor, document, unit, kind=AssignmentKind.COOPERATE)
        sent.append(Dispatch.objects.create(document=document, unit=unit, medium=medium, sent_by=actor))
        notify(
            selectors.heads_of(unit.pk),
            kind=NotificationKind.ASSIGNED,
            title=_("Document sent to your unit: %(record)s") % {"record": document},
            subject=document,
        )
    for agency in agencies:
        if Dispatch.objects.filter(document=document, agency=agency).exists():
            continue
        sent.append(Dispatch.objects.create(document=document, agency=agency, medium=medium, sent_by=actor))
    if sent:
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=document,
            changes={"sent_to": {"before": None, "after": [str(d.unit or d.agency) for d in sent]}},
        )
    return sent


@transaction.atomic
def record_dispatch_status(
    *, actor: Any, dispatch: Dispatch, status: str, note: str = "", at: Any = None
) -> Dispatch:
    """A status the recipient reported (received, assigned, processing, done, returned)."""
    if actor is not None:
        _require_view(actor, dispatch.document)
    if status not in DispatchStatus.values or status == DispatchStatus.SENT:
        raise ValidationError({"status": _("Unknown status.")})
    at = at or timezone.now()
    if at > timezone.now() + timedelta(minutes=10):
        raise ValidationError(
            {"status": _("The status is dated in the future (%(at)s).") % {"at": _local(at)}}
        )
    recipient = dispatch.unit or dispatch.agency
    if dispatch.sent_at is not None and at < dispatch.sent_at - timedelta(days=1):
        raise ValidationError(
            {"status": _("The status is dated before the document was sent (%(at)s).") % {"at": _local(at)}}
        )
    if dispatch.status_at is not None and at < dispatch.status_at:
        # reported late: kept in the history, the newer status stays the dispatch's
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=dispatch.document,
            message=(
                f"Trạng thái “{DispatchStatus(status).label}” của {recipient} lúc {_local(at)} "
                "đến sau trạng thái mới hơn"
            ),
        )
        return dispatch
    dispatch.status, dispatch.status_note, dispatch.status_at = status, nfc(note)[:300], at
    dispatch.save(update_fields=["status", "status_note", "status_at"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=dispatch.document,
        changes={
            "dispatch_status": {"before": None, "after": f"{recipient}: {dispatch.get_status_display()}"}
        },
    )
    return dispatch


def _local(at: Any) -> str:
    return f"{timezone.localtime(at):%d/%m/%Y %H:%M}"


# --- electronic exchange (QCVN 102:2016 edXML) ---------------------------------------------------------


def export_exchange(*, actor: Any, document: OutgoingDocument, agencies: Sequence[Agency]) -> bytes:
    """The edXML package of an issued document for the agencies given; each of them is recorded as sent by
    electronic exchange (the status they report comes back with `record_exchange_status`)."""
    from chancery.documents import exchange

    if not (can_register(actor) or can_sign(actor, document)):
        raise PermissionDenied(_("Only the clerical office sends documents."))
    _require_view(actor, document)
    if not agencies:
        raise ValidationError({"agencies": _("Choose at least one recipient.")})
    document = OutgoingDocument.objects.get(pk=document.pk)
    package = exchange.export_document(document, agencies)
    with transaction.atomic():
        new = [a for a in agencies if not Dispatch.objects.filter(document=document, agency=a).exists()]
        if new:
            dispatch_document(actor=actor, document=document, agencies=new, medium=Medium.EXCHANGE)
    return package


@transaction.atomic
def import_exchange(*, actor: Any, content: bytes) -> IncomingDocument:
    """Register a document received as an edXML package: the package is checked first (every problem said at
    once, nothing stored), the sender is found by its agency code, the files are kept with their checksums
    and their signatures checked. The same package is registered once."""
    from chancery.documents import exchange

    if not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    package = exchange.read_package(content)
    key = exchange.message_id(package)
    earlier = IncomingDocument.objects.filter(exchange_id=key).first()
    if earlier is not None:
        raise ValidationError(
            _("This package has already been registered, arrival number %(number)02d/%(year)s.")
            % {"number": earlier.arrival_number, "year": earlier.year}
        )
    sender = Agency.objects.filter(code=package.sender_code).first()
    data = IncomingData(
        received_on=timezone.localdate(),
        sender=sender,
        sender_name=sender.name if sender else package.sender_name,
        reference=package.reference,
        issued_on=package.issued_on,
        reply_by=package.due_on,
        doc_type=package.doc_type,
        summary=package.subject,
        signer=package.signer,
        urgency=package.urgency,
        pages=package.pages,
        medium=Medium.EXCHANGE,
        exchange_id=key,
    )
    return register_incoming(actor=actor, data=data, attachments=exchange.package_files(package))


def exchange_status(
    *, actor: Any, document: IncomingDocument, code: str | None = None, note: str = ""
) -> bytes:
    """The status package telling the sender what the Office did with a document it received by exchange:
    accepted when registered, assigned when routed, done when closed, refused when returned."""
    from chancery.documents import exchange

    _require_view(actor, document)
    document = IncomingDocument.objects.get(pk=document.pk)
    if not document.exchange_id:
        raise ValidationError(_("This document was not received by electronic exchange."))
    code = code or exchange.STATUS_OF_STATE.get(document.state, "05")
    return exchange.build_status(
        document_id_value=document.exchange_id.split("#", 1)[0],
        sender_code=exchange.office_code(),
        sender_name=exchange.office_name(),
        code=code,
        description=nfc(note) or document.state_label,
        staff=getattr(actor, "full_name", ""),
    )


@transaction.atomic
def record_exchange_status(*, actor: Any, content: bytes) -> Dispatch:
    """A status package an agency sent back about a document the Office issued: the dispatch to that agency
    takes the status."""
    from chancery.documents import exchange

    if not can_register(actor):
        raise PermissionDenied(_("Only the clerical office records exchange statuses."))
    status = exchange.read_status(content)
    owner, _sep, rest = status.document_id.partition(",")
    issued, _sep, number_text = rest.partition(",")
    issued_on = None  # numbers start again every year: the document of that number issued on that day
    for form in ("%Y/%m/%d", "%Y-%m-%d"):  # the identifier's date as QCVN 102 writes it, or in ISO form
        try:
            issued_on = datetime.strptime(issued.strip(), form).date()
            break
        except ValueError:
            continue
    document = OutgoingDocument.objects.filter(
        number_text=number_text, state="issued", issued_on=issued_on
    ).first()
    if owner != exchange.office_code() or document is None:
        raise ValidationError(
            _("The status is about a document this Office did not issue: %(id)s") % {"id": status.document_id}
        )
    dispatch = Dispatch.objects.filter(document=document, agency__code=status.sender_code).first()
    if dispatch is None:
        raise ValidationError(
            _("Document %(number)s was not sent to the agency %(code)s.")
            % {"number": number_text, "code": status.sender_code}
        )
    return record_dispatch_status(
        actor=actor,
        dispatch=dispatch,
        status=exchange.STATUS_CODES[status.code],
        note=status.description,
        at=status.at,
    )
