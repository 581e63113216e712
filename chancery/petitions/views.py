"""Web pages of the petitions module: registration, the petition's page with every step, the public online
form and lookup. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chancery.casework.views_opinions import panel as opinions_panel
from chancery.core import audit, jobs, links, views_links
from chancery.core import services as core_services
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Agency
from chancery.core.provinces import find_wards, place_of_former_address, place_text
from chancery.core.text import nfc
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act, attachment_download
from chancery.petitions import (
    challenge,
    classify,
    forms,
    importer,
    letters,
    rules,
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
    ReceptionSession,
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
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and 2000 <= int(year) <= today.year else today.year
    figures = stats.overview(request.user, chosen)
    years = list(range(today.year, today.year - 6, -1))
    return render(request, "petitions/home.html", {"figures": figures, "years": years})


def _may_edit_templates(user: Any) -> bool:
    viewer = services.access.viewer_for(user)
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
        response = HttpResponse(
            letters.template_bytes(kind),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="mau-{kind}.docx"'
        return response
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
            record.shown_summary = services.access.redacted_text(  # type: ignore[attr-defined]
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
    province = request.GET.get("province", "")
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
    can_change = services.access.can_change(request.user, petition)
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
        "can_assign": services.access.can_assign(request.user, petition),
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
            for reading in [services.casework.read(c)]
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
    shown = services.access.text_redactor(request.user, petition)
    identity = selectors.can_see_identity(request.user, petition)
    found = selectors.letters_of(petition)
    for letter in found:
        letter.shown_answer = shown(letter.answer)  # type: ignore[attr-defined]
        letter.has_enclosure = letters.has_enclosure(letter)  # type: ignore[attr-defined]
        letter.may_download = identity or not letters.to_the_petitioner(letter)  # type: ignore[attr-defined]
    return found


def _summary_typed(user: Any, petition: Petition, typed: str) -> str | None:
    """The summary a classification saves: None (keep the one on file) when it comes back as this person was
    shown it, redacted (saving it would write the redaction over the summary)."""
    if typed == services.access.redacted_text(user, petition, petition.summary):
        return None
    return typed


def decision_initial(petition: Petition) -> dict[str, Any]:
    """What the decision form starts with besides the record's facts (which the form itself shows ticked:
    anonymous, evidence, civil dispute, a complaint late by its dates under Luật Khiếu nại 2011, Art. 9 or
    33): the competent agency already chosen."""
    return {"agency": petition.competent_agency}


def _act(
    request: StaffRequest,
    pk: int,
    form_class: Any,
    action: Callable[[Petition, Any], Any],
    done: str,
    **kw: Any,
) -> HttpResponse:
    petition = _petition_or_404(request, pk)
    form = form_class(request.POST, **kw) if not callable(kw.get("form")) else kw["form"](petition)
    return act(request, petition, form, lambda valid: action(petition, valid), done)


@login_required
@require_POST
def classify_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ClassifyForm,
        lambda p, f: services.classify_petition(
            actor=request.user,
            petition=p,
            kind=f.cleaned_data["kind"],
            field=f.cleaned_data["field"],
            competent_agency=f.cleaned_data["competent_agency"],
            summary=_summary_typed(request.user, p, f.cleaned_data["summary"]),
            facts=f.case_facts(),
            accused_agency=f.cleaned_data.get("accused_agency"),
        ),
        _("Classification saved."),
    )


@login_required
@require_POST
def case_facts(request: StaffRequest, pk: int) -> HttpResponse:
    """A complaint being handled found complex or in a remote area: its time limit follows."""
    return _act(
        request,
        pk,
        forms.CaseFactsForm,
        lambda p, f: services.set_case_facts(actor=request.user, petition=p, facts=f.cleaned_data),
        _("The facts of the case are saved."),
    )


@login_required
def rule_book(request: StaffRequest) -> HttpResponse:
    """Every time limit a petition can carry, with the event it runs from, its article and whether the
    figure was read in the law's text: nothing the services start is hidden from the people who answer for
    it."""
    return render(request, "petitions/rules.html", {"entries": rules.rule_book()})


@login_required
@require_POST
def decide(request: StaffRequest, pk: int) -> HttpResponse:
    petition = _petition_or_404(request, pk)
    form = forms.DecisionForm(request.POST, petition=petition)
    if form.is_valid():
        try:
            petition, _decision = services.decide_petition(
                actor=request.user, petition=petition, data=form.decision_data()
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Decided: %(state)s.") % {"state": petition.state_label})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(petition)


@login_required
@require_POST
def duplicate(request: StaffRequest, pk: int) -> HttpResponse:
    def act(petition: Petition, form: Any) -> None:
        other = selectors.get_petition(request.user, form.cleaned_data["other"])
        if other is None:
            raise ValidationError(_("That petition does not exist or you may not see it."))
        services.decide_duplicate(
            actor=request.user,
            petition=petition,
            other=other,
            verdict=form.cleaned_data["verdict"],
            similarity=form.cleaned_data.get("similarity") or 0.0,
        )

    return _act(request, pk, forms.DuplicateForm, act, _("Duplicate decision saved."))


@login_required
@require_POST
def answer(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.AnswerForm,
        lambda p, f: services.record_answer(
            actor=request.user,
            petition=p,
            answered_on=f.cleaned_data["answered_on"],
            answer=f.cleaned_data["answer"],
            reference=f.cleaned_data["reference"],
        ),
        _("The agency's answer is recorded."),
    )


@login_required
@require_POST
def close(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.CloseForm,
        lambda p, f: services.close_petition(
            actor=request.user,
            petition=p,
            outcome=f.cleaned_data["outcome"],
            closed_on=f.cleaned_data["closed_on"],
        ),
        _("The petition is closed."),
    )


@login_required
@require_POST
def remind(request: StaffRequest, pk: int) -> HttpResponse:
    petition = _petition_or_404(request, pk)
    try:
        letter = services.send_reminder(actor=request.user, petition=petition)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Reminder %(number)s sent.") % {"number": letter.number})
    return redirect(petition)


@login_required
@require_POST
def extend(request: StaffRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExtendForm,
        lambda p, f: services.extend_handling(
            actor=request.user,
            petition=p,
            days=f.cleaned_data["days"],
            reason=f.cleaned_data["reason"],
            especially_complex=f.cleaned_data["especially_complex"],
        ),
        _("The time limit is extended."),
    )


@login_required
@require_POST
def split(request: StaffRequest, pk: int) -> HttpResponse:
    petition = _petition_or_404(request, pk)
    form = forms.SplitForm(request.POST)
    if form.is_valid():
        try:
            parts = services.split_petition(actor=request.user, petition=petition, parts=form.parts())
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                _("Split: %(numbers)s registered as separate petitions.")
                % {"numbers": ", ".join(p.registry_number for p in parts)},
            )
    return redirect(petition)


@login_required
@require_POST
def pause(request: StaffRequest, pk: int) -> HttpResponse:
    """Pause a running time limit (with the reason) or resume a paused one, from the given date."""
    petition = _petition_or_404(request, pk)
    form = forms.PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(petition)
    clock = next((c for c in selectors.running_clocks(petition) if c.pk == form.cleaned_data["clock"]), None)
    if clock is None:
        raise Http404
    try:
        if clock.pauses.filter(resumed_on__isnull=True).exists():
            services.casework.resume_clock(
                actor=request.user, record=petition, clock=clock, resumed_on=form.cleaned_data["on"]
            )
            messages.success(request, _("The time limit runs again."))
        else:
            services.casework.pause_clock(
                actor=request.user,
                record=petition,
                clock=clock,
                paused_on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The time limit is paused."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    return redirect(petition)


def _letter_or_404(request: StaffRequest, pk: int, letter_id: int) -> tuple[Petition, Forwarding]:
    """A letter of a petition this person sees; one addressed to a protected petitioner (it names them) only
    for the petition's handlers."""
    petition = _petition_or_404(request, pk)
    letter = get_object_or_404(Forwarding, pk=letter_id, petition=petition)
    if letters.to_the_petitioner(letter) and not selectors.can_see_identity(request.user, petition):
        raise PermissionDenied(_("A letter to a denouncer is shown only to those handling the denunciation."))
    return petition, letter


