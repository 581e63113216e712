"""Forms of the documents pages: they parse and check the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, MultipleFileField, StyledForm
from chancery.core.models import Agency, RoleCode, SecrecyLevel, Unit, User
from chancery.documents import services
from chancery.documents.models import TYPE_CHOICES, IssuerChoice, Medium, OutgoingDocument, UrgencyLevel
from chancery.documents.rules import CircuitMode
from chancery.documents.selectors import president_signers


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("sort_order", "name")


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("name")


def _staff(roles: tuple[str, ...]) -> Any:
    return User.objects.filter(is_active=True, roles__code__in=roles).distinct().order_by("full_name")


class IncomingForm(StyledForm):
    """The fields of the incoming register (NĐ 30/2020, Phụ lục IV), in the order a clerk reads a document."""

    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    sender = forms.ModelChoiceField(label=_("Sender"), queryset=_agencies(), required=False)
    sender_name = forms.CharField(
        label=_("Sender as written"),
        max_length=250,
        required=False,
        help_text=_("When the sender is not on the list of agencies."),
    )
    reference = forms.CharField(label=_("Number and symbol"), max_length=80, required=False)
    issued_on = forms.DateField(label=_("Date of the document"), widget=DateInput(), required=False)
    doc_type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES, initial="cong_van")
    summary = forms.CharField(label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=UrgencyLevel.choices, coerce=int, initial=UrgencyLevel.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy level"), choices=SecrecyLevel.choices, coerce=int, initial=SecrecyLevel.NONE
    )
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=5000, initial=1)
    medium = forms.ChoiceField(label=_("Received as"), choices=Medium.choices, initial=Medium.PAPER)
    attachments = MultipleFileField(label=_("Scans or electronic files"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["received_on"].widget.attrs["autofocus"] = True

    def data_for_service(self) -> services.IncomingData:
        values = self.cleaned_data
        return services.IncomingData(
            received_on=values["received_on"],
            sender=values["sender"],
            sender_name=values["sender_name"],
            reference=values["reference"],
            issued_on=values["issued_on"],
            doc_type=values["doc_type"],
            summary=values["summary"],
            signer=values["signer"],
            urgency=values["urgency"],
            secrecy=values["secrecy"],
            pages=values["pages"],
            medium=values["medium"],
        )


class RouteForm(StyledForm):
    """The leadership's direction: the departments and divisions only (never the Office or its leadership),
    the cooperating ones ticked in a list the leader filters by typing (app.js, data-filter-choices)."""

    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=services.working_units())
    cooperating_units = forms.ModelMultipleChoiceField(
        label=_("Cooperating units"),
        queryset=services.working_units(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    handler = forms.ModelChoiceField(
        label=_("Person to handle it"),
        queryset=_staff((RoleCode.SPECIALIST, RoleCode.HEAD_OF_UNIT)),
        required=False,
    )
    days = forms.IntegerField(
        label=_("Working days to handle it"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Empty: by urgency (Hỏa tốc 1, Thượng khẩn 2, Khẩn 3, otherwise 10 working days)."),
    )
    direction = forms.CharField(
        label=_("Direction"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def routing(self) -> services.Routing:
        values = self.cleaned_data
        return services.Routing(
            lead_unit=values["lead_unit"],
            cooperating_units=list(values["cooperating_units"]),
            direction=values["direction"],
            days=values["days"],
            handler=values["handler"],
        )


class HandlingForm(StyledForm):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    is_done = forms.BooleanField(label=_("Our part is done"), required=False)


class AnswerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number_text} — {obj.summary}"


class CloseForm(StyledForm):
    answer = AnswerField(label=_("Answered by"), queryset=OutgoingDocument.objects.none(), required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, answers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if answers is not None:
            self.fields["answer"].queryset = answers  # type: ignore[attr-defined]


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SignerSelect(forms.Select):
    """The signers' list, each marked with what they may sign (rules.issuer_signer_problem): "president" (a
    document in the President's name), "order" (also one the President alone signs, e.g. an order) and
    "office" (the Office's own); app.js offers only those the chosen issuer and type accept. The server
    checks again: the list only spares the clerk a refusal."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        from chancery.documents import rules

        super().__init__({**(attrs or {}), "data-signer-for": " ".join(sorted(rules.PRESIDENT_ONLY_TYPES))})

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from chancery.documents import rules

        option = super().create_option(name, value, *args, **kwargs)
        person = getattr(value, "instance", None)
        if person is not None:
            position = person.position or ""
            may = {
                "president": not rules.issuer_signer_problem(rules.Issuer.PRESIDENT, position),
                "order": not any(
                    rules.issuer_signer_problem(rules.Issuer.PRESIDENT, position, doc_type)
                    for doc_type in rules.PRESIDENT_ONLY_TYPES
                ),
                "office": not rules.issuer_signer_problem(rules.Issuer.OFFICE, position),
            }
            signs = [what for what, allowed in may.items() if allowed]
            option["attrs"]["data-signs"] = " ".join(signs)
        return option


class DraftForm(StyledForm):
    issuer = forms.ChoiceField(
        label=_("Issued in the name of"), choices=IssuerChoice.choices, initial="office"
    )
    doc_type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES, initial="cong_van")
    is_normative = forms.BooleanField(label=_("Legal normative document"), required=False)
    summary = forms.CharField(label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=UrgencyLevel.choices, coerce=int, initial=UrgencyLevel.NORMAL
    )
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy level"), choices=SecrecyLevel.choices, coerce=int, initial=SecrecyLevel.NONE
    )
    addressee = forms.CharField(label=_("Addressed to (Kính gửi)"), max_length=500, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    copies_to = forms.CharField(
        label=_("Copies to (Nơi nhận), one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        initial="Như trên;\nLưu: VT.",
    )
    signer = forms.ModelChoiceField(
        label=_("To be signed by"),
        queryset=_staff((RoleCode.LEADERSHIP, RoleCode.HEAD_OF_UNIT)),
        required=False,
        widget=SignerSelect,
    )
    signer_title = forms.CharField(
        label=_("Signature block"),
        max_length=200,
        required=False,
        help_text=_("E.g. “KT. CHỦ NHIỆM / PHÓ CHỦ NHIỆM”; one line per line of the block."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def data_for_service(self, in_reply_to: Any = None) -> services.DraftData:
        values = self.cleaned_data
        return services.DraftData(
            issuer=values["issuer"],
            doc_type=values["doc_type"],
            summary=values["summary"],
            urgency=values["urgency"],
            secrecy=values["secrecy"],
            is_normative=values["is_normative"],
            addressee=values["addressee"],
            body=values["body"],
            copies_to=values["copies_to"],
            signer=values["signer"],
            signer_title=values["signer_title"],
            in_reply_to=in_reply_to,
        )


class VersionForm(StyledForm):
    file = forms.FileField(label=_("Edited draft (DOCX or PDF)"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class PersonField(forms.ModelChoiceField):
    """A member of staff as a reviewer is chosen: the name, the position and the unit (two people may share
    a name; the position tells the head of a unit from a specialist)."""

    def label_from_instance(self, obj: Any) -> str:
        unit = obj.unit.name if obj.unit_id else ""
        return " — ".join(part for part in (obj.full_name, obj.position, unit) if part)


REVIEWER_PLACES = 4


class SubmitForm(StyledForm):
    """The reviewers before the signer, each in its place: asked "in order", the first reviews first (the
    examiner of issue 26 had the Office's head review before the drafting unit's head, the names sorted)."""

    mode = forms.ChoiceField(
        label=_("Ask them"),
        choices=[
            (CircuitMode.SEQUENTIAL.value, _("In order")),
            (CircuitMode.PARALLEL.value, _("All at once")),
        ],
        initial=CircuitMode.SEQUENTIAL.value,
    )

    def __init__(self, *args: Any, document: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from chancery.documents.services.approval import reviewers_for

        # only who may review this draft (the heads of its unit, the Office's leadership), cleared for it: the
        # examiner of issue 26 was offered every member of staff; the service refuses anyone else
        people = (
            reviewers_for(document).filter(clearance__gte=document.secrecy).select_related("unit")
            if document is not None
            else User.objects.none()
        )
        for place in range(1, REVIEWER_PLACES + 1):
            self.fields[f"reviewer_{place}"] = PersonField(
                label=_("Reviewer %(place)s") % {"place": place},
                queryset=people,
                required=False,
                empty_label=_("(nobody)"),
                widget=forms.Select(attrs={"class": "form-select"}),  # added after the mixin styled the form
            )

    @property
    def reviewer_fields(self) -> list[Any]:
        return [self[f"reviewer_{place}"] for place in range(1, REVIEWER_PLACES + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"reviewer_{place}") for place in range(1, REVIEWER_PLACES + 1)]
        reviewers: list[Any] = []
        for person in chosen:
            if person is None:
                continue
            if person in reviewers:
                raise forms.ValidationError(
                    _("%(name)s is chosen twice: each reviewer reviews once.") % {"name": person.full_name}
                )
            reviewers.append(person)
        data["reviewers"] = reviewers
        return data


class ReviewForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class IssueForm(StyledForm):
    signed_file = forms.FileField(
        label=_("Signed document (PDF)"),
        required=False,
        help_text=_(
            "The PDF the signer signed with their own digital signature. Empty: the document is printed "
            "from its template with its number and date. Either way the Office's digital signature is added."
        ),
    )


class DispatchForm(StyledForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Units of the Office"),
        queryset=_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Other agencies"),
        queryset=_agencies(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    medium = forms.ChoiceField(label=_("Sent as"), choices=Medium.choices, initial=Medium.ELECTRONIC)


class PackageForm(StyledForm):
    package = forms.FileField(label=_("edXML package (.edxml, .xml)"))


class ExchangeForm(StyledForm):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies (with an agency code)"),
        queryset=Agency.objects.filter(is_active=True).exclude(code="").order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )


class RecallForm(StyledForm):
    """Ask an agency about a document sent to it by exchange: to give it back (status 13), or send it the
    package revoking, updating or replacing it (`replacement`: the number and symbol of the new document)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(
        label=_("What is asked"),
        initial="recall",
        required=False,
        choices=[
            ("recall", _("Take it back (status 13)")),
            ("revoke", _("Revoke it")),
            ("update", _("Send the update (the document as it stands now)")),
            ("replace", _("Replace it by another document")),
        ],
        error_messages={"invalid_choice": _("Choose what is asked of the agency.")},
    )
    replacement = forms.CharField(
        label=_("Number and symbol of the replacing document"),
        max_length=50,
        required=False,
        help_text=_("Only to replace it: an issued document, e.g. 25/QĐ-CTN."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or "recall"  # taking it back, unless something else is chosen

    def __init__(self, *args: Any, document: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from chancery.documents.models import Dispatch

        sent = Dispatch.objects.filter(document=document, medium="exchange").values("agency_id")
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=sent).order_by("name")  # type: ignore[attr-defined]


class RecallAnswerForm(StyledForm):
    """The Office's answer to a sender asking to take a document back (15 agreed, 16 refused): `answer` is
    the button pressed."""

    answer = forms.ChoiceField(
        choices=[("agree", _("Agree: give it back")), ("refuse", _("Refuse"))],
        error_messages={
            "required": _("Choose to agree or to refuse."),
            "invalid_choice": _("Choose to agree or to refuse."),
        },
    )

    # the request the page showed (its time): an answer to a request that has changed since is refused
    request = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("The page did not say which request it answers: open it again.")},
    )
    note = forms.CharField(
        label=_("Note (the reason, when refused)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PeriodForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class RegisterPrintForm(PeriodForm):
    register = forms.ChoiceField(
        label=_("Which register"),
        choices=[("incoming", _("Incoming documents")), ("outgoing", _("Outgoing documents"))],
    )
    secret = forms.BooleanField(label=_("The secret register"), required=False)
    format = forms.ChoiceField(
        label=_("File"), choices=[("xlsx", "Excel (XLSX)"), ("docx", "Word (DOCX)"), ("pdf", "PDF")]
    )


class PresidentSignerForm(StyledForm):
    """Who signs a document issued in the President's name; only those who may are offered
    (`deputy_may_sign`: the Vice President too, for the President)."""

    deputy_may_sign = True
    signer = forms.ModelChoiceField(
        label=_("Signer"),
        queryset=User.objects.none(),
        help_text=_("Who signs the document in the President's name"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = president_signers(deputy=self.deputy_may_sign)  # type: ignore[attr-defined]
