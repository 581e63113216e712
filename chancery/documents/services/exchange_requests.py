"""What a sender asks of a document it sent by exchange, on both sides: to take it back (the national
platform's status 13), or, by a package of its own (chancery.documents.exchange_business), to revoke it, to
update it or to replace it by another document; and the receiver's answer, agreed (status 15) or refused (16).

The Office as sender (`request_recall`): the status or package to send, the dispatch to that agency marked as
asked; the agency's answer comes back as a status package (`record_exchange_status`) and is recorded as the
answer to what was asked. The Office as receiver (`receive_exchange`, `record_recall_request`): the request is
kept on the document received by exchange, the package in the file storage, until a clerk answers
(`answer_recall`): taking back and revocation take the document out of handling; an update changes its
register line and adds the sender's file, after the clerk has seen every change on the document's page;
a replacement registers the new document, linked to the old, which leaves handling."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.core import audit, links
from chancery.core import services as core_services
from chancery.core.models import Agency, Attachment, AuditAction
from chancery.core.text import fold, nfc
from chancery.documents import exchange, exchange_business
from chancery.documents.models import Dispatch, DispatchStatus, IncomingDocument, Medium, OutgoingDocument
from chancery.documents.models_dispatch import ANSWERS, FINAL
from chancery.documents.services.common import _require_view, can_register, record_signatures
from chancery.documents.services.dispatch import dispatch_document, import_package, record_dispatch_status
from chancery.documents.services.issuing import can_sign

RECALL_REASON_MIN = 10
KINDS = ("recall", "revoke", "update", "replace")
ASKED = {
    "recall": DispatchStatus.RECALL_ASKED,
    "revoke": DispatchStatus.REVOKE_ASKED,
    "update": DispatchStatus.UPDATE_ASKED,
    "replace": DispatchStatus.REPLACE_ASKED,
}
# the register line an update may change, and the package's value for each
UPDATED_FIELDS = ("reference", "issued_on", "doc_type", "summary", "signer", "urgency", "pages", "reply_by")


def _identifier(document: OutgoingDocument) -> str:
    assert document.issued_on is not None
    return exchange.document_id(exchange.office_code(), document.issued_on, document.number_text)


def find_replacement(document: OutgoingDocument, number_text: str) -> OutgoingDocument:
    """The issued document, named by its number and symbol, that replaces `document`: issued on or after it,
    in the same name (the President's, the Office's), never the document itself."""
    if not nfc(number_text).strip():
        raise ValidationError({"replacement": _("Name the document that replaces it.")})
    if nfc(number_text).strip() == document.number_text:
        raise ValidationError({"replacement": _("A document does not replace itself.")})
    found = (
        OutgoingDocument.objects.filter(number_text=nfc(number_text).strip(), state="issued")
        .exclude(pk=document.pk)
        .order_by("-issued_on")
        .first()
    )
    if found is None or document.issued_on is None or (found.issued_on or date.min) < document.issued_on:
        raise ValidationError(
            {
                "replacement": _("No document %(number)s issued on or after this one replaces it.")
                % {"number": nfc(number_text).strip() or "—"}
            }
        )
    if found.issuer != document.issuer:  # the President's decision is not replaced by the Office's letter
        raise ValidationError(
            {
                "replacement": _(
                    "%(number)s is issued in the name of %(other)s, this document in the name of %(own)s."
                )
                % {
                    "number": found.number_text,
                    "other": found.get_issuer_display(),
                    "own": document.get_issuer_display(),
                }
            }
        )
    return found


@transaction.atomic
def request_recall(
    *,
    actor: Any,
    document: OutgoingDocument,
    agency: Agency,
    reason: str,
    kind: str = "recall",
    replacement: OutgoingDocument | None = None,
) -> bytes:
    """Ask an agency about a document the Office sent it by exchange: to give it back (`kind` "recall",
    status 13), or send it the package revoking it, updating it (the document as it stands now) or replacing
    it by `replacement` (issued, sent to the agency with this package). Returns what to send; the dispatch
    is marked as asked, and the agency's answer, agreed (15) or refused (16), comes back as a status."""
    if not (can_register(actor) or can_sign(actor, document)):
        raise PermissionDenied(_("Only the clerical office sends documents."))
    _require_view(actor, document)
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what is asked of the agency.")})
    document = OutgoingDocument.objects.get(pk=document.pk)
    reason = nfc(reason).strip()
    if len(reason) < RECALL_REASON_MIN:
        raise ValidationError({"reason": _("Say why (at least 10 characters).")})
    dispatch = (
        Dispatch.objects.select_for_update()
        .filter(document=document, agency=agency, medium=Medium.EXCHANGE)
        .first()
    )
    if dispatch is None or document.issued_on is None:
        raise ValidationError(_("This document was not sent to that agency by electronic exchange."))
    if dispatch.status in ANSWERS or dispatch.status in FINAL:
        raise ValidationError(
            _("The agency has already been asked to give it back (%(status)s).")
            % {"status": dispatch.get_status_display()}
        )
    note = reason
    if kind == "recall":
        package = exchange.build_status(
            document_id_value=_identifier(document),
            sender_code=exchange.office_code(),
            sender_name=exchange.office_name(),
            code="13",
            description=reason,
            staff=getattr(actor, "full_name", ""),
        )
    elif kind == "replace":
        if replacement is None:
            raise ValidationError({"replacement": _("Name the document that replaces it.")})
        _require_view(actor, replacement)
        business = exchange_business.Business(
            exchange_business.REPLACE, reason, _identifier(document), (agency.code,)
        )
        package = exchange.export_document(replacement, [agency], business)
        if not Dispatch.objects.filter(document=replacement, agency=agency).exists():
            dispatch_document(actor=actor, document=replacement, agencies=[agency], medium=Medium.EXCHANGE)
        note = _("Replaced by %(number)s: %(reason)s") % {"number": replacement.number_text, "reason": reason}
    else:
        code = exchange_business.TYPE_OF_KIND[kind]
        package = exchange.export_document(
            document, [agency], exchange_business.Business(code, reason, _identifier(document))
        )
    record_dispatch_status(actor=actor, dispatch=dispatch, status=ASKED[kind], note=note)
    return package


