"""Vietnamese text: stored in NFC; compared and searched folded (no diacritics, đ as d, lower case)."""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Characters that show nothing and only make equal-looking texts differ (a name with a zero-width space is
# another name to the duplicate check, the search and an auditor's eye): the format characters (Unicode's
# category Cf: zero-width space, joiners, word joiner, byte order mark, soft hyphen, the bidirectional
# controls that reorder what is shown, tag characters), the control characters that are not white space
# (Cc), lone surrogates (Cs, which no database stores), and the invisible letters and selectors outside Cf
# (the combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian and Unicode
# variation selectors, the blank Braille pattern). Vietnamese needs none of them: its letters are Latin
# letters with combining marks (U+0300-U+036F, category Mn), which are kept and composed.
_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"  # Cc, white space (tab, line breaks, \x1c-\x1f, \x85) aside
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # Cf
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff"  # Cs
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef"
    "]"
)


def strip_invisible(value: str) -> str:
    """The text without the characters that show nothing (`_INVISIBLE`)."""
    return _INVISIBLE.sub("", value)


def nfc(value: str) -> str:
    """The NFC form of a text without invisible characters, with runs of white space made one space and
    the ends trimmed.

    Vietnamese typed on different keyboards arrives precomposed (NFC) or decomposed (NFD); stored text is
    always NFC so that equal words are equal bytes. Zero-width and other invisible characters are removed
    first (a mark split from its letter by one is joined to it again).
    """
    if type(value) is str and len(value) <= _CACHED_LENGTH:
        return _nfc_short(value)
    return _nfc(value)


# A list of 100,000 rows repeats most of its cells (the award, the workplace, the years): the short texts
# are normalised and folded once each, kept in a bounded cache (`_CACHED` entries of at most
# `_CACHED_LENGTH` characters: a few megabytes at most).
_CACHED = 1 << 16
_CACHED_LENGTH = 200


def _nfc(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", strip_invisible(value))).strip()


_nfc_short = lru_cache(maxsize=_CACHED)(_nfc)


def nfc_lines(value: str) -> str:
    """A text of several lines (a letter's body, its "Nơi nhận", a signature block, a citizen's letter) made
    as `nfc` makes one line, line by line: the line breaks a person typed are kept (CRLF read as LF), one
    blank line between paragraphs at most, none at the ends."""
    lines = [nfc(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _fold_table() -> dict[int, str]:
    """Each precomposed Latin letter (Vietnamese's among them) mapped to its base letter, đ to d."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", letter) if unicodedata.category(c) != "Mn")
        if base != letter and code not in table:
            table[code] = base
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(value: str) -> str:
    """A search key: lower case, without diacritics, đ counted as d ("Đặng Thị Hồng" -> "dang thi hong").

    Vietnamese letters are mapped by a table (fast: the duplicate check folds every candidate's text); any
    other mark left is removed from the decomposed text."""
    if type(value) is str and len(value) <= _CACHED_LENGTH:
        return _fold_short(value)
    return _fold(value)


def _fold(value: str) -> str:
    bare = unicodedata.normalize("NFC", strip_invisible(value)).translate(_FOLD)
    if _COMBINING.search(bare) or not bare.isascii():
        bare = "".join(ch for ch in unicodedata.normalize("NFD", bare) if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare.casefold()).strip()


_fold_short = lru_cache(maxsize=_CACHED)(_fold)


# --- tone placement ---------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
# Old style puts the tone on the second vowel of an open "oa", "oe", "uy" (hoà, hoè, thuỷ); new style on the
# first (hòa, hòe, thủy). Both are in use; "qu" + y (quý) is not such a pair.
_OLD_STYLE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")
_TONE_LETTER = re.compile(r"[^\W\d_][\u0300-\u036f]*", re.UNICODE)


def new_style_tones(value: str) -> str:
    """The text with tone marks placed in the new style (hoà -> hòa, thuỷ -> thủy), in NFC, so that both
    spellings of a name compare equal. Words with a final consonant (hoàn, tuyến) are left alone."""
    decomposed = unicodedata.normalize("NFD", value)
    moved = _OLD_STYLE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], decomposed)
    return unicodedata.normalize("NFC", moved)


def canonical(value: str) -> str:
    """The form to compare two texts by (deduplication): NFC, single spaces, tones in the new style.
    Text is stored as typed (in NFC); a person's own spelling of their name is kept."""
    return nfc(new_style_tones(value))


# --- collation ------------------------------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {
    "": 0,
    "\u0300": 1,
    "\u0309": 2,
    "\u0303": 3,
    "\u0301": 4,
    "\u0323": 5,
}  # ngang huyền hỏi ngã sắc nặng
# A base letter with a breve, circumflex or horn is a letter of its own in the Vietnamese alphabet.
_MARKED_LETTERS = {
    "a\u0306": "ă",
    "a\u0302": "â",
    "e\u0302": "ê",
    "o\u0302": "ô",
    "o\u031b": "ơ",
    "u\u031b": "ư",
}


def _letters(word: str) -> list[tuple[int, int]]:
    """(letter rank, tone rank) for each letter of a word, in Vietnamese alphabetical order."""
    keys: list[tuple[int, int]] = []
    for match in _TONE_LETTER.finditer(unicodedata.normalize("NFD", new_style_tones(word).casefold())):
        base, marks = match.group()[0], match.group()[1:]
        letter = next((_MARKED_LETTERS[base + m] for m in marks if base + m in _MARKED_LETTERS), base)
        tone = next((m for m in marks if m in _TONES), "")
        keys.append((_LETTER_RANK.get(letter, len(_ALPHABET) + ord(letter)), _TONE_RANK[tone]))
    return keys


def collation_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A sort key in Vietnamese order: letters first (a ă â b c d đ e ê ...), tones only to break ties
    (ngang, huyền, hỏi, ngã, sắc, nặng)."""
    letters = _letters(value)
    return tuple(rank for rank, _ in letters), tuple(tone for _, tone in letters)


def name_sort_key(full_name: str) -> tuple[object, ...]:
    """People are sorted by given name (the last word), then by the whole name (Nguyễn Văn An before
    Trần Thị An; Lê Bình after both)."""
    words = nfc(full_name).split()
    given = words[-1] if words else ""
    return (collation_key(given), collation_key(" ".join(words)))


EXCERPT_MAX = 60


def excerpt(value: object, limit: int = EXCERPT_MAX) -> str:
    """A value quoted back to a person (the offending cell of a row): on one line, cut to `limit` characters
    with "…", so that a message never carries more of what was sent than is needed to find it."""
    shown = " ".join(nfc(str(value if value is not None else "")).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(value: str) -> str:
    """A text as the plain part of a file name or an address: folded first (no diacritics, đ as d), then
    words of a-z and 0-9 joined by hyphens ("Sổ đăng ký Đơn thư" → "so-dang-ky-don-thu"). Django's
    `slugify` must not be given Vietnamese: it drops đ, which decomposes to no Latin letter ("so-ang-ky-on-
    thu"); every such name is made here."""
    plain = unicodedata.normalize("NFKD", fold(value)).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", plain).strip("-")


def grouped(number: int) -> str:
    """A whole number written the Vietnamese way, thousands grouped by dots: 15450 → "15.450"."""
    return f"{number:,}".replace(",", ".")
