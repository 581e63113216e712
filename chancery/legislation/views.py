"""The promulgation pages: the board of laws and ordinances in flight with their days left, the register,
one text with its clocks, notes and actions. Every page reads through the selectors (the access policy) and
writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core import access
from chancery.core.dates import year_asked
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.views import StaffRequest

from . import forms, selectors, services
from .models import DraftLaw, Statute


def _statute(request: StaffRequest, pk: int) -> Statute:
    statute = selectors.get_statute(request.user, pk)
    if statute is None:
        raise Http404
    return statute


@login_required
def board(request: StaffRequest) -> HttpResponse:
    year, refusal = year_asked(request.GET.get("year"), default=None)
    if refusal:
        messages.warning(request, refusal)
    context = {
        "rows": selectors.board(request.user),
        "drafts": selectors.drafts_waiting(request.user),
        "answered": selectors.drafts_answered(request.user, year=year)[:100],
        "register": selectors.register(request.user, year=year)[:200],
        "year": year,
        "figures": selectors.figures(request.user, year or timezone.localdate().year),
        "can_register": services.can_register(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "legislation/board.html", context)


@login_required
def statute_new(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register laws and ordinances."))
    form = forms.StatuteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statute = services.register_statute(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Registered: the clock to promulgate it runs from the day it was passed.")
            )
            return redirect("legislation:statute", pk=statute.pk)
    return render(request, "legislation/statute_form.html", {"form": form})


@login_required
def statute_detail(request: StaffRequest, pk: int) -> HttpResponse:
    statute = _statute(request, pk)
    clocks = selectors.clocks_of([statute])[statute.pk]
    today = timezone.localdate()
    context = {
        "statute": statute,
        "clocks": clocks,
        "notes": statute.notes.select_related("author"),
        "can_change": access.can_change(request.user, statute),
        "note_form": forms.NoteForm(),
        "reason_form": forms.ReasonForm(initial={"on": today}),
        "date_form": forms.DateForm(initial={"on": today}),
        "order_form": forms.OrderForm(),
    }
    return render(request, "legislation/statute_detail.html", context)


def _act(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    statute = _statute(request, pk)
    try:
        if action == "note":
            note = forms.NoteForm(request.POST)
            if not note.is_valid():
                raise ValidationError(_("Write the note."))
            services.add_note(actor=request.user, statute=statute, **note.cleaned_data)
        elif action in ("reconsider", "refer"):
            reason = forms.ReasonForm(request.POST)
            if not reason.is_valid():
                raise ValidationError(_("Give the reason and the date."))
            act = services.request_reconsideration if action == "reconsider" else services.refer_to_assembly
            act(actor=request.user, statute=statute, **reason.cleaned_data)
        elif action == "repass":
            day = forms.DateForm(request.POST)
            if not day.is_valid():
                raise ValidationError(_("Give the date."))
            services.record_repassing(actor=request.user, statute=statute, **day.cleaned_data)
        elif action == "order":
            order = forms.OrderForm(request.POST)
            if not order.is_valid():
                raise ValidationError(_("Choose who signs the order."))
            services.draft_order(actor=request.user, statute=statute, **order.cleaned_data)
        elif action == "promulgate":
            services.record_promulgation(actor=request.user, statute=statute)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Done."))
    return redirect("legislation:statute", pk=statute.pk)


@login_required
@require_POST
def statute_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("note", "reconsider", "refer", "repass", "order", "promulgate"):
        raise Http404
    return _act(request, pk, action)


def _draft(request: StaffRequest, pk: int) -> DraftLaw:
    draft = selectors.get_draft(request.user, pk)
    if draft is None:
        raise Http404
    return draft


@login_required
def draft_new(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register laws and ordinances."))
    form = forms.DraftForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.register_draft(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Registered: the clock to the comments' due date runs."))
            return redirect("legislation:draft", pk=draft.pk)
    return render(request, "legislation/draft_form.html", {"form": form})


@login_required
def draft_detail(request: StaffRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    context = {
        "draft": draft,
        "clocks": selectors.clocks_of([draft])[draft.pk],
        "can_change": access.can_change(request.user, draft),
        "comments_form": forms.CommentsForm(initial={"on": timezone.localdate()}),
        "withdraw_form": forms.WithdrawForm(),
    }
    return render(request, "legislation/draft_detail.html", context)


@login_required
@require_POST
def draft_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    draft = _draft(request, pk)
    try:
        if action == "comments":
            form = forms.CommentsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write the comments and the date they were sent."))
            services.send_comments(actor=request.user, draft=draft, **form.cleaned_data)
        elif action == "withdraw":
            withdraw = forms.WithdrawForm(request.POST)
            if not withdraw.is_valid():
                raise ValidationError(_("Give the reason."))
            services.withdraw_draft(actor=request.user, draft=draft, **withdraw.cleaned_data)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Done."))
    return redirect("legislation:draft", pk=draft.pk)
