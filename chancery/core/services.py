"""Write operations on the organisation and on assignments: one transaction each, checked and audited.

Views, the API, the admin screens and commands call these; none of them saves a model directly.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.core import (
    access,
    audit,
    calendar_decisions,
    password_links,
    security,
    selectors,
    storage,
    uploads,
    workdays,
)
from chancery.core.models import (
    AccessProposal,
    Agency,
    Assignment,
    AssignmentKind,
    Attachment,
    AuditAction,
    CalendarDay,
    CalendarDayKind,
    CalendarDayOrigin,
    NotificationKind,
    NumberRegister,
    ProposalStatus,
    ProtectedRecord,
    Role,
    RoleCode,
    SecrecyLevel,
    Unit,
    User,
)
from chancery.core.notifications import notify
from chancery.core.text import fold, grouped, nfc

UNIT_FIELDS = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active")
STAFF_FIELDS = ("username", "full_name", "email", "unit", "position", "clearance", "phone", "is_active")


def _require_organisation_manager(actor: Any) -> None:
    """Administrators only; `None` is the system itself (set-up commands), never a request's user."""
    if actor is not None and not access.can_manage_organisation(actor):
        raise PermissionDenied(_("Only an administrator may change the organisation and accounts."))


def _clean_text(values: dict[str, Any]) -> dict[str, Any]:
    return {k: nfc(v) if isinstance(v, str) else v for k, v in values.items()}


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    """A unit may not sit under itself or under one of its own sub-units."""
    if parent is None or unit.pk is None:
        return
    if parent.pk in access.units_below(unit.pk):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its own sub-units.")}
        )


def _full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


@transaction.atomic
def create_unit(
    *, actor: Any, code: str, name: str, kind: str, parent: Unit | None = None, **extra: Any
) -> Unit:
    _require_organisation_manager(actor)
    values = _clean_text({"code": code, "name": name, "kind": kind, "parent": parent, **extra})
    unit = Unit(**{k: v for k, v in values.items() if k in UNIT_FIELDS})
    _full_clean(unit)
    unit.save()
    audit.record(
        action=AuditAction.CREATE, actor=actor, subject=unit, changes=audit.diff({}, audit.snapshot(unit))
    )
    return unit


def units_named_in_settings() -> dict[str, list[str]]:
    """The codes of the units the settings name, each with the settings that name it: the unit that receives
    petitions (CHANCERY_PETITIONS_UNIT), the one that keeps the registers (CHANCERY_CLERICAL_UNIT), those
    that prepare the office's reports (CHANCERY_REPORT_UNITS). What reaches them is found by that code."""
    named: dict[str, list[str]] = {}
    codes = {
        "CHANCERY_PETITIONS_UNIT": [settings.CHANCERY_PETITIONS_UNIT],
        "CHANCERY_CLERICAL_UNIT": [settings.CHANCERY_CLERICAL_UNIT],
        "CHANCERY_REPORT_UNITS": list(settings.CHANCERY_REPORT_UNITS),
    }
    for setting, values in codes.items():
        for code in values:
            if code:
                named.setdefault(code, []).append(setting)
    return named


def check_unit_change(*, actor: Any, unit: Unit, changes: dict[str, Any]) -> None:
    """The rules on a change of a unit, for every path that makes one (the service, the admin screen's form):
    a unit's code is its identifier and never changes once the unit exists (the settings, document symbols and
    other systems know the unit by it: changing it would send citizens' petitions, the registers or the
    reports to another unit); and an administrator neither moves a unit the settings name, nor any unit above
    it (its line, whose heads oversee what reaches it, would change), nor deactivates it (the intake would
    stop). The system itself (actor None: set-up commands) may still move and deactivate units."""
    errors: dict[str, str] = {}
    if "code" in changes and nfc(str(changes["code"] or "")) != unit.code:
        errors["code"] = _(
            "A unit's code does not change once the unit exists: the settings, document numbers and other "
            "systems know the unit by it. Open a new unit if another code is needed."
        )
    named = units_named_in_settings()
    if actor is not None and unit.pk is not None:
        parent = changes.get("parent", unit.parent)
        if "parent" in changes and getattr(parent, "pk", parent) != unit.parent_id:
            line = access.units_below(unit.pk)
            moved = Unit.objects.filter(pk__in=line, code__in=named).order_by("pk").first()
            if moved is not None:
                errors["parent"] = _(
                    "%(unit)s receives work by the settings (%(settings)s): neither it nor any unit above it "
                    "is moved to another place in the organisation."
                ) % {"unit": moved.name, "settings": ", ".join(named[moved.code])}
        if "is_active" in changes and not changes["is_active"] and unit.is_active and unit.code in named:
            errors["is_active"] = _(
                "%(unit)s receives work by the settings (%(settings)s): it cannot be deactivated, or that "
                "work would stop reaching the office."
            ) % {"unit": unit.name, "settings": ", ".join(named[unit.code])}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_unit(*, actor: Any, unit: Unit, **changes: Any) -> Unit:
    """Change a unit; its code never changes, and a unit the settings name stays where it is, active
    (`check_unit_change`)."""
    _require_organisation_manager(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_unit_change(actor=actor, unit=unit, changes=changes)
    before = audit.snapshot(unit)
    for field, value in _clean_text(changes).items():
        if field not in UNIT_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(unit, field, value)
    _check_unit_parent(unit, unit.parent)
    _full_clean(unit)
    unit.save()
    if delta := audit.diff(before, audit.snapshot(unit)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=unit, changes=delta)
    return unit


def _roles(codes: Iterable[str]) -> list[Role]:
    wanted = set(codes)
    unknown = wanted - set(RoleCode.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}})
    return list(Role.objects.filter(code__in=wanted))


