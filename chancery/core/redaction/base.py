"""What redaction removes and how it reads a text: the identity on file, the mark, and the folded view of a
text in which a position is the same position in the text."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from chancery.core.text import fold

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
