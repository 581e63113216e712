"""Login security: the second factor (TOTP), and the login events written to the audit trail.

A wrong second-factor code is a failed login in the audit trail. django-otp's throttle then makes each device
wait before it checks another code (1, 2, 4… seconds), the right code included: the person is told how long
to wait, not that the code is wrong. After CHANCERY_LOCKOUT_FAILURES wrong or refused codes within
CHANCERY_LOCKOUT_MINUTES, someone may hold the person's password: the administrators are alerted, once an hour
per person, and the alert is audited, as the password lockout does.

API tokens are in `chancery.core.tokens`, the lockout after failed logins in `chancery.core.lockout`."""

from __future__ import annotations

import hashlib
import math
from base64 import b32encode
from importlib import import_module
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.core import access, audit
from chancery.core.models import AuditAction, AuditEvent, NotificationKind, RoleCode, User


def second_factor_is_required(user: Any) -> bool:
    """Tối mật and Tuyệt mật clearance require a second factor (the threshold is a setting)."""
    return int(getattr(user, "clearance", 0)) >= settings.CHANCERY_SECOND_FACTOR_FROM_CLEARANCE


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user: Any) -> bool:
    """Whether this person must pass a second factor at login: required by clearance, or chosen."""
    cached = user.__dict__.get("_needs_second_factor")
    if cached is None:
        cached = second_factor_is_required(user) or has_second_factor(user)
        user.__dict__["_needs_second_factor"] = cached
    return bool(cached)


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled: an unconfirmed TOTP device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Chancery", confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (no image served from elsewhere, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def base32_key(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


@transaction.atomic
def confirm_device(*, user: Any, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment with a first code; other devices of the user are removed."""
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    user.__dict__.pop("_needs_second_factor", None)
    audit.record(
        action=AuditAction.SECURITY, actor=user, subject=user, message="Thiết lập đăng nhập hai bước"
    )
    return True


class SecondFactorThrottled(Exception):
    """No code is checked now: too many wrong codes; `seconds` to wait."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def second_factor_wait(user: Any) -> int:
    """Seconds before django-otp's throttle lets a device of the person check a code again (0: now)."""
    now, waits = timezone.now(), []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if allowed:
            return 0
        until = (details or {}).get("locked_until")
        waits.append(max(1, math.ceil((until - now).total_seconds())) if until is not None else 1)
    return min(waits, default=0)


def throttled_message(seconds: int) -> str:
    """What the person is told while the throttle runs: to wait, and how long."""
    if seconds < 120:
        return ngettext(
            "Too many wrong codes: wait %(count)s second, then type the code shown then.",
            "Too many wrong codes: wait %(count)s seconds, then type the code shown then.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many wrong codes: wait %(count)s minute, then type the code shown then.",
        "Too many wrong codes: wait %(count)s minutes, then type the code shown then.",
        minutes,
    ) % {"count": minutes}


# The audit messages of a refused code and of the alert begin so; the counts below find them by it.
WRONG_CODE = "Sai mã đăng nhập hai bước"
CODE_REFUSED = "Không kiểm tra mã đăng nhập hai bước"
SECOND_FACTOR_FAILURES = Q(message__startswith=WRONG_CODE) | Q(message__startswith=CODE_REFUSED)
GUESSING_ALERT = "Nghi có người dò mã đăng nhập hai bước"


def verify_token(user: Any, token: str) -> TOTPDevice | None:
    """The device whose code this is; None for a wrong code. While the devices' throttle runs no code is
    checked: `SecondFactorThrottled`, with the seconds to wait. Either is a failed login in the audit trail,
    and repeated ones alert the administrators."""
    wait = second_factor_wait(user)
    if wait:
        _second_factor_failed(user, f"{CODE_REFUSED}: nhập sai quá nhiều lần, phải chờ {wait} giây")
        raise SecondFactorThrottled(wait)
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token.strip()):
            return device
    _second_factor_failed(user, WRONG_CODE)
    return None


