from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "chancery.programme"
    label = "programme"
    verbose_name = _("Work programme, key tasks and reports")

    def ready(self) -> None:
        from . import registry

        registry.register_all()
