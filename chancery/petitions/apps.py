from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "chancery.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        # the importer and the learning declare their job kinds
        from chancery.petitions import importer, learning, registry  # noqa: F401
        from chancery.petitions.scanning import job  # noqa: F401  (the scanned letters' job kind)

        registry.register_all()
