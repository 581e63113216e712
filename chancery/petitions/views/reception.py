"""Citizen reception (sessions and visits) and the register's import from Excel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chancery.core import access, jobs
from chancery.core.forms import error_text as _errors
from chancery.core.views import StaffRequest
from chancery.core.views_actions import file_response
from chancery.petitions import (
    forms,
    importer,
    selectors,
    services,
)
from chancery.petitions.models import (
    ReceptionSession,
)

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
    return render(
        request, "petitions/sessions.html", {"form": form, "sessions": selectors.reception_sessions()}
    )


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
            visit.content = access.redacted_text(request.user, visit.petition, visit.content)
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
    return file_response(
        importer.template(),
        "so-don-mau.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
