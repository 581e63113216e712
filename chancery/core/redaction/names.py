"""Names: the stored names in every spelling, the names a writer introduces ("Tôi tên là", "Người tố cáo"),
and the signature block at the end of a letter."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chancery.core.text import fold

# --- names --------------------------------------------------------------------------------------------------

_WORDS = re.compile(r"[a-z0-9]+")
_NAME_SEP = r"[\s.,\-_'’\"]{0,8}"
# the titles and the words a writer names themself after ("tôi Giang", "con Giang", "tên Giang")
_HONORIFICS = r"(?:ong|ba|anh|chi|em|co|chu|bac|cu|di|thim|mo|me|bo|chau|toi|con|ten)"


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
