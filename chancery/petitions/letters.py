"""The letters the Office sends about petitions, as DOCX in the national administrative format (Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman 13–14, the issuing body and number on the left, the national
motto on the right, "Kính gửi", the text, "Nơi nhận" and the signature).

Each kind of letter has a template the office may edit in a word processor, kept under
`letter_templates/<kind>.docx`; the layout, the built-in template and the PDF are chancery.documents.layout's,
shared with every document the Office generates.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from chancery.core import access
from chancery.core.provinces import place_text
from chancery.core.text import fold
from chancery.documents import layout
from chancery.petitions import rules, selectors
from chancery.petitions.models import Field, Forwarding, LetterKind, Petition, PetitionKind

OFFICE = "VĂN PHÒNG CHỦ TỊCH NƯỚC"
SUBJECTS = {
    LetterKind.FORWARD: "V/v chuyển đơn",
    LetterKind.GUIDE: "V/v hướng dẫn người gửi đơn",
    LetterKind.REMINDER: "V/v đôn đốc giải quyết đơn",
    LetterKind.NOTICE: "V/v thông báo kết quả xử lý đơn",
    LetterKind.TRANSFER: "V/v chuyển thông tin để thanh tra, kiểm tra",
}
FIELDS = layout.FIELDS


def _petitioner_phrase(petition: Petition) -> str:
    """Who sent the petition, as the letter says it: never the denouncer's identity (Luật Tố cáo 2018, Art.
    47), not even in the enclosed copy of the petition (`render_enclosure_pdf`, Art. 56)."""
    if selectors.is_protected(petition):
        return "người tố cáo (thông tin về người tố cáo được giữ bí mật theo Điều 47 Luật Tố cáo năm 2018)"
    if petition.is_anonymous:
        return "người gửi không ghi rõ họ tên"
    person = petition.petitioners.first()
    if person is None:
        return "người gửi đơn"
    address, region = person.address, place_text(person.province_code, person.ward_code)
    if region and fold(region) not in fold(address):
        address = f"{address}, {region}" if address else region
    group = f" và {petition.people_count - 1} người khác" if petition.people_count > 1 else ""
    # a third party named inside a sentence: "ông", "bà" in lower case (the address line writes "Ông", "Bà")
    named = f"{person.addressed_as.lower()} {person.full_name}{group}"
    return named + (f", địa chỉ: {address}" if address else "")


def _civil_dispute(petition: Petition) -> bool:
    return petition.is_civil_dispute or petition.field == Field.CIVIL


def guided_to(petition: Petition, agency: Any) -> str:
    """Whom this petition's guide letter sends the citizen to (rules.guided_to, on the record's facts)."""
    return rules.guided_to(
        rules.Kind(petition.kind),
        agency.name if agency is not None else None,
        civil_dispute=_civil_dispute(petition),
    )


ENCLOSED = (
    "bản sao đơn đã lược bỏ họ tên, địa chỉ, bút tích và các thông tin cá nhân khác của người tố cáo (kèm "
    "theo, theo khoản 2 Điều 56 Luật Tố cáo năm 2018)"
)


def context(forwarding: Forwarding) -> dict[str, Any]:
    """What a letter says. A protected petition's summary is written redacted (a letter leaves the Office),
    and its forwarding encloses the redacted copy, not the letter in the denouncer's hand."""
    petition = forwarding.petition
    agency = forwarding.agency
    kind = petition.get_kind_display().lower()
    received = f"{petition.received_on:%d/%m/%Y}"
    who = _petitioner_phrase(petition)
    protected = selectors.is_protected(petition)
    about = access.redacted_text(None, petition, petition.summary).rstrip(" .")  # the sentence ends it
    closing = (
        "Văn phòng Chủ tịch nước trân trọng đề nghị."  # to an agency; the guide letter informs the citizen
    )
    if forwarding.letter == LetterKind.FORWARD:
        recipient = agency.name if agency else ""
        # the result goes to the denouncer (Luật Tố cáo 2018 Art. 40), through the agency, never by name here
        told = "người tố cáo" if petition.kind == PetitionKind.DENUNCIATION else "người gửi đơn"
        answer = (
            f" và thông báo kết quả cho {told} và Văn phòng Chủ tịch nước trước ngày "
            f"{forwarding.answer_by:%d/%m/%Y}"
            if forwarding.answer_by
            else f" và thông báo kết quả cho {told}"
        )
        sent = ENCLOSED if protected else "đơn (kèm theo)"
        body = (
            f"Văn phòng Chủ tịch nước nhận được đơn {kind} của {who}, vào sổ ngày {received}, số "
            f"{petition.registry_number}, về việc: {about}.\n"
            f"Căn cứ quy định của pháp luật về khiếu nại, tố cáo, tiếp công dân và xử lý đơn, Văn phòng Chủ "
            f"tịch nước chuyển {sent} đến {recipient} để xem xét, giải quyết theo thẩm quyền{answer}."
        )
        copies = ["Như trên;", "Người gửi đơn (để biết);", "Lưu: VT, TCD."]
        if protected:
            copies = ["Như trên;", "Lưu: VT, TCD."]
    elif forwarding.letter == LetterKind.GUIDE:
        person = petition.petitioners.first()
        you = person.addressed_as if person else "Ông/Bà"
        recipient = f"{you} {person.full_name}" if person else "Người gửi đơn"
        target = guided_to(petition, agency)
        where = f" ({agency.address})" if agency and agency.address and agency.name in target else ""
        body = (
            f"Văn phòng Chủ tịch nước nhận được đơn {kind} của {you}, vào sổ ngày {received}, số "
            f"{petition.registry_number}, về việc: {about}.\n"
            f"{rules.guide_ground(civil_dispute=_civil_dispute(petition))} Đề nghị {you} gửi đơn đến "
            f"{target}{where} để được xem xét, giải quyết theo quy định của pháp luật."
        )
        closing = f"Văn phòng Chủ tịch nước thông báo để {you} biết và thực hiện."
        copies = ["Như trên;", "Lưu: VT, TCD."]
    elif forwarding.letter == LetterKind.TRANSFER:
        recipient = agency.name if agency else ""
        body = (
            f"Văn phòng Chủ tịch nước nhận được thông tin có nội dung tố cáo, vào sổ ngày {received}, số "
            f"{petition.registry_number}, về việc: {about}, không xác định được người tố cáo. "
            "Thông tin có nội dung rõ ràng về người có hành vi vi phạm pháp luật và có tài liệu, chứng cứ "
            f"cụ thể.\nCăn cứ khoản 2 Điều 25 Luật Tố cáo năm 2018, Văn phòng Chủ tịch nước chuyển thông tin "
            f"(kèm theo) đến {recipient} để tiến hành thanh tra, kiểm tra theo thẩm quyền, phục vụ công tác "
            f"quản lý."
        )
        copies = ["Như trên;", "Lưu: VT, TCD."]
    else:
        recipient = agency.name if agency else ""
        first = petition.forwardings.filter(letter=LetterKind.FORWARD).first()
        sent = f"Công văn số {first.number} {layout.written_date(first.sent_on)}" if first else "công văn"
        body = (
            f"Văn phòng Chủ tịch nước đã có {sent} chuyển đơn số {petition.registry_number} về việc: "
            f"{about} đến {recipient} để xem xét, giải quyết theo thẩm quyền. Đến nay, Văn phòng "
            f"Chủ tịch nước chưa nhận được thông báo kết quả giải quyết.\n"
            f"Đề nghị {recipient} khẩn trương xem xét, giải quyết và thông báo kết quả cho người gửi đơn và "
            f"Văn phòng Chủ tịch nước."
        )
        copies = ["Như trên;", "Lưu: VT, TCD."]
    return {
        "office": OFFICE,
        "number": f"Số: {forwarding.number}",
        "subject": SUBJECTS[LetterKind(forwarding.letter)],
        "place_date": layout.vietnamese_date(forwarding.sent_on),
        "recipient": recipient,
        "body": body,
        "closing": closing,
        "copies": copies,
        "signer_title": forwarding.signer_title or SIGNATURE_BLOCK,
        "signer_name": forwarding.signed_by or "",
    }


