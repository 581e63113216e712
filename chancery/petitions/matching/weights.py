"""What the corpus teaches: rare words weigh more than common ones, and the boilerplate of forms is set
aside, so that two fillings of one form are not taken for one matter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from chancery.petitions.matching.keys import _P3, _gram_array
from chancery.petitions.matching.parsing import Parsed
from chancery.petitions.matching.thresholds import FEATURE_BUCKETS, TEMPLATE_MIN

_BUCKET_MASK = np.uint64(FEATURE_BUCKETS - 1)
_ONE = np.uint32(1)


def _term_counts(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(buckets, counts) of the words and word pairs."""
    wide = hashes.astype(np.uint64)
    pairs = (wide[:-1] * _P3 + wide[1:]) & _BUCKET_MASK
    return np.unique(np.concatenate([wide & _BUCKET_MASK, pairs]), return_counts=True)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


Vector = tuple[np.ndarray, np.ndarray]  # sorted buckets, weights of length 1


def _cosine(a: Vector, b: Vector) -> float:
    (keys, weights), (other_keys, other_weights) = a, b
    if not len(keys) or not len(other_keys):
        return 0.0
    at = np.searchsorted(keys, other_keys)
    at[at == len(keys)] = 0
    hit = keys[at] == other_keys
    return float(np.dot(weights[at[hit]], other_weights[hit]))


@dataclass
class Corpus:
    """Document frequencies of words and word pairs (hashed into FEATURE_BUCKETS) over the petitions on
    file, and the shapes of the segments that are boilerplate: seen in letters about at least TEMPLATE_MIN
    different sets of facts (a resend and its copies have one set of facts; the lines of a pre-printed form or
    a model letter are filled with many). `Corpus()` knows nothing: every term weighs the same and no segment
    is boilerplate."""

    documents: int = 0
    idf: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=np.float32))
    templates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))  # sorted shapes

    @classmethod
    def fit(cls, letters: Iterable[Parsed]) -> Corpus:
        """Learn from these letters: ln((N + 1) / (df + 1)) + 1 for each term, and the boilerplate."""
        frequencies = np.zeros(FEATURE_BUCKETS, dtype=np.uint32)
        seen_with: dict[int, set[int]] = {}
        documents = 0
        for parsed in letters:
            documents += 1
            if len(parsed.words):
                frequencies[_term_counts(parsed.words)[0]] += 1
            signature = hash(parsed.facts)
            for shape in set(parsed.shapes.tolist()):
                holders = seen_with.setdefault(shape, set())
                if len(holders) < TEMPLATE_MIN:
                    holders.add(signature)
        templates = sorted(h for h, holders in seen_with.items() if len(holders) >= TEMPLATE_MIN)
        idf = (np.log((documents + 1) / (frequencies.astype(np.float32) + 1)) + 1).astype(np.float32)
        return cls(documents, idf, np.array(templates, dtype=np.uint32))

    def vector(self, hashes: np.ndarray) -> Vector:
        """The TF-IDF vector (1 + ln tf) · idf of a text's words and pairs, of length 1 (idf 1 before the
        corpus is known)."""
        if not len(hashes):
            return np.zeros(0, dtype=np.uint64), np.zeros(0)
        keys, counts = _term_counts(hashes)
        raw = 1.0 + np.log(counts)
        if self.documents:
            raw *= self.idf[keys]
        return keys, raw / (float(np.sqrt(np.dot(raw, raw))) or 1.0)

    def boilerplate(self, shapes: np.ndarray) -> np.ndarray:
        """Whether each segment shape is boilerplate."""
        if not len(self.templates) or not len(shapes):
            return np.zeros(len(shapes), dtype=bool)
        at = np.searchsorted(self.templates, shapes)
        at[at == len(self.templates)] = 0
        return self.templates[at] == shapes


class Features:
    """What the check compares of one letter: its shingles and TF-IDF vector, of what is left without the
    boilerplate (whose numbers stay) and, when needed, of the whole body; its facts and its subjects."""

    def __init__(self, parsed: Parsed, corpus: Corpus) -> None:
        self.corpus = corpus
        self.facts = parsed.facts
        self.subjects = parsed.subjects
        self.hashes = parsed.words
        rest = self.hashes
        boilerplate = corpus.boilerplate(parsed.shapes)
        if boilerplate.any() and len(self.hashes) == int(parsed.sizes.sum()):
            dropped = np.repeat(boilerplate, parsed.sizes.astype(np.int64)) & ((self.hashes & _ONE) == 0)
            rest = self.hashes[~dropped]
        self.rest_words = len(rest)
        self.rest_grams = _gram_array(rest)
        self.rest_vector = corpus.vector(rest)
        self._whole = (self.rest_grams, self.rest_vector) if rest is self.hashes else None

    @property
    def whole(self) -> tuple[np.ndarray, Vector]:
        """The shingles and vector of the whole body."""
        if self._whole is None:
            self._whole = (_gram_array(self.hashes), self.corpus.vector(self.hashes))
        return self._whole


def features(parsed: Parsed, corpus: Corpus) -> Features:
    return Features(parsed, corpus)
