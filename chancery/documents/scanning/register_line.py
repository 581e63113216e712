"""The register line proposed from a scanned incoming document, read from the layout of Nghị định
30/2020/NĐ-CP, Phụ lục I: the issuing body's name at the top left in capitals, "Số: 123/QĐ-CTN" under it,
the place and date at the top right ("Hà Nội, ngày 05 tháng 3 năm 2025"), the urgency and secrecy marks
("HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"; "TUYỆT MẬT", "TỐI MẬT", "MẬT") under the number, the type's name in
capitals and the summary under it ("QUYẾT ĐỊNH" / "Về việc ..."), or, for a letter (công văn), "V/v ..."
under the number instead; "Nơi nhận:" at the bottom left and the signer's title and name at the bottom right.

Pure functions of the lines the OCR read (`words.Line`, with their boxes): no OCR, no database. Each field
comes with the text it was read from, a confidence (0..1: how sure the reading is, the OCR's confidence in
the words times how well the pattern matched) and its box, for the clerk to see where it was read. OCR's
usual slips are forgiven: missing diacritics ("So", "ngay", "thang"), "S6"/"Sô"/"S0" for "Số", "O" and "l"
for digits, "QD" for "QĐ", lines broken or run together."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chancery.core.text import fold
from chancery.documents import rules
from chancery.documents.scanning.agencies import AgencyMatch, Candidate, match_agency
from chancery.documents.scanning.words import Box, Line, box_of, confidence_of, lines_box, lines_confidence

EARLIEST_YEAR = 1945
LATEST_YEAR = 2100


@dataclass(frozen=True)
class Field:
    """One proposed value of the register line: `value` None when nothing was read (or what was read is
    impossible, `note` then says why)."""

    value: Any
    text: str = ""
    confidence: float = 0.0
    box: Box | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        return {
            "value": value,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "box": self.box.as_dict() if self.box else None,
            "note": self.note,
        }


NOTHING = Field(None)

FIELDS = (
    "sender",
    "number",
    "symbol",
    "reference",
    "issued_on",
    "doc_type",
    "summary",
    "signer",
    "urgency",
    "secrecy",
)


@dataclass
class Proposal:
    """The register line as proposed: a `Field` for each of `FIELDS`."""

    fields: dict[str, Field] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Field:
        return self.fields.get(name, NOTHING)

    def value(self, name: str) -> Any:
        return self[name].value

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {name: self[name].as_dict() for name in FIELDS}


# --- helpers ------------------------------------------------------------------------------------------------


_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1", "i": "1", "|": "1", "S": "5"})


def _digits(text: str) -> str:
    return text.translate(_DIGIT_LOOKALIKES)


def is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


_NATIONAL = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
)


def _national_title_span(folded: str) -> tuple[int, int] | None:
    """Where the national title or motto runs in a folded line (they sit right of the body's name and OCR
    may run them together)."""
    compact = re.sub(r"[^a-z ]", " ", folded)
    for phrase in _NATIONAL:
        words = phrase.split()
        at = compact.find(words[0][:4])
        while at >= 0:
            tail = " ".join(compact[at:].split())[: len(phrase) + 4]
            if similar(tail[: len(phrase)], phrase) >= 0.75:
                return at, len(folded)
            at = compact.find(words[0][:4], at + 1)
    return None


def _without_national(line: Line) -> str:
    span = _national_title_span(line.folded)
    return line.text[: span[0]].strip() if span else line.text


# --- number and symbol -------------------------------------------------------------------------------------

# "Số" as OCR gives it: So, Sô, S6, S0, 56, Sỏ...; then the number, the year of a legal normative document,
# and the symbol: parts of capitals and digits joined by hyphens ("QĐ-CTN", "UBND-VP", "TTr-BNV").
_NUMBER = re.compile(
    r"(?:^|[^a-z0-9])(?:s\s?[o0q6]|5\s?[o06])\s*[:;.,]?\s*"
    r"(?P<number>[0-9oli|]{1,5})\s*[/l1|]\s*"
    r"(?:(?P<year>(?:19|20)[0-9o]{2})\s*/\s*)?"
    r"(?P<symbol>[a-z0-9]{1,12}(?:\s*[-–—]\s*[a-z0-9]{1,12}){0,4})"
)
_SYMBOL_PART = re.compile(r"[^\W_]+")
_ABBREVIATIONS = {t.abbreviation: t.code for t in rules.TYPES.values() if t.abbreviation is not None}
_ABBREVIATION_BY_FOLD: dict[str, list[str]] = {}
for _abbreviation in _ABBREVIATIONS:
    _ABBREVIATION_BY_FOLD.setdefault(fold(_abbreviation), []).append(_abbreviation)


def _one_letter_off(read: str, wanted: str) -> bool:
    """One letter added, dropped or changed, diacritics aside (OCR's "TTIr" or "TIr" for "TTr", "QĐĐ" for
    "QĐ")."""
    a, b = fold(read), fold(wanted)
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _clean_symbol(raw: str, type_code: str | None) -> str:
    """The symbol's parts as written, hyphens restored; the type's abbreviation given back its Đ or its
    small letters when OCR lost them ("QD" -> "QĐ", "TTR" -> "TTr"), by the type when two fold alike."""
    parts = _SYMBOL_PART.findall(raw)
    if not parts:
        return ""
    first = parts[0]
    if first not in _ABBREVIATIONS:
        choices = _ABBREVIATION_BY_FOLD.get(fold(first), [])
        if type_code is not None:
            wanted = rules.TYPES[type_code].abbreviation
            if wanted in choices:
                choices = [wanted]
        if not choices and type_code is not None:
            wanted = rules.TYPES[type_code].abbreviation
            if wanted is not None and _one_letter_off(first, wanted):
                choices = [wanted]  # "TIr" for "TTr" under "TỜ TRÌNH"
        if len(choices) == 1:
            parts[0] = choices[0]
    rest = [p.upper() for p in parts[1:]]
    return "-".join([parts[0], *rest])


def read_number(lines: Sequence[Line], type_code: str | None = None) -> tuple[Field, Field, Field]:
    """Số và ký hiệu: the number as written ("05"), the symbol ("QĐ-CTN") and both as the register writes
    them ("05/QĐ-CTN", with the year of a legal normative document: "05/2026/L-CTN"). "Số:" at the start of a
    line or with its colon is preferred to a number cited in the text ("Tờ trình số 12/TTr-BNV")."""
    found_any: list[tuple[int, int, tuple[Field, Field, Field]]] = []
    for index, line in enumerate(lines[:40]):
        for found in _NUMBER.finditer(line.folded):
            fields = _number_fields(lines, index, found, type_code)
            if fields is None:
                continue
            keyword = line.folded[found.start() : found.start("number")]
            strong = line.folded[: found.start()].strip() == "" or ":" in keyword
            found_any.append((0 if strong else 1, index, fields))
    if not found_any:
        return NOTHING, NOTHING, NOTHING
    return min(found_any, key=lambda item: (item[0], item[1]))[2]


def _number_fields(
    lines: Sequence[Line], index: int, found: re.Match[str], type_code: str | None
) -> tuple[Field, Field, Field] | None:
    line = lines[index]
    number = _digits(line.text[found.start("number") : found.end("number")])
    if not number.isdigit() or int(number) == 0:
        return None
    raw = line.text[found.start("symbol") : found.end("symbol")]
    tail = line.text[found.end("symbol") :]
    symbol_text = raw
    following = lines[index + 1] if index + 1 < len(lines) else None
    if (
        following is not None
        and following.words
        and (raw.rstrip().endswith(("-", "–")) or (not tail.strip() and _continues_symbol(raw, following)))
    ):
        symbol_text = raw + following.words[0].text
    symbol_value = _clean_symbol(symbol_text, type_code)
    if not symbol_value or not any(ch.isalpha() for ch in symbol_value):
        return None
    year = found.group("year")
    start, end = found.start("number"), found.end("symbol")
    keyword = line.folded[found.start() : found.start("number")]
    certainty = 1.0 if re.search(r"s\s?o", keyword) else 0.85
    confidence = confidence_of(line, start, end) * certainty
    box = box_of(line, max(0, found.start()), end)
    written = f"{number}/{_digits(year)}/{symbol_value}" if year else f"{number}/{symbol_value}"
    text = line.text[found.start() : end].strip(" :;,.")
    return (
        Field(number, text, confidence, box),
        Field(symbol_value, text, confidence, box),
        Field(written, text, confidence, box),
    )


def _continues_symbol(raw: str, following: Line) -> bool:
    """A symbol broken at a hyphen across two lines: the next line starts with "-PART"."""
    return bool(re.match(r"^\s*[-–]\s*[A-ZĐ]", following.text)) and not raw.rstrip().endswith("-")


# --- place and date ----------------------------------------------------------------------------------------

_DATE = re.compile(
    r"n\s?g\s?[a4]\s?y\s*[:.]?\s*(?P<day>[0-9oli|]{1,2})\s*[,.]?\s*"
    r"t\s?h\s?[a4]\s?n\s?g\s*[:.]?\s*(?P<month>[0-9oli|]{1,2})\s*[,.]?\s*"
    r"n\s?[a4]\s?m\s*[:.]?\s*(?P<year>[0-9oli|]{4})"
)


def read_date(lines: Sequence[Line]) -> Field:
    """The document's date from its place-and-date line; a date that cannot be (31 February, month 13, a
    year before the Republic) is not proposed, and the note says what was read."""
    joined = _joined_pairs(lines[:40])
    for line in joined:
        found = _DATE.search(line.folded)
        if found is None:
            continue
        day, month, year = (
            _digits(line.text[found.start(g) : found.end(g)]) for g in ("day", "month", "year")
        )
        text = line.text[found.start() : found.end()]
        place = line.text[: found.start()].rstrip(" ,")
        text = f"{place.split('  ')[-1].strip()}, {text}".strip(", ") if place else text
        box = box_of(line, max(0, found.start() - len(place)), found.end())
        confidence = confidence_of(line, found.start(), found.end())
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            continue
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            return Field(None, text, 0.0, box, note=f"ngày không có thật: {day}/{month}/{year}")
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            return Field(None, text, 0.0, box, note=f"năm không hợp lý: {year}")
        return Field(value, text, confidence, box)
    return NOTHING


def _joined_pairs(lines: Sequence[Line]) -> list[Line]:
    """Each line, then each line run on with the next one under it in its column (a date broken over two
    lines, the other column's lines between them in reading order)."""
    pairs = list(lines)
    for index, first in enumerate(lines):
        for second in lines[index + 1 : index + 6]:
            if second.page != first.page or second.box.y - first.box.bottom > 2 * max(first.box.h, 1):
                continue
            overlap = min(first.box.right, second.box.right) - max(first.box.x, second.box.x)
            if second.box.y > first.box.y + first.box.h / 2 and overlap > 0:
                pairs.append(Line(first.words + second.words, first.page_width, first.page_height))
                break
    return pairs


# --- type, summary ----------------------------------------------------------------------------------------

_TYPE_NAMES = {fold(t.name): t.code for t in rules.TYPES.values()}


def _type_of_title(line: Line) -> str | None:
    if not is_capitals(line.text):
        return None
    key = " ".join(re.sub(r"[^a-z ]", " ", line.folded).split())
    if not key or len(key) > 20:
        return None
    if key in _TYPE_NAMES:
        return _TYPE_NAMES[key]
    if _MARK_LINE.match(key):
        return None
    return _nearest_type(key)


@functools.lru_cache(maxsize=4096)
def _nearest_type(key: str) -> str | None:
    """The type whose name is within OCR's slips of `key` (a letter or two), if one is."""
    if len(key) < 5:
        return None
    near = [name for name in _TYPE_NAMES if abs(len(name) - len(key)) <= 3]
    if not near:
        return None
    best = max(near, key=lambda name: similar(key, name))
    return _TYPE_NAMES[best] if similar(key, best) >= 0.8 else None


_MARK_LINE = re.compile(r"^(?:(?:hoa toc|thuong khan|khan|tuyet mat|toi mat|mat)\s*)+$")
_SUMMARY_PREFIX = re.compile(r"^\s*v\s?[/il1|\\]\s?v\s*[:.,]?\s*")
_BODY_START = re.compile(r"^\s*(?:kinh\s?gui|can\s?cu|thuc\s?hien|theo\b|dieu\s?\d|chu\s?tich|noi\s?nhan)")


def _starts_body(line: Line) -> bool:
    """The line opens the body ("Kính gửi:", "Căn cứ ...", "Thực hiện ..."), with its capital: a summary
    broken over lines goes on in small letters ("... kết quả / thực hiện nhiệm vụ")."""
    text = line.text.lstrip(" -")
    return bool(_BODY_START.match(line.folded)) and text[:1].isupper()


def read_type_and_summary(lines: Sequence[Line], after: int = 0) -> tuple[Field, Field, int]:
    """Tên loại và trích yếu: the type's name in capitals, then the summary under it up to the body; a
    letter (công văn) has no name but its "V/v ..." under the number. Returns the index of the title line
    too (where the body starts), or of the summary for a letter."""
    for index in range(after, min(len(lines), after + 40)):
        line = lines[index]
        code = _type_of_title(line)
        if code is None:
            continue
        type_field = Field(code, line.text, line.confidence * 0.95, line.box)
        summary_lines = _summary_after(lines, index)
        if summary_lines:
            text = join_broken(summary_lines)
            return (
                type_field,
                Field(text, text, lines_confidence(summary_lines), lines_box(summary_lines)),
                index,
            )
        return type_field, NOTHING, index
    for index in range(min(len(lines), 40)):
        line = lines[index]
        found = _SUMMARY_PREFIX.match(line.folded)
        if found is None:
            continue
        first = Line(tuple(w for w in line.span_words(found.end(), len(line.text))), line.page_width)
        summary_lines = [line, *_continuation(lines, index)]
        text = join_broken([first, *summary_lines[1:]]) if first.words else join_broken(summary_lines[1:])
        text = re.sub(r"^\s*[Vv]\s?[/Il1|\\]\s?[vV]\s*[:.,]?\s*", "", text)
        confidence = lines_confidence(summary_lines)
        return (
            Field("cong_van", line.text[: found.end()].strip(), confidence * 0.9, line.box),
            Field(text, text, confidence, lines_box(summary_lines)),
            index,
        )
    return NOTHING, NOTHING, after


def _summary_after(lines: Sequence[Line], title: int) -> list[Line]:
    """The lines under the title that make the summary: centred, close below it, not the body's start."""
    title_line = lines[title]
    found: list[Line] = []
    previous = title_line
    for line in lines[title + 1 : title + 6]:
        if line.page != title_line.page or _starts_body(line):
            break
        if line.box.y - previous.box.bottom > 1.6 * max(previous.box.h, 1) and found:
            break
        if is_capitals(line.text) and found:
            break
        centred_alike = abs(line.relative_x - title_line.relative_x) <= 0.2
        if not centred_alike and abs(line.box.x - title_line.box.x) > 0.05 * title_line.page_width:
            break
        found.append(line)
        previous = line
    return found


def _continuation(lines: Sequence[Line], first: int) -> list[Line]:
    """The lines continuing a "V/v ..." summary: under it, in its column, before "Kính gửi"."""
    start = lines[first]
    found: list[Line] = []
    previous = start
    for line in lines[first + 1 : first + 6]:
        if line.page != start.page:
            break
        if line.box.x > start.box.x + 0.25 * start.page_width or line.relative_x > 0.5:
            continue  # the other column (the place and date) on the same row
        if _starts_body(line) or _type_of_title(line):
            break
        if line.box.y - previous.box.bottom > 1.6 * max(previous.box.h, 1):
            break
        if is_capitals(line.text):
            break  # the marks under the summary ("HỎA TỐC")
        found.append(line)
        previous = line
    return found


def join_broken(lines: Sequence[Line]) -> str:
    """Lines of one paragraph as one text: a word broken with a hyphen at the end of a line joined."""
    text = ""
    for line in lines:
        part = line.text.strip()
        joined = text.endswith("-") and part[:1].islower()
        text = text[:-1] + part if joined else f"{text} {part}".strip()
    return text


# --- the heading's agency ----------------------------------------------------------------------------------


def read_sender(lines: Sequence[Line], number_box: Box | None, candidates: Iterable[Candidate] = ()) -> Field:
    """Tên cơ quan ban hành: the lines in capitals at the top left, above the number (without the national
    title OCR may have run into them), matched to the office's agencies when one is close enough: the value
    is then the agency's id, else None with the name as read."""
    heading: list[Line] = []
    texts: list[str] = []
    for line in lines[:12]:
        if number_box is not None and (line.page != number_box.page or line.box.y >= number_box.y - 5):
            break
        if _NUMBER.search(line.folded) or _DATE.search(line.folded):
            break
        if line.relative_x > 0.5:
            continue
        text = _without_national(line).strip(" -_—")
        if not text or not is_capitals(text):
            continue
        heading.append(line)
        texts.append(text)
    if not texts:
        return NOTHING
    read = " ".join(texts)
    box, confidence = lines_box(heading), lines_confidence(heading)
    matched: AgencyMatch | None = match_agency(texts, candidates)
    if matched is None:
        return Field(None, read, confidence * 0.5, box, note="không khớp cơ quan nào trong danh mục")
    return Field(matched.pk, read, confidence * matched.score, box, note=matched.name)


# --- the marks ---------------------------------------------------------------------------------------------

_URGENCY_WORDS = (("hoa toc", 3), ("thuong khan", 2), ("khan", 1))
_SECRECY_WORDS = (("tuyet mat", 3), ("toi mat", 2), ("mat", 1))
_MARK = re.compile(
    r"(?:^|[-–|,;/]\s*|\s{2,}|\b)(?P<mark>hoa\s?toc|thuong\s?khan|khan|tuyet\s?mat|toi\s?mat|mat)"
    r"(?=\s*(?:$|[-–|,;/]))"
)


_MARK_WORDS = {
    "hoatoc": "hoa toc",
    "thuongkhan": "thuong khan",
    "khan": "khan",
    "tuyetmat": "tuyet mat",
    "toimat": "toi mat",
    "mat": "mat",
}


def read_marks(lines: Sequence[Line], until: int) -> tuple[Field, Field]:
    """Độ khẩn and độ mật: marks in capitals in the heading (before the title), each standing alone or
    joined by a hyphen ("MẬT - HỎA TỐC"); "MẶT TRẬN" in an agency's name is no mark."""
    urgency, secrecy = Field(0, "", 1.0), Field(0, "", 1.0)
    for line in lines[: max(until, 1) + 1]:
        for found in _MARK.finditer(line.folded):
            original = line.text[found.start("mark") : found.end("mark")]
            if not is_capitals(original):
                continue
            if found.start("mark") > 0 and line.folded[found.start("mark") - 1].isalpha():
                continue
            key = _MARK_WORDS[found.group("mark").replace(" ", "")]
            box = box_of(line, found.start("mark"), found.end("mark"))
            confidence = confidence_of(line, found.start("mark"), found.end("mark"))
            for word, level in _URGENCY_WORDS:
                if key == word and level > urgency.value:
                    urgency = Field(level, original, confidence, box)
            for word, level in _SECRECY_WORDS:
                if key == word and level > secrecy.value:
                    secrecy = Field(level, original, confidence, box)
    return urgency, secrecy


# --- the signer --------------------------------------------------------------------------------------------

_NOT_NAME = re.compile(r"\b(noi nhan|luu|kinh gui|tran trong|dieu)\b")


def is_name_word(token: str) -> bool:
    return token.isalpha() and token[0].isupper() and (len(token) == 1 or token[1:].islower())


def read_signer(lines: Sequence[Line]) -> Field:
    """Người ký: the name at the foot of the signature block on the right of the last page, under the
    signer's title in capitals (with "KT.", "TM.", "TL." for one who signs for another)."""
    if not lines:
        return NOTHING
    last_page = lines[-1].page
    for line in reversed([line for line in lines if line.page == last_page]):
        if line.relative_x < 0.45 or line.relative_y < 0.15:
            continue
        tokens = [token.strip(".,;:'\"") for token in line.text.split()]
        tokens = [token for token in tokens if token]
        name: list[str] = []
        for token in reversed(tokens):
            if not is_name_word(token):
                break
            name.insert(0, token)
        if not 2 <= len(name) <= 6 or _NOT_NAME.search(fold(" ".join(name))):
            continue
        value = " ".join(name)
        start = line.text.rfind(value)
        return Field(
            value,
            value,
            confidence_of(line, start, start + len(value)),
            box_of(line, start, start + len(value)),
        )
    return NOTHING


# --- the whole line ----------------------------------------------------------------------------------------


def propose(lines: Sequence[Line], agencies: Iterable[Candidate] = ()) -> Proposal:
    """The register line proposed from a document's lines (its pages in order), every field with its text,
    confidence and box."""
    lines = list(lines)
    if not lines:
        return Proposal()
    first_page = [line for line in lines if line.page == lines[0].page]
    doc_type, summary, title_at = read_type_and_summary(first_page)
    number, symbol_field, reference = read_number(first_page, doc_type.value)
    if doc_type.value is None and symbol_field.value:
        first = symbol_field.value.split("-")[0]
        if first in _ABBREVIATIONS:
            doc_type = Field(
                _ABBREVIATIONS[first], symbol_field.text, symbol_field.confidence * 0.7, symbol_field.box
            )
    elif doc_type.value is not None and symbol_field.value:
        # the title and the symbol agree: both are surer
        wanted = rules.TYPES[doc_type.value].abbreviation
        first = symbol_field.value.split("-")[0]
        if wanted is not None and first == wanted:
            doc_type = Field(
                doc_type.value, doc_type.text, min(1.0, doc_type.confidence + 0.05), doc_type.box
            )
    heading_ends = title_at if doc_type.value not in (None, "cong_van") else _body_start(first_page, title_at)
    urgency, secrecy = read_marks(first_page, heading_ends)
    return Proposal(
        {
            "sender": read_sender(first_page, number.box, agencies),
            "number": number,
            "symbol": symbol_field,
            "reference": reference,
            "issued_on": read_date(first_page),
            "doc_type": doc_type,
            "summary": summary,
            "signer": read_signer(lines),
            "urgency": urgency,
            "secrecy": secrecy,
        }
    )


def _body_start(lines: Sequence[Line], after: int) -> int:
    """The first line of the body ("Kính gửi", "Căn cứ", ...) after `after`, or the heading's usual end."""
    for index in range(after, min(len(lines), after + 15)):
        if _starts_body(lines[index]):
            return index
    return min(len(lines), after + 8)
