"""Pages of the intake of paper (issue 29): "Vào sổ từ bản quét". A clerk uploads a scan of incoming mail,
follows the OCR job (chancery.documents.scanning.job) as it reads the pages, then, for each document found in
the scan, confirms the register line it proposes in the incoming register's own form, pre-filled and never
saved before the clerk presses "Vào sổ": each proposed field shows how sure the reading is, and the page
image beside the form shows where each field was read. Registering goes through the register's own service
(`services.register_incoming`), with its checks and errors.

Access: only who may read scans (`intake.may_read_scans`); a job's result and its pages only to the person
who started it (anyone else is told why, 403); an id that is no scan job, a page or a document the scan does
not have, is a 404."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.forms import StyledForm
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Agency, Job, JobStatus, JobUpload
from chancery.core.views import StaffRequest
from chancery.documents import forms, services
from chancery.documents.models import TYPE_CHOICES, IncomingDocument
from chancery.documents.scanning import intake, ocr

# a proposed field read with less confidence than this is highlighted for the clerk to check
LOW_CONFIDENCE = 0.7
# the page image sent to the browser is at most this wide (the boxes are drawn in the page's own pixels)
PAGE_IMAGE_WIDTH = 1240
# the scan jobs listed on the upload page
RECENT_SCANS = 10

# the incoming form's fields and the proposed field each is filled from
FORM_FIELDS = {
    "sender": "sender",
    "sender_name": "sender",
    "reference": "reference",
    "issued_on": "issued_on",
    "doc_type": "doc_type",
    "summary": "summary",
    "signer": "signer",
    "urgency": "urgency",
    "secrecy": "secrecy",
}
# the proposed fields drawn on the page image
DRAWN_FIELDS = ("sender", "reference", "issued_on", "doc_type", "summary", "signer", "urgency", "secrecy")


class ScanForm(StyledForm):
    scan = django_forms.FileField(
        label=gettext_lazy("Scan of the incoming mail"),
        help_text=gettext_lazy(
            "A PDF or a JPEG, PNG or TIFF image; several documents in one file are separated by a blank page."
        ),
    )


@dataclasses.dataclass(frozen=True)
class ScanKind:
    """What the scan pages of incoming documents and of petitions differ by: the job kind, who may read its
    scans (and the refusal said to the others), the upload and start of its job, the job page's URL name."""

    kind: str
    may_read: Any
    refusal: Any
    receive: Any
    start: Any
    job_url: str


DOCUMENT_SCANS = ScanKind(
    intake.KIND,
    intake.may_read_scans,
    intake.refusal,
    intake.receive_scan,
    intake.start_reading,
    "documents:scan_job",
)


def refuse_unless_reader(request: StaffRequest, scans: ScanKind) -> None:
    if not scans.may_read(request.user):
        raise PermissionDenied(scans.refusal())


def own_scan_job(request: StaffRequest, job_id: int, scans: ScanKind) -> Job:
    """The scan job, for the person who started it: another person is refused (403, saying why), an id that
    is no scan job of this kind is a 404 (shared with the petitions' scans)."""
    refuse_unless_reader(request, scans)
    job = Job.objects.filter(pk=job_id, kind=scans.kind).select_related("started_by").first()
    if job is None:
        raise Http404
    if job.started_by_id != request.user.pk:
        raise PermissionDenied(
            _("This scan was sent by another person: only the one who sent it sees what was read from it.")
        )
    return job


def _own_scan_job(request: StaffRequest, job_id: int) -> Job:
    return own_scan_job(request, job_id, DOCUMENT_SCANS)


