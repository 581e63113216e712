"""The national administrative format (Nghị định 30/2020/NĐ-CP, Phụ lục I) shared by every document the
Office generates: letters about petitions, drafts of outgoing documents, decisions. A4, Times New Roman
13–14, the issuing body and the number on the left, the national title and motto on the right, the place and
date, "Kính gửi", the text, "Nơi nhận" and the signature block; secrecy and urgency marks under the number.

A template is a DOCX the office may edit in a word processor: the built-in one is made here
(`default_template`), an edited one is kept in storage under its path (`save_template`); documents are
rendered with docxtpl from whichever is current, with the fields of `FIELDS`.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docxtpl import DocxTemplate

_LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)  # Word's own colour of a hyperlink

PLACE = "Hà Nội"
FIELDS = (
    "office",
    "number",
    "subject",
    "marks",
    "place_date",
    "recipient",
    "body",
    "closing",
    "copies",
    "signer_title",
    "signer_name",
)


def vietnamese_date(day: date, place: str = PLACE) -> str:
    """“Hà Nội, ngày 05 tháng 01 năm 2026”: a leading 0 on days below 10 and on January and February; this
    writes every day and month with two digits, which the format allows and registers read more easily."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _cell_text(cell: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def _rule(cell: Any, *, length: Any, within: Any) -> None:
    """The short horizontal line of the format under the issuing body's name and under the motto (Phụ lục I,
    sections II.1 and II.2): a paragraph of no height whose top border is the line, indented from both sides
    of the cell to `length`."""
    _ruled(cell.add_paragraph(), length=length, within=within)


