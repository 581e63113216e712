from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "chancery.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from chancery.casework import export, watch  # noqa: F401  (declare the jobs, watch the calendar)
