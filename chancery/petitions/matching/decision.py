"""The decision: whether two letters are the same matter, by the signals and the rule of the package's
docstring, and the candidates ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chancery.petitions.matching.parsing import Subjects
from chancery.petitions.matching.petitioners import names_alike
from chancery.petitions.matching.thresholds import (
    CLOSENESS,
    DUPLICATE_SIMILARITY,
    EXACT,
    FACTS_ALIKE,
    FACTS_CLOSENESS,
    FACTS_OVERLAP,
    FACTS_SHARED,
    FUZZY,
    FUZZY_PETITIONER_CLOSENESS,
    FUZZY_PETITIONER_SIMILARITY,
    SAME_PETITIONER_CLOSENESS,
    SAME_PETITIONER_SIMILARITY,
)
from chancery.petitions.matching.weights import Features, _cosine, _jaccard


def different_subjects(a: Subjects, b: Subjects) -> bool:
    """Whether two letters name different people of the same sort, or different parcels (and none in
    common): two copies of one form filled for two prisoners, or two parcels."""
    if a.people and b.people and not any(names_alike(x, y) for x in a.people for y in b.people):
        return True
    return bool(a.parcels and b.parcels and not a.parcels & b.parcels)


def same_subject(a: Subjects, b: Subjects) -> bool:
    """Whether two letters name the same prisoner, son, martyr ... (one letter apart) or the same parcel."""
    return any(names_alike(x, y) for x in a.people for y in b.people) or bool(a.parcels & b.parcels)


@dataclass(frozen=True)
class Match:
    """A petition on file found to be the same matter: how alike (the largest signal), each signal, and
    whether a petitioner is the same (`relation`: EXACT or FUZZY)."""

    petition_id: int
    similarity: float
    same_petitioner: bool
    overlap: float = 0.0
    closeness: float = 0.0
    petitioner: str | None = None


def signals(query: Features, other: Features) -> tuple[float, float, float]:
    """(overlap, closeness, facts) of two letters. Overlap and closeness are measured on what is left
    without the forms' boilerplate, or on the whole bodies when either is nothing but boilerplate (a form
    copied without being filled); facts is the Jaccard similarity of their facts when each has two."""
    if query.rest_words and other.rest_words:
        overlap = _jaccard(query.rest_grams, other.rest_grams)
        closeness = _cosine(query.rest_vector, other.rest_vector)
    else:
        (ours, our_vector), (theirs, their_vector) = query.whole, other.whole
        overlap, closeness = _jaccard(ours, theirs), _cosine(our_vector, their_vector)
    shared = len(query.facts & other.facts)
    together = len(query.facts | other.facts)
    if not shared and len(query.facts) >= FACTS_SHARED and len(other.facts) >= FACTS_SHARED:
        return overlap, closeness, -1.0  # facts in conflict: two fillings of one model
    return overlap, closeness, shared / together if shared >= FACTS_SHARED else 0.0


def is_same_matter(overlap: float, closeness: float, facts_alike: float, evidence: str | None) -> bool:
    """The rule of the module's docstring; `evidence` is EXACT (the same petitioner, or the same subject),
    FUZZY (a petitioner one letter away) or None."""
    if overlap >= DUPLICATE_SIMILARITY:
        return True
    if facts_alike < 0:  # each names facts and none is the other's: only a near copy is the same matter
        return False
    if closeness >= CLOSENESS:
        return True
    if facts_alike >= FACTS_ALIKE and (closeness >= FACTS_CLOSENESS or overlap >= FACTS_OVERLAP):
        return True
    if evidence == EXACT:
        return overlap >= SAME_PETITIONER_SIMILARITY or closeness >= SAME_PETITIONER_CLOSENESS
    if evidence == FUZZY:
        return overlap >= FUZZY_PETITIONER_SIMILARITY or closeness >= FUZZY_PETITIONER_CLOSENESS
    return False


def decide(petition_id: int, query: Features, other: Features, petitioner: str | None) -> Match | None:
    """The match, when the two letters are the same matter (see the module's docstring)."""
    if different_subjects(query.subjects, other.subjects):
        return None
    overlap, closeness, facts_alike = signals(query, other)
    evidence = EXACT if petitioner == EXACT or same_subject(query.subjects, other.subjects) else petitioner
    if not is_same_matter(overlap, closeness, facts_alike, evidence):
        return None
    return Match(
        petition_id,
        round(max(overlap, closeness), 3),
        petitioner is not None,
        round(overlap, 3),
        round(closeness, 3),
        petitioner,
    )


def rank(query: Features, candidates: Sequence[tuple[int, Features, str | None]]) -> list[Match]:
    """The candidates that are the same matter, most alike first. A candidate is (id, features, the
    relation of its petitioners to the query's)."""
    found = [m for pk, other, kind in candidates if (m := decide(pk, query, other, kind)) is not None]
    found.sort(key=lambda m: (-m.similarity, -m.petition_id))
    return found
