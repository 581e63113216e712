"""The letters the Office sends about petitions, as DOCX in the national administrative format (Nghị định
30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman 13–14, the issuing body and number on the left, the national
motto on the right, "Kính gửi", the text, "Nơi nhận" and the signature).

Each kind of letter has a template the office may edit in a word processor: the built-in one is made here
(`default_template`), a changed one is uploaded and kept in storage under `letter_templates/<kind>.docx`
(`save_template`); the letter is rendered with docxtpl from whichever is current, so the fields
({{ number }}, {{ recipient }}, {{ body }}, ...) are the same in both.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from chancery.core.provinces import place_text
from chancery.petitions.models import Forwarding, LetterKind, Petition, PetitionKind

OFFICE = "VĂN PHÒNG CHỦ TỊCH NƯỚC"
PLACE = "Hà Nội"
SUBJECTS = {
    LetterKind.FORWARD: "V/v chuyển đơn",
    LetterKind.GUIDE: "V/v hướng dẫn người gửi đơn",
    LetterKind.REMINDER: "V/v đôn đốc giải quyết đơn",
    LetterKind.NOTICE: "V/v thông báo kết quả xử lý đơn",
}
FIELDS = (
    "office",
    "number",
    "subject",
    "place_date",
    "recipient",
    "body",
    "closing",
    "copies",
    "signer_title",
    "signer_name",
)


def _vietnamese_date(day: date) -> str:
    return f"{PLACE}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _petitioner_phrase(petition: Petition) -> str:
    """Who sent the petition, as the letter says it: never the denouncer's identity (Luật Tố cáo 2018, Art.
    47), which the competent agency reads in the enclosed petition itself."""
    if petition.kind == PetitionKind.DENUNCIATION:
        return "người tố cáo (thông tin về người tố cáo được giữ bí mật theo Điều 47 Luật Tố cáo năm 2018)"
    if petition.is_anonymous:
        return "người gửi không ghi rõ họ tên"
    person = petition.petitioners.first()
    if person is None:
        return "người gửi đơn"
    place = person.address or place_text(person.province_code, person.ward_code)
    group = f" và {petition.people_count - 1} người khác" if petition.people_count > 1 else ""
    return f"Ông/Bà {person.full_name}{group}" + (f", địa chỉ: {place}" if place else "")


def context(forwarding: Forwarding) -> dict[str, Any]:
    petition = forwarding.petition
    agency = forwarding.agency
    kind = petition.get_kind_display().lower()
    received = f"{petition.received_on:%d/%m/%Y}"
    who = _petitioner_phrase(petition)
    if forwarding.letter == LetterKind.FORWARD:
        recipient = agency.name if agency else ""
        answer = (
            f" và thông báo kết quả cho người gửi đơn và Văn phòng Chủ tịch nước trước ngày "
            f"{forwarding.answer_by:%d/%m/%Y}"
            if forwarding.answer_by
            else " và thông báo kết quả cho người gửi đơn"
        )
        body = (
            f"Văn phòng Chủ tịch nước nhận được đơn ({kind}) của {who}, vào sổ ngày {received}, số "
            f"{petition.registry_number}, về việc: {petition.summary}.\n"
            f"Căn cứ quy định của pháp luật về khiếu nại, tố cáo, tiếp công dân và xử lý đơn, Văn phòng Chủ "
            f"tịch nước chuyển đơn (kèm theo) đến {recipient} để xem xét, giải quyết theo thẩm quyền{answer}."
        )
        copies = ["Như trên;", "Người gửi đơn (để biết);", "Lưu: VT, TCD."]
        if petition.kind == PetitionKind.DENUNCIATION:
            copies = ["Như trên;", "Lưu: VT, TCD."]
    elif forwarding.letter == LetterKind.GUIDE:
        person = petition.petitioners.first()
        recipient = f"Ông/Bà {person.full_name}" if person else "Người gửi đơn"
        where = f" ({agency.address})" if agency and agency.address else ""
        body = (
            f"Văn phòng Chủ tịch nước nhận được đơn ({kind}) của Ông/Bà, vào sổ ngày {received}, số "
            f"{petition.registry_number}, về việc: {petition.summary}.\n"
            f"Nội dung đơn không thuộc thẩm quyền giải quyết của Chủ tịch nước. Đề nghị Ông/Bà gửi đơn đến "
            f"{agency.name if agency else 'cơ quan có thẩm quyền'}{where} để được xem xét, giải quyết theo "
            f"quy định của pháp luật."
        )
        copies = ["Như trên;", "Lưu: VT, TCD."]
    else:
        recipient = agency.name if agency else ""
        first = petition.forwardings.filter(letter=LetterKind.FORWARD).first()
        sent = f"Công văn số {first.number} ngày {first.sent_on:%d/%m/%Y}" if first else "công văn"
        body = (
            f"Văn phòng Chủ tịch nước đã có {sent} chuyển đơn số {petition.registry_number} về việc: "
            f"{petition.summary} đến {recipient} để xem xét, giải quyết theo thẩm quyền. Đến nay, Văn phòng "
            f"Chủ tịch nước chưa nhận được thông báo kết quả giải quyết.\n"
            f"Đề nghị {recipient} khẩn trương xem xét, giải quyết và thông báo kết quả cho người gửi đơn và "
            f"Văn phòng Chủ tịch nước."
        )
        copies = ["Như trên;", "Lưu: VT, TCD."]
    return {
        "office": OFFICE,
        "number": f"Số: {forwarding.number}",
        "subject": SUBJECTS[LetterKind(forwarding.letter)],
        "place_date": _vietnamese_date(forwarding.sent_on),
        "recipient": recipient,
        "body": body,
        "closing": "Văn phòng Chủ tịch nước trân trọng đề nghị.",
        "copies": copies,
        "signer_title": "TL. CHỦ NHIỆM\nVỤ TRƯỞNG VỤ TƯ PHÁP",
        "signer_name": forwarding.signed_by or "",
    }


def _cell_text(cell: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def default_template() -> bytes:
    """The built-in template: the layout of Nghị định 30/2020/NĐ-CP with docxtpl fields."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)

    header = document.add_table(rows=3, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_text(header.cell(0, 0), "{{ office }}", bold=True, size=13)
    _cell_text(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _cell_text(header.cell(1, 0), "{{ number }}", size=13)
    _cell_text(header.cell(1, 1), "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    _cell_text(header.cell(2, 0), "{{ subject }}", size=12)
    _cell_text(header.cell(2, 1), "{{ place_date }}", italic=True, size=14)

    greeting = document.add_paragraph()
    greeting.alignment = WD_ALIGN_PARAGRAPH.CENTER
    greeting.add_run("Kính gửi: {{ recipient }}")
    body = document.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    body.add_run("{{ body }}")
    closing = document.add_paragraph()
    closing.paragraph_format.first_line_indent = Mm(10)
    closing.add_run("{{ closing }}")

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.cell(0, 0), footer.cell(0, 1)
    label = left.paragraphs[0].add_run("Nơi nhận:")
    label.bold, label.italic, label.font.size = True, True, Pt(12)
    copies = left.add_paragraph()
    copies.add_run("{% for copy in copies %}- {{ copy }}\n{% endfor %}").font.size = Pt(11)
    _cell_text(right, "{{ signer_title }}", bold=True, size=14)
    signer = right.add_paragraph()
    signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer.paragraph_format.space_before = Pt(60)
    name = signer.add_run("{{ signer_name }}")
    name.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _template_path(letter: str) -> str:
    return f"letter_templates/{letter}.docx"


def template_bytes(letter: str) -> bytes:
    """The current template of a kind of letter: the office's own if uploaded, else the built-in one."""
    path = _template_path(letter)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    return default_template()


def save_template(letter: str, content: bytes) -> None:
    """Keep an edited template; refused if it is not a DOCX or uses a field the letters do not fill."""
    if letter not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    try:
        template = DocxTemplate(io.BytesIO(content))
        unknown = template.get_undeclared_template_variables() - {*FIELDS, "copy"}
    except Exception as error:  # docx and jinja raise many kinds of errors on a damaged file
        raise ValidationError(
            _("The file is not a usable DOCX template: %(error)s") % {"error": error}
        ) from error
    if unknown:
        raise ValidationError(
            _("The template uses fields the letters do not fill: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    path = _template_path(letter)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


def is_customised(letter: str) -> bool:
    return default_storage.exists(_template_path(letter))


def reset_template(letter: str) -> None:
    if letter not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    if is_customised(letter):
        default_storage.delete(_template_path(letter))


def render(forwarding: Forwarding) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes(forwarding.letter)))
    values = context(forwarding)
    template.render(values, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_into(forwarding: Forwarding) -> None:
    """Write the letter's text and its DOCX file onto the letter."""
    values = context(forwarding)
    forwarding.body = values["body"]
    forwarding.document.save(
        f"{forwarding.number.replace('/', '-')}.docx", ContentFile(render(forwarding)), save=False
    )
    forwarding.save(update_fields=["body", "document"])


# --- PDF ----------------------------------------------------------------------------------------------------

# Times New Roman is the format's font. Liberation Serif (Debian's fonts-liberation) has its metrics, but not
# every version has the Vietnamese letters; DejaVu Serif (fonts-dejavu-core) has them. The first family whose
# faces have every letter is used. CHANCERY_LETTER_FONT_DIR names a folder holding the office's own
# (Times New Roman: times.ttf, timesbd.ttf, timesi.ttf).
FONT_FILES = (
    ("times.ttf", "timesbd.ttf", "timesi.ttf"),
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
)
FONT_DIRS = (
    "/usr/share/fonts/truetype/msttcorefonts",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def covers(path: str, text: str) -> bool:
    """Whether the font file has a glyph for every letter of the text (a missing one prints nothing)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, lazy=True).getBestCmap() or {}
    return all(ord(ch) in cmap for ch in set(text) if not ch.isspace())


def _font() -> tuple[str, str, str] | None:
    """The first installed family whose three faces have every Vietnamese letter, capitals included."""
    import os
    from pathlib import Path

    letters = VIETNAMESE + VIETNAMESE.upper()
    dirs = [os.environ["CHANCERY_LETTER_FONT_DIR"]] if os.environ.get("CHANCERY_LETTER_FONT_DIR") else []
    for folder in (*dirs, *FONT_DIRS):
        for files in FONT_FILES:
            paths = tuple(str(Path(folder) / f) for f in files)
            if all(Path(p).exists() for p in paths) and all(covers(p, letters) for p in paths):
                return paths  # type: ignore[return-value]
    return None


def render_pdf(forwarding: Forwarding) -> bytes:
    """The letter as PDF, laid out as the DOCX template's built-in layout. Refused with the reason when the
    machine has no font with the Vietnamese letters."""
    from fpdf import FPDF

    font = _font()
    if font is None:
        raise ValidationError(
            _(
                "No font with Vietnamese letters is installed for PDF letters "
                "(install fonts-dejavu-core or set CHANCERY_LETTER_FONT_DIR)."
            )
        )
    values = context(forwarding)
    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    regular, bold, italic = font
    pdf.add_font("Letter", "", regular)
    pdf.add_font("Letter", "B", bold)
    pdf.add_font("Letter", "I", italic)
    pdf.add_page()
    left, right, top = 20, 88, pdf.get_y()
    pdf.set_font("Letter", "B", 11)
    pdf.set_xy(left, top)
    pdf.multi_cell(68, 6, values["office"], align="C")
    pdf.set_font("Letter", "", 12)
    pdf.set_x(left)
    pdf.multi_cell(68, 6, values["number"], align="C")
    pdf.set_x(left)
    pdf.multi_cell(68, 6, values["subject"], align="C")
    after_left = pdf.get_y()
    pdf.set_xy(right, top)
    pdf.set_font("Letter", "B", 11)
    pdf.multi_cell(110, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_x(right)
    pdf.set_font("Letter", "B", 12)
    pdf.multi_cell(110, 6, "Độc lập - Tự do - Hạnh phúc", align="C")
    pdf.set_x(right)
    pdf.set_font("Letter", "I", 12)
    pdf.multi_cell(110, 8, values["place_date"], align="C")
    pdf.set_y(max(after_left, pdf.get_y()) + 6)
    pdf.set_font("Letter", "", 13)
    pdf.multi_cell(0, 7, f"Kính gửi: {values['recipient']}", align="C")
    pdf.ln(3)
    for paragraph in [*values["body"].split("\n"), values["closing"]]:
        pdf.set_x(30)
        pdf.multi_cell(0, 7, "      " + paragraph, align="J")
        pdf.ln(1)
    pdf.ln(4)
    y = pdf.get_y()
    pdf.set_font("Letter", "B", 12)
    pdf.set_xy(30, y)
    pdf.cell(60, 6, "Nơi nhận:")
    pdf.set_font("Letter", "", 11)
    for copy in values["copies"]:
        pdf.ln(5)
        pdf.set_x(30)
        pdf.cell(60, 5, f"- {copy}")
    pdf.set_xy(105, y)
    pdf.set_font("Letter", "B", 12)
    pdf.multi_cell(90, 6, values["signer_title"], align="C")
    pdf.ln(22)
    pdf.set_x(105)
    pdf.multi_cell(90, 6, values["signer_name"], align="C")
    return bytes(pdf.output())
