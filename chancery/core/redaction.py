"""Redaction: a protected record's free text as everyone but its handlers reads it.

Luật Tố cáo 2018 protects the denouncer's name, address, handwriting and every other personal
detail (Art. 47–48), and has whoever receives, forwards or resolves a denunciation strip them from the
letter and its enclosures before it goes to those who verify it (Art. 56 k. 2, confirmed on
thuvienphapluat.vn: "lược bỏ họ tên, địa chỉ, bút tích, các thông tin cá nhân khác của người tố cáo ra
khỏi đơn tố cáo và các tài liệu, chứng cứ kèm theo"). A letter's text carries all of them ("Tôi tên là ...,
CCCD ..., số điện thoại ..., địa chỉ ..."), so masking the structured fields is not enough.

One function decides what a person reads of a record's free text: `text_for(user, record, text)`, which the
rest of Chancery reaches as `chancery.core.access.redacted_text`: pages, the API, the search index and its
snippets, list exports, letters and their enclosures, and the audit trail all call it; none redacts on its
own. A module declares, per model (`register`), when a record is protected, who may read it in full (its
handlers: for petitions `chancery.petitions.selectors.can_see_identity`) and the stored identity to remove.
`user=None` (the search index, a letter leaving the Office, the audit trail) always gets the redacted text.

What `redact` removes:
- the stored identity: each name with or without diacritics, in any case, across line breaks, abbreviated
  ("Ng. Văn A", "P.T.T. Nga"), and its capitalised parts ("Tố Nga", "bà Nga"); each identity card or phone
  number in any spelling (compared digit by digit); each e-mail; each address and its specific parts (the
  house, street or hamlet, never an administrative unit alone, which may be the accused's);
- by pattern, whatever is on file: identity card numbers (9 or 12 digits) and Vietnamese phone numbers
  (0xx…, +84…, 10 or 11 digits) grouped with spaces, dots or dashes; what follows an ID or phone keyword
  ("CCCD", "CMND", "hộ chiếu", "ĐT", "Zalo"); e-mail addresses; the name after "Tôi tên là", "Họ và tên",
  "Người tố cáo"; the address after "địa chỉ", "trú tại", "thường trú" and the birth date after "sinh năm"
  in a clause that is not about the person denounced; the signature block after "(ký, ghi rõ họ tên)".
What it keeps: dates, amounts, article and document numbers, the person denounced and the facts.

It never fails open: the result is checked for the stored identity (no name, no number may remain in any
spelling the patterns missed); if the check finds one, or anything goes wrong, the whole text is replaced by
`WITHHELD`.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from chancery.core.text import fold, strip_invisible

logger = logging.getLogger(__name__)

MARK = "***"
WITHHELD = "[Nội dung đơn được giữ bí mật: không lược bỏ được thông tin về người tố cáo.]"


class RedactionError(Exception):
    """The redacted text would still hold the identity it was to remove."""


@dataclass(frozen=True)
class Identity:
    """What is on file about the protected people: their names, their numbers (identity cards, phones), their
    e-mail addresses and their addresses as written."""

    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


# --- the folded view ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character folded to one: lower case ASCII without diacritics (đ as d), any Unicode digit as its
    ASCII digit, white space kept as it is; anything that folds to nothing becomes a space."""
    if ch.isspace():
        return ch
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    folded = fold(unicodedata.normalize("NFKC", ch))
    return folded[0] if folded else " "


def _folded(text: str) -> str:
    """The text folded one character at a time: a position in it is the same position in the text."""
    return "".join(_fold_char(ch) for ch in text)


# --- names --------------------------------------------------------------------------------------------------

_WORDS = re.compile(r"[a-z0-9]+")
_NAME_SEP = r"[\s.,\-_'’\"]{0,8}"
_HONORIFICS = r"(?:ong|ba|anh|chi|em|co|chu|bac|cu|di|thim|mo|me|bo|chau)"


