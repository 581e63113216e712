"""A letter's body: what is left of a petition's text once its heading, addressee, the writer's identity,
greetings, closing formulas, signature and date are set aside, so that two letters are compared on their
matter."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache

from chancery.core.text import _FOLD, fold, strip_invisible

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
