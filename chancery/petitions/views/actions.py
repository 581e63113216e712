"""The steps posted from a petition's page (classify, facts, decide, duplicates, answer, close, remind,
extend, split, pause) and its letters and files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.casework import services as casework
from chancery.core.forms import error_text as _errors
from chancery.core.forms import form_error_text
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act, attachment_download, file_response
from chancery.petitions import (
    forms,
    letters,
    rules,
    selectors,
    services,
)
from chancery.petitions.models import (
    Forwarding,
    Petition,
)
from chancery.petitions.views.pages import _petition_or_404, _summary_typed


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
        messages.error(request, form_error_text(form))
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
        messages.error(request, form_error_text(form))
        return redirect(petition)
    clock = next((c for c in selectors.running_clocks(petition) if c.pk == form.cleaned_data["clock"]), None)
    if clock is None:
        raise Http404
    try:
        if clock.pauses.filter(resumed_on__isnull=True).exists():
            casework.resume_clock(
                actor=request.user, record=petition, clock=clock, resumed_on=form.cleaned_data["on"]
            )
            messages.success(request, _("The time limit runs again."))
        else:
            casework.pause_clock(
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
    return file_response(content, f"{letter.number.replace('/', '-')}.pdf", content_type="application/pdf")


@login_required
@require_POST
def letter_sign(request: StaffRequest, pk: int, letter_id: int) -> HttpResponse:
    """The person named under the letter's signature signs it digitally (services.sign_letter)."""
    petition, letter = _letter_or_404(request, pk, letter_id)
    return act(
        request,
        petition,
        django_forms.Form(request.POST),
        lambda _valid: services.sign_letter(actor=request.user, forwarding=letter),
        _("The letter was signed digitally and sealed with the Office's seal."),
    )


@login_required
def letter_signed(request: StaffRequest, pk: int, letter_id: int) -> FileResponse:
    """The digitally signed letter, as it was signed (never rendered again)."""
    _petition, letter = _letter_or_404(request, pk, letter_id)
    if not letter.signed_file:
        raise Http404
    return FileResponse(
        letter.signed_file.open("rb"),
        as_attachment=True,
        filename=letter.signed_file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


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
    name = f"{letter.number.replace('/', '-')}-ban-sao-don.pdf"
    return file_response(content, name, content_type="application/pdf")


@login_required
def attachment_file(request: StaffRequest, pk: int, attachment_id: int) -> FileResponse:
    petition = _petition_or_404(request, pk)
    if not selectors.can_see_identity(request.user, petition):
        raise PermissionDenied(_("The attachments of a denunciation are shown only to those handling it."))
    return attachment_download(attachment_id, of=Petition, object_ids=[petition.pk])
