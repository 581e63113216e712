"""The access policy: the one place that decides what a member of staff may see and do with a record.

Every selector, API queryset and view asks this module; nothing else filters by role, unit or secrecy.
Each rule has two forms that must agree, a queryset filter (for lists) and a check on one record (for pages
and services); tests/test_access.py proves they agree for every combination.

Records (any model inheriting `ProtectedRecord`):

1. An inactive account sees nothing.
2. A record above the person's clearance is never visible, whatever the role or assignment (Luật Bảo vệ bí
   mật nhà nước 117/2025/QH15: a state secret is known only to those allowed for their duties; "lộ bí mật
   nhà nước" is any person without that responsibility coming to know it).
3. A person assigned to the record (active assignment) sees it.
4. Office leadership sees every record within its clearance.
5. A head of unit sees the records owned by the unit and by the units below it.
6. A record that is not secret is also seen by everyone in its owning unit and, when it is assigned to a unit,
   by everyone in that unit. A secret record (Mật and above) is not: need to know, not membership.
7. The administrator role manages the organisation and accounts; it gives no sight of records, nor of the
   audit events of secret ones.

Accounts (the four-eyes rule): nobody changes their own roles, clearance or unit; granting the office
leadership role, or any clearance (Mật and above), is proposed by an administrator and takes effect only
when a member of the leadership holding that clearance, neither the proposer nor the person concerned,
confirms it. An account that has that access is protected: resetting its password or its second factor, and
any change of its roles, clearance, unit, active status or e-mail address (lowering included), takes the
same proposal and confirmation; one administrator alone could otherwise log in as the person, or strip the
office of the leaders who confirm. So the administrator role never gets sight of a secret record, by any
chain of steps one administrator takes alone. No proposal may leave the office without an active member of
the leadership holding the highest clearance the leadership holds.

Changing a record needs sight of it and either a personal assignment or a working role (clerk, specialist,
head of unit, leadership); assigning it needs head of the owning unit's line, or leadership.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Exists, Max, Model, OuterRef, Q, QuerySet

from chancery.core.models import (
    AccessProposal,
    Assignment,
    AssignmentKind,
    AuditEvent,
    ProtectedRecord,
    RoleCode,
    SecrecyLevel,
    Unit,
    User,
)

R = TypeVar("R", bound=Model)

WORKING_ROLES = frozenset({RoleCode.CLERK, RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP})


@dataclass(frozen=True)
class Viewer:
    """The facts about a person that the policy needs, read once per request."""

    user_id: int | None
    is_active: bool
    unit_id: int | None
    roles: frozenset[str]
    clearance: int
    # The person's unit and every unit below it, when the person heads a unit; else empty.
    headed_unit_ids: frozenset[int]

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_leadership(self) -> bool:
        return RoleCode.LEADERSHIP in self.roles

    @property
    def is_administrator(self) -> bool:
        return RoleCode.ADMINISTRATOR in self.roles

    @property
    def has_working_role(self) -> bool:
        return bool(self.roles & WORKING_ROLES)


NOBODY = Viewer(None, False, None, frozenset(), SecrecyLevel.NONE, frozenset())


def units_below(unit_id: int) -> frozenset[int]:
    """The unit and every unit under it in the tree (the office has tens of units: one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found = {unit_id}
    stack = [unit_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return frozenset(found)


def viewer_for(user: Any) -> Viewer:
    """The policy's view of a user; cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = user.__dict__.get("_chancery_viewer")
    if cached is not None:
        return cached
    roles = user.role_codes
    headed = (
        units_below(user.unit_id)
        if RoleCode.HEAD_OF_UNIT in roles and user.unit_id is not None
        else frozenset()
    )
    viewer = Viewer(
        user_id=user.pk,
        is_active=user.is_active,
        unit_id=user.unit_id,
        roles=roles,
        clearance=user.clearance,
        headed_unit_ids=headed,
    )
    user.__dict__["_chancery_viewer"] = viewer
    return viewer


def forget(user: Any) -> None:
    """Drop the cached facts after the user's roles, unit or clearance change."""
    user.__dict__.pop("_chancery_viewer", None)
    user.__dict__.pop("_role_codes", None)


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


# --- organisation and people ----------------------------------------------------------------------------


def can_work(user: Any) -> bool:
    """A working role on an active account: who may open a module's cases (a batch, a campaign, a law)."""
    viewer = viewer_for(user)
    return viewer.is_active and viewer.has_working_role


def can_register_for_unit(user: Any) -> bool:
    """A working role and a unit: who may open a record that then belongs to their unit (a law registered
    when passed, a treaty, a foreign-affairs event)."""
    return can_work(user) and getattr(user, "unit_id", None) is not None


def works_in(user: Any, codes: Iterable[str]) -> bool:
    """A working role in one of these units (by code) or a unit under one of them, or the head of a unit above
    one of them (the head of Vụ Tư pháp over Phòng Đặc xá): who may open the cases of a module that belongs
    to named units (a batch of honours, an amnesty campaign). A sibling unit under the same department
    (Phòng Tiếp công dân beside Phòng Đặc xá) is not one of them."""
    viewer = viewer_for(user)
    if not (viewer.is_active and viewer.has_working_role) or viewer.unit_id is None:
        return False
    roots = Unit.objects.filter(code__in=list(codes)).values_list("pk", flat=True)
    return any(viewer.unit_id in units_below(root) or root in viewer.headed_unit_ids for root in roots)


def unit_names(codes: Iterable[str]) -> str:
    """The names of these units, to tell a person whom a refused step belongs to."""
    return ", ".join(
        Unit.objects.filter(code__in=list(codes)).order_by("name").values_list("name", flat=True)
    )


def unit_of(actor: Any) -> Unit:
    """The unit that owns what the person opens; an account outside every unit may open nothing."""
    from django.core.exceptions import PermissionDenied

    unit = getattr(actor, "unit", None)
    if unit is None:
        raise PermissionDenied("Tài khoản chưa thuộc đơn vị nào.")
    return unit


def can_manage_organisation(user: Any) -> bool:
    """Units, accounts, roles and clearances are managed by administrators only."""
    viewer = viewer_for(user)
    return viewer.is_active and viewer.is_administrator


def can_view_staff_details(user: Any, staff: User) -> bool:
    """Clearance, roles, contact details and a person's history: the person, administrators, leadership,
    and the head of the person's unit line. Everyone else sees the directory entry (name, unit, position)."""
    viewer = viewer_for(user)
    if not viewer.is_active:
        return False
    return (
        staff.pk == viewer.user_id
        or viewer.is_administrator
        or viewer.is_leadership
        or (staff.unit_id is not None and staff.unit_id in viewer.headed_unit_ids)
    )


def visible_staff(user: Any, queryset: QuerySet[User]) -> QuerySet[User]:
    """The staff directory: every active colleague, for any active member of staff."""
    viewer = viewer_for(user)
    if not viewer.is_active:
        return queryset.none()
    if viewer.is_administrator:
        return queryset
    return queryset.filter(is_active=True)


# --- the audit trail --------------------------------------------------------------------------------------


def visible_audit_events(user: Any, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Audit events the user may read in the audit trail.

    Leadership oversees the whole trail; administrators oversee the events of everything that is not secret
    (organisation, accounts, logins); a head of unit sees the events of records owned by the unit's line and
    of the people in it; everyone sees their own actions. Nobody sees events of records above their
    clearance. (A record's own page shows its whole history to whoever may see the record:
    `chancery.core.selectors.record_history`.)
    """
    viewer = viewer_for(user)
    if not viewer.is_active:
        return queryset.none()
    within_clearance = Q(secrecy__lte=viewer.clearance)
    if viewer.is_leadership:
        return queryset.filter(within_clearance)
    allowed = Q(actor_id=viewer.user_id)
    if viewer.is_administrator:
        # Oversight of the organisation, the accounts and the logins: events of records that are not secret.
        # The events of a secret record carry its title and its changes; the role alone never shows them.
        allowed |= Q(secrecy=SecrecyLevel.NONE)
    if viewer.headed_unit_ids:
        allowed |= Q(unit_id__in=viewer.headed_unit_ids)
    return queryset.filter(within_clearance & allowed)


def can_use_admin_site(user: Any) -> bool:
    return can_manage_organisation(user)


# --- accounts: the four-eyes rule ---------------------------------------------------------------------------

# The one threshold: from this clearance up (Mật, Tối mật, Tuyệt mật) granting it takes a second person, and
# an account holding it is protected; so is the leadership role, which sees every record within the person's
# clearance. Any clearance gives sight of secret records, so one administrator grants none of it.
FOUR_EYES_CLEARANCE = SecrecyLevel.CONFIDENTIAL

# What of a protected account changes only through a confirmed proposal (lowering included): who the person
# is to the policy (roles, clearance, unit), whether the account works, and where its notices go.
# the position too: who signs in the President's name is read from it (documents.rules.signs_for_president)
FOUR_EYES_FIELDS = ("roles", "clearance", "unit", "is_active", "email", "position")


def is_protected_access(roles: Iterable[str], clearance: int) -> bool:
    """The one definition of protected access: the office leadership role, or any clearance (Mật and above).
    One administrator may neither grant it nor take over or change an account that has it."""
    return RoleCode.LEADERSHIP in set(roles) or int(clearance) >= FOUR_EYES_CLEARANCE


def is_protected_account(staff: User) -> bool:
    """A protected account: resetting its password or its second factor would let one administrator log in
    as a person who sees state secrets, so it takes a second person, as granting that access does; so does
    any change of its FOUR_EYES_FIELDS."""
    return is_protected_access(staff.role_codes, staff.clearance)


def may_reset_alone(user: Any, staff: User) -> bool:
    """Whether this person may reset the other's password or second factor alone: an administrator, for an
    account that is not protected. (`None`, the system itself, is decided by the services.)"""
    return can_manage_organisation(user) and not is_protected_account(staff)


def grant_needs_second_person(
    *, roles_before: Iterable[str], clearance_before: int, roles_after: Iterable[str], clearance_after: int
) -> bool:
    """Whether a change of roles and clearance grants what one administrator may not grant alone: the office
    leadership role, the administrator role (an administrator making another alone would be two votes of
    one person), or a clearance (Mật and above) higher than the person holds now."""
    before, after = set(roles_before), set(roles_after)
    gains_power = bool({RoleCode.LEADERSHIP, RoleCode.ADMINISTRATOR} & (after - before))
    raises_clearance = is_protected_access((), clearance_after) and clearance_after > clearance_before
    return gains_power or raises_clearance


def change_needs_second_person(
    *,
    roles_before: Iterable[str],
    clearance_before: int,
    roles_after: Iterable[str],
    clearance_after: int,
    changed: Iterable[str],
) -> bool:
    """Whether a change of an account takes a proposal and its confirmation: a grant, or any change of the
    FOUR_EYES_FIELDS (`changed`: the names of the fields that change) of a protected account."""
    roles_before = set(roles_before)
    protected_now = is_protected_access(roles_before, clearance_before)
    return grant_needs_second_person(
        roles_before=roles_before,
        clearance_before=clearance_before,
        roles_after=roles_after,
        clearance_after=clearance_after,
    ) or (protected_now and bool(set(changed) & set(FOUR_EYES_FIELDS)))


def leaves_no_confirmer(
    staff: User, *, roles_after: Iterable[str], clearance_after: int, is_active_after: bool
) -> int | None:
    """Whether a change of this person's account would leave the office without an active member of the
    leadership holding the highest clearance an active member holds now: nobody could then confirm a grant
    or a reset at that level, nor restore it. Returns that clearance when it would (the reason to give),
    None when the change is safe."""
    leaders = User.objects.filter(
        is_active=True,
        pk__in=User.roles.through.objects.filter(role__code=RoleCode.LEADERSHIP).values("user_id"),
    )
    top = leaders.aggregate(top=Max("clearance"))["top"]
    if top is None or leaders.filter(clearance__gte=top).exclude(pk=staff.pk).exists():
        return None
    stays = is_active_after and RoleCode.LEADERSHIP in set(roles_after) and int(clearance_after) >= top
    return None if stays else int(top)


def can_propose_access(user: Any, staff: User) -> bool:
    """An administrator proposes a change for another person, never for themself (an inactive account's
    proposal reactivates it: checked by the service)."""
    return can_manage_organisation(user) and staff.pk != viewer_for(user).user_id


def clearance_to_confirm(proposal: AccessProposal) -> int:
    """The clearance a confirmer must hold: the higher of the person's clearance now and the one proposed
    (a lowering is confirmed by someone holding the clearance taken away)."""
    return max(proposal.clearance or SecrecyLevel.NONE, proposal.staff.clearance)


def can_confirm_access(user: Any, proposal: AccessProposal) -> bool:
    """A member of the leadership holding the clearance granted, who is neither the proposer nor the person
    concerned, confirms or rejects a pending proposal."""
    viewer = viewer_for(user)
    return (
        viewer.is_active
        and viewer.is_leadership
        and proposal.is_pending
        and viewer.user_id not in {proposal.proposed_by_id, proposal.staff_id}
        and viewer.clearance >= clearance_to_confirm(proposal)
    )


def can_withdraw_access(user: Any, proposal: AccessProposal) -> bool:
    return proposal.is_pending and can_manage_organisation(user)


def may_see_access_proposals(user: Any) -> bool:
    """Administrators (who propose) and the leadership (who confirm) see the proposals."""
    viewer = viewer_for(user)
    return viewer.is_active and (viewer.is_administrator or viewer.is_leadership)


def visible_access_proposals(user: Any, queryset: QuerySet[AccessProposal]) -> QuerySet[AccessProposal]:
    return queryset if may_see_access_proposals(user) else queryset.none()