# --- the Office as receiver -----------------------------------------------------------------------------


def _keep(document: IncomingDocument, content: bytes) -> str:
    name = f"exchange/requests/incoming-{document.pk}-{timezone.now():%Y%m%d%H%M%S%f}.edxml"
    return str(default_storage.save(name, ContentFile(content)))


def _waiting(document: IncomingDocument) -> bool:
    return document.recall_asked_at is not None and not document.recall_answer


def _ask(
    actor: Any,
    document: IncomingDocument,
    *,
    kind: str,
    at: datetime,
    reason: str,
    content: bytes,
    keep: bool,
) -> IncomingDocument:
    digest = hashlib.sha256(content).hexdigest()
    earlier = next((r for r in document.exchange_requests if r.get("digest") == digest), None)
    if earlier is not None:  # the same package, sent or uploaded again: recorded once
        raise ValidationError(
            _("This package was already recorded on the document on %(at)s.")
            % {"at": _shown(earlier.get("asked_at"))}
        )
    if _waiting(document):
        raise ValidationError(
            _("The sender's request (%(kind)s) is already waiting for an answer.")
            % {"kind": document.get_recall_kind_display()}
        )
    if document.state in ("recalled", "returned"):
        raise ValidationError(
            _("The document is “%(state)s”: nothing more is asked of it.") % {"state": document.state_label}
        )
    document.recall_kind, document.recall_asked_at, document.recall_reason = kind, at, reason[:300]
    document.recall_answer = ""
    document.recall_package = _keep(document, content) if keep else ""
    document.exchange_requests = [
        *document.exchange_requests,
        {"kind": kind, "asked_at": at.isoformat(), "reason": reason[:300], "digest": digest, "answer": ""},
    ]
    document.save(
        update_fields=[
            "recall_kind",
            "recall_asked_at",
            "recall_reason",
            "recall_answer",
            "recall_package",
            "exchange_requests",
        ]
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        message=f"Nơi gửi đề nghị {document.get_recall_kind_display()}: {document.recall_reason}"[:300],
    )
    return document


