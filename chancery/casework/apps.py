from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "chancery.casework"
    label = "casework"
    verbose_name = _("Casework")