def account_facts(staff: User, roles: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of an account's access.FOUR_EYES_FIELDS as a proposal records them (roles: sorted codes;
    unit: its id); `roles` stands for the roles held when given."""
    return {
        "roles": sorted(staff.role_codes if roles is None else set(roles)),
        "clearance": int(staff.clearance),
        "unit": staff.unit_id,
        "is_active": bool(staff.is_active),
        "email": staff.email or "",
        "position": staff.position or "",
    }


def changed_facts(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The FOUR_EYES_FIELDS whose value differs, as {field: {"before": ..., "after": ...}}."""
    return {
        field: {"before": before[field], "after": after[field]}
        for field in access.FOUR_EYES_FIELDS
        if before[field] != after[field]
    }


def check_access_change(
    *,
    actor: Any,
    staff_id: int | None,
    roles_before: Iterable[str],
    clearance_before: int,
    unit_before: int | None,
    roles_after: Iterable[str],
    clearance_after: int,
    unit_after: int | None,
    changed: Iterable[str] = (),
) -> None:
    """The rules on a change of someone's access, for every path that makes one (the services, the admin
    screens' forms): nobody changes their own roles, clearance or unit; granting the office leadership role
    or any clearance, and any change of a protected account's roles, clearance, unit, active status or
    e-mail address (`changed`: the names of the fields that change, besides roles, clearance and unit),
    takes a second person (`propose_access`). The system itself (actor None: `chancery demo`, set-up
    commands) may still set accounts up."""
    if actor is None:
        return
    roles_before, roles_after = set(roles_before), set(roles_after)
    changed = set(changed)
    if roles_after != roles_before:
        changed.add("roles")
    if int(clearance_after) != int(clearance_before):
        changed.add("clearance")
    if unit_after != unit_before:
        changed.add("unit")
    errors: dict[str, str] = {}
    if staff_id is not None and staff_id == getattr(actor, "pk", None):
        if set(roles_after) != set(roles_before):
            errors["roles"] = _("Nobody may change their own roles.")
        if int(clearance_after) != int(clearance_before):
            errors["clearance"] = _("Nobody may change their own clearance.")
        if unit_after != unit_before:
            errors["unit"] = _("Nobody may change their own unit.")
    if not errors and access.grant_needs_second_person(
        roles_before=roles_before,
        clearance_before=clearance_before,
        roles_after=roles_after,
        clearance_after=clearance_after,
    ):
        gains_role = bool(
            {RoleCode.LEADERSHIP, RoleCode.ADMINISTRATOR} & (set(roles_after) - set(roles_before))
        )
        errors["roles" if gains_role else "clearance"] = _(
            "Granting the office leadership or the administrator role, or any clearance (Mật and above), "
            "takes a second person: propose it, and a member of the leadership with that clearance confirms "
            "it."
        )
    if not errors and access.change_needs_second_person(
        roles_before=roles_before,
        clearance_before=clearance_before,
        roles_after=roles_after,
        clearance_after=clearance_after,
        changed=changed,
    ):
        for field in sorted(changed & set(access.FOUR_EYES_FIELDS)):
            errors[field] = _(
                "This account is protected (the office leadership, or a secrecy clearance): its roles, "
                "clearance, unit, status and e-mail address change only by a proposal of an administrator "
                "that a member of the leadership with that clearance confirms."
            )
    if errors:
        raise ValidationError(errors)


def _sync_derived_fields(user: User) -> None:
    """Django's admin flag follows the administrator role; the search key follows the name."""
    user.is_staff = RoleCode.ADMINISTRATOR in user.role_codes
    user.search_key = fold(f"{user.full_name} {user.username} {user.position} {user.email}")


@transaction.atomic
def create_staff(
    *,
    actor: Any,
    username: str,
    full_name: str,
    unit: Unit | None,
    password: str | None = None,
    roles: Iterable[str] = (),
    **extra: Any,
) -> User:
    """Open an account for a member of staff (actor None: set-up commands such as `chancery demo`)."""
    _require_organisation_manager(actor)
    roles = list(roles)
    check_access_change(
        actor=actor,
        staff_id=None,
        roles_before=(),
        clearance_before=SecrecyLevel.NONE,
        unit_before=None,
        roles_after=roles,
        clearance_after=int(extra.get("clearance") or SecrecyLevel.NONE),
        unit_after=getattr(unit, "pk", None),
    )
    values = _clean_text({"full_name": full_name, **extra})
    user = User(
        username=nfc(username).lower(), unit=unit, **{k: v for k, v in values.items() if k in STAFF_FIELDS}
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
        user.password_set_by_other = actor is not None  # chosen by the administrator opening the account
    else:
        user.set_unusable_password()
    _full_clean(user, exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("This user name is already taken.")}) from exc
    user.roles.set(_roles(roles))
    access.forget(user)
    _sync_derived_fields(user)
    user.save(update_fields=["is_staff", "search_key"])
    audit.record(
        action=AuditAction.CREATE, actor=actor, subject=user, changes=audit.diff({}, audit.snapshot(user))
    )
    return user


