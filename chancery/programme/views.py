"""The pages of the work programme: the task board (a unit's, the office's), a task with its progress,
review and carry-over, programmes, meetings whose instructions become tasks, and the reports drafted from
the records with each figure opening the list behind it. Reads through the selectors, writes through the
services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.casework import views as casework_views
from chancery.core import access, spreadsheets
from chancery.core.forms import cleaned_or_refuse as _valid
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Unit
from chancery.core.views import StaffRequest
from chancery.core.views_actions import file_response
from chancery.core.views_links import panel as links_panel

from . import dashboard, forecast, forms, reports, rules, selectors, services
from .models import KeyTask, Report


@login_required
def board(request: StaffRequest) -> HttpResponse:
    user = request.user
    viewer = access.viewer_for(user)
    unit: Unit | None = None
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = Unit.objects.filter(pk=int(unit_id)).first()
    elif not viewer.is_leadership and getattr(user, "unit", None) is not None:
        unit = user.unit
    context = {
        "tasks": selectors.board(user, unit=unit),
        "unit": unit,
        "units": selectors.by_unit(user) if (viewer.is_leadership or viewer.headed_unit_ids) else [],
        "can_plan": services.can_plan(user),
        "can_report": services.can_report(user),
        "today": timezone.localdate(),
    }
    return render(request, "programme/board.html", context)


@login_required
def task_new(request: StaffRequest) -> HttpResponse:
    if not services.can_plan(request.user):
        raise PermissionDenied(_("Only the leadership and heads of units assign key tasks."))
    instruction = None
    if request.GET.get("instruction", "").isdigit():
        instruction = selectors.get_instruction(request.user, int(request.GET["instruction"]))
    initial = {"due_on": timezone.localdate(), "priority": 2}
    if instruction is not None:
        initial.update(title=instruction.text[:400], source="instruction")
    form = forms.TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.TaskData(**form.cleaned_data)
        try:
            if instruction is not None:
                task = services.task_from_instruction(actor=request.user, instruction=instruction, data=data)
            else:
                task = services.add_task(actor=request.user, data=data)
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The task is assigned."))
            return redirect("programme:task", pk=task.pk)
    return render(request, "programme/task_form.html", {"form": form, "instruction": instruction})


def _task(request: StaffRequest, pk: int) -> KeyTask:
    task = selectors.get_task(request.user, pk)
    if task is None:
        raise Http404
    return task


@login_required
def task_detail(request: StaffRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    workflow = KeyTask.workflow
    available = {t.name for t in workflow.available(request.user, task)}
    context = {
        "task": task,
        "updates": task.updates.select_related("by")[:50],
        "can_change": access.can_change(request.user, task),
        "can_update": access.can_change(request.user, task) and task.state in ("open", "in_progress"),
        "available": available,
        "progress_form": forms.ProgressForm(initial={"percent": task.progress}, auto_id="progress-%s"),
        "submit_form": forms.SubmitForm(auto_id="submit-%s"),
        "review_form": forms.ReviewForm(auto_id="review-%s"),
        "carry_form": forms.CarryForm(auto_id="carry-%s"),
        "cancel_form": forms.ReasonForm(auto_id="cancel-%s"),
        "carried_to": selectors.carried_to(request.user, task),
        "today": timezone.localdate(),
        **links_panel(request.user, task),
    }
    return render(request, "programme/task_detail.html", context)


@login_required
@require_POST
def task_action(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    task = _task(request, pk)
    user = request.user
    target = task
    try:
        if action == "progress":
            services.update_progress(
                actor=user, task=task, **_valid(forms.ProgressForm(request.POST), _("Give the progress."))
            )
        elif action == "submit":
            services.submit_output(actor=user, task=task, **_valid(forms.SubmitForm(request.POST), ""))
        elif action == "review":
            services.review(
                actor=user, task=task, **_valid(forms.ReviewForm(request.POST), _("Choose the quality."))
            )
        elif action == "carry":
            target = services.carry_over(
                actor=user, task=task, **_valid(forms.CarryForm(request.POST), _("Give the reason."))
            )
        elif action == "cancel":
            services.cancel(
                actor=user, task=task, **_valid(forms.ReasonForm(request.POST), _("Give the reason."))
            )
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
        target = task
    else:
        messages.success(request, _("Done."))
    return redirect("programme:task", pk=target.pk)


@login_required
def programme_list(request: StaffRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        try:
            data = _valid(form, _("Check the period."))
            programme = services.create_programme(
                actor=request.user,
                kind=data["kind"],
                year=data["year"],
                number=data.get("number") or 0,
                unit=data.get("unit"),
                title=data.get("title") or "",
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("programme:programme", pk=programme.pk)
    context = {
        "programmes": selectors.programmes(request.user)[:200],
        "form": form,
        "can_plan": services.can_plan(request.user),
    }
    return render(request, "programme/programmes.html", context)


@login_required
def programme_detail(request: StaffRequest, pk: int) -> HttpResponse:
    programme = selectors.programmes(request.user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    tasks = (
        selectors.visible_tasks(request.user)
        .filter(programme=programme)
        .select_related("owning_unit", "owner")
    )
    context = {
        "programme": programme,
        "tasks": tasks.order_by("priority", "due_on", "id")[:500],
        "today": timezone.localdate(),
    }
    return render(request, "programme/programme_detail.html", context)


@login_required
def meeting_list(request: StaffRequest) -> HttpResponse:
    if not services.can_report(request.user):
        raise PermissionDenied(
            _("Meetings and reports are for the leadership and the units that prepare them.")
        )
    form = forms.MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                title=form.cleaned_data["title"],
                chaired_by=form.cleaned_data["chaired_by"],
                notes=form.cleaned_data["notes"],
                instructions=form.instruction_pairs(form.cleaned_data["chaired_by"]),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programme:meeting", pk=meeting.pk)
    return render(
        request, "programme/meetings.html", {"meetings": selectors.meetings(request.user)[:100], "form": form}
    )


@login_required
def meeting_detail(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    if meeting is None:
        raise Http404
    instructions = meeting.instructions.prefetch_related("tasks__owning_unit")
    context = {
        "meeting": meeting,
        "instructions": instructions,
        "can_plan": services.can_plan(request.user),
        "conclusions_form": forms.ConclusionsForm(),
    }
    return render(request, "programme/meeting_detail.html", context)


@login_required
@require_POST
def meeting_conclusions(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, pk)
    if meeting is None:
        raise Http404
    try:
        data = _valid(forms.ConclusionsForm(request.POST), _("Choose who signs."))
        services.draft_conclusions(actor=request.user, meeting=meeting, signer=data["signer"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The conclusions are drafted in Documents."))
    return redirect("programme:meeting", pk=meeting.pk)


@login_required
def report_list(request: StaffRequest) -> HttpResponse:
    if not services.can_report(request.user):
        raise PermissionDenied(
            _("Meetings and reports are for the leadership and the units that prepare them.")
        )
    today = timezone.localdate()
    year, month = rules.previous_month(today.year, today.month)  # the month the review meets to assess
    form = forms.ReportForm(
        request.POST or None, initial={"kind": Report.MONTHLY, "year": year, "month": month}
    )
    if request.method == "POST":
        try:
            data = _valid(form, _("Check the period."))
            report = services.draft_report(
                actor=request.user, kind=data["kind"], year=data["year"], month=data.get("month") or 0
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The report is drafted from the records."))
            return redirect("programme:report", pk=report.pk)
    context = {
        "reports": selectors.reports(request.user)[:100],
        "form": form,
        "writes": services.can_write_report(request.user),  # the heads of other units read, never draft
    }
    return render(request, "programme/reports.html", context)


def _report(request: StaffRequest, pk: int) -> Report:
    """The report for a person who may read reports; anyone else is told why (403), whatever the id."""
    if not services.can_report(request.user):
        raise PermissionDenied(
            _("Meetings and reports are for the leadership and the units that prepare them.")
        )
    report = selectors.get_report(request.user, pk)
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request: StaffRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    sections = services.SECTIONS[report.kind]
    writes = services.can_write_report(request.user)
    form = forms.NarrativeForm(request.POST or None, sections=sections, initial=report.narrative)
    if request.method == "POST" and not writes:
        raise PermissionDenied(_("You may not edit the report."))
    if request.method == "POST" and form.is_valid():
        services.edit_narrative(actor=request.user, report=report, sections=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("programme:report", pk=report.pk)
    previous = reports.previous_year(report) or {}  # nothing on record last year: no column of zeros
    areas = [
        {
            "name": area["name"],
            "figures": [
                {
                    **f,
                    "previous": previous.get(f["key"]) if previous else None,
                    "change": reports.change_text(f["value"], previous.get(f["key"])) if previous else "",
                    "link": reports.figure_link(report, f),
                }
                for f in area["figures"]
            ],
        }
        for area in report.figures.get("areas", [])
    ]
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "form": form,
            "areas": areas,
            "yearly": report.kind == Report.YEARLY,
            "compared": report.kind == Report.YEARLY and bool(previous),  # last year on record
            "taken_at": reports.figures_taken_at(report),
            "writes": writes,
            "narrative": [(label, report.narrative.get(key, "")) for key, label in sections],
            "next_tasks": reports.next_tasks(report, request.user) if report.kind == Report.MONTHLY else [],
        },
    )


@login_required
def report_figure(request: StaffRequest, pk: int, key: str) -> HttpResponse:
    """A report's figure and the list behind it. The report counts every record of the office; the list shows
    those the reader may open, and says how many it leaves out and why (the examiners of issue 28 found
    12.002 documents in a report and 11.750 in its list, without a word): so a figure is checked against
    its records by anyone, and nobody sees a record above their clearance."""
    report = _report(request, pk)
    found = reports.behind(report, key)
    if found is None:
        raise Http404
    if found.listed is None:  # a figure counted on a module's own page (honours, amnesty)
        return redirect(found.page)
    listed, params = found.listed, found.params
    # the pages and order of the list are the reader's (an order the list does not have is left out, never
    # an error in place of the list); its filters are the figure's
    if listed.sort_field(request.GET.get("sort", "")):
        params["sort"] = request.GET["sort"]
    if "cursor" in request.GET:
        params["cursor"] = request.GET["cursor"]
    return casework_views.render_list(
        request,
        listed,
        params,
        figure={
            "label": found.label,
            "value": found.figure["value"],
            "taken_at": reports.figures_taken_at(report),
            "report": report,
            "writes": services.can_write_report(request.user),
        },
    )


@login_required
@require_POST
def report_refresh(request: StaffRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    services.refresh_figures(actor=request.user, report=report)
    messages.success(request, _("The figures are taken again from the records."))
    return redirect("programme:report", pk=report.pk)


@login_required
def report_file(request: StaffRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt == "docx":
        content = reports.docx(report, request.user)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "pdf":
        content = reports.pdf(report, request.user)
        kind = "application/pdf"
    else:
        raise Http404
    return file_response(content, f"bao-cao-{report.starts_on:%Y-%m}-{report.kind}.{fmt}", content_type=kind)


def _can_read_dashboards(request: StaffRequest) -> None:
    if not services.can_report(request.user):
        raise PermissionDenied(
            _("Meetings and reports are for the leadership and the units that prepare them.")
        )


@login_required
def dashboard_page(request: StaffRequest) -> HttpResponse:
    _can_read_dashboards(request)
    charts = dashboard.charts(timezone.localdate())
    shown = [
        {
            "chart": chart,
            "data": chart.as_json(),
            "island": f"data-{chart.key}",
            "rows": [
                (label, [values[i] for _n, values in chart.series]) for i, label in enumerate(chart.labels)
            ],
        }
        for chart in charts
    ]
    # the forecast takes seconds to fit: the page comes at once, the forecast after it (htmx) unless ready
    return render(request, "programme/dashboard.html", {"charts": shown, **_forecasts(compute_now=False)})


@login_required
def dashboard_forecast(request: StaffRequest) -> HttpResponse:
    """The forecast section of the dashboards, loaded after the page."""
    _can_read_dashboards(request)
    return render(request, "programme/_forecast.html", _forecasts())


def _forecasts(*, compute_now: bool = True) -> dict[str, Any]:
    """The forecasts, computed at most once an hour (fitting some twenty models takes a few seconds); with
    `compute_now=False`, only when already computed ({} otherwise)."""
    from django.core.cache import cache

    today = timezone.localdate()

    def compute() -> dict[str, Any]:
        intake = forecast.intake(today)
        rows = [("Tổng số", intake["total"])]
        rows += [(f"Lĩnh vực: {name}", f) for name, f in intake["by_field"]]
        rows += [(f"Tỉnh, thành phố: {name}", f) for name, f in intake["by_province"]]
        return {
            "forecast_months": intake["total"].months,
            "forecast_rows": [
                (label, list(zip(f.mean, f.low, f.high, strict=True)), f.method) for label, f in rows
            ],
            "backlog": (backlog := forecast.backlog(today)),
            "backlog_values": list(zip(backlog.mean, backlog.low, backlog.high, strict=True)),
            "at_risk": forecast.deadlines_at_risk(today),
        }

    key = f"programme-forecast-{today.isoformat()}"
    if not compute_now:
        return cache.get(key) or {}
    found: dict[str, Any] = cache.get_or_set(key, compute, 3600) or {}
    return found


def _forecast_csv() -> str:
    data = _forecasts()
    rows: list[list[Any]] = [
        ["Chỉ tiêu", "Tháng", "Dự báo", "Cận dưới (10%)", "Cận trên (90%)", "Phương pháp"]
    ]
    for label, values, method in data["forecast_rows"]:
        for month, (mean, low, high) in zip(data["forecast_months"], values, strict=True):
            rows.append([label, f"{month:%m/%Y}", round(mean), round(low), round(high), method])
    backlog = data["backlog"]
    for month, mean, low, high in zip(backlog.months, backlog.mean, backlog.low, backlog.high, strict=True):
        rows.append(
            [
                "Hồ sơ tồn đọng cuối tháng",
                f"{month:%m/%Y}",
                round(mean),
                round(low),
                round(high),
                backlog.method,
            ]
        )
    for risk in data["at_risk"]:
        rows.append(
            [
                f"Thời hạn có thể trễ trong 90 ngày: {risk.unit.name}",
                "",
                round(risk.expected, 1),
                risk.low,
                risk.high,
                f"{risk.due} thời hạn, tỷ lệ trễ {risk.rate:.1%}",
            ]
        )
    return spreadsheets.csv_text(rows)


@login_required
def dashboard_csv(request: StaffRequest, key: str) -> HttpResponse:
    _can_read_dashboards(request)
    if key == "forecast":
        text = _forecast_csv()
    else:
        chart = next((c for c in dashboard.charts(timezone.localdate()) if c.key == key), None)
        if chart is None:
            raise Http404
        text = chart.csv()
    return file_response(("\ufeff" + text).encode(), f"{key}.csv", content_type="text/csv; charset=utf-8")