def upload_page(
    request: StaffRequest, scans: ScanKind, form: Any, template: str, visible: Any, measure: Any
) -> HttpResponse:
    """The upload page of a kind of scan: the form (a scan posted starts its job, the person is sent to it),
    the person's recent scans, and how well the scans are read over the records the person may see
    (`measure(visible)`)."""
    refuse_unless_reader(request, scans)
    if request.method == "POST" and form.is_valid():
        try:
            upload = scans.receive(actor=request.user, upload=form.cleaned_data["scan"])
            job = scans.start(actor=request.user, upload=upload)
        except ValidationError as error:
            form.add_error("scan", error.messages)
        else:
            return redirect(scans.job_url, job.pk)
    recent = Job.objects.filter(kind=scans.kind, started_by=request.user).order_by("-id")[:RECENT_SCANS]
    measured, fields = measure(visible)
    context = {"form": form, "recent": recent, "measured": measured, "fields": fields}
    return render(request, template, context)


def progress_response(request: StaffRequest, job: Job, template: str) -> HttpResponse | None:
    """While the page polls it (htmx), the job's progress; the whole page is reloaded once the job ends."""
    if not request.headers.get("HX-Request"):
        return None
    response = render(request, template, {"job": job})
    if not job.is_active:
        response["HX-Refresh"] = "true"  # the whole page, with the forms, once the job has ended
    return response


def _result_documents(job: Job) -> list[dict[str, Any]]:
    documents = (job.result or {}).get("documents") if job.status == JobStatus.DONE else None
    return documents if isinstance(documents, list) else []


def _result_pages(job: Job) -> list[dict[str, Any]]:
    pages = (job.result or {}).get("pages") if job.status == JobStatus.DONE else None
    return pages if isinstance(pages, list) else []


def _proposed(document: dict[str, Any], name: str) -> dict[str, Any]:
    found = (document.get("fields") or {}).get(name)
    return found if isinstance(found, dict) else {}


def _initial(document: dict[str, Any]) -> dict[str, Any]:
    """The incoming form's values as the OCR proposes them (what it did not read is left to its default)."""
    initial: dict[str, Any] = {"pages": max(1, len(document.get("pages") or []))}
    sender = _proposed(document, "sender")
    if sender.get("value") and Agency.objects.filter(pk=sender["value"], is_active=True).exists():
        initial["sender"] = sender["value"]
    elif sender.get("text"):
        initial["sender_name"] = str(sender["text"])[:250]
    for name in ("reference", "summary", "signer"):
        value = _proposed(document, name).get("value")
        if value:
            initial[name] = str(value)
    issued = _proposed(document, "issued_on").get("value")
    if issued:
        with contextlib.suppress(ValueError):
            initial["issued_on"] = dt.date.fromisoformat(str(issued))
    doc_type = _proposed(document, "doc_type").get("value")
    if doc_type in dict(TYPE_CHOICES):
        initial["doc_type"] = doc_type
    for name in ("urgency", "secrecy"):
        value = _proposed(document, name).get("value")
        if isinstance(value, int):
            initial[name] = value
    return initial


def _marks(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each form field filled from the scan: how sure the reading is (`field_marks`); the sender's name
    as written only when no agency of the list was matched."""
    marks = field_marks(document.get("fields") or {}, FORM_FIELDS)
    if _proposed(document, "sender").get("value"):
        marks.pop("sender_name", None)
    return marks


def field_marks(proposed: dict[str, Any], form_fields: dict[str, str]) -> dict[str, dict[str, Any]]:
    """For each form field (`form_fields`: form field -> proposed field) filled from a scan: how sure the
    reading is (percent, low or not), what was read and the reader's note (shared with the petitions'
    scans)."""
    marks: dict[str, dict[str, Any]] = {}
    for form_name, name in form_fields.items():
        field = proposed.get(name)
        if not isinstance(field, dict) or not field:
            continue
        read = field.get("value") not in (None, "") or bool(field.get("text"))
        confidence = float(field.get("confidence") or 0.0) if read else 0.0
        marks[form_name] = {
            # text read that matches nothing on the list (a commune unknown after the 2025 merger, an agency)
            "unmatched": read and field.get("value") in (None, ""),
            "percent": round(confidence * 100),
            "shown": f"{round(confidence * 100)}%",
            "low": confidence < LOW_CONFIDENCE,
            "read": read,
            "text": field.get("text") or "",
            "note": field.get("note") or "",
        }
    return marks


def _drawn_pages(job: Job, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's pages with the boxes of the fields read on each, in the page's pixels."""
    labels = {name: forms.IncomingForm.base_fields[name].label for name in DRAWN_FIELDS}
    return drawn_pages(
        _result_pages(job),
        document.get("pages") or [],
        document.get("fields") or {},
        labels,
        lambda number: reverse("documents:scan_page", args=[job.pk, number]),
    )


