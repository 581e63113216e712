"""The baseline of the case-list benchmark: Django admin's changelist over the same table, set up the way a
developer would (columns, filter by state, sortable columns, related unit fetched in the same query)."""

from django.contrib import admin
from django.http import HttpRequest

from chancery.core.tests.protected.models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin[Complaint]):
    list_display = ("id", "title", "state", "owning_unit", "created_at")
    list_filter = ("state",)
    list_select_related = ("owning_unit",)
    ordering = ("-id",)
    list_per_page = 50

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_view_permission(self, request: HttpRequest, obj: Complaint | None = None) -> bool:
        return True  # the admin site itself lets administrators only in (ChanceryAdminSite)