def _token(token: str, *, last: bool) -> str:
    """A name's word as written in full, abbreviated with a dot ("ng." for nguyen) or, within the name, as a
    bare initial ("Nguyen V A")."""
    options = [re.escape(token)]
    options += [re.escape(token[:k]) + r"\." for k in range(1, len(token))]
    if not last and len(token) > 1:
        options.append(re.escape(token[0]) + r"(?=[\s.])")
    return "(?:" + "|".join(options) + ")"


def _sequence(tokens: Sequence[str]) -> str:
    parts = [_token(t, last=i == len(tokens) - 1) for i, t in enumerate(tokens)]
    return r"(?<![a-z0-9])" + _NAME_SEP.join([*parts[:-1], f"(?P<last>{parts[-1]})"]) + r"(?![a-z0-9])"


@dataclass(frozen=True)
class _NamePattern:
    regex: re.Pattern[str]
    full: tuple[str, ...]  # the name's words: a match must hold at least one of them whole
    capitalised: bool  # a part of a name counts only when written with a capital (a name, not a word)
    given_only: bool = False  # "bà Nga": the title stays, the name goes


@functools.lru_cache(maxsize=512)
def _name_patterns(name: str) -> tuple[_NamePattern, ...]:
    tokens = tuple(_WORDS.findall(fold(name)))
    if not tokens:
        return ()
    patterns = [_NamePattern(re.compile(_sequence(tokens)), tokens, capitalised=False)]
    if len(tokens) >= 3:
        for start in range(1, len(tokens) - 1):  # "Thị Tố Nga", "Tố Nga"
            patterns.append(_NamePattern(re.compile(_sequence(tokens[start:])), tokens, capitalised=True))
        patterns.append(  # "Phạm Nga"
            _NamePattern(re.compile(_sequence((tokens[0], tokens[-1]))), tokens, capitalised=True)
        )
    if len(tokens) >= 2 and len(tokens[-1]) >= 2:  # "bà Nga", "anh An": the given name after a title
        titled = rf"(?<![a-z0-9]){_HONORIFICS}{_NAME_SEP}(?P<last>{re.escape(tokens[-1])})(?![a-z0-9])"
        patterns.append(_NamePattern(re.compile(titled), tokens, capitalised=True, given_only=True))
    return tuple(patterns)


