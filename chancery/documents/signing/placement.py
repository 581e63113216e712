"""Where the signatures show: the signature block's place on the signature page (Phụ lục I of Nghị định
30/2020), and the seal's place over the left third of the signer's signature."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chancery.documents.signing.certificates import MM

# --- where the signatures show ------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # PDF points: left, bottom, right, top
SIGNATURE_WIDTH = 75 * MM  # the signer's signature; its right two thirds hold the text
SEAL_SIZE = 32 * MM  # the seal's diameter


@dataclass(frozen=True)
class _Text:
    text: str
    x: float
    y: float
    size: float


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _names(text: str, key: str) -> bool:
    """Whether a piece of text names the person (folded), as whole words: "Lê Khánh Hải" is not found in
    "Lê Khánh Hải Yến" nor "Nguyễn Lê Khánh Hải" (the examiner of issue 30 matched a part of a name)."""
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", _fold(text)) is not None


def _page(content: bytes, index: int = -1, reader: Any = None) -> tuple[float, float, list[_Text]]:
    """A page's width and height and the pieces of text on it with their positions (the last by default);
    `reader`, a PdfReader of `content` already open, spares reading the file again page after page."""
    from pypdf import PdfReader

    page = (reader or PdfReader(io.BytesIO(content))).pages[index]
    left, bottom = float(page.mediabox.left), float(page.mediabox.bottom)
    texts: list[_Text] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4] - left
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5] - bottom
            scale = abs(tm[3] * cm[3]) or 1
            texts.append(_Text(text.strip(), x, y, float(size) * scale))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # a page pypdf cannot read text from: the signature goes bottom right
        texts = []
    return float(page.mediabox.width), float(page.mediabox.height), texts


_RECIPIENTS = "nơi nhận"  # the heading of the recipients, level with the signature block (Phụ lục I)
SIGNATURE_PAGES_SEARCHED = 30  # from the end, for a document without "Nơi nhận"


def signature_page(content: bytes, name: str = "") -> int:
    """The page of the signature block. It stands level with "Nơi nhận:" (Phụ lục I), so the first page
    that has "Nơi nhận" is searched for from the start: a decision comes before its annex however long the
    annex (the examiner of issue 30 found a 39-page decision signed on its last annex page, and one whose
    annex named someone of the signer's name signed over that row). When the signer's name is not on that
    page but on the next, the block was split across the two: the name's page. A document without "Nơi
    nhận": the last page with the name, searched from the end, else the last page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    count = len(reader.pages)
    key = _fold(name)

    def has(index: int, text: str) -> bool:
        return any(text in _fold(t.text) for t in _page(content, index, reader)[2])

    def named(index: int) -> bool:
        return any(_names(t.text, key) for t in _page(content, index, reader)[2])

    for index in range(count):
        if has(index, _RECIPIENTS):
            if key and not named(index) and index + 1 < count and named(index + 1):
                return index + 1
            return index
    if key:
        for index in range(count - 1, max(-1, count - 1 - SIGNATURE_PAGES_SEARCHED), -1):
            if named(index):
                return index
    return count - 1


def signature_place(content: bytes, name: str = "", page: int = -1) -> Box:
    """Where the signer's signature goes on `page`: between the title and the name of the signature block
    (Phụ lục I), found by the signer's name; without it, bottom right below the last text."""
    width, _height, texts = _page(content, page)
    key = _fold(name)
    named = [t for t in texts if _names(t.text, key)]
    if named:
        line = min(named, key=lambda t: t.y)  # the lowest: the name under the signature
        centre = line.x + 0.25 * line.size * len(line.text)
        # the block's own column: "Nơi nhận" on the left, however long, is not the block's title (the examiner
        # of issue 30 saw its lines squeeze the signature onto the printed name)
        column = (centre - SIGNATURE_WIDTH / 2, centre + SIGNATURE_WIDTH / 2)
        above = [
            t
            for t in texts
            if line.y + line.size < t.y < line.y + 50 * MM
            and t.x < column[1]
            and t.x + 0.5 * t.size * len(t.text) > column[0]
        ]
        top = min(t.y for t in above) - 2 if above else line.y + line.size + 22 * MM
        bottom = line.y + 0.8 * line.size
        if top - bottom < 16 * MM:
            middle = (top + bottom) / 2
            bottom, top = middle - 8 * MM, middle + 8 * MM
    elif block := _block_beside_recipients(width, texts):
        centre, top = block
        bottom = top - 22 * MM
    else:
        lowest = min((t.y for t in texts), default=260 * MM)
        top = lowest - 8 * MM
        bottom = top - 22 * MM
        if bottom < 15 * MM:
            bottom, top = 15 * MM, 37 * MM
        centre = width - 15 * MM - SIGNATURE_WIDTH / 3
    right = min(centre + SIGNATURE_WIDTH / 3, width - 5 * MM)
    return (right - SIGNATURE_WIDTH, bottom, right, top)


INFO_WIDTH = 24 * MM  # the seal's words (the Office's name, the signing time) beside it, in five lines
INFO_HEIGHT = 17 * MM


def _overlaps(box: Box, texts: Sequence[_Text]) -> bool:
    """Whether any text printed on the page (its width estimated from its length) runs into `box`."""
    left, bottom, right, top = box
    return any(
        t.x < right and t.x + 0.5 * t.size * len(t.text) > left and t.y < top and t.y + t.size > bottom
        for t in texts
    )


def _block_beside_recipients(width: float, texts: Sequence[_Text]) -> tuple[float, float] | None:
    """Where a signature block without the signer's name printed under it is: the lines on the right half of
    the page level with "Nơi nhận:" (its title, e.g. "KT. CHỦ TỊCH NƯỚC" over "PHÓ CHỦ TỊCH NƯỚC"); their
    centre and the foot of the lowest, or None."""
    headings = [t for t in texts if _fold(t.text).startswith(_RECIPIENTS)]
    if not headings:
        return None
    heading = min(headings, key=lambda t: t.y)
    title = [
        t
        for t in texts
        if t.x > width / 2 - 10 * MM and heading.y - 12 * MM < t.y < heading.y + heading.size + 3 * MM
    ]
    if not title:
        return None
    centre = sum(t.x + 0.25 * t.size * len(t.text) for t in title) / len(title)
    return centre, min(t.y for t in title) - 2


def seal_place(signature: Box, texts: Sequence[_Text] = ()) -> tuple[Box, str]:
    """Where the Office's signature shows: its seal covers about the left third of the signer's signature,
    centred on its height (Phụ lục I), and its words (the Office's name, the signing time) are set beside the
    seal, never over the signer's strokes (the examiner of issue 30 found them crossing): on its left where
    the page is blank there, else under it. The box, and "left" or "below"."""
    left, bottom, right, top = signature
    edge = left + (right - left) / 3
    middle = (bottom + top) / 2
    seal = (max(edge - SEAL_SIZE, 2 * MM), middle - SEAL_SIZE / 2, edge, middle + SEAL_SIZE / 2)
    beside = (seal[0] - INFO_WIDTH, middle - INFO_HEIGHT / 2, seal[0], middle + INFO_HEIGHT / 2)
    if beside[0] >= 5 * MM and not _overlaps(beside, texts):
        return (beside[0], seal[1], seal[2], seal[3]), "left"
    return (seal[0], seal[1] - INFO_HEIGHT, max(seal[2], seal[0] + INFO_WIDTH), seal[3]), "below"


def signature_fields(content: bytes) -> list[tuple[str, int, Box]]:
    """The signature fields shown on any page, in the order they were added: field name, page and box."""
    from pypdf import PdfReader

    found = []
    for index, page in enumerate(PdfReader(io.BytesIO(content)).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            field = annot if "/FT" in annot else annot.get("/Parent", annot).get_object()
            if annot.get("/Subtype") != "/Widget" or field.get("/FT") != "/Sig":
                continue
            x0, y0, x1, y1 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
            if x1 - x0 > 0 and y1 - y0 > 0:
                found.append((str(field.get("/T", "")), index, (x0, y0, x1, y1)))
    return found


def visible_signatures(content: bytes, page: int | None = None) -> list[tuple[str, Box]]:
    """The signature fields shown on `page` (the last by default), in the order they were added."""
    from pypdf import PdfReader

    wanted = page if page is not None else len(PdfReader(io.BytesIO(content)).pages) - 1
    return [(field, box) for field, on, box in signature_fields(content) if on == wanted]
