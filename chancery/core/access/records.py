"""Records: which a person sees, changes and assigns (rules 1-7 of the policy), and how a protected
record's free text reads to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from chancery.core.access.viewer import Viewer, viewer_for
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    ProtectedRecord,
    SecrecyLevel,
)

R = TypeVar("R", bound=Model)


# --- records ------------------------------------------------------------------------------------------


def assignments_of(model: type[Model], *, consulted: bool = True) -> QuerySet[Assignment]:
    """The active assignments of the outer query's record (`OuterRef("pk")`), for filters over a model;
    without `consulted`, only those that make the record a person's or a unit's work (a unit asked for its
    opinion answers the question, it does not handle the record)."""
    assignments = Assignment.objects.filter(
        object_type=model._meta.label_lower, object_id=OuterRef("pk"), is_active=True
    )
    return assignments if consulted else assignments.exclude(kind=AssignmentKind.CONSULT)


def _allowed(viewer: Viewer, assignments: QuerySet[Assignment]) -> Any:
    """Rules 3–6 as a filter: assigned by name, in a headed unit line, or in the person's own unit."""
    allowed: Any = Exists(assignments.filter(user_id=viewer.user_id or 0))
    if viewer.headed_unit_ids:
        allowed |= Q(owning_unit_id__in=viewer.headed_unit_ids)
    if viewer.unit_id is not None:
        allowed |= Q(secrecy=SecrecyLevel.NONE) & (
            Q(owning_unit_id=viewer.unit_id) | Exists(assignments.filter(unit_id=viewer.unit_id))
        )
    return allowed


def visible_records(user: Any, queryset: QuerySet[R]) -> QuerySet[R]:
    """The records of `queryset` the user may see (rules 1–7 of this module)."""
    viewer = viewer_for(user)
    if not viewer.is_active:
        return queryset.none()
    within_clearance = Q(secrecy__lte=viewer.clearance)
    if viewer.is_leadership:
        return queryset.filter(within_clearance)
    return queryset.filter(within_clearance & _allowed(viewer, assignments_of(queryset.model)))


def within_clearance(user: Any, queryset: QuerySet[R]) -> QuerySet[R]:
    """Records of every unit, none above the person's clearance (rule 2 alone): what an office-wide report
    lists for whoever may read the report (the key tasks ahead of every unit). Without a person (the command
    line), unclassified records only."""
    clearance = viewer_for(user).clearance if user is not None else SecrecyLevel.NONE
    return queryset.filter(secrecy__lte=clearance)


def visible_search_entries(user: Any, queryset: QuerySet[R]) -> QuerySet[R]:
    """Search entries (chancery.search) by the same rules as the records they stand for; entries of the
    directory (`everyone`) are seen by every active member of staff."""
    viewer = viewer_for(user)
    if not viewer.is_active:
        return queryset.none()
    within_clearance = Q(everyone=False, secrecy__lte=viewer.clearance)
    if viewer.is_leadership:
        return queryset.filter(Q(everyone=True) | within_clearance)
    assignments = Assignment.objects.filter(
        object_type=OuterRef("object_type"), object_id=OuterRef("object_id"), is_active=True
    )
    return queryset.filter(Q(everyone=True) | (within_clearance & _allowed(viewer, assignments)))


def visible_assignments(user: Any, queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments the user may list (the administration site): those of the records the user may see
    (`visible_records`), and for an administrator also those of records that are not secret, which tell who
    works on what (oversight of the organisation, as in the audit trail). Who is assigned a secret record, and
    when, is itself known only to those who may see the record: the administrator role never shows it. An
    assignment of no known kind of record is shown to nobody."""
    from django.apps import apps

    viewer = viewer_for(user)
    if not viewer.is_active:
        return queryset.none()
    shown: Any = Q(pk__in=[])
    for model in apps.get_models():
        if not issubclass(model, ProtectedRecord):
            continue
        records = model._default_manager.filter(pk=OuterRef("object_id"))
        seen: Any = Exists(visible_records(user, records))
        if viewer.is_administrator:
            seen |= Exists(records.filter(secrecy=SecrecyLevel.NONE))
        shown |= Q(object_type=model._meta.label_lower) & seen
    return queryset.filter(shown)


def _active_assignments(
    record: ProtectedRecord, *, consulted: bool = True
) -> list[tuple[int | None, int | None]]:
    """(user, unit) of the record's active assignments; without `consulted`, leaving out those that only ask
    for an opinion (they give the record to read, not to change)."""
    assignments = Assignment.objects.filter(
        object_type=record._meta.label_lower, object_id=record.pk, is_active=True
    )
    if not consulted:
        assignments = assignments.exclude(kind=AssignmentKind.CONSULT)
    return list(assignments.values_list("user_id", "unit_id"))


def can_view(user: Any, record: ProtectedRecord) -> bool:
    """Whether the user may see this record (the one-record form of `visible_records`)."""
    return _sees(viewer_for(user), record, _active_assignments(record))


def _sees(viewer: Viewer, record: ProtectedRecord, assignments: list[tuple[int | None, int | None]]) -> bool:
    if not viewer.is_active or record.secrecy > viewer.clearance:
        return False
    if viewer.is_leadership or record.owning_unit_id in viewer.headed_unit_ids:
        return True
    if any(user_id == viewer.user_id for user_id, _ in assignments):
        return True
    if record.secrecy != SecrecyLevel.NONE or viewer.unit_id is None:
        return False
    return record.owning_unit_id == viewer.unit_id or any(
        unit_id == viewer.unit_id for _, unit_id in assignments
    )


def can_change(user: Any, record: ProtectedRecord) -> bool:
    """Whether the user may change this record: they see it other than as a unit (or head) only asked for
    its opinion (AssignmentKind.CONSULT: they read it and answer, no more), with a working role or by name."""
    viewer = viewer_for(user)
    assignments = _active_assignments(record, consulted=False)
    if not _sees(viewer, record, assignments):
        return False
    if viewer.has_working_role:
        return True
    return any(user_id == viewer.user_id for user_id, _ in assignments)


def can_assign(user: Any, record: ProtectedRecord) -> bool:
    viewer = viewer_for(user)
    return can_view(user, record) and (
        viewer.is_leadership or record.owning_unit_id in viewer.headed_unit_ids
    )


# --- free text of protected records -------------------------------------------------------------------------


def redacted_text(user: Any, record: Any, text: str) -> str:
    """A record's free text as this person may read it: as written for those its module says handle it, with
    the protected person's identity removed for everyone else (chancery.core.redaction). `user=None` is an
    outlet with no reader (the search index, a letter leaving the Office, the audit trail): always redacted
    when the record is protected. Every outlet calls this; none redacts on its own."""
    from chancery.core import redaction

    return redaction.text_for(user, record, text)


def text_redactor(user: Any, record: Any) -> Callable[[str], str]:
    """`redacted_text` for several texts of one record (the identity on file is read once)."""
    from chancery.core import redaction

    return redaction.redactor(user, record)


def reads_in_full(user: Any, record: Any) -> bool:
    """Whether this person reads the record's free text as written (see `redacted_text`)."""
    from chancery.core import redaction

    return redaction.may_read_in_full(user, record)