@transaction.atomic
def update_staff(*, actor: Any, staff: User, roles: Iterable[str] | None = None, **changes: Any) -> User:
    _require_organisation_manager(actor)
    staff = User.objects.select_for_update().get(pk=staff.pk)
    before = audit.snapshot(staff)
    access_before = (staff.role_codes, staff.clearance, staff.unit_id, staff.is_active)
    facts_before = account_facts(staff)
    login_before = staff.username
    for field, value in _clean_text(changes).items():
        if field not in STAFF_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(staff, field, value.strip().lower() if field == "username" else value)
    if staff.username != login_before and access.is_protected_access(*access_before[:2]):
        # a protected account keeps its login name: renamed, its name could be given to another account
        raise ValidationError(
            {
                "username": _(
                    "The login name of a protected account (leadership or a clearance) does not change."
                )
            }
        )
    roles = list(roles) if roles is not None else None
    check_access_change(
        changed=changed_facts(facts_before, account_facts(staff, roles)),
        actor=actor,
        staff_id=staff.pk,
        roles_before=access_before[0],
        clearance_before=access_before[1],
        unit_before=access_before[2],
        roles_after=roles if roles is not None else access_before[0],
        clearance_after=int(staff.clearance),
        unit_after=staff.unit_id,
    )
    if staff.pk == getattr(actor, "pk", None) and not staff.is_active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    _full_clean(staff, exclude=["password"])
    staff.save()
    if roles is not None:
        staff.roles.set(_roles(roles))
    access.forget(staff)
    _sync_derived_fields(staff)
    staff.save(update_fields=["is_staff", "search_key"])
    if delta := audit.diff(before, audit.snapshot(staff)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=staff, changes=delta)
    if (staff.role_codes, staff.clearance, staff.unit_id, staff.is_active) != access_before:
        _revoke_tokens(staff, actor, "roles, clearance, unit or status changed")
    return staff


@transaction.atomic
def set_staff_password(*, actor: Any, staff: User, password: str) -> None:
    """A person changes their own password (the account page's form checks the old one first); an
    administrator resets the password of an account that is not protected; the system (actor None: set-up
    commands) sets any. The password of a protected account (the leadership, or any clearance: Mật and
    above) is never set by an administrator: its reset is proposed and confirmed (`propose_access`), and the
    person then sets a new one through a one-time link."""
    own = actor is not None and getattr(actor, "pk", None) == staff.pk
    if not own:
        security.check_reset_alone(actor, User.objects.select_for_update().get(pk=staff.pk))
    validate_password(password, staff)
    set_by_other = User.objects.filter(pk=staff.pk, password_set_by_other=True).exists()
    staff.set_password(password)
    # A change made with the old password does not clear the mark: whoever chose that password (an
    # administrator) could have made it. Only a password set through a one-time link does.
    staff.password_set_by_other = (actor is not None and not own) or (own and set_by_other)
    staff.save(update_fields=["password", "password_set_by_other"])
    password_links.revoke_password_links(staff)
    message = "Đặt mật khẩu" if own or actor is None else "Quản trị viên đặt lại mật khẩu"
    audit.record(action=AuditAction.SECURITY, actor=actor, subject=staff, message=message)
    _revoke_tokens(staff, actor, "password changed" if own else "password reset by administrator")


def _revoke_tokens(staff: User, actor: Any, reason: str) -> None:
    from chancery.core.tokens import revoke_api_tokens

    revoke_api_tokens(user=staff, actor=actor, reason=reason)


# --- the four-eyes rule on access to state secrets ------------------------------------------------------


@dataclass(frozen=True)
class AccountChange:
    """One line of what a proposal changes, as the confirmer reads it."""

    field: str
    label: str
    before: str
    after: str


def _shown(field: str, value: Any, units: dict[int, str]) -> str:
    if field == "roles":
        return ", ".join(str(RoleCode(code).label) for code in RoleCode.values if code in value) or "—"
    if field == "clearance":
        return str(SecrecyLevel(int(value)).label)
    if field == "unit":
        return "—" if value is None else units.get(int(value), f"#{value}")
    if field == "is_active":
        return _("active") if value else _("inactive")
    return str(value or "") or "—"


def describe_changes(proposals: Iterable[AccessProposal]) -> dict[int, list[AccountChange]]:
    """What each proposal changes, field by field, before → after (units by name, one query for all)."""
    proposals = list(proposals)
    unit_ids = {
        int(value)
        for proposal in proposals
        for value in (proposal.changes or {}).get("unit", {}).values()
        if value is not None
    }
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    labels = {
        "roles": _("Roles"),
        "clearance": _("Secrecy clearance"),
        "unit": _("Unit"),
        "is_active": _("Status"),
        "email": _("Email"),
        "position": _("Position"),
    }
    return {
        proposal.pk: [
            AccountChange(
                field,
                str(labels[field]),
                _shown(field, change["before"], units),
                _shown(field, change["after"], units),
            )
            for field in access.FOUR_EYES_FIELDS
            if (change := (proposal.changes or {}).get(field)) is not None
        ]
        for proposal in proposals
    }


def _proposal_summary(proposal: AccessProposal) -> str:
    parts = [
        f"{line.label}: {line.before} → {line.after}"
        for line in describe_changes([proposal]).get(proposal.pk, [])
    ]
    if not parts:  # a proposal made before `changes` was recorded
        if proposal.grant_leadership:
            parts.append(str(RoleCode.LEADERSHIP.label))
        if proposal.clearance is not None:
            parts.append(str(SecrecyLevel(proposal.clearance).label))
    if proposal.reset_password:
        parts.append(_("password reset"))
    if proposal.reset_second_factor:
        parts.append(_("two-step login reset"))
    return "; ".join(parts)


