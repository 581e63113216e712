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

The package's modules: `viewer` (who is asking), `records` (rules 1-7 and a protected record's free text),
`people` (the organisation, staff and the audit trail), `accounts` (the four-eyes rule) and `modules` (what
each module's staff may do: register, route, draft, close, sign, plan, report). Callers import the package.
"""

from __future__ import annotations

from chancery.core.access.accounts import (
    FOUR_EYES_CLEARANCE,
    FOUR_EYES_FIELDS,
    can_confirm_access,
    can_propose_access,
    can_withdraw_access,
    change_needs_second_person,
    clearance_to_confirm,
    grant_needs_second_person,
    is_protected_access,
    is_protected_account,
    leaves_no_confirmer,
    may_reset_alone,
    may_see_access_proposals,
    visible_access_proposals,
)
from chancery.core.access.modules import (
    SIGNING_ROLES,
    can_close_document,
    can_draft_documents,
    can_manage_in_line,
    can_plan,
    can_register_documents,
    can_register_for_unit,
    can_register_petitions,
    can_report,
    can_route_document,
    can_see_reception,
    can_sign_document,
    can_work,
    can_write_report,
    leads_document,
    may_sign_documents,
    unit_names,
    unit_of,
    works_in,
)
from chancery.core.access.people import (
    can_manage_organisation,
    can_use_admin_site,
    can_view_staff_details,
    visible_audit_events,
    visible_staff,
)
from chancery.core.access.records import (
    assignments_of,
    can_assign,
    can_change,
    can_view,
    reads_in_full,
    redacted_text,
    text_redactor,
    visible_assignments,
    visible_records,
    visible_search_entries,
    within_clearance,
)
from chancery.core.access.viewer import (
    NOBODY,
    WORKING_ROLES,
    Viewer,
    forget,
    units_below,
    viewer_for,
)

__all__ = [
    "FOUR_EYES_CLEARANCE",
    "FOUR_EYES_FIELDS",
    "NOBODY",
    "SIGNING_ROLES",
    "WORKING_ROLES",
    "Viewer",
    "assignments_of",
    "can_assign",
    "can_change",
    "can_close_document",
    "can_confirm_access",
    "can_draft_documents",
    "can_manage_in_line",
    "can_manage_organisation",
    "can_plan",
    "can_propose_access",
    "can_register_documents",
    "can_register_for_unit",
    "can_register_petitions",
    "can_report",
    "can_route_document",
    "can_see_reception",
    "can_sign_document",
    "can_use_admin_site",
    "can_view",
    "can_view_staff_details",
    "can_withdraw_access",
    "can_work",
    "can_write_report",
    "change_needs_second_person",
    "clearance_to_confirm",
    "forget",
    "grant_needs_second_person",
    "is_protected_access",
    "is_protected_account",
    "leads_document",
    "leaves_no_confirmer",
    "may_reset_alone",
    "may_see_access_proposals",
    "may_sign_documents",
    "reads_in_full",
    "redacted_text",
    "text_redactor",
    "unit_names",
    "unit_of",
    "units_below",
    "viewer_for",
    "visible_access_proposals",
    "visible_assignments",
    "visible_audit_events",
    "visible_records",
    "visible_search_entries",
    "visible_staff",
    "within_clearance",
    "works_in",
]