def _name_spans(text: str, folded: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        for pattern in _name_patterns(name):
            for match in pattern.regex.finditer(folded):
                words = _WORDS.findall(match.group(0))
                if not any(w in pattern.full and len(w) >= 2 for w in words):
                    continue  # initials alone ("P. T. T. N.") are nobody in particular
                if pattern.capitalised and not text[match.start("last")].isupper():
                    continue
                spans.append((match.start("last") if pattern.given_only else match.start(), match.end()))
    return spans


# A name as the writer introduces it: capitalised words (or abbreviations), on one line or across a break.
_CAPITAL_WORD = re.compile(r"[^\W\d_]+\.?|[^\W\d_]\.", re.UNICODE)
_GAP = re.compile(r"[ \t]*\n?[ \t]*")
_LIST_GAP = re.compile(r"\s*(?:,|;|\bvà\b|\bva\b|-|\n)\s*", re.IGNORECASE)
_TITLE = re.compile(r"(?:ông|bà|anh|chị|em|cô|chú|bác|cụ|ong|ba|chi)\s+", re.IGNORECASE)


# Capitalised words that are never part of a person's name: a new clause ("Trân trọng", "Kính đề nghị",
# "Tôi"), or an office ("Chủ tịch", "Giám đốc", "Bí thư"). Compared with their diacritics ("Trần" is a name).
_NOT_NAME = frozenset(
    {
        *("kính", "trân", "xin", "đề", "nay", "tôi", "chúng", "vậy", "rất", "mong", "căn", "theo", "ngày"),
        *("hiện", "sau", "trước", "do", "vì", "nhưng", "và", "nên", "thì", "là", "đã", "đang", "có", "được"),
        *("bị", "cùng", "cho", "tại", "ở", "với", "về", "người", "chủ", "giám", "phó", "bí", "ủy", "ubnd"),
        *("hđnd", "sở", "cục"),
    }
)


def _capitalised_name(text: str, at: int, *, most: int = 6) -> tuple[int, int] | None:
    """The run of capitalised words starting at `at` (after an optional title), as (start, end), or None."""
    title = _TITLE.match(text, at)
    if title:
        at = title.end()
    start = end = at
    count = 0
    position = at
    while count < most:
        word = _CAPITAL_WORD.match(text, position)
        if word is None or not word.group(0)[0].isupper() or word.group(0).rstrip(".").lower() in _NOT_NAME:
            break
        count += 1
        end = word.end()
        gap = _GAP.match(text, end)
        position = gap.end() if gap else end
    return (start, end) if count else None


_INTRO = re.compile(
    r"(?<![a-z0-9])(?P<kw>toi ten la|ten toi la|toi la|chung toi ten la|chung toi la|chung toi gom(?: co)?|"
    r"ho va ten(?: nguoi to cao)?|ho,? ten(?: nguoi to cao)?|nguoi to cao|nguoi lam don|nguoi viet don|"
    r"nguoi gui don|nguoi dung don|nguoi dai dien|dai dien nguoi to cao|ky ten|da ky|ky va ghi ro ho ten|"
    r"ky,? ghi ro ho ten|ky,? ghi ro ho va ten)(?![a-z0-9])"
)
_AFTER_INTRO = re.compile(r"[\s:.\-–,)]*(?:\([^)\n]{0,60}\)[\s:.\-–,)]*)?")
_LISTS = {"chung toi gom", "chung toi gom co", "chung toi la", "chung toi ten la", "nguoi to cao"}


def _introduced_names(text: str, folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _INTRO.finditer(folded):
        keyword = match.group("kw")
        at = _AFTER_INTRO.match(folded, match.end())
        position = at.end() if at else match.end()
        least = 2 if keyword in {"toi la", "chung toi la"} else 1
        for _ in range(12 if keyword in _LISTS else 1):
            found = _capitalised_name(text, position)
            if found is None:
                break
            words = len(_CAPITAL_WORD.findall(text[found[0] : found[1]]))
            if words < least:
                break
            spans.append(found)
            least = 2  # the next names of a list are full names: a lone capitalised word is not one
            gap = _LIST_GAP.match(text, found[1])
            if gap is None or gap.end() == found[1]:
                break
            position = gap.end()
    return spans


# --- the signature block ------------------------------------------------------------------------------------

_SIGN_HERE = re.compile(r"\(\s*(?:ky|da ky|ky ten)\b[^)\n]{0,60}\)")
_SIGNATURE_HEADING = re.compile(
    r"(?<![a-z0-9])(?:nguoi to cao|nguoi lam don|nguoi viet don|nguoi gui don|nguoi dung don|"
    r"dai dien nguoi to cao|nguoi dai dien|ky ten|da ky)(?![a-z0-9])"
)
_TAIL_WORDS = 12


_HEADING_START = re.compile(r"(?:^|[\n.!?;]|[.!?;][ \t]*\n?)[ \t]*$")


def _heads_block(text: str, start: int) -> bool:
    """A signature heading opens a line or a sentence and is written with a capital ("Người tố cáo"), not
    met inside a sentence ("bảo vệ người tố cáo theo quy định")."""
    return text[start : start + 1].isupper() and bool(_HEADING_START.search(text[max(0, start - 4) : start]))


_BLOCK_BELOW = re.compile(r"[ \t:]*(?:\n|\()")
_SIGNED = frozenset({"đã", "ký", "ghi", "rõ", "họ", "tên", "và"})


def _only_names(rest: str) -> bool:
    """The words after a heading on its line are names ("Người tố cáo: Nguyễn Văn An, Lê Thị Hoa"), with
    at most "đã ký": every word capitalised or one of those."""
    words = re.findall(r"[^\W\d_]+", rest)
    return all(w[0].isupper() or w.lower() in _SIGNED for w in words)


def _signature(text: str, folded: str) -> list[tuple[int, int]]:
    """What follows "(ký, ghi rõ họ tên)" or a signature heading, when it ends the letter (a few words:
    the name, "đã ký"): all of it; the names after them anywhere are `_introduced_names`."""
    spans = []
    # Only the letter's last few words can be a signature block: look for its marks there alone (a text
    # of thousands of headings is read once, not once per heading).
    starts = [m.start() for m in _WORDS.finditer(folded)]
    tail = starts[-_TAIL_WORDS - 2] if len(starts) > _TAIL_WORDS + 2 else 0
    tail = max(0, tail - 80)  # the mark itself ("(ký, ghi rõ họ tên)", "người tố cáo") before those words
    headings = [m for m in _SIGNATURE_HEADING.finditer(folded, tail) if _heads_block(text, m.start())]
    for match in [*_SIGN_HERE.finditer(folded, tail), *headings]:
        rest = text[match.end() :]
        if match.re is _SIGNATURE_HEADING and not _BLOCK_BELOW.match(rest) and not _only_names(rest):
            continue  # "Người tố cáo Nguyễn Văn An đề nghị …" is a sentence, not a signature block
        if rest.strip() and len(starts) - bisect.bisect_left(starts, match.end()) <= _TAIL_WORDS:
            after = _AFTER_INTRO.match(folded, match.end())
            start = after.end() if after else match.end()
            if start < len(text):
                spans.append((start, len(text.rstrip())))
    return spans


# --- numbers ------------------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s?(?P<s>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?P<m2>\d{1,2})\s?/\s?(?P<y2>\d{4})(?!\d)"
)
_DIGITS = re.compile(r"\d+")
_RUN_BEFORE = re.compile(r"\d[.\-]$")  # the date joined to a digit group before it ("0300.01.01.00")
_RUN_AFTER = re.compile(r"[.\-]\d")  # or after it
_JOIN = re.compile(r"(?:[ \t]*[.\-][ \t]*|[ \t]*\n[ \t]*|[ \t]{1,3}|[ \t]*\)[ \t]*|[ \t]*\([ \t]*)")
_PLUS = re.compile(r"(?:\+|\(\s?\+)\s?$")
_CURRENCY = re.compile(r"\s*(?:dong|d|vnd|usd|trieu|ty|nghin|ngan|\$|%)(?![a-z])")
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"0[12]\d{9}")


