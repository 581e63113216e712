"""Petitioners: the keys of a petitioner's name and place (exact, and one word left out), and how the
petitioners of two petitions relate (the same, or a name one letter away)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from chancery.core.text import fold
from chancery.petitions.matching.keys import _hash64, _to_signed
from chancery.petitions.matching.letter_body import _WORD
from chancery.petitions.matching.thresholds import EXACT, FUZZY


def _folded_name(full_name: str) -> str:
    return " ".join(_WORD.findall(fold(full_name)))


def _name_and_id(full_name: str, id_number: str) -> tuple[str, list[int]]:
    name = _folded_name(full_name)
    digits = re.sub(r"\D", "", id_number)
    return name, [_to_signed(_hash64(f"id:{digits}"))] if len(digits) >= 9 else []


def _place_key(name: str, province_code: int | None, place: str) -> int:
    return _to_signed(_hash64(f"p:{name}|{province_code or ''}|{place}"))


def _fuzzy_patterns(name: str) -> list[str]:
    """The name with each of its words left out in turn: two names that differ in one word share one."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [" ".join([*parts[:i], "*", *parts[i + 1 :]]) for i in range(len(parts))]


def _fuzzy_key(pattern: str, province_code: int | None, place: str) -> int:
    return _to_signed(_hash64(f"z:{pattern}|{province_code or ''}|{place}"))


def person_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The keys stored with a petitioner, that find them again: the identity number; the folded name with
    the commune; and the name with each of its words left out, with the commune, which finds a name typed
    with one letter wrong (`relation` confirms it). A name with the province alone would make namesakes of
    one province the same person: a common name is held by dozens of petitioners of a large province among a
    million petitions, and two letters of theirs on the same kind of matter share a quarter of their words.

    A petitioner whose commune is known is stored under name + commune and under name + province "with some
    commune"; one whose commune is not known under name + province "commune unknown". `lookup_keys` says
    which of them a check reads, so that a letter giving the commune and one that does not still find each
    other, and two letters giving different communes do not."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        places = [str(ward_code), "*"] if ward_code else ["?"]
        keys += [_place_key(name, province_code, place) for place in places]
        keys += [_fuzzy_key(p, province_code, place) for p in _fuzzy_patterns(name) for place in places]
    return keys


def people_keys(people: Iterable[tuple[str, int | None, int | None, str]]) -> list[int]:
    """The person keys of a petition's petitioners, each (full name, province, commune, identity number),
    distinct: the `MatchKey` rows with is_person True."""
    return list(
        dict.fromkeys(
            key
            for full_name, province_code, ward_code, id_number in people
            for key in person_keys(
                full_name=full_name, province_code=province_code, ward_code=ward_code, id_number=id_number
            )
        )
    )


def _lookup_places(ward_code: int | None) -> list[str]:
    return [str(ward_code), "?"] if ward_code else ["?", "*"]


def lookup_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
) -> list[int]:
    """The exact keys a check reads for a petitioner: with the commune, that commune and the province's
    petitioners whose commune is unknown; without it, the province's petitioners with or without one."""
    name, keys = _name_and_id(full_name, id_number)
    if name:
        keys += [_place_key(name, province_code, place) for place in _lookup_places(ward_code)]
    return keys


def fuzzy_lookup_keys(
    *, full_name: str, province_code: int | None, ward_code: int | None = None
) -> list[int]:
    """The keys a check reads for the names one word away (`person_keys`); `relation` confirms the hits."""
    name = _folded_name(full_name)
    return [
        _fuzzy_key(p, province_code, place)
        for p in _fuzzy_patterns(name)
        for place in _lookup_places(ward_code)
    ]


@dataclass(frozen=True)
class PersonRef:
    """A petitioner as the check compares them: folded name, province, commune, identity number."""

    name: str
    province_code: int | None = None
    ward_code: int | None = None
    id_number: str = ""

    @classmethod
    def of(
        cls, full_name: str, province_code: int | None, ward_code: int | None = None, id_number: str = ""
    ) -> PersonRef:
        digits = re.sub(r"\D", "", id_number or "")
        return cls(_folded_name(full_name), province_code, ward_code, digits if len(digits) >= 9 else "")


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter changed, added or removed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def names_alike(a: str, b: str) -> bool:
    """Two folded names with the same words but one, which is one letter away (and not a one-letter
    word)."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2:
        return a == b and bool(a)
    differing = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if not differing:
        return True
    (x, y), *more = differing
    return not more and min(len(x), len(y)) >= 2 and _one_edit_apart(x, y)


def relation(a: PersonRef, b: PersonRef) -> str | None:
    """EXACT: the same identity number, or the same folded name in the same place (the same commune, or the
    same province when either does not give the commune); FUZZY: a name one letter away in the same place;
    else None."""
    if a.id_number and a.id_number == b.id_number:
        return EXACT
    if not a.name or not b.name or a.province_code != b.province_code:
        return None
    if a.ward_code and b.ward_code and a.ward_code != b.ward_code:
        return None
    if a.name == b.name:
        return EXACT
    return FUZZY if names_alike(a.name, b.name) else None


def strongest_relation(ours: Iterable[PersonRef], theirs: Iterable[PersonRef]) -> str | None:
    """The closest relation between any petitioner of one letter and any of the other."""
    found = None
    others = list(theirs)
    for a in ours:
        for b in others:
            kind = relation(a, b)
            if kind == EXACT:
                return EXACT
            found = found or kind
    return found