def drawn_pages(
    pages: list[dict[str, Any]],
    numbers: list[int],
    proposed: dict[str, Any],
    labels: dict[str, Any],
    url_of: Any,
) -> list[dict[str, Any]]:
    """Pages `numbers` of a scan's result (`pages`) with the boxes of the proposed fields named in `labels`
    read on each, in the page's pixels, each page's image at `url_of(number)` (shared with the petitions'
    scans)."""
    by_number = {page.get("number"): page for page in pages}
    drawn = []
    for number in numbers:
        page = by_number.get(number)
        if not page:
            continue
        boxes = []
        for name, label in labels.items():
            field = proposed.get(name)
            box = field.get("box") if isinstance(field, dict) else None
            if not isinstance(field, dict) or not isinstance(box, dict) or box.get("page") != number:
                continue
            confidence = float(field.get("confidence") or 0.0)
            boxes.append(
                {
                    "name": name,
                    "label": label,
                    "x": int(box.get("x", 0)),
                    "y": int(box.get("y", 0)),
                    "w": int(box.get("w", 0)),
                    "h": int(box.get("h", 0)),
                    "label_y": max(int(box.get("y", 0)) - 8, 12),
                    "low": confidence < LOW_CONFIDENCE,
                }
            )
        drawn.append(
            {
                "number": number,
                "width": int(page.get("width") or 1),
                "height": int(page.get("height") or 1),
                "boxes": boxes,
                "font": max(12, int(page.get("width") or 1) // 70),
                "url": url_of(number),
            }
        )
    return drawn


def _registered(job: Job) -> dict[str, int]:
    """The documents of this scan already registered, by anyone from any session (document index -> incoming
    id): the register knows which scan and which of its documents each came from."""
    return {
        str(part): pk
        for part, pk in IncomingDocument.objects.filter(scanned_from=job).values_list("scanned_part", "pk")
    }


def upload_kept(job: Job) -> bool:
    upload = JobUpload.objects.filter(job=job).first()
    return bool(upload and upload.file and upload.removed_at is None)


# --- the pages ---------------------------------------------------------------------------------------------


@login_required
def scan_new(request: StaffRequest) -> HttpResponse:
    """Upload a scan and start reading it; how well the scans are read: what the clerks kept of the
    proposals, field by field, over the documents registered from scans that this person may see."""
    from chancery.documents import selectors
    from chancery.documents.scanning import accuracy

    form = ScanForm(request.POST or None, request.FILES or None)
    visible = selectors.visible_incoming(request.user)
    return upload_page(request, DOCUMENT_SCANS, form, "documents/scan_new.html", visible, accuracy.accuracy)


@login_required
def scan_job(request: StaffRequest, job_id: int) -> HttpResponse:
    """The job's progress while it reads (refreshed by htmx); once read, a pre-filled register form for each
    document found; a form posted registers its document through the register's service."""
    job = _own_scan_job(request, job_id)
    progress = progress_response(request, job, "documents/scan_progress.html")
    if progress is not None:
        return progress
    documents = _result_documents(job)
    registered = _registered(job)
    posted: int | None = None
    bound: Any = None
    if request.method == "POST":
        try:
            posted = int(request.POST.get("document", ""))
        except ValueError:
            raise Http404 from None
        if not 0 <= posted < len(documents):
            raise Http404
        if str(posted) in registered:
            messages.warning(request, _("This document of the scan has already been registered."))
            return redirect(reverse("documents:scan_job", args=[job.pk]) + f"#document-{posted + 1}")
        bound = forms.IncomingForm(request.POST, request.FILES, prefix=f"d{posted}")
        if bound.is_valid():
            try:
                # the document's pages of the scan are its file, unless the clerk attached one of their own
                attachments = list(bound.cleaned_data["attachments"] or [])
                if not attachments:
                    pages = [p for p in documents[posted].get("pages") or [] if isinstance(p, int)]
                    cut = intake.document_file(job, posted, pages)
                    attachments = [cut] if cut is not None else []
                incoming = services.register_incoming(
                    actor=request.user,
                    data=dataclasses.replace(bound.data_for_service(), scanned_from=job, scanned_part=posted),
                    attachments=attachments,
                )
            except ValidationError as error:
                _form_errors(bound, error)
            except IntegrityError:  # registered at the same moment from another page: the register kept one
                messages.warning(request, _("This document of the scan has already been registered."))
                return redirect(reverse("documents:scan_job", args=[job.pk]) + f"#document-{posted + 1}")
            else:
                registered[str(posted)] = incoming.pk
                intake.discard_searchable(job, posted)
                messages.success(
                    request,
                    _("Registered with arrival number %(number)02d.") % {"number": incoming.arrival_number},
                )
                if len(registered) >= len(documents):
                    return redirect(incoming)
                return redirect(reverse("documents:scan_job", args=[job.pk]) + f"#document-{posted + 1}")
    shown = []
    for index, document in enumerate(documents):
        if index == posted and bound is not None:
            form = bound
        else:
            form = forms.IncomingForm(initial=_initial(document), prefix=f"d{index}")
            form.fields["received_on"].widget.attrs.pop("autofocus", None)
        done = registered.get(str(index))
        shown.append(
            {
                "index": index,
                "number": index + 1,
                "pages": document.get("pages") or [],
                "form": form,
                "marks": _marks(document),
                "drawn": _drawn_pages(job, document) if done is None else [],
                "registered_url": reverse("documents:incoming_detail", args=[done]) if done else None,
            }
        )
    context = {
        "job": job,
        "documents": shown,
        "upload_kept": upload_kept(job),
        "low_confidence": f"{round(LOW_CONFIDENCE * 100)}%",
    }
    return render(request, "documents/scan_job.html", context)


@login_required
def scan_separator(request: StaffRequest) -> HttpResponse:
    """The separator sheet to print and put between two documents (or letters) of a scan (shared with the
    petitions' scans): nothing secret, for anyone signed in."""
    response = HttpResponse(ocr.separator_sheet(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="to-tach-van-ban.pdf"'
    return response


@login_required
def scan_page(request: StaffRequest, job_id: int, page: int) -> HttpResponse:
    """A page of the scan as an image, rasterised from the stored scan at the resolution the job read it
    at (then made smaller for the screen: the boxes are drawn over it in the page's own pixels)."""
    return page_response(_own_scan_job(request, job_id), page)


def page_response(job: Job, page: int) -> HttpResponse:
    """Page `page` of a scan job's file as a JPEG for the screen (404 when the job did not read it or the
    file is no longer kept); the caller has checked the person may read the job (shared with the petitions'
    scans)."""
    pages = {p.get("number"): p for p in _result_pages(job)}
    if page not in pages:
        raise Http404
    upload = JobUpload.objects.filter(job=job).first()
    if upload is None or not upload.file or upload.removed_at is not None:
        raise Http404
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(upload.file, "rb") as handle:
            content = handle.read(intake.SCAN_MAX_BYTES + 1)
    except OSError:
        raise Http404 from None
    try:
        image = ocr.page_image(content, page, int(pages[page].get("dpi") or ocr.DPI))
    except (ocr.ScanError, IndexError, EOFError):
        raise Http404 from None
    if image.width > PAGE_IMAGE_WIDTH:
        image = image.resize((PAGE_IMAGE_WIDTH, max(1, round(image.height * PAGE_IMAGE_WIDTH / image.width))))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=80)
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
