"""The layout check of a generated document (Nghị định 30/2020, Phụ lục I): the motto and its line, the
agency's name and its line, the fonts, the numbering, the signature block."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from chancery.documents.layout.stamping import (
    _DATE_LINE,
    _NUMBER_LINE,
    _blank,
    _date_parts,
    _every_paragraph,
    _text,
    _visible,
)
from chancery.documents.layout.word import _capitals

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
