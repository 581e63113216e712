from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiplomacyConfig(AppConfig):
    name = "chancery.diplomacy"
    label = "diplomacy"
    verbose_name = _("Treaties and foreign affairs")

    def ready(self) -> None:
        from . import registry

        registry.register_all()
