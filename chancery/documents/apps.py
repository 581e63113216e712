from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chancery.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        # the register's print and the reading of a scan declare their job kinds
        from chancery.documents import printing, registers, registry  # noqa: F401
        from chancery.documents.scanning import job  # noqa: F401

        registry.register_all()
