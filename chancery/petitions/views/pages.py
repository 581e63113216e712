"""The petitions module's pages: home, letter templates, registration, the text check, the petition's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.casework import services as casework
from chancery.casework.views_opinions import panel as opinions_panel
from chancery.core import access, links, views_links
from chancery.core import services as core_services
from chancery.core.dates import year_asked
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Agency
from chancery.core.provinces import find_wards, place_of_former_address, place_text
from chancery.core.text import nfc
from chancery.core.views import StaffRequest
from chancery.core.views_actions import file_response
from chancery.petitions import (
    classify,
    forms,
    letters,
    selectors,
    services,
    stats,
)
from chancery.petitions.models import (
    Channel,
    Field,
    Forwarding,
    LetterKind,
    Petition,
    PetitionKind,
)

CLOCK_STATES = {
    "running": gettext_lazy("running"),
    "paused": gettext_lazy("paused"),
    "due_soon": gettext_lazy("due soon"),
    "overdue": gettext_lazy("overdue"),
    "met": gettext_lazy("met"),
    "missed": gettext_lazy("missed"),
}


@login_required
def home(request: StaffRequest) -> HttpResponse:
    today = forms.today()
    chosen, refusal = year_asked(request.GET.get("year"), default=today.year)
    if refusal:  # never another year's figures in silence
        messages.warning(request, refusal)
    figures = stats.overview(request.user, chosen if chosen is not None else today.year)
    years = list(range(today.year, today.year - 6, -1))
    return render(request, "petitions/home.html", {"figures": figures, "years": years})


def _may_edit_templates(user: Any) -> bool:
    viewer = access.viewer_for(user)
    return viewer.is_leadership or bool(viewer.headed_unit_ids) or viewer.is_administrator


@login_required
def letter_templates(request: StaffRequest) -> HttpResponse:
    """The letters' DOCX templates: download the one in use, upload an edited one, or use the built-in."""
    if not _may_edit_templates(request.user):
        raise PermissionDenied(_("Heads of unit and the leadership edit the letter templates."))
    if request.method == "POST":
        kind = request.POST.get("letter", "")
        upload = request.FILES.get("file")
        try:
            if request.POST.get("reset"):
                letters.reset_template(kind)
                messages.success(request, _("The built-in template is used again."))
            elif upload is None:
                raise ValidationError(_("Choose a DOCX file."))
            else:
                letters.save_template(kind, upload.read())
                messages.success(request, _("The edited template is used from now on."))
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("petitions:letter_templates")
    if request.GET.get("download") in LetterKind.values:
        kind = request.GET["download"]
        return file_response(
            letters.template_bytes(kind),
            f"mau-{kind}.docx",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    rows = [(kind, label, letters.is_customised(kind)) for kind, label in LetterKind.choices]
    return render(request, "petitions/letter_templates.html", {"rows": rows, "fields": letters.FIELDS})


@login_required
def register(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register petitions."))
    source = _source_document(request)
    initial = (
        {
            "channel": Channel.FORWARDED,
            "sent_by_agency": source.sender,
            "source_reference": source.reference,
            "summary": source.summary[:300],
            "received_on": source.received_on,
        }
        if source is not None
        else None
    )
    form = forms.PetitionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                petition = services.register_petition(
                    actor=request.user,
                    data=form.petition_data(),
                    attachments=form.cleaned_data["attachments"],
                )
                if source is not None:  # the document the petition came with: each page shows the other
                    links.link_records(
                        actor=request.user, record=source, other=petition, note=_("Forwarded petition")
                    )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Registered as petition %(number)s (tracking code %(code)s).")
                % {"number": petition.registry_number, "code": petition.tracking_code},
            )
            if request.POST.get("next") == "another":
                return redirect("petitions:register")
            return redirect(petition)
    return render(request, "petitions/register.html", {"form": form, "source": source})


def _source_document(request: StaffRequest) -> Any:
    """The incoming document a petition is registered from (?document=<id>), if the clerk may see it."""
    from chancery.documents import selectors as documents

    value = request.GET.get("document") or request.POST.get("document") or ""
    return documents.get_incoming(request.user, int(value)) if value.isdigit() else None


@login_required
def check_text(request: StaffRequest) -> HttpResponse:
    """While the clerk types: the suggested classification and the petitions that look like the same matter
    (an htmx fragment of the registration form)."""
    text = f"{request.GET.get('summary', '')}\n{request.GET.get('content', '')}".strip()
    province = request.GET.get("province")
    province_code = int(province) if province and province.isdigit() else None
    matches: list[Any] = []
    suggestion = None
    if len(text) >= 20:
        from chancery.petitions import matching

        ward_code = int(request.GET["ward"]) if request.GET.get("ward", "").isdigit() else None
        full_name, id_number = request.GET.get("full_name", ""), request.GET.get("id_number", "")
        people = matching.lookup_keys(
            full_name=full_name, province_code=province_code, ward_code=ward_code, id_number=id_number
        )
        # the petitioner typed, for a name one letter away from one on file (a typo, a missing diacritic)
        persons = [matching.PersonRef.of(full_name, province_code, ward_code, id_number)] if people else []
        # never "same petitioner" for a denouncer this person may not know; its reading traced
        screened = selectors.screened_matches(request.user, text=text, people=people, persons=persons)
        services.record_duplicate_check(actor=request.user, petitions=screened.protected)
        records = screened.records
        for record in records.values():
            record.shown_summary = access.redacted_text(  # type: ignore[attr-defined]
                request.user, record, record.summary
            )
        matches = [
            (m, records[m.petition_id], selectors.petitioner_name(request.user, records[m.petition_id]))
            for m in screened.matches[:5]
        ]
        suggestion = classify.suggest(text, province_code=province_code)
    agency = (
        Agency.objects.filter(pk=suggestion.agency_id).first()
        if suggestion and suggestion.agency_id
        else None
    )
    place = None
    if request.GET.get("address") and not request.GET.get("ward"):
        place = place_of_former_address(nfc(request.GET["address"]))
        if place and province_code not in (None, place.province_code):
            place = None  # the clerk's province wins (the registration does the same)
    return render(
        request,
        "petitions/_check.html",
        {
            "place": place_text(place.province_code, place.ward_code) if place else "",
            "matches": matches,
            "suggestion": suggestion,
            "agency": agency,
            "kind_label": dict(PetitionKind.choices).get(suggestion.kind, "") if suggestion else "",
            "field_label": dict(Field.choices).get(suggestion.field, "") if suggestion else "",
        },
    )


@login_required
def wards(request: StaffRequest) -> HttpResponse:
    # a form with a prefix (one per letter of a scan) names it "<prefix>-province"
    province = request.GET.get("province") or next(
        (request.GET[key] for key in request.GET if key.endswith("-province")), ""
    )
    options = find_wards(int(province), request.GET.get("q", ""), limit=400) if province.isdigit() else []
    return render(request, "petitions/_ward_options.html", {"options": options})


def _petition_or_404(request: StaffRequest, pk: int) -> Petition:
    petition = selectors.get_petition(request.user, pk)
    if petition is None:
        raise Http404
    return petition


@login_required
def detail(request: StaffRequest, pk: int) -> HttpResponse:
    petition = _petition_or_404(request, pk)
    can_change = access.can_change(request.user, petition)
    chain = selectors.forwarding_chain(petition)
    shown = selectors.shown_text(request.user, petition)  # redacted unless this person handles it
    if shown.in_full and selectors.is_protected(petition):
        services.record_opening(actor=request.user, petition=petition)
    context = {
        "petition": petition,
        "shown": shown,
        "protected": selectors.is_protected(petition),
        "warnings": selectors.accused_body_warnings(petition),
        "can_change": can_change,
        "can_assign": access.can_assign(request.user, petition),
        "identity_shown": selectors.can_see_identity(request.user, petition),
        # the values a change wrote may name a person protection came to cover later (a complaint merged
        # with a denunciation): shown only to those who may see the petitioners
        "history_masked": not selectors.can_see_identity(request.user, petition),
        "people": selectors.petitioners(request.user, petition),
        "attachments": selectors.attachments(request.user, petition),
        "duplicates": _duplicates(request, petition) if petition.state == "received" else [],
        "matter": selectors.matter_petitions(request.user, petition),
        "letters": _letters(request, petition),
        **views_links.panel(request.user, petition),
        **opinions_panel(request.user, petition),
        "clocks": [
            (c, reading, CLOCK_STATES.get(reading.state, reading.state))
            for c in selectors.running_clocks(petition)
            for reading in [casework.read(c)]
        ],
        "chain": chain,
        "loop": selectors.forwarding_loop(chain),
        "classify_form": forms.ClassifyForm(
            initial={
                "kind": petition.kind,
                "field": petition.field,
                "competent_agency": petition.competent_agency,
                "accused_agency": petition.accused_agency,
                "summary": shown.summary,
                **{name: getattr(petition, name) for name in services.CASE_FACTS},
            }
        ),
        "facts_form": forms.CaseFactsForm(
            initial={"is_complex": petition.is_complex, "is_remote_area": petition.is_remote_area}
        ),
        "decision_form": forms.DecisionForm(petition=petition, initial=decision_initial(petition)),
        "answer_form": forms.AnswerForm(initial={"answered_on": forms.today()}),
        "close_form": forms.CloseForm(initial={"closed_on": forms.today()}),
        "extend_form": forms.ExtendForm(),
        "split_form": forms.SplitForm(
            initial={
                "kind_1": petition.kind,
                "field_1": petition.field,
                "summary_1": shown.summary,
                "content_1": shown.content,
            }
        ),
        "parts": list(petition.parts.all()),
        "history": core_services.selectors.record_history(petition, limit=20).rows,
    }
    if petition.competent_agency and petition.state == "received":
        context["loop_ahead"] = selectors.forwarding_loop(chain, next_agency=petition.competent_agency)
    return render(request, "petitions/detail.html", context)


def _duplicates(request: StaffRequest, petition: Petition) -> list[selectors.DuplicateView]:
    """The duplicate check beside a petition, its reading of protected petitions traced."""
    found, screened = selectors.duplicate_check(request.user, petition)
    services.record_duplicate_check(actor=request.user, petitions=screened.protected, source=petition)
    return found


def _letters(request: StaffRequest, petition: Petition) -> list[Forwarding]:
    """The letters, each with the agency's answer as this person may read it, whether it encloses the
    redacted copy and whether this person may download it (a letter to a protected petitioner names them)."""
    shown = access.text_redactor(request.user, petition)
    identity = selectors.can_see_identity(request.user, petition)
    found = selectors.letters_of(petition)
    today = timezone.localdate()
    for letter in found:
        letter.shown_answer = shown(letter.answer)  # type: ignore[attr-defined]
        letter.has_enclosure = letters.has_enclosure(letter)  # type: ignore[attr-defined]
        may_download = identity or not letters.to_the_petitioner(letter)
        letter.may_download = may_download  # type: ignore[attr-defined]
        letter.may_sign = (  # type: ignore[attr-defined]
            may_download
            and not letter.signed_file
            and letter.sent_on == today
            and letters.signs(request.user, letter)
        )
    return found


def _summary_typed(user: Any, petition: Petition, typed: str) -> str | None:
    """The summary a classification saves: None (keep the one on file) when it comes back as this person was
    shown it, redacted (saving it would write the redaction over the summary)."""
    if typed == access.redacted_text(user, petition, petition.summary):
        return None
    return typed


def decision_initial(petition: Petition) -> dict[str, Any]:
    """What the decision form starts with besides the record's facts (which the form itself shows ticked:
    anonymous, evidence, civil dispute, a complaint late by its dates under Luật Khiếu nại 2011, Art. 9 or
    33): the competent agency already chosen."""
    return {"agency": petition.competent_agency}
