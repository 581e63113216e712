"""Finding the petitions that are the same matter: pure functions, no ORM.

Two petitions are the same matter (a duplicate to show the clerk) when their contents are alike, measured as
the Jaccard similarity of their sets of word 3-grams ("shingles") after folding (no diacritics, đ as d) and
after the formulas every letter shares ("Kính gửi...", "Cộng hòa xã hội chủ nghĩa Việt Nam...") are removed:

- content similarity >= DUPLICATE_SIMILARITY: the same content, whoever sent it (a group letter signed
  separately, a resend to several agencies, the same letter the next year), or
- the same petitioner (folded name and commune, or identity card number) and similarity >=
  SAME_PETITIONER_SIMILARITY: the same person writing again about the matter in other words.

Checking a new petition against every petition on file would read them all; instead each petition stores
a few keys: MinHash locality-sensitive hashing (BANDS bands of ROWS hash functions each) of its shingles,
and its petitioner keys. Petitions sharing a key are candidates; the exact similarity decides. With 16 bands
of 2 rows, a pair with similarity s shares at least one band with probability 1 - (1 - s²)^16: 0.99998 at
0.7, 0.99 at 0.5 (bench/duplicates.py measures the recall against the exhaustive comparison).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chancery.core.text import fold

DUPLICATE_SIMILARITY = 0.7
SAME_PETITIONER_SIMILARITY = 0.25
SHINGLE_WORDS = 3
BANDS = 16
ROWS = 2

# Formulas of a Vietnamese letter that say nothing about its matter (folded).
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
_FORMULA_RE = re.compile("|".join(re.escape(f) for f in sorted(_FORMULAS, key=len, reverse=True)))
_WORD = re.compile(r"[a-z0-9]+")

_MASK64 = (1 << 64) - 1
# The hash functions x -> a·x + b (mod 2^64), a odd: each a permutation of the 64-bit shingle hashes. The seed
# is fixed: the keys stored today must match the keys computed tomorrow.
_rng = np.random.default_rng(20131231)
_A = (_rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64)


def words(text: str) -> list[str]:
    """The folded words of a text, without the formulas of a letter."""
    return _WORD.findall(_FORMULA_RE.sub(" ", fold(text)))  # folding also evens out tone placement


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def grams(text: str) -> frozenset[str]:
    """The text's word 3-grams (a short text: its words), for comparing texts within one process."""
    found = words(text)
    if len(found) < SHINGLE_WORDS:
        return frozenset(found)
    return frozenset(" ".join(found[i : i + SHINGLE_WORDS]) for i in range(len(found) - SHINGLE_WORDS + 1))


def shingles(text: str) -> frozenset[int]:
    """The text's word 3-grams as stable 64-bit hashes, for the keys stored with a petition."""
    return frozenset(_hash64(g) for g in grams(text))


def similarity(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Jaccard similarity of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _to_signed(value: int) -> int:
    """A 64-bit key as the signed integer a BigIntegerField stores."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def band_keys(items: frozenset[int]) -> list[int]:
    """The MinHash band keys of a shingle set: BANDS keys, each the hash of ROWS minimum hashes."""
    if not items:
        return []
    values = np.fromiter(items, dtype=np.uint64, count=len(items))
    mins = (_A * values[np.newaxis, :] + _B).min(axis=1).tolist()  # wraps mod 2^64, as intended
    keys = []
    for band in range(BANDS):
        row = mins[band * ROWS : (band + 1) * ROWS]
        keys.append(_to_signed(_hash64(f"b{band}:" + ":".join(map(str, row)))))
    return keys


def _name_and_id(full_name: str, id_number: str) -> tuple[str, list[int]]:
    name = " ".join(_WORD.findall(fold(full_name)))
    digits = re.sub(r"\D", "", id_number)
    return name, [_to_signed(_hash64(f"id:{digits}"))] if len(digits) >= 9 else []


def _place_key(name: str, province_code: int | None, place: str) -> int:
    return _to_signed(_hash64(f"p:{name}|{province_code or ''}|{place}"))


def person_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The keys stored with a petitioner, that find them again: the identity number, and the folded name with
    the commune. A name with the province alone would make namesakes of one province the same person: a
    common name is held by dozens of petitioners of a large province among a million petitions, and two
    letters of theirs on the same kind of matter share a quarter of their words.

    A petitioner whose commune is known is stored under name + commune and under name + province "with some
    commune"; one whose commune is not known under name + province "commune unknown". `lookup_keys` says
    which of them a check reads, so that a letter giving the commune and one that does not still find each
    other, and two letters giving different communes do not."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        if ward_code:
            keys += [_place_key(name, province_code, str(ward_code)), _place_key(name, province_code, "*")]
        else:
            keys.append(_place_key(name, province_code, "?"))
    return keys


def lookup_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The keys a check reads for a petitioner: with the commune, that commune and the province's petitioners
    whose commune is unknown; without it, the province's petitioners with or without one."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        if ward_code:
            keys += [_place_key(name, province_code, str(ward_code)), _place_key(name, province_code, "?")]
        else:
            keys += [_place_key(name, province_code, "?"), _place_key(name, province_code, "*")]
    return keys


@dataclass(frozen=True)
class Match:
    """A petition on file found to be the same matter, with how alike it is."""

    petition_id: int
    similarity: float
    same_petitioner: bool


def is_same_matter(score: float, same_petitioner: bool) -> bool:
    return score >= DUPLICATE_SIMILARITY or (same_petitioner and score >= SAME_PETITIONER_SIMILARITY)


def rank(
    query: frozenset[str],
    query_people: Iterable[int],
    candidates: Sequence[tuple[int, frozenset[str], Iterable[int]]],
) -> list[Match]:
    """The candidates that are the same matter, most alike first. A candidate is (id, 3-grams, person
    keys)."""
    people = set(query_people)
    found = []
    for petition_id, items, keys in candidates:
        score = similarity(query, items)
        same = bool(people & set(keys))
        if is_same_matter(score, same):
            found.append(Match(petition_id, round(score, 3), same))
    found.sort(key=lambda m: (-m.similarity, -m.petition_id))
    return found