def _audit_summary(proposal: AccessProposal) -> str:
    """The proposal's summary for the audit trail, which reads in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return _proposal_summary(proposal)


def _status_words(status: str) -> str:
    with translation.override("vi"):
        return str(ProposalStatus(status).label)


def confirmers_of(proposal: AccessProposal) -> list[User]:
    """Who may confirm a proposal: active leadership with the clearance, neither proposer nor concerned."""
    return list(
        User.objects.filter(
            is_active=True,
            roles__code=RoleCode.LEADERSHIP,
            clearance__gte=access.clearance_to_confirm(proposal),
        )
        .exclude(pk__in=[proposal.proposed_by_id, proposal.staff_id])
        .distinct()
    )


def _leaves_no_confirmer_message(level: int) -> str:
    return _(
        "This would leave the office without an active member of the leadership holding clearance "
        "%(level)s: nobody could then confirm a grant, a change or a reset at that level, nor undo this. "
        "Another member of the leadership must hold that clearance first."
    ) % {"level": SecrecyLevel(level).label}


def _check_leaves_a_confirmer(staff: User, after: dict[str, Any]) -> None:
    level = access.leaves_no_confirmer(
        staff,
        roles_after=after["roles"],
        clearance_after=after["clearance"],
        is_active_after=after["is_active"],
    )
    if level is not None:
        raise ValidationError(_leaves_no_confirmer_message(level))


def _proposed_facts(staff: User, roles: Iterable[str] | None, changes: dict[str, Any]) -> dict[str, Any]:
    """The account's FOUR_EYES_FIELDS once the proposal takes effect, each value checked."""
    after = account_facts(staff, roles)
    _roles(after["roles"])  # an unknown role is refused
    if changes.get("clearance") is not None:
        if int(changes["clearance"]) not in SecrecyLevel.values:
            raise ValidationError({"clearance": _("Unknown clearance.")})
        after["clearance"] = int(changes["clearance"])
    if "unit" in changes:
        unit = changes["unit"]
        unit_id = getattr(unit, "pk", unit)
        if unit_id is not None and not Unit.objects.filter(pk=unit_id).exists():
            raise ValidationError({"unit": _("Unknown unit.")})
        after["unit"] = int(unit_id) if unit_id is not None else None
    if changes.get("is_active") is not None:
        after["is_active"] = bool(changes["is_active"])
    if changes.get("email") is not None:
        email = nfc(str(changes["email"])).strip()
        if email:
            try:
                validate_email(email)
            except ValidationError as error:
                raise ValidationError({"email": error.messages}) from error
        after["email"] = email
    if changes.get("position") is not None:
        after["position"] = nfc(str(changes["position"]))[:120]
    return after


@transaction.atomic
def propose_access(
    *,
    actor: Any,
    staff: User,
    reason: str,
    grant_leadership: bool = False,
    roles: Iterable[str] | None = None,
    reset_password: bool = False,
    reset_second_factor: bool = False,
    **changes: Any,
) -> AccessProposal:
    """An administrator proposes what one administrator may not do alone; nothing changes until a member of
    the leadership confirms it (`confirm_access_proposal`):

    - to grant a person the office leadership role or a clearance (`grant_leadership`, or `roles`: the roles
      the person is to hold; `clearance=`);
    - any change of a protected account's roles, clearance, unit, active status or e-mail address
      (`roles`, `clearance=`, `unit=`, `is_active=`, `email=`), lowering included;
    - to reset the password and/or the second factor of a protected account.

    Refused: a proposal that changes nothing, or only what one administrator may change alone; one that
    would leave the office without an active member of the leadership holding the highest clearance the
    leadership holds (`access.leaves_no_confirmer`); one that nobody could confirm."""
    staff = User.objects.select_for_update().get(pk=staff.pk)
    if not access.can_propose_access(actor, staff):
        raise PermissionDenied(
            _("Only an administrator may propose a change of access, for an account other than their own.")
        )
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the proposal.")})
    unknown = set(changes) - {"clearance", "unit", "is_active", "email"}
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    before = account_facts(staff)
    wanted = set(roles) if roles is not None else set(staff.role_codes)
    after = _proposed_facts(staff, wanted | ({RoleCode.LEADERSHIP} if grant_leadership else set()), changes)
    delta = changed_facts(before, after)
    resets = bool(reset_password) or bool(reset_second_factor)
    if not delta and not resets:
        raise ValidationError(_("This proposal changes nothing: say what is to change."))
    if not after["is_active"]:
        if not staff.is_active:
            raise ValidationError(_("This account is not active: a proposal for it reactivates it."))
        if resets:
            raise ValidationError(_("An account being deactivated is not reset."))
    if resets and not access.is_protected_access(after["roles"], after["clearance"]):
        raise ValidationError(
            _(
                "This account is not protected: an administrator resets its password or two-step login "
                "alone, on the admin screen."
            )
        )
    if delta and not access.change_needs_second_person(
        roles_before=before["roles"],
        clearance_before=before["clearance"],
        roles_after=after["roles"],
        clearance_after=after["clearance"],
        changed=delta,
    ):
        raise ValidationError(
            _("This change needs no second person: an administrator makes it on the person's account.")
        )
    if AccessProposal.objects.filter(staff=staff, status=ProposalStatus.PENDING).exists():
        raise ValidationError(_("A proposal for this person is already waiting for confirmation."))
    _check_leaves_a_confirmer(staff, after)
    proposal = AccessProposal(
        staff=staff,
        grant_leadership=RoleCode.LEADERSHIP in set(after["roles"]) - set(before["roles"]),
        clearance=after["clearance"] if "clearance" in delta else None,
        reset_password=bool(reset_password),
        reset_second_factor=bool(reset_second_factor),
        changes=delta,
        reason=reason,
        proposed_by=actor,
    )
    if not confirmers_of(proposal):
        raise ValidationError(
            _(
                "Nobody could confirm this proposal: no active member of the leadership other than the "
                "proposer and the person concerned holds clearance %(level)s or above. Only the server's "
                "console (chancery shell, as the system) can make this change."
            )
            % {"level": SecrecyLevel(access.clearance_to_confirm(proposal)).label}
        )
    proposal.save()
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=proposal,
        changes=audit.diff({}, audit.snapshot(proposal)),
    )
    audit.record(
        action=AuditAction.SECURITY,
        actor=actor,
        subject=staff,
        message=f"Đề xuất cấp quyền số {proposal.pk}: {_audit_summary(proposal)}",
    )
    notify(
        confirmers_of(proposal),
        kind=NotificationKind.ACCESS_PROPOSED,
        title=_("To confirm: %(what)s for %(staff)s, proposed by %(proposer)s")
        % {"what": _proposal_summary(proposal), "staff": staff, "proposer": actor},
        subject=proposal,
    )
    return proposal