def _national(digits: str, *, plus: bool) -> str | None:
    """A phone number in its national form (0…), or None: +84 and 84 prefixes are read as Vietnam's."""
    if digits.startswith("84") and len(digits) in (11, 12) and (plus or digits[2] in "235789"):
        digits = "0" + digits[2:]
    elif plus:
        return None
    return digits if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits) else None


def _masked_dates(folded: str) -> str:
    """The folded text with dates blanked out of the digits: a date never joins a number beside it."""

    def blank(match: re.Match[str]) -> str:
        # a "date" that goes on a longer run of digit groups ("0300.01.01.00": a phone) is part of that run
        start = match.start()
        if _RUN_BEFORE.search(folded, max(0, start - 2), start) or _RUN_AFTER.match(folded, match.end()):
            return match.group(0)
        day, month = match.group("d"), match.group("m")
        if day is not None:
            if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
                return match.group(0)
        elif not 1 <= int(match.group("m2")) <= 12:
            return match.group(0)
        return "#" * len(match.group(0))

    return _DATE.sub(blank, folded)


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    digits: str
    joined_by: str  # the separator before this group in its run ("" for the first)


def _runs(scan: str) -> list[list[_Group]]:
    """Digit groups that read as one number: separated only by a space or two, a dot or a dash, a line
    break, or the parentheses of an area code."""
    runs: list[list[_Group]] = []
    for match in _DIGITS.finditer(scan):
        if runs:
            previous = runs[-1][-1]
            between = scan[previous.end : match.start()]
            if _JOIN.fullmatch(between):
                runs[-1].append(_Group(match.start(), match.end(), match.group(0), between.strip() or " "))
                continue
        runs.append([_Group(match.start(), match.end(), match.group(0), "")])
    return runs


