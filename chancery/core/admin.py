"""Admin screens to manage units, staff and roles; every save goes through the services (checked, audited)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UsernameField
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from chancery.core import access, audit, security, services
from chancery.core.models import Assignment, AuditAction, AuditEvent, CalendarDay, Role, Unit, User


class AdministratorsOnly:
    """Model screens for the administrator role; deleting is never offered (deactivate instead)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_manage_organisation(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_organisation(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return access.can_manage_organisation(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_organisation(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "short_name")
    fields = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active")

    def save_model(self, request: HttpRequest, obj: Unit, form: ModelForm, change: bool) -> None:
        values = {f: form.cleaned_data[f] for f in services.UNIT_FIELDS if f in form.cleaned_data}
        if change:
            changed = {f: v for f, v in values.items() if f in form.changed_data}
            services.update_unit(actor=request.user, unit=obj, **changed)
        else:
            obj.pk = services.create_unit(actor=request.user, **values).pk


class StaffCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "full_name", "unit", "position", "clearance")
        field_classes = {"username": UsernameField}


@admin.register(User)
class StaffAdmin(AdministratorsOnly, UserAdmin):
    list_display = ("username", "full_name", "unit", "position", "clearance", "is_active")
    list_filter = ("unit", "roles", "clearance", "is_active")
    search_fields = ("username", "full_name", "email", "search_key")
    ordering = ("full_name",)
    filter_horizontal = ("roles",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Staff member"), {"fields": ("full_name", "email", "phone", "unit", "position")}),
        (_("Access"), {"fields": ("roles", "clearance", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_form = StaffCreationForm
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset two-step login (lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for staff in queryset:
            security.remove_second_factor(actor=request.user, user=staff)
        self.message_user(request, _("Two-step login reset; it is set up again at the next login."))

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "unit",
                    "position",
                    "clearance",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changed = {f: data[f] for f in services.STAFF_FIELDS if f in data and f in form.changed_data}
            roles = [r.code for r in data["roles"]] if "roles" in form.changed_data else None
            services.update_staff(actor=request.user, staff=obj, roles=roles, **changed)
        else:
            created = services.create_staff(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                unit=data.get("unit"),
                password=data.get("password1") or None,
                position=data.get("position", ""),
                clearance=data.get("clearance", 0),
            )
            obj.pk = created.pk

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """Roles were saved by the service, with the rest of the change."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's password-reset screen saves the form itself; the reset is recorded here."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            staff = User.objects.get(pk=id)
            audit.record(
                action=AuditAction.SECURITY,
                actor=request.user,
                subject=staff,
                message="password reset by administrator",
            )
        return response


@admin.register(Role)
class RoleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("code", "__str__")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(AdministratorsOnly, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only; also the baseline the audit-trail benchmark compares the Chancery page with."""

    list_display = ("id", "at", "actor_name", "action", "object_type", "object_id", "object_repr", "seq")
    list_filter = ("action", "object_type", "actor")
    search_fields = ("object_repr", "actor_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return access.visible_audit_events(request.user, super().get_queryset(request))


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("object_type", "object_id", "user", "unit", "kind", "assigned_at", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(CalendarDay)
class CalendarDayAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Each year's decisions on days off and make-up working days; the holidays themselves come from the
    `holidays` package and need no entry."""

    list_display = ("date", "kind", "name", "legal_basis")
    list_filter = ("kind",)
    date_hierarchy = "date"
    fields = ("date", "kind", "name", "legal_basis")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_manage_organisation(request.user)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if change and "date" in form.changed_data:
            services.remove_calendar_day(actor=request.user, decided=CalendarDay.objects.get(pk=obj.pk))
        decided = services.set_calendar_day(
            actor=request.user,
            day=data["date"],
            kind=data["kind"],
            name=data["name"],
            legal_basis=data["legal_basis"],
        )
        obj.pk = decided.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.remove_calendar_day(actor=request.user, decided=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for decided in queryset:
            services.remove_calendar_day(actor=request.user, decided=decided)
