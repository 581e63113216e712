"""Petitions as the access policy shows them, and the denouncer's identity: who reads it, what everyone else
reads instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Sum

from chancery.core import access, audit, redaction
from chancery.core.models import Assignment, Attachment
from chancery.petitions.models import (
    Petition,
    Petitioner,
    PetitionKind,
    ReceptionSession,
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
    # NULL-safe: a petition received online has no receiver, and NOT (NULL = x) is NULL, which made the flag
    # unknown and every such row ask again, one query each (helper-43's case-list bench)
    protected = PROTECTED & (Q(received_by_id__isnull=True) | ~Q(received_by_id=viewer.user_id or 0))
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


def reception_sessions(limit: int = 100) -> list[ReceptionSession]:
    """The reception book's sessions, the newest first, each with its visits and people counted (the caller
    has checked the person may read the book: `services.can_see_reception`)."""
    return list(
        ReceptionSession.objects.annotate(visits_count=Count("visits"), people_count=Sum("visits__people"))
        # the newest first: Meta.ordering is not applied to an aggregate query
        .order_by("-held_on", "-id")[:limit]
    )
