"""Keys: the MinHash band keys of a letter's shingles and of its facts, by which petitions that may be the
same matter are found without comparing every pair."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from chancery.petitions.matching.parsing import Parsed, parse, petition_text
from chancery.petitions.matching.thresholds import BANDS, FACT_BANDS, FACT_ROWS, ROWS, SHINGLE_WORDS

# Odd multipliers that combine word hashes into pair and 3-gram hashes (wrapping mod 2^64, as intended).
_P1, _P2, _P3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0x7F4A7C159E3779B9), np.uint64(0x2545F4914F6CDD1D)


def _gram_array(hashes: np.ndarray) -> np.ndarray:
    """The sorted distinct 64-bit hashes of the word 3-grams (of the words, for fewer than three)."""
    wide = hashes.astype(np.uint64)
    if len(wide) < SHINGLE_WORDS:
        return np.unique(wide)
    return np.unique(wide[:-2] * _P1 + wide[1:-1] * _P2 + wide[2:])


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def shingles(text: str) -> frozenset[int]:
    """The body's word 3-grams as stable 64-bit hashes (what the band keys are made of)."""
    return frozenset(_gram_array(parse(text).words).tolist())


def similarity(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Jaccard similarity of two sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


_MASK64 = (1 << 64) - 1
# The hash functions x -> a·x + b (mod 2^64), a odd: each a permutation of the 64-bit hashes. The seeds are
# fixed: the keys stored today must match the keys computed tomorrow.
_rng = np.random.default_rng(20131231)
_A = (_rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=(BANDS * ROWS, 1), dtype=np.uint64)
_fact_rng = np.random.default_rng(20260101)
_FA = (
    _fact_rng.integers(0, 1 << 63, size=(FACT_BANDS * FACT_ROWS, 1), dtype=np.uint64) << np.uint64(1)
) | np.uint64(1)
_FB = _fact_rng.integers(0, 1 << 63, size=(FACT_BANDS * FACT_ROWS, 1), dtype=np.uint64)


def _to_signed(value: int) -> int:
    """A 64-bit key as the signed integer a BigIntegerField stores."""
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def _minhash_bands(
    items: frozenset[int], a: np.ndarray, b: np.ndarray, bands: int, rows: int, prefix: str
) -> list[int]:
    values = np.fromiter(items, dtype=np.uint64, count=len(items))
    mins = (a * values[np.newaxis, :] + b).min(axis=1).tolist()  # wraps mod 2^64, as intended
    return [
        _to_signed(_hash64(f"{prefix}{band}:" + ":".join(map(str, mins[band * rows : (band + 1) * rows]))))
        for band in range(bands)
    ]


def band_keys(items: frozenset[int]) -> list[int]:
    """The MinHash band keys of a shingle set: BANDS keys, each the hash of ROWS minimum hashes."""
    if not items:
        return []
    return _minhash_bands(items, _A, _B, BANDS, ROWS, "b")


def fact_keys(found: frozenset[str]) -> list[int]:
    """The MinHash band keys of a letter's facts (two facts at least: one number says little)."""
    if len(found) < 2:
        return []
    return _minhash_bands(frozenset(_hash64(f) for f in found), _FA, _FB, FACT_BANDS, FACT_ROWS, "f")


def content_keys(parsed: Parsed) -> tuple[list[int], list[int]]:
    """(shingle band keys, fact band keys) of a parsed letter: the content keys stored with a petition."""
    return band_keys(frozenset(_gram_array(parsed.words).tolist())), fact_keys(parsed.facts)


@dataclass(frozen=True)
class TextMatch:
    """What the duplicate check keeps of a petition's text (summary and content): `MatchText`'s columns
    (words, shapes, sizes, facts) and its content keys (`MatchKey` rows with is_person False), distinct."""

    words: bytes
    shapes: bytes
    sizes: bytes
    facts: str
    keys: tuple[int, ...]


def text_match(summary: str, content: str) -> TextMatch:
    """The match data of a petition's text, as registration stores it (and the demo loader, in bulk)."""
    parsed = parse(petition_text(summary, content))
    bands, fact_bands = content_keys(parsed)
    return TextMatch(*parsed.stored(), tuple(dict.fromkeys([*bands, *fact_bands])))
