"""Read queries of the documents module: every one filtered by the access policy first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from chancery.casework.models import LegalClock
from chancery.casework.services import read
from chancery.core import access, audit
from chancery.core.models import Assignment, AssignmentKind, Attachment, RoleCode, Unit, User
from chancery.core.text import fold
from chancery.documents.models import (
    ApprovalStep,
    DocumentNumber,
    HandlingNote,
    IncomingDocument,
    OutgoingDocument,
    SignatureVerification,
)


def visible_incoming(user: Any) -> QuerySet[IncomingDocument]:
    return access.visible_records(user, IncomingDocument.objects.all())


def visible_outgoing(user: Any) -> QuerySet[OutgoingDocument]:
    return access.visible_records(user, OutgoingDocument.objects.all())


def routed_to_me(user: Any) -> QuerySet[IncomingDocument]:
    """Văn bản giao cho đơn vị tôi: the routed documents (not closed) whose lead or cooperating unit is the
    person's unit, or that name the person, and whose part that unit has not marked done; only among the
    documents the access policy already lets the person see (a secret one routed to the unit stays with its
    cleared heads). `is_lead` tells the lead unit's work from a cooperating unit's."""
    viewer = access.viewer_for(user)
    routed = access.assignments_of(IncomingDocument).filter(
        kind__in=[AssignmentKind.LEAD, AssignmentKind.COOPERATE]
    )
    mine = Q(user_id=viewer.user_id or 0)
    if viewer.unit_id is not None:
        mine |= Q(unit_id=viewer.unit_id)
    done = HandlingNote.objects.filter(document=OuterRef("pk"), unit_id=viewer.unit_id or 0, is_done=True)
    return (
        visible_incoming(user)
        .filter(state="routed")
        .filter(Exists(routed.filter(mine)))
        .exclude(Exists(done))
        .annotate(is_lead=Exists(routed.filter(mine, kind=AssignmentKind.LEAD)))
        .order_by("due_on", "-urgency", "received_on", "id")
    )


def get_incoming(user: Any, pk: int) -> IncomingDocument:
    """The document if this person may see it; a 404 otherwise (a secret's existence is not confirmed)."""
    return get_object_or_404(
        visible_incoming(user).select_related("sender", "owning_unit", "routed_by", "answer", "received_by"),
        pk=pk,
    )


def get_outgoing(user: Any, pk: int) -> OutgoingDocument:
    return get_object_or_404(
        visible_outgoing(user).select_related("owning_unit", "drafted_by", "signer", "in_reply_to"), pk=pk
    )


def routing_of(document: IncomingDocument) -> list[tuple[str, Unit, Any]]:
    """The units the document is routed to, lead first: (kind, unit, due date)."""
    assignments = (
        Assignment.objects.filter(
            object_type=audit.object_type_of(document),
            object_id=document.pk,
            is_active=True,
            unit__isnull=False,
            kind__in=[AssignmentKind.LEAD, AssignmentKind.COOPERATE],
        )
        .select_related("unit")
        .order_by("kind", "unit__sort_order")
    )
    ordered = sorted(assignments, key=lambda a: a.kind != AssignmentKind.LEAD)
    return [(a.kind, a.unit, a.due_date) for a in ordered if a.unit is not None]


def handling_of(document: IncomingDocument) -> list[HandlingNote]:
    return list(document.handling.select_related("unit", "author"))


def clocks_of(record: Any) -> list[tuple[LegalClock, Any]]:
    clocks = LegalClock.objects.filter(
        object_type=audit.object_type_of(record), object_id=record.pk
    ).order_by("started_on", "id")
    return [(clock, read(clock)) for clock in clocks]


def attachments_of(record: Any) -> list[Attachment]:
    return list(Attachment.objects.filter(object_type=audit.object_type_of(record), object_id=record.pk))


def signatures_of(record: Any) -> list[SignatureVerification]:
    return list(
        SignatureVerification.objects.filter(object_type=audit.object_type_of(record), object_id=record.pk)
    )


def circuit_of(document: OutgoingDocument) -> list[ApprovalStep]:
    return list(document.approval_steps.select_related("reviewer", "version").order_by("-round", "position"))


def numbers_of(document: OutgoingDocument) -> list[DocumentNumber]:
    return list(document.numbers.order_by("taken_at"))


def answers_for(user: Any, document: IncomingDocument) -> QuerySet[OutgoingDocument]:
    """The issued documents this person may see that reply to the document (for closing it)."""
    return visible_outgoing(user).filter(in_reply_to=document, state="issued")


def _linked(model: type[Any], records: tuple[Any, ...]) -> Q:
    """The documents of `model` linked to any of `records` (core.links), as a filter."""
    from chancery.core.models import RecordLink

    kind_of_document = audit.object_type_of(model)
    linked = Q(pk__in=[])
    for record in records:
        if record is None:
            continue
        kind = audit.object_type_of(record)
        links = RecordLink.objects.filter(
            Q(from_type=kind, from_id=record.pk, to_type=kind_of_document)
            | Q(to_type=kind, to_id=record.pk, from_type=kind_of_document)
        )
        ids = {
            other if (first_type, first) == (kind, record.pk) else first
            for first_type, first, other in links.values_list("from_type", "from_id", "to_id")
        }
        linked |= Q(pk__in=ids)
    return linked


def government_submission(*records: Any) -> IncomingDocument | None:
    """The Government's Tờ trình to the President on which a decision on these records rests (an amnesty:
    "Xét đề nghị của Thủ tướng Chính phủ tại Tờ trình số …/TTr-CP"): an incoming Tờ trình whose sender is
    the Government, linked to one of them (core.links), the latest; None when there is none."""
    found = IncomingDocument.objects.filter(_linked(IncomingDocument, records), doc_type="to_trinh").order_by(
        "-issued_on", "-pk"
    )
    return next((d for d in found[:20] if "chinh phu" in fold(d.sender_name)), None)


def office_submission(*records: Any) -> OutgoingDocument | None:
    """The Office's Tờ trình to the President on which a decision on these records rests: an issued Tờ trình
    in the Office's name linked to one of them (core.links: to the honours batch, or to the proposing body's
    submission it presents), the latest; None when there is none."""
    from chancery.documents import rules

    return (
        OutgoingDocument.objects.filter(
            _linked(OutgoingDocument, records),
            doc_type="to_trinh",
            issuer=rules.Issuer.OFFICE,
            state="issued",
            issued_on__isnull=False,
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


def register_lines(user: Any, series: str, year: int) -> QuerySet[DocumentNumber]:
    """The lines of an outgoing register for a year, each number once, cancelled ones included; the lines of
    documents this person may not see are left out."""
    documents = visible_outgoing(user).values("pk")
    return (
        DocumentNumber.objects.filter(series=series, year=year, document__in=documents)
        .select_related("document", "document__owning_unit")
        .order_by("number")
    )


def _leaders(chosen: Callable[[str], bool]) -> QuerySet[User]:
    """The active members of the leadership whose position `chosen` accepts, by name."""
    leaders = User.objects.filter(is_active=True, roles__code=RoleCode.LEADERSHIP).distinct()
    picked = [pk for pk, position in leaders.values_list("pk", "position") if chosen(position or "")]
    return User.objects.filter(pk__in=picked).order_by("full_name")


def office_head() -> User | None:
    """The Head of the Office (Chủ nhiệm), who signs the Office's reports: the leader whose position says so
    (not a deputy, "Phó Chủ nhiệm"); None when the staff list records none."""
    return next((u for u in office_signers() if (u.position or "").casefold().startswith("chủ nhiệm")), None)


def president_signers(*, deputy: bool) -> QuerySet[User]:
    """Who signs in the President's name (rules.signs_for_president): the President, and with `deputy` the
    Vice President."""
    from chancery.documents import rules

    return _leaders(lambda position: rules.signs_for_president(position, deputy=deputy))


def office_signers() -> QuerySet[User]:
    """The Office's leaders, who sign its own letters (not those who sign for the President)."""
    from chancery.documents import rules

    return _leaders(lambda position: not rules.signs_for_president(position))
