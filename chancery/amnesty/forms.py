"""Forms of the amnesty pages: they parse and check the input; the services decide."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms import DateInput, MultipleFileField, StyledForm
from chancery.core.models import User
from chancery.documents.forms import PresidentSignerForm

from . import rules
from .models import CouncilOpinion, Facility, Verdict


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    basis = forms.CharField(
        label=_("Decision on the amnesty"), max_length=200, help_text=_("e.g. Quyết định 266/2025/QĐ-CTN")
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        widget=DateInput(),
        help_text=_("The date up to which time served is counted."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True


class FractionField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        try:
            return rules.parse_fraction(value)
        except (ValueError, ZeroDivisionError) as error:
            raise forms.ValidationError(_("Write a fraction such as 1/3, 0.25 or 25%.")) from error


class TermsForm(StyledForm):
    """The terms of the President's decision: each field says where the law or the decision sets it."""

    reference_date = forms.DateField(label=_("Reference date"), widget=DateInput())
    kinds = forms.MultipleChoiceField(
        label=_("Who is considered"), choices=list(rules.KINDS.items()), widget=forms.CheckboxSelectMultiple
    )
    fraction = FractionField(
        label=_("Part of a fixed term served"), help_text="Luật Đặc xá 2018, Điều 11.1.c"
    )
    life_years = forms.IntegerField(
        label=_("Years served of a life sentence commuted"), min_value=1, max_value=30
    )
    groups = forms.CharField(
        label=_("Groups that serve more"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: label | fraction | articles (comma separated) | minimum term in months."),
    )
    special_fraction = FractionField(
        label=_("Part served in a special case"), help_text="Luật Đặc xá 2018, Điều 11.2"
    )
    special_life_years = forms.IntegerField(
        label=_("Years of a life sentence in a special case"), min_value=1, max_value=30
    )
    special_cases = forms.MultipleChoiceField(
        label=_("Special cases admitted"),
        choices=list(rules.SPECIAL_CASES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    excluded_articles = forms.CharField(
        label=_("Offences not amnestied (articles of the Criminal Code)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Comma separated; 251 covers every clause of Article 251, 134.4 only clause 4."),
    )
    corruption_articles = forms.CharField(
        label=_("Corruption offences (fines and court fees must be paid)"),
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    max_prior_convictions = forms.IntegerField(
        label=_("Most prior convictions allowed"), min_value=0, max_value=10
    )
    special_amnesty = forms.BooleanField(
        label=_("Amnesty in a special case (Article 22): no conditions of Articles 11 and 12"), required=False
    )
    reductions = forms.ChoiceField(
        label=_("Reductions of sentence"),
        choices=[(code, text[0].upper() + text[1:]) for code, text in rules.REDUCTION_RULES.items()],
        widget=forms.RadioSelect,
        required=False,
        help_text=rules.REDUCTIONS_GUIDANCE,
    )
    quarter_bands = forms.CharField(
        label=_("Consecutive quarters rated good or fair, by sentence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: longest sentence in months (empty: any longer) | quarters, e.g. “36 | 2”. Empty: "
            "every quarter of the sentence rated good or fair (Article 11.1.a)."
        ),
    )
    life_quarters = forms.IntegerField(
        label=_("Quarters for a life sentence commuted"), min_value=0, max_value=40, required=False
    )
    special_reason = forms.CharField(label=_("Reason of the special case"), required=False, max_length=500)

    @classmethod
    def initial_from(cls, terms: rules.Terms) -> dict[str, Any]:
        return {
            "reference_date": terms.reference_date,
            "kinds": list(terms.kinds),
            "fraction": rules.fraction_text(terms.fraction),
            "life_years": terms.life_years,
            "groups": "\n".join(
                f"{g.label} | {rules.fraction_text(g.fraction)} | {', '.join(g.articles)} | {g.min_months}"
                for g in terms.groups
            ),
            "special_fraction": rules.fraction_text(terms.special_fraction),
            "special_life_years": terms.special_life_years,
            "special_cases": list(terms.special_cases),
            "excluded_articles": ", ".join(terms.excluded_articles),
            "corruption_articles": ", ".join(terms.corruption_articles),
            "max_prior_convictions": terms.max_prior_convictions,
            "special_amnesty": terms.special_amnesty,
            "special_reason": terms.special_reason,
            "reductions": terms.reductions,
            "quarter_bands": "\n".join(
                f"{'' if b.up_to_months is None else b.up_to_months} | {b.quarters}"
                for b in terms.quarter_bands
            ),
            "life_quarters": terms.life_quarters,
        }

    def clean_quarter_bands(self) -> tuple[rules.QuarterBand, ...]:
        bands = []
        for number, line in enumerate(self.cleaned_data["quarter_bands"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                up_to = int(parts[0]) if parts[0] else None
                quarters = int(parts[1])
            except (IndexError, ValueError) as error:
                raise forms.ValidationError(
                    _("Line %(n)s: write “longest sentence in months | quarters”.") % {"n": number}
                ) from error
            bands.append(rules.QuarterBand(up_to, quarters))
        return tuple(bands)

    def clean_groups(self) -> tuple[rules.Group, ...]:
        groups = []
        for number, line in enumerate(self.cleaned_data["groups"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                label, fraction = parts[0], rules.parse_fraction(parts[1])
                articles = tuple(rules.articles_of(parts[2])) if len(parts) > 2 else ()
                months = int(parts[3]) if len(parts) > 3 and parts[3] else 0
            except rules.ArticleError as error:
                raise forms.ValidationError(
                    _("Line %(n)s: %(problem)s") % {"n": number, "problem": error}
                ) from error
            except (IndexError, ValueError, ZeroDivisionError) as error:
                raise forms.ValidationError(
                    _("Line %(n)s: write “label | fraction | articles | minimum months”.") % {"n": number}
                ) from error
            if not label or (not articles and not months):
                raise forms.ValidationError(
                    _("Line %(n)s: a group needs a label and articles or a minimum term.") % {"n": number}
                )
            groups.append(rules.Group(label, fraction, articles, months))
        return tuple(groups)

    def _articles(self, name: str) -> tuple[str, ...]:
        """The field's articles as codes; an entry that is not an article is named (rules.articles_of)."""
        try:
            return tuple(rules.articles_of(self.cleaned_data[name]))
        except rules.ArticleError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_excluded_articles(self) -> tuple[str, ...]:
        return self._articles("excluded_articles")

    def clean_corruption_articles(self) -> tuple[str, ...]:
        return self._articles("corruption_articles")

    def terms(self) -> rules.Terms:
        data = self.cleaned_data
        return rules.Terms(
            reference_date=data["reference_date"],
            kinds=tuple(data["kinds"]),
            fraction=Fraction(data["fraction"]),
            life_years=data["life_years"],
            groups=data["groups"],
            special_cases=tuple(data["special_cases"]),
            special_fraction=Fraction(data["special_fraction"]),
            special_life_years=data["special_life_years"],
            excluded_articles=data["excluded_articles"],
            corruption_articles=data["corruption_articles"],
            max_prior_convictions=data["max_prior_convictions"],
            special_amnesty=data["special_amnesty"],
            special_reason=data["special_reason"],
            reductions=data["reductions"] or rules.REDUCTIONS_DEDUCTED,
            quarter_bands=data["quarter_bands"],
            life_quarters=data["life_quarters"] or 0,
        )


class ListForm(StyledForm):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.filter(is_active=True))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), initial=date.today)
    submission_reference = forms.CharField(
        label=_("Submission number and symbol"), max_length=80, required=False
    )


class CouncilMemberForm(StyledForm):
    user = forms.ModelChoiceField(
        label=_("Council member"), queryset=User.objects.filter(is_active=True).order_by("full_name")
    )


class OverrideForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Engine's verdict (no override)"))]
        + [(v.value, v.label) for v in (Verdict.PASS, Verdict.REVIEW, Verdict.FAIL)],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CouncilForm(StyledForm):
    opinion = forms.ChoiceField(label=_("Council's opinion"), choices=CouncilOpinion.choices, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CouncilAgreementForm(StyledForm):
    """The council agrees with every prisoner who meets the conditions and has no opinion yet (of one
    facility's list, or all): what the page showed (`expected`) and on what ground (the meeting's minutes)."""

    minutes = forms.CharField(
        label=_("Ground (the council meeting's minutes, its date)"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Minutes of the council meeting of dd/mm/yyyy")}),
    )
    expected = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    facility = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


class SubmitForm(PresidentSignerForm):
    """The amnesty decision is the President's own (Luật Đặc xá 2018, Art. 5): the President signs."""

    deputy_may_sign = False


class DossierForm(StyledForm):
    dossier = MultipleFileField(label=_("Dossier files (PDF, scans, office documents)"))
