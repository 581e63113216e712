"""DOCX in the national format: the templates (built in or the office's own), the body's blocks, rendering,
tables, annexes and Roman numbering."""

from __future__ import annotations

import copy
import io
import re
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
    """“Hà Nội, ngày 05 tháng 01 năm 2026”, “ngày 26 tháng 9 năm 2026”: a leading 0 on the days below 10 and
    on the months 1 and 2 only (Nghị định 30/2020, Phụ lục I, II.5.b)."""
    return f"{place}, {written_date(day)}"


_CITED_DATE = re.compile(r"\b(số\s+[^\s,;()]+\s+)ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\b")


def written_citations(text: str) -> str:
    """A text with each document it cites by number and short date written out as a document's text cites
    one: "Quyết định số 373/QĐ-CTN ngày 02/05/2023" → "… ngày 02 tháng 5 năm 2023" (a date that is no date
    is left as written)."""

    def written(found: re.Match[str]) -> str:
        try:
            day = date(int(found[4]), int(found[3]), int(found[2]))
        except ValueError:
            return found[0]
        return f"{found[1]}{written_date(day)}"

    return _CITED_DATE.sub(written, text)


def written_date(day: date) -> str:
    """“ngày 16 tháng 7 năm 2026”: a date as a document's text writes it, in the date line and where it
    cites another document by its number and date (“Tờ trình số 12/TTr-VPCTN ngày 16 tháng 7 năm 2026”),
    with the date line's leading zeros."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


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


def _page_numbers(section: Any) -> None:
    """The page's number in the top margin, centred, in Arabic figures, from the second page (Phụ lục I:
    "không hiển thị số trang thứ nhất"): a PAGE field in the header of the pages after the first."""
    from docx.oxml import OxmlElement

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")  # 13 points
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def default_template() -> bytes:
    """The built-in template: the layout of Nghị định 30/2020/NĐ-CP with docxtpl fields."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    _page_numbers(section)

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
                _keep_last_paragraph_with(table)


def _keep_last_paragraph_with(table: Any) -> None:
    """The text's last paragraph (and the empty ones after it) kept with the signature's table on its page
    (w:keepNext): a signature block is never alone at the top of a page (the examiner of issue 26 found the
    yearly report's on page 4 by itself)."""
    from docx.text.paragraph import Paragraph

    element = table._tbl.getprevious()
    while element is not None and element.tag == qn("w:p"):
        Paragraph(element, table._parent).paragraph_format.keep_with_next = True  # in the schema's order
        if "".join(element.itertext()).strip():
            return
        element = element.getprevious()


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


def append_table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table of many rows at the end of `document`, fast: each row is a copy of one prototype row with its
    texts replaced (python-docx adding rows one by one takes seconds for a 20,000-row annex)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    widths = _column_widths(header, rows)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.text = text
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.bold, run.font.size = True, Pt(TABLE_POINTS)
    _row_property(table.rows[0], "w:tblHeader")  # the header row repeats on every page of a long annex
    proto = table.add_row()
    for cell, width in zip(proto.cells, widths, strict=True):
        cell.text = "·"
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(TABLE_POINTS)
    _row_property(proto, "w:cantSplit")  # a person's row is never cut between two pages
    tr, tbl = proto._tr, table._tbl
    tbl.remove(tr)
    for values in rows:
        row = copy.deepcopy(tr)
        for text_node, value in zip(row.iter(qn("w:t")), values, strict=False):
            text_node.text = value
        tbl.append(row)


TABLE_POINTS = 12  # an annex's tables: the size annexes of the Office use, smaller than the text's 14


def _row_property(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement(name))


