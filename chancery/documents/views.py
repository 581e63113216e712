"""Web pages of the documents module: the registers, the incoming document's page (routing, handling,
closing) and the outgoing document's page (versions, approval circuit, signature, issue, dispatch). Thin:
parse, call one service or selector, render. Every file served is checked against the access policy and the
viewing of a secret document is written to the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.casework.views_opinions import panel as opinions_panel
from chancery.core import access, audit, jobs, views_links
from chancery.core import services as core_services
from chancery.core.audit import object_type_of
from chancery.core.forms import error_text as _errors
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Attachment, AuditAction, RoleCode
from chancery.core.text import grouped
from chancery.core.views import StaffRequest
from chancery.core.views_actions import act as _act
from chancery.core.views_actions import file_response
from chancery.documents import drafting, forms, printing, selectors, services, stats, watermark
from chancery.documents.models import DraftVersion, IncomingDocument


def _serve(request: StaffRequest, record: Any, content: bytes, name: str, content_type: str) -> HttpResponse:
    """A stored file as its reader downloads it: a secret document's copy carries the reader's name and the
    time on every page (chancery.documents.watermark), and the download is in the audit trail."""
    if record.secrecy:
        copy = watermark.Copy(
            viewer=request.user.full_name or request.user.username,
            username=request.user.username,
            secrecy=record.secrecy,
            at=timezone.now(),
        )
        try:
            content, name, content_type = watermark.marked_copy(content, name, copy)
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect(record)
        audit.record(
            action=AuditAction.VIEW, actor=request.user, subject=record, message=f"tải bản sao: {name}"[:300]
        )
    return file_response(content, name, content_type=content_type)


@login_required
def home(request: StaffRequest) -> HttpResponse:
    user = request.user
    waiting = selectors.visible_incoming(user).filter(state="registered").order_by("-urgency", "received_on")
    to_review = selectors.visible_outgoing(user).filter(
        approval_steps__reviewer=user, approval_steps__status="open", state="reviewing"
    )
    to_sign = selectors.visible_outgoing(user).filter(state="signing", signer=user)
    # each queue with its exact count; the first rows (soonest due first), or, asked for, up to HOME_ALL
    shown = HOME_ALL if request.GET.get("all") == "1" else HOME_FIRST
    queues = {
        "routed": selectors.routed_to_me(user),
        "waiting": waiting.select_related("sender"),
        "to_review": to_review.distinct(),
        "to_sign": to_sign,
    }
    context: dict[str, Any] = {name: queue[:shown] for name, queue in queues.items()}
    context["counts"] = {name: queue.count() for name, queue in queues.items()}
    context["more"] = any(count > shown for count in context["counts"].values())
    context["showing_all"] = shown == HOME_ALL
    context["can_register"] = services.can_register(user)
    context["can_draft"] = services.can_draft(user)
    return render(request, "documents/home.html", context)


HOME_FIRST = 20  # the rows of each queue on the documents' home page
HOME_ALL = 500  # when the person asks for all of them (a longer queue is the register's work)


# --- incoming ---------------------------------------------------------------------------------------------


@login_required
def incoming_new(request: StaffRequest) -> HttpResponse:
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register documents."))
    form = forms.IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.register_incoming(
                actor=request.user, data=form.data_for_service(), attachments=form.cleaned_data["attachments"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Registered with arrival number %(number)02d.") % {"number": document.arrival_number},
            )
            if "another" in request.POST:
                return redirect("documents:incoming_new")
            return redirect(document)
    return render(request, "documents/incoming_form.html", {"form": form})


@login_required
def incoming_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.get_incoming(user, pk)
    context = {
        "document": document,
        "can_change": access.can_change(user, document),
        "can_route": services.can_route(user, document),
        "can_close": services.can_close(user, document),
        "can_register": services.can_register(user),
        "routing": selectors.routing_of(document),
        "handling": selectors.handling_of(document),
        "clocks": selectors.clocks_of(document),
        "attachments": selectors.attachments_of(document),
        "signatures": selectors.signatures_of(document),
        "replies": selectors.visible_outgoing(user).filter(in_reply_to=document),
        "route_form": forms.RouteForm(),
        "handling_form": forms.HandlingForm(),
        "close_form": forms.CloseForm(answers=selectors.answers_for(user, document)),
        "return_form": forms.ReasonForm(),
        "recall_package_form": forms.PackageForm(),
        "recall_answer_form": forms.RecallAnswerForm(initial={"request": services.request_token(document)}),
        "request_preview": services.request_preview(document),
        "request_history": services.request_history(document),
        "history": core_services.selectors.record_history(document, limit=20).rows,
        **views_links.panel(user, document),
        **opinions_panel(user, document),
    }
    return render(request, "documents/incoming_detail.html", context)


@login_required
def incoming_import(request: StaffRequest) -> HttpResponse:
    """Register a document received as an edXML package (QCVN 102:2016)."""
    if not services.can_register(request.user):
        raise PermissionDenied(_("You may not register documents."))
    form = forms.PackageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document, kind = services.receive_exchange(
                actor=request.user, content=form.cleaned_data["package"].read()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if kind == "new":
                said = _("Registered with arrival number %(number)02d.") % {"number": document.arrival_number}
            else:  # a revocation, an update or a replacement of a document received before
                said = _("The sender asks %(kind)s: it is recorded on the document, answer it there.") % {
                    "kind": document.get_recall_kind_display()
                }
            messages.success(request, said)
            return redirect(document)
    return render(request, "documents/incoming_import.html", {"form": form})


@login_required
@require_POST
def incoming_route(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_incoming(request.user, pk)
    return _act(
        request,
        document,
        forms.RouteForm(request.POST),
        lambda f: services.route_incoming(actor=request.user, document=document, routing=f.routing()),
        _("Routed."),
    )


@login_required
@require_POST
def incoming_handling(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_incoming(request.user, pk)
    return _act(
        request,
        document,
        forms.HandlingForm(request.POST),
        lambda f: services.record_handling(
            actor=request.user,
            document=document,
            note=f.cleaned_data["note"],
            is_done=f.cleaned_data["is_done"],
        ),
        _("Handling recorded."),
    )


@login_required
@require_POST
def incoming_close(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_incoming(request.user, pk)
    return _act(
        request,
        document,
        forms.CloseForm(request.POST, answers=selectors.answers_for(request.user, document)),
        lambda f: services.close_incoming(
            actor=request.user,
            document=document,
            outcome=f.cleaned_data["outcome"],
            answer=f.cleaned_data["answer"],
        ),
        _("Closed."),
    )


@login_required
@require_POST
def incoming_return(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_incoming(request.user, pk)
    return _act(
        request,
        document,
        forms.ReasonForm(request.POST),
        lambda f: services.return_incoming(
            actor=request.user, document=document, reason=f.cleaned_data["reason"]
        ),
        _("Returned to the sender."),
    )


@login_required
def incoming_attachment(request: StaffRequest, pk: int, attachment_id: int) -> HttpResponse:
    document = selectors.get_incoming(request.user, pk)
    attachment = get_object_or_404(
        Attachment, pk=attachment_id, object_type=object_type_of(IncomingDocument), object_id=document.pk
    )
    with attachment.file.open("rb") as handle:
        content = handle.read()
    return _serve(request, document, content, attachment.name, attachment.content_type)


# --- outgoing ---------------------------------------------------------------------------------------------


@login_required
def outgoing_new(request: StaffRequest) -> HttpResponse:
    if not services.can_draft(request.user):
        raise PermissionDenied(_("You may not draft documents."))
    reply_to = None
    if request.GET.get("reply_to", "").isdigit():
        reply_to = selectors.get_incoming(request.user, int(request.GET["reply_to"]))
    initial = (
        {"summary": f"Trả lời {reply_to.reference or reply_to}: {reply_to.summary}"[:500]} if reply_to else {}
    )
    if reply_to is not None:
        initial["addressee"] = reply_to.sender_name
    form = forms.DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_draft(
                actor=request.user, data=form.data_for_service(in_reply_to=reply_to)
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                _form_errors(form, error)
            else:
                form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Draft created from the template."))
            return redirect(document)
    return render(request, "documents/outgoing_form.html", {"form": form, "reply_to": reply_to})


@login_required
def outgoing_edit(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    initial = {
        "issuer": document.issuer,
        "doc_type": document.doc_type,
        "is_normative": document.is_normative,
        "summary": document.summary,
        "urgency": document.urgency,
        "secrecy": document.secrecy,
        "addressee": document.addressee,
        "body": document.body,
        "copies_to": document.copies_to,
        "signer": document.signer,
        "signer_title": document.signer_title,
    }
    form = forms.DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                actor=request.user,
                document=document,
                data=form.data_for_service(in_reply_to=document.in_reply_to),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Draft saved; a new version was made from the template."))
            return redirect(document)
    return render(request, "documents/outgoing_form.html", {"form": form, "document": document})


@login_required
def outgoing_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = request.user
    document = selectors.get_outgoing(user, pk)
    context = {
        "document": document,
        "can_change": access.can_change(user, document),
        "can_sign": services.can_sign(user, document),
        "can_register": services.can_register(user),
        "is_leadership": RoleCode.LEADERSHIP in access.viewer_for(user).roles,
        # the issue panel: the signer, and the clerical office (who issues the PDF the signer signed); not
        # another leader, whom the service refuses (the second examiner of issue 30 was offered it)
        "is_clerk": RoleCode.CLERK in access.viewer_for(user).roles,
        "my_step": services.open_step_of(user, document),
        "versions": list(document.versions.select_related("created_by").order_by("-version")),
        "circuit": selectors.circuit_of(document),
        "numbers": selectors.numbers_of(document),
        "signatures": selectors.signatures_of(document),
        "dispatches": list(document.dispatches.select_related("unit", "agency")),
        "clocks": selectors.clocks_of(document),
        "version_form": forms.VersionForm(),
        "submit_form": forms.SubmitForm(document=document),
        "review_form": forms.ReviewForm(),
        "issue_form": forms.IssueForm(),
        "dispatch_form": forms.DispatchForm(),
        "reason_form": forms.ReasonForm(),
        "exchange_form": forms.ExchangeForm(),
        "status_form": forms.PackageForm(),
        "recall_form": forms.RecallForm(document=document),
        "history": core_services.selectors.record_history(document, limit=20).rows,
        **views_links.panel(user, document),
        **opinions_panel(user, document),
    }
    return render(request, "documents/outgoing_detail.html", context)


@login_required
@require_POST
def outgoing_version(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.VersionForm(request.POST, request.FILES),
        lambda f: services.upload_version(
            actor=request.user, document=document, upload=f.cleaned_data["file"], note=f.cleaned_data["note"]
        ),
        _("New version kept."),
    )


@login_required
@require_POST
def outgoing_submit(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.SubmitForm(request.POST, document=document),
        lambda f: services.submit_for_approval(
            actor=request.user,
            document=document,
            reviewers=list(f.cleaned_data["reviewers"]),
            mode=f.cleaned_data["mode"],
        ),
        _("Submitted for approval."),
    )


@login_required
@require_POST
def outgoing_review(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        document,
        forms.ReviewForm(request.POST),
        lambda f: services.decide_step(
            actor=request.user, document=document, approve=approve, comment=f.cleaned_data["comment"]
        ),
        _("Approved.") if approve else _("Returned for revision."),
    )


@login_required
@require_POST
def outgoing_to_signing(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    try:
        entry = services.send_for_signature(actor=request.user, document=document)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, _("Sent for signature with number %(number)s reserved.") % {"number": entry.text}
        )
    return redirect(document)


@login_required
@require_POST
def outgoing_refuse(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.ReasonForm(request.POST),
        lambda f: services.refuse_signature(
            actor=request.user, document=document, reason=f.cleaned_data["reason"]
        ),
        _("Returned for revision; the reserved number is cancelled."),
    )


@login_required
@require_POST
def outgoing_issue(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.IssueForm(request.POST, request.FILES),
        lambda f: services.issue_document(
            actor=request.user,
            document=document,
            signed_file=f.cleaned_data["signed_file"].read() if f.cleaned_data["signed_file"] else None,
        ),
        _("Issued."),
    )


@login_required
@require_POST
def outgoing_dispatch(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.DispatchForm(request.POST),
        lambda f: services.dispatch_document(
            actor=request.user,
            document=document,
            units=list(f.cleaned_data["units"]),
            agencies=list(f.cleaned_data["agencies"]),
            medium=f.cleaned_data["medium"],
        ),
        _("Sent."),
    )


@login_required
@require_POST
def outgoing_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    return _act(
        request,
        document,
        forms.ReasonForm(request.POST),
        lambda f: services.withdraw_document(
            actor=request.user, document=document, reason=f.cleaned_data["reason"]
        ),
        _("Withdrawn."),
    )


@login_required
def outgoing_version_file(request: StaffRequest, pk: int, version: int) -> HttpResponse:
    document = selectors.get_outgoing(request.user, pk)
    kept = get_object_or_404(DraftVersion, document=document, version=version)
    with kept.file.open("rb") as handle:
        content = handle.read()
    kind = "application/pdf" if content.startswith(b"%PDF-") else "application/octet-stream"
    return _serve(request, document, content, kept.name, kind)


@login_required
def outgoing_pdf(request: StaffRequest, pk: int) -> HttpResponse:
    """The document as PDF: once issued, the signed copy; before, what would be signed (the draft in the
    national layout, or the file it was drawn up as), to read before signing."""
    document = selectors.get_outgoing(request.user, pk)
    signed = document.versions.filter(is_signed=True).order_by("-version").first()
    if signed is not None:
        with signed.file.open("rb") as handle:
            return _serve(request, document, handle.read(), signed.name, "application/pdf")
    printed_from_text = not document.versions.filter(is_signed=False, from_template=False).exists()
    if printed_from_text and (job := printing.print_later(request.user, document)) is not None:
        messages.info(
            request,
            _("Its list has %(rows)s rows: it is being printed; download it from here when it is ready.")
            % {"rows": grouped(drafting.annex_rows(document))},
        )
        return redirect("core:job_detail", job.pk)
    try:
        content = drafting.printed_for_issue(document)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(document)
    name = (document.number_text or f"du-thao-{document.pk}").replace("/", "-")
    return _serve(request, document, content, f"{name}.pdf", "application/pdf")


def list_url(key: str) -> str:
    return reverse("casework:list", args=[key])


@login_required
def registers(request: StaffRequest) -> HttpResponse:
    """The registers' figures for a period, and their printing in the standard layout."""
    today = timezone.localdate()
    period = forms.PeriodForm(request.GET or {"start": date(today.year, 1, 1), "end": today})
    start, end = date(today.year, 1, 1), today
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    printing = forms.RegisterPrintForm(
        request.POST or None, initial={"start": start, "end": end, "register": "incoming", "format": "xlsx"}
    )
    if request.method == "POST" and printing.is_valid():
        values = printing.cleaned_data
        try:
            job = jobs.start_job(
                actor=request.user,
                kind="document_register",
                params={
                    "register": values["register"],
                    "secret": values["secret"],
                    "start": values["start"].isoformat(),
                    "end": values["end"].isoformat(),
                    "format": values["format"],
                },
                label=_("Register %(register)s %(start)s–%(end)s")
                % {
                    "register": dict(printing.fields["register"].choices)[values["register"]],  # type: ignore[attr-defined]
                    "start": f"{values['start']:%d/%m/%Y}",
                    "end": f"{values['end']:%d/%m/%Y}",
                },
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, _("The register is being prepared; the file will be ready on this page.")
            )
            return redirect(job)
    context = {
        "period": period,
        "printing": printing,
        # never the figures of another period under the dates a person typed (31/02/2026)
        "figures": stats.overview(request.user, start, end) if period.is_valid() else None,
    }
    return render(request, "documents/registers.html", context)
