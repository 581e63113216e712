from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chancery.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from chancery.documents import registers, registry  # noqa: F401  (registers declares its job kind)

        registry.register_all()
