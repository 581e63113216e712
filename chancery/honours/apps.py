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
        # the decision's PDF, printed from its text when it has no file (issued from paper, the demo's),
        # carries the list its Điều 1 names
        from chancery.documents.drafting import AnnexSource, register_annex
        from chancery.honours.decision import printed_annex, printed_rows

        register_annex(AnnexSource(rows=printed_rows, annex=printed_annex))