def _second_factor_failed(user: Any, message: str) -> None:
    """Audit a refused code; from the lockout's number of failures within its time, alert the administrators
    (once an hour per person, and that alert audited once)."""
    audit.record(action=AuditAction.LOGIN_FAILED, actor=user, subject=user, message=message)
    now = timezone.now()
    window = settings.CHANCERY_LOCKOUT_BASE
    events = AuditEvent.objects.filter(object_type=audit.object_type_of(User), object_id=user.pk)
    failures = events.filter(SECOND_FACTOR_FAILURES, action=AuditAction.LOGIN_FAILED, at__gte=now - window)
    count = failures.count()
    if count < settings.AXES_FAILURE_LIMIT:
        return
    hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    if events.filter(action=AuditAction.SECURITY, message__startswith=GUESSING_ALERT, at__gte=hour).exists():
        return
    from chancery.core.notifications import notify

    address = audit.client_address(audit.current_request.get()) or "?"
    minutes = int(window.total_seconds() // 60)
    audit.record(
        action=AuditAction.SECURITY,
        subject=user,
        message=f"{GUESSING_ALERT}: {count} lần nhập sai hoặc bị từ chối trong {minutes} phút, "
        f"lần cuối từ địa chỉ {address}; đã báo quản trị viên",
    )
    administrators = User.objects.filter(is_active=True, roles__code=RoleCode.ADMINISTRATOR).distinct()
    key = "second-factor:" + hashlib.sha256(f"{user.pk}|{hour:%Y%m%d%H}".encode()).hexdigest()[:40]
    notify(
        administrators,
        kind=NotificationKind.SECURITY_ALERT,
        title=_(
            "%(count)s wrong second-factor codes for %(person)s within %(minutes)s minutes, the last from "
            "%(address)s: someone may hold the password"
        )
        % {"count": count, "person": user, "minutes": minutes, "address": address},
        subject=user,
        key=key,
    )


def reset_needs_second_person_message() -> str:
    return _(
        "This account belongs to the office leadership or has a secrecy clearance: resetting its password or "
        "two-step login takes a second person. Propose the reset; a member of the leadership with that "
        "clearance confirms it (Access proposals, /api/v1/access-proposals/)."
    )


def check_reset_alone(actor: Any, staff: Any) -> None:
    """One administrator resets the password or the second factor of an account that is not protected; a
    protected account's reset is proposed and confirmed (`services.propose_access`). `None` is the system
    itself (set-up commands at the server's console)."""
    if actor is None:
        return
    if not access.can_manage_organisation(actor):
        raise PermissionDenied(_("Only an administrator may change the organisation and accounts."))
    if access.is_protected_account(staff):
        raise PermissionDenied(reset_needs_second_person_message())


@transaction.atomic
def remove_second_factor(*, actor: Any, user: Any) -> None:
    """An administrator resets a lost device of an account that is not protected; the person enrols again
    at the next login. A protected account's device is removed only by a confirmed proposal
    (`delete_second_factor`, from `services.confirm_access_proposal`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    check_reset_alone(actor, user)
    delete_second_factor(user=user, actor=actor, reason="Đặt lại đăng nhập hai bước")


def delete_second_factor(*, user: Any, actor: Any, reason: str) -> None:
    """Remove the person's devices and end the person's sessions and API tokens, in the caller's
    transaction (its permission checked by the caller)."""
    from chancery.core.tokens import revoke_api_tokens

    TOTPDevice.objects.filter(user=user).delete()
    user.__dict__.pop("_needs_second_factor", None)
    audit.record(action=AuditAction.SECURITY, actor=actor, subject=user, message=reason)
    revoke_api_tokens(user=user, actor=actor, reason="second factor reset")
    end_sessions(user, actor=actor, reason="đặt lại đăng nhập hai bước")


def end_sessions(user: Any, *, actor: Any, reason: str) -> int:
    """Log the person out everywhere: delete every unexpired session of theirs (the database session store;
    a session verified by a removed device would otherwise be led to enrol a new one). Audited when any."""
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is None:
        return 0  # a store that cannot be listed: a password change still ends its sessions (Django's hash)
    ended = 0
    for session in get_model().objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store_class(session_key=session.session_key).delete()
            ended += 1
    if ended:
        audit.record(
            action=AuditAction.SECURITY,
            actor=actor,
            subject=user,
            message=f"Chấm dứt {ended} phiên đăng nhập: {reason}",
        )
    return ended


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(action=AuditAction.LOGIN, actor=user, subject=user)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(action=AuditAction.LOGOUT, actor=user, subject=user)


@receiver(user_login_failed)
def _audit_login_failure(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(action=AuditAction.LOGIN_FAILED, message=f"Tên đăng nhập: {username}")
