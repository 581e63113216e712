"""Promulgation's write operations: a law or ordinance registered when passed (its clocks start from the day
of passing), notes on the text, an ordinance's reconsideration, the order of promulgation drafted from the
template and issued through the documents module, and the promulgation recorded from the issued order."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chancery.casework import services as casework
from chancery.core import access, audit
from chancery.core.models import AuditAction
from chancery.core.text import nfc

from . import rules
from .models import DraftLaw, Statute, StatuteNote

can_register = access.can_register_for_unit  # one rule, in the access policy


@transaction.atomic
def register_statute(
    *, actor: Any, kind: str, title: str, passed_on: date, number: str = "", session: str = ""
) -> Statute:
    """Register a law or ordinance on the day it is passed; the clock to its promulgation (15 calendar days)
    and, for an ordinance, the clock to a request for reconsideration (10 days) start from that day."""
    if not can_register(actor):
        raise PermissionDenied("Không có quyền vào sổ luật, pháp lệnh.")
    if kind not in rules.KINDS:
        raise ValidationError({"kind": "Chọn luật hoặc pháp lệnh."})
    if passed_on > timezone.localdate():
        raise ValidationError({"passed_on": "Ngày thông qua không thể sau hôm nay."})
    statute = Statute(
        owning_unit=actor.unit,
        kind=kind,
        title=nfc(title).strip(),
        number=nfc(number).strip(),
        session=nfc(session).strip(),
        passed_on=passed_on,
        created_by=actor,
    )
    statute.full_clean(exclude=["owning_unit", "created_by", "order_document"])
    statute.save()
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=statute,
        message=f"Vào sổ {statute.full_title}, {statute.passed_by} thông qua ngày {passed_on:%d/%m/%Y}",
    )
    casework.start_clock(
        actor=actor,
        record=statute,
        kind=rules.PROMULGATION,
        label=f"Công bố {rules.KINDS[kind].lower()}",
        days=rules.PROMULGATION_DAYS,
        unit=rules.UNIT,
        started_on=passed_on,
    )
    if kind == rules.ORDINANCE:
        casework.start_clock(
            actor=actor,
            record=statute,
            kind=rules.RECONSIDERATION,
            label="Đề nghị Ủy ban Thường vụ Quốc hội xem xét lại",
            days=rules.RECONSIDERATION_DAYS,
            unit=rules.UNIT,
            started_on=passed_on,
        )
    return statute


@transaction.atomic
def add_note(*, actor: Any, statute: Statute, text: str) -> StatuteNote:
    if not access.can_change(actor, statute):
        raise PermissionDenied("Không có quyền ghi ý kiến về văn bản này.")
    text = nfc(text).strip()
    if len(text) < 5:
        raise ValidationError({"text": "Ghi nội dung ý kiến."})
    note = StatuteNote.objects.create(statute=statute, author=actor, text=text)
    audit.record(
        action=AuditAction.UPDATE, actor=actor, subject=statute, message=f"Ý kiến nghiên cứu: {text}"
    )
    return note


def request_reconsideration(*, actor: Any, statute: Statute, reason: str, on: date | None = None) -> Statute:
    """The President's request that the Standing Committee reconsider an ordinance (within 10 days)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        statute = casework.transition(
            actor=actor, case=statute, name="request_reconsideration", data={"reason": nfc(reason), "on": on}
        )
        Statute.objects.filter(pk=statute.pk).update(
            reconsideration_requested_on=on, reconsideration_reason=nfc(reason).strip()
        )
    statute.refresh_from_db()
    return statute


def record_repassing(*, actor: Any, statute: Statute, on: date) -> Statute:
    """The Committee passed the ordinance again: a new 15-day clock to promulgate runs from that day."""
    if on > timezone.localdate():
        raise ValidationError({"on": "Ngày thông qua lại không thể sau hôm nay."})
    with transaction.atomic():
        statute = casework.transition(actor=actor, case=statute, name="repass", data={"on": on})
        Statute.objects.filter(pk=statute.pk).update(repassed_on=on)
    statute.refresh_from_db()
    return statute


def refer_to_assembly(*, actor: Any, statute: Statute, reason: str, on: date | None = None) -> Statute:
    """The President still disagrees with the ordinance passed again: submitted to the National Assembly."""
    return casework.transition(
        actor=actor,
        case=statute,
        name="refer_to_assembly",
        data={"reason": nfc(reason), "on": on or timezone.localdate()},
    )


def order_values(statute: Statute, signer: Any = None) -> dict[str, Any]:
    """The order of promulgation (Lệnh công bố) in the national format."""
    from chancery.documents import layout
    from chancery.documents import rules as document_rules

    passed = statute.repassed_on or statute.passed_on
    what = statute.full_title + (f" số {statute.number}" if statute.number else "")
    body = "\n".join(
        [
            "LỆNH",
            f"Về việc công bố {statute.full_title}",
            "",
            "CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Căn cứ Điều 88 và Điều 91 của Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Căn cứ Điều 43 của Luật Ban hành văn bản quy phạm pháp luật,",
            "",
            "NAY CÔNG BỐ:",
            f"{what} đã được {statute.passed_by}"
            + (f" {statute.session}" if statute.session else "")
            + f" thông qua ngày {passed.day} tháng {passed.month} năm {passed.year}.",
        ]
    )
    return {
        "office": document_rules.ISSUER_NAME[document_rules.Issuer.PRESIDENT],
        "number": "Số:        /L-CTN",
        "subject": "",
        "place_date": f"{layout.PLACE}, ngày      tháng      năm {timezone.localdate().year}",
        "recipient": "",
        "body": body,
        "closing": "",
        "copies": [],
        "signer_title": "CHỦ TỊCH NƯỚC",
        "signer_name": signer.full_name if signer is not None else "",  # under the signature (Phụ lục I)
    }