@login_required
def letter_file(request: StaffRequest, pk: int, letter_id: int) -> FileResponse:
    _petition, letter = _letter_or_404(request, pk, letter_id)
    if not letter.document:
        raise Http404
    return FileResponse(
        letter.document.open("rb"), as_attachment=True, filename=letter.document.name.rsplit("/", 1)[-1]
    )


@login_required
def letter_pdf(request: StaffRequest, pk: int, letter_id: int) -> HttpResponse:
    petition, letter = _letter_or_404(request, pk, letter_id)
    try:
        content = letters.render_pdf(letter)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(petition)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.number.replace("/", "-")}.pdf"'
    return response


@login_required
def letter_enclosure(request: StaffRequest, pk: int, letter_id: int) -> HttpResponse:
    """The copy of a protected petition its forwarding encloses, with the denouncer's identity removed
    (letters.render_enclosure_pdf): the same for whoever downloads it, handlers included."""
    petition, letter = _letter_or_404(request, pk, letter_id)
    if not letters.has_enclosure(letter):
        raise Http404
    try:
        content = letters.render_enclosure_pdf(letter)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(petition)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{letter.number.replace('/', '-')}-ban-sao-don.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def attachment_file(request: StaffRequest, pk: int, attachment_id: int) -> FileResponse:
    petition = _petition_or_404(request, pk)
    if not selectors.can_see_identity(request.user, petition):
        raise PermissionDenied(_("The attachments of a denunciation are shown only to those handling it."))
    return attachment_download(attachment_id, of=Petition, object_ids=[petition.pk])


