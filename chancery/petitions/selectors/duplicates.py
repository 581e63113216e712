"""Duplicates: the candidates sharing a content key, the letters compared, the matches a clerk sees."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from chancery.core import access
from chancery.petitions import matching
from chancery.petitions.models import (
    DuplicateDecision,
    LinkVerdict,
    MatchKey,
    Petition,
    Petitioner,
)
from chancery.petitions.selectors.reading import (
    is_protected,
    petitioner_name,
    visible_petitions,
    with_identity_flag,
)

# --- duplicates ---------------------------------------------------------------------------------------------

PER_KEY = 300  # petitions read per key: a key shared by very many petitions says little about any of them
CANDIDATES = 20  # content candidates compared exactly, the best evidence first
FACT_CANDIDATES = 10  # candidates sharing a band of facts (a letter in other words), the best evidence first
PERSON_CANDIDATES = 25  # petitions of the same petitioner compared exactly (a common name in a province)
FUZZY_CANDIDATES = 60  # petitions of a name one word away read, to confirm the name is one letter away
MIN_SHARED_BANDS = (
    2  # a pair at the duplicate threshold shares 7.8 of 16 bands on average, fewer than 2 in 3e-4
)


def _key_postings(keys: list[int], *, exclude: int | None) -> tuple[list[tuple[int, int]], set[int]]:
    """(key's position, petition) for the petitions holding each key, and the positions of the keys read
    whole. A key held by more than PER_KEY petitions is read where its matches are: around the petition being
    checked (the PER_KEY // 2 registered just before it and just after it: resends and co-signed copies come
    within weeks), or, for a new petition, the newest. One query, every key's posting read from the (key,
    petition) index."""
    table = connection.ops.quote_name(MatchKey._meta.db_table)
    key = connection.ops.quote_name("key")
    half = PER_KEY // 2
    # only quoted names and integer constants are formatted in; the keys and the petition are parameters
    if exclude:
        parts = " UNION ALL ".join(
            f"SELECT {i} AS k, 0 AS side, petition_id FROM (SELECT petition_id FROM {table} "  # noqa: S608
            f"WHERE {key} = %s AND petition_id < %s ORDER BY petition_id DESC LIMIT {half}) b{i} UNION ALL "
            f"SELECT {i} AS k, 1 AS side, petition_id FROM (SELECT petition_id FROM {table} "
            f"WHERE {key} = %s AND petition_id > %s ORDER BY petition_id ASC LIMIT {half}) a{i}"
            for i in range(len(keys))
        )
        params = [value for k in keys for value in (k, exclude, k, exclude)]
        limit = half
    else:
        parts = " UNION ALL ".join(
            f"SELECT {i} AS k, 0 AS side, petition_id FROM (SELECT petition_id FROM {table} "  # noqa: S608
            f"WHERE {key} = %s ORDER BY petition_id DESC LIMIT {PER_KEY}) p{i}"
            for i in range(len(keys))
        )
        params = list(keys)
        limit = PER_KEY
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT k, side, petition_id FROM ({parts}) u", params)  # noqa: S608
        rows = cursor.fetchall()
    read: dict[tuple[int, int], int] = {}
    for position, side, _petition in rows:
        read[(position, side)] = read.get((position, side), 0) + 1
    whole = {i for i in range(len(keys)) if read.get((i, 0), 0) < limit and read.get((i, 1), 0) < limit}
    return [(position, petition) for position, _side, petition in rows], whole


@dataclass(frozen=True)
class Candidates:
    """The petitions a check compares: by their content (shingles or facts) or an exact petitioner key, and
    those whose petitioner's name is one word away (to be confirmed one letter away before they count)."""

    ids: set[int]
    fuzzy: list[int]