@transaction.atomic
def draft_order(*, actor: Any, statute: Statute, signer: Any) -> Statute:
    """The order of promulgation drafted from the template of a Lệnh, as an outgoing document of the
    President that goes on in Documents (approval, signature, a number from the register of orders)."""
    from chancery.documents import drafting, layout
    from chancery.documents import rules as document_rules
    from chancery.documents import services as documents

    statute = Statute.objects.select_for_update().get(pk=statute.pk)
    if not access.can_change(actor, statute):
        raise PermissionDenied("Không có quyền dự thảo lệnh công bố.")
    if statute.state not in ("passed", "repassed"):
        raise ValidationError(
            f"{statute.full_title} đang “{statute.state_label}”: chưa dự thảo lệnh công bố được."
        )
    current = statute.order_document
    if current is not None and current.state not in ("withdrawn",):
        raise ValidationError("Đã có dự thảo lệnh công bố: tiếp tục xử lý trong phân hệ Văn bản.")
    document = documents.draft_from_file(
        actor=actor,
        data=documents.DraftData(
            issuer=document_rules.Issuer.PRESIDENT,
            doc_type="lenh",
            summary=f"Về việc công bố {statute.full_title}",
            is_normative=True,
            signer=signer,
            signer_title=documents.president_signature(signer, deputy=False),
        ),
        content=layout.render_docx(drafting.template_bytes("lenh"), order_values(statute, signer)),
        name=f"lenh-cong-bo-{statute.pk}.docx",
        note="Dự thảo từ mẫu Lệnh công bố",
    )
    Statute.objects.filter(pk=statute.pk).update(order_document=document)
    statute.order_document = document
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=statute,
        message=f"Dự thảo lệnh công bố {statute.full_title}",
    )
    return statute


def record_promulgation(*, actor: Any, statute: Statute) -> Statute:
    """Once the order is signed and issued: its number and date on the register, the clocks stopped (met or
    missed by that date)."""
    statute = Statute.objects.select_related("order_document").get(pk=statute.pk)
    document = statute.order_document
    if document is None or document.state != "issued" or document.issued_on is None:
        raise ValidationError("Lệnh công bố chưa được ký ban hành.")
    with transaction.atomic():
        statute = casework.transition(
            actor=actor, case=statute, name="promulgate", data={"on": document.issued_on}
        )
        Statute.objects.filter(pk=statute.pk).update(
            order_number=document.number_text, promulgated_on=document.issued_on
        )
    statute.refresh_from_db()
    return statute


# --- draft laws sent for the office's comments ----------


@transaction.atomic
def register_draft(
    *,
    actor: Any,
    title: str,
    sender_name: str,
    received_on: date,
    comments_due_on: date,
    reference: str = "",
    sender: Any = None,
) -> DraftLaw:
    """A draft law or ordinance received for comments: its clock runs from the day of receipt to the due
    date the request gives (calendar days; a due date on a day off moves to the next working day)."""
    if not can_register(actor):
        raise PermissionDenied("Không có quyền vào sổ dự án luật xin ý kiến.")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "Ngày nhận không thể sau hôm nay."})
    days = (comments_due_on - received_on).days
    if days < 1:
        raise ValidationError({"comments_due_on": "Hạn gửi ý kiến phải sau ngày nhận."})
    if days > rules.COMMENTS_MAX_DAYS:
        raise ValidationError(
            {
                "comments_due_on": f"Hạn gửi ý kiến quá {rules.COMMENTS_MAX_DAYS} ngày kể từ ngày nhận: "
                "kiểm tra lại."
            }
        )
    draft = DraftLaw(
        owning_unit=actor.unit,
        title=nfc(title).strip(),
        sender=sender,
        sender_name=nfc(sender_name or (sender.name if sender else "")).strip(),
        reference=nfc(reference).strip(),
        received_on=received_on,
        comments_due_on=comments_due_on,
        created_by=actor,
    )
    draft.full_clean(exclude=["owning_unit", "created_by", "sender"])
    draft.save()
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=draft,
        message=f"Nhận {draft.title} xin ý kiến ({draft.sender_name}), hạn {comments_due_on:%d/%m/%Y}",
    )
    casework.start_clock(
        actor=actor,
        record=draft,
        kind=rules.COMMENTS,
        label="Gửi ý kiến về dự án",
        days=days,
        unit=rules.UNIT,
        started_on=received_on,
    )
    return draft


def send_comments(
    *, actor: Any, draft: DraftLaw, comments: str, on: date | None = None, reply_number: str = ""
) -> DraftLaw:
    """The office's comments sent: the clock stops on that day, met or missed."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": "Ngày gửi ý kiến không thể sau hôm nay."})
    if on < draft.received_on:
        raise ValidationError({"on": "Ngày gửi ý kiến không thể trước ngày nhận dự án."})
    comments = nfc(comments).strip()
    with transaction.atomic():
        draft = casework.transition(
            actor=actor, case=draft, name="answer", data={"comments": comments, "on": on}
        )
        DraftLaw.objects.filter(pk=draft.pk).update(
            comments=comments, answered_on=on, reply_number=nfc(reply_number).strip()
        )
    draft.refresh_from_db()
    return draft


def withdraw_draft(*, actor: Any, draft: DraftLaw, reason: str, on: date | None = None) -> DraftLaw:
    return casework.transition(
        actor=actor,
        case=draft,
        name="withdraw",
        data={"reason": nfc(reason), "on": on or timezone.localdate()},
    )
