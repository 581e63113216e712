"""Forms of the petitions module: they parse and validate input, the services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core import uploads
from chancery.core.forms import DateInput, MultipleFileField, StyledForm
from chancery.core.models import Agency
from chancery.core.provinces import province_choices
from chancery.core.text import nfc
from chancery.petitions import rules, services
from chancery.petitions.models import Channel, Field, LinkVerdict, PetitionKind, Salutation, VisitOutcome


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("name")


def _province_field(label: Any = None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label or _("Province"),
        choices=[("", "—"), *province_choices(former=True)],
        coerce=int,
        empty_value=None,
        required=False,
    )


class PetitionForm(StyledForm):
    """The clerk's registration form, in the order a letter is read: what it says, who sent it, how."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.POST)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    sent_by_agency = forms.ModelChoiceField(
        label=_("Forwarded to us by"), queryset=_agencies(), required=False, empty_label="—"
    )
    source_reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    full_name = forms.CharField(label=_("Petitioner's full name"), max_length=200, required=False)
    salutation = forms.ChoiceField(
        label=_("Addressed as"), choices=[("", "Ông/Bà"), *Salutation.choices], required=False
    )
    id_number = forms.RegexField(
        label=_("Identity card number"),
        regex=r"^\s*\d{9}(\d{3})?\s*$",
        required=False,
        error_messages={"invalid": _("An identity card number has 9 or 12 digits.")},
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\s*\+?[\d .-]{8,15}\s*$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 8 to 15 digits.")},
    )
    email = forms.EmailField(label=_("Email"), required=False)
    province = _province_field()
    ward = forms.TypedChoiceField(
        label=_("Commune / ward"), choices=[("", "—")], coerce=int, empty_value=None, required=False
    )
    address = forms.CharField(label=_("Address as written on the petition"), max_length=300, required=False)
    co_signers = forms.CharField(
        label=_("Other signatories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: full name; address."),
    )
    people_count = forms.IntegerField(label=_("Number of petitioners"), min_value=1, initial=1)
    is_anonymous = forms.BooleanField(label=_("Anonymous (no name or address)"), required=False)
    summary = forms.CharField(label=_("Summary"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    # No kind or field until the clerk (or the suggestion, visibly) chooses one: a default would be taken.
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("— choose the kind —")), *PetitionKind.choices],
        error_messages={"required": _("Choose the kind of petition.")},
    )
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[("", _("— choose the field —")), *Field.choices],
        error_messages={"required": _("Choose the field of the petition.")},
    )
    competent_agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=_agencies(), required=False, empty_label="—"
    )
    addressed_to = forms.CharField(label=_("Addressed to"), max_length=250, required=False)
    decision_known_on = forms.DateField(
        label=_("Date the complainant knew of the decision"), required=False, widget=DateInput()
    )
    instance = forms.TypedChoiceField(
        label=_("Complaint instance"),
        choices=[("", "—"), (1, _("First")), (2, _("Second"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    attachments = MultipleFileField(label=_("Attachments (scans, photos, PDF)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        province = (
            self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        )
        if province and str(province).isdigit():
            from chancery.core.provinces import wards_of

            ward: Any = self.fields["ward"]
            ward.choices = [("", "—"), *((int(w.code), w.name) for w in wards_of(int(province)))]
        self.fields["summary"].widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_anonymous") and not nfc(data.get("full_name") or ""):
            self.add_error("full_name", _("Give the petitioner's name, or tick “anonymous”."))
        received = data.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", _("The date received cannot be in the future."))
        return data

    def petition_data(self) -> services.PetitionData:
        data = self.cleaned_data
        people = []
        if not data.get("is_anonymous"):
            people.append(
                services.PersonData(
                    full_name=data["full_name"],
                    salutation=data.get("salutation") or "",
                    id_number=(data.get("id_number") or "").strip(),
                    phone=(data.get("phone") or "").strip(),
                    email=data.get("email") or "",
                    address=data.get("address") or "",
                    province_code=data.get("province"),
                    ward_code=data.get("ward"),
                    is_representative=True,
                )
            )
            for line in (data.get("co_signers") or "").splitlines():
                name, _sep, address = line.partition(";")
                if nfc(name):
                    people.append(
                        services.PersonData(
                            full_name=name, address=address, province_code=data.get("province")
                        )
                    )
        return services.PetitionData(
            channel=data["channel"],
            received_on=data["received_on"],
            summary=data["summary"],
            content=data["content"],
            kind=data["kind"],
            field=data["field"],
            petitioners=people,
            people_count=data.get("people_count"),
            is_anonymous=bool(data.get("is_anonymous")),
            addressed_to=data.get("addressed_to") or "",
            sent_by_agency=data.get("sent_by_agency"),
            source_reference=data.get("source_reference") or "",
            competent_agency=data.get("competent_agency"),
            decision_known_on=data.get("decision_known_on"),
            instance=data.get("instance"),
        )


class PublicPetitionForm(StyledForm):
    """The citizens' online form: no account, only what a citizen knows."""

    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    salutation = forms.ChoiceField(
        label=_("Addressed as"), choices=[("", "—"), *Salutation.choices], required=False
    )
    id_number = forms.RegexField(
        label=_("Identity card number"),
        regex=r"^\s*\d{12}\s*$",
        error_messages={"invalid": _("An identity card number has 12 digits.")},
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\s*\+?[\d .-]{8,15}\s*$",
        error_messages={"invalid": _("Enter a phone number of 8 to 15 digits.")},
    )
    email = forms.EmailField(label=_("Email"), required=False)
    province = _province_field(_("Province / city"))
    address = forms.CharField(label=_("Address"), max_length=300)
    kind = forms.ChoiceField(label=_("Your petition is a"), choices=PetitionKind.choices)
    summary = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    attachments = MultipleFileField(
        label=_("Attachments (PDF, photos, office documents; at most 10 files and 30 MB in all)"),
        required=False,
        limits=uploads.PUBLIC,
    )
    # A field people do not see and robots fill in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent."))
        if data.get("province") is None:
            self.add_error("province", _("Choose your province or city."))
        return data

    def petition_data(self, field: str) -> services.PetitionData:
        data = self.cleaned_data
        return services.PetitionData(
            channel=Channel.ONLINE,
            received_on=timezone.localdate(),
            summary=data["summary"],
            content=data["content"],
            kind=data["kind"],
            field=field,
            petitioners=[
                services.PersonData(
                    full_name=data["full_name"],
                    salutation=data.get("salutation") or "",
                    id_number=data["id_number"].strip(),
                    phone=data["phone"].strip(),
                    email=data.get("email") or "",
                    address=data["address"],
                    province_code=data["province"],
                    is_representative=True,
                )
            ],
        )


class LookupForm(StyledForm):
    code = forms.RegexField(
        label=_("Tracking code"),
        regex=r"^\s*[A-Za-z0-9-]{10,12}\s*$",
        error_messages={"invalid": _("A tracking code has 10 letters and digits.")},
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace("-", "")


CASE_FACT_LABELS: dict[str, Any] = {
    "is_complex": _("Complex case"),
    "is_remote_area": _("Remote area with difficult travel"),
    "checked_in_several_places": _("Checks needed in several places"),
    "has_evidence": _("Concrete evidence enclosed"),
    "is_civil_dispute": _("Civil dispute between private parties"),
}


def _tick(label: Any) -> forms.BooleanField:
    field = forms.BooleanField(label=label, required=False)
    field.widget.attrs["class"] = "form-check-input"
    return field


class ClassifyForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    field = forms.ChoiceField(label=_("Field"), choices=Field.choices)
    competent_agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=_agencies(), required=False, empty_label="—"
    )
    accused_agency = forms.ModelChoiceField(
        label=_("Body of the person denounced"),
        help_text=_("For a denunciation: forwarding it to this body is warned of."),
        queryset=_agencies(),
        required=False,
        empty_label="—",
    )
    summary = forms.CharField(label=_("Summary"), max_length=300)
    instance = forms.TypedChoiceField(
        label=_("Complaint instance"),
        choices=[("", "—"), (1, _("First complaint")), (2, _("Second complaint"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    decision_known_on = forms.DateField(label=_("Decision known on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CASE_FACT_LABELS.items():
            self.fields[name] = _tick(label)

    @property
    def fact_fields(self) -> list[Any]:
        return [self[name] for name in CASE_FACT_LABELS]

    @property
    def other_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in CASE_FACT_LABELS]

    def case_facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in services.CASE_FACTS}


class CaseFactsForm(StyledForm):
    """The facts a petition being handled may still gain (a complaint found complex or in a remote area)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("is_complex", "is_remote_area"):
            self.fields[name] = _tick(CASE_FACT_LABELS[name])


FACT_LABELS: dict[str, Any] = {
    "within_competence": _("Within the President's competence"),
    "anonymous": _("Anonymous"),
    "false_identity": _("False identity"),
    "concrete_evidence": _("Anonymous denunciation with concrete evidence"),
    "civil_dispute": _("Civil dispute between private parties (guided to the court)"),
    "unclear_content": _("Content unclear"),
    "resolved_no_new_content": _("Already resolved, no new content"),
    "resolved_final": _("Complaint already resolved at second instance"),
    "insulting": _("Insulting or threatening"),
    "withdrawn": _("Withdrawn by the petitioner"),
    "already_forwarded": _("Same content already forwarded"),
    "out_of_time": _("Past the 90-day complaint limitation period"),
    "not_directly_concerned": _("Decision does not concern the complainant directly"),
    "before_court": _("Matter accepted by a court"),
}


class DecisionForm(StyledForm):
    """The checks of the law, each a tick; the rules decide the path from them and the petition's record. What
    the record already establishes (anonymous, evidence, civil dispute, a complaint late by its dates) is
    shown ticked and cannot be unticked here; a late complaint is heard only with its legitimate reason."""

    agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=_agencies(), required=False, empty_label="—"
    )
    answer_by = forms.DateField(label=_("Agency to answer by"), required=False, widget=DateInput())
    on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    signed_by = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    signer_title = forms.CharField(
        label=_("Signature block"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the Office's standing delegation (TL. CHỦ NHIỆM, VỤ TRƯỞNG VỤ TƯ PHÁP)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, petition: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = petition.kind
        self.fields["on"].initial = timezone.localdate()
        kind = rules.Kind(self.kind)
        late = services.complaint_is_late(petition)
        record = {
            "anonymous": petition.is_anonymous,
            "concrete_evidence": petition.has_evidence,
            "civil_dispute": petition.is_civil_dispute or petition.field == Field.CIVIL,
            "out_of_time": bool(late),
        }
        for name, label in FACT_LABELS.items():
            applies = rules.grounds(rules.Facts(kind=kind, **{name: True})) or name in {
                "within_competence",
                "concrete_evidence",
                "civil_dispute",
            }
            if name == "concrete_evidence" and kind != rules.Kind.DENUNCIATION:
                applies = False
            if not applies:
                continue
            if name == "out_of_time" and petition.instance == 2:
                label = _("Past the time to lodge a second complaint (30 days, 45 in remote areas)")
            self.fields[name] = _tick(label)
            # What the record says is not the check's to deny (a late complaint may be excused below); the
            # lateness of a complaint whose dates are on record is the rules' to compute.
            if name == "out_of_time" and late is not None:
                self.fields[name].initial, self.fields[name].disabled = late, True
            elif record.get(name):
                self.fields[name].initial, self.fields[name].disabled = True, True
        if late:
            self.fields["late_excuse"] = forms.CharField(
                label=_("Legitimate reason for the delay (illness, disaster, distant travel...)"),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    @property
    def fact_fields(self) -> list[Any]:
        return [self[name] for name in FACT_LABELS if name in self.fields]

    @property
    def other_fields(self) -> list[Any]:
        names = ["agency", "answer_by", "on", "signed_by", "signer_title", "note", "late_excuse"]
        return [self[name] for name in names if name in self.fields]

    def decision_data(self) -> services.DecisionData:
        data = self.cleaned_data
        return services.DecisionData(
            checks={name: bool(data.get(name)) for name in FACT_LABELS if name in self.fields},
            agency=data.get("agency"),
            answer_by=data.get("answer_by"),
            note=data.get("note") or "",
            signed_by=data.get("signed_by") or "",
            signer_title=data.get("signer_title") or "",
            on=data.get("on"),
            late_excuse=data.get("late_excuse") or "",
        )


class DuplicateForm(StyledForm):
    other = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=LinkVerdict.choices)
    similarity = forms.FloatField(required=False, widget=forms.HiddenInput)


class AnswerForm(StyledForm):
    answered_on = forms.DateField(label=_("Answer dated"), widget=DateInput())
    reference = forms.CharField(label=_("Answer reference"), max_length=100, required=False)
    answer = forms.CharField(label=_("Content of the answer"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StyledForm):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(StyledForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    especially_complex = forms.BooleanField(label=_("Especially complex case"), required=False)


def today() -> date:
    return timezone.localdate()


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, initial="Trụ sở Tiếp công dân Trung ương")
    host = forms.CharField(label=_("Received by"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VisitForm(StyledForm):
    """One citizen or delegation received; a petition handed in is registered with the visit."""

    visitor = forms.CharField(label=_("Who came (representative)"), max_length=200)
    people = forms.IntegerField(label=_("Number of people"), min_value=1, initial=1)
    province = _province_field()
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VisitOutcome.choices)
    summary = forms.CharField(label=_("Summary of the petition handed in"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("— choose the kind —")), *PetitionKind.choices], required=False
    )
    field = forms.ChoiceField(
        label=_("Field"), choices=[("", _("— choose the field —")), *Field.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == VisitOutcome.PETITION and not nfc(data.get("summary") or ""):
            self.add_error("summary", _("Give the summary of the petition handed in."))
        return data

    def petition_data(self, held_on: date) -> services.PetitionData | None:
        data = self.cleaned_data
        if data["outcome"] != VisitOutcome.PETITION:
            return None
        return services.PetitionData(
            channel=Channel.RECEPTION,
            received_on=held_on,
            summary=data["summary"],
            content=data["content"],
            kind=data.get("kind") or PetitionKind.RECOMMENDATION,
            field=data.get("field") or Field.OTHER,
            petitioners=[services.PersonData(full_name=data["visitor"], province_code=data.get("province"))],
            people_count=data["people"],
        )


class PauseForm(StyledForm):
    """Tạm dừng — e.g. while the petitioner completes the file or an expert opinion is awaited."""

    clock = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("From"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SplitForm(StyledForm):
    """Tách đơn — a letter with contents of several kinds: one row per content (the first stays on this
    registration); rows left empty are ignored."""

    ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, self.ROWS + 1):
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=_("Kind"), choices=PetitionKind.choices, required=False
            )
            self.fields[f"field_{n}"] = forms.ChoiceField(
                label=_("Field"), choices=Field.choices, required=False
            )
            self.fields[f"summary_{n}"] = forms.CharField(label=_("Summary"), max_length=300, required=False)
            self.fields[f"content_{n}"] = forms.CharField(
                label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            for name in ("kind", "field", "summary", "content"):
                widget = self.fields[f"{name}_{n}"].widget
                base = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs["class"] = f"{base} form-control-sm"

    def rows(self) -> list[list[Any]]:
        return [
            [self[f"{name}_{n}"] for name in ("kind", "field", "summary", "content")]
            for n in range(1, self.ROWS + 1)
        ]

    def parts(self) -> list[services.PartData]:
        data = self.cleaned_data
        return [
            services.PartData(
                kind=data[f"kind_{n}"] or PetitionKind.RECOMMENDATION,
                field=data[f"field_{n}"] or Field.OTHER,
                summary=data[f"summary_{n}"],
                content=data[f"content_{n}"] or data[f"summary_{n}"],
            )
            for n in range(1, self.ROWS + 1)
            if nfc(data.get(f"summary_{n}") or "")
        ]
