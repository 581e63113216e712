"""Reading petitions: always through the access policy, and through the denouncer's protection.

Luật Tố cáo 2018, Art. 47–48: the denouncer's name, address, handwriting and other identifying information are
kept confidential. In Chancery a denunciation's petitioners (and its attachments, which carry the handwriting)
are shown only to the officer who registered it and to the officers assigned to handle it by name; everyone
else, whatever the role (leadership and heads of unit included), and every outlet (lists, search, exports,
the API, notifications, the audit trail) sees `MASK`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from chancery.casework.models import LegalClock
from chancery.core import access, audit
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


def with_identity_flag(queryset: QuerySet[Petition], user: Any) -> QuerySet[Petition]:
    """Annotate `identity_visible`: whether this person may read each petition's petitioners."""
    viewer = access.viewer_for(user)
    protected = Q(kind=PetitionKind.DENUNCIATION) & ~Q(received_by_id=viewer.user_id or 0)
    visible = ~protected | Q(Exists(_handled_by(viewer.user_id)))
    return queryset.annotate(identity_visible=ExpressionWrapper(visible, output_field=BooleanField()))


def can_see_identity(user: Any, petition: Petition) -> bool:
    """Whether this person may read the petition's petitioners (the record itself must be visible)."""
    if not access.can_view(user, petition):
        return False
    if petition.kind != PetitionKind.DENUNCIATION:
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
                )
            )
        else:
            people.append(PersonView(MASK, MASK, MASK, MASK, MASK, MASK, person.is_representative, ""))
    return people


def petitioner_name(user: Any, petition: Petition) -> str:
    return petition.petitioner_name if identity_of(petition, user) else MASK


def attachments(user: Any, petition: Petition) -> list[Attachment]:
    """A denunciation's attachments (the letter in the denouncer's hand) follow the identity's protection."""
    if not can_see_identity(user, petition):
        return []
    return list(Attachment.objects.filter(object_type=audit.object_type_of(petition), object_id=petition.pk))


# --- duplicates ---------------------------------------------------------------------------------------------

PER_KEY = 300  # petitions read per key: a key shared by very many petitions says little about any of them
CANDIDATES = 20  # content candidates compared exactly, the best evidence first
PERSON_CANDIDATES = 25  # petitions of the same petitioner compared exactly (a common name in a province)
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


def candidate_ids(bands: list[int], people: list[int], *, exclude: int | None) -> set[int]:
    """The petitions worth comparing exactly. Content: those sharing at least two bands, the ones sharing
    rare bands first: a band held by fewer than PER_KEY petitions is evidence, one held by thousands
    (the common wording of many letters) is read only around the petition (or its newest) and ranks after;
    among equals, the nearest in time first. Person: every petition of the same petitioner's keys, those also
    sharing bands first."""
    keys = [*bands, *people]
    if not keys:
        return set()
    postings, whole = _key_postings(keys, exclude=exclude)
    band_hits: dict[int, int] = {}
    rare_hits: dict[int, int] = {}
    person_ids: set[int] = set()
    for position, petition in postings:
        if position < len(bands):
            band_hits[petition] = band_hits.get(petition, 0) + 1
            if position in whole:
                rare_hits[petition] = rare_hits.get(petition, 0) + 1
        else:
            person_ids.add(petition)

    anchor = exclude or 1 << 62

    def evidence(petition: int) -> tuple[int, int, int]:
        return (rare_hits.get(petition, 0), band_hits.get(petition, 0), -abs(anchor - petition))

    content = sorted((p for p, n in band_hits.items() if n >= MIN_SHARED_BANDS), key=evidence, reverse=True)
    same_person = sorted(person_ids, key=evidence, reverse=True)
    return set(content[:CANDIDATES]) | set(same_person[:PERSON_CANDIDATES])


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


def find_matches(
    *, text: str, people: list[int], exclude: int | None = None, among: QuerySet[Petition] | None = None
) -> list[matching.Match]:
    """The petitions on file that are the same matter as this text and these person keys (most alike
    first): candidates by shared keys (`candidate_ids`), then the exact similarity
    (chancery.petitions.matching)."""
    query = matching.grams(text)
    bands = matching.band_keys(matching.shingles(text))
    ids = candidate_ids(bands, people, exclude=exclude)
    if not ids:
        return []
    rows = (among if among is not None else Petition.objects.all()).filter(pk__in=ids)
    texts = {
        pk: f"{summary} {content}" for pk, summary, content in rows.values_list("pk", "summary", "content")
    }
    person_keys: dict[int, list[int]] = {}
    for pk, key in MatchKey.objects.filter(petition_id__in=texts, is_person=True).values_list(
        "petition_id", "key"
    ):
        person_keys.setdefault(pk, []).append(key)
    return matching.rank(
        query, people, [(pk, matching.grams(t), person_keys.get(pk, [])) for pk, t in texts.items()]
    )


@dataclass(frozen=True)
class DuplicateView:
    petition: Petition
    similarity: float
    same_petitioner: bool
    petitioner: str
    verdict: str


def duplicates_of(user: Any, petition: Petition, *, limit: int = 10) -> list[DuplicateView]:
    """The petitions the clerk should see beside this one: found by the check and not ruled out, plus those
    already linked; only petitions this person may see, names masked as the protection requires."""
    people = lookup_keys_of(petition.pk)
    visible = with_identity_flag(visible_petitions(user), user)
    found = find_matches(
        text=f"{petition.summary} {petition.content}", people=people, exclude=petition.pk, among=visible
    )
    decided = dict(DuplicateDecision.objects.filter(petition=petition).values_list("other_id", "verdict"))
    shown = [m for m in found if decided.get(m.petition_id) != LinkVerdict.NOT_DUPLICATE][:limit]
    records = {
        p.pk: p
        for p in visible.filter(pk__in=[m.petition_id for m in shown]).select_related("competent_agency")
    }
    return [
        DuplicateView(
            records[m.petition_id],
            m.similarity,
            m.same_petitioner,
            petitioner_name(user, records[m.petition_id]),
            decided.get(m.petition_id, ""),
        )
        for m in shown
        if m.petition_id in records
    ]


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
