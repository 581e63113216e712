from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "chancery.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from chancery.petitions import importer, registry  # noqa: F401  (importer declares its job kind)

        registry.register_all()
