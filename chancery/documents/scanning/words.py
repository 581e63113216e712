"""What the OCR read, as plain values: each word with its box on its page, and the lines they make. A line of
Tesseract that runs across both columns of the national layout (the agency on the left, the national title on
the right) is cut where the gap between two words is wider than a column's gutter, so each part keeps its own
place on the page."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from chancery.core.text import fold


@dataclass(frozen=True)
class Box:
    """A rectangle on a page image, in pixels from its top-left corner; pages are numbered from 1."""

    page: int
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2

    def union(self, other: Box) -> Box:
        if other.page != self.page:
            return self
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(self.page, x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def as_dict(self) -> dict[str, int]:
        return {"page": self.page, "x": self.x, "y": self.y, "w": self.w, "h": self.h}


def union(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding every box on the first one's page (None for none)."""
    result: Box | None = None
    for box in boxes:
        result = box if result is None else result.union(box)
    return result


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float = 1.0  # 0..1, Tesseract's word confidence / 100


# letters OCR gives for Vietnamese ones they resemble: the Icelandic eth for Đ
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})


def normalised(text: str) -> str:
    """The text in NFC with OCR's lookalike letters replaced by the Vietnamese ones."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


def folded_same_length(text: str) -> str:
    """The text lower-cased and without diacritics, one character for each of the text's (which must be in
    NFC), so that a match in the folded text is at the same place in the text as read."""
    out = []
    for ch in text.translate(_LOOKALIKES):
        bare = fold(ch) if not ch.isspace() else " "
        out.append(bare if len(bare) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


@dataclass(frozen=True)
class Line:
    """Words on one line of a page, left to right; `page_width` and `page_height` place it on its page."""

    words: tuple[Word, ...]
    page_width: int = 2480
    page_height: int = 3508

    @cached_property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @cached_property
    def folded(self) -> str:
        return folded_same_length(self.text)

    @cached_property
    def box(self) -> Box:
        found = union(word.box for word in self.words)
        assert found is not None  # a line has a word
        return found

    @property
    def page(self) -> int:
        return self.box.page

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words)

    def span_words(self, start: int, end: int) -> list[Word]:
        """The words the characters start..end of `text` fall on."""
        found, at = [], 0
        for word in self.words:
            if at < end and start < at + len(word.text):
                found.append(word)
            at += len(word.text) + 1
        return found

    @property
    def relative_x(self) -> float:
        """Where the line's centre is across the page, 0 at the left edge, 1 at the right."""
        return self.box.centre_x / max(self.page_width, 1)

    @property
    def relative_y(self) -> float:
        return self.box.y / max(self.page_height, 1)


@dataclass(frozen=True)
class TesseractWord:
    """A word of Tesseract's TSV output with the numbers of its block, paragraph and line."""

    word: Word
    block: int
    paragraph: int
    line: int


def lines_of(
    words: Sequence[TesseractWord], *, page_width: int, page_height: int, gutter: float = 0.06
) -> list[Line]:
    """The page's lines, top to bottom: Tesseract's lines, each cut where two words are further apart than
    `gutter` of the page's width (two columns read as one line)."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for item in words:
        if item.word.text.strip():
            grouped.setdefault((item.block, item.paragraph, item.line), []).append(item.word)
    gap = gutter * page_width
    lines: list[Line] = []
    for members in grouped.values():
        members.sort(key=lambda w: w.box.x)
        part = [members[0]]
        for word in members[1:]:
            if word.box.x - part[-1].box.right > gap:
                lines.append(Line(tuple(part), page_width, page_height))
                part = []
            part.append(word)
        lines.append(Line(tuple(part), page_width, page_height))
    lines.sort(key=lambda line: (line.page, line.box.y + line.box.h / 2, line.box.x))
    return _rows_ordered(lines)


def _rows_ordered(lines: list[Line]) -> list[Line]:
    """Lines whose vertical middles are within half a line of each other are one row, read left to right."""
    ordered: list[Line] = []
    row: list[Line] = []
    for line in lines:
        if row and (
            line.page != row[0].page
            or abs((line.box.y + line.box.h / 2) - (row[0].box.y + row[0].box.h / 2)) > row[0].box.h / 2
        ):
            ordered.extend(sorted(row, key=lambda item: item.box.x))
            row = []
        row.append(line)
    ordered.extend(sorted(row, key=lambda item: item.box.x))
    return ordered


def lines_from_text(
    text: str, *, page: int = 1, page_width: int = 2480, line_height: int = 60, columns: int = 2
) -> list[Line]:
    """Lines with boxes made up from a text, for the reading rules' tests and the naive baseline: a line is
    laid out at the left margin, or, when it holds a run of 4 or more spaces (two columns side by side), its
    parts on the left and right halves of the page. Pages are separated by a form feed."""
    lines: list[Line] = []
    for page_offset, page_text in enumerate(text.split("\f")):
        y = 200
        for row in page_text.split("\n"):
            parts = _columns(row) if columns > 1 else [row]
            for index, part in enumerate(parts):
                if not part.strip():
                    continue
                left = 240 if index == 0 else page_width // 2 + 100
                words, x = [], left
                for token in part.split():
                    token = normalised(token)
                    width = 28 * len(token)
                    words.append(Word(token, Box(page + page_offset, x, y, width, line_height - 14)))
                    x += width + 20
                lines.append(Line(tuple(words), page_width, page_width * 297 // 210))
            y += line_height
    return lines


def _columns(row: str) -> list[str]:
    import re

    parts = re.split(r"\s{4,}", row.rstrip())
    if len(parts) > 2:
        parts = [parts[0], " ".join(parts[1:])]
    if parts and not parts[0].strip() and len(parts) == 2:
        return ["", parts[1]]
    return parts


def box_of(line: Line, start: int, end: int) -> Box:
    """Where the characters start..end of a line were read (the line's box when no word is found)."""
    return union(w.box for w in line.span_words(start, end)) or line.box


def confidence_of(line: Line, start: int, end: int) -> float:
    """How sure the OCR was of the characters start..end of a line (the words that hold them, on average)."""
    words = line.span_words(start, end)
    return sum(w.confidence for w in words) / len(words) if words else line.confidence


def lines_box(lines: Sequence[Line]) -> Box | None:
    return union(line.box for line in lines)


def lines_confidence(lines: Sequence[Line]) -> float:
    return sum(line.confidence for line in lines) / len(lines) if lines else 0.0