def _identifying(digits: str, *, plus: bool, stored: frozenset[str]) -> bool:
    if digits in stored or _national(digits, plus=plus) in stored:
        return True
    if _national(digits, plus=plus) is not None:
        return True
    return not plus and digits.startswith("0") and len(digits) in (9, 12)


def _number_spans(scan: str, stored: frozenset[str]) -> list[tuple[int, int]]:
    """Identity card and phone numbers, however grouped. A number that starts with 0 (or +84) and reads as a
    phone or a 9- or 12-digit card is removed wherever it stands in a run of digit groups; one that does not
    start with 0 only when it stands alone as 9 or 12 digits (or three-digit groups joined by spaces), not
    as an amount ("800000000 đồng", "800.000.000")."""
    spans = []
    for run in _runs(scan):
        used = [False] * len(run)
        i = 0
        while i < len(run):
            plus = bool(_PLUS.search(scan[max(0, run[i].start - 4) : run[i].start]))
            last, length = i, 0  # the longest reach from group i: at most 14 digits (a number is shorter)
            while last < len(run) and length + len(run[last].digits) <= 14:
                length += len(run[last].digits)
                last += 1
            for j in range(last - 1, i - 1, -1):
                digits = "".join(g.digits for g in run[i : j + 1])
                strong = digits.startswith(("0", "84")) or plus or digits in stored
                if strong and _identifying(digits, plus=plus, stored=stored):
                    start = run[i].start
                    if plus:  # the "+" (and the parenthesis before it) go with the number
                        start = scan.rfind("+", max(0, start - 4), start)
                        if scan[max(0, start - 2) : start].strip() == "(":
                            start = scan.rfind("(", max(0, start - 2), start)
                    spans.append((start, run[j].end))
                    for k in range(i, j + 1):
                        used[k] = True
                    i = j
                    break
            i += 1
        free = [g for g, taken in zip(run, used, strict=True) if not taken]
        if len(free) != len(run):
            continue
        digits = "".join(g.digits for g in run)
        spaced = len(run) == 1 or all(len(g.digits) == 3 and g.joined_by in ("", " ") for g in run)
        if len(digits) in (9, 12) and spaced and not _CURRENCY.match(scan, run[-1].end):
            spans.append((run[0].start, run[-1].end))
    return spans


_ID_KEYWORD = (
    r"(?:cccd|cmnd|cmtnd|cmt|can cuoc(?: cong dan)?|the can cuoc|chung minh (?:nhan dan|thu)|"
    r"(?:so )?dinh danh(?: ca nhan)?|ho chieu|passport)"
)
_PHONE_KEYWORD = (
    r"(?:dien thoai(?: di dong| lien he| lien lac)?|dtdd|sdt|dt|dd|di dong|zalo|so may|tel|phone|mobile"
    r"|hotline)"
)
_KEYWORD_VALUE = re.compile(
    rf"(?<![a-z0-9])(?P<kind>{_ID_KEYWORD}|{_PHONE_KEYWORD})(?![a-z0-9])"
    r"[\s:.\-]{0,4}(?:so[\s:.\-]{1,4})?(?:la[\s:]{1,3})?"
    r"(?P<value>\(?\+?\(?\d[\d \t().\-]{3,24}\d|[a-z]{1,2} ?\d{6,9})"
)


