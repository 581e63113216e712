"""Lockout after failed logins (django-axes): by user name and address together, with back-off, alerted.

A person's account is never locked as such: what is locked is one user name tried from one address, after
AXES_FAILURE_LIMIT wrong passwords. Whoever guesses is stopped; the person logs in from their own machine as
usual. Each further lockout of the same pair within CHANCERY_LOCKOUT_MAX lasts twice as long (15, 30, 60
minutes… up to CHANCERY_LOCKOUT_MAX), and every failure during a lockout counts towards the next one, so
hammering only lengthens it. The failures are remembered in axes' failure log (AccessFailureLog). When a
lockout begins, the audit trail records it and the administrators get a notice (once an hour per person),
so that a guessing campaign against a person is seen. An IPv6 address counts as its /64 network.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.models import AuditAction, NotificationKind, RoleCode, User


def lockout_address(request: HttpRequest) -> str | None:
    """The address a lockout is kept for (AXES_CLIENT_IP_CALLABLE): the person's address behind the office's
    proxies (`audit.client_address`), an IPv6 address cut to its /64 network, which one machine or one
    customer of a provider holds whole: otherwise a guesser would get a fresh address for every 5 tries."""
    address = audit.client_address(request)
    if address is None:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _address(request: HttpRequest) -> str | None:
    return getattr(request, "axes_ip_address", None) or lockout_address(request)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long the pair (user name, address) of this request stays locked once locked: the base time,
    doubled for every AXES_FAILURE_LIMIT failures the pair already had within CHANCERY_LOCKOUT_MAX, capped.
    Worked out once per request, so that every step of axes sees the same value (AXES_COOLOFF_TIME)."""
    base, cap = settings.CHANCERY_LOCKOUT_BASE, settings.CHANCERY_LOCKOUT_MAX
    if request is None:
        return base
    cached = request.__dict__.get("_chancery_cool_off")
    if cached is not None:
        return cached
    username = get_client_username(request)
    earlier = AccessFailureLog.objects.filter(
        username=username, ip_address=_address(request), attempt_time__gte=timezone.now() - cap
    ).count()
    doublings = min(earlier // max(settings.AXES_FAILURE_LIMIT, 1), 20)
    value = min(base * 2**doublings, cap)
    request.__dict__["_chancery_cool_off"] = value
    return value


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, counting a pair's failures while their lockout runs (`expires_at`, set from
    `cool_off` at each failure), rather than within one cool-off of the last failure: each pair keeps the
    back-off it earned, whatever the cool-off of the request that asks."""

    def get_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> list[QuerySet]:
        now = timezone.now()
        return [
            attempts.filter(expiration__expires_at__gt=now)
            for attempts in self.filter_user_attempts(request, credentials)
        ]


@receiver(user_locked_out)
def _lockout_began(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Audit the start of a lockout and alert the administrators (axes sends this signal at every failure
    from the limit on; only the failure that reaches the limit starts a lockout)."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    from chancery.core.notifications import notify

    minutes = int(cool_off(request).total_seconds() // 60)
    person = User.objects.filter(username=username or "").first()
    audit.record(
        action=AuditAction.SECURITY,
        subject=person,
        message=f"Tạm khóa đăng nhập {minutes} phút: tên đăng nhập {str(username or '')[:60]!r}, "
        f"từ địa chỉ {ip_address}",
    )
    if person is None:
        return  # a name that is no account: in the audit trail, not worth an administrator's notice
    administrators = User.objects.filter(is_active=True, roles__code=RoleCode.ADMINISTRATOR).distinct()
    # One notice an hour per person, however many addresses guess (each lockout is in the audit trail).
    hour = timezone.localtime().strftime("%Y%m%d%H")
    key = "lockout:" + hashlib.sha256(f"{person.pk}|{hour}".encode()).hexdigest()[:40]
    notify(
        administrators,
        kind=NotificationKind.SECURITY_ALERT,
        title=_(
            "Logins as %(person)s from %(address)s are blocked for %(minutes)s minutes after "
            "%(count)s wrong passwords"
        )
        % {"person": person, "address": ip_address, "minutes": minutes, "count": settings.AXES_FAILURE_LIMIT},
        subject=person,
        key=key,
    )
