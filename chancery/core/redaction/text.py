"""`redact`: every span found, merged and masked, and the check that nothing on file survived."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from chancery.core.redaction.base import MARK, Identity, RedactionError, _folded
from chancery.core.redaction.details import _personal_details, _stored_spans
from chancery.core.redaction.names import _WORDS, _introduced_names, _name_spans, _signature
from chancery.core.redaction.numbers import _EMAIL, _keyword_spans, _masked_dates, _national, _number_spans
from chancery.core.text import fold, strip_invisible

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
