from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "chancery.core"
    label = "core"
    verbose_name = _("Organisation and platform")

    def ready(self) -> None:
        # security and lockout connect the login handlers
        from chancery.core import lockout, security, sqlite  # noqa: F401

        sqlite.connect()


class ChanceryAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "chancery.core.admin_site.ChanceryAdminSite"