def _column_widths(header: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> list[Any]:
    """An annex's columns across the text's width. A list of people (first column "STT", the row's number):
    a narrow number and the others by what they hold (the longest word of the header and the usual length of
    the cells, read from the first rows), so that names and sentences do not wrap in a column as wide as the
    number's. A table of figures: the first column (what a row is about: "Chỉ tiêu") half the width and the
    figures sharing the rest."""
    if len(header) < 2:
        return [Mm(BODY_WIDTH_MM)] * len(header)
    if header[0] != "STT":
        rest = (BODY_WIDTH_MM / 2) / (len(header) - 1)
        return [Mm(BODY_WIDTH_MM / 2)] + [Mm(rest)] * (len(header) - 1)
    number = 14.0  # "STT" in bold 13 points, with the cell's margins
    available = BODY_WIDTH_MM - number
    sample = rows[:200]
    floors, wants = [], []
    for column, title in enumerate(header[1:], start=1):
        cells = [row[column] for row in sample if column < len(row)]
        lengths = sorted(len(cell) for cell in cells) or [0]
        usual = lengths[min(len(lengths) - 1, (len(lengths) * 9) // 10)]  # nine rows in ten fit on one line
        # no word broken: the header's longest, and the longest of nine cells in ten (a date, "2.495")
        words = sorted(max((len(w) for w in cell.split()), default=0) for cell in cells) or [0]
        longest = max(
            max((len(w) for w in title.split()), default=4),
            words[min(len(words) - 1, (len(words) * 9) // 10)],
        )
        floor = longest * _CHAR_MM + _CELL_MM
        floors.append(floor)
        wants.append(max(floor, min(usual, 36) * _CHAR_MM + _CELL_MM))
    widths = _share(available, floors, wants)
    return [Mm(number)] + [Mm(w) for w in widths]


def _share(available: float, floors: Sequence[float], wants: Sequence[float]) -> list[float]:
    """The text's width shared among columns that want `wants` and must have `floors`: the short columns (a
    name, a date, a term) get what they want and the long texts (an offence, a place) share the rest by what
    they want, but a long text keeps at least _LONG_MM (or what it wants, if less): the short columns give
    way toward their floors first (the examiner of issue 26 found the offence squeezed to 16 mm, 14 lines a
    person, beside a term given 38 mm). The table spans the text's width."""
    if sum(floors) >= available:
        return [f * available / sum(floors) for f in floors]
    short = [c for c in range(len(wants)) if wants[c] <= _SHORT_MM]
    long = [c for c in range(len(wants)) if c not in short]
    widths = list(wants)
    if long:
        keep = {c: max(floors[c], min(wants[c], _LONG_MM)) for c in long}
        over = sum(wants[c] for c in short) + sum(keep.values()) - available
        slack = sum(wants[c] - floors[c] for c in short)
        if over > 0 and slack > 0:  # the short columns shrink toward their floors, each by its slack's share
            for c in short:
                widths[c] = wants[c] - min(over, slack) * (wants[c] - floors[c]) / slack
        room = available - sum(widths[c] for c in short)
        for c in long:
            widths[c] = max(keep[c], room * wants[c] / sum(wants[c] for c in long))
        excess = sum(widths) - available
        slack = sum(widths[c] - floors[c] for c in long)
        if excess > 0 and slack > 0:  # many long texts: they give way toward their floors, not a date
            for c in long:
                widths[c] -= min(excess, slack) * (widths[c] - floors[c]) / slack
    return [w * available / sum(widths) for w in widths]


_LONG_MM = 35.0  # the least a long text column keeps while the short ones can give way
_CHAR_MM = 2.5  # a letter of 12-point Times New Roman (the tables' size), bold header or text, with room
_SHORT_MM = 45.0  # a column that wants no more than this is given all of it (a full name)
_CELL_MM = 3.0  # a cell's left and right margins


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
    note = document.add_paragraph()
    # italic and smaller than the title, on one line; "Chủ tịch nước" never broken across two
    tie = note.add_run(
        "(Kèm theo Quyết định số       /QĐ-CTN ngày      tháng      năm        của Chủ\u00a0tịch\u00a0nước)"
    )
    tie.italic, tie.font.size = True, Pt(13)
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
