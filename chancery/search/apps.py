from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "chancery.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from chancery.search import index  # noqa: F401  (registers what is indexed, keeps it in step)
