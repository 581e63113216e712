"""The case list page every module shares: filters, sort, keyset pages, saved filters, export to Excel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.casework import lists, services
from chancery.casework.models import SavedFilter
from chancery.core import jobs
from chancery.core.views import StaffRequest


def _list_or_404(key: str) -> lists.CaseList:
    case_list = lists.get(key)
    if case_list is None:
        raise Http404
    return case_list


def _back_to(key: str, query: str) -> HttpResponse:
    url = reverse("casework:list", args=[key])
    return redirect(f"{url}?{query}" if query else url)


@login_required
def case_list(request: StaffRequest, key: str) -> HttpResponse:
    return render_list(request, _list_or_404(key), request.GET.copy())


def render_list(
    request: StaffRequest,
    listed: lists.CaseList,
    params: QueryDict,
    *,
    figure: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The list page for these query parameters. With `figure` (a report's figure whose definition the caller
    has checked these filters against: programme.views.report_figure), the list is counted exactly and also
    over the whole office, and the page says how the two compare with the figure: a report counts every
    record of the office, the list shows those the reader may open."""
    asked = (params.pop("exact", None) or [""])[-1] not in {"", "0"}  # not a filter: asks for the whole count
    form, data = lists.read_filters(listed, params)
    exact = asked or figure is not None or lists.counted_exactly(data)
    page = lists.list_page(listed, request.user, data, exact=exact) if data is not None else None
    query = params.copy()
    query.pop("cursor", None)
    if asked:  # the next pages and the other sorts keep counting what the person asked to be counted
        query["exact"] = "1"
    saved = SavedFilter.objects.filter(user=request.user, list_key=listed.key)
    context = {
        "listed": listed,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "saved": saved,
        "filter_fields": [f for f in form if f.name not in {"sort", "cursor"}],
        "count_cap": lists.COUNT_CAP,
    }
    if figure is not None and page is not None and data is not None:
        office = listed.count_over_office(request.user, data)
        context["figure"] = {**figure, "office": office, "hidden": max(office - page.count, 0)}
    return render(request, "casework/case_list.html", context)


@login_required
@require_POST
def list_export(request: StaffRequest, key: str) -> HttpResponse:
    listed = _list_or_404(key)
    query = request.POST.get("query", "")
    try:
        job = jobs.start_job(
            actor=request.user,
            kind="list_export",
            params={"list": listed.key, "query": query},
            label=_("Excel export: %(list)s") % {"list": listed.title},
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _back_to(key, query)
    messages.success(request, _("The export has started; the file will be ready on this page."))
    return redirect(job)


@login_required
@require_POST
def saved_filter_save(request: StaffRequest, key: str) -> HttpResponse:
    listed = _list_or_404(key)
    query = request.POST.get("query", "")
    try:
        saved = services.save_filter(
            actor=request.user, list_key=listed.key, name=request.POST.get("name", ""), query=query
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to(key, query)
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    return _back_to(key, saved.query)


@login_required
@require_POST
def saved_filter_delete(request: StaffRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    services.delete_filter(actor=request.user, saved=saved)
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return _back_to(saved.list_key, request.POST.get("query", ""))
