"""Incoming documents: register, route to a lead unit and cooperating units with a time limit, record each
unit's handling, close with the outcome or the answer, return to the sender (Nghị định 30/2020 Art. 20-24)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from chancery.core.text import fold, nfc
from chancery.documents import rules
from chancery.documents.models import (
    HandlingNote,
    IncomingDocument,
    Medium,
    OutgoingDocument,
    UrgencyLevel,
)
from chancery.documents.services.common import (
    _TYPES,
    HANDLING_CLOCK,
    PRESENTATION_CLOCK,
    _check_clearance,
    _require_change,
    _require_view,
    _roles,
    can_register,
    can_route,
    clerical_unit,
    record_signatures,
)
from chancery.documents.services.drafting import _assign_person

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
    # the scan read (its job) and which of its documents this is: registered once (documents.scanning)
    scanned_from: Any = None
    scanned_part: int | None = None


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
    series = rules.incoming_series(data.secrecy)
    # the register's line taken first: it is locked until this transaction ends, so a second registration of
    # the same message or scan waits, then sees the first and is refused (never a second arrival number)
    number, _text = core_services.take_number(code=series.code, on=data.received_on, name=series.name)
    if data.exchange_id and IncomingDocument.objects.filter(exchange_id=data.exchange_id).exists():
        raise ValidationError(_("This exchange message has already been registered."))
    if data.scanned_from is not None:
        earlier = IncomingDocument.objects.filter(
            scanned_from=data.scanned_from, scanned_part=data.scanned_part
        ).first()
        if earlier is not None:
            raise ValidationError(
                _("This document of the scan has already been registered, with arrival number %(number)02d.")
                % {"number": earlier.arrival_number}
            )
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
        scanned_from=data.scanned_from,
        scanned_part=data.scanned_part,
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
                "after": f"{unit.name}: " + ("đã xong phần việc" if is_done else "ghi nhận tình hình xử lý"),
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


can_close = access.can_close_document


_is_lead = access.leads_document


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
