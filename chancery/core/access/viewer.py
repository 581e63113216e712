"""Who is asking: the facts about a person the access policy reads, once per request."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model

from chancery.core.models import (
    RoleCode,
    SecrecyLevel,
    Unit,
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
