"""Web pages of the national document exchange (edXML, QCVN 102:2016) on a document's page: the package of an
issued document for the agencies chosen, the status packages sent back and recorded (received, assigned,
done...), and taking a document back (asked, agreed or refused). Thin: parse, call one service, answer with
the package or the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.forms import error_text as _errors
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act as _act
from chancery.core.views_actions import act_for_file, file_response
from chancery.documents import exchange, forms, selectors, services


@login_required
def incoming_status_package(request: StaffRequest, pk: int) -> HttpResponse:
    """The status package to send back to the agency that sent the document by exchange."""
    document = selectors.get_incoming(request.user, pk)
    try:
        content = services.exchange_status(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(document)
    return file_response(content, f"trang-thai-{document.year}-{document.arrival_number:02d}.edxml")


@login_required
@require_POST
def outgoing_exchange(request: StaffRequest, pk: int) -> HttpResponse:
    """The edXML package of an issued document for the agencies chosen, to send on the exchange."""
    document = selectors.get_outgoing(request.user, pk)
    return act_for_file(
        request,
        document,
        forms.ExchangeForm(request.POST),
        lambda f: services.export_exchange(
            actor=request.user, document=document, agencies=list(f.cleaned_data["agencies"])
        ),
        f"{document.number_text.replace('/', '-')}.edxml",
    )


@login_required
@require_POST
def outgoing_recall(request: StaffRequest, pk: int) -> HttpResponse:
    """Ask an agency to give back this document (status 13), or revoke, update or replace it: the status or
    package to send on the exchange."""
    document = selectors.get_outgoing(request.user, pk)
    kind = request.POST.get("kind", "recall")

    def ask(form: forms.RecallForm) -> bytes:
        data = form.cleaned_data
        replacement = None
        if data["kind"] == "replace":
            replacement = services.find_replacement(document, data["replacement"])
        return services.request_recall(
            actor=request.user,
            document=document,
            agency=data["agency"],
            reason=data["reason"],
            kind=data["kind"],
            replacement=replacement,
        )

    prefix = {"revoke": "thu-hoi", "update": "cap-nhat", "replace": "thay-the"}.get(kind, "lay-lai")
    return act_for_file(
        request,
        document,
        forms.RecallForm(request.POST, document=document),
        ask,
        f"{prefix}-{document.number_text.replace('/', '-')}.edxml",
    )


@login_required
@require_POST
def incoming_recall_request(request: StaffRequest, pk: int) -> HttpResponse:
    """Record the sender's request to take this document back (its status package, code 13)."""
    document = selectors.get_incoming(request.user, pk)
    return _act(
        request,
        document,
        forms.PackageForm(request.POST, request.FILES),
        lambda f: services.record_recall_request(
            actor=request.user, document=document, content=f.cleaned_data["package"].read()
        ),
        _("The sender's request to take it back is recorded: answer it."),
    )


@login_required
@require_POST
def incoming_recall_answer(request: StaffRequest, pk: int) -> HttpResponse:
    """Agree (15) or refuse (16) the sender's request: the status package to send back."""
    document = selectors.get_incoming(request.user, pk)
    agree = request.POST.get("answer") == "agree"
    return act_for_file(
        request,
        document,
        forms.RecallAnswerForm(request.POST),
        lambda f: services.answer_recall(
            actor=request.user,
            document=document,
            agree=f.cleaned_data["answer"] == "agree",
            note=f.cleaned_data["note"],
            request=f.cleaned_data["request"],
        ),
        f"trang-thai-{'15' if agree else '16'}-{document.year}-{document.arrival_number:02d}.edxml",
    )


@login_required
def incoming_answer_package(request: StaffRequest, pk: int) -> HttpResponse:
    """The Office's last answer to the sender (15 or 16), as it was made, to send (again)."""
    document = selectors.get_incoming(request.user, pk)
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register documents."))
    n = request.GET.get("n", "")
    try:
        content = services.answer_package(document, int(n) if n.isdigit() and len(n) < 6 else None)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(document)
    code = exchange.read_status(content).code
    return file_response(content, f"trang-thai-{code}-{document.year}-{document.arrival_number:02d}.edxml")


@login_required
@require_POST
def outgoing_status(request: StaffRequest, pk: int) -> HttpResponse:
    """Record a status package an agency sent back about this document."""
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.PackageForm(request.POST, request.FILES),
        lambda f: services.record_exchange_status(
            actor=request.user, content=f.cleaned_data["package"].read(), about=document
        ),
        _("Status recorded."),
    )
