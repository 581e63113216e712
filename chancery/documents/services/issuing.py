"""Outgoing documents, number, signature and issue: a number reserved in its series when the draft goes for
signature, confirmed when the signed document is issued, cancelled (and kept in the register) when unused."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.core import access, audit
from chancery.core import services as core_services
from chancery.core.models import (
    AssignmentKind,
    AuditAction,
    NotificationKind,
    RoleCode,
    SecrecyLevel,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import nfc
from chancery.documents import rules
from chancery.documents.models import (
    ApprovalStep,
    DocumentNumber,
    NumberStatus,
    OutgoingDocument,
)
from chancery.documents.services.common import _require_change, can_register, clerical_unit, record_signatures
from chancery.documents.services.drafting import (
    _assign_person,
    _may_sign_for_president,
    _store_version,
    may_sign_documents,
)

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


can_sign = access.can_sign_document


@transaction.atomic
def send_for_signature(*, actor: Any, document: OutgoingDocument, on: date | None = None) -> DocumentNumber:
    """Trình ký — the approved document goes to its signer with a number reserved in its series, so that the
    signed file carries it. The number is taken under the register's lock: never the same twice."""
    on = on or timezone.localdate()
    _require_change(actor, document)
    from chancery.documents import drafting

    drafting.check_annex(document)  # an act naming a list it does not carry is not signed
    document = casework.transition(actor=actor, case=document, name="to_signing")
    entry = _reserve(actor, document, on)

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
    # the seal of whom it is issued in the name of: the President's on a Lệnh or a President's decision
    sealed = signing.sign(content, reason=f"Ban hành văn bản số {entry.text}", holder=document.issuer)
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
