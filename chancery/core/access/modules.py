"""What each module's staff may do: the predicates on roles and units that open a module's cases and steps
(register, route, draft, close, sign, plan, report, work on a batch or a campaign). The modules' services and
views call these, under their own names where a module re-exports one; none decides on its own.

The record-level rules (sight, change, assignment) are in `records`; these add the role or the unit a step
takes on top of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from chancery.core.access.records import can_change, can_view
from chancery.core.access.viewer import WORKING_ROLES, units_below, viewer_for
from chancery.core.models import (
    Assignment,
    AssignmentKind,
    ProtectedRecord,
    RoleCode,
    Unit,
)


def _roles(user: Any) -> frozenset[str]:
    viewer = viewer_for(user)
    return viewer.roles if viewer.is_active else frozenset()


# --- any module ---------------------------------------------------------------------------------------------


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


# --- documents (Nghị định 30/2020) --------------------------------------------------------------------------

SIGNING_ROLES = frozenset({RoleCode.LEADERSHIP, RoleCode.HEAD_OF_UNIT})


def can_register_documents(user: Any) -> bool:
    """The clerks (văn thư) and the leadership register incoming documents."""
    return bool(_roles(user) & {RoleCode.CLERK, RoleCode.LEADERSHIP})


def can_route_document(user: Any, document: ProtectedRecord) -> bool:
    """Routing is the leadership's direction (NĐ 30/2020 Art. 23.2)."""
    return RoleCode.LEADERSHIP in _roles(user) and can_view(user, document)


def can_draft_documents(user: Any) -> bool:
    return bool(_roles(user) & {RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT, RoleCode.LEADERSHIP})


def leads_document(actor: Any, document: ProtectedRecord) -> bool:
    """The person, or their unit, is assigned to lead the handling of the document."""
    lead = Assignment.objects.filter(
        object_type=document._meta.label_lower,
        object_id=document.pk,
        is_active=True,
        kind=AssignmentKind.LEAD,
    )
    return lead.filter(user=actor).exists() or (
        actor.unit_id is not None and lead.filter(unit_id=actor.unit_id).exists()
    )


def can_close_document(actor: Any, document: ProtectedRecord) -> bool:
    """The lead unit (or the leadership) closes a routed document; a cooperating unit records its part."""
    return can_change(actor, document) and (
        leads_document(actor, document) or RoleCode.LEADERSHIP in _roles(actor)
    )


def may_sign_documents(signer: Any) -> bool:
    """Whether a person signs outgoing documents at all: an active member of the leadership or head of unit
    (the roles the draft form offers; a specialist or a clerk named through the API is refused: the examiner
    of issue 30 had a specialist sign and issue a letter of her own)."""
    return bool(signer.is_active and signer.roles.filter(code__in=SIGNING_ROLES).exists())


def can_sign_document(user: Any, document: Any) -> bool:
    """The signer named on the draft, while they may see it."""
    return getattr(user, "pk", None) == document.signer_id and can_view(user, document)


# --- petitions (Luật Tiếp công dân 2013, Luật Khiếu nại 2011, Luật Tố cáo 2018) ----------------------------


def can_register_petitions(user: Any) -> bool:
    viewer = viewer_for(user)
    return viewer.is_active and bool(viewer.roles & WORKING_ROLES)


def can_see_reception(user: Any) -> bool:
    """The reception book (who came, about what) is kept by the unit that receives petitions: its staff,
    the heads of its line and the office's leadership read it."""
    viewer = viewer_for(user)
    if not viewer.is_active:
        return False
    unit = Unit.objects.filter(code=settings.CHANCERY_PETITIONS_UNIT).first()
    return viewer.is_leadership or (
        unit is not None and (viewer.unit_id == unit.pk or unit.pk in viewer.headed_unit_ids)
    )


# --- programmes and reports ---------------------------------------------------------------------------------


def can_plan(user: Any) -> bool:
    """Programmes and key tasks are set by the leadership and the heads of units."""
    viewer = viewer_for(user)
    return viewer.is_active and (viewer.is_leadership or bool(viewer.headed_unit_ids))


def can_write_report(user: Any) -> bool:
    """The office's reports are drawn up, rewritten and their figures taken again by the unit that prepares
    them (CHANCERY_REPORT_UNITS) and the leadership; the heads of the other units read them."""
    if viewer_for(user).is_leadership and viewer_for(user).is_active:
        return True
    unit = getattr(user, "unit", None)
    return can_work(user) and unit is not None and unit.code in settings.CHANCERY_REPORT_UNITS


def can_report(user: Any) -> bool:
    """The office's reports count every module's records: read by the leadership, the heads of units and the
    unit that prepares them (CHANCERY_REPORT_UNITS, default Vụ Tổng hợp); written by `can_write_report`."""
    if can_plan(user):
        return True
    unit = getattr(user, "unit", None)
    codes = settings.CHANCERY_REPORT_UNITS
    return can_work(user) and unit is not None and unit.code in codes


# --- foreign affairs ----------------------------------------------------------------------------------------


def can_manage_in_line(user: Any, record: ProtectedRecord) -> bool:
    """Who changes an event or a treaty: the leadership and the people of the owning unit and the units below
    it. A unit given a checklist item, a speech or a commitment reads the event and updates its own items,
    nothing else."""
    if not can_change(user, record):
        return False
    viewer = viewer_for(user)
    return viewer.is_leadership or (
        viewer.unit_id is not None and viewer.unit_id in units_below(record.owning_unit_id)
    )