def _keyword_spans(folded: str) -> list[tuple[int, int]]:
    """The value after an identity card or phone keyword, whatever its form ("CMND 125.678.901", "hộ
    chiếu C1234567", "Zalo: 987 000 111")."""
    spans = []
    for match in _KEYWORD_VALUE.finditer(folded):
        value = match.group("value")
        digits = sum(ch.isdigit() for ch in value)
        is_id = re.fullmatch(_ID_KEYWORD, match.group("kind")) is not None
        if digits >= (6 if is_id else 8):
            spans.append(match.span("value"))
    return spans


_EMAIL = re.compile(
    r"(?<![a-z0-9._%+\-])[a-z0-9._%+\-]{1,64}\s?(?:@|\(at\)|\[at\])\s?[a-z0-9\-]{1,63}"
    r"(?:\s?(?:\.|\(dot\)|\[dot\])\s?[a-z0-9\-]{1,63}){1,4}"
)


# --- addresses and birth dates ------------------------------------------------------------------------------

_ADDRESS_KEYWORD = re.compile(
    r"(?<![a-z0-9])(?:dia chi(?: lien (?:he|lac))?(?: thuong tru| cu tru| noi o| hien nay)?|"
    r"(?:dc|hktt)(?=\s*:)|tru tai|thuong tru(?: tai)?|tam tru(?: tai)?|cu tru tai|noi cu tru|"
    r"noi o(?: hien nay)?|cho o(?: hien nay)?|ho khau(?: thuong tru)?|ngu tai|que quan|nguyen quan)"
    r"(?![a-z0-9])"
)
_ADDRESS_VALUE = re.compile(
    r"[\s:\-]*(?P<value>[^\n;]{1,160}?)(?=$|\n|;|(?<![^a-z][a-z])(?<![^a-z][a-z]{2})\.(?:\s|$)|"
    r",?\s*(?:so |the )?(?:dien thoai|sdt|dt[\s:]|email|e-mail|cccd|cmnd|can cuoc|sinh nam|sinh ngay|"
    r"nam sinh|ngay sinh|nghe nghiep|xin |nay toi|toi |lam don|to cao|kinh gui|de nghi|va |\())"
)
_BIRTH = re.compile(
    r"(?<![a-z0-9])(?:sinh nam|nam sinh|sinh ngay|ngay,? thang,? nam sinh|ngay sinh)[\s:]{0,3}"
    r"(?P<value>\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}|\d{4})(?!\d)"
)
_CLAUSE_END = re.compile(r"[.!?;\n]")
_CLAUSE_REACH = 400  # a clause read back further than this is taken from there
_ABBREVIATED = re.compile(r"(?:^|[^a-z])[a-z]{1,2}$")
_ACCUSATION = re.compile(r"(?<!nguoi )(?<!don )(?<![a-z])to cao(?![a-z])|nguoi bi|bi to cao")


def _about_the_writer(folded: str, at: int) -> bool:
    """Whether the clause before `at` speaks of the writer rather than of the person denounced: it does not
    accuse anyone ("Tôi tố cáo ông B, trú tại ..."), or a writer's introduction follows the accusation."""
    window = max(0, at - _CLAUSE_REACH)
    start = window
    for end in _CLAUSE_END.finditer(folded, window, at):
        before = folded[max(0, end.start() - 3) : end.start()]
        if end.group(0) == "." and _ABBREVIATED.search(before):
            continue  # "P. Hàng Bạc", "TP. Hà Nội": not a full stop
        start = end.end()
    clause = folded[start:at]
    accusations = [m.end() for m in _ACCUSATION.finditer(clause)]
    if not accusations:
        return True
    introductions = [m.start() for m in _INTRO.finditer(clause)]
    return bool(introductions) and max(introductions) > max(accusations)


