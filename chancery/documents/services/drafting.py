"""Outgoing documents, drafting: the draft's facts, its versions (from the template or an uploaded file) and
the signature block in the President's name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core import services as core_services
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    AuditAction,
    RoleCode,
    SecrecyLevel,
    User,
)
from chancery.core.text import fold, nfc, nfc_lines
from chancery.documents import rules
from chancery.documents.models import (
    DraftVersion,
    IncomingDocument,
    OutgoingDocument,
    UrgencyLevel,
)
from chancery.documents.services.common import (
    _TYPES,
    _check_clearance,
    _require_change,
    _require_view,
    can_draft,
)

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


SIGNING_ROLES = access.SIGNING_ROLES


may_sign_documents = access.may_sign_documents


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