# The Office's standing delegation for the letters on petitions: the Director of the Justice Department signs
# them "thừa lệnh" the head of the Office (TL.); a letter signed otherwise carries its own block.
SIGNATURE_BLOCK = "TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP"


default_template = layout.default_template


def _template_path(letter: str) -> str:
    return f"letter_templates/{letter}.docx"


def template_bytes(letter: str) -> bytes:
    """The current template of a kind of letter: the office's own if uploaded, else the built-in one."""
    return layout.template_bytes(_template_path(letter))


def save_template(letter: str, content: bytes) -> None:
    """Keep an edited template; refused if it is not a DOCX or uses a field the letters do not fill."""
    if letter not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    layout.save_template(_template_path(letter), content)


def is_customised(letter: str) -> bool:
    return layout.is_customised(_template_path(letter))


def reset_template(letter: str) -> None:
    if letter not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    layout.reset_template(_template_path(letter))


def render(forwarding: Forwarding) -> bytes:
    return layout.render_docx(template_bytes(forwarding.letter), context(forwarding))


def render_into(forwarding: Forwarding) -> None:
    """Write the letter's text and its DOCX file onto the letter."""
    values = context(forwarding)
    forwarding.body = values["body"]
    forwarding.document.save(
        f"{forwarding.number.replace('/', '-')}.docx", ContentFile(render(forwarding)), save=False
    )
    forwarding.save(update_fields=["body", "document"])


