"""Opinions asked of other units (xin ý kiến), from the page of a document or a petition: the panel the page
includes (casework/_opinions.html), asking (at once or one after another, each unit with its own time limit,
given as the date dd/mm/yyyy the first unit answers by), each request's state (waiting, answered, late),
answering for the unit asked, and withdrawing what is still unanswered. The services are
chancery.casework.services; every value posted is checked here (a record kind must be one of OPINION_RECORDS,
the record one the person may see) and again by the service (who may ask, who may answer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from chancery.casework import services
from chancery.casework.models import OpinionMode, OpinionRequest, OpinionStatus
from chancery.casework.services.opinions import OPINION_UNIT_KINDS
from chancery.core import access, audit
from chancery.core import selectors as core_selectors
from chancery.core.forms import DateInput, StyledForm
from chancery.core.models import ProtectedRecord, Unit
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act

# The records whose pages carry the panel: the documents received and drafted, and the petitions.
OPINION_RECORDS = ("documents.incomingdocument", "documents.outgoingdocument", "petitions.petition")


def _units() -> Any:
    return Unit.objects.filter(is_active=True, kind__in=OPINION_UNIT_KINDS).order_by("sort_order", "name")


NOT_ASKABLE = _("A unit chosen cannot be asked for an opinion on this record.")


class OpinionForm(StyledForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Units asked"),
        queryset=_units(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose at least one unit to ask."),
            "invalid_choice": NOT_ASKABLE,
            "invalid_pk_value": NOT_ASKABLE,
            "invalid_list": NOT_ASKABLE,
        },
    )
    question = forms.CharField(
        label=_("What the units are asked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the units are asked.")},
    )
    due_on = forms.DateField(
        label=_("Answer by (dd/mm/yyyy)"),
        widget=DateInput(),
        help_text=_("A working day. Asked in turn, each later unit has as many working days as the first."),
        error_messages={
            "required": _("Give the date by which the units answer."),
            "invalid": _("Write the date as dd/mm/yyyy."),
        },
    )
    mode = forms.ChoiceField(label=_("How"), choices=OpinionMode.choices, initial=OpinionMode.PARALLEL)

    def __init__(self, *args: Any, record: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["units"]
        mine = {getattr(record, "owning_unit_id", None), getattr(user, "unit_id", None)} - {None}
        field.queryset = _units().exclude(pk__in=mine)  # a unit does not ask itself
        if not self.is_bound:  # five working days, the time most questions are given
            self.initial["due_on"] = core_selectors.period_end(timezone.localdate(), 5)


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("The unit's opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


def panel(user: Any, record: Any) -> dict[str, Any]:
    """What a record's page needs to show the opinions asked on it (casework/_opinions.html): every request
    by round, those the person may answer, and the form to ask when they may change the
    record."""
    requests = services.opinions_on(record)
    redact = access.text_redactor(user, record)  # a denouncer's identity stays out of the questions too
    today = timezone.localdate()
    for request in requests:
        shown: Any = request
        shown.answerable = request.status == OpinionStatus.OPEN and services.can_answer(user, request, record)
        shown.is_late, shown.answered_late = _lateness(request, today)
        shown.shown_question, shown.shown_answer = redact(request.question), redact(request.answer)
    may_ask = access.can_change(user, record)
    pending_rounds = sorted(
        {r.round for r in requests if r.status in (OpinionStatus.WAITING, OpinionStatus.OPEN)}
    )
    return {
        "opinions": requests,
        "opinions_record_type": audit.object_type_of(record),
        "opinions_record_id": record.pk,
        "opinion_form": OpinionForm(record=record, user=user) if may_ask else None,
        "opinion_pending_rounds": pending_rounds if may_ask else [],
        "answer_form": AnswerForm(),
    }


def _lateness(request: OpinionRequest, today: date) -> tuple[bool, bool]:
    """(still unanswered after its due date, answered after it): what the panel shows in red."""
    due = request.clock.due_on if request.clock is not None else None
    if due is None:
        return False, False
    if request.status == OpinionStatus.OPEN:
        return today > due, False
    answered = request.answered_at
    given_late = request.status == OpinionStatus.GIVEN and answered is not None
    return False, given_late and timezone.localdate(answered) > due


def _record(user: Any, object_type: str, object_id: str) -> Any:
    """The record a form names, only of a kind that carries the panel and only if the person may see it."""
    if object_type not in OPINION_RECORDS or not object_id.isdigit():
        raise Http404
    model = apps.get_model(object_type)
    records = model._default_manager.filter(pk=int(object_id))
    if issubclass(model, ProtectedRecord):
        records = access.visible_records(user, records)
    record = records.first()
    if record is None:
        raise Http404
    return record


def _back_url(record: Any) -> str:
    return (audit.subject_url(audit.object_type_of(record), record.pk) or "/") + "#opinions"


def _back(record: Any) -> HttpResponse:
    return redirect(_back_url(record))


def _refused(request: StaffRequest, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, str(error) or str(_("You may not do this.")))


@login_required
@require_POST
def opinion_ask(request: StaffRequest) -> HttpResponse:
    record = _record(request.user, request.POST.get("object_type", ""), request.POST.get("object_id", ""))
    return act(
        request,
        record,
        OpinionForm(request.POST, record=record, user=request.user),
        lambda form: services.request_opinions(
            actor=request.user,
            record=record,
            units=list(form.cleaned_data["units"]),
            question=form.cleaned_data["question"],
            due_on=form.cleaned_data["due_on"],
            mode=form.cleaned_data["mode"],
        ),
        lambda asked: str(_("Opinions asked of %(count)s units.")) % {"count": len(asked)},
        back=_back_url(record),
    )


@login_required
@require_POST
def opinion_answer(request: StaffRequest, pk: int) -> HttpResponse:
    asked = OpinionRequest.objects.filter(pk=pk, object_type__in=OPINION_RECORDS).first()
    if asked is None:
        raise Http404
    record = _record(request.user, asked.object_type, str(asked.object_id))
    return act(
        request,
        record,
        AnswerForm(request.POST),
        lambda form: services.answer_opinion(
            actor=request.user, request=asked, answer=form.cleaned_data["answer"]
        ),
        str(_("The unit's opinion is recorded.")),
        back=_back_url(record),
    )


@login_required
@require_POST
def opinion_withdraw(request: StaffRequest) -> HttpResponse:
    record = _record(request.user, request.POST.get("object_type", ""), request.POST.get("object_id", ""))
    round_ = request.POST.get("round", "")
    if not round_.isdigit():
        raise Http404
    try:
        count = services.withdraw_opinions(actor=request.user, record=record, round=int(round_))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, str(_("%(count)s unanswered requests withdrawn.")) % {"count": count})
    return _back(record)