def _not_a_confirmer() -> str:
    return _(
        "Only a member of the leadership holding that clearance, other than the proposer and the person "
        "concerned, may decide on this proposal."
    )


def _locked_proposal(proposal: AccessProposal) -> AccessProposal:
    return (
        AccessProposal.objects.select_for_update().select_related("staff", "proposed_by").get(pk=proposal.pk)
    )


def _close_proposal(
    *, actor: Any, proposal: AccessProposal, status: str, reason: str, decided: bool
) -> AccessProposal:
    before = audit.snapshot(proposal)
    proposal.status = ProposalStatus(status)
    proposal.decided_by = actor if decided else None
    proposal.decided_at = timezone.now()
    proposal.decision_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=proposal,
        changes=audit.diff(before, audit.snapshot(proposal)),
        message=f"{_status_words(status)} đề xuất cấp quyền",
    )
    audit.record(
        action=AuditAction.SECURITY,
        actor=actor,
        subject=proposal.staff,
        message=f"{_status_words(status)} đề xuất cấp quyền số {proposal.pk}: {_audit_summary(proposal)}",
    )
    return proposal


def _lock_people(*pks: int | None) -> None:
    """Lock these accounts and every account of the leadership, in one order (no deadlock between two
    confirmations), so that two confirmations at once cannot each leave the other's confirmer alone."""
    leaders = User.roles.through.objects.filter(role__code=RoleCode.LEADERSHIP).values("user_id")
    wanted = Q(pk__in=[pk for pk in pks if pk is not None]) | Q(pk__in=leaders)
    list(User.objects.select_for_update().filter(wanted).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def confirm_access_proposal(*, actor: Any, proposal: AccessProposal, reason: str = "") -> AccessProposal:
    """The second person confirms: the changes proposed take effect now, exactly as proposed (refused when
    the account changed since: the confirmer would not be confirming what is shown); a reset proposed takes
    effect now (the confirmation of a reset gives its reason: how the request was checked).

    A password reset makes the password unusable and issues a one-time link for the person, returned on
    `proposal.password_link` to be handed over by the confirmer (chancery.core.password_links): nobody else
    ever learns it, the proposing administrator least of all. A second-factor reset removes the devices: the
    person enrols again at the next login. Either ends the person's sessions and API tokens. An account that
    becomes protected here with a password an administrator chose (opened or reset by one) starts afresh the
    same way, or that administrator could log in as the person.

    The confirmer and the leadership are read again under lock: a confirmer deactivated or lowered meanwhile
    no longer confirms, and no confirmation leaves the office without an active member of the leadership
    holding the highest clearance it holds."""
    proposal = _locked_proposal(proposal)
    actor_id: int | None = getattr(actor, "pk", None)
    _lock_people(proposal.staff_id, actor_id)
    confirmer = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    if confirmer is None or not access.can_confirm_access(confirmer, proposal):
        raise PermissionDenied(_not_a_confirmer())
    staff = User.objects.get(pk=proposal.staff_id)
    proposal.staff = staff
    changes: dict[str, dict[str, Any]] = dict(proposal.changes or {})
    after = dict(account_facts(staff), **{field: change["after"] for field, change in changes.items()})
    if not staff.is_active and not after["is_active"]:
        raise ValidationError(_("This account is no longer active; reject the proposal."))
    now = account_facts(staff)
    stale = [field for field, change in changes.items() if now.get(field) != change["before"]]
    if stale:
        lines = describe_changes([proposal])[proposal.pk]
        raise ValidationError(
            _(
                "The account has changed since the proposal (%(fields)s): reject it, and an administrator "
                "proposes again."
            )
            % {"fields": ", ".join(line.label for line in lines if line.field in stale)}
        )
    reason = nfc(reason or "").strip()
    if proposal.is_reset and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for confirming the reset: how the request was checked.")}
        )
    _check_leaves_a_confirmer(staff, after)
    before = audit.snapshot(staff)
    staff.clearance, staff.unit_id = after["clearance"], after["unit"]
    staff.is_active, staff.email = after["is_active"], after["email"]
    staff.position = after.get("position", staff.position)
    staff.save(update_fields=["clearance", "unit", "is_active", "email", "position"])
    staff.roles.set(_roles(after["roles"]))
    access.forget(staff)
    _sync_derived_fields(staff)
    staff.save(update_fields=["is_staff", "search_key"])
    if delta := audit.diff(before, audit.snapshot(staff)):
        audit.record(
            action=AuditAction.UPDATE,
            actor=confirmer,
            subject=staff,
            changes=delta,
            message=f"Xác nhận đề xuất cấp quyền số {proposal.pk} của {proposal.proposed_by}",
        )
    _revoke_tokens(staff, confirmer, "roles, clearance or credentials changed")
    link = _reset_credentials(actor=confirmer, proposal=proposal, staff=staff)
    if not staff.is_active:
        security.end_sessions(staff, actor=confirmer, reason="tài khoản ngừng hoạt động")
    proposal = _close_proposal(
        actor=confirmer,
        proposal=proposal,
        status=ProposalStatus.CONFIRMED,
        reason=reason,
        decided=True,
    )
    notify(
        [proposal.proposed_by, staff],
        kind=NotificationKind.ACCESS_DECIDED,
        title=_("Confirmed: %(what)s for %(staff)s") % {"what": _proposal_summary(proposal), "staff": staff},
        subject=proposal,
    )
    proposal.password_link = link
    return proposal


