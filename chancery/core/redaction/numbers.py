"""Numbers: identity card and phone numbers in any grouping, on file or by pattern; dates and amounts kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- numbers ------------------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s?(?P<s>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?P<m2>\d{1,2})\s?/\s?(?P<y2>\d{4})(?!\d)"
)
_DIGITS = re.compile(r"\d+")
_RUN_BEFORE = re.compile(r"\d[.\-]$")  # the date joined to a digit group before it ("0300.01.01.00")
_RUN_AFTER = re.compile(r"[.\-]\d")  # or after it
# the same with the spaced separators a "date" of spaced groups has ("0300 . 01 . 01 . 00"): a date written
# "05.11.2026. 0987…" stays a date, its groups are not spaced
_SPACED_RUN_BEFORE = re.compile(r"\d[ \t]+[.\-][ \t]+$")
_SPACED_RUN_AFTER = re.compile(r"[ \t]+[.\-][ \t]+\d")
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
        spaced = re.search(r"[ \t][.\-]", match.group(0)) is not None
        if spaced and (
            _SPACED_RUN_BEFORE.search(folded, max(0, start - 8), start)
            or _SPACED_RUN_AFTER.match(folded, match.end())
        ):
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
