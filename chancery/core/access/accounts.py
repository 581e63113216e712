"""Accounts: the four-eyes rule on roles, clearances and the resets of protected accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Max, QuerySet

from chancery.core.access.people import can_manage_organisation
from chancery.core.access.viewer import viewer_for
from chancery.core.models import (
    AccessProposal,
    RoleCode,
    SecrecyLevel,
    User,
)

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