def _reset_credentials(
    *, actor: Any, proposal: AccessProposal, staff: User
) -> password_links.IssuedLink | None:
    """The resets of a confirmed proposal, in its transaction; the one-time link when a password was reset."""
    credentials_by_other = (
        access.is_protected_account(staff) and staff.password_set_by_other and staff.has_usable_password()
    )
    done = f"đề xuất cấp quyền số {proposal.pk} của {proposal.proposed_by}, đã được xác nhận"
    if proposal.reset_second_factor or credentials_by_other:
        security.delete_second_factor(user=staff, actor=actor, reason=f"Đặt lại đăng nhập hai bước ({done})")
    if not (proposal.reset_password or credentials_by_other):
        return None
    staff.set_unusable_password()
    staff.password_set_by_other = False
    staff.save(update_fields=["password", "password_set_by_other"])
    why = "Đặt lại mật khẩu" if proposal.reset_password else "Chấm dứt mật khẩu do quản trị viên đặt"
    audit.record(
        action=AuditAction.SECURITY,
        actor=actor,
        subject=staff,
        message=f"{why} ({done}): người dùng tự đặt mật khẩu mới bằng liên kết dùng một lần",
    )
    security.end_sessions(staff, actor=actor, reason="đặt lại mật khẩu")
    return password_links.issue_password_link(staff=staff, handed_to=actor, proposal=proposal)


@transaction.atomic
def reject_access_proposal(*, actor: Any, proposal: AccessProposal, reason: str) -> AccessProposal:
    """The second person refuses, with the reason; nothing changes for the person."""
    proposal = _locked_proposal(proposal)
    if not access.can_confirm_access(actor, proposal):
        raise PermissionDenied(_not_a_confirmer())
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    proposal = _close_proposal(
        actor=actor, proposal=proposal, status=ProposalStatus.REJECTED, reason=reason, decided=True
    )
    notify(
        [proposal.proposed_by],
        kind=NotificationKind.ACCESS_DECIDED,
        title=_("Rejected: %(what)s for %(staff)s")
        % {"what": _proposal_summary(proposal), "staff": proposal.staff},
        subject=proposal,
    )
    return proposal


@transaction.atomic
def withdraw_access_proposal(*, actor: Any, proposal: AccessProposal, reason: str = "") -> AccessProposal:
    """An administrator withdraws a proposal still waiting."""
    proposal = _locked_proposal(proposal)
    if not access.can_withdraw_access(actor, proposal):
        raise PermissionDenied(_("Only an administrator may withdraw a proposal still waiting."))
    return _close_proposal(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.WITHDRAWN,
        reason=nfc(reason or "").strip(),
        decided=False,
    )


@transaction.atomic
def assign_record(
    *,
    actor: Any,
    record: ProtectedRecord,
    user: User | None = None,
    unit: Unit | None = None,
    kind: str = AssignmentKind.HANDLE,
    due_date: date | None = None,
    note: str = "",
) -> Assignment:
    """Give a record to a person or a unit (giao việc); only the head of its unit line or leadership may."""
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    if user is None and unit is None:
        raise ValidationError(_("Choose a person or a unit to assign the record to."))
    if user is not None and record.secrecy > user.clearance:
        raise ValidationError(
            {
                "user": _("%(name)s does not have the clearance for a record at this secrecy level.")
                % {"name": user}
            }
        )
    assignment = Assignment.objects.create(
        object_type=audit.object_type_of(record),
        object_id=record.pk,
        user=user,
        unit=unit,
        kind=AssignmentKind(kind),
        assigned_by=actor,
        due_date=due_date,
        note=nfc(note),
    )
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={
            "assigned_to": {"before": None, "after": str(user or unit)},
            "kind": {"before": None, "after": kind},
        },
    )
    notify(
        [user] if user is not None else selectors.heads_of(unit.pk if unit else None),
        kind=NotificationKind.ASSIGNED,
        title=_("Assigned to you: %(record)s") % {"record": record}
        if user is not None
        else _("Assigned to your unit: %(record)s") % {"record": record},
        subject=record,
    )
    return assignment


