from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "chancery.honours"
    label = "honours"
    verbose_name = _("Honours")

    def ready(self) -> None:
        from chancery.appraisal.links import register_round
        from chancery.honours import jobs  # noqa: F401  (declares the import and appraisal jobs)
        from chancery.honours.models import HonoursBatch

        # a batch is linked to what it rests on: the proposing body's submission, the Office's Tờ trình
        register_round("honours-batch", _("Honours batch"), HonoursBatch)