def _personal_details(folded: str) -> list[tuple[int, int]]:
    spans = []
    for keyword in _ADDRESS_KEYWORD.finditer(folded):
        if not _about_the_writer(folded, keyword.start()):
            continue
        value = _ADDRESS_VALUE.match(folded, keyword.end())
        if value is not None:
            if value.group("value").strip():
                spans.append(value.span("value"))
            continue
        start = keyword.end()  # no end in sight within 160 characters: those 160, to the line's end
        line_end = folded.find("\n", start)
        spans.append((start, min(len(folded), start + 160, line_end if line_end >= 0 else len(folded))))
    for match in _BIRTH.finditer(folded):
        if _about_the_writer(folded, match.start()):
            spans.append(match.span("value"))
    return spans


_ADMINISTRATIVE = re.compile(
    r"^(?:xa|phuong|thi tran|thi xa|huyen|quan|thanh pho|tp|tinh|dac khu|tt|tx|q|p|h|x)\b"
)
_GENERIC = frozenset(
    {"so", "nha", "ngo", "ngach", "hem", "kiet", "duong", "pho", "to", "thon", "xom", "ap", "ban", "khu"}
    | {"khom", "cum", "dan", "doi", "lo", "can", "ho", "tang"}
)


@functools.lru_cache(maxsize=512)
def _address_patterns(address: str) -> tuple[re.Pattern[str], ...]:
    """The address as written, and its specific leading parts (house, street, hamlet): each part read with
    the parts before it, never an administrative unit alone (the commune may be the accused's)."""
    parts = [p for p in (fold(part) for part in re.split(r"[,;]", address)) if _WORDS.search(p)]
    found: list[tuple[str, ...]] = []
    whole = tuple(_WORDS.findall(fold(address)))
    if whole:
        found.append(whole)
    for count in range(1, len(parts) + 1):
        if _ADMINISTRATIVE.match(parts[count - 1]):
            break
        tokens = tuple(w for part in parts[:count] for w in _WORDS.findall(part))
        if any(not w.isdigit() and w not in _GENERIC for w in tokens) or count >= 2:
            found.append(tokens)
    return tuple(
        re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9\n]{1,4}".join(map(re.escape, t)) + r"(?![a-z0-9])")
        for t in dict.fromkeys(found)
    )


def _stored_spans(folded: str, identity: Identity) -> list[tuple[int, int]]:
    spans = []
    for email in identity.emails:
        if email.strip():
            spans += [m.span() for m in re.finditer(re.escape(fold(email)), folded)]
    for address in identity.addresses:
        for pattern in _address_patterns(address):
            spans += [m.span() for m in pattern.finditer(folded)]
    return spans


# --- putting it together ------------------------------------------------------------------------------------


def _stored_digits(identity: Identity) -> frozenset[str]:
    found = set()
    for number in identity.numbers:
        digits = re.sub(r"\D", "", _folded(number))
        if len(digits) >= 9:
            found.add(digits)
            national = _national(digits, plus=number.strip().startswith("+"))
            if national:
                found.add(national)
    return frozenset(found)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _check(redacted: str, identity: Identity, stored: frozenset[str]) -> None:
    """Raise RedactionError when the stored identity survived: a name's words in a row, or a number's digits
    within one stretch of digits and punctuation (a spelling the patterns did not expect)."""
    folded = _folded(redacted)
    words = " " + " ".join(_WORDS.findall(folded)) + " "
    for name in identity.names:
        tokens = _WORDS.findall(fold(name))
        if len(tokens) >= 2 and f" {' '.join(tokens)} " in words:
            raise RedactionError("a stored name survived")
    for email in identity.emails:
        if email.strip() and fold(email) in folded:
            raise RedactionError("a stored e-mail survived")
    stretches = ["".join(ch for ch in s if ch.isdigit()) for s in re.findall(r"[^a-z]+", folded)]
    for digits in stored:
        international = "84" + digits[1:] if digits.startswith("0") else ""
        if any(digits in s or (international and international in s) for s in stretches):
            raise RedactionError("a stored number survived")


