"""Finding the petitions that are the same matter: pure functions, no ORM.

What two letters about one matter share is their matter, not their letter: a resend comes with a new greeting
and date, a co-signed copy with another signer's name and address, a retype without diacritics and with
typos, a second letter in other words. So a letter is first reduced to its body (`parse`): the national
heading, the title, "Kính gửi ...", the writer's own identity ("Tôi tên là ..., sinh năm ..., trú tại ...",
a form's "Họ và tên: ..." lines), closing formulas, the place and date and the signature block are cut, and
the rest is kept folded, in segments (sentences, and a form's labels and values), with its facts (the numbers,
codes, subjects and parcels it names). Three signals compare two bodies (`signals`):

- overlap: the Jaccard similarity of their sets of folded word 3-grams ("shingles"): near copies;
- closeness: the cosine of their TF-IDF vectors of folded words and word pairs, weighted by how rare each is
  among the petitions on file (`Corpus`): a letter in other words still shares what identifies the matter,
  and what every letter says weighs little;
- facts: the Jaccard similarity of their facts (the decision's number, the parcel, the dates, the amounts).

Pre-printed forms (a plea for clemency, a land compensation complaint) and model letters make two letters
about different people look alike. The corpus learns their lines: a segment whose shape (its words, numbers
left blank) is seen in letters about at least TEMPLATE_MIN different sets of facts is boilerplate, and overlap
and closeness compare what is left (the numbers filled into the boilerplate stay). And two letters that name
different subjects of one sort (the prisoner, the convicted son, the martyr; the parcel) are different
matters whatever else they share (`different_subjects`); naming the same one counts as much as being written
by the same person.

Two petitions are the same matter (`is_same_matter`) when:
- overlap >= DUPLICATE_SIMILARITY or closeness >= CLOSENESS, whoever sent them;
- facts >= FACTS_ALIKE (two facts shared at least) and closeness >= FACTS_CLOSENESS
  or overlap >= FACTS_OVERLAP;
- the same petitioner (the same folded name in the same commune, or in the province when either letter does
  not give the commune, or the same identity number) or the same subject, and overlap >=
  SAME_PETITIONER_SIMILARITY or closeness >= SAME_PETITIONER_CLOSENESS;
- a petitioner whose name is one letter away (a typo: "Nguyễn Thị Huờng", "Nguyen Thi Hưong" are the same
  folded name already; "Nguyễn Thị Huonq" is one letter away) in the same place, and overlap >=
  FUZZY_PETITIONER_SIMILARITY or closeness >= FUZZY_PETITIONER_CLOSENESS;
and they do not name different subjects.

Checking a new petition against every petition on file would read them all; instead each petition stores its
parse (`MatchText`) and a few keys (`MatchKey`): MinHash band keys of its shingles (BANDS bands of ROWS hash
functions: a pair at overlap s shares a band with probability 1 - (1 - s²)^16: 0.99998 at 0.7, 0.99 at 0.5),
MinHash band keys of its facts (FACT_BANDS bands of FACT_ROWS, which find a letter in other words), and its
petitioners' keys (exact, and with each word of the name left out, which finds a name one letter away).
Petitions sharing keys are candidates; the signals decide. bench/duplicates.py measures precision and recall
on generated resends, co-signed copies, retypes, paraphrases and name typos among a million petitions.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np

from chancery.core.text import _FOLD, fold, strip_invisible

DUPLICATE_SIMILARITY = 0.7
CLOSENESS = 0.6
FACTS_SHARED = 2
FACTS_ALIKE = 0.5
FACTS_CLOSENESS = 0.2
FACTS_OVERLAP = 0.15
SAME_PETITIONER_SIMILARITY = 0.25
SAME_PETITIONER_CLOSENESS = 0.3
FUZZY_PETITIONER_SIMILARITY = 0.4
FUZZY_PETITIONER_CLOSENESS = 0.45
SHINGLE_WORDS = 3
BANDS = 16
ROWS = 2
FACT_BANDS = 6
FACT_ROWS = 2
TEMPLATE_MIN = 5
FEATURE_BUCKETS = 1 << 22

EXACT = "exact"
FUZZY = "fuzzy"

# Formulas of a Vietnamese letter that say nothing about its matter (folded), removed wherever they are.
_FORMULAS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "doc lap - tu do - hanh phuc",
    "kinh gui",
    "don khieu nai",
    "don to cao",
    "don kien nghi",
    "don phan anh",
    "toi ten la",
    "toi la",
    "xin tran trong cam on",
    "xin chan thanh cam on",
    "tran trong cam on",
    "tran trong",
    "nguoi lam don",
    "nguoi viet don",
    "chu tich nuoc",
    "van phong chu tich nuoc",
)
_FORMULA_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(f) for f in sorted(_FORMULAS, key=len, reverse=True)) + r")\b"
)
_WORD = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"\d")
_DIGITS_WORD = re.compile(r"\S*\d\S*")
_NAME_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACES = re.compile(r"[^\S\n]+")

# Family names (folded): "Tôi là Nguyễn ..." introduces the writer, "Tôi là mẹ của ..." does not.
SURNAMES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dao",
        "doan",
        "dinh",
        "lam",
        "mai",
        "trinh",
        "truong",
        "cao",
        "luong",
        "ta",
        "ha",
        "thai",
        "to",
        "chu",
        "kieu",
        "quach",
        "luu",
        "trieu",
        "vuong",
        "hua",
        "lai",
        "mac",
        "au",
        "hau",
        "khuc",
        "kim",
        "tang",
        "tong",
        "van",
        "cu",
        "diep",
        "giang",
        "luc",
        "quan",
        "than",
        "phung",
        "la",
        "bach",
        "nghiem",
        "vien",
        "nong",
        "lo",
        "han",
        "dong",
        "ong",
        "khong",
        "thach",
        "tieu",
        "my",
        "quang",
        "ton",
    ]
)

# --- the letter's body ----------------------------------------------------------------------------------

# One character in, one character out: positions in the folded text are positions in the original.
_ALIGNED = {code: value.lower() for code, value in _FOLD.items()} | {
    code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)
}


def _fold_aligned(text: str) -> str:
    return text.translate(_ALIGNED)


_HEADING = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\W{0,4}tu do\W{0,4}hanh phuc|[-_=*.~]{3,}")
# Where a new unit of a letter starts even without a full stop (stored text has no line breaks).
_STARTS = re.compile(
    r"\b(?:kinh gui|toi ten la|ten toi la|ho va ten|ho ten|chung toi gom|(?<!hy )sinh nam|nam sinh|ngay sinh|"
    r"dia chi|noi cu tru|noi o hien nay|cho o hien nay|(?:cu |thuong |tam )tru(?: tai)?|tru tai|que quan|"
    r"nghe nghiep|"
    r"so dien thoai|dien thoai|so cccd|so cmnd|cccd|cmnd|can cuoc cong dan|ngay cap|noi cap|email|"
    r"(?:(?:toi|chung toi|gia dinh toi) )?(?:xin tran trong cam on|xin chan thanh cam on|tran trong cam on|"
    r"tran trong kinh chao|kinh mong|rat mong|xin cam doan|cam doan))\b"
)
# A word that starts a sentence or a form's field, in capitals after no full stop: where a form typed on one
# line (or stored on one) starts its next field. Only words that are never part of a name.
_CAPITAL_STARTS = re.compile(
    r"(?<=[^\s.!?:;])\s+(?=(?:Là|Bị|Hiện|Lý do|Tôi|Vì|Đề nghị|Kính|Xin|Chúng tôi|Gia đình|Con tôi|Ngày|Trước|"
    r"Nhưng|Việc|Nội dung|Về việc|Căn cứ|Mặc dù|Đến nay|Sau đó|Theo đó|Nay|Toi|Hien dang|Hien nay|Ly do|"
    r"Chung toi|Gia dinh|Con toi|De nghi|Noi dung|Ve viec|Can cu|Mac du|Den nay|Sau do|Theo do|Viec|Truoc|"
    r"Kinh gui|Kinh mong)\b)"
)
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")
_IDENTITY_OPEN = re.compile(
    r"(?:toi ten la|ten toi la|chung toi gom|chung toi ten la"
    r"|ho (?:va )?ten(?! (?:cua )?(?:pham nhan|bi an|bi cao|bi can|con|nguoi bi|liet si|thuong binh))"
    r"(?: (?:nguoi (?:lam|viet|gui) don|nguoi khieu nai|nguoi to cao|nguoi kien nghi))?"
    r"|(?:toi|chung toi) la (?=(?:ong |ba )?(?P<surname>[a-z]+)\b))"
)
_IDENTITY_DETAIL = re.compile(
    r"(?P<number>sinh nam|nam sinh|ngay sinh|so dien thoai|dien thoai|dt|so cccd|cccd|so cmnd|cmnd|"
    r"can cuoc(?: cong dan)?|so dinh danh|ngay cap)\b"
    r"|(?P<place>dia chi(?! (?:thua|khu|dat|nha))|noi cu tru|noi o(?: hien nay)?|cho o(?: hien nay)?|"
    r"(?:cu |thuong |tam )?tru(?: tai)?|que quan|noi cap)\b"
    r"|(?P<other>nghe nghiep|dan toc|quoc tich|email)\b"
)
_LABEL_GAP = re.compile(r"[\s:.\-–]*(?:so\s*:?\s*)?")
_NUMBER_VALUE = re.compile(r"\+?\d(?:[\d.\-/]|\s(?=\d))*")
_DETAIL_GAP = re.compile(r"\s*[,;]?\s*(?:va\s+)?")
_NAME_STOP = frozenset(
    [
        "sinh",
        "nam",
        "dia",
        "chi",
        "tru",
        "tai",
        "thuong",
        "cu",
        "ngu",
        "o",
        "la",
        "hien",
        "xin",
        "co",
        "so",
        "cccd",
        "cmnd",
        "dien",
        "thoai",
    ]
)
_CLOSING = re.compile(
    r"(?:(?:toi|chung toi|gia dinh toi) )?(?:xin tran trong cam on|xin chan thanh cam on|"
    r"tran trong cam on|chan thanh cam on|xin cam on|"
    r"tran trong kinh chao|tran trong|kinh mong|rat mong|(?:toi|chung toi) (?:xin )?cam doan|xin cam doan|"
    r"kinh thu)\b"
)
_SIGNATURE = re.compile(
    r"\b(?:nguoi (?:lam|viet|gui) don|nguoi khieu nai|nguoi to cao|nguoi kien nghi|nguoi phan anh|"
    r"nguoi dai dien|dai dien cac ho|dong ky ten|cac ho dan ky ten|ky,? (?:va )?ghi ro ho ten|ky ten)\b"
    r"|\(ky\b"
)
# "Hà Nội, ngày 5 tháng 6 năm 2024": a place (capitalised words) and the date the letter was written.
_LETTER_DATE = re.compile(r",\s*ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}\.?")
_TITLE = re.compile(r"\b(?:ĐƠN|DON)\b")
_TOKEN = re.compile(r"\S+")
# The words of an addressee after "Kính gửi" (folded): the Office, the bodies of the State and their places.
_ADDRESSEE = frozenset(
    [
        "chu",
        "tich",
        "nuoc",
        "cong",
        "hoa",
        "xa",
        "hoi",
        "nghia",
        "viet",
        "nam",
        "van",
        "phong",
        "ban",
        "tiep",
        "dan",
        "trung",
        "uong",
        "thanh",
        "tra",
        "chinh",
        "phu",
        "uy",
        "nhan",
        "toa",
        "an",
        "vien",
        "kiem",
        "sat",
        "bo",
        "quoc",
        "dang",
        "tong",
        "bi",
        "thu",
        "tuong",
        "ong",
        "ba",
        "dong",
        "chi",
        "lanh",
        "dao",
        "cac",
        "co",
        "quan",
        "chuc",
        "nang",
        "nha",
        "tinh",
        "pho",
        "huyen",
        "phuong",
        "thi",
        "tran",
        "tw",
        "ubnd",
        "hdnd",
        "tand",
        "vks",
        "vksnd",
        "tandtc",
        "vksndtc",
        "ttcp",
        "vpctn",
        "va",
        "cung",
        "su",
        "tu",
        "phap",
        "noi",
        "vu",
        "tai",
        "nguyen",
        "moi",
        "truong",
        "lao",
        "thuong",
        "binh",
        "ngoai",
        "giao",
        "duc",
        "y",
        "te",
        "cap",
        "hoa",
    ]
)


def _units(text: str, folded: str) -> list[tuple[int, int]]:
    """The (start, end) of each unit of a letter: its sentences and lines, and the parts a form runs
    together (a label starting a new field)."""
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _BOUNDARY.finditer(text))
    cuts.update(m.start() for m in _STARTS.finditer(folded))
    cuts.update(m.end() for m in _CAPITAL_STARTS.finditer(text))
    ordered = sorted(cuts)
    return [(a, b) for a, b in itertools.pairwise(ordered) if not text[a:b].isspace()]


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with these spans replaced by spaces (positions stay where they were)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _titles(text: str) -> list[tuple[int, int]]:
    """The spans of a title in capitals ("ĐƠN XIN ÂN GIẢM ÁN TỬ HÌNH", "DON KHIEU NAI")."""
    spans = []
    for match in _TITLE.finditer(text):
        end = match.end()
        for token in _TOKEN.finditer(text, match.end()):
            letters = [ch for ch in token.group() if ch.isalpha()]
            if letters and not all(ch.isupper() for ch in letters):
                break
            end = token.end()
        spans.append((match.start(), end))
    return spans


def _after_greeting(head: str) -> int:
    """Where the addressee after "Kính gửi" ends (the words of `_ADDRESSEE`, "tối cao" included)."""
    position = 0
    for word in re.finditer(r"[a-z0-9]+|[^a-z0-9\s]", head):
        token = word.group()
        if token == "toi" and not head[word.end() :].lstrip().startswith("cao"):
            break
        if token in _ADDRESSEE or token in {"toi", "kinh", "gui"} or not token.isalnum():
            position = word.end()
            continue
        break
    return position


@cache
def _province_names() -> re.Pattern[str]:
    """The provinces' names, today's and before 1 July 2025 (folded): where an address ends."""
    from chancery.core.provinces import FORMER_NAMES, _bare, provinces

    names = {fold(_bare(p.name)) for p in provinces()}
    names.update(fold(n) for old in FORMER_NAMES.values() for n in old)
    names.add("viet nam")
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\W+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def _name_end(unit: str, folded: str, position: int) -> int:
    """Where a person's name that starts at `position` ends: its capitalised words (a text in lower case:
    up to four words that are not a form's next label)."""
    lower_case = not any(ch.isupper() for ch in unit)
    end, taken = position, 0
    for word in _NAME_WORD.finditer(unit, position):
        if taken and re.search(r"[,.;:()\n]", unit[end : word.start()]):
            break
        value = folded[word.start() : word.end()]
        if taken == 0 and value in {"ong", "ba"}:
            end = word.end()
            continue
        if lower_case:
            if value in _NAME_STOP or taken == 4:
                break
        elif not word.group()[0].isupper() or taken == 5:
            break
        end, taken = word.end(), taken + 1
    return end


