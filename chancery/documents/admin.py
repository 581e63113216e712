"""The administrator's screen of the signers' signature specimens; saving and removing go through
chancery.documents.specimens (checked: nobody registers their own; audited; the person is told)."""

import base64
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from chancery.core import access
from chancery.core.admin import AdministratorsOnly
from chancery.core.models import User
from chancery.documents import specimens
from chancery.documents.models import SignatureSpecimen


def _picture(image: bytes, height: int) -> str:
    return format_html(
        '<img src="data:image/png;base64,{}" alt="{}" height="{}">',  # no inline style: the CSP forbids it
        base64.b64encode(image).decode(),
        _("signature specimen"),
        height,
    )


class SpecimenForm(forms.ModelForm[SignatureSpecimen]):
    upload = forms.FileField(
        label=_("Signature image"),
        help_text=_(
            "A PNG of the handwritten signature in blue ink (Phụ lục I, Nghị định 30/2020); a scan on white "
            "paper is accepted: the paper is made transparent and the picture trimmed."
        ),
    )

    class Meta:
        model = SignatureSpecimen
        fields = ("person",)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "person" in self.fields:
            # those who may get one: active, without one yet, not the administrator at the screen
            people = cast(forms.ModelChoiceField[User], self.fields["person"])
            for link in ("can_add_related", "can_change_related", "can_view_related", "can_delete_related"):
                setattr(people.widget, link, False)  # a person is chosen here, not made or edited
            offered = User.objects.filter(is_active=True, signature_specimen__isnull=True)
            if actor is not None:
                offered = offered.exclude(pk=actor.pk)
            people.queryset = offered.order_by("full_name")

    def clean_upload(self) -> bytes:
        upload = self.cleaned_data["upload"]
        if upload.size > specimens.MAX_BYTES:
            raise forms.ValidationError(_("The signature specimen is larger than 1 MB: scan it smaller."))
        try:
            return specimens.clean(upload.read())
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("person") or getattr(self.instance, "person", None)
        try:
            specimens.check_may_register(self.actor, person)
        except (PermissionDenied, ValidationError) as error:
            messages = getattr(error, "messages", None) or [str(error)]
            self.add_error("person" if "person" in self.fields else None, messages)
        return data


@admin.register(SignatureSpecimen)
class SignatureSpecimenAdmin(AdministratorsOnly, admin.ModelAdmin[SignatureSpecimen]):
    form = SpecimenForm
    list_display = ("person", "shown", "set_by", "set_at")
    search_fields = ("person__full_name", "person__username")
    readonly_fields = ("shown", "sha256", "set_by", "set_at")

    @admin.display(description=_("signature specimen"))
    def shown(self, obj: SignatureSpecimen) -> str:
        return _picture(bytes(obj.image), 48) if obj.pk else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*self.readonly_fields, "person") if obj is not None else ("shown",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("person", "shown", "upload", "sha256", "set_by", "set_at") if obj else ("person", "upload")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class WithActor(form_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, actor=actor, **kw)

        return WithActor

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Removed, by another administrator: documents are then signed with the signature in words."""
        return access.can_manage_organisation(request.user) and (
            obj is None or obj.person_id != request.user.pk
        )

    def save_model(self, request: HttpRequest, obj: SignatureSpecimen, form: ModelForm, change: bool) -> None:
        person = obj.person if change else form.cleaned_data["person"]
        saved = specimens.register(actor=request.user, person=person, content=form.cleaned_data["upload"])
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        """Nothing related: the specimen was saved by the service."""

    def delete_model(self, request: HttpRequest, obj: SignatureSpecimen) -> None:
        specimens.remove(actor=request.user, person=obj.person)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for specimen in queryset.select_related("person"):
            specimens.remove(actor=request.user, person=specimen.person)
