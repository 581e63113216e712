"""The facilities are reference data the administrator keeps (a prison opened, merged or closed)."""

from django.contrib import admin

from chancery.core.admin import AdministratorsOnly

from .models import Facility


@admin.register(Facility)
class FacilityAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("name", "ministry", "province", "is_active")
    list_filter = ("ministry", "is_active")
    search_fields = ("name", "province")