def _check_replacement(package: exchange.Package) -> None:
    """A replacing document is another document, not registered yet: never the one it replaces, never one
    the Office already has (it would be registered twice)."""
    if package.business.kind != exchange_business.REPLACE:
        return
    if package.document_id == package.business.target:
        raise ValidationError(_("A document does not replace itself."))
    same = IncomingDocument.objects.filter(exchange_id__startswith=f"{package.document_id}#").first()
    if same is not None:
        raise ValidationError(
            _("The replacing document %(id)s is already registered, arrival number %(number)02d/%(year)s.")
            % {"id": package.document_id, "number": same.arrival_number, "year": same.year}
        )


def _target(package: exchange.Package) -> IncomingDocument:
    """The document received by exchange that a package revokes, updates or replaces: the sender's own."""
    target = package.business.target
    owner = target.partition(",")[0]
    found = (
        IncomingDocument.objects.select_for_update()
        .filter(exchange_id__startswith=f"{target}#")
        .order_by("-pk")
        .first()
    )
    if found is None or owner != package.sender_code:
        raise ValidationError(
            _(
                "The package is about document %(id)s, which this Office did not receive from %(code)s "
                "by exchange."
            )
            % {"id": target, "code": package.sender_code}
        )
    return found


@transaction.atomic
def receive_exchange(*, actor: Any, content: bytes) -> tuple[IncomingDocument, str]:
    """A package from the exchange: a new document is registered ("new"); a revocation, an update or a
    replacement is recorded on the document it is about, to be answered ("revoke", "update", "replace")."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    package = exchange.read_package(content)
    if package.business.kind == exchange_business.NEW:
        return import_package(actor=actor, package=package), "new"
    _check_replacement(package)
    document = _target(package)
    _require_view(actor, document)
    kind = package.business.name
    _ask(
        actor,
        document,
        kind=kind,
        at=timezone.now(),
        reason=package.business.reason,
        content=content,
        keep=True,
    )
    return document, kind


@transaction.atomic
def record_recall_request(*, actor: Any, document: IncomingDocument, content: bytes) -> IncomingDocument:
    """On the page of a document received by exchange: the sender's request to take it back (its status
    package, code 13), or its package revoking, updating or replacing it."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    _require_view(actor, document)
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    if not document.exchange_id:
        raise ValidationError(_("This document was not received by electronic exchange."))
    own_id = document.exchange_id.split("#", 1)[0]
    if exchange.is_document_package(content):
        package = exchange.read_package(content)
        if package.business.kind == exchange_business.NEW:
            raise ValidationError(_("This package is a new document: register it from the exchange page."))
        if package.business.target != own_id:
            raise ValidationError(
                _("The package is about another document: %(id)s") % {"id": package.business.target}
            )
        _target(package)  # the sender's own document
        _check_replacement(package)
        return _ask(
            actor,
            document,
            kind=package.business.name,
            at=timezone.now(),
            reason=package.business.reason,
            content=content,
            keep=True,
        )
    status = exchange.read_status(content)
    if status.code != "13":
        raise ValidationError(
            _("This status package is not a request to take the document back (its code is %(code)s).")
            % {"code": status.code}
        )
    if status.document_id != own_id:
        raise ValidationError(_("The status is about another document: %(id)s") % {"id": status.document_id})
    if document.sender is not None and document.sender.code and document.sender.code != status.sender_code:
        raise ValidationError(
            _("The request comes from %(code)s, not from the sender of the document.")
            % {"code": status.sender_code}
        )
    assert status.at is not None
    return _ask(
        actor, document, kind="recall", at=status.at, reason=status.description, content=content, keep=False
    )


def pending_package(document: IncomingDocument) -> exchange.Package | None:
    """The package of the request waiting on the document (an update, a replacement), checked again."""
    if not document.recall_package:
        return None
    with default_storage.open(document.recall_package, "rb") as handle:
        return exchange.read_package(handle.read())