def _opens_identity(opening: re.Match[str], unit: str, lead: int) -> bool:
    """Whether "Tôi là ..." introduces the writer: a family name follows, in capitals unless the whole
    text is in lower case ("Tôi là Nguyễn ...", not "Tôi là vợ của ...")."""
    surname = opening.group("surname")
    if surname is None:
        return True
    first = unit[lead + opening.start("surname")]
    return surname in SURNAMES and (first.isupper() or not any(ch.isupper() for ch in unit))


def _identity_end(unit: str, folded: str, start: int, kind: str) -> int:
    """Where the writer's identity that starts at `start` ends: the label's value (a name, a number, an
    address up to its province, a word or two), then the further fields that follow it after a comma."""
    while True:
        position = _LABEL_GAP.match(folded, start).end()  # type: ignore[union-attr]
        if kind == "name":
            end = _name_end(unit, folded, position)
        elif kind == "number":
            value = _NUMBER_VALUE.match(folded, position)
            end = value.end() if value else position
        elif kind == "place":
            province = _province_names().search(folded, position, min(len(folded), position + 200))
            limit = len(" ".join(folded[position:].split()[:12]))
            end = province.end() if province else position + min(limit, len(folded) - position)
        else:
            comma = folded.find(",", position)
            end = comma if 0 <= comma < position + 40 else min(len(folded), position + 40)
        gap = _DETAIL_GAP.match(folded, end).end()  # type: ignore[union-attr]
        following = _IDENTITY_DETAIL.match(folded, gap)
        if not following or (end == position and kind != "name"):
            return end
        kind = following.lastgroup or "other"
        start = following.end()