def _within_stored_names(
    introduced: list[tuple[int, int]], names: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A run of capitalised words that starts with a stored name ends with it: the capitalised word after
    the name ("Nguyễn Văn An Trân trọng…") is the letter's, not the name's."""
    trimmed = []
    for start, end in introduced:
        ends = [n_end for n_start, n_end in names if n_start == start and n_end < end]
        trimmed.append((start, max(ends)) if ends else (start, end))
    return trimmed


def redact(text: str, identity: Identity | None = None) -> str:
    """The text with the identity and everything that identifies a person by pattern replaced by MARK.
    Raises RedactionError if the stored identity would survive (the callers then show nothing)."""
    identity = identity or Identity()
    text = strip_invisible(unicodedata.normalize("NFC", text))
    if not text:
        return text
    folded = _folded(text)
    stored = _stored_digits(identity)
    names = _name_spans(text, folded, identity.names)
    spans = [
        *names,
        *_within_stored_names(_introduced_names(text, folded), names),
        *_signature(text, folded),
        *_number_spans(_masked_dates(folded), stored),
        *_keyword_spans(folded),
        *(m.span() for m in _EMAIL.finditer(folded)),
        *_personal_details(folded),
        *_stored_spans(folded, identity),
    ]
    out, at = [], 0
    for start, end in _merge(spans):
        out.append(text[at:start])
        out.append(MARK)
        at = end
    out.append(text[at:])
    redacted = "".join(out)
    _check(redacted, identity, stored)
    return redacted


# --- the access layer's function ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """How a module protects a model's records: whether a record is protected, whether a person may read it
    in full (its handlers), and the identity on file to remove for everyone else."""

    is_protected: Callable[[Any], bool]
    may_read: Callable[[Any, Any], bool]
    identity: Callable[[Any], Identity]


POLICIES: dict[str, Policy] = {}


def register(
    model: type,
    *,
    is_protected: Callable[[Any], bool],
    may_read: Callable[[Any, Any], bool],
    identity: Callable[[Any], Identity],
) -> None:
    POLICIES[model._meta.label_lower] = Policy(is_protected, may_read, identity)  # type: ignore[attr-defined]


def _policy(record: Any) -> Policy | None:
    meta = getattr(record, "_meta", None)
    return POLICIES.get(meta.label_lower) if meta is not None else None


def is_protected(record: Any) -> bool:
    policy = _policy(record)
    return policy is not None and policy.is_protected(record)


def may_read_in_full(user: Any, record: Any) -> bool:
    """Whether this person reads the record's free text as written (the record is not protected, or the
    person handles it). `None` (an outlet with no reader: the index, a letter, the audit trail) never does."""
    policy = _policy(record)
    if policy is None or not policy.is_protected(record):
        return True
    return user is not None and policy.may_read(user, record)


def redactor(user: Any, record: Any) -> Callable[[str], str]:
    """A function giving each free text of this record as this person may read it; the identity on file is
    read once, however many texts are redacted."""
    if may_read_in_full(user, record):
        return lambda text: text
    policy = _policy(record)
    assert policy is not None
    identity: list[Identity] = []

    def shown(text: str) -> str:
        if not text:
            return text
        try:
            if not identity:
                identity.append(policy.identity(record))
            return redact(text, identity[0])
        except Exception:  # never fail open: nothing of the text rather than all of it
            logger.exception("redaction failed: %s %s", record._meta.label_lower, getattr(record, "pk", None))
            return WITHHELD

    return shown


def text_for(user: Any, record: Any, text: str) -> str:
    """The record's free text as this person may read it: in full for its handlers, redacted for everyone
    else (`user=None` included)."""
    return redactor(user, record)(text)


def redact_values(record: Any, value: Any) -> Any:
    """Every text inside a JSON-like value (an audit event's changes) redacted for nobody in particular."""
    shown = redactor(None, record)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return shown(item)
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    return walk(value)