@transaction.atomic
def end_assignment(*, actor: Any, assignment: Assignment, record: ProtectedRecord) -> None:
    if not access.can_assign(actor, record):
        raise PermissionDenied(_("You may not assign this record."))
    Assignment.objects.filter(pk=assignment.pk).update(is_active=False)
    audit.record(
        action=AuditAction.ASSIGN,
        actor=actor,
        subject=record,
        changes={"assigned_to": {"before": str(assignment.user or assignment.unit), "after": None}},
    )


def work_done(record: models.Model, *, user: Any = None, unit: Any = None, done: bool = True) -> int:
    """Mark the part of a person (by name) or a unit in a record done, or waiting again (`done=False`, given
    the record again): their assignments stay, and with them their access; "Việc của tôi" lists only the
    work still waiting (core.selectors._open_work). Returns how many assignments changed."""
    mine = Assignment.objects.filter(
        object_type=record._meta.label_lower, object_id=record.pk, is_active=True
    )
    if user is not None:
        mine = mine.filter(user=user)
    elif unit is not None:
        mine = mine.filter(unit=unit, user__isnull=True)
    else:
        return 0
    if done:
        return mine.filter(done_at__isnull=True).update(done_at=timezone.now())
    return mine.filter(done_at__isnull=False).update(done_at=None)


def record_view(*, actor: Any, record: models.Model) -> None:
    """Note that a person opened a protected record: every access to a secret is to be traceable."""
    audit.record(action=AuditAction.VIEW, actor=actor, subject=record)


@transaction.atomic
def set_calendar_day(
    *,
    actor: Any,
    day: date,
    kind: str,
    name: str,
    legal_basis: str = "",
    instrument_number: str = "",
    instrument_date: date | None = None,
) -> CalendarDay:
    """Record the Government's decision on one date (a day off, or a make-up working day) with the instrument
    that makes it (as cited, its number and date): the administrator's decision, which a later load of the
    shipped decisions never overwrites. A day the law has not made a holiday (24/11, Ngày Văn hóa Việt Nam)
    becomes a day off only this way."""
    _require_organisation_manager(actor)
    check_calendar_day(day=day, kind=kind, legal_basis=legal_basis, instrument_number=instrument_number)
    existing = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = audit.snapshot(existing) if existing else {}
    decided = existing or CalendarDay(date=day)
    decided.kind, decided.name = CalendarDayKind(kind), nfc(name)
    decided.legal_basis = nfc(legal_basis).strip()
    decided.instrument_number, decided.instrument_date = nfc(instrument_number).strip(), instrument_date
    decided.origin, decided.is_withdrawn = CalendarDayOrigin.ADMINISTRATOR, False
    decided.recorded_by, decided.recorded_at = actor, timezone.now()
    _full_clean(decided, exclude=["date"] if existing else [])
    decided.save()
    action = AuditAction.UPDATE if existing else AuditAction.CREATE
    if delta := audit.diff(before, audit.snapshot(decided)):
        audit.record(action=action, actor=actor, subject=decided, changes=delta)
    return decided


def check_calendar_day(*, day: date, kind: str, legal_basis: str, instrument_number: str) -> None:
    """Refuse a meaningless decision (a working day on a working day, a day off on a weekly rest day) and a
    decision without its instrument; the admin form shows the same errors before saving."""
    if kind == CalendarDayKind.WORKING_DAY and day.weekday() < 5 and not _is_default_day_off(day):
        raise ValidationError({"date": _("This date is a working day already.")})
    if kind == CalendarDayKind.DAY_OFF and day.weekday() >= 5 and not _is_default_weekend_work(day):
        raise ValidationError({"date": _("This date is a weekly rest day already.")})
    if not nfc(legal_basis or "").strip() and not nfc(instrument_number or "").strip():
        raise ValidationError(
            {"instrument_number": _("Record the instrument that decides this day: its number and date.")}
        )


@transaction.atomic
def remove_calendar_day(*, actor: Any, decided: CalendarDay) -> None:
    """Withdraw a decision: the date falls back to the holiday library's default. A date the shipped
    decisions cover keeps its row, marked withdrawn, so that a later load does not bring the decision back."""
    _require_organisation_manager(actor)
    decided = CalendarDay.objects.select_for_update().get(pk=decided.pk)
    if calendar_decisions.shipped_decision(decided.date) is None:
        audit.record(
            action=AuditAction.DELETE,
            actor=actor,
            subject=decided,
            changes=audit.diff(audit.snapshot(decided), {}),
        )
        decided.delete()
        return
    before = audit.snapshot(decided)
    decided.origin, decided.is_withdrawn = CalendarDayOrigin.ADMINISTRATOR, True
    decided.recorded_by, decided.recorded_at = actor, timezone.now()
    decided.save()
    if delta := audit.diff(before, audit.snapshot(decided)):
        audit.record(action=AuditAction.UPDATE, actor=actor, subject=decided, changes=delta)