def gather_candidates(
    bands: list[int],
    people: list[int],
    *,
    exclude: int | None,
    facts: list[int] | None = None,
    fuzzy: list[int] | None = None,
) -> Candidates:
    """The petitions worth comparing. Content: those sharing at least two shingle bands, the ones sharing rare
    bands first (a band held by fewer than PER_KEY petitions is evidence, one held by thousands, the common
    wording of many letters, is read only around the petition or its newest, and ranks after), and those
    sharing a band of facts; among equals, the nearest in time first. Person: every petition of the same
    petitioner's keys, those also sharing bands first; and of a name one word away, to be confirmed."""
    facts, fuzzy = facts or [], fuzzy or []
    keys = [*bands, *facts, *people, *fuzzy]
    if not keys:
        return Candidates(set(), [])
    postings, whole = _key_postings(keys, exclude=exclude)
    band_hits: dict[int, int] = {}
    rare_hits: dict[int, int] = {}
    fact_hits: dict[int, int] = {}
    person_ids: set[int] = set()
    fuzzy_ids: set[int] = set()
    ends = (len(bands), len(bands) + len(facts), len(bands) + len(facts) + len(people))
    for position, petition in postings:
        if position < ends[0]:
            band_hits[petition] = band_hits.get(petition, 0) + 1
            if position in whole:
                rare_hits[petition] = rare_hits.get(petition, 0) + 1
        elif position < ends[1]:
            fact_hits[petition] = fact_hits.get(petition, 0) + 1
        elif position < ends[2]:
            person_ids.add(petition)
        else:
            fuzzy_ids.add(petition)

    anchor = exclude or 1 << 62

    def evidence(petition: int) -> tuple[int, int, int, int]:
        return (
            rare_hits.get(petition, 0),
            band_hits.get(petition, 0),
            fact_hits.get(petition, 0),
            -abs(anchor - petition),
        )

    content = sorted((p for p, n in band_hits.items() if n >= MIN_SHARED_BANDS), key=evidence, reverse=True)
    by_facts = sorted(fact_hits, key=lambda p: (fact_hits[p], *evidence(p)), reverse=True)
    same_person = sorted(person_ids, key=evidence, reverse=True)
    chosen = {*content[:CANDIDATES], *by_facts[:FACT_CANDIDATES], *same_person[:PERSON_CANDIDATES]}
    near = sorted(fuzzy_ids - chosen, key=evidence, reverse=True)[:FUZZY_CANDIDATES]
    return Candidates(chosen, near)


def candidate_ids(bands: list[int], people: list[int], *, exclude: int | None) -> set[int]:
    """The petitions worth comparing by shingle bands and exact petitioner keys (`gather_candidates`)."""
    return gather_candidates(bands, people, exclude=exclude).ids


def lookup_keys_of(petition_id: int) -> list[int]:
    """The petitioner keys a check of a petition on file reads (matching.lookup_keys of each petitioner)."""
    keys: list[int] = []
    for full_name, province, ward, id_number in Petitioner.objects.filter(
        petition_id=petition_id
    ).values_list("full_name", "province_code", "ward_code", "id_number"):
        keys += matching.lookup_keys(
            full_name=full_name, province_code=province, ward_code=ward, id_number=id_number
        )
    return list(dict.fromkeys(keys))


def persons_of(petition_ids: Any) -> dict[int, list[matching.PersonRef]]:
    """The petitioners of these petitions as the check compares them."""
    found: dict[int, list[matching.PersonRef]] = {}
    for petition_id, full_name, province, ward, id_number in Petitioner.objects.filter(
        petition_id__in=petition_ids
    ).values_list("petition_id", "full_name", "province_code", "ward_code", "id_number"):
        found.setdefault(petition_id, []).append(matching.PersonRef.of(full_name, province, ward, id_number))
    return found


