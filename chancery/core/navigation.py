"""The main navigation: one entry per module that exists, shown to those who may use it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.core import access, notifications


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    shortcut: str
    is_shown: Callable[[Any], bool] = lambda user: True


NAVIGATION: list[NavItem] = [
    NavItem(_("My work"), "core:dashboard", "bi-house", "1"),
    NavItem(_("Petitions"), "petitions:home", "bi-envelope-paper", "6"),
    NavItem(_("Documents"), "documents:home", "bi-file-earmark-text", "7"),
    NavItem(_("Honours"), "honours:home", "bi-award", "8"),
    NavItem(_("Amnesty"), "amnesty:home", "bi-unlock", "0"),
    NavItem(_("Laws and ordinances"), "legislation:board", "bi-bank", ""),
    NavItem(_("Foreign affairs"), "diplomacy:calendar", "bi-globe2", ""),
    NavItem(_("Work programme"), "programme:board", "bi-kanban", ""),
    NavItem(_("Organisation"), "core:unit_list", "bi-diagram-3", "2"),
    NavItem(_("Staff"), "core:staff_list", "bi-people", "3"),
    NavItem(_("Audit trail"), "core:audit_list", "bi-journal-text", "4"),
    NavItem(
        _("Access proposals"), "core:proposal_list", "bi-shield-lock", "", access.may_see_access_proposals
    ),
    NavItem(_("Jobs"), "core:job_list", "bi-hourglass-split", "5"),
    NavItem(_("Administration"), "admin:index", "bi-gear", "9", access.can_use_admin_site),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "unread_notifications": 0, "office_name": settings.CHANCERY_OFFICE_NAME}
    items = []
    for item in NAVIGATION:
        if item.is_shown(user):
            url = reverse(item.url_name)
            active = request.path == url or (url != "/" and request.path.startswith(url))
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "shortcut": item.shortcut,
                    "active": active,
                }
            )
    return {
        "navigation": items,
        "unread_notifications": notifications.unread_count(user),
        "office_name": settings.CHANCERY_OFFICE_NAME,
    }
