from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "chancery.honours"
    label = "honours"
    verbose_name = _("Honours")

    def ready(self) -> None:
        from chancery.honours import jobs  # noqa: F401  (declares the import and appraisal jobs)
