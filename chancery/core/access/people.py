"""The organisation, its people and the audit trail: who manages units and accounts, who sees whom and
which audit events."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from chancery.core.access.viewer import viewer_for
from chancery.core.models import (
    AuditEvent,
    SecrecyLevel,
    User,
)

# --- organisation and people ----------------------------------------------------------------------------


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
