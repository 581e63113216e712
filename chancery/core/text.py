"""Vietnamese text: stored in NFC; compared and searched folded (no diacritics, đ as d, lower case)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """The NFC form of a text with runs of white space made one space and the ends trimmed.

    Vietnamese typed on different keyboards arrives precomposed (NFC) or decomposed (NFD); stored text is
    always NFC so that equal words are equal bytes.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """A search key: lower case, without diacritics, đ counted as d ("Đặng Thị Hồng" -> "dang thi hong")."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare.casefold()).strip()
