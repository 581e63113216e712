"""Countries and organisations are reference data the administrator keeps (a Vietnamese name corrected, a
country no longer offered)."""

from typing import Any

from django.contrib import admin

from chancery.core.admin import AdministratorsOnly
from chancery.core.text import fold, nfc

from .models import Country, Organisation


@admin.register(Country)
class CountryAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("name", "name_en", "alpha2", "alpha3", "numeric", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en", "alpha2", "alpha3")
    readonly_fields = ("alpha2", "alpha3", "numeric", "name_en")

    def save_model(self, request: Any, obj: Country, form: Any, change: bool) -> None:
        obj.name = nfc(obj.name)
        obj.folded = fold(f"{obj.name} {obj.name_en} {obj.alpha2} {obj.alpha3}")
        super().save_model(request, obj, form, change)


@admin.register(Organisation)
class OrganisationAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("acronym", "name", "name_en")
    search_fields = ("acronym", "name", "name_en")

    def save_model(self, request: Any, obj: Organisation, form: Any, change: bool) -> None:
        obj.name = nfc(obj.name)
        obj.folded = fold(f"{obj.acronym} {obj.name} {obj.name_en}")
        super().save_model(request, obj, form, change)
