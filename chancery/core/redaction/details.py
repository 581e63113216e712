"""Personal details by keyword: e-mails, the writer's address and birth date (never the person denounced's),
and the stored addresses."""

from __future__ import annotations

import functools
import re

from chancery.core.redaction.base import Identity
from chancery.core.redaction.names import _INTRO, _WORDS
from chancery.core.text import fold

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
