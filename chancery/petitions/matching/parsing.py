"""Facts and subjects: a letter parsed once into its words, its facts (numbers, dates, parcels) and the
people it is about, and the hashes of its words."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from chancery.core.text import fold
from chancery.petitions.matching.letter_body import (
    _DIGITS,
    _DIGITS_WORD,
    _FORMULA_RE,
    _NAME_WORD,
    _WORD,
    _body,
)

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