def _letter_dates(text: str, folded: str) -> list[tuple[int, int]]:
    """The spans of "<Place>, ngày d tháng m năm y" (the place in capitals): where and when it was written."""
    spans = []
    for match in _LETTER_DATE.finditer(folded):
        start = match.start()
        for _taken in range(4):
            before = text[:start].rstrip()
            space = max(before.rfind(" "), before.rfind("\n")) + 1
            word = before[space:]
            if not word[:1].isupper() or word.endswith((".", ":", ";")):
                break
            start = space
        if start < match.start():
            spans.append((start, match.end()))
    return spans


def _body(text: str) -> tuple[list[str], list[str]]:
    """The units of a letter's body as written and folded (see `parse`)."""
    import unicodedata

    text = unicodedata.normalize("NFC", strip_invisible(text)).replace("\r", "\n")
    text = "\n".join(line for line in (_SPACES.sub(" ", line).strip() for line in text.split("\n")) if line)
    folded = _fold_aligned(text)
    cut = [*_titles(text), *_letter_dates(text, folded), *(m.span() for m in _HEADING.finditer(folded))]
    if cut:
        text, folded = _blank(text, cut), _blank(folded, cut)
    signature = next(
        (m.start() for m in _SIGNATURE.finditer(folded) if m.start() >= 0.6 * len(folded)), len(text)
    )
    lines: list[str] = []
    folded_lines: list[str] = []
    in_identity = False
    for start, end in _units(text, folded):
        if start >= signature:
            break
        end = min(end, signature)
        unit, unit_folded = text[start:end], folded[start:end]
        lead = len(unit_folded) - len(unit_folded.lstrip(_LEADING))
        head = unit_folded[lead:]
        opening = _IDENTITY_OPEN.match(head)
        detail = _IDENTITY_DETAIL.match(head) if (in_identity or not lines) else None
        if opening and _opens_identity(opening, unit, lead):
            identity = _identity_end(unit, unit_folded, lead + opening.end(), "name")
        elif detail:
            identity = _identity_end(unit, unit_folded, lead + detail.end(), detail.lastgroup or "other")
        else:
            identity = 0
        if identity:
            unit, unit_folded = unit[identity:], unit_folded[identity:]
            lead = len(unit_folded) - len(unit_folded.lstrip(_LEADING))
            head = unit_folded[lead:]
            in_identity = not _WORD.search(head)
            if in_identity:
                continue
        else:
            in_identity = False
        if _CLOSING.match(head) and len(_WORD.findall(head)) <= 30:
            continue
        if head.startswith("kinh gui"):
            lead += _after_greeting(head)
        if _WORD.search(unit_folded, lead):
            lines.append(" ".join(unit[lead:].split()))
            folded_lines.append(" ".join(unit_folded[lead:].split()))
    return lines, folded_lines


