"""The organisation and its accounts: units (their code, their place in the tree, those the settings name),
staff accounts, their roles, clearance and password, and the rules every path that changes them follows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from chancery.core import access, audit, password_links, security
from chancery.core.models import AuditAction, Role, RoleCode, SecrecyLevel, Unit, User
from chancery.core.text import fold, nfc

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