# --- the citizens' pages (no login) -------------------------------------------------------------------------

# From one address in an hour: this many petitions without a challenge (a citizen, a family, a commune's
# reception desk sending for several people), then a proof of work for each one, up to the ceiling. A flood
# from many addresses at once (the whole office receives some 30 petitions a day by every channel) brings
# the challenge to everyone while it lasts.
CHALLENGE_AFTER = 3
SUBMISSIONS_PER_HOUR = 20
ALL_CHALLENGE_AFTER = 120
LOOKUPS_PER_HOUR = 30


def _over_limit(request: HttpRequest, what: str, limit: int) -> bool:
    key = f"petitions:{what}:{audit.client_address(request) or ''}"
    count = cache.get_or_set(key, 0, 3600) or 0
    if count >= limit:
        return True
    cache.incr(key)
    return False


def _submission_key(source: str | None) -> str:
    """The cache key counting the petitions sent this hour from `source`, or from everyone (None)."""
    return "petitions:submit-all" if source is None else f"petitions:submit:{source}"


def _count_submission(source: str | None) -> int:
    """Count one more petition sent from `source` (None: from everyone) this hour; returns the count, this
    one included. Counted in the shared cache in one step, so that requests sent side by side cannot all
    pass as the first."""
    key = _submission_key(source)
    cache.add(key, 0, 3600)
    try:
        return int(cache.incr(key))
    except ValueError:  # the hour ended between the two steps
        cache.add(key, 1, 3600)
        return 1


def _sent_this_hour(source: str | None) -> int:
    return int(cache.get(_submission_key(source)) or 0)


