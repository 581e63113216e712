"""Petitions, after the decision: the letters, reminders, the agency's answer, closing and extending."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.casework import services as casework
from chancery.casework.models import LegalClock
from chancery.core import access, audit
from chancery.core import services as core_services
from chancery.core.models import Agency, AuditAction
from chancery.core.text import nfc
from chancery.petitions import rules
from chancery.petitions import selectors as petition_selectors
from chancery.petitions.models import (
    Forwarding,
    LetterKind,
    Petition,
)
from chancery.petitions.services.clocks import _running, _stop_all
from chancery.petitions.services.intake import OUTGOING_CODE, OUTGOING_NAME, OUTGOING_PATTERN, _require_change

# Audit messages read in Vietnamese, the language of the Office's records.


def _outgoing_number(on: date) -> str:
    return core_services.take_number(code=OUTGOING_CODE, on=on, name=OUTGOING_NAME, pattern=OUTGOING_PATTERN)[
        1
    ]


# What a check may say, each a boolean: the findings of the person deciding (CHECKS), and the facts the
# record already holds (RECORD_FACTS: a check may add them, never deny them; out_of_time is computed from the
# dates).


def _letter(
    actor: Any,
    petition: Petition,
    letter: str,
    agency: Agency | None,
    on: date,
    answer_by: date | None,
    signed_by: str,
    signer_title: str = "",
) -> Forwarding:
    from chancery.documents import rules as document_rules
    from chancery.petitions import letters

    if document_rules.block_has_markup(signer_title):
        raise ValidationError(
            {"signer_title": _("A signature block is the signer's title in words: no <, >, { or }.")}
        )
    block = document_rules.printed_block(signer_title)
    if block and document_rules.issuer_block_problem(document_rules.Issuer.OFFICE, "cong_van", block, ""):
        raise ValidationError(
            {"signer_title": _("The Office's official letters are not signed in the President's name.")}
        )
    if block and document_rules.signature_block_problem(block, "") in (
        "deputy_title_missing",
        "not_a_deputy",
    ):
        raise ValidationError(
            {
                "signer_title": _(
                    "“KT.” is a deputy signing for the head: the line below gives the deputy's position "
                    "(for example PHÓ VỤ TRƯỞNG)."
                )
            }
        )
    forwarding = Forwarding.objects.create(
        petition=petition,
        letter=letter,
        agency=agency,
        number=_outgoing_number(on),
        sent_on=on,
        answer_by=answer_by,
        # the standing delegation's letter carries its signer's name too, unless another block is given
        signed_by=nfc(signed_by) or ("" if block else petition_selectors.standing_signer()),
        signer_title=block[:200],
        created_by=actor,
    )
    letters.render_into(forwarding)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={
            "letter": {"before": None, "after": f"{forwarding.get_letter_display()} {forwarding.number}"}
        },
    )
    return forwarding


@transaction.atomic
def send_reminder(
    *, actor: Any, petition: Petition, on: date | None = None, signed_by: str = "", signer_title: str = ""
) -> Forwarding:
    """Đôn đốc — remind the agency a forwarded petition was sent to that its answer is awaited."""
    _require_change(actor, petition)
    if petition.state != "forwarded":
        raise ValidationError(_("Only a forwarded petition awaiting its answer can be followed up."))
    sent = petition.forwardings.filter(letter=LetterKind.FORWARD).last()
    if sent is None:
        raise ValidationError(_("This petition has no forwarding letter."))
    on = on or timezone.localdate()
    # the answer awaited by the date the first letter set; once that date has passed, by none (the reminder
    # asks for it without delay)
    answer_by = sent.answer_by if sent.answer_by is not None and sent.answer_by >= on else None
    return _letter(
        actor,
        petition,
        LetterKind.REMINDER,
        sent.agency,
        on,
        answer_by,
        signed_by,
        signer_title or sent.signer_title,
    )


@transaction.atomic
def record_answer(
    *, actor: Any, petition: Petition, answered_on: date, answer: str, reference: str = ""
) -> Petition:
    """The competent agency's answer to a forwarded petition: recorded on the forwarding letter; the time
    limit given to the agency ends."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.state != "forwarded":
        raise ValidationError(_("Only a forwarded petition awaits an agency's answer."))
    if not nfc(answer):
        raise ValidationError({"answer": _("Give the content of the answer.")})
    sent = petition.forwardings.filter(letter=LetterKind.FORWARD).last()
    if sent is None:
        raise ValidationError(_("This petition has no forwarding letter."))
    if answered_on < sent.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot be dated before the forwarding letter.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer date cannot be in the future.")})
    sent.answered_on, sent.answer, sent.answer_reference = answered_on, nfc(answer), nfc(reference)
    sent.save(update_fields=["answered_on", "answer", "answer_reference"])
    _stop_all(actor, petition, answered_on, "Cơ quan có thẩm quyền đã trả lời")
    casework.transition(actor=actor, case=petition, name="answer", data={"on": answered_on})
    petition.refresh_from_db()
    return petition


