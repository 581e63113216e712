"""One-time links with which a person sets their own password after a confirmed reset of a protected account.

An administrator never learns the password of a member of the leadership or of a person with clearance Tối
mật and above: a confirmed reset makes the password unusable and issues a link to the member of the
leadership who confirmed it, shown once, to hand over to the person (in person, or by a channel the
leadership trusts). It is not e-mailed: the address on the account is one an administrator may change alone,
and the office's mail may be printed to the server's log (the console backend).

The key is 256 random bits (`secrets`); only its SHA-256 digest is stored, so the database, a backup or the
admin screens give no working link. A link works once, for CHANCERY_PASSWORD_LINK_HOURS, while the account is
active and has no usable password (a password set by any other path ends it), and not after a newer link for
the same person. Its issue, its use and every refused attempt are in the audit trail; using it ends the
person's sessions and API tokens like any password change.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.models import AccessProposal, AuditAction, PasswordSetLink, User


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    link: PasswordSetLink
    key: str  # shown once to the person who hands it over, never stored

    @property
    def path(self) -> str:
        """The link's path; the key rides in the query string, which the application's log leaves out."""
        return f"{reverse('core:password_set')}?{urlencode({'key': self.key})}"

    @property
    def expires_at(self) -> Any:
        return self.link.expires_at


def issue_password_link(*, staff: User, handed_to: Any, proposal: AccessProposal | None = None) -> IssuedLink:
    """A new one-time link for the person (earlier ones stop working), in the caller's transaction."""
    revoke_password_links(staff)
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    link = PasswordSetLink.objects.create(
        user=staff,
        digest=digest_of(key),
        proposal=proposal,
        handed_to=handed_to if getattr(handed_to, "pk", None) else None,
        created_at=now,
        expires_at=now + timedelta(hours=settings.CHANCERY_PASSWORD_LINK_HOURS),
    )
    expires = timezone.localtime(link.expires_at).strftime("%d/%m/%Y %H:%M")
    audit.record(
        action=AuditAction.SECURITY,
        actor=handed_to,
        subject=staff,
        message=f"Cấp liên kết dùng một lần #{link.pk} để đặt mật khẩu"
        + (f" (đề xuất cấp quyền số {proposal.pk})" if proposal is not None else "")
        + f", người nhận để trao tận tay: {handed_to or 'hệ thống'}, hiệu lực đến {expires}",
    )
    return IssuedLink(link=link, key=key)


def revoke_password_links(staff: User) -> int:
    """End the person's links not used yet (a newer link, or a password set by another path)."""
    return PasswordSetLink.objects.filter(user=staff, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _problem(link: PasswordSetLink) -> str | None:
    """Why a link no longer works, in the audit trail's words; None while it works."""
    if link.used_at is not None:
        return "đã được dùng"
    if link.revoked_at is not None:
        return "đã bị thay thế hoặc chấm dứt"
    if timezone.now() >= link.expires_at:
        return "đã hết hạn"
    if not link.user.is_active:
        return "tài khoản không còn hoạt động"
    if link.user.has_usable_password():
        return "mật khẩu đã được đặt sau khi cấp liên kết"
    return None


def _invalid() -> ValidationError:
    return ValidationError(
        _("This link is not valid: it has been used, has expired or was replaced. Ask for a new one."),
        code="invalid_link",
    )


def _refuse(link: PasswordSetLink, problem: str) -> None:
    audit.record(
        action=AuditAction.LOGIN_FAILED,
        actor=link.user,
        subject=link.user,
        message=f"Từ chối liên kết dùng một lần #{link.pk}: {problem}",
    )


def person_of_link(key: str) -> User:
    """The person a working link is for; a link that no longer works is refused (and the attempt audited)."""
    link = PasswordSetLink.objects.select_related("user").filter(digest=digest_of(key or "")).first()
    if link is None:
        raise _invalid()
    problem = _problem(link)
    if problem is not None:
        with transaction.atomic():
            _refuse(link, problem)
        raise _invalid()
    return link.user


def set_password_with_link(*, key: str, password: str) -> User:
    """The person sets a new password with the link: once. Ends the person's sessions and API tokens."""
    from chancery.core.security import end_sessions
    from chancery.core.tokens import revoke_api_tokens

    with transaction.atomic():
        link = (
            PasswordSetLink.objects.select_for_update()
            .select_related("user")
            .filter(digest=digest_of(key or ""))
            .first()
        )
        if link is None:
            raise _invalid()
        staff = User.objects.select_for_update().get(pk=link.user_id)
        link.user = staff
        problem = _problem(link)
        if problem is None:
            validate_password(password, staff)
            staff.set_password(password)
            staff.password_set_by_other = False
            staff.save(update_fields=["password", "password_set_by_other"])
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            audit.record(
                action=AuditAction.SECURITY,
                actor=staff,
                subject=staff,
                message=f"Đặt mật khẩu bằng liên kết dùng một lần #{link.pk}",
            )
            revoke_api_tokens(user=staff, actor=staff, reason="password changed")
            end_sessions(staff, actor=staff, reason="đặt mật khẩu bằng liên kết dùng một lần")
            return staff
        _refuse(link, problem)
    raise _invalid()
