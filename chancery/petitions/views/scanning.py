"""Pages of the intake of letters on paper (issue 29): "Vào sổ đơn từ bản quét". A person who registers
petitions uploads a scan of citizens' letters, follows the OCR job (chancery.petitions.scanning.job) as it
reads the pages, then, for each letter found in the scan, confirms its registration in the petitions' own
form, pre-filled and never saved before they press "Vào sổ": each proposed field shows how sure the reading
is, and the page image beside the form shows where each was read (the incoming documents' scan pages'
parts: `documents.views_scanning`). Registering goes through the petitions' service
(`services.register_scanned_letter`, then `register_petition` with its checks), once per letter.

Access: only who registers petitions (`scanning.job.may_read_letters`); a job's result and its pages only
to the person who started it (anyone else is told why, 403); an id that is no letters' scan job, a page or a
letter the scan has not, is a 404. The pages of a letter registered as a denunciation are no longer shown
(its reading was wiped from the job's result by the service)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.forms import StyledForm
from chancery.core.forms import show_errors as _form_errors
from chancery.core.models import Job
from chancery.core.provinces import wards_of
from chancery.core.views import StaffRequest
from chancery.documents import views_scanning as scan_pages
from chancery.documents.scanning import intake
from chancery.petitions import forms, services
from chancery.petitions.models import PetitionKind, ScannedLetter
from chancery.petitions.scanning import accuracy
from chancery.petitions.scanning import job as letters_job
from chancery.petitions.services.scanning import letters_of

# the registration form's fields and the proposed field each is filled from (the same names)
FORM_FIELDS = {
    name: name
    for name in (
        "full_name",
        "address",
        "province",
        "ward",
        "id_number",
        "phone",
        "kind",
        "summary",
        "content",
    )
}
DRAWN_FIELDS = ("full_name", "address", "id_number", "phone", "kind", "summary", "content")


class ScanForm(StyledForm):
    scan = django_forms.FileField(
        label=gettext_lazy("Scan of the letters"),
        help_text=gettext_lazy(
            "A PDF or a JPEG, PNG or TIFF image; several letters in one file are separated by a blank page."
        ),
    )


# the letters' scans, on the incoming documents' scan pages' helpers
LETTER_SCANS = scan_pages.ScanKind(
    letters_job.KIND,
    letters_job.may_read_letters,
    letters_job.refusal,
    letters_job.receive_scan,
    letters_job.start_reading,
    "petitions:scan_job",
)


def _own_scan_job(request: StaffRequest, job_id: int) -> Job:
    """The letters' scan job, for the person who started it (403 for another, saying why; 404 for an id
    that is no letters' scan job)."""
    return scan_pages.own_scan_job(request, job_id, LETTER_SCANS)


def _proposed(letter: dict[str, Any]) -> dict[str, Any]:
    fields = letter.get("fields")
    return fields if isinstance(fields, dict) else {}


def _value(letter: dict[str, Any], name: str) -> Any:
    field = _proposed(letter).get(name)
    return field.get("value") if isinstance(field, dict) else None


def _initial(letter: dict[str, Any]) -> dict[str, Any]:
    """The registration form's values as the OCR proposes them (what it did not read is left empty)."""
    initial: dict[str, Any] = {}
    for name in ("full_name", "address", "summary", "content", "id_number", "phone"):
        value = _value(letter, name)
        if value:
            initial[name] = str(value)[:300] if name in ("address", "summary") else str(value)
    province, ward = _value(letter, "province"), _value(letter, "ward")
    if isinstance(province, int):
        initial["province"] = province
        if isinstance(ward, int) and any(int(w.code) == ward for w in wards_of(province)):
            initial["ward"] = ward
    if _value(letter, "kind") in PetitionKind.values:
        initial["kind"] = _value(letter, "kind")
    return initial


def _form(letter: dict[str, Any], index: int) -> forms.PetitionForm:
    form = forms.PetitionForm(initial=_initial(letter), prefix=f"l{index}")
    form.fields["summary"].widget.attrs.pop("autofocus", None)
    return form


def _registered(job: Job) -> dict[int, Any]:
    """The letters of this scan already registered, by anyone from any session (letter index -> petition)."""
    return {
        row.part: row.petition for row in ScannedLetter.objects.filter(job=job).select_related("petition")
    }