def _letters(
    ids: set[int], among: QuerySet[Petition] | None = None
) -> dict[int, tuple[matching.Parsed, list[matching.PersonRef]]]:
    """Each petition's stored parse (`MatchText`; its text parsed when none was stored) and petitioners, in
    one query; only those of `among` when given (the petitions this person may see)."""
    from chancery.petitions.models import MatchText

    if not ids:
        return {}
    quote = connection.ops.quote_name
    petition, text, person = (quote(m._meta.db_table) for m in (Petition, MatchText, Petitioner))
    marks = ", ".join(["%s"] * len(ids))
    params: list[Any] = sorted(ids)
    visible = ""
    if among is not None:
        sql, among_params = among.filter(pk__in=ids).values("pk").query.sql_with_params()
        visible = f" AND pe.id IN ({sql})"
        params += list(among_params)
    # only quoted names and placeholders are formatted in; the values are parameters
    query = (
        f"SELECT pe.id, m.words, m.shapes, m.sizes, m.facts, "  # noqa: S608
        "CASE WHEN m.petition_id IS NULL THEN pe.summary END, "
        "CASE WHEN m.petition_id IS NULL THEN pe.content END, "
        f"pp.full_name, pp.province_code, pp.ward_code, pp.id_number "
        f"FROM {petition} pe LEFT JOIN {text} m ON m.petition_id = pe.id "
        f"LEFT JOIN {person} pp ON pp.petition_id = pe.id WHERE pe.id IN ({marks}){visible}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    found: dict[int, tuple[matching.Parsed, list[matching.PersonRef]]] = {}
    for pk, words, shapes, sizes, facts, summary, content, name, province, ward, id_number in rows:
        if pk not in found:
            parsed = (
                matching.Parsed.from_stored(words, shapes, sizes, facts)
                if words is not None
                else matching.parse(matching.petition_text(summary, content))
            )
            found[pk] = (parsed, [])
        if name is not None:
            found[pk][1].append(matching.PersonRef.of(name, province, ward, id_number or ""))
    return found


def _parses(ids: set[int]) -> dict[int, matching.Parsed]:
    """The stored parse of each petition (`MatchText`), or its text parsed when none was stored."""
    return {pk: parsed for pk, (parsed, _people) in _letters(ids).items()}


def find_matches(
    *,
    text: str,
    people: list[int],
    exclude: int | None = None,
    among: QuerySet[Petition] | None = None,
    persons: list[matching.PersonRef] | None = None,
) -> list[matching.Match]:
    """The petitions on file that are the same matter as this text (most alike first): candidates by shared
    keys (`gather_candidates`), then the signals and the rule of chancery.petitions.matching.

    Who sent it counts only when the caller says: `people` (the exact petitioner keys) and `persons` (the
    petitioners, for names one letter away; for a petition on file, `exclude`, its own petitioners when
    `people` is given). With neither, the check is by content alone. The text of a petition on file is
    compared as it was stored at registration (`MatchText`)."""
    from chancery.petitions import corpus

    own = _letters({exclude}).get(exclude) if exclude else None
    parsed = own[0] if own else matching.parse(text)
    if persons is None:
        persons = own[1] if (own and people) else []
    fuzzy = list(
        dict.fromkeys(
            key
            for person in persons
            for key in matching.fuzzy_lookup_keys(
                full_name=person.name, province_code=person.province_code, ward_code=person.ward_code
            )
        )
    )
    bands, fact_bands = matching.content_keys(parsed)
    found = gather_candidates(bands, people, exclude=exclude, facts=fact_bands, fuzzy=fuzzy)
    letters = _letters(found.ids | set(found.fuzzy), among)
    relations = {
        pk: matching.strongest_relation(persons, theirs) for pk, (_parsed, theirs) in letters.items()
    }
    if people and not persons:  # person keys without names: the keys say who is the same
        wanted = set(people)
        for pk, key in MatchKey.objects.filter(petition_id__in=letters, is_person=True).values_list(
            "petition_id", "key"
        ):
            if key in wanted:
                relations[pk] = matching.EXACT
    learned = corpus.current()
    query = matching.features(parsed, learned)
    return matching.rank(
        query,
        [
            (pk, matching.features(letter, learned), relations.get(pk))
            for pk, (letter, _theirs) in letters.items()
            if pk in found.ids or relations.get(pk) is not None
        ],
    )


@dataclass(frozen=True)
class DuplicateView:
    petition: Petition
    similarity: float
    same_petitioner: bool
    petitioner: str
    verdict: str
    summary: str = ""  # as this person may read it (access.redacted_text)


@dataclass(frozen=True)
class Screened:
    """What a duplicate check may tell this person: the matches (most alike first), the records they stand
    for, and the protected petitions the check read, to be traced in the audit trail."""

    matches: list[Any]
    records: dict[int, Petition]
    protected: list[Petition]


def screened_matches(
    user: Any,
    *,
    text: str,
    people: list[int],
    exclude: int | None = None,
    persons: list[matching.PersonRef] | None = None,
) -> Screened:
    """The duplicate check as this person may learn it. For a protected petition whose denouncer this
    person may not know, the check must not tell whether a name (typed, or on the petition checked) is the
    denouncer's: it is found by its content alone (the check run again without the person keys), never
    marked "same petitioner", and its similarity is shown to one decimal, which a guessed name typed into
    the text cannot move."""
    visible = with_identity_flag(visible_petitions(user), user)
    found = find_matches(text=text, people=people, exclude=exclude, among=visible, persons=persons)
    records = {
        p.pk: p
        for p in visible.filter(pk__in=[m.petition_id for m in found]).select_related("competent_agency")
    }
    hidden = {pk for pk, p in records.items() if not getattr(p, "identity_visible", False)}
    by_content: dict[int, Any] = {}
    if hidden:
        by_content = {
            m.petition_id: m
            for m in find_matches(text=text, people=[], exclude=exclude, among=visible.filter(pk__in=hidden))
        }
    matches = []
    for match in found:
        if match.petition_id not in records:
            continue
        if match.petition_id in hidden:
            alike = by_content.get(match.petition_id)
            if alike is None:
                continue
            match = replace(alike, same_petitioner=False, similarity=math.floor(alike.similarity * 10) / 10)
        matches.append(match)
    protected = [p for p in records.values() if is_protected(p)]
    return Screened(matches, records, protected)


def duplicate_check(
    user: Any, petition: Petition, *, limit: int = 10
) -> tuple[list[DuplicateView], Screened]:
    """The petitions the clerk should see beside this one: found by the check and not ruled out, plus those
    already linked; only petitions this person may see, names masked and the denouncer never confirmed as
    the protection requires (`screened_matches`). The caller traces the protected petitions read
    (`services.record_duplicate_check`)."""
    screened = screened_matches(
        user,
        text=f"{petition.summary} {petition.content}",
        people=lookup_keys_of(petition.pk),
        exclude=petition.pk,
    )
    decided = dict(DuplicateDecision.objects.filter(petition=petition).values_list("other_id", "verdict"))
    shown = [m for m in screened.matches if decided.get(m.petition_id) != LinkVerdict.NOT_DUPLICATE][:limit]
    views = [
        DuplicateView(
            record,
            m.similarity,
            m.same_petitioner,
            petitioner_name(user, record),
            decided.get(m.petition_id, ""),
            access.redacted_text(user, record, record.summary),
        )
        for m in shown
        for record in [screened.records[m.petition_id]]
    ]
    return views, screened


def duplicates_of(user: Any, petition: Petition, *, limit: int = 10) -> list[DuplicateView]:
    """`duplicate_check`'s petitions alone."""
    return duplicate_check(user, petition, limit=limit)[0]


def matter_petitions(user: Any, petition: Petition) -> list[Petition]:
    if petition.matter_id is None:
        return []
    return list(
        with_identity_flag(visible_petitions(user), user)
        .filter(matter_id=petition.matter_id)
        .exclude(pk=petition.pk)
        .select_related("competent_agency")
        .order_by("received_on", "id")
    )
