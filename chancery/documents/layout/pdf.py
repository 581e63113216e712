"""PDF of a generated document in the national format (fpdf2 with a Times New Roman-compatible font), with its
annex."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chancery.documents.layout.word import BODY_WIDTH_MM, Block, balanced, body_blocks, roman

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
    theo Báo cáo số … ngày …"), its column headings and rows (a report's figures, right-aligned after the
    first column). A list in parts (`parts`: the decision's groups, each under "I. <heading>") is a table of
    names per part, its rows numbered on from one part to the next under the column "STT"; `rows` is then
    unused."""

    heading: str
    tie: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    parts: Sequence[tuple[str, Sequence[Sequence[str]]]] = ()


def _closing_height(pdf: Any, values: Mapping[str, Any]) -> float:
    """The height the foot of the document needs on one page: the signature block (the signer's title, the
    room for the signature and the seal, the name: 13 points, bold) beside "Nơi nhận" (11 points; at most
    120 mm of it, a longer list goes on over the next page). Leaves the font as it found it."""
    family, style, size = pdf.font_family, pdf.font_style, pdf.font_size_pt
    pdf.set_font("Letter", "", 11)
    left = 6 + sum(
        pdf.multi_cell(RECIPIENTS_WIDTH_MM, 5, f"- {recipient}", align="L", dry_run=True, output="HEIGHT")
        for recipient in values["copies"]
    )
    pdf.set_font("Letter", "B", 13)
    right = (
        pdf.multi_cell(90, 6, values["signer_title"], dry_run=True, output="HEIGHT")
        + 28
        + pdf.multi_cell(90, 6, values["signer_name"] or " ", dry_run=True, output="HEIGHT")
    )
    pdf.set_font(family, style, size)
    return float(max(right, min(left, 120)))


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
        if index == len(blocks) - 1 and index > titled and not block.title:
            # the last paragraph ("Trên đây là báo cáo...") goes with the signature block: never the block
            # alone at the top of a page (the examiner of issue 26 found it so on a report's third page)
            last = pdf.multi_cell(BODY_WIDTH_MM - 10, 7, block.text, dry_run=True, output="HEIGHT")
            if pdf.get_y() + last + 5 + _closing_height(pdf, values) > pdf.h - 20:
                pdf.add_page()
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
    if pdf.get_y() + _closing_height(pdf, values) > pdf.h - 20:
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
    if annex.parts:
        _annex_parts(pdf, annex)
        return
    first = 0.45 if len(annex.header) > 2 else 0.7
    rest = (1 - first) / max(len(annex.header) - 1, 1)
    widths = [first * BODY_WIDTH_MM] + [rest * BODY_WIDTH_MM] * (len(annex.header) - 1)
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(widths) - 1)) as table:
        for row in [annex.header, *annex.rows]:
            cells = table.row()
            for value in row:
                cells.cell(str(value))


def _annex_parts(pdf: Any, annex: Annex) -> None:
    columns = ("STT", *annex.header)
    widths = [12.0] + [(BODY_WIDTH_MM - 12.0) / len(annex.header)] * len(annex.header)
    number = 0
    for index, (heading, rows) in enumerate(annex.parts, start=1):
        # a part's heading never ends a page without its first rows: its line, the column headings and two
        # rows of up to three lines each
        if pdf.will_page_break(7 + 10 + 2 * 16):
            pdf.add_page()
        pdf.set_font("Letter", "B", 12)
        pdf.multi_cell(0, 7, f"{roman(index)}. {heading}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Letter", "", 11)
        with pdf.table(col_widths=widths, text_align=["CENTER"] + ["LEFT"] * len(annex.header)) as table:
            cells = table.row()
            for value in columns:
                cells.cell(value)
            for row in rows:
                number += 1
                cells = table.row()
                for value in (str(number), *row):
                    cells.cell(str(value))
        pdf.ln(3)


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
