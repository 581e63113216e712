"""API tokens: issued from a logged-in session, stored only as a digest, limited in time, bound to the
person's password and access, and for people who must use two-step login, issued only after it and only for
reading.

A key is `chy_` and 43 random characters (256 bits, `secrets`); the database keeps its SHA-256 digest, enough
for a key of that strength, so a copy of the database or a backup gives no working token. A token stops
working:

- at the end of its lifetime (CHANCERY_API_TOKEN_DAYS; CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS for a person
  who must use two-step login), and after CHANCERY_API_TOKEN_IDLE_DAYS without use;
- when it is revoked: by the person, when a new one is issued, and by the services that change the person's
  password, roles, clearance, unit or account status, or reset the second factor;
- whatever path made such a change (a management command, a database console): each token carries an HMAC of
  the password hash, roles, clearance, unit and status it was issued under (`bound_to`), checked on every use.

Every use is attributable: the token's last use (time, address) is kept, and an audit event ("Dùng mã truy
cập API …", with the address) is written on its first use, whenever the address changes, and at most once a
minute while it is used; everything done with it is audited under the person's name like any other change.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from chancery.core import audit
from chancery.core.models import ApiToken, AuditAction, User
from chancery.core.security import needs_second_factor

KEY_PREFIX = "chy_"
KEYWORD = "Token"
# A token's use is written to the audit trail at most this often (and whenever its address changes).
USE_RECORDED_EVERY = timedelta(minutes=1)

# Why a token was revoked, as the services give it (kept so in `revoked_reason`), in the words of the audit
# trail, which reads in Vietnamese; a reason not listed is written as given.
REVOKE_REASON_WORDS = {
    "replaced by a new token": "thay bằng mã mới",
    "unused for too long": "không được dùng trong thời gian quá dài",
    "password or access changed": "mật khẩu hoặc quyền truy cập đã thay đổi",
    "password changed": "mật khẩu đã thay đổi",
    "password reset by administrator": "quản trị viên đặt lại mật khẩu",
    "roles, clearance, unit or status changed": (
        "vai trò, quyền tiếp cận bí mật, đơn vị hoặc trạng thái tài khoản đã thay đổi"
    ),
    "roles, clearance or credentials changed": (
        "vai trò, quyền tiếp cận bí mật hoặc thông tin đăng nhập đã thay đổi"
    ),
    "second factor reset": "đặt lại đăng nhập hai bước",
    "revoked by its owner": "người sở hữu tự thu hồi",
}


def reason_words(reason: str) -> str:
    return REVOKE_REASON_WORDS.get(reason, reason)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def binding_of(user: User) -> str:
    """An HMAC of what a token is issued under: the password hash, roles, clearance, unit and status. Any
    change to one of them (by any path) makes the person's tokens stop working."""
    roles = ",".join(sorted(user.role_codes))
    value = f"{user.password}|{roles}|{user.clearance}|{user.unit_id}|{user.is_active}"
    return salted_hmac("chancery.core.tokens.binding", value, algorithm="sha256").hexdigest()


def lifetime_for(user: User) -> tuple[timedelta, bool]:
    """How long a new token of this person lives, and whether it may only read."""
    if needs_second_factor(user):
        return timedelta(hours=settings.CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS), True
    return timedelta(days=settings.CHANCERY_API_TOKEN_DAYS), False


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once to the person, never stored


@transaction.atomic
def issue_api_token(*, user: Any, second_factor_verified: bool, from_console: bool = False) -> IssuedToken:
    """A new token for the person, from the person's own logged-in session; the previous one stops working.

    `second_factor_verified` says whether that session passed the second factor: a person who must use
    two-step login gets a token only from such a session, and then a read-only one of a few hours.
    `from_console`: issued by the operator of the server (`chancery api_token`), audited as the system's."""
    if not getattr(user, "is_active", False):
        raise PermissionDenied(_("This account is not active."))
    must_verify = needs_second_factor(user)
    if must_verify and not second_factor_verified:
        raise PermissionDenied(_("Log in with your second factor before you issue an API token."))
    revoke_api_tokens(user=user, actor=user, reason="replaced by a new token")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    lifetime, read_only = lifetime_for(user)
    token = ApiToken.objects.create(
        user=user,
        digest=digest_of(key),
        prefix=key[:10],
        bound_to=binding_of(user),
        second_factor=must_verify and second_factor_verified,
        read_only=read_only,
        created_at=now,
        expires_at=now + lifetime,
    )
    expires = timezone.localtime(token.expires_at).strftime("%d/%m/%Y %H:%M")
    audit.record(
        action=AuditAction.SECURITY,
        actor=None if from_console else user,
        subject=user,
        message=f"Cấp mã truy cập API {token}{' từ dòng lệnh trên máy chủ' if from_console else ''}, "
        f"hiệu lực đến {expires}" + (", chỉ được đọc" if read_only else ""),
    )
    return IssuedToken(token=token, key=key)


