"""Reading petitions: always through the access policy, and through the denouncer's protection.

Luật Tố cáo 2018, Art. 47–48: the denouncer's name, address, handwriting and other identifying information are
kept confidential. In Chancery a denunciation's petitioners (and its attachments, which carry the handwriting)
are shown only to the officer who registered it and to the officers assigned to handle it by name; everyone
else, whatever the role (leadership and heads of unit included), and every outlet (lists, search, exports,
the API, notifications, the audit trail) sees `MASK`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core import access, audit, redaction
from chancery.core.models import Agency, Assignment, Attachment
from chancery.petitions import matching
from chancery.petitions.models import (
    DuplicateDecision,
    Forwarding,
    LetterKind,
    LinkVerdict,
    MatchKey,
    Petition,
    Petitioner,
    PetitionKind,
)

MASK = "***"


def visible_petitions(user: Any) -> QuerySet[Petition]:
    return access.visible_records(user, Petition.objects.all())


def get_petition(user: Any, pk: int) -> Petition | None:
    return (
        visible_petitions(user)
        .select_related("owning_unit", "competent_agency", "sent_by_agency", "matter", "merged_into")
        .filter(pk=pk)
        .first()
    )


def _handled_by(user_id: int | None) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        object_type=audit.object_type_of(Petition),
        object_id=OuterRef("pk"),
        user_id=user_id or 0,
        is_active=True,
    )


PROTECTED = Q(kind=PetitionKind.DENUNCIATION) | Q(identity_protected=True)


def is_protected(petition: Petition) -> bool:
    """Whether the petition holds a protected denouncer: a denunciation, or a petition a denunciation was
    merged into or split from (`Petition.identity_protected`, never cleared)."""
    return petition.kind == PetitionKind.DENUNCIATION or petition.identity_protected


def with_identity_flag(queryset: QuerySet[Petition], user: Any) -> QuerySet[Petition]:
    """Annotate `identity_visible`: whether this person may read each petition's petitioners."""
    viewer = access.viewer_for(user)
    protected = PROTECTED & ~Q(received_by_id=viewer.user_id or 0)
    visible = ~protected | Q(Exists(_handled_by(viewer.user_id)))
    return queryset.annotate(identity_visible=ExpressionWrapper(visible, output_field=BooleanField()))


def can_see_identity(user: Any, petition: Petition) -> bool:
    """Whether this person may read the petition's petitioners and its text as written (the record itself
    must be visible): the one definition of a protected petition's handlers, which every outlet uses (through
    `chancery.core.access.redacted_text` for the text)."""
    if not access.can_view(user, petition):
        return False
    if not is_protected(petition):
        return True
    viewer = access.viewer_for(user)
    if petition.received_by_id is not None and petition.received_by_id == viewer.user_id:
        return True
    return Assignment.objects.filter(
        object_type=audit.object_type_of(petition),
        object_id=petition.pk,
        user_id=viewer.user_id or 0,
        is_active=True,
    ).exists()


def identity_of(record: Any, user: Any) -> bool:
    """For list columns: the annotation when the list computed it, else the one-record check."""
    flag = getattr(record, "identity_visible", None)
    return bool(flag) if flag is not None else can_see_identity(user, record)


@dataclass(frozen=True)
class PersonView:
    full_name: str
    id_number: str
    phone: str
    email: str
    address: str
    place: str
    is_representative: bool
    joined_from: str
    salutation: str = ""  # "ong", "ba" or unknown; masked with the rest for a protected denouncer


def petitioners(user: Any, petition: Petition) -> list[PersonView]:
    """The petitioners as this person may see them (masked for a protected denouncer)."""
    from chancery.core.provinces import place_text

    shown = can_see_identity(user, petition)
    people = []
    for person in Petitioner.objects.filter(petition=petition).select_related("joined_from"):
        if shown:
            people.append(
                PersonView(
                    person.full_name,
                    person.id_number,
                    person.phone,
                    person.email,
                    person.address,
                    place_text(person.province_code, person.ward_code),
                    person.is_representative,
                    person.joined_from.registry_number if person.joined_from else "",
                    person.salutation,
                )
            )
        else:
            people.append(PersonView(MASK, MASK, MASK, MASK, MASK, MASK, person.is_representative, ""))
    return people


def petitioner_name(user: Any, petition: Petition) -> str:
    return petition.petitioner_name if identity_of(petition, user) else MASK


def protected_identity(petition: Petition) -> redaction.Identity:
    """What is on file about a protected petition's people, for the redaction of its text: every
    petitioner's name, identity card and phone numbers, e-mail and address (those merged in included)."""
    rows = list(petition.petitioners.all())
    return redaction.Identity(
        names=tuple(p.full_name for p in rows if p.full_name),
        numbers=tuple(n for p in rows for n in (p.id_number, p.phone) if n),
        emails=tuple(p.email for p in rows if p.email),
        addresses=tuple(p.address for p in rows if p.address),
    )


@dataclass(frozen=True)
class ShownText:
    """A petition's free texts as one person may read them, and whether that is as written."""

    summary: str
    content: str
    decision_note: str
    outcome: str
    in_full: bool


def shown_text(user: Any, petition: Petition) -> ShownText:
    """The petition's free texts for this person (access.redacted_text): as written for its handlers,
    redacted for everyone else. The caller records an opening of a protected text read in full
    (`services.record_opening`)."""
    shown = access.text_redactor(user, petition)
    return ShownText(
        summary=shown(petition.summary),
        content=shown(petition.content),
        decision_note=shown(petition.decision_note),
        outcome=shown(petition.outcome),
        in_full=access.reads_in_full(user, petition),
    )