def public_submit(request: HttpRequest) -> HttpResponse:
    """The citizens' online form. A refused form comes back with everything typed in it (the files must be
    chosen again: no browser lets a page fill a file field). Past `CHALLENGE_AFTER` petitions an hour from one
    address, each must carry the answer to a proof of work (chancery.petitions.challenge), harder with each
    petition, and none is taken past `SUBMISSIONS_PER_HOUR`."""
    source = audit.client_address(request) or ""
    form = forms.PublicPetitionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent, sent_by_all = _count_submission(source), _count_submission(None)
        needs_proof = sent > CHALLENGE_AFTER or sent_by_all > ALL_CHALLENGE_AFTER
        if sent > SUBMISSIONS_PER_HOUR:
            form.add_error(None, _("Too many petitions from this address; please try again in an hour."))
        elif needs_proof and not challenge.verify(
            source, request.POST.get("proof_token", ""), request.POST.get("proof_nonce", "")
        ):
            form.add_error(
                None,
                _(
                    "Many petitions have come from here within the hour: your browser must first confirm "
                    "the sending (it takes a few seconds, with JavaScript on). Nothing you wrote was lost; "
                    "please send the form again."
                ),
            )
        else:
            text = f"{form.cleaned_data['summary']} {form.cleaned_data['content']}"
            field = classify.suggest(text, province_code=form.cleaned_data["province"]).field
            try:
                petition = services.register_petition(
                    actor=None, data=form.petition_data(field), attachments=form.cleaned_data["attachments"]
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return render(request, "petitions/public_done.html", {"petition": petition})
    if request.method == "POST" and request.FILES and form.errors:
        form.add_error(None, _("The attached files were not kept: please choose them again."))
    sent, sent_by_all = _sent_this_hour(source), _sent_this_hour(None)
    proof = None
    if sent >= CHALLENGE_AFTER or sent_by_all >= ALL_CHALLENGE_AFTER:  # the next one will need it
        bits = challenge.bits_for(sent, CHALLENGE_AFTER, sent_by_all, ALL_CHALLENGE_AFTER)
        proof = challenge.issue(source, bits)
    return render(request, "petitions/public_submit.html", {"form": form, "proof": proof})


def public_lookup(request: HttpRequest) -> HttpResponse:
    form = forms.LookupForm(request.GET or None)
    found = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        if _over_limit(request, "lookup", LOOKUPS_PER_HOUR):
            form.add_error(None, _("Too many lookups from this address; please try again in an hour."))
        else:
            found = stats.public_status(form.cleaned_data["code"])
    return render(
        request, "petitions/public_lookup.html", {"form": form, "found": found, "searched": searched}
    )


def list_url() -> str:
    return reverse("casework:list", args=["petitions"])


# --- citizen reception --------------------------------------------------------------------------------------


def _require_reception(user: Any) -> None:
    if not services.can_see_reception(user):
        raise PermissionDenied(_("Citizen reception is kept by the unit that receives petitions."))


@login_required
def sessions(request: StaffRequest) -> HttpResponse:
    _require_reception(request.user)
    form = forms.SessionForm(
        request.POST or None, initial={"held_on": forms.today(), "host": request.user.get_full_name()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.open_session(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            return redirect(session)
    listed = ReceptionSession.objects.annotate(
        visits_count=Count("visits"), people_count=Sum("visits__people")
    )
    return render(request, "petitions/sessions.html", {"form": form, "sessions": listed[:100]})


@login_required
def session_detail(request: StaffRequest, pk: int) -> HttpResponse:
    _require_reception(request.user)
    session = get_object_or_404(ReceptionSession, pk=pk)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                actor=request.user,
                session=session,
                visitor=data["visitor"],
                people=data["people"],
                content=data["content"],
                outcome=data["outcome"],
                province_code=data.get("province"),
                petition=form.petition_data(session.held_on),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            if visit.petition is not None:
                messages.success(
                    request,
                    _("Registered as petition %(number)s.") % {"number": visit.petition.registry_number},
                )
            return redirect(session)
    visits = [
        (
            visit,
            selectors.MASK
            if visit.petition and not selectors.can_see_identity(request.user, visit.petition)
            else visit.visitor,
        )
        for visit in session.visits.select_related("petition")
    ]
    for visit, _visitor in visits:  # what the citizen said, as the petition's text: redacted if protected
        if visit.petition is not None:
            visit.content = services.access.redacted_text(request.user, visit.petition, visit.content)
    return render(
        request, "petitions/session_detail.html", {"session": session, "form": form, "visits": visits}
    )


# --- import from Excel --------------------------------------------------------------------------------------


@login_required
def import_register(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register petitions."))
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose an Excel workbook (.xlsx)."))
            return redirect("petitions:import")
        try:
            received = jobs.receive_upload(actor=request.user, kind="petition_import", upload=upload)
            try:
                job = importer.start_import(actor=request.user, upload=received)
            except (ValidationError, PermissionDenied):
                jobs.discard_upload(received)
                raise
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
            return redirect("petitions:import")
        return redirect(job)
    return render(request, "petitions/import.html", {"headings": importer.HEADINGS})


@login_required
def import_template(request: StaffRequest) -> HttpResponse:
    response = HttpResponse(
        importer.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="so-don-mau.xlsx"'
    return response
