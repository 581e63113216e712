"""The baseline of the case-list benchmark for the real lists: Django admin's changelist of petitions and of
incoming documents, set up the way a developer would (the list's columns, a filter by state, sortable columns,
a prefix search, the related rows fetched in the same query, 50 rows a page).

The admin site's URLs are built once, when the URLconf is first read (Django's checks read it before any
benchmark runs), so these admins are on a site of their own with a URLconf of their own: this module, which
serves the site under /bench-admin/ beside every URL of the project. The benchmark reads its pages with this
URLconf in force (`override_settings(ROOT_URLCONF="bench.list_admin")`).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from chancery.core.admin_site import ChanceryAdminSite
from chancery.documents.models import IncomingDocument
from chancery.petitions.models import Petition

site = ChanceryAdminSite(name="bench-lists")
PREFIX = "/bench-admin/"


class _Readable(admin.ModelAdmin[Any]):
    list_per_page = 50

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the admin site itself lets administrators only in (ChanceryAdminSite)


@admin.register(Petition, site=site)
class PetitionAdmin(_Readable):
    list_display = (
        "registry_number",
        "received_on",
        "petitioner_name",
        "summary",
        "kind",
        "field",
        "province_code",
        "state",
        "competent_agency",
    )
    list_filter = ("state",)
    list_select_related = ("owning_unit", "competent_agency")
    search_fields = ("^registry_number",)
    ordering = ("-received_on", "-id")


@admin.register(IncomingDocument, site=site)
class IncomingAdmin(_Readable):
    list_display = (
        "arrival_number",
        "received_on",
        "urgency",
        "sender_name",
        "reference",
        "summary",
        "secrecy",
        "state",
    )
    list_filter = ("state",)
    list_select_related = ("owning_unit", "sender")
    search_fields = ("^sender_name",)
    ordering = ("-received_on", "-id")


urlpatterns = [path(PREFIX.strip("/") + "/", site.urls), path("", include("chancery.urls"))]
