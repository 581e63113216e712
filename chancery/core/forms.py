import contextlib
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from chancery.core import uploads
from chancery.core.models import AuditAction, RoleCode, SecrecyLevel, Unit, User


class StyledFormMixin:
    """Bootstrap's classes on every widget, and the invalid state on fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            _no_dashes(field)
            _no_echo(field)
            widget = field.widget
            base = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                base = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {base}".strip()

    def full_clean(self) -> None:
        """Validate (when first asked, after a form's own __init__ has set its fields up), then mark the
        fields with errors as invalid."""
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is not None:
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} is-invalid".strip()
                field.widget.attrs["aria-invalid"] = "true"


DASHES = BLANK_CHOICE_DASH[0][1]  # Django's empty choice "---------", which staff read as a fault


# Django's own refusals of a choice repeat the value sent ("Select a valid choice. 99999 is not one of the
# available choices."): a forged value shown back to staff, and a sentence that does not say which list
_CHOICE_ERRORS = ("invalid_choice", "invalid_pk_value", "invalid_list")


def _no_echo(field: forms.Field) -> None:
    """A choice refused in words that name the field's list and never repeat what was sent: Django's own
    refusals are replaced, a form's own wording of one is kept."""
    if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return
    defaults: dict[str, Any] = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    for key in _CHOICE_ERRORS:
        current = field.error_messages.get(key)
        if key in defaults and (current is None or str(current) == str(defaults[key])):
            field.error_messages[key] = _("This is not one of the choices of the list; choose again.")


def _no_dashes(field: forms.Field) -> None:
    """An empty choice that says what it is ("— chọn —"), never Django's "---------"."""
    if getattr(field, "empty_label", None) == DASHES:
        field.empty_label = _("— choose —")  # type: ignore[attr-defined]
    choices = getattr(field, "choices", None)
    if isinstance(choices, list) and any(label == DASHES for _value, label in choices):
        field.choices = [  # type: ignore[attr-defined]
            (value, _("— choose —") if label == DASHES else label) for value, label in choices
        ]


class StyledForm(StyledFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    """A date shown and typed as dd/mm/yyyy whatever the browser's language (a native date input shows
    mm/dd/yyyy in an English browser); the office's formats (chancery/formats/) also read 5/12/2026,
    05-12-2026 and ISO dates, and app.js completes what is typed (05122026 becomes 05/12/2026)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "data-date": "date",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y")

    def format_value(self, value: Any) -> str | None:
        """An ISO date typed into a link (a report figure's list, a queue) shown as the office writes it."""
        if isinstance(value, str) and len(value.strip()) == 10:
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value.strip())
        return super().format_value(value)


class DateTimeInput(forms.DateTimeInput):
    """A moment shown and typed as dd/mm/yyyy hh:mm (24 hours), whatever the browser's language."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": "dd/mm/yyyy hh:mm",
            "autocomplete": "off",
            "maxlength": "16",
            "data-date": "datetime",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y %H:%M")


def cleaned_or_refuse(form: forms.Form, message: str) -> dict[str, Any]:
    """A small action form's cleaned data, or one refusal naming each field's error after `message` (the
    page shows it as a message above the record)."""
    if not form.is_valid():
        details = "; ".join(
            f"{form.fields[k].label}: {' '.join(str(e) for e in v)}"
            for k, v in form.errors.items()
            if k in form.fields
        )
        raise ValidationError(f"{message} {details}".strip())
    return dict(form.cleaned_data)


def error_text(error: ValidationError | PermissionDenied) -> str:
    """A service's refusal as one line for a page's message."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


def form_error_text(form: forms.Form) -> str:
    """A bound form's errors as one line for a page's message, each field's named by its label ("Cơ quan:
    Trường này là bắt buộc."): a form posted from a panel of a record's page is not shown again, so the
    message must say which box to fill."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label and name != NON_FIELD_ERRORS else text)
    return " ".join(parts)


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: each field's reason beside the field, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files sent at once, within the caps of one submission (`limits`, chancery.core.uploads: the
    office's by default); what each file is, is checked by the service that stores it."""

    def __init__(self, *args: Any, limits: uploads.Limits = uploads.OFFICE, **kwargs: Any) -> None:
        self.limits = limits
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.docx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        try:
            uploads.check_submission(files, self.limits)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from error
        return files


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    """A new password twice, checked by the password rules (the one-time link's page)."""


def _record_types() -> list[tuple[str, str]]:
    """The kinds of record the trail may be filtered by, each by its name as staff read it (never its table's
    label), sorted by that name; the value is the label the trail stores."""
    from django.apps import apps
    from django.utils.functional import Promise
    from django.utils.text import capfirst

    from chancery.core.text import collation_key

    kinds = {
        model._meta.label_lower: str(capfirst(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("chancery.")
        and not model._meta.auto_created
        # a record staff know by a name (a translated verbose name); internal tables (the chain's head,
        # the duplicate check's keys) have none and are never the subject of an event staff look for
        and isinstance(model._meta.verbose_name, Promise)
    }
    return [("", str(_("Any record"))), *sorted(kinds.items(), key=lambda kind: collation_key(kind[1]))]


class AuditFilterForm(StyledForm):
    """Filters of the audit-trail page; every field optional."""

    actor = forms.ModelChoiceField(
        label=_("By"), queryset=User.objects.order_by("full_name"), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any action")), *AuditAction.choices], required=False
    )
    object_type = forms.ChoiceField(label=_("Record type"), choices=lambda: _record_types(), required=False)
    object_id = forms.IntegerField(label=_("Record id"), min_value=1, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", _("Give the record type together with the record id."))
        return data


class StaffSearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label=_("All units"),
    )


class TokenForm(StyledForm):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "maxlength": 6}
        ),
    )


class AccessProposalForm(StyledForm):
    """An administrator proposes what one person may not do alone (services.propose_access): the account's
    roles, clearance, unit, status and e-mail address as they are to be, starting from what they are; only
    what differs is proposed."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=RoleCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    clearance = forms.TypedChoiceField(
        label=_("Secrecy clearance"), choices=SecrecyLevel.choices, coerce=int, required=True
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.order_by("sort_order", "name"), required=False, empty_label="—"
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, staff: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "roles": sorted(staff.role_codes),
                "clearance": staff.clearance,
                "unit": staff.unit_id,
                "is_active": staff.is_active,
                "email": staff.email,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["roles"].widget.attrs["class"] = "form-check-input"


class AccountResetForm(StyledForm):
    """An administrator proposes to reset a protected account's password and/or two-step login."""

    reset_password = forms.BooleanField(
        label=_("Reset the password (the person sets a new one with a one-time link)"), required=False
    )
    reset_second_factor = forms.BooleanField(
        label=_("Reset two-step login (the person enrols again at the next login)"), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("reset_password") or data.get("reset_second_factor")):
            raise ValidationError(_("Choose what to reset: the password, two-step login, or both."))
        return data


class ProposalDecisionForm(StyledForm):
    """The second person's decision; a rejection needs its reason (checked by the service)."""

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
