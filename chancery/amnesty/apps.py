from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmnestyConfig(AppConfig):
    name = "chancery.amnesty"
    label = "amnesty"
    verbose_name = _("Amnesty")

    def ready(self) -> None:
        from chancery.amnesty import jobs  # noqa: F401  (declares the import and appraisal jobs)