@login_required
def scan_new(request: StaffRequest) -> HttpResponse:
    """Upload a scan of letters and start reading it; the person's recent scans; how well letters are read."""
    from chancery.petitions import selectors

    form = ScanForm(request.POST or None, request.FILES or None)
    visible = selectors.visible_petitions(request.user)
    return scan_pages.upload_page(
        request, LETTER_SCANS, form, "petitions/scan_new.html", visible, accuracy.accuracy
    )


@login_required
def scan_job(request: StaffRequest, job_id: int) -> HttpResponse:
    """The job's progress while it reads (refreshed by htmx); once read, a pre-filled registration form for
    each letter found; a form posted registers its letter through the petitions' service."""
    job = _own_scan_job(request, job_id)
    progress = scan_pages.progress_response(request, job, "petitions/scan_progress.html")
    if progress is not None:
        return progress
    letters = letters_of(job)
    registered = _registered(job)
    posted: int | None = None
    bound: Any = None
    if request.method == "POST":
        try:
            posted = int(request.POST.get("letter", ""))
        except ValueError:
            raise Http404 from None
        if not 0 <= posted < len(letters):
            raise Http404
        anchor = reverse("petitions:scan_job", args=[job.pk]) + f"#letter-{posted + 1}"
        if posted in registered:
            messages.warning(request, _("This letter of the scan has already been registered."))
            return redirect(anchor)
        bound = forms.PetitionForm(request.POST, request.FILES, prefix=f"l{posted}")
        if bound.is_valid():
            try:
                # the letter's pages of the scan are its file, unless the clerk attached one of their own
                attachments = list(bound.cleaned_data["attachments"] or [])
                if not attachments:
                    pages = [p for p in letters[posted].get("pages") or [] if isinstance(p, int)]
                    cut = intake.document_file(job, posted, pages)
                    if cut is not None:
                        cut.name = f"ban-quet-{job.pk}-don-{posted + 1}.pdf"
                        attachments = [cut]
                petition = services.register_scanned_letter(
                    actor=request.user,
                    job=job,
                    part=posted,
                    data=bound.petition_data(),
                    attachments=attachments,
                )
            except ValidationError as error:
                _form_errors(bound, error)
            except IntegrityError:  # registered at the same moment from another page: the register kept one
                messages.warning(request, _("This letter of the scan has already been registered."))
                return redirect(anchor)
            else:
                messages.success(
                    request,
                    _("Registered as petition %(number)s (tracking code %(code)s).")
                    % {"number": petition.registry_number, "code": petition.tracking_code},
                )
                if len(registered) + 1 >= len(letters):
                    return redirect(petition)
                return redirect(anchor)
    job.refresh_from_db(fields=["result"])
    letters = letters_of(job)
    read_pages: list[dict[str, Any]] = list((job.result or {}).get("pages") or [])
    labels = {name: forms.PetitionForm.base_fields[name].label for name in DRAWN_FIELDS}
    kept = scan_pages.upload_kept(job)
    shown = []
    for index, letter in enumerate(letters):
        done = registered.get(index)
        form = bound if index == posted and bound is not None else _form(letter, index)
        drawn = []
        if done is None and not letter.get("protected"):
            drawn = scan_pages.drawn_pages(
                read_pages,
                letter.get("pages") or [],
                _proposed(letter),
                labels,
                lambda number: reverse("petitions:scan_page", args=[job.pk, number]),
            )
        shown.append(
            {
                "index": index,
                "number": index + 1,
                "pages": letter.get("pages") or [],
                "form": form,
                "marks": scan_pages.field_marks(_proposed(letter), FORM_FIELDS),
                "drawn": drawn,
                "registered": done,
            }
        )
    context = {
        "job": job,
        "letters": shown,
        "upload_kept": kept,
        "low_confidence": f"{round(scan_pages.LOW_CONFIDENCE * 100)}%",
    }
    return render(request, "petitions/scan_job.html", context)


@login_required
def scan_page(request: StaffRequest, job_id: int, page: int) -> HttpResponse:
    """A page of the scan as an image (the incoming documents' `page_response`), for its starter, while its
    letter is not registered: once registered, the letter is the petition's, and shown as the petition is
    (a denunciation's letter only to its handlers, `selectors.attachments`)."""
    job = _own_scan_job(request, job_id)
    registered = set(ScannedLetter.objects.filter(job=job).values_list("part", flat=True))
    for index, letter in enumerate(letters_of(job)):
        if page in (letter.get("pages") or []) and (index in registered or letter.get("protected")):
            raise Http404
    return scan_pages.page_response(job, page)