_LEADING = " \t\n:;,.-–—()*•"


def body(text: str) -> str:
    """The letter without its letter: heading, title, greeting, the writer's identity, closing formulas,
    place and date, signature block (see the module's docstring). Units are kept in order, one a line."""
    return "\n".join(_body(text)[0])


# --- facts and subjects ---------------------------------------------------------------------------------

_SEGMENT_SPLIT = re.compile(r"[.;:!?]\s|[;:!?]|\.$")
_NUMBER = re.compile(r"[a-z0-9]+(?:[/.,-][a-z0-9]+)*")
_THOUSANDS = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")

# Words that introduce the person a letter is about, when two letters about different such people are two
# matters: the prisoner, the convicted or accused, the son or husband, the martyr.
_SUBJECT_MARKERS = re.compile(
    r"\b(?:pham nhan|bi an|bi cao|bi can|liet si|tha toi chet cho|an giam(?: an tu hinh)? cho|"
    r"(?:con trai|con gai|con|chong|vo|bo|cha|me|em trai|anh trai) (?:cua )?(?:toi|chung toi)(?: la)?"
    r"(?: ong| ba)?|"
    r"(?:toi|chung toi) la (?:me|bo|cha|vo|chong|chi gai|anh trai|em trai|em gai|chi|anh|em|con)"
    r"(?: de| ruot)? cua(?: pham nhan)?)\s*:?\s*"
)
_NOT_NAME = frozenset(
    [
        "sinh",
        "nam",
        "bi",
        "da",
        "la",
        "toi",
        "cua",
        "va",
        "o",
        "tai",
        "hien",
        "dang",
        "tu",
        "hinh",
        "duoc",
        "khong",
        "chua",
        "nhung",
        "vi",
        "ve",
        "toa",
        "an",
        "ly",
        "do",
    ]
)
_PARCEL = re.compile(r"thua(?: dat)?(?: so)?\s*:?\s*(\d+)\D{0,20}?to ban do(?: so)?\s*:?\s*(\d+)")


@dataclass(frozen=True)
class Subjects:
    """Whom and what a letter is about, when it says: people (folded names) and parcels ("12/5")."""

    people: frozenset[str] = frozenset()
    parcels: frozenset[str] = frozenset()


def _number(token: str) -> str:
    token = _THOUSANDS.sub("", token)
    date = _DATE.fullmatch(token)
    if date:
        day, month, year = date.groups()
        return f"{int(day)}/{int(month)}/{year}"
    return token


def _subjects(lines: Sequence[str], folded_lines: Sequence[str]) -> Subjects:
    content, folded = "\n".join(lines), "\n".join(folded_lines)
    lower_case = not any(ch.isupper() for ch in content)
    people = set()
    for match in _SUBJECT_MARKERS.finditer(folded):
        taken: list[str] = []
        last = match.end()
        for word in _NAME_WORD.finditer(content, match.end()):
            if re.search(r"[,.;:()\n]" if taken else r"[,.;()\n]", content[last : word.start()]):
                break
            value = folded[word.start() : word.end()]
            if lower_case:
                if value in _NOT_NAME or len(taken) == 3:
                    break
            elif not word.group()[0].isupper() or len(taken) == 4:
                break
            taken.append(value)
            last = word.end()
        if len(taken) >= 2:
            people.add(" ".join(taken))
    parcels = {f"{a}/{b}" for a, b in _PARCEL.findall(folded)}
    return Subjects(frozenset(people), frozenset(parcels))


