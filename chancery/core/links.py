"""Links between records of different modules: a document that is the source of a petition, an honours batch,
a law to promulgate or a key task, and the records that answer it. Each module registers the kinds of record
it offers (how a clerk names one: a petition by its registry number, a document by its number) and every
record's page shows its links, each one only to those who may see the linked record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core.models import AuditAction, ProtectedRecord, RecordLink
from chancery.core.text import nfc


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str | Promise
    model: type[models.Model]
    # The record a person names by the text they type (a number), among those they may see; None if none.
    find: Callable[[Any, str], Any]
    title: Callable[[Any], str]

    @property
    def object_type(self) -> str:
        return audit.object_type_of(self.model)


KINDS: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    KINDS[kind.key] = kind


def kind_of(record: models.Model) -> LinkKind | None:
    object_type = audit.object_type_of(record)
    return next((k for k in KINDS.values() if k.object_type == object_type), None)


def choices() -> list[tuple[str, str]]:
    return [(k.key, str(k.label)) for k in KINDS.values()]


def named(record: models.Model) -> str:
    """A linked record as a line of history names it: its kind and its own name, which never carries a
    secret document's summary (their __str__), with a protected record's identities redacted as in every
    outlet ("Văn bản đến: Văn bản đến số 12/2026"), never "documents.incomingdocument#12"."""
    kind = kind_of(record)
    shown = access.text_redactor(None, record)(str(record))
    return f"{kind.label}: {shown}" if kind is not None else shown


def _can_see(user: Any, record: models.Model) -> bool:
    return access.can_view(user, record) if isinstance(record, ProtectedRecord) else True


@transaction.atomic
def link(*, actor: Any, record: models.Model, kind: str, text: str, note: str = "") -> RecordLink:
    """Link a record to another the person names (a kind and its number); both must be visible to them, and
    they must be allowed to change the first."""
    if isinstance(record, ProtectedRecord) and not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    declared = KINDS.get(kind)
    if declared is None:
        raise ValidationError({"kind": _("Choose the kind of record to link.")})
    other = declared.find(actor, nfc(text).strip()) if nfc(text).strip() else None
    if other is None or not _can_see(actor, other):
        raise ValidationError(
            {
                "text": _("No %(kind)s numbered “%(text)s” that you may see.")
                % {"kind": declared.label, "text": text}
            }
        )
    this_type, other_type = audit.object_type_of(record), audit.object_type_of(other)
    if (this_type, record.pk) == (other_type, other.pk):
        raise ValidationError({"text": _("A record is not linked to itself.")})
    exists = RecordLink.objects.filter(
        Q(from_type=this_type, from_id=record.pk, to_type=other_type, to_id=other.pk)
        | Q(from_type=other_type, from_id=other.pk, to_type=this_type, to_id=record.pk)
    ).exists()
    if exists:
        raise ValidationError({"text": _("These records are already linked.")})
    try:
        with transaction.atomic():
            made = RecordLink.objects.create(
                from_type=this_type,
                from_id=record.pk,
                to_type=other_type,
                to_id=other.pk,
                note=nfc(note)[:300],
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        raise ValidationError({"text": _("These records are already linked.")}) from error
    for subject, target in ((record, other), (other, record)):
        audit.record(
            action=AuditAction.UPDATE,
            actor=actor,
            subject=subject,
            changes={"linked": {"before": None, "after": named(target)}},
        )
    return made


def link_records(*, actor: Any, record: models.Model, other: models.Model, note: str = "") -> RecordLink:
    """Link two records a service already holds (a petition registered from a document)."""
    made, _created = RecordLink.objects.get_or_create(
        from_type=audit.object_type_of(record),
        from_id=record.pk,
        to_type=audit.object_type_of(other),
        to_id=other.pk,
        defaults={
            "note": nfc(note)[:300],
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    return made


@transaction.atomic
def unlink(*, actor: Any, record: models.Model, link_id: int) -> None:
    if isinstance(record, ProtectedRecord) and not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))
    object_type = audit.object_type_of(record)
    found = RecordLink.objects.filter(
        Q(from_type=object_type, from_id=record.pk) | Q(to_type=object_type, to_id=record.pk), pk=link_id
    ).first()
    if found is None:
        raise ValidationError(_("There is no such link."))
    found.delete()
    other_type, other_id = (
        (found.to_type, found.to_id)
        if (found.from_type, found.from_id) == (object_type, record.pk)
        else (found.from_type, found.from_id)
    )
    declared = next((k for k in KINDS.values() if k.object_type == other_type), None)
    other = declared.model._default_manager.filter(pk=other_id).first() if declared else None
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        changes={"linked": {"before": named(other) if other is not None else "—", "after": None}},
    )


@dataclass(frozen=True)
class Related:
    link_id: int
    kind: str
    title: str
    url: str
    state: str
    note: str


def related(user: Any, record: models.Model) -> list[Related]:
    """The records linked to this one that the person may see (the others are not mentioned at all)."""
    object_type = audit.object_type_of(record)
    links = RecordLink.objects.filter(
        Q(from_type=object_type, from_id=record.pk) | Q(to_type=object_type, to_id=record.pk)
    ).order_by("created_at", "id")
    wanted: dict[str, dict[int, RecordLink]] = {}
    for found in links:
        other_type, other_id = (
            (found.to_type, found.to_id)
            if (found.from_type, found.from_id) == (object_type, record.pk)
            else (found.from_type, found.from_id)
        )
        wanted.setdefault(other_type, {})[other_id] = found
    shown: list[Related] = []
    for other_type, by_id in wanted.items():
        declared = next((k for k in KINDS.values() if k.object_type == other_type), None)
        if declared is None:
            continue
        records = declared.model._default_manager.filter(pk__in=list(by_id))
        if issubclass(declared.model, ProtectedRecord):
            records = access.visible_records(user, records)
        for other in records:
            found = by_id[other.pk]
            shown.append(
                Related(
                    link_id=found.pk,
                    kind=str(declared.label),
                    title=declared.title(other),
                    url=audit.subject_url(other_type, other.pk) or "",
                    state=str(getattr(other, "state_label", "")),
                    note=found.note,
                )
            )
    return shown
