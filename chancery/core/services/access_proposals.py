"""The four-eyes rule on access to state secrets: an administrator proposes what one administrator may not
do alone (the leadership role, a clearance, a change or a reset of a protected account), and a member of the
leadership with that clearance confirms, rejects it, or the administrator withdraws it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chancery.core import access, audit, password_links, security
from chancery.core.models import (
    AccessProposal,
    AuditAction,
    NotificationKind,
    ProposalStatus,
    RoleCode,
    SecrecyLevel,
    Unit,
    User,
)
from chancery.core.notifications import notify
from chancery.core.services.organisation import (
    _revoke_tokens,
    _roles,
    _sync_derived_fields,
    account_facts,
    changed_facts,
)
from chancery.core.text import nfc


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