def _word_hash(word: str) -> int:
    """A word as 31 stable bits (CRC-32), the lowest bit saying whether it holds a digit."""
    return (zlib.crc32(word.encode()) & 0xFFFFFFFE) | (1 if _DIGITS.search(word) else 0)


_WORD_HASHES: dict[str, int] = {}  # the words seen lately: a letter's words are mostly the language's
_WORD_HASHES_MAX = 200_000


def _word_hashes(words: list[str]) -> np.ndarray:
    """`_word_hash` of each word, from the words seen lately (a word missing there is hashed again)."""
    known = _WORD_HASHES
    if len(known) > _WORD_HASHES_MAX:
        known.clear()
    for word in set(words).difference(known):
        known[word] = _word_hash(word)
    get = known.get
    return np.array([get(w) or _word_hash(w) for w in words], dtype=np.uint32)


def _shape_hash(segment: str) -> int:
    """A segment with its numbers left blank (a line of a form, or a sentence of a model letter, whatever
    numbers were filled in), as a stable 32-bit hash."""
    return zlib.crc32((_DIGITS_WORD.sub("#", segment) if _DIGITS.search(segment) else segment).encode())


@dataclass(frozen=True)
class Parsed:
    """What the check keeps of a letter, stored with each petition (`MatchText`): the words of its body,
    folded, as stable hashes (`_word_hash`); its segments (sentences, and a form's labels and values split at
    colons) as the shape of each (`_shape_hash`) and its number of words; and its facts: the numbers and
    codes it names (two digits or more: a decision's number, a date, a year, an area, an amount), its
    subjects ("p:nguyen van hung") and parcels ("t:12/5")."""

    words: np.ndarray  # uint32, one a word
    shapes: np.ndarray  # uint32, one a segment
    sizes: np.ndarray  # uint16, the words of each segment
    facts: frozenset[str]

    @property
    def subjects(self) -> Subjects:
        return Subjects(
            frozenset(f[2:] for f in self.facts if f.startswith("p:")),
            frozenset(f[2:] for f in self.facts if f.startswith("t:")),
        )

    def stored(self) -> tuple[bytes, bytes, bytes, str]:
        """(words, shapes, sizes, facts) as `MatchText` keeps them."""
        return (
            self.words.astype("<u4").tobytes(),
            self.shapes.astype("<u4").tobytes(),
            self.sizes.astype("<u2").tobytes(),
            "\n".join(sorted(self.facts)),
        )

    @classmethod
    def from_stored(cls, words: Any, shapes: Any, sizes: Any, facts: str) -> Parsed:
        return cls(
            np.frombuffer(bytes(words), dtype="<u4"),
            np.frombuffer(bytes(shapes), dtype="<u4"),
            np.frombuffer(bytes(sizes), dtype="<u2"),
            frozenset(f for f in facts.split("\n") if f),
        )


@lru_cache(maxsize=1024)
def parse(text: str) -> Parsed:
    """The letter reduced to what the check compares (see the module's docstring)."""
    lines, folded_lines = _body(text)
    found: list[str] = []
    shapes: list[int] = []
    sizes: list[int] = []
    numbers: set[str] = set()
    for line in folded_lines:
        without = _FORMULA_RE.sub(" ", line)
        for part in _SEGMENT_SPLIT.split(without):
            segment = _WORD.findall(part)
            if segment:
                found += segment
                shapes.append(_shape_hash(" ".join(segment)))
                sizes.append(min(len(segment), 65535))
        if _DIGITS.search(without):
            for token in _NUMBER.findall(without):
                if _DIGITS.search(token):
                    token = _number(token.strip(".,-/"))
                    if sum(ch.isdigit() for ch in token) >= 2:
                        numbers.add(token)
    about = _subjects(lines, folded_lines)
    numbers.update(f"p:{name}" for name in about.people)
    numbers.update(f"t:{parcel}" for parcel in about.parcels)
    return Parsed(
        _word_hashes(found),
        np.array(shapes, dtype=np.uint32),
        np.array(sizes, dtype=np.uint16),
        frozenset(numbers),
    )


def forget_parses() -> None:
    """Empty the cache of parsed letters (the benchmark times a check without it)."""
    parse.cache_clear()


def plain_words(text: str) -> list[str]:
    """The folded words of a whole text without the formulas of a letter (no parse: for the classifier)."""
    return _WORD.findall(_FORMULA_RE.sub(" ", fold(text)))


def words(text: str) -> list[str]:
    """The folded words of a letter's body, without the formulas of a letter."""
    return [w for line in _body(text)[1] for w in _WORD.findall(_FORMULA_RE.sub(" ", line))]


def facts(text: str) -> frozenset[str]:
    return parse(text).facts


def subjects(text: str) -> Subjects:
    """The people a letter is about (after "phạm nhân", "con trai tôi là", "liệt sĩ" ...: the capitalised
    words that follow, or the next three words of a text typed in lower case) and the parcels it names
    ("thửa đất số 12, tờ bản đồ số 5")."""
    return parse(text).subjects


def petition_text(summary: str, content: str) -> str:
    """What the check compares of a petition: its summary as a line of its own, then its content."""
    return f"{summary}\n{content}"


# --- keys -----------------------------------------------------------------------------------------------

# Odd multipliers that combine word hashes into pair and 3-gram hashes (wrapping mod 2^64, as intended).
_P1, _P2, _P3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0x7F4A7C159E3779B9), np.uint64(0x2545F4914F6CDD1D)