def revoke_api_tokens(*, user: Any, actor: Any, reason: str) -> int:
    """Revoke every working token of the person (the service that made the change passes its reason)."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:100]
    )
    if revoked:
        audit.record(
            action=AuditAction.SECURITY,
            actor=actor,
            subject=user,
            message=f"Thu hồi mã truy cập API: {reason_words(reason)}",
        )
    return revoked


def current_token(user: Any) -> ApiToken | None:
    """The person's working token, if any (for the account page)."""
    now = timezone.now()
    return (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
        .order_by("-id")
        .first()
    )


def _refuse(message: str, code: str) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(message, code=code)


def check_token(key: str, request: Any) -> tuple[User, ApiToken]:
    """The person a key stands for, after every check; raises AuthenticationFailed (401) or, for a write
    with a read-only token, PermissionDenied (403)."""
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
    if token is None or token.revoked_at is not None:
        raise _refuse(_("Invalid token."), "authentication_failed")
    user, now = token.user, timezone.now()
    if now >= token.expires_at:
        raise _refuse(_("This API token has expired; issue a new one on your account page."), "token_expired")
    idle_limit = timedelta(days=settings.CHANCERY_API_TOKEN_IDLE_DAYS)
    if now - (token.last_used_at or token.created_at) > idle_limit:
        _revoke_one(token, "unused for too long")
        raise _refuse(_("This API token has expired; issue a new one on your account page."), "token_expired")
    if not user.is_active:
        raise _refuse(_("User inactive or deleted."), "authentication_failed")
    if not constant_time_compare(token.bound_to, binding_of(user)):
        _revoke_one(token, "password or access changed")
        raise _refuse(
            _("This API token was revoked: the password or the access of its owner changed."), "token_revoked"
        )
    if needs_second_factor(user):
        lifetime = timedelta(hours=settings.CHANCERY_API_TOKEN_SECOND_FACTOR_HOURS)
        if not token.second_factor or now >= token.created_at + lifetime:
            raise _refuse(
                _("Your account uses two-step login: issue a new token after logging in with your code."),
                "second_factor_required",
            )
    if (token.read_only or needs_second_factor(user)) and request.method not in SAFE_METHODS:
        raise exceptions.PermissionDenied(
            _("This API token may only read; make changes in Chancery after two-step login."),
            code="token_read_only",
        )
    _record_use(token, request, now)
    return user, token


def _revoke_one(token: ApiToken, reason: str) -> None:
    with transaction.atomic():
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason=reason
        ):
            audit.record(
                action=AuditAction.SECURITY,
                actor=token.user,
                subject=token.user,
                message=f"Thu hồi mã truy cập API {token}: {reason_words(reason)}",
            )


def _record_use(token: ApiToken, request: Any, now: Any) -> None:
    address = audit.client_address(getattr(request, "_request", request))
    recent = token.last_used_at is not None and now - token.last_used_at < USE_RECORDED_EVERY
    if recent and token.last_used_ip == address:
        return
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=address)
        audit.record(
            action=AuditAction.LOGIN,
            actor=token.user,
            subject=token.user,
            message=f"Dùng mã truy cập API {token}: {request.method} {request.path}"[:300],
        )
    token.last_used_at, token.last_used_ip = now, address


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` for the REST API, checked by `check_token`.

    The second-factor rule is enforced here, because the middleware that enforces it for sessions runs
    before the API knows who a token belongs to."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) == 1:
            raise _refuse(_("Invalid token header. No credentials provided."), "authentication_failed")
        if len(parts) > 2:
            raise _refuse(
                _("Invalid token header. Token string should not contain spaces."), "authentication_failed"
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeError as error:
            raise _refuse(
                _("Invalid token header. Token string should not contain invalid characters."),
                "authentication_failed",
            ) from error
        return check_token(key, request)

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: `Authorization: Token <key>`."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An API token from your account page, with the prefix "Token": `Token chy_…`',
        }