def request_preview(document: IncomingDocument) -> dict[str, Any]:
    """What the clerk sees before answering a request: an update's changes to the register line, the
    replacing document, or why the package can no longer be read."""
    if not _waiting(document) or document.recall_kind not in ("update", "replace"):
        return {}
    try:
        package = pending_package(document)
    except (ValidationError, OSError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(_("The file is missing."))]
        return {"problem": " ".join(messages)}
    if package is None:
        return {}
    files = [f.name for f in package.files]
    if document.recall_kind == "replace":
        return {"replacement": package, "files": files}
    return {"changes": proposed_changes(document, package), "files": files}


def proposed_changes(document: IncomingDocument, package: exchange.Package) -> list[tuple[str, Any, Any]]:
    """Each field of the register line an update changes: (label, now, proposed)."""
    changes = []
    for name, value in _proposed(package).items():
        now = getattr(document, name)
        if now == value:
            continue
        field = IncomingDocument._meta.get_field(name)
        shown = dict(getattr(field, "flatchoices", None) or ())  # a type or an urgency as staff read it
        changes.append(
            (str(getattr(field, "verbose_name", name)), shown.get(now, now), shown.get(value, value))
        )
    return changes


def _proposed(package: exchange.Package) -> dict[str, Any]:
    return {
        "reference": package.reference,
        "issued_on": package.issued_on,
        "doc_type": package.doc_type,
        "summary": package.subject[:500],
        "signer": package.signer,
        "urgency": package.urgency,
        "pages": package.pages,
        "reply_by": package.due_on,
    }


def _apply_update(actor: Any, document: IncomingDocument) -> None:
    package = pending_package(document)
    if package is None:
        raise ValidationError(_("The sender's package is no longer kept: ask the sender to send it again."))
    changes = {
        name: {"before": _plain(getattr(document, name)), "after": _plain(value)}
        for name, value in _proposed(package).items()
        if getattr(document, name) != value
    }
    for name, value in _proposed(package).items():
        setattr(document, name, value)
    document.folded_summary = fold(document.summary)[:500]
    document.full_clean()
    document.save()
    kept = set(
        Attachment.objects.filter(
            object_type=audit.object_type_of(document), object_id=document.pk
        ).values_list("sha256", flat=True)
    )
    new_files = [f for f in exchange.package_files(package) if _sha256(f) not in kept]
    for stored in core_services.attach_files(actor=actor, record=document, files=new_files, registering=True):
        if stored.content_type == "application/pdf":  # the sender's new file: its signatures checked too
            with stored.file.open("rb") as handle:
                record_signatures(document, handle.read(), sha256=stored.sha256, name=stored.name)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=document,
        changes=changes,
        message="Cập nhật theo gói của nơi gửi",
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _sha256(upload: Any) -> str:
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    upload.seek(0)
    return digest


def request_token(document: IncomingDocument) -> str:
    """What the answer form carries of the request it shows: an answer to another request is refused."""
    return document.recall_asked_at.isoformat() if document.recall_asked_at else ""


def _shown(moment: Any) -> str:
    try:
        return f"{timezone.localtime(datetime.fromisoformat(str(moment))):%d/%m/%Y %H:%M}"
    except ValueError:
        return str(moment or "—")


