"""Forms of the treaty and foreign-affairs pages: they parse and check the input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, DateTimeInput, StyledForm
from chancery.core.models import Unit

from . import rules
from .models import Country, Organisation, Participant, Speech, Treaty


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("name")


class TreatyForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=400)
    kind = forms.ChoiceField(label=_("Kind of treaty"), choices=rules.KIND_CHOICES)
    concluded_in_name_of = forms.ChoiceField(label=_("In the name of"), choices=rules.NAME_CHOICES)
    ministry = forms.CharField(
        label=_("Proposing ministry"), max_length=250, help_text=_("e.g. Bộ Ngoại giao")
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.filter(is_active=True).order_by("name"), required=False
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organisation.objects.order_by("acronym"), required=False
    )
    place = forms.CharField(label=_("Place of signature"), max_length=200, required=False)
    proposed_on = forms.DateField(label=_("Proposed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True
        self.fields["countries"].widget.attrs["size"] = 8
        self.fields["organisations"].widget.attrs["size"] = 8


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); each checked as a FileField checks one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class StepForm(StyledForm):
    step = forms.ChoiceField(label=_("Step"), choices=())
    on = forms.DateField(label=_("Date"), widget=DateInput())
    consent = forms.ChoiceField(
        label=_("Consent to be bound by"), choices=[("", "—"), *rules.CONSENT_CHOICES], required=False
    )
    due_on = forms.DateField(
        label=_("Next step due on"),
        widget=DateInput(),
        required=False,
        help_text=_("A time limit the office must keep for the next step, if any."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    documents = MultipleFileField(label=_("Documents of this step"), required=False)

    def __init__(self, *args: Any, treaty: Treaty | None = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if treaty is not None:
            cast(forms.ChoiceField, self.fields["step"]).choices = [
                (t.name, str(t.label)) for t in Treaty.workflow.available(user, treaty)
            ]


class TreatySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="—",
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=())
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", "—"),
            *((k, str(v)) for k, v in Treaty.workflow.states.items()),
        ]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if name in ("country", "state")
                else "form-control form-control-sm"
            )


class EventForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.EVENT_KINDS)
    title = forms.CharField(label=_("Title"), max_length=300)
    leader = forms.ChoiceField(label=_("Leader"), choices=rules.LEADERS)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="—",
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("acronym"),
        required=False,
        empty_label="—",
    )
    guest = forms.CharField(label=_("Guest or host"), max_length=250, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True


class ProgrammeForm(StyledForm):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput(), required=False)
    title = forms.CharField(label=_("Item"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attire = forms.CharField(label=_("Attire"), max_length=100, required=False)


class ParticipantForm(StyledForm):
    side = forms.ChoiceField(label=_("Side"), choices=Participant.SIDES)
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=250, required=False)


class SpeechForm(StyledForm):
    title = forms.CharField(label=_("Speech"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()  # type: ignore[attr-defined]


class SpeechStateForm(forms.Form):
    state = forms.ChoiceField(choices=Speech.STATES)


class ChecklistForm(StyledForm):
    category = forms.ChoiceField(label=_("Category"), choices=rules.CHECKLIST_CATEGORIES)
    title = forms.CharField(label=_("Task"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()  # type: ignore[attr-defined]


class StandardChecklistForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()  # type: ignore[attr-defined]


class FollowUpForm(StyledForm):
    commitment = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()  # type: ignore[attr-defined]


class OutcomeForm(StyledForm):
    outcome = forms.CharField(label=_("Result"), max_length=1000)


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
