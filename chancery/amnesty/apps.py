from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmnestyConfig(AppConfig):
    name = "chancery.amnesty"
    label = "amnesty"
    verbose_name = _("Amnesty")

    def ready(self) -> None:
        from chancery.amnesty import jobs  # noqa: F401  (declares the import and appraisal jobs)
        from chancery.amnesty.models import Campaign
        from chancery.appraisal.links import register_round

        # a campaign is linked to what it rests on: the Government's Tờ trình, the Office's (the decision's
        # preamble cites them), the facilities' submissions
        register_round("amnesty-campaign", _("Amnesty campaign"), Campaign)
        # the decision's PDF, printed from its text when it has no file (issued from paper, the demo's),
        # carries the list its Điều 1 names
        from chancery.amnesty.decision import printed_annex, printed_rows
        from chancery.documents.drafting import AnnexSource, register_annex

        register_annex(AnnexSource(rows=printed_rows, annex=printed_annex))
