"""The honours pages: batches, their lists with verdicts, import with a column mapping, overrides, the rule
book and each honoree's history. Thin: they parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.appraisal import importing
from chancery.core import access
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.text import grouped
from chancery.core.views import StaffRequest
from chancery.core.views_links import panel as links_panel

from . import forms, intake, selectors, services
from .models import Honoree, HonoursBatch, Verdict


def _batch(request: StaffRequest, pk: int) -> HonoursBatch:
    batch = selectors.get_batch(request.user, pk)
    if batch is None:
        raise Http404
    return batch


def _year(request: StaffRequest) -> tuple[int, str]:
    """The year asked for, else this year with the reason the one asked for is not shown (never another
    year's figures in silence)."""
    from django.utils import timezone

    from chancery.core.dates import year_asked

    this_year = timezone.localdate().year
    year, refusal = year_asked(request.GET.get("year"), default=this_year)
    return year or this_year, refusal


@login_required
def home(request: StaffRequest) -> HttpResponse:
    """The batches at once; the year's figures (counted over the awards history, a second or two at the
    Office's volume) load after the page (`home_figures`)."""
    from django.conf import settings

    from chancery.core import access

    year, refusal = _year(request)
    batches = selectors.batches_with_counts(request.user)
    # a year asked for (a report's figure links here) lists that year's batches, whose nominees the figure
    # "received and appraised" counts (stats.nominated_in); without one, the latest batches of every year
    of_year = bool(request.GET.get("year")) and not refusal
    if of_year:
        batches = batches.filter(received_on__year=year)
    context = {
        "batches": batches[:200],
        "of_year": of_year,
        "can_create": services.can_work_on_honours(request.user),
        "owners": access.unit_names(settings.CHANCERY_HONOURS_UNITS),  # an empty list says why
        "year": year,
    }
    return render(request, "honours/home.html", context)


@login_required
def home_figures(request: StaffRequest) -> HttpResponse:
    """The honours figures of a year, over the batches the person may see: the home page's first section."""
    from datetime import date

    from . import stats

    year, refusal = _year(request)
    figures = stats.overview(request.user, date(year, 1, 1), date(year, 12, 31))
    return render(request, "honours/_figures.html", {"figures": figures, "year": year, "refusal": refusal})


@login_required
def batch_new(request: StaffRequest) -> HttpResponse:
    if not services.can_work_on_honours(request.user):
        raise PermissionDenied(services.refusal())
    form = forms.BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Batch %(code)s opened.") % {"code": batch.code})
            return redirect("honours:batch_import", pk=batch.pk)
    return render(request, "honours/batch_form.html", {"form": form})


@login_required
def batch_detail(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    outcome = request.GET.get("outcome", "")
    if outcome not in Verdict.values:
        outcome = ""
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    name = request.GET.get("q", "")[:100]
    rows = selectors.nominations_page(batch, outcome=outcome, after=after, name=name)
    counts = services.counts_of(batch)
    context = {
        "batch": batch,
        "rows": rows[: selectors.PAGE],
        "next_after": rows[selectors.PAGE - 1].row if len(rows) > selectors.PAGE else None,
        "outcome": outcome,
        "q": name,
        "counts": counts,
        "total": sum(counts.values()),
        "tabs": [("", _("All"), sum(counts.values()))]
        + [
            (v.value, v.label, counts.get(v.value, 0))
            for v in (Verdict.PASS, Verdict.REVIEW, Verdict.FAIL, Verdict.PENDING)
        ],
        "can_change": access.can_change(request.user, batch),
        "submit_form": forms.SubmitForm(),
        "settle_form": forms.SettleForm(awards=selectors.review_awards(batch))
        if outcome == Verdict.REVIEW and batch.state == "appraised" and counts.get(Verdict.REVIEW)
        else None,
        "dossier_form": forms.DossierForm(),
        "dossier": selectors.dossier_of(batch),
        **links_panel(request.user, batch),
    }
    return render(request, "honours/batch_detail.html", context)


@login_required
def batch_progress(request: StaffRequest, pk: int) -> HttpResponse:
    """The progress of the batch's import and appraisal, polled by the batch page while one runs."""
    batch = _batch(request, pk)
    return render(request, "honours/_progress.html", {"batch": batch})


@login_required
def batch_import(request: StaffRequest, pk: int) -> HttpResponse:
    """Upload the workbook, say which column holds which field; into a batch that has rows, check the
    preview and confirm it; the import runs as a job and the batch page shows its progress."""
    batch = _batch(request, pk)
    if not access.can_change(request.user, batch):
        raise PermissionDenied(_("You may not change this batch."))
    return importing.two_step_import(
        request,
        key=f"honours-upload-{batch.pk}",
        kind="honours_import",
        columns=intake.COLUMNS,
        start=lambda upload, mapping: services.import_or_preview(
            actor=request.user, batch=batch, upload=upload, mapping=mapping
        ),
        confirm=lambda token, remove: services.confirm_import(
            actor=request.user, batch=batch, token=token, remove=remove
        ),
        page=lambda context: render(request, "honours/batch_import.html", {"batch": batch, **context}),
        done=lambda: redirect("honours:batch", pk=batch.pk),
        again=lambda: redirect("honours:batch_import", pk=batch.pk),
    )


@login_required
@require_POST
def batch_appraise(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.start_appraisal(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The appraisal has started."))
    return redirect("honours:batch", pk=batch.pk)


@login_required
@require_POST
def batch_files(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    form = forms.DossierForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the files to attach."))
        return redirect("honours:batch", pk=batch.pk)
    try:
        count = services.attach_dossier(actor=request.user, batch=batch, files=form.cleaned_data["dossier"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(n)s files attached.") % {"n": count})
    return redirect("honours:batch", pk=batch.pk)


@login_required
def batch_file(request: StaffRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    from chancery.core.views_actions import attachment_download

    return attachment_download(attachment_id, of=HonoursBatch, object_ids=[_batch(request, pk).pk])


@login_required
def honorees(request: StaffRequest) -> HttpResponse:
    """Find a person or collective's honours history by name (without diacritics)."""
    query = request.GET.get("q", "").strip()
    found = selectors.find_honorees(request.user, query) if len(query) >= 2 else []
    return render(request, "honours/honorees.html", {"query": query, "found": found})


@login_required
@require_POST
def batch_submit(request: StaffRequest, pk: int) -> HttpResponse:
    """Prepare the draft decision and the reply; they go on in the documents module."""
    batch = _batch(request, pk)
    form = forms.SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who signs the decision."))
        return redirect("honours:batch", pk=batch.pk)
    try:
        batch = services.prepare_decision(
            actor=request.user,
            batch=batch,
            signer=form.cleaned_data["signer"],
            reply_signer=form.cleaned_data["reply_signer"],
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The draft decision was prepared; it goes on in Documents."))
    return redirect("honours:batch", pk=batch.pk)


@login_required
@require_POST
def batch_settle(request: StaffRequest, pk: int) -> HttpResponse:
    """Settle the nominees still to review, of one award or all, with one outcome and one reason."""
    batch = _batch(request, pk)
    form = forms.SettleForm(request.POST, awards=selectors.review_awards(batch))
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(form.errors)))
    else:
        try:
            settled = services.settle_reviews(actor=request.user, batch=batch, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("%(n)s nominees settled.") % {"n": grouped(settled)})
    return redirect(f"{reverse('honours:batch', args=[batch.pk])}?outcome=review")


@login_required
@require_POST
def batch_record(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.record_decision(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The decision was recorded in the honours history."))
    return redirect("honours:batch", pk=batch.pk)


@login_required
@require_POST
def batch_reopen(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.reopen_appraisal(actor=request.user, batch=batch, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect("honours:batch", pk=batch.pk)


@login_required
@require_POST
def batch_certificates(request: StaffRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        job = services.start_certificates(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("honours:batch", pk=batch.pk)
    return redirect(job.get_absolute_url())


@login_required
def nomination_detail(request: StaffRequest, pk: int) -> HttpResponse:
    nomination = selectors.get_nomination(request.user, pk)
    if nomination is None:
        raise Http404
    form = forms.OverrideForm(
        request.POST or None, initial={"outcome": nomination.override, "reason": nomination.override_reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.override_verdict(
                actor=request.user,
                nomination=nomination,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("honours:nomination", pk=nomination.pk)
    context = {
        "nomination": nomination,
        "batch": nomination.batch,
        "history": selectors.history_of_nomination(nomination),
        "form": form,
        "can_change": access.can_change(request.user, nomination.batch)
        and nomination.batch.state == "appraised",
    }
    return render(request, "honours/nomination_detail.html", context)


@login_required
def honoree_detail(request: StaffRequest, pk: int) -> HttpResponse:
    honoree = get_object_or_404(Honoree, pk=pk)
    if not selectors.can_see_honoree(request.user, honoree):
        raise Http404
    context = {
        "honoree": honoree,
        "awards": selectors.history_of(honoree),
        "nominations": selectors.nominations_of(request.user, honoree),
    }
    return render(request, "honours/honoree_detail.html", context)


@login_required
def rule_book(request: StaffRequest) -> HttpResponse:
    """Every rule set with its versions, criteria, articles and parameters: nothing the engine applies is
    hidden from the people who answer for it."""
    return render(request, "honours/rules.html", {"rule_sets": selectors.rule_sets()})
