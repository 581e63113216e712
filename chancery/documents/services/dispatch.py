"""Outgoing documents, dispatch: sending to units and agencies, their delivery statuses, and the electronic
exchange of edXML packages (QCVN 102:2016)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.core import audit, selectors
from chancery.core.models import (
    Agency,
    AssignmentKind,
    AuditAction,
    NotificationKind,
    Unit,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc
from chancery.documents import rules
from chancery.documents.models import (
    Dispatch,
    DispatchStatus,
    IncomingDocument,
    Medium,
    OutgoingDocument,
)
from chancery.documents.models_dispatch import ANSWERS, FINAL
from chancery.documents.services.common import _require_view, can_register
from chancery.documents.services.incoming import IncomingData, register_incoming
from chancery.documents.services.issuing import can_sign

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
    # to the second, as a status package dates it: an answer within the second of the Office's own status
    # (its request to take the document back) is not older than it
    if dispatch.status_at is not None and at < dispatch.status_at.replace(microsecond=0):
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
    if package.business.kind != exchange.NEW_DOCUMENT.kind:  # never registered as a new document
        raise ValidationError(
            _("This package revokes, updates or replaces document %(id)s: it is recorded on that document.")
            % {"id": package.business.target}
        )
    return import_package(actor=actor, package=package)


def import_package(*, actor: Any, package: Any) -> IncomingDocument:
    """Register the new document a checked package carries (`import_exchange`, or a replacement agreed)."""
    from chancery.documents import exchange

    if not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    key = exchange.message_id(package)
    earlier = IncomingDocument.objects.filter(exchange_id=key).first()
    if earlier is not None:
        raise ValidationError(
            _("This package has already been registered, arrival number %(number)02d/%(year)s.")
            % {"number": earlier.arrival_number, "year": earlier.year}
        )
    same = IncomingDocument.objects.filter(exchange_id__startswith=f"{package.document_id}#").first()
    if same is not None:  # the same document with other files: the sender updates or replaces it, never twice
        raise ValidationError(
            _(
                "Document %(id)s is already registered, arrival number %(number)02d/%(year)s: sent again, it "
                "comes as an update or a replacement."
            )
            % {"id": package.document_id, "number": same.arrival_number, "year": same.year}
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
def record_exchange_status(*, actor: Any, content: bytes, about: OutgoingDocument | None = None) -> Dispatch:
    """A status package an agency sent back about a document the Office issued: the dispatch to that agency
    takes the status. Uploaded on a document's page (`about`), the package must be about that document."""
    from chancery.documents import exchange

    if not can_register(actor):
        raise PermissionDenied(_("Only the clerks and the Office's leadership record exchange statuses."))
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
    if about is not None and document.pk != about.pk:
        raise ValidationError(
            _("This status package is about document %(number)s, not the document open on this page.")
            % {"number": f"{number_text} ({issued_on:%d/%m/%Y})" if issued_on else number_text}
        )
    dispatch = Dispatch.objects.filter(document=document, agency__code=status.sender_code).first()
    if dispatch is None:
        raise ValidationError(
            _("Document %(number)s was not sent to the agency %(code)s.")
            % {"number": number_text, "code": status.sender_code}
        )
    recorded = exchange.STATUS_CODES[status.code]
    pending = ANSWERS.get(DispatchStatus(dispatch.status))  # the Office's question, while it waits
    answer = status.code in ("15", "16")
    if answer:  # the answer to what was asked: to take back, revoke, update, replace
        recorded = (pending or ANSWERS[DispatchStatus.RECALL_ASKED])[0 if status.code == "15" else 1]
    # Kept in the history only, the dispatch keeping what it says (and the register with it): an answer
    # with no question pending (sent twice, a change of mind, unasked); any other status while a question
    # waits (its answer is still to come); anything after the agency gave the document back or agreed to
    # its revocation or replacement.
    if (answer and pending is None) or (not answer and pending is not None) or dispatch.status in FINAL:
        heard = status.code if answer and pending is None else DispatchStatus(recorded).label
        why = (
            "đang chờ trả lời đề nghị" if pending and not answer else "không có đề nghị nào đang chờ trả lời"
        )
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=document,
            message=(
                f"Trạng thái “{heard}” của {dispatch.agency} lúc {_local(status.at)} chỉ ghi vào lịch sử: "
                f"{why} ({dispatch.get_status_display()})"
            )[:300],
        )
        return dispatch
    dispatch = record_dispatch_status(
        actor=actor, dispatch=dispatch, status=recorded, note=status.description, at=status.at
    )
    if answer and dispatch.status == recorded:  # kept beside the statuses that follow it
        dispatch.answers = [*dispatch.answers, recorded]
        dispatch.save(update_fields=["answers"])
    return dispatch