@transaction.atomic
def close_petition(
    *, actor: Any, petition: Petition, outcome: str, closed_on: date | None = None
) -> Petition:
    """Kết thúc — close a petition with its outcome (after the agency's answer, after handling, or after the
    petitioner was guided)."""
    _require_change(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    closed_on = closed_on or timezone.localdate()
    if not nfc(outcome):
        raise ValidationError({"outcome": _("Give the outcome.")})
    if closed_on < petition.received_on:
        raise ValidationError({"closed_on": _("A petition cannot close before it was received.")})
    casework.transition(
        actor=actor, case=petition, name="close", data={"reason": nfc(outcome), "on": closed_on}
    )
    _stop_all(actor, petition, closed_on, nfc(outcome)[:200])
    Petition.objects.filter(pk=petition.pk).update(outcome=nfc(outcome), closed_on=closed_on)
    petition.refresh_from_db()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        changes={"outcome": {"before": "", "after": petition.outcome}},
    )
    return petition


@transaction.atomic
def extend_handling(
    *, actor: Any, petition: Petition, days: int, reason: str, especially_complex: bool = False
) -> LegalClock:
    """Gia hạn — extend a time limit only as its law allows (rules.check_extension): the resolution of a
    denunciation the Office handles, once by up to 30 days when complex, twice when especially complex (Luật
    Tố cáo 2018, Art. 30). Every other time limit of a petition is refused with the reason: a complaint's
    longer times are its complex or remote-area facts (Luật Khiếu nại 2011, Art. 28, 37), a denunciation's
    intake is 10 working days when checked in several places (Art. 24)."""
    if not access.can_assign(actor, petition):
        raise PermissionDenied(
            _("Only the head of the unit or the office's leadership may extend a time limit.")
        )
    clocks = _running(petition)
    if not clocks:
        raise ValidationError(_("No time limit is running on this petition."))
    chosen = next((c for c in clocks if c.kind == rules.DENUNCIATION_RESOLUTION.key), clocks[0])
    # Locked: two extensions at the same time must count each other.
    clock = LegalClock.objects.select_for_update().get(pk=chosen.pk)
    refusal = rules.check_extension(
        clock.kind, days=days, already=clock.extensions.count(), especially_complex=especially_complex
    )
    if refusal:
        raise ValidationError({"days": refusal})
    return casework.extend_clock(actor=actor, record=petition, clock=clock, days=days, reason=reason)


@transaction.atomic
def sign_letter(*, actor: Any, forwarding: Forwarding) -> Forwarding:
    """Ký số — the letter made an electronic document (Nghị định 30/2020, Art. 8): its PDF signed by the
    person named under its signature, with their own certificate (documents.signing.signer_for), and then
    sealed with the Office's; kept beside the letter, in the audit trail. Only that person signs, once."""
    from chancery.documents import signing, specimens
    from chancery.petitions import letters

    forwarding = Forwarding.objects.select_for_update().select_related("petition").get(pk=forwarding.pk)
    petition = forwarding.petition
    if not petition_selectors.visible_petitions(actor).filter(pk=petition.pk).exists():
        raise PermissionDenied(_("You may not see that petition."))
    if letters.to_the_petitioner(forwarding) and not petition_selectors.can_see_identity(actor, petition):
        raise PermissionDenied(_("A letter to a denouncer is shown only to those handling the denunciation."))
    if forwarding.signed_file:
        raise ValidationError(
            _("Letter %(number)s was already signed digitally on %(on)s.")
            % {"number": forwarding.number, "on": f"{timezone.localtime(forwarding.signed_at):%d/%m/%Y}"}
        )
    if forwarding.sent_on != timezone.localdate():  # a document's date is the day it is signed (NĐ 30/2020)
        raise ValidationError(
            _(
                "Letter %(number)s is dated %(on)s: it is signed digitally on the day it bears; "
                "a letter sent on paper keeps its signed paper copy."
            )
            % {"number": forwarding.number, "on": f"{forwarding.sent_on:%d/%m/%Y}"}
        )
    named = nfc(forwarding.signed_by)
    if not named:
        raise ValidationError(_("The letter names no signer: it cannot be signed digitally."))
    if not letters.signs(actor, forwarding):
        raise PermissionDenied(
            _("Only %(name)s, who signs this letter, may sign it digitally.") % {"name": named}
        )
    content = signing.sign_as_signer(
        letters.render_pdf(forwarding),
        signer=signing.signer_for(actor),
        name=actor.get_full_name(),
        title=actor.position,
        printed_name=named,
        specimen=specimens.image_of(actor),
        reason=f"Ký công văn số {forwarding.number}",
    )
    sealed = signing.sign(content, reason=f"Ban hành công văn số {forwarding.number}")
    forwarding.signed_file.save(
        f"{forwarding.number.replace('/', '-')}-ky-so.pdf", ContentFile(sealed), save=False
    )
    forwarding.signed_at, forwarding.digital_signer = timezone.now(), actor
    forwarding.save(update_fields=["signed_file", "signed_at", "digital_signer"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=petition,
        message=f"Ký số công văn số {forwarding.number} ({forwarding.get_letter_display().lower()})",
    )
    return forwarding