def render_pdf(forwarding: Forwarding) -> bytes:
    """The letter as PDF, laid out as the built-in template."""
    return layout.render_pdf(context(forwarding))


def to_the_petitioner(forwarding: Forwarding) -> bool:
    """A letter addressed to the petitioner names them (a guidance letter, a notice): for a protected petition
    only its handlers download it."""
    return forwarding.letter in (LetterKind.GUIDE, LetterKind.NOTICE)


def signs(user: Any, forwarding: Forwarding) -> bool:
    """Whether `user` is the person named under the letter's signature (who alone signs it digitally)."""
    named = fold(forwarding.signed_by)
    return bool(named) and fold(user.get_full_name()) == named


def has_enclosure(forwarding: Forwarding) -> bool:
    """A forwarding (or a transfer for inspection) of a protected petition encloses the redacted copy
    (`render_enclosure_pdf`)."""
    return forwarding.letter in (LetterKind.FORWARD, LetterKind.TRANSFER) and selectors.is_protected(
        forwarding.petition
    )


def render_enclosure_pdf(forwarding: Forwarding) -> bytes:
    """Bản sao đơn đã lược bỏ thông tin về người tố cáo — the copy of a protected petition a forwarding
    encloses instead of the letter in the denouncer's hand (Luật Tố cáo 2018, Art. 56 k. 2): its summary and
    content with the denouncer's identity removed (access.redacted_text for no reader: the same for whoever
    prints it), and what was removed said so. The scans the denouncer sent (their handwriting) are not
    enclosed."""
    petition = forwarding.petition
    shown = access.text_redactor(None, petition)
    pdf = layout.vietnamese_pdf()
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    def write(text: str, style: str = "", size: int = 13, align: str = "J", height: int = 7) -> None:
        pdf.set_font("Letter", style, size)
        pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    write(OFFICE, "B", 12, "C", 6)
    pdf.ln(4)
    write("BẢN SAO ĐƠN TỐ CÁO ĐÃ LƯỢC BỎ THÔNG TIN VỀ NGƯỜI TỐ CÁO", "B", 13, "C")
    write(
        f"(Kèm theo Công văn số {forwarding.number} {layout.written_date(forwarding.sent_on)} của Văn phòng "
        "Chủ tịch nước)",
        "I",
        12,
        "C",
        6,
    )
    pdf.ln(4)
    write(f"Đơn số: {petition.registry_number}, vào sổ ngày {petition.received_on:%d/%m/%Y}", align="L")
    write(f"Loại đơn: {petition.get_kind_display()}", align="L")
    write(f"Tóm tắt: {shown(petition.summary)}", align="L")
    pdf.ln(2)
    write("Nội dung đơn:", "B", align="L")
    for paragraph in shown(petition.content).split("\n"):
        write(paragraph)
    pdf.ln(4)
    write(
        "Ghi chú: họ tên, địa chỉ, số giấy tờ tùy thân, số điện thoại, thư điện tử, chữ ký và các thông tin "
        "cá nhân khác của người tố cáo đã được lược bỏ (***) theo khoản 2 Điều 56 Luật Tố cáo năm 2018; bản "
        "chụp đơn và tài liệu mang bút tích của người tố cáo không gửi kèm. Tài liệu được quản lý theo chế "
        "độ mật.",
        "I",
        11,
        height=6,
    )
    return bytes(pdf.output())
