"""Forms of the promulgation pages: they parse and check the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, StyledForm
from chancery.documents.forms import PresidentSignerForm

from . import rules


class StatuteForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=rules.KIND_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=300)
    number = forms.CharField(
        label=_("Number"), max_length=40, required=False, help_text=_("e.g. 64/2025/QH15")
    )
    session = forms.CharField(
        label=_("Session"), max_length=200, required=False, help_text=_("e.g. khóa XV, kỳ họp thứ 9")
    )
    passed_on = forms.DateField(label=_("Passed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True


class NoteForm(StyledForm):
    text = forms.CharField(label=_("Research note or comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Date"), widget=DateInput())


class DateForm(StyledForm):
    on = forms.DateField(label=_("Date passed again"), widget=DateInput())


class OrderForm(PresidentSignerForm):
    """The order promulgating a law is the President's own (Hiến pháp 2013, Art. 88.1): he signs it."""

    deputy_may_sign = False


class DraftForm(StyledForm):
    title = forms.CharField(
        label=_("Draft"), max_length=300, help_text=_("e.g. Dự án Luật Đất đai (sửa đổi)")
    )
    sender_name = forms.CharField(label=_("Drafting body"), max_length=250)
    reference = forms.CharField(label=_("Request letter"), max_length=80, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    comments_due_on = forms.DateField(label=_("Comments due on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True


class CommentsForm(StyledForm):
    comments = forms.CharField(label=_("The office's comments"), widget=forms.Textarea(attrs={"rows": 5}))
    reply_number = forms.CharField(label=_("Reply letter"), max_length=80, required=False)
    on = forms.DateField(label=_("Sent on"), widget=DateInput())


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