def _ruled(line: Any, *, length: Any, within: Any) -> None:
    """Make the empty paragraph `line` a short rule of `length`, centred within `within`."""
    from docx.oxml import OxmlElement

    fmt = line.paragraph_format
    fmt.left_indent = fmt.right_indent = (within - length) // 2
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    line._p.get_or_add_pPr().append(borders)


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
    header.autofit = False
    for column, width in zip(header.columns, (Mm(68), Mm(97)), strict=True):
        column.width = width  # the table's grid, which LibreOffice reads; the cells' own, which Word reads
        for cell in column.cells:
            cell.width = width
    _cell_text(header.cell(0, 0), "{{ office }}", bold=True, size=13)
    _rule(header.cell(0, 0), length=Mm(23), within=Mm(68))  # a third of the name's width, centred under it
    # the national name with the motto directly under it and the line under the motto, in one cell beside
    # the issuing body (Phụ lục I, II.1-2): no row of the left column comes between them
    _cell_text(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    motto = header.cell(0, 1).add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    words = motto.add_run("Độc lập - Tự do - Hạnh phúc")
    words.bold, words.font.size = True, Pt(13)
    _rule(header.cell(0, 1), length=Mm(64), within=Mm(97))  # as long as the motto
    # the number and the place and date on one line, as the format sets them (Phụ lục I, II.3-4)
    _cell_text(header.cell(1, 0), "{{ number }}", size=13)
    _cell_text(header.cell(1, 1), "{{ place_date }}", italic=True, size=14)
    _cell_text(header.cell(2, 0), "{{ subject }}", size=12)
    marks = header.cell(2, 0).add_paragraph()
    marks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark = marks.add_run("{{ marks }}")
    mark.bold, mark.font.size = True, Pt(13)

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
    label = left.paragraphs[0].add_run("{% if copies %}Nơi nhận:{% endif %}")
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


def template_bytes(path: str) -> bytes:
    """The template kept at `path` if the office uploaded one, else the built-in one."""
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    return default_template()


def check_template(content: bytes) -> None:
    """Refused: a file that is not a DOCX template, or one using a field the documents do not fill."""
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


def save_template(path: str, content: bytes) -> None:
    check_template(content)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


def is_customised(path: str) -> bool:
    return default_storage.exists(path)


def reset_template(path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


@dataclass(frozen=True)
class Block:
    """One paragraph of a document's text: a heading is centred and bold."""

    text: str
    heading: bool = False
    centred: bool = False
    title: bool = (
        False  # one of the document's title lines ("BÁO CÁO", "Về việc ..."): "Kính gửi" follows them
    )


_NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+)\.\s")


def _capitals(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and not any(ch.islower() for ch in text)


def body_blocks(body: str) -> list[Block]:
    """The text as paragraphs, one per line (blank lines only separate). The document's title is its first
    lines when the first is in capitals ("QUYẾT ĐỊNH", then "Về việc ..."), up to the first blank line; a line
    in capitals elsewhere ("CHỦ TỊCH NƯỚC ...", "QUYẾT ĐỊNH:") is a heading too. Headings are centred and bold
    (Phụ lục I, II.5: the type of document and its summary, centred, in bold), except a numbered section
    heading ("I. TÌNH HÌNH CHUNG", "1. Đặc xá": short, no closing punctuation), which stays at the left, in
    bold."""
    blocks: list[Block] = []
    in_title = False
    for line in body.split("\n"):
        text = line.strip()
        if not text:
            in_title = False
            continue
        if not blocks and _capitals(text):
            in_title = True
        # a short numbered line without closing punctuation is a section's heading too ("1. Đặc xá"); a
        # numbered item of a list ends with its "." or ";"
        subheading = bool(_NUMBERED.match(text)) and len(text) <= 80 and text[-1] not in ".;:,)"
        heading = in_title or _capitals(text) or subheading
        centred = heading and not _NUMBERED.match(text)
        blocks.append(Block(text, heading=heading, centred=bool(centred), title=in_title))
    return blocks


_BODY_MARK = "\u2063body\u2063"  # stands for the body while the template renders (invisible separators)


def render_docx(template: bytes, values: Mapping[str, Any]) -> bytes:
    """The template filled with `values`. The body becomes one paragraph per line in the body's paragraph
    style (a line break inside one justified paragraph would stretch each line across the page), its
    headings centred and bold (`body_blocks`); a "Kính gửi:" with nobody after it (a decision) is left out."""
    values = {"marks": "", **values, "office": balanced(str(values.get("office", "")))}
    document = DocxTemplate(io.BytesIO(template))
    document.render({**values, "body": _BODY_MARK}, autoescape=True)
    rendered = document.docx
    marked = [p for p in rendered.paragraphs if _BODY_MARK in p.text]
    if any(p.text.strip() != _BODY_MARK for p in marked):  # the body shares its paragraph with other text
        document = DocxTemplate(io.BytesIO(template))
        document.render(values, autoescape=True)
        rendered, marked = document.docx, []
    title_end = None
    for paragraph in marked:
        end = _expand_body(paragraph, body_blocks(str(values.get("body", ""))))
        title_end = end if end is not None else title_end
    _keep_signature_together(rendered, str(values.get("signer_title", "")))
    for paragraph in rendered.paragraphs:
        greeting = paragraph.text.strip()
        if greeting.rstrip(":").strip() == "Kính gửi":
            paragraph._p.getparent().remove(paragraph._p)
        elif greeting.startswith("Kính gửi") and title_end is not None:
            title_end.addnext(paragraph._p)  # a report or a submission: its title, then whom it is sent to
    out = io.BytesIO()
    rendered.save(out)
    return out.getvalue()


def _keep_signature_together(document: Any, signer_title: str) -> None:
    """The row of the table holding "Nơi nhận" and the signature block may not break across pages
    (w:cantSplit): the signer's title, the signature and the name stay on one page (the examiner of issue 30
    found an honours decision with its title at the foot of page 1 and the name on page 2)."""
    from docx.oxml import OxmlElement

    first = next((line.strip() for line in signer_title.splitlines() if line.strip()), "")
    for table in document.tables:
        for row in table.rows:
            if any("Nơi nhận" in cell.text or (first and first in cell.text) for cell in row.cells):
                properties = row._tr.get_or_add_trPr()
                if properties.find(qn("w:cantSplit")) is None:
                    properties.append(OxmlElement("w:cantSplit"))


def balanced(name: str) -> str:
    """An issuing body's name in two lines of about equal length when it is long ("VĂN PHÒNG" over "CHỦ
    TỊCH NƯỚC"), the upper no longer than the lower, as the format sets a long name; a name with its own
    line breaks, or short, as it is."""
    words = name.split()
    if "\n" in name or len(name) <= 18 or len(words) < 2:
        return name
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    upper, lower = min(
        splits, key=lambda pair: (max(len(pair[0]), len(pair[1])), len(pair[0]) > len(pair[1]))
    )
    return f"{upper}\n{lower}"


def _expand_body(paragraph: Any, blocks: Sequence[Block]) -> Any:
    """Put one paragraph per block where `paragraph` (the body's) is, each a copy of its formatting; returns
    the last title paragraph's element, or None."""
    from docx.text.paragraph import Paragraph

    title_end = None
    titles = [block.text for block in blocks if block.title]
    for block in blocks:
        element = copy.deepcopy(paragraph._p)
        paragraph._p.addprevious(element)
        line = Paragraph(element, paragraph._parent)
        runs = line.runs
        for extra in runs[1:]:
            extra._r.getparent().remove(extra._r)
        if runs:
            runs[0].text = block.text
        else:
            runs = [line.add_run(block.text)]
        if block.centred:
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.paragraph_format.first_line_indent = Mm(0)
        if block.heading:
            runs[0].bold = True
        if block.title:
            title_end = element
    if len(titles) > 1 and title_end is not None:  # a summary ("Về việc ..."): the short line under it
        rule = copy.deepcopy(paragraph._p)
        for run in rule.findall(qn("w:r")):
            rule.remove(run)
        title_end.addnext(rule)
        line = Paragraph(rule, paragraph._parent)
        line.paragraph_format.first_line_indent = Mm(0)
        _ruled(line, length=Mm(summary_rule_mm(titles)), within=Mm(BODY_WIDTH_MM))
        line.paragraph_format.space_after = Pt(12)  # the line, then room before the text
        title_end = rule
    paragraph._p.getparent().remove(paragraph._p)
    return title_end


BODY_WIDTH_MM = 165  # A4 less the margins of the format (30 mm left, 15 mm right)
_TITLE_CHAR_MM = 2.4  # a capital or small letter of the bold 14-point title, on average


def summary_rule_mm(titles: Sequence[str]) -> float:
    """The length of the line under a document's summary (Phụ lục I, II.5: from a third to a half of the
    line of text above it, centred): two fifths of the longest title line, as its letters measure."""
    return min(BODY_WIDTH_MM, max(len(text) for text in titles) * _TITLE_CHAR_MM) * 0.4


# --- PDF ----------------------------------------------------------------------------------------------------

# Times New Roman is the format's font. Liberation Serif has its metrics; version 2 (Debian's
# fonts-liberation2, installed by .ci/run) has the Vietnamese letters, version 1 (fonts-liberation) has not;
# DejaVu Serif (fonts-dejavu-core), wider, has them. The first family whose
# faces have every letter is used. CHANCERY_LETTER_FONT_DIR names a folder holding the office's own
# (Times New Roman: times.ttf, timesbd.ttf, timesi.ttf).
FONT_FILES = (
    ("times.ttf", "timesbd.ttf", "timesi.ttf"),
    ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
)
FONT_DIRS = (
    "/usr/share/fonts/truetype/msttcorefonts",
    "/usr/share/fonts/truetype/liberation2",  # fonts-liberation2: Liberation 2, with the Vietnamese letters
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/dejavu",
)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def covers(path: str, text: str) -> bool:
    """Whether the font file has a glyph for every letter of the text (a missing one prints nothing)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, lazy=True).getBestCmap() or {}
    return all(ord(ch) in cmap for ch in set(text) if not ch.isspace())


@functools.cache
def font_files() -> tuple[str, str, str] | None:
    """The first installed family whose three faces have every Vietnamese letter, capitals included (looked
    up once per process)."""
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


def vietnamese_pdf(orientation: str = "P") -> Any:
    """An A4 FPDF with the font family "Letter" (regular, bold, italic) of `font_files`. Refused with the
    reason when the machine has no font with the Vietnamese letters."""
    from fpdf import FPDF

    font = font_files()
    if font is None:
        raise ValidationError(
            _(
                "No font with Vietnamese letters is installed for PDF letters "
                "(install fonts-dejavu-core or set CHANCERY_LETTER_FONT_DIR)."
            )
        )
    pdf = FPDF(orientation=orientation, format="A4")
    for style, path in zip(("", "B", "I"), font, strict=True):
        pdf.add_font("Letter", style, path)
    pdf.add_font("Letter", "BI", bold_italic_file(font))
    return pdf


_BOLD_ITALIC = {"times.ttf": "timesbi.ttf"}


def bold_italic_file(font: tuple[str, str, str]) -> str:
    """The bold italic face of the family of `font` ("Nơi nhận:" is set in it), or its bold face when the
    folder has none that covers the letters."""
    from pathlib import Path

    regular = Path(font[0])
    name = _BOLD_ITALIC.get(
        regular.name, regular.name.replace("-Regular", "").replace(".ttf", "-BoldItalic.ttf")
    )
    path = regular.with_name(name)
    if path.exists() and covers(str(path), VIETNAMESE + VIETNAMESE.upper()):
        return str(path)
    return font[1]


RECIPIENTS_WIDTH_MM = 70  # "Nơi nhận": the left column, clear of the signature block at 105 mm


@dataclass(frozen=True)
class Annex:
    """A table after the document, on its own page: its heading, the line tying it to the document ("Kèm
    theo Báo cáo số … ngày …"), its column headings and rows."""

    heading: str
    tie: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]


def render_pdf(values: Mapping[str, Any], *, annex: Annex | None = None) -> bytes:
    """A document as PDF, laid out as the built-in DOCX template, with its annex table if it has one."""
    pdf = vietnamese_pdf()
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    left, right, top = 20, 88, pdf.get_y()
    pdf.set_font("Letter", "B", 12)
    pdf.set_xy(left, top)
    pdf.multi_cell(68, 6, balanced(str(values["office"])), align="C")
    rule = pdf.get_y() + 1.5
    pdf.line(left + 68 / 3, rule, left + 68 * 2 / 3, rule)  # a third of the name, centred under it
    pdf.set_y(rule + 1.5)
    pdf.set_font("Letter", "", 13)
    pdf.set_x(left)
    pdf.multi_cell(68, 6, values["number"], align="C")
    pdf.set_x(left)
    pdf.multi_cell(68, 6, values["subject"], align="C")
    if values.get("marks"):
        pdf.set_font("Letter", "B", 12)
        pdf.set_x(left)
        pdf.multi_cell(68, 6, values["marks"], align="C")
    after_left = pdf.get_y()
    pdf.set_xy(right, top)
    pdf.set_font("Letter", "B", 12)  # Phụ lục I, II.1: the national title in capitals, 12-13 points, bold
    pdf.multi_cell(110, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C")
    pdf.set_x(right)
    pdf.set_font("Letter", "B", 13)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.multi_cell(110, 6, motto, align="C")
    rule, half = pdf.get_y() + 0.8, pdf.get_string_width(motto) / 2
    pdf.line(right + 55 - half, rule, right + 55 + half, rule)  # as long as the motto
    pdf.set_y(rule + 1.5)
    pdf.set_x(right)
    pdf.set_font("Letter", "I", 13)  # II.4: the place and date, 13-14 points, italic
    pdf.multi_cell(110, 8, values["place_date"], align="C")
    pdf.set_y(max(after_left, pdf.get_y()) + 6)
    pdf.set_font("Letter", "", 13)
    blocks = body_blocks(str(values["body"]))
    if str(values.get("closing", "")).strip():
        blocks.append(Block(str(values["closing"]).strip()))
    titled = sum(1 for block in blocks if block.title)
    if not blocks and str(values.get("recipient", "")).strip():
        pdf.multi_cell(0, 7, f"Kính gửi: {values['recipient']}", align="C")
    titles = [block.text for block in blocks if block.title]
    for index, block in enumerate(blocks):
        if index == titled and len(titles) > 1:  # II.5: the short line under the summary ("Về việc ...")
            pdf.set_font("Letter", "B", 13)
            half = min(BODY_WIDTH_MM, max(pdf.get_string_width(text) for text in titles)) * 0.4 / 2
            rule = pdf.get_y() + 0.5
            pdf.line(30 + BODY_WIDTH_MM / 2 - half, rule, 30 + BODY_WIDTH_MM / 2 + half, rule)
            pdf.set_y(rule + 2)
            pdf.set_font("Letter", "", 13)
        if index == titled and str(values.get("recipient", "")).strip():  # after the title, if any
            pdf.set_x(30)
            pdf.multi_cell(0, 7, f"Kính gửi: {values['recipient']}", align="C")
            pdf.ln(3)
        pdf.set_x(30)
        if block.heading and block.centred:
            pdf.set_font("Letter", "B", 13)
            pdf.multi_cell(0, 7, block.text, align="C")
            pdf.set_font("Letter", "", 13)
        else:
            _indented(pdf, block.text, bold=block.heading)
        pdf.ln(1)
    pdf.ln(4)
    # "Nơi nhận" in the left column (each recipient wrapped within it, never under the signature) and the
    # signature block on the right, together on one page: moved to the next page when they do not fit (the
    # examiner of issue 30 found the title on one page and the name on the next)
    recipients = [f"- {recipient}" for recipient in values["copies"]]
    pdf.set_font("Letter", "", 11)
    left_height = 6 + sum(
        pdf.multi_cell(RECIPIENTS_WIDTH_MM, 5, text, align="L", dry_run=True, output="HEIGHT")
        for text in recipients
    )
    pdf.set_font("Letter", "B", 13)
    right_height = (
        pdf.multi_cell(90, 6, values["signer_title"], dry_run=True, output="HEIGHT")
        + 28
        + pdf.multi_cell(90, 6, values["signer_name"] or " ", dry_run=True, output="HEIGHT")
    )
    if pdf.get_y() + max(right_height, min(left_height, 120)) > pdf.h - 20:
        pdf.add_page()
    y, start = pdf.get_y(), pdf.page
    pdf.set_font("Letter", "BI", 12)  # II.9: "Nơi nhận:" 12 points, italic and bold
    pdf.set_xy(30, y)
    if recipients:  # never a heading over nothing (an order has no "Nơi nhận")
        pdf.cell(60, 6, "Nơi nhận:")
    pdf.set_font("Letter", "", 11)
    pdf.set_xy(30, y + 6)
    for text in recipients:  # a list longer than the page goes on over the next
        pdf.set_x(30)
        pdf.multi_cell(RECIPIENTS_WIDTH_MM, 5, text, align="L")
    pdf.page = start  # the signature block level with "Nơi nhận:", on its page
    pdf.set_auto_page_break(False)
    pdf.set_xy(105, y)
    pdf.set_font("Letter", "B", 13)  # II.7: the signer's title and name, 13-14 points, bold
    pdf.multi_cell(90, 6, values["signer_title"], align="C")
    pdf.ln(28)  # the room the signature and the seal take (the seal is 32 mm across)
    pdf.set_x(105)
    pdf.multi_cell(90, 6, values["signer_name"], align="C")
    if annex is not None:
        _annex_pages(pdf, annex)
    return bytes(pdf.output())


def _annex_pages(pdf: Any, annex: Annex) -> None:
    pdf.page = len(pdf.pages)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Letter", "B", 13)
    pdf.multi_cell(0, 7, annex.heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Letter", "I", 13)
    pdf.multi_cell(0, 7, annex.tie, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Letter", "", 11)
    first = 0.45 if len(annex.header) > 2 else 0.7
    rest = (1 - first) / max(len(annex.header) - 1, 1)
    widths = [first * BODY_WIDTH_MM] + [rest * BODY_WIDTH_MM] * (len(annex.header) - 1)
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(widths) - 1)) as table:
        for row in [annex.header, *annex.rows]:
            cells = table.row()
            for value in row:
                cells.cell(str(value))


def _indented(pdf: Any, text: str, *, bold: bool) -> None:
    """A paragraph of the text, justified, its first line indented 1 cm (Phụ lục I, II.6), as a real
    indent, not spaces (a justified line would stretch them)."""
    pdf.set_font("Letter", "B" if bold else "", 13)
    with (
        pdf.text_columns(
            text_align="L" if bold else "J", line_height=7 / 4.586, l_margin=30, r_margin=15
        ) as cols,
        cols.paragraph(first_line_indent=10) as paragraph,
    ):
        paragraph.write(text)
    pdf.set_font("Letter", "", 13)


def append_table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table of many rows at the end of `document`, fast: each row is a copy of one prototype row with its
    texts replaced (python-docx adding rows one by one takes seconds for a 20,000-row annex)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    widths = _column_widths(header)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.text = text
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.bold = True
    proto = table.add_row()
    for cell, width in zip(proto.cells, widths, strict=True):
        cell.text = "·"
        cell.width = width
    tr, tbl = proto._tr, table._tbl
    tbl.remove(tr)
    for values in rows:
        row = copy.deepcopy(tr)
        for text_node, value in zip(row.iter(qn("w:t")), values, strict=False):
            text_node.text = value
        tbl.append(row)


def _column_widths(header: Sequence[str]) -> list[Any]:
    """An annex's columns across the text's width: a narrow "STT" (the row's number) and the others shared;
    else the first (what a row is about: "Chỉ tiêu") half the width and the figures sharing the rest."""
    if len(header) < 2:
        return [Mm(BODY_WIDTH_MM)] * len(header)
    first = 15 if header[0] == "STT" else BODY_WIDTH_MM / 2
    rest = (BODY_WIDTH_MM - first) / (len(header) - 1)
    return [Mm(first)] + [Mm(rest)] * (len(header) - 1)


def link_column(document: Any, column: int, urls: Sequence[str]) -> None:
    """Make the cells of one column of the last table (below its header) links: the i-th row to `urls[i]`
    (an empty address leaves its cell as it is). Word opens them in the browser."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement

    table = document.tables[-1]
    for row, url in zip(table.rows[1:], urls, strict=False):
        if not url:
            continue
        paragraph = row.cells[column].paragraphs[0]
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        for run in paragraph.runs:
            run.font.underline = True
            run.font.color.rgb = _LINK_BLUE
            link.append(run._r)
        paragraph._p.append(link)


def roman(n: int) -> str:
    """The numbering of an annex's parts: I, II, III, IV..."""
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")]
    numerals += [(40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def start_annex(document: Any, title: str) -> None:
    """A new page headed by an annex's title and the line tying it to the President's decision."""
    document.add_page_break()
    heading = document.add_paragraph()
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(13)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = document.add_paragraph(
        "(Kèm theo Quyết định số       /QĐ-CTN ngày      tháng      năm        của Chủ tịch nước)"
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER


_GAP = r"[\s._…]*"  # a blank left to fill: spaces, dots, an ellipsis, underscores
# "Số: 12/QĐ-CTN", "SỐ:   /QĐ-CTN", "Số ..../QĐ-CTN", "Số：…" with a full-width colon (a number written
# without the colon is only digits)
_NUMBER_LINE = re.compile(
    r"^\s*Số\s*(?:[:：]\s*(?P<number>[^/]*?)|(?P<bare>[\d\s._…]*?))\s*/\s*(?P<symbol>[^\s/].*?)\s*$",
    re.IGNORECASE,
)
# what reads as a number line although it is none of the above ("Số 99a/QĐ-CTN"): refused, never left as is
_NUMBER_LIKE = re.compile(r"^\s*Số\s*[:：]?\s*[\w._…-]{0,12}\s*/\s*[^\W\d_]", re.IGNORECASE)
# the day, month and year as the format writes them ("ngày 06 tháng 12 năm 2026") or in figures ("ngày
# ..../..../2026", "ngày 06/12/2026"); a year typed is always taken into the year (never left after it)
_WORDS_DATE = (
    rf"ngày(?P<day>{_GAP}\d*{_GAP})tháng(?P<month>{_GAP}\d*{_GAP})năm(?P<year>{_GAP}\d*)(?![\s._…]*\d)"
)
_FIGURES_DATE = (
    rf"ngày(?P<fday>{_GAP}\d*{_GAP})/(?P<fmonth>{_GAP}\d*{_GAP})/(?P<fyear>{_GAP}\d*)(?![\s._…]*\d)"
)
_DATE_LINE = re.compile(rf"^\s*(?P<place>[^,]+),\s*(?:{_WORDS_DATE}|{_FIGURES_DATE}){_GAP}$", re.IGNORECASE)
# an annex's tie to its decision, a line of its own: "(Kèm theo Quyết định số   /QĐ-CTN ngày   tháng   năm",
# "(Ban hành kèm theo Quyết định số ..../QĐ-CTN ngày ..../..../2026 của ...)", "… số 15 / QĐ-CTN của Chủ tịch
# nước ngày …", in capitals too: its number, then its date anywhere after it on the line, if it has one
_TIE = re.compile(
    r"^(?P<head>\s*\(?\s*(?:ban hành\s+)?kèm theo\b.*?\bsố)(?P<number>[^/]*?)/\s*(?P<symbol>[^\s/,;)]+)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIE_DATE = re.compile(rf"{_WORDS_DATE}|{_FIGURES_DATE}", re.IGNORECASE)


def _date_parts(found: re.Match[str]) -> tuple[str, str, str]:
    """A date's day, month and year as written, in words or in figures."""
    if found["day"] is not None:
        return found["day"], found["month"], found["year"]
    return found["fday"], found["fmonth"], found["fyear"]


def _blank(text: str) -> bool:
    return not text.strip(" \t\n._…")


def _paragraphs(container: Any) -> Any:
    """Every paragraph of a document or a cell, those inside tables (the heading of the national layout is a
    table) and nested tables included, in reading order."""
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _every_paragraph(document: Any) -> Any:
    """Every paragraph of the body, then of every header and footer: those in tables, text boxes and content
    controls (w:sdt) included, which python-docx's own lists skip (a number or a date may be written in any
    of them: the examiner of issue 30 hid one in a content control)."""
    from docx.text.paragraph import Paragraph

    parts = [document.part, *(rel.target_part for rel in document.part.rels.values() if _is_margin(rel))]
    for part in parts:
        for element in part.element.iter(qn("w:p")):
            yield Paragraph(element, part)


def _is_margin(relationship: Any) -> bool:
    return not relationship.is_external and relationship.reltype.rsplit("/", 1)[-1] in ("header", "footer")


def _text(paragraph: Any) -> str:
    """What the paragraph shows: every text run in it, tracked insertions and links included (deleted text,
    kept as w:delText, is not shown)."""
    return "".join(node.text or "" for node in paragraph._p.iter(qn("w:t")))


def _lines(paragraph: Any) -> list[list[Any]]:
    """The paragraph's lines, split where a line break is typed (Shift+Enter: "VĂN PHÒNG" over "Số: ..." in
    one paragraph), each as its text nodes (w:t) in order."""
    lines: list[list[Any]] = [[]]
    for node in paragraph._p.iter(qn("w:t"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            lines[-1].append(node)
        else:
            lines.append([])
    return lines


def _line_text(nodes: Sequence[Any]) -> str:
    """A line's text as it reads: NFC, without the invisible format characters (a zero-width space before
    "Số:" hides nothing from the reader, and must hide nothing from the check)."""
    return _visible("".join(node.text or "" for node in nodes))


def _visible(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Cf")


def _set_line(nodes: Sequence[Any], text: str) -> None:
    """One line of a paragraph replaced by `text`, in the formatting of its first piece; the other lines and
    their formatting stay."""
    first, *rest = nodes
    first.text = text
    first.set(qn("xml:space"), "preserve")
    for node in rest:
        node.text = ""


def _as_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _refused(message: str, **values: Any) -> ValidationError:
    return ValidationError({"file": message % values})


def _another_number(text: str, number: str, dates: bool) -> ValidationError:
    return _refused(
        _(
            "The file writes the number %(written)s but the register gives %(number)s: leave the number "
            "blank (Số:   /...) and it is written on issue."
        )
        if dates
        else _(
            "The file writes the number %(written)s: leave the number blank (Số:   /...), the register's "
            "number is written on it when it is issued."
        ),
        written=text.strip(),
        number=number,
    )


def _spaced(rest: str) -> str:
    """What follows a tie's number, one space after it unless it closes the tie (")", ",")."""
    rest = rest.rstrip() if not rest.strip() else rest
    return rest if not rest or rest[0] in "),;." else " " + rest.lstrip()


def stamp_number_and_date(content: bytes, *, number: str, on: date, dates: bool = True) -> bytes:
    """A document drawn up as a DOCX (a decision made by a module, a file a person uploaded) with the number
    and the date of issue written where the format leaves them blank ("Số:   /QĐ-CTN" or "Số: ..../QĐ-CTN",
    "Hà Nội, ngày   tháng   năm ...", an annex's "Kèm theo Quyết định số   /QĐ-CTN ngày ..."), in the body,
    its tables, headers and footers, before it is printed and signed: an issued copy always shows the number
    and date of the register (NĐ 30/2020 Phụ lục I, items 3–4: "ngày 06 tháng 12", two digits). Every such
    line is checked, not only the first: one that writes another number or date (or a date not written as
    the format writes it) is refused with what to do, and so is a file with no place for them. With
    `dates=False` (when it goes for signature, before the day of issue is known) only the number and the
    places are checked."""
    document = Document(io.BytesIO(content))
    numbered = dated = False
    wanted_number = "".join(number.split())
    written_date = vietnamese_date(on)
    for paragraph in _every_paragraph(document):
        for nodes in _lines(paragraph):
            if not nodes:
                continue
            text = _line_text(nodes)
            if found := _NUMBER_LINE.match(text):
                numbered = True
                given = found["number"] if found["number"] is not None else found["bare"]
                written = "".join(f"{'' if _blank(given) else given}/{found['symbol']}".split())
                if _blank(given):  # blank: the register's number and symbol, whatever symbol the file
                    _set_line(nodes, f"Số: {number}")  # guessed (a module's "/VPCTN-TĐKT" for HC's)
                elif written.casefold() != wanted_number.casefold():
                    raise _another_number(text, number, dates)
            elif _NUMBER_LIKE.match(text):  # "Số 99a/QĐ-CTN": a number, but not one the register gives
                raise _another_number(text, number, dates)
            elif found := _DATE_LINE.match(text):
                dated = True
                place = " ".join(found["place"].split())
                day, month, _year = _date_parts(found)
                if _blank(day) and _blank(month):
                    if dates:
                        _set_line(nodes, vietnamese_date(on, place))
                elif " ".join(text.split()) != vietnamese_date(on, place):
                    # a date written before the day of issue is known (in words or in figures): refused when
                    # it goes for signature already, not only when it is issued (the examiner of issue 30)
                    raise _refused(
                        _(
                            "The file is dated %(written)s but it is issued on %(date)s: leave the day and "
                            "month blank and they are written on issue."
                        )
                        if dates
                        else _(
                            "The file is dated %(written)s: leave the day and month blank (ngày ... tháng "
                            "... năm ...), the date of issue is written on it when it is issued."
                        ),
                        written=text.strip(),
                        date=on.strftime("%d/%m/%Y"),
                    )
            elif found := _TIE.search(text):
                rest = found["rest"]
                when = _TIE_DATE.search(rest)
                day, month, year = _date_parts(when) if when else ("", "", "")
                blank = _blank(found["number"]) and _blank(day) and _blank(month)
                same = "".join(f"{found['number']}/{found['symbol']}".split()).casefold() == (
                    wanted_number.casefold()
                ) and (when is None or (dates and _as_date(day, month, year) == on))
                if not blank and not same:
                    raise _refused(
                        _(
                            "The annex is tied to another decision (%(written)s): leave its number and date "
                            "blank."
                        ),
                        written=text[found.start() :].strip(),
                    )
                if blank and dates:
                    if when is not None:
                        written = (
                            written_date.partition(", ")[2]
                            if when["day"] is not None
                            else f"ngày {on:%d/%m/%Y}"
                        )
                        after = rest[when.end() :]
                        spaced = " " if when.group(0)[-1:].isspace() and after[:1] not in ("", ")") else ""
                        rest = f"{rest[: when.start()]}{written}{spaced}{after}"
                    _set_line(nodes, f"{text[: found.start()]}{found['head']} {number}{_spaced(rest)}")
    if not numbered or not dated:
        raise _refused(
            _(
                "The file has no place for the number (Số: .../...) or the date (Hà Nội, ngày ... tháng "
                "... năm ...) in the national layout: add them, blank, and upload it again."
            )
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- the layout check of a generated document -----------------------------------------------------------

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONT = "Times New Roman"  # Phụ lục I, II: Times New Roman, Unicode TCVN 6909:2001


def _has_rule(cell: Any) -> bool:
    return any(p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None for p in cell.paragraphs)


def _fonts(document: Any) -> set[str]:
    """The fonts the document's text is set in: each run's own, else its style's, else Normal's."""
    normal = document.styles["Normal"].font.name
    found = set()
    for paragraph in _every_paragraph(document):
        style_font = paragraph.style.font.name if paragraph.style is not None else None
        for run in paragraph.runs:
            if run.text.strip():
                found.add(run.font.name or style_font or normal or "")
    return found


def problems(content: bytes, *, issued: bool = False) -> list[str]:
    """What in a generated DOCX departs from the national layout (Nghị định 30/2020, Phụ lục I), in words:
    the heading (the issuing body over its short rule on the left; the national name and the motto over its
    rule on the right), the number line, the place and date, the font, the signature block (its title in
    capitals, bold; the signer's name under it) and leftovers of the template or a doubled "V/v". An issued
    document (`issued`) has its number and date written, a draft may leave them blank. Every document a
    module generates is held to it by a test."""
    document = Document(io.BytesIO(content))
    found: list[str] = []
    if not document.tables:
        return ["không có phần đầu văn bản (tên cơ quan, Quốc hiệu và Tiêu ngữ)"]
    header = document.tables[0]
    left_cells, right_cells = header.columns[0].cells, header.columns[-1].cells
    body_name = " ".join(left_cells[0].text.split())
    if not body_name or not _capitals(body_name):
        found.append(f"tên cơ quan ban hành không viết in hoa: “{body_name}”")
    if not _has_rule(left_cells[0]):
        found.append("thiếu đường kẻ dưới tên cơ quan ban hành")
    right = [" ".join(c.text.split()) for c in right_cells]
    national = [" ".join(p.text.split()) for p in right_cells[0].paragraphs if p.text.strip()]
    if MOTTO[0] not in right[0] or not any(MOTTO[1] in text for text in right):
        found.append("thiếu Quốc hiệu hoặc Tiêu ngữ")
    elif not any(MOTTO[1] in line for line in national[1:2]):
        found.append("Tiêu ngữ không nằm ngay dưới Quốc hiệu")
    if not any(_has_rule(c) for c in right_cells):
        found.append("thiếu đường kẻ dưới Tiêu ngữ")
    texts = [" ".join(_visible(_text(p)).split()) for p in _every_paragraph(document)]
    numbers = [m for m in map(_NUMBER_LINE.match, texts) if m]
    if not numbers:
        found.append("thiếu dòng “Số: .../...”")
    elif issued and any(_blank(m["number"] or "") for m in numbers):
        found.append("văn bản đã ban hành nhưng chưa ghi số")
    dates = [m for m in map(_DATE_LINE.match, texts) if m]
    if not dates:
        found.append("thiếu dòng địa danh, ngày tháng năm")
    elif issued and any(_blank(_date_parts(m)[0]) for m in dates):
        found.append("văn bản đã ban hành nhưng chưa ghi ngày")
    if any(re.search(r"V/v\s+(?:V/v|về việc)\b", t, re.IGNORECASE) for t in texts):
        found.append("trích yếu có “V/v” hai lần")
    leftovers = [t for t in texts if "{{" in t or "{%" in t or "None" in t.split()]
    if leftovers:
        found.append(f"còn trường mẫu chưa điền: “{leftovers[0][:60]}”")
    other_fonts = _fonts(document) - {FONT}
    if other_fonts:
        found.append(
            f"phông chữ khác {FONT}: {', '.join(sorted(f or '(không khai báo)' for f in other_fonts))}"
        )
    block = _signature_block(document)
    if block is None:
        found.append("thiếu khối chữ ký")
    else:
        title, name = block
        if not title or not all(_capitals(line) for line in title):
            found.append(f"chức vụ người ký không viết in hoa: “{' / '.join(title)}”")
        if not name:
            found.append("thiếu họ tên người ký dưới khối chữ ký")
    return found


def _signature_block(document: Any) -> tuple[list[str], str] | None:
    """The signature block (its title lines in bold, then the signer's name) from the right cell of the last
    table holding "Nơi nhận" or, for a document without it, the last bold lines of the body."""
    for table in reversed(document.tables[1:]):
        row = table.rows[0]
        if len(row.cells) >= 2 and ("Nơi nhận" in row.cells[0].text or not row.cells[0].text.strip()):
            lines = [" ".join(p.text.split()) for p in row.cells[-1].paragraphs]
            lines = [line for line in lines if line]
            if not lines:
                return [], ""
            return lines[:-1] if len(lines) > 1 else lines, lines[-1] if len(lines) > 1 else ""
    return None
