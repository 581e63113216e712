"""Forms of the honours pages: they parse and check the input; the services decide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, MultipleFileField, StyledForm
from chancery.core.models import Agency, User
from chancery.documents.forms import PresidentSignerForm
from chancery.documents.models import IncomingDocument
from chancery.documents.selectors import office_signers

from .models import Verdict


class BatchForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    proposing_body = forms.ModelChoiceField(
        label=_("Proposing body"), queryset=Agency.objects.filter(is_active=True).order_by("name")
    )
    submission_reference = forms.CharField(
        label=_("Submission number and symbol"), max_length=80, required=False
    )
    proposed_on = forms.DateField(label=_("Date of the submission"), widget=DateInput())
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), initial=timezone.localdate)
    incoming_document = forms.ModelChoiceField(
        label=_("Incoming document (the submission as registered)"),
        queryset=IncomingDocument.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True
        if user is not None:
            from chancery.documents.selectors import visible_incoming

            since = timezone.localdate().replace(day=1) - timedelta(days=120)
            field = self.fields["incoming_document"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = (
                visible_incoming(user).filter(received_on__gte=since).order_by("-received_on", "-id")[:300]
            )


class DossierForm(StyledForm):
    dossier = MultipleFileField(label=_("Dossier files (PDF, scans, office documents)"))


class SubmitForm(PresidentSignerForm):
    """The President's honours decision: the President signs, or the Vice President for the President."""

    deputy_may_sign = True
    reply_signer = forms.ModelChoiceField(
        label=_("Signer of the reply"),
        queryset=User.objects.none(),
        help_text=_("The Office's leader who signs the reply to the proposing body"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply_signer"].queryset = office_signers()  # type: ignore[attr-defined]


class OverrideForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Engine's verdict (no override)"))]
        + [(v.value, v.label) for v in (Verdict.PASS, Verdict.REVIEW, Verdict.FAIL)],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SettleForm(StyledForm):
    """Settle every nominee still to review of one award (or all) with one outcome and one reason."""

    award = forms.ChoiceField(label=_("Award"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(v.value, v.label) for v in (Verdict.PASS, Verdict.FAIL)]
    )
    reason = forms.CharField(label=_("Reason"), min_length=10, max_length=500)

    def __init__(self, *args: Any, awards: list[tuple[str, str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        total = sum(n for _code, _name, n in awards)
        award = self.fields["award"]
        assert isinstance(award, forms.ChoiceField)
        every = _("Every award")
        award.choices = [("", f"{every} ({total})")] + [(code, f"{name} ({n})") for code, name, n in awards]
