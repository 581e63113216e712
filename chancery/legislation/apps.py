from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "chancery.legislation"
    label = "legislation"
    verbose_name = _("Promulgation of laws and ordinances")

    def ready(self) -> None:
        from . import registry

        registry.register_all()
