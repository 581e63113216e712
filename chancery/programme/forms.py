"""Forms of the programme pages: they parse and check the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, StyledForm
from chancery.core.models import Unit, User
from chancery.documents.selectors import office_signers

from . import rules
from .models import Programme, Report


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("name")


class TaskForm(StyledForm):
    title = forms.CharField(label=_("Key task"), max_length=400)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, help_text=_("In the lead unit.")
    )
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("Cooperating units"), queryset=Unit.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    expected_output = forms.CharField(label=_("Expected output"), max_length=300, required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=rules.PRIORITY_CHOICES, coerce=int, initial=2
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=rules.SOURCE_CHOICES, initial="programme")
    source_text = forms.CharField(label=_("Source reference"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["cooperating_units"].queryset = _units()  # type: ignore[attr-defined]
        self.fields["cooperating_units"].widget.attrs["size"] = 6
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True).exclude(unit=None).order_by("full_name")
        )
        self.fields["programme"].queryset = Programme.objects.order_by("-starts_on")  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs["autofocus"] = True


class ProgressForm(StyledForm):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SubmitForm(StyledForm):
    note = forms.CharField(label=_("The output"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReviewForm(StyledForm):
    rating = forms.ChoiceField(label=_("Quality"), choices=rules.RATING_CHOICES)
    comment = forms.CharField(label=_("Review"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CarryForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    due_on = forms.DateField(
        label=_("New due date"),
        widget=DateInput(),
        required=False,
        help_text=_("Default: end of next month."),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProgrammeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Period"), choices=rules.PERIOD_CHOICES, initial=rules.MONTH)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Quarter or month"),
        min_value=0,
        max_value=12,
        required=False,
        initial=timezone.localdate().month,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Empty for the whole office."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()  # type: ignore[attr-defined]


class MeetingForm(StyledForm):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Meeting"), max_length=300, help_text=_("e.g. Họp giao ban tháng 9/2025"))
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line; begin a line with “Name: ” when another leader gave it."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def instruction_pairs(self, chaired_by: str) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["instructions"].splitlines():
            line = line.strip(" -•\t")
            if not line:
                continue
            head, sep, rest = line.partition(": ")
            if sep and len(head) <= 60 and rest:
                pairs.append((rest, head))
            else:
                pairs.append((line, chaired_by))
        return pairs


class ConclusionsForm(StyledForm):
    """The Office's conclusions: one of its own leaders signs (not those who sign for the President)."""

    signer = forms.ModelChoiceField(label=_("Signer"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = office_signers()  # type: ignore[attr-defined]


class ReportForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.KINDS)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)


class NarrativeForm(StyledForm):
    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in sections:
            self.fields[key] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                max_length=rules.NARRATIVE_MAX_CHARS,
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
