from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from chancery.core import access


class ChanceryAdminSite(admin.AdminSite):
    """The admin screens, for administrators only (the role, not Django's superuser flag alone)."""

    site_header = _("Chancery administration")
    site_title = _("Chancery administration")
    index_title = _("Organisation and accounts")

    def has_permission(self, request: HttpRequest) -> bool:
        return access.can_use_admin_site(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """One login page for the whole office, with lockout and the second factor. A person signed in who
        is not an administrator is told so (403, why and whom to ask), not sent round the login again."""
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied
        from django.urls import reverse

        if request.user.is_authenticated:
            raise PermissionDenied(
                _("The administration screens are for the Office's system administrators (role Quản trị).")
            )
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("core:login"))