def attachments(user: Any, petition: Petition) -> list[Attachment]:
    """A denunciation's attachments (the letter in the denouncer's hand) follow the identity's protection."""
    if not can_see_identity(user, petition):
        return []
    return list(Attachment.objects.filter(object_type=audit.object_type_of(petition), object_id=petition.pk))


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


# --- forwarding and its loops -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    on: date
    source: str
    target: str
    petition: str
    order: tuple[int, int] = (0, 0)  # (petition id, 0 arriving / 1 sent on): same-day hops in sequence


OFFICE = "Văn phòng Chủ tịch nước"


def forwarding_chain(petition: Petition) -> list[Hop]:
    """How the matter travelled between agencies, oldest first: each petition of the matter that an agency
    forwarded to the Office, and each one the Office forwarded on."""
    petitions = (
        Petition.objects.filter(matter_id=petition.matter_id)
        if petition.matter_id
        else Petition.objects.filter(pk=petition.pk)
    )
    hops = [
        Hop(p.received_on, str(p.sent_by_agency), OFFICE, p.registry_number, (p.pk, 0))
        for p in petitions.filter(sent_by_agency__isnull=False).select_related("sent_by_agency")
    ]
    hops += [
        Hop(f.sent_on, OFFICE, str(f.agency), f.petition.registry_number, (f.petition_id, 1))
        for f in Forwarding.objects.filter(
            petition__in=petitions, letter=LetterKind.FORWARD, agency__isnull=False
        ).select_related("agency", "petition")
    ]
    return sorted(hops, key=lambda h: (h.on, h.order))


def forwarding_loop(hops: list[Hop], *, next_agency: Agency | None = None) -> list[str] | None:
    """The loop in a matter's path, as the names along it, or None: the matter came back to the Office from
    an agency it had been forwarded to or had come from (A → Office → B → Office → A), including the hop the
    clerk is about to make (`next_agency`)."""
    path: list[str] = []
    for hop in hops:
        if not path or path[-1] != hop.source:
            path.append(hop.source)
        path.append(hop.target)
    if next_agency is not None:
        if not path:
            path.append(OFFICE)
        path.append(next_agency.name)
    agencies = [name for name in path if name != OFFICE]
    seen: dict[str, int] = {}
    for index, name in enumerate(agencies):
        if name in seen:
            start = path.index(name)
            end = len(path) - 1 - path[::-1].index(name)
            return path[start : end + 1]
        seen[name] = index
    return None


def accused_body_warnings(petition: Petition, *, agency: Agency | None = None) -> list[str]:
    """Warnings when a denunciation goes, or is about to go, to the body of the person denounced
    (`Petition.accused_agency`): the competent agency chosen (or `agency`, the one the clerk is about to
    pick) while it is being decided, and every forwarding already sent there. A warning, not a refusal:
    the body may still be the competent one for a matter of its own staff, and the clerk decides; what it
    receives is the copy with the denouncer's identity removed (letters.render_enclosure_pdf)."""
    from django.utils.translation import gettext as _

    accused = petition.accused_agency
    if accused is None:
        return []
    warnings = []
    target = agency or petition.competent_agency
    if petition.state == "received" and target is not None and target.pk == accused.pk:
        warnings.append(
            _(
                "%(agency)s is the body of the person denounced: forwarding the denunciation there may "
                "expose the denouncer. Check the competent agency."
            )
            % {"agency": accused.name}
        )
    if petition.forwardings.filter(letter=LetterKind.FORWARD, agency=accused).exists():
        warnings.append(
            _("This denunciation was forwarded to %(agency)s, the body of the person denounced.")
            % {"agency": accused.name}
        )
    return warnings


# --- clocks -------------------------------------------------------------------------------------------------


def running_clocks(petition: Petition) -> list[LegalClock]:
    return list(
        LegalClock.objects.filter(object_type=audit.object_type_of(petition), object_id=petition.pk)
        .prefetch_related("pauses", "extensions")
        .order_by("started_on", "id")
    )


def letters_of(petition: Petition) -> list[Forwarding]:
    return list(petition.forwardings.select_related("agency").order_by("sent_on", "id"))


def today() -> date:
    return timezone.localdate()


def standing_signer() -> str:
    """The name printed under the petitions letters' standing delegation block (letters.SIGNATURE_BLOCK;
    Phụ lục I: the signer's full name under the signature): the head of the department the petitions unit
    belongs to (Vụ Tư pháp), or of the petitions unit itself when it has no department above it; the head
    before a deputy. "" when none is recorded."""
    from django.conf import settings

    from chancery.core.models import RoleCode, Unit, UnitKind, User

    unit = Unit.objects.filter(code=settings.CHANCERY_PETITIONS_UNIT).select_related("parent").first()
    if unit is None:
        return ""
    department = unit.parent if unit.parent and unit.parent.kind == UnitKind.DEPARTMENT else unit
    heads = User.objects.filter(is_active=True, unit=department, roles__code=RoleCode.HEAD_OF_UNIT).distinct()
    ranked = sorted(heads, key=lambda head: (head.position.casefold().startswith("phó"), head.full_name))
    return ranked[0].full_name if ranked else ""