def _gram_array(hashes: np.ndarray) -> np.ndarray:
    """The sorted distinct 64-bit hashes of the word 3-grams (of the words, for fewer than three)."""
    wide = hashes.astype(np.uint64)
    if len(wide) < SHINGLE_WORDS:
        return np.unique(wide)
    return np.unique(wide[:-2] * _P1 + wide[1:-1] * _P2 + wide[2:])


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def shingles(text: str) -> frozenset[int]:
    """The body's word 3-grams as stable 64-bit hashes (what the band keys are made of)."""
    return frozenset(_gram_array(parse(text).words).tolist())


def similarity(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Jaccard similarity of two sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_MASK64 = (1 << 64) - 1
# The hash functions x -> a·x + b (mod 2^64), a odd: each a permutation of the 64-bit hashes. The seeds are
# fixed: the keys stored today must match the keys computed tomorrow.
_rng = np.random.default_rng(20131231)
_A = (_rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64)
_fact_rng = np.random.default_rng(20260101)
_FA = (
    _fact_rng.integers(0, 1 << 63, size=(FACT_BANDS * FACT_ROWS, 1), dtype=np.uint64) << np.uint64(1)
) | np.uint64(1)
_FB = _fact_rng.integers(0, 1 << 63, size=(FACT_BANDS * FACT_ROWS, 1), dtype=np.uint64)


def _to_signed(value: int) -> int:
    """A 64-bit key as the signed integer a BigIntegerField stores."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def _minhash_bands(
    items: frozenset[int], a: np.ndarray, b: np.ndarray, bands: int, rows: int, prefix: str
) -> list[int]:
    values = np.fromiter(items, dtype=np.uint64, count=len(items))
    mins = (a * values[np.newaxis, :] + b).min(axis=1).tolist()  # wraps mod 2^64, as intended
    return [
        _to_signed(_hash64(f"{prefix}{band}:" + ":".join(map(str, mins[band * rows : (band + 1) * rows]))))
        for band in range(bands)
    ]


def band_keys(items: frozenset[int]) -> list[int]:
    """The MinHash band keys of a shingle set: BANDS keys, each the hash of ROWS minimum hashes."""
    if not items:
        return []
    return _minhash_bands(items, _A, _B, BANDS, ROWS, "b")


def fact_keys(found: frozenset[str]) -> list[int]:
    """The MinHash band keys of a letter's facts (two facts at least: one number says little)."""
    if len(found) < 2:
        return []
    return _minhash_bands(frozenset(_hash64(f) for f in found), _FA, _FB, FACT_BANDS, FACT_ROWS, "f")


def content_keys(parsed: Parsed) -> tuple[list[int], list[int]]:
    """(shingle band keys, fact band keys) of a parsed letter: the content keys stored with a petition."""
    return band_keys(frozenset(_gram_array(parsed.words).tolist())), fact_keys(parsed.facts)


@dataclass(frozen=True)
class TextMatch:
    """What the duplicate check keeps of a petition's text (summary and content): `MatchText`'s columns
    (words, shapes, sizes, facts) and its content keys (`MatchKey` rows with is_person False), distinct."""

    words: bytes
    shapes: bytes
    sizes: bytes
    facts: str
    keys: tuple[int, ...]


def text_match(summary: str, content: str) -> TextMatch:
    """The match data of a petition's text, as registration stores it (and the demo loader, in bulk)."""
    parsed = parse(petition_text(summary, content))
    bands, fact_bands = content_keys(parsed)
    return TextMatch(*parsed.stored(), tuple(dict.fromkeys([*bands, *fact_bands])))


# --- petitioners ----------------------------------------------------------------------------------------


def _folded_name(full_name: str) -> str:
    return " ".join(_WORD.findall(fold(full_name)))


def _name_and_id(full_name: str, id_number: str) -> tuple[str, list[int]]:
    name = _folded_name(full_name)
    digits = re.sub(r"\D", "", id_number)
    return name, [_to_signed(_hash64(f"id:{digits}"))] if len(digits) >= 9 else []


def _place_key(name: str, province_code: int | None, place: str) -> int:
    return _to_signed(_hash64(f"p:{name}|{province_code or ''}|{place}"))


def _fuzzy_patterns(name: str) -> list[str]:
    """The name with each of its words left out in turn: two names that differ in one word share one."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [" ".join([*parts[:i], "*", *parts[i + 1 :]]) for i in range(len(parts))]


def _fuzzy_key(pattern: str, province_code: int | None, place: str) -> int:
    return _to_signed(_hash64(f"z:{pattern}|{province_code or ''}|{place}"))


def person_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The keys stored with a petitioner, that find them again: the identity number; the folded name with
    the commune; and the name with each of its words left out, with the commune, which finds a name typed
    with one letter wrong (`relation` confirms it). A name with the province alone would make namesakes of
    one province the same person: a common name is held by dozens of petitioners of a large province among a
    million petitions, and two letters of theirs on the same kind of matter share a quarter of their words.

    A petitioner whose commune is known is stored under name + commune and under name + province "with some
    commune"; one whose commune is not known under name + province "commune unknown". `lookup_keys` says
    which of them a check reads, so that a letter giving the commune and one that does not still find each
    other, and two letters giving different communes do not."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        places = [str(ward_code), "*"] if ward_code else ["?"]
        keys += [_place_key(name, province_code, place) for place in places]
        keys += [_fuzzy_key(p, province_code, place) for p in _fuzzy_patterns(name) for place in places]
    return keys


def people_keys(people: Iterable[tuple[str, int | None, int | None, str]]) -> list[int]:
    """The person keys of a petition's petitioners, each (full name, province, commune, identity number),
    distinct: the `MatchKey` rows with is_person True."""
    return list(
        dict.fromkeys(
            key
            for full_name, province_code, ward_code, id_number in people
            for key in person_keys(
                full_name=full_name, province_code=province_code, ward_code=ward_code, id_number=id_number
            )
        )
    )


def _lookup_places(ward_code: int | None) -> list[str]:
    return [str(ward_code), "?"] if ward_code else ["?", "*"]


def lookup_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The exact keys a check reads for a petitioner: with the commune, that commune and the province's
    petitioners whose commune is unknown; without it, the province's petitioners with or without one."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        keys += [_place_key(name, province_code, place) for place in _lookup_places(ward_code)]
    return keys


def fuzzy_lookup_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None
) -> list[int]:
    """The keys a check reads for the names one word away (`person_keys`); `relation` confirms the hits."""
    name = _folded_name(full_name)
    return [
        _fuzzy_key(p, province_code, place)
        for p in _fuzzy_patterns(name)
        for place in _lookup_places(ward_code)
    ]


@dataclass(frozen=True)
class PersonRef:
    """A petitioner as the check compares them: folded name, province, commune, identity number."""

    name: str
    province_code: int | None = None
    ward_code: int | None = None
    id_number: str = ""

    @classmethod
    def of(
        cls, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
    ) -> PersonRef:
        digits = re.sub(r"\D", "", id_number or "")
        return cls(_folded_name(full_name), province_code, ward_code, digits if len(digits) >= 9 else "")


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter changed, added or removed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def names_alike(a: str, b: str) -> bool:
    """Two folded names with the same words but one, which is one letter away (and not a one-letter
    word)."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2:
        return a == b and bool(a)
    differing = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if not differing:
        return True
    (x, y), *more = differing
    return not more and min(len(x), len(y)) >= 2 and _one_edit_apart(x, y)


def relation(a: PersonRef, b: PersonRef) -> str | None:
    """EXACT: the same identity number, or the same folded name in the same place (the same commune, or the
    same province when either does not give the commune); FUZZY: a name one letter away in the same place;
    else None."""
    if a.id_number and a.id_number == b.id_number:
        return EXACT
    if not a.name or not b.name or a.province_code != b.province_code:
        return None
    if a.ward_code and b.ward_code and a.ward_code != b.ward_code:
        return None
    if a.name == b.name:
        return EXACT
    return FUZZY if names_alike(a.name, b.name) else None


def strongest_relation(ours: Iterable[PersonRef], theirs: Iterable[PersonRef]) -> str | None:
    """The closest relation between any petitioner of one letter and any of the other."""
    found = None
    others = list(theirs)
    for a in ours:
        for b in others:
            kind = relation(a, b)
            if kind == EXACT:
                return EXACT
            found = found or kind
    return found


# --- what the corpus teaches: rare words and forms' boilerplate ------------------------------------------

_BUCKET_MASK = np.uint64(FEATURE_BUCKETS - 1)
_ONE = np.uint32(1)


def _term_counts(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(buckets, counts) of the words and word pairs."""
    wide = hashes.astype(np.uint64)
    pairs = (wide[:-1] * _P3 + wide[1:]) & _BUCKET_MASK
    return np.unique(np.concatenate([wide & _BUCKET_MASK, pairs]), return_counts=True)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


Vector = tuple[np.ndarray, np.ndarray]  # sorted buckets, weights of length 1


def _cosine(a: Vector, b: Vector) -> float:
    (keys, weights), (other_keys, other_weights) = a, b
    if not len(keys) or not len(other_keys):
        return 0.0
    at = np.searchsorted(keys, other_keys)
    at[at == len(keys)] = 0
    hit = keys[at] == other_keys
    return float(np.dot(weights[at[hit]], other_weights[hit]))


@dataclass
class Corpus:
    """Document frequencies of words and word pairs (hashed into FEATURE_BUCKETS) over the petitions on
    file, and the shapes of the segments that are boilerplate: seen in letters about at least TEMPLATE_MIN
    different sets of facts (a resend and its copies have one set of facts; the lines of a pre-printed form or
    a model letter are filled with many). `Corpus()` knows nothing: every term weighs the same and no segment
    is boilerplate."""

    documents: int = 0
    idf: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=np.float32))
    templates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))  # sorted shapes

    @classmethod
    def fit(cls, letters: Iterable[Parsed]) -> Corpus:
        """Learn from these letters: ln((N + 1) / (df + 1)) + 1 for each term, and the boilerplate."""
        frequencies = np.zeros(FEATURE_BUCKETS, dtype=np.uint32)
        seen_with: dict[int, set[int]] = {}
        documents = 0
        for parsed in letters:
            documents += 1
            if len(parsed.words):
                frequencies[_term_counts(parsed.words)[0]] += 1
            signature = hash(parsed.facts)
            for shape in set(parsed.shapes.tolist()):
                holders = seen_with.setdefault(shape, set())
                if len(holders) < TEMPLATE_MIN:
                    holders.add(signature)
        templates = sorted(h for h, holders in seen_with.items() if len(holders) >= TEMPLATE_MIN)
        idf = (np.log((documents + 1) / (frequencies.astype(np.float32) + 1)) + 1).astype(np.float32)
        return cls(documents, idf, np.array(templates, dtype=np.uint32))

    def vector(self, hashes: np.ndarray) -> Vector:
        """The TF-IDF vector (1 + ln tf) · idf of a text's words and pairs, of length 1 (idf 1 before the
        corpus is known)."""
        if not len(hashes):
            return np.zeros(0, dtype=np.uint64), np.zeros(0)
        keys, counts = _term_counts(hashes)
        raw = 1.0 + np.log(counts)
        if self.documents:
            raw *= self.idf[keys]
        return keys, raw / (float(np.sqrt(np.dot(raw, raw))) or 1.0)

    def boilerplate(self, shapes: np.ndarray) -> np.ndarray:
        """Whether each segment shape is boilerplate."""
        if not len(self.templates) or not len(shapes):
            return np.zeros(len(shapes), dtype=bool)
        at = np.searchsorted(self.templates, shapes)
        at[at == len(self.templates)] = 0
        return self.templates[at] == shapes


class Features:
    """What the check compares of one letter: its shingles and TF-IDF vector, of what is left without the
    boilerplate (whose numbers stay) and, when needed, of the whole body; its facts and its subjects."""

    def __init__(self, parsed: Parsed, corpus: Corpus) -> None:
        self.corpus = corpus
        self.facts = parsed.facts
        self.subjects = parsed.subjects
        self.hashes = parsed.words
        rest = self.hashes
        boilerplate = corpus.boilerplate(parsed.shapes)
        if boilerplate.any() and len(self.hashes) == int(parsed.sizes.sum()):
            dropped = np.repeat(boilerplate, parsed.sizes.astype(np.int64)) & ((self.hashes & _ONE) == 0)
            rest = self.hashes[~dropped]
        self.rest_words = len(rest)
        self.rest_grams = _gram_array(rest)
        self.rest_vector = corpus.vector(rest)
        self._whole = (self.rest_grams, self.rest_vector) if rest is self.hashes else None

    @property
    def whole(self) -> tuple[np.ndarray, Vector]:
        """The shingles and vector of the whole body."""
        if self._whole is None:
            self._whole = (_gram_array(self.hashes), self.corpus.vector(self.hashes))
        return self._whole


def features(parsed: Parsed, corpus: Corpus) -> Features:
    return Features(parsed, corpus)


def different_subjects(a: Subjects, b: Subjects) -> bool:
    """Whether two letters name different people of the same sort, or different parcels (and none in
    common): two copies of one form filled for two prisoners, or two parcels."""
    if a.people and b.people and not any(names_alike(x, y) for x in a.people for y in b.people):
        return True
    return bool(a.parcels and b.parcels and not a.parcels & b.parcels)


def same_subject(a: Subjects, b: Subjects) -> bool:
    """Whether two letters name the same prisoner, son, martyr ... (one letter apart) or the same parcel."""
    return any(names_alike(x, y) for x in a.people for y in b.people) or bool(a.parcels & b.parcels)


@dataclass(frozen=True)
class Match:
    """A petition on file found to be the same matter: how alike (the largest signal), each signal, and
    whether a petitioner is the same (`relation`: EXACT or FUZZY)."""

    petition_id: int
    similarity: float
    same_petitioner: bool
    overlap: float = 0.0
    closeness: float = 0.0
    petitioner: str | None = None


def signals(query: Features, other: Features) -> tuple[float, float, float]:
    """(overlap, closeness, facts) of two letters. Overlap and closeness are measured on what is left
    without the forms' boilerplate, or on the whole bodies when either is nothing but boilerplate (a form
    copied without being filled); facts is the Jaccard similarity of their facts when each has two."""
    if query.rest_words and other.rest_words:
        overlap = _jaccard(query.rest_grams, other.rest_grams)
        closeness = _cosine(query.rest_vector, other.rest_vector)
    else:
        (ours, our_vector), (theirs, their_vector) = query.whole, other.whole
        overlap, closeness = _jaccard(ours, theirs), _cosine(our_vector, their_vector)
    shared = len(query.facts & other.facts)
    together = len(query.facts | other.facts)
    if not shared and len(query.facts) >= FACTS_SHARED and len(other.facts) >= FACTS_SHARED:
        return overlap, closeness, -1.0  # facts in conflict: two fillings of one model
    return overlap, closeness, shared / together if shared >= FACTS_SHARED else 0.0


def is_same_matter(overlap: float, closeness: float, facts_alike: float, evidence: str | None) -> bool:
    """The rule of the module's docstring; `evidence` is EXACT (the same petitioner, or the same subject),
    FUZZY (a petitioner one letter away) or None."""
    if overlap >= DUPLICATE_SIMILARITY:
        return True
    if facts_alike < 0:  # each names facts and none is the other's: only a near copy is the same matter
        return False
    if closeness >= CLOSENESS:
        return True
    if facts_alike >= FACTS_ALIKE and (closeness >= FACTS_CLOSENESS or overlap >= FACTS_OVERLAP):
        return True
    if evidence == EXACT:
        return overlap >= SAME_PETITIONER_SIMILARITY or closeness >= SAME_PETITIONER_CLOSENESS
    if evidence == FUZZY:
        return overlap >= FUZZY_PETITIONER_SIMILARITY or closeness >= FUZZY_PETITIONER_CLOSENESS
    return False


def decide(petition_id: int, query: Features, other: Features, petitioner: str | None) -> Match | None:
    """The match, when the two letters are the same matter (see the module's docstring)."""
    if different_subjects(query.subjects, other.subjects):
        return None
    overlap, closeness, facts_alike = signals(query, other)
    evidence = EXACT if petitioner == EXACT or same_subject(query.subjects, other.subjects) else petitioner
    if not is_same_matter(overlap, closeness, facts_alike, evidence):
        return None
    return Match(
        petition_id,
        round(max(overlap, closeness), 3),
        petitioner is not None,
        round(overlap, 3),
        round(closeness, 3),
        petitioner,
    )


def rank(query: Features, candidates: Sequence[tuple[int, Features, str | None]]) -> list[Match]:
    """The candidates that are the same matter, most alike first. A candidate is (id, features, the
    relation of its petitioners to the query's)."""
    found = [m for pk, other, kind in candidates if (m := decide(pk, query, other, kind)) is not None]
    found.sort(key=lambda m: (-m.similarity, -m.petition_id))
    return found
