"""Admin screens to manage units, staff and roles; every save goes through the services (checked, audited)."""

import copy
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UsernameField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chancery.core import access, security, services
from chancery.core.models import Assignment, AuditEvent, CalendarDay, Role, Unit, User


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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A unit's code is its identifier: given once, when the unit is opened."""
        return ("code",) if obj is not None else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """The form checks the change as the service will (services.check_unit_change: a unit the settings
        name is neither moved, nor any unit above it, nor deactivated), so a refusal comes back as errors."""
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class CheckedUnitForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if obj is not None:
                    changes = {f: data[f] for f in self.changed_data if f in data}
                    try:
                        services.check_unit_change(actor=actor, unit=obj, changes=changes)
                    except ValidationError as error:
                        for field, problems in error.message_dict.items():
                            self.add_error(field if field in self.fields else None, problems)
                return data

        return CheckedUnitForm

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


class StaffPasswordForm(AdminPasswordChangeForm):
    """Django's password screen, saved by `services.set_staff_password` (which refuses a protected account,
    audits the reset and ends the person's API tokens) with the administrator who submitted it."""

    actor: Any = None

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)  # a new password, never "no password" chosen here

    def save(self, commit: bool = True) -> Any:
        services.set_staff_password(
            actor=self.actor, staff=self.user, password=self.cleaned_data["password1"]
        )
        return self.user


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
        """Accounts that are not protected are reset here; a protected account's reset is proposed."""
        done, refused = 0, []
        for staff in queryset:
            try:
                security.remove_second_factor(actor=request.user, user=staff)
            except PermissionDenied:
                refused.append(str(staff))
            else:
                done += 1
        if done:
            self.message_user(request, _("Two-step login reset; it is set up again at the next login."))
        if refused:
            self.message_user(
                request,
                _("Not reset: %(names)s. %(rule)s")
                % {"names": ", ".join(refused), "rule": security.reset_needs_second_person_message()},
                level=messages.ERROR,
            )

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

    # What of a protected account only a confirmed proposal changes (access.FOUR_EYES_FIELDS): shown, not
    # editable, on its screen.
    protected_fields = ("username", "email", "unit", "roles", "clearance", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and access.is_protected_account(obj):
            fields += self.protected_fields
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """A protected account's screen says where its access is changed: the proposal page."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not access.is_protected_account(obj):
            return fieldsets
        note = format_html(
            '{} <a href="{}">{}</a>',
            _(
                "This account is protected (the office leadership, or a secrecy clearance): its roles, "
                "clearance, unit, status and e-mail address change only by a proposal of an administrator "
                "that a member of the leadership with that clearance confirms."
            ),
            reverse("core:staff_propose", args=[obj.pk]),
            _("Propose a change of access"),
        )
        return [
            (name, {**options, "description": note} if name == _("Access") else options)
            for name, options in fieldsets
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """The staff forms check the rules on access before they are saved (services.check_access_change,
        the same check the service makes): nobody changes their own roles, clearance or unit; the leadership
        role or any clearance is proposed, never granted here; a protected account's roles, clearance, unit,
        status and e-mail address are not changed here at all."""
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class CheckedStaffForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                shown = self.fields
                roles = data.get("roles") if "roles" in shown else None
                unit = data.get("unit") if "unit" in shown else getattr(obj, "unit", None)
                clearance = data.get("clearance") if "clearance" in shown else getattr(obj, "clearance", 0)
                changed = []
                if obj is not None and "is_active" in shown and bool(data.get("is_active")) != obj.is_active:
                    changed.append("is_active")
                if obj is not None and "email" in shown and (data.get("email") or "") != (obj.email or ""):
                    changed.append("email")
                if (
                    obj is not None
                    and "position" in shown
                    and (data.get("position") or "") != (obj.position or "")
                ):
                    changed.append("position")
                try:
                    services.check_access_change(
                        actor=actor,
                        staff_id=obj.pk if obj is not None else None,
                        roles_before=obj.role_codes if obj is not None else (),
                        clearance_before=obj.clearance if obj is not None else 0,
                        unit_before=obj.unit_id if obj is not None else None,
                        roles_after=[r.code for r in roles]
                        if roles is not None
                        else (obj.role_codes if obj is not None else ()),
                        clearance_after=int(clearance or 0),
                        unit_after=unit.pk if unit is not None else None,
                        changed=changed,
                    )
                except ValidationError as error:
                    for field, problems in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, problems)
                return data

        return CheckedStaffForm

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
        """Django's password screen, for an account that is not protected; a protected account (the
        leadership, or any clearance: Mật and above) is sent to the reset proposal instead. The form is
        saved by the service, with this request's administrator (a copy of the screen holds the form class,
        so concurrent requests never share it)."""
        staff = self.get_object(request, unquote(id))
        own = staff is not None and staff.pk == request.user.pk
        if staff is not None and not own and access.is_protected_account(staff):
            messages.error(request, security.reset_needs_second_person_message())
            return HttpResponseRedirect(reverse("core:staff_reset", args=[staff.pk]))
        form_class = type("StaffPasswordForm", (StaffPasswordForm,), {"actor": request.user})
        screen = copy.copy(self)
        screen.change_password_form = form_class
        # The service checks again, under lock: an account made protected meanwhile is refused (403).
        return UserAdmin.user_change_password(screen, request, id, form_url)


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
    """Who is assigned what; the assignment's note, which may speak of a secret record, is not shown: the
    administrator role gives no sight of records. Only the assignments the access policy shows the viewer
    are listed (`access.visible_assignments`): who works on a secret record, and since when, is not shown to
    an administrator who may not see the record."""

    list_display = ("object_type", "object_id", "user", "unit", "kind", "assigned_at", "is_active")
    list_filter = ("kind", "is_active")
    exclude = ("note",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return access.visible_assignments(request.user, super().get_queryset(request))


@admin.register(CalendarDay)
class CalendarDayAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Each year's decisions on days off and make-up working days, each with its instrument (as cited, number
    and date); the holidays the Labour Code fixes come from the `holidays` package and need no entry. Shipped
    decisions are loaded by a migration; an administrator's save or withdrawal goes through the services
    (checked, audited) and is never overwritten by a later load."""

    list_display = ("date", "kind", "name", "source", "origin", "recorded_by", "is_withdrawn")
    list_filter = ("kind", "origin", "is_withdrawn")
    list_select_related = ("recorded_by",)
    date_hierarchy = "date"
    fields = (
        "date",
        "kind",
        "name",
        "legal_basis",
        "instrument_number",
        "instrument_date",
        "origin",
        "recorded_by",
        "recorded_at",
        "is_withdrawn",
    )
    readonly_fields = ("origin", "recorded_by", "recorded_at", "is_withdrawn")

    @admin.display(description=_("source"))
    def source(self, obj: CalendarDay) -> str:
        return obj.instrument_text

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """The form checks the decision as the service will (services.check_calendar_day), so a refused
        decision comes back as the form's errors."""
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class CheckedCalendarDayForm(form_class):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                if data.get("date") and data.get("kind"):
                    try:
                        services.check_calendar_day(
                            day=data["date"],
                            kind=data["kind"],
                            legal_basis=data.get("legal_basis", ""),
                            instrument_number=data.get("instrument_number", ""),
                        )
                    except ValidationError as error:
                        for field, problems in error.message_dict.items():
                            self.add_error(field if field in self.fields else None, problems)
                return data

        return CheckedCalendarDayForm

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
            instrument_number=data["instrument_number"],
            instrument_date=data["instrument_date"],
        )
        obj.pk = decided.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.remove_calendar_day(actor=request.user, decided=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for decided in queryset:
            services.remove_calendar_day(actor=request.user, decided=decided)
