"""The pages of treaties and foreign affairs: the calendar (month, week, agenda) and its ICS feed, an event
with its programme, participants, briefing file, speeches, checklist and follow-up, the unit's tasks, the
treaty register and a treaty's steps, and the figures. Every page reads through the selectors (the access
policy) and writes through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.casework import services as casework
from chancery.core import selectors as core_selectors
from chancery.core.dates import year_asked
from chancery.core.forms import cleaned_or_refuse as _valid
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Unit
from chancery.core.views import StaffRequest
from chancery.core.views_actions import attachment_download, file_response
from chancery.core.views_links import panel as links_panel

from . import forms, ics, rules, selectors, services
from .models import ChecklistItem, Event, FollowUp, Speech, Treaty, TreatyStep

MONTHS = [
    "",
    "Tháng 1",
    "Tháng 2",
    "Tháng 3",
    "Tháng 4",
    "Tháng 5",
    "Tháng 6",
    "Tháng 7",
    "Tháng 8",
    "Tháng 9",
    "Tháng 10",
    "Tháng 11",
    "Tháng 12",
]


def _parse_day(text: str, default: date, request: HttpRequest | None = None) -> date:
    """A day of the address (yyyy-mm-dd, as the calendar's own links write it, or dd/mm/yyyy); one that is
    not a date is said so on the page, which shows `default` instead, never silently."""
    text = text.strip()
    if not text:
        return default
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            day = parse(text)
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:  # a page of year 9999 would step past the last date there is
            return day
    if request is not None:
        messages.warning(
            request,
            _("“%(text)s” is not a date (dd/mm/yyyy): the calendar shows %(day)s.")
            % {"text": text[:20], "day": f"{default:%d/%m/%Y}"},
        )
    return default


def _parse_month(text: str, default: date, request: HttpRequest | None = None) -> date:
    try:
        year, month = (int(p) for p in text.split("-")[:2])
        if not 1900 <= year <= 2100:
            raise ValueError(year)
        return date(year, month, 1)
    except (ValueError, TypeError):
        if text.strip() and request is not None:
            messages.warning(
                request,
                _("“%(text)s” is not a month (yyyy-mm): the calendar shows %(month)s.")
                % {"text": text[:20], "month": f"{default:%m/%Y}"},
            )
        return default.replace(day=1)


@login_required
def calendar(request: StaffRequest) -> HttpResponse:
    """The calendar of events: ?view=month|week|agenda, ?month=YYYY-MM, ?week=YYYY-MM-DD, ?kind=."""
    today = timezone.localdate()
    view = request.GET.get("view", "month")
    kind = request.GET.get("kind", "")
    if kind not in rules.EVENT_KIND_LABELS:
        kind = ""
    context: dict[str, Any] = {
        "view": view,
        "kind": kind,
        "kinds": rules.EVENT_KINDS,
        "legend": [(label, rules.EVENT_COLOURS[key]) for key, label in rules.EVENT_KINDS],
        "weekdays": rules.WEEKDAYS,
        "today": today,
        "can_register": services.can_register(request.user),
        "feed_url": request.build_absolute_uri(reverse("diplomacy:feed"))
        + "?token="
        + ics.token_for(request.user),
    }
    if view == "week":
        day = _parse_day(request.GET.get("week", ""), today, request)
        monday = day - timedelta(days=day.weekday())
        context.update(
            days=selectors.week_days(request.user, monday, kind=kind),
            monday=monday,
            sunday=monday + timedelta(days=6),
            previous=monday - timedelta(days=7),
            next=monday + timedelta(days=7),
        )
    elif view == "agenda":
        first = _parse_day(request.GET.get("from", ""), today, request)
        context.update(
            events=selectors.agenda(request.user, first, 90, kind=kind),
            first=first,
            previous=first - timedelta(days=90),
            next=first + timedelta(days=90),
        )
    else:
        context["view"] = "month"
        first = _parse_month(request.GET.get("month", ""), today, request)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        context.update(
            grid=selectors.month_grid(request.user, first.year, first.month, kind=kind),
            month=first,
            month_name=f"{MONTHS[first.month]} năm {first.year}",
            previous=f"{previous:%Y-%m}",
            next=f"{following:%Y-%m}",
        )
    return render(request, "diplomacy/calendar.html", context)


def feed(request: HttpRequest) -> HttpResponse:
    """The ICS feed a calendar program subscribes to: the person's token instead of a session."""
    user = ics.user_for(request.GET.get("token", ""))
    if user is None:
        return HttpResponse("Liên kết lịch không hợp lệ hoặc đã hết hiệu lực.", status=403)
    first, last = ics.feed_window()
    events = selectors.events_between(user, first, last)
    body = ics.calendar_bytes(
        events,
        name="Lịch hoạt động đối ngoại",
        url_of=lambda e: request.build_absolute_uri(e.get_absolute_url()),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _event(request: StaffRequest, pk: int) -> Event:
    event = selectors.get_event(request.user, pk)
    if event is None:
        raise Http404
    return event


@login_required
def event_ics(request: StaffRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    body = ics.calendar_bytes(
        [event], name=event.title, url_of=lambda e: request.build_absolute_uri(e.get_absolute_url())
    )
    return file_response(body, f"hoat-dong-{event.pk}.ics", content_type="text/calendar; charset=utf-8")


def _event_data(cleaned: dict[str, Any]) -> services.EventData:
    return services.EventData(**cleaned)


@login_required
def event_new(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not create foreign-affairs events."))
    day = _parse_day(request.GET.get("day", ""), timezone.localdate(), request)
    form = forms.EventForm(request.POST or None, initial={"starts_on": day, "ends_on": day})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(actor=request.user, data=_event_data(form.cleaned_data))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The event is on the calendar."))
            return redirect("diplomacy:event", pk=event.pk)
    return render(request, "diplomacy/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: StaffRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not services.can_manage(request.user, event):
        raise PermissionDenied(_("You may not change this record."))
    initial = {name: getattr(event, name) for name in forms.EventForm.base_fields}
    form = forms.EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(actor=request.user, event=event, data=_event_data(form.cleaned_data))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("diplomacy:event", pk=event.pk)
    return render(request, "diplomacy/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request: StaffRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(request.user, pk)
    if event is None:
        raise Http404
    can_change = services.can_manage(request.user, event)
    today = timezone.localdate()
    checklist = list(event.checklist.all())
    context = {
        "event": event,
        "can_change": can_change,
        "checklist_total": len(checklist),
        "checklist_done": sum(1 for item in checklist if item.done_on),
        "my_unit_id": getattr(request.user, "unit_id", None),
        "today": today,
        "programme_form": forms.ProgrammeForm(auto_id="programme-%s"),
        "participant_form": forms.ParticipantForm(auto_id="participant-%s"),
        "speech_form": forms.SpeechForm(
            auto_id="speech-%s", initial={"due_on": event.starts_on - timedelta(days=3)}
        ),
        "checklist_form": forms.ChecklistForm(
            auto_id="checklist-%s", initial={"due_on": event.starts_on - timedelta(days=2)}
        ),
        "standard_form": forms.StandardChecklistForm(
            auto_id="standard-%s", initial={"unit": event.owning_unit_id}
        ),
        "follow_up_form": forms.FollowUpForm(
            auto_id="follow-up-%s", initial={"due_on": event.ends_on + timedelta(days=30)}
        ),
        "outcome_form": forms.OutcomeForm(auto_id="outcome-%s"),
        "cancel_form": forms.CancelForm(auto_id="cancel-%s"),
        "speech_states": Speech.STATES,
        **links_panel(request.user, event),
    }
    return render(request, "diplomacy/event_detail.html", context)


def _item(model: Any, event: Event, request: StaffRequest) -> Any:
    item_id = request.POST.get("item", "")
    if not item_id.isdigit():
        raise Http404
    return get_object_or_404(model, pk=int(item_id), event=event)


@login_required
@require_POST
def event_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    event = _event(request, pk)
    user = request.user
    anchor = ""
    try:
        if action == "programme":
            data = _valid(forms.ProgrammeForm(request.POST), _("Give the time and the item."))
            services.add_programme_item(actor=user, event=event, **data)
            anchor = "programme"
        elif action == "participant":
            data = _valid(forms.ParticipantForm(request.POST), _("Give the name."))
            services.add_participant(actor=user, event=event, **data)
            anchor = "participants"
        elif action == "speech":
            data = _valid(forms.SpeechForm(request.POST), _("Give the speech, the unit and the due date."))
            services.assign_speech(actor=user, event=event, **data)
            anchor = "speeches"
        elif action == "speech-state":
            state = _valid(forms.SpeechStateForm(request.POST), _("Choose the state."))["state"]
            services.set_speech_state(actor=user, speech=_item(Speech, event, request), state=state)
            anchor = "speeches"
        elif action == "checklist":
            data = _valid(forms.ChecklistForm(request.POST), _("Give the task, the unit and the due date."))
            services.add_checklist_item(actor=user, event=event, **data)
            anchor = "checklist"
        elif action == "standard-checklist":
            data = _valid(forms.StandardChecklistForm(request.POST), _("Choose the unit."))
            services.add_standard_checklist(actor=user, event=event, **data)
            anchor = "checklist"
        elif action in ("tick", "untick"):
            services.tick(actor=user, item=_item(ChecklistItem, event, request), done=action == "tick")
            anchor = "checklist"
        elif action == "follow-up":
            data = _valid(
                forms.FollowUpForm(request.POST), _("Give the commitment, the unit and the due date.")
            )
            services.add_follow_up(actor=user, event=event, **data)
            anchor = "follow-up"
        elif action == "follow-up-done":
            data = _valid(forms.OutcomeForm(request.POST), _("Write the result."))
            services.complete_follow_up(actor=user, follow_up=_item(FollowUp, event, request), **data)
            anchor = "follow-up"
        elif action == "cancel":
            data = _valid(forms.CancelForm(request.POST), _("Give the reason."))
            services.cancel_event(actor=user, event=event, **data)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Done."))
    url = reverse("diplomacy:event", args=[event.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def tasks(request: StaffRequest) -> HttpResponse:
    """What the person's unit has to do for events, and every open follow-up commitment they may see."""
    context = {
        **selectors.unit_tasks(request.user),
        "open_follow_ups": selectors.follow_ups(request.user)[:300],
        "today": timezone.localdate(),
    }
    return render(request, "diplomacy/tasks.html", context)


# --- treaties ----------


@login_required
def treaty_list(request: StaffRequest) -> HttpResponse:
    search = forms.TreatySearchForm(request.GET or None)
    criteria = search.cleaned_data if search.is_valid() else {}
    found = selectors.treaties(
        request.user,
        q=criteria.get("q") or "",
        country=criteria.get("country"),
        state=criteria.get("state") or "",
        year=criteria.get("year"),
    )
    context = {
        "search": search,
        "treaties": found[:300],
        "count": found.count(),
        "can_register": services.can_register(request.user),
    }
    return render(request, "diplomacy/treaty_list.html", context)


@login_required
def treaty_new(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register treaties."))
    form = forms.TreatyForm(request.POST or None, initial={"proposed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            treaty = services.register_treaty(
                actor=request.user, data=services.TreatyData(**form.cleaned_data)
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The treaty is on the register."))
            return redirect("diplomacy:treaty", pk=treaty.pk)
    return render(request, "diplomacy/treaty_form.html", {"form": form})


def _treaty(request: StaffRequest, pk: int) -> Treaty:
    treaty = selectors.get_treaty(request.user, pk)
    if treaty is None:
        raise Http404
    return treaty


@login_required
def treaty_detail(request: StaffRequest, pk: int) -> HttpResponse:
    treaty = _treaty(request, pk)
    steps = list(treaty.steps.select_related("recorded_by"))
    files = core_selectors.attachments_by_record(TreatyStep, [s.pk for s in steps])
    context = {
        "treaty": treaty,
        "steps": [(s, files[s.pk]) for s in steps],
        "clocks": casework.clocks_of([treaty])[treaty.pk],
        "can_change": services.can_manage(request.user, treaty),
        "step_form": forms.StepForm(treaty=treaty, user=request.user, initial={"on": timezone.localdate()}),
        "opinion_days_verified": rules.OPINION_DAYS_VERIFIED,
        **links_panel(request.user, treaty),
    }
    return render(request, "diplomacy/treaty_detail.html", context)


@login_required
@require_POST
def treaty_step(request: StaffRequest, pk: int) -> HttpResponse:
    treaty = _treaty(request, pk)
    form = forms.StepForm(request.POST, request.FILES, treaty=treaty, user=request.user)
    try:
        data = _valid(form, _("Choose the step and its date."))
        data.pop("documents", None)
        services.record_step(
            actor=request.user, treaty=treaty, files=request.FILES.getlist("documents"), **data
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Done."))
    return redirect("diplomacy:treaty", pk=treaty.pk)


@login_required
def step_file(request: StaffRequest, pk: int, attachment_id: int) -> FileResponse:
    treaty = _treaty(request, pk)
    return attachment_download(
        attachment_id, of=TreatyStep, object_ids=treaty.steps.values_list("pk", flat=True)
    )


@login_required
def figures(request: StaffRequest) -> HttpResponse:
    today = timezone.localdate()
    asked, refusal = year_asked(request.GET.get("year"), default=today.year)
    year = asked or today.year
    if refusal:
        messages.warning(request, refusal)
    result = selectors.figures(request.user, year)
    context = {
        "figures": result,
        "year": year,
        "years": sorted({*selectors.event_years(request.user), today.year}, reverse=True),
        "event_rows": [
            (label, result.held_by_kind.get(key, 0), result.events_by_kind.get(key, 0), key)
            for key, label in rules.EVENT_KINDS
        ],
        "state_rows": [
            (label, result.treaties_by_state.get(key, 0), key)
            for key, label in Treaty.workflow.states.items()
        ],
        "step_rows": [
            (str(t.label), result.treaty_steps.get(t.name, 0))
            for t in Treaty.workflow.transitions
            if result.treaty_steps.get(t.name)
        ],
    }
    return render(request, "diplomacy/figures.html", context)


@login_required
def country_list(request: StaffRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    return render(
        request,
        "diplomacy/countries.html",
        {"countries": selectors.countries(q)[:300], "q": q, "units": Unit.objects.none()},
    )