def request_history(document: IncomingDocument) -> list[dict[str, Any]]:
    """The sender's requests and the Office's answers, oldest first, as the document's page lists them:
    each answered one with its status package to download again (`answer_package`, by `n`)."""
    kinds = dict(IncomingDocument._meta.get_field("recall_kind").flatchoices)
    answers = {"agreed": _("The Office agreed (15)"), "refused": _("The Office refused (16)")}
    history = []
    for n, entry in enumerate(document.exchange_requests, start=1):
        history.append(
            {
                "n": n,
                "position": str(n),  # in the link to its answer package
                "kind": kinds.get(entry.get("kind"), entry.get("kind")),
                "asked_at": _moment(entry.get("asked_at")),
                "reason": entry.get("reason", ""),
                "answer": answers.get(entry.get("answer", ""), ""),
                "answered_at": _moment(entry.get("answered_at")),
                "answered_by": entry.get("answered_by", ""),
                "note": entry.get("note", ""),
            }
        )
    return history


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def answer_package(document: IncomingDocument, n: int | None = None) -> bytes:
    """The status package of the Office's answer (15 or 16) to the sender's request `n` (from 1; the last
    answered one when None), as it was made: its note, its author, its time; downloaded again at any time."""
    requests = document.exchange_requests
    if n is not None:
        answered = requests[n - 1] if 1 <= n <= len(requests) and requests[n - 1].get("answer") else None
    else:
        answered = next((r for r in reversed(requests) if r.get("answer")), None)
    if answered is None or not document.exchange_id:
        raise ValidationError(_("No answer has been given to the sender."))
    return exchange.build_status(
        document_id_value=document.exchange_id.split("#", 1)[0],
        sender_code=exchange.office_code(),
        sender_name=exchange.office_name(),
        code="15" if answered["answer"] == "agreed" else "16",
        description=answered.get("note", ""),
        staff=answered.get("answered_by", ""),
        at=datetime.fromisoformat(answered["answered_at"]),
    )


@transaction.atomic
def answer_recall(
    *, actor: Any, document: IncomingDocument, agree: bool, note: str = "", request: str | None = None
) -> bytes:
    """The Office's answer to what the sender asked, with the status package to send back: agreed (15) or
    refused (16, with the reason). Agreed, a document taken back or revoked leaves handling and its clocks
    stop (the register keeps its line); an update changes the register line and adds the sender's file; a
    replacement registers the new document, linked to this one, which leaves handling."""
    if not can_register(actor):
        raise PermissionDenied(_("You may not register documents."))
    _require_view(actor, document)
    document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
    if not _waiting(document):
        raise ValidationError(_("No request to take this document back is waiting for an answer."))
    if request is not None and request != request_token(document):
        raise ValidationError(
            _("The sender's request has changed since the page was opened: read it again, then answer.")
        )
    note = nfc(note).strip()
    if not agree and len(note) < RECALL_REASON_MIN:
        raise ValidationError({"note": _("Say why it is not given back (at least 10 characters).")})
    kind = document.recall_kind
    done = {
        "recall": _("Taken back at the sender's request"),
        "revoke": _("Revoked at the sender's request"),
        "update": _("Updated as the sender asked"),
        "replace": _("Replaced at the sender's request"),
    }[kind]
    if agree and kind == "update":
        _apply_update(actor, document)
    elif agree:
        if document.state not in ("registered", "routed"):
            raise ValidationError(
                _("A document “%(state)s” is no longer given back: refuse, with the reason.")
                % {"state": document.state_label}
            )
        reason = note or done
        if kind == "replace":
            package = pending_package(document)
            if package is None:
                raise ValidationError(
                    _("The sender's package is no longer kept: ask the sender to send it again.")
                )
            new = import_package(actor=actor, package=package)
            links.link_records(actor=actor, record=document, other=new, note=str(_("Replaced by")))
            reason = _("Replaced by arrival number %(number)02d/%(year)s (%(reference)s)") % {
                "number": new.arrival_number,
                "year": new.year,
                "reference": new.reference,
            }
        from chancery.documents.services.incoming import _stop_clocks

        today = timezone.localdate()
        IncomingDocument.objects.filter(pk=document.pk).update(outcome=reason[:500], closed_on=today)
        document = casework.transition(actor=actor, case=document, name="recall", data={"reason": reason})
        _stop_clocks(actor, document, today, str(done))
    answered = {
        "answer": "agreed" if agree else "refused",
        "answered_at": timezone.now().isoformat(),
        "answered_by": getattr(actor, "full_name", "") or str(actor),
        "note": note or str(done),
    }
    requests = list(document.exchange_requests)
    if requests:
        requests[-1] = {**requests[-1], **answered}
    IncomingDocument.objects.filter(pk=document.pk).update(
        recall_answer=answered["answer"], exchange_requests=requests
    )
    document.refresh_from_db()
    if not agree:
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=document,
            message=f"Từ chối đề nghị {document.get_recall_kind_display()} của nơi gửi: {note}"[:300],
        )
    return answer_package(document)