def _is_default_day_off(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[0]


def _is_default_weekend_work(day: date) -> bool:
    return day in workdays.vietnam_defaults(day.year)[1]


# --- agencies the office corresponds with ------------------------------------------------------------------


@transaction.atomic
def create_agency(
    *,
    actor: Any,
    name: str,
    short_name: str = "",
    code: str = "",
    address: str = "",
    province_code: int | None = None,
) -> Agency:
    """Add a body to the office's list of agencies (petitions forwarded, documents received and sent)."""
    if actor is not None and not access.viewer_for(actor).has_working_role:
        raise PermissionDenied(_("You may not add agencies."))
    name, code = nfc(name), nfc(code).strip()
    if not name:
        raise ValidationError({"name": _("Give the agency's name.")})
    if Agency.objects.filter(folded=fold(name)).exists():
        raise ValidationError({"name": _("This agency is already on the list.")})
    if code and Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another agency already has this code.")})
    agency = Agency.objects.create(
        name=name,
        short_name=nfc(short_name),
        code=code,
        address=nfc(address),
        province_code=province_code,
        folded=fold(name),
    )
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=agency,
        changes={k: {"before": None, "after": v} for k, v in audit.snapshot(agency).items()},
    )
    return agency


# --- numbering registers ---------------------------------------------------------------------------------


def check_number_pattern(pattern: str) -> None:
    """A register's number format must contain {number}, and may use only {number} (with a width such as
    {number:05d}), {year} and {code}: no attribute or index lookups in a format an administrator types."""
    names = []
    try:
        for _text, name, spec, conversion in string.Formatter().parse(pattern):
            if name is None:
                continue
            if (
                name not in {"number", "year", "code"}
                or conversion
                or (spec and not re.fullmatch(r"0?\d{0,2}d", spec))
            ):
                raise ValueError(name)
            names.append(name)
    except ValueError as error:
        raise ValidationError(
            _("The number format may use only {number}, {year} and {code}: %(error)s") % {"error": error}
        ) from error
    if "number" not in names:
        raise ValidationError(_("The number format must contain {number}."))


@transaction.atomic
def take_number(*, code: str, on: date, name: str = "", pattern: str = "{number}/{year}") -> tuple[int, str]:
    """The next number of a register for the year of `on`, and how it is written. Two clerks registering at
    the same moment get different numbers: the register's row is locked until the transaction that takes the
    number commits (on SQLite the write lock is taken at BEGIN), and the number is rolled back with it."""
    register = NumberRegister.objects.select_for_update().filter(code=code, year=on.year).first()
    if register is None:
        check_number_pattern(pattern)
        try:
            with transaction.atomic():
                NumberRegister.objects.create(code=code, year=on.year, name=name or code, pattern=pattern)
        except IntegrityError:
            pass  # another transaction opened the year's register first: take the number from it
        register = NumberRegister.objects.select_for_update().get(code=code, year=on.year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number, register.format(register.last_number)


# --- attachments ------------------------------------------------------------------------------------------

# What a petition or a document comes with (scans, photos, PDF and office documents) and the caps on one
# submission are decided in chancery.core.uploads, from the file's content, not its name.
ATTACHMENT_MAX_BYTES = uploads.FILE_MAX_BYTES


def _require_attach(actor: Any, record: models.Model) -> None:
    if isinstance(record, ProtectedRecord) and actor is not None and not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))


@transaction.atomic
def attach_file(*, actor: Any, record: models.Model, upload: Any) -> Attachment:
    """Store a file on a record with its SHA-256 checksum. Refused: an empty or too large file, a type that is
    not a scan, photo, PDF or office document (read from its content; an office document's archive is
    inspected), and the same file twice on one record. A refusal after the file is stored removes it again
    (chancery.core.storage)."""
    _require_attach(actor, record)
    return _store_attachment(actor, record, upload, uploads.inspect(upload))


@transaction.atomic
def attach_files(
    *,
    actor: Any,
    record: models.Model,
    files: Sequence[Any],
    limits: uploads.Limits = uploads.OFFICE,
    registering: bool = False,
) -> list[Attachment]:
    """Store the files of one submission on a record: at most `limits.count` files of `limits.total_bytes`
    together, each checked by its content before any is stored; one refused refuses them all, and nothing
    is left behind. `registering`: the files come with the record's registration, by the person who
    registered it (a clerk who may register a petition for another unit), so they are theirs in the audit
    trail without a right to change the record afterwards."""
    if not registering:
        _require_attach(actor, record)
    uploads.check_submission(files, limits)
    kinds = [uploads.inspect(upload) for upload in files]
    return [_store_attachment(actor, record, upload, kind) for upload, kind in zip(files, kinds, strict=True)]


def _store_attachment(actor: Any, record: models.Model, upload: Any, kind: uploads.Kind) -> Attachment:
    name = uploads.download_name(nfc(getattr(upload, "name", "") or "") or "tep-dinh-kem", kind)[-255:]
    size = int(upload.size)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    checksum = digest.hexdigest()
    object_type = audit.object_type_of(record)
    if Attachment.objects.filter(object_type=object_type, object_id=record.pk, sha256=checksum).exists():
        raise ValidationError({"file": _("This file is already attached (%(name)s).") % {"name": name}})
    upload.seek(0)
    attachment = Attachment(
        object_type=object_type,
        object_id=record.pk,
        name=name,
        content_type=kind.content_type,
        size=size,
        sha256=checksum,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        attachment.file.save(f"{checksum[:16]}{kind.extension}", upload, save=False)
    except OSError as error:
        if not storage.is_storage_full(error):
            raise
        raise ValidationError(
            {
                "file": _(
                    "The server's file storage is full: %(name)s was not saved. "
                    "Please tell the administrator."
                )
                % {"name": name}
            }
        ) from error
    attachment.save()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        changes={"attachment": {"before": None, "after": f"sha256:{checksum}"}},
        message=f"Đính kèm tệp #{attachment.pk}, {grouped(size)} byte",
    )
    return attachment


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum it was stored with."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256
