"""Receiving a scan of incoming mail for the OCR job: only a person who registers incoming documents may send
one (the clerk, văn thư, and the leadership: `access.can_register_documents`, the incoming register's own
guard); the file must be a PDF or a JPEG, PNG or TIFF image by its content, whatever its name says, no larger
than `SCAN_MAX_BYTES` and of at most `ocr.MAX_PAGES` pages. It is kept as the job's `JobUpload`, under a name
the server makes, by `core.jobs.receive_upload`, with this module's check of the format "scan"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_lazy

from chancery.core import access, uploads
from chancery.core.jobs.uploaded_files import upload_format
from chancery.core.models import Job, JobUpload
from chancery.documents.scanning import ocr

KIND = "incoming_scan"
LABEL = gettext_lazy("Scanned incoming document read (OCR), its register line proposed")
SCAN_MAX_BYTES = uploads.FILE_MAX_BYTES  # 25 MB: a hundred pages scanned at 300 dpi in grey
SCAN_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.TIFF)


def may_read_scans(user: Any) -> bool:
    """Who may start the OCR of a scan: whoever registers incoming documents."""
    return access.can_register_documents(user)


def refusal() -> str:
    return gettext("Only the clerks and the Office's leadership read scans to register incoming documents.")


def too_large() -> str:
    return gettext("The file is larger than %(mb)s MB: split it.") % {"mb": SCAN_MAX_BYTES // (1024 * 1024)}


def check_scan(upload: Any) -> tuple[uploads.Kind, bytes]:
    """The scan's kind and content, read from its content: a PDF or an image of at most `SCAN_MAX_BYTES` and
    `ocr.MAX_PAGES` pages that opens; anything else refused with the reason, in Vietnamese."""
    size = int(getattr(upload, "size", 0) or 0)
    if size > SCAN_MAX_BYTES:
        raise ValidationError(too_large())
    kind = uploads.inspect(upload)
    if kind not in SCAN_KINDS:
        raise ValidationError(
            gettext("The file is not a scan: only a PDF or a JPEG, PNG or TIFF image is read.")
        )
    upload.seek(0)
    content = upload.read(SCAN_MAX_BYTES + 1)
    upload.seek(0)
    if len(content) > SCAN_MAX_BYTES:
        raise ValidationError(too_large())
    try:
        pages = ocr.page_count(content)
    except ocr.ScanError as error:
        raise ValidationError(str(error)) from error
    if pages == 0:
        raise ValidationError(gettext("The file has no page."))
    if pages > ocr.MAX_PAGES:
        raise ValidationError(ocr.too_many_pages())
    return kind, content


@upload_format("scan")
def _scan_upload(upload: Any) -> str:
    """The check of an uploaded scan (core.jobs.receive_upload): `check_scan`; stored under its kind's
    suffix."""
    kind, _content = check_scan(upload)
    return kind.extension


def receive_scan(*, actor: Any, upload: Any) -> JobUpload:
    """Keep a scan a person uploads as the input of the OCR job (core.jobs.receive_upload, which checks it
    by its content with `check_scan`); only a job of that kind that the same person starts reads it."""
    from chancery.core import jobs

    if not may_read_scans(actor):
        raise PermissionDenied(refusal())
    return jobs.receive_upload(actor=actor, kind=KIND, upload=upload)


def start_reading(*, actor: Any, upload: JobUpload) -> Job:
    """Queue the OCR of the person's own uploaded scan."""
    from chancery.core import jobs
    from chancery.documents.scanning import job  # noqa: F401  (declares the kind)

    return jobs.start_job(actor=actor, kind=KIND, upload=upload, label=f"{LABEL}: {upload.name}"[:300])


def cut_pages(content: bytes, pages: list[int]) -> bytes | None:
    """The pages (1-based numbers) of a scan as one PDF: a PDF scan's own pages (pypdf, nothing re-encoded),
    an image scan's frames as one PDF. None when they cannot be cut."""
    import io

    out = io.BytesIO()
    try:
        if content.startswith(b"%PDF-"):
            from pypdf import PdfReader, PdfWriter

            reader, writer = PdfReader(io.BytesIO(content)), PdfWriter()
            for number in pages:
                writer.add_page(reader.pages[number - 1])
            writer.write(out)
        else:
            images = [
                image for number, (image, _dpi) in enumerate(ocr.rasterise(content), 1) if number in pages
            ]
            if not images:
                return None
            images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    except (IndexError, ValueError, OSError, ocr.ScanError):
        return None
    return out.getvalue()


def searchable_name(job: Job, index: int) -> str:
    """Where the job keeps the searchable PDF/A of the scan's document `index` (a name the server makes)."""
    return f"scans/job-{job.pk}-document-{index + 1}.pdf"


def document_file(job: Job, index: int, pages: list[int]) -> Any:
    """The file kept with the document registered from the scan's document `index` (its pages, 1-based
    numbers): the searchable PDF/A the job made of them (scanning.searchable), else the scan's own pages
    (`cut_pages`). None when the scan is no longer kept or cannot be cut (the clerk attaches a file)."""
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = f"ban-quet-{job.pk}-van-ban-{index + 1}.pdf"
    documents = (job.result or {}).get("documents") or []
    made = documents[index].get("searchable") if 0 <= index < len(documents) else None
    if made == searchable_name(job, index) and default_storage.exists(made):
        with default_storage.open(made, "rb") as handle:
            return SimpleUploadedFile(name, handle.read(), content_type="application/pdf")
    upload = JobUpload.objects.filter(job=job).first()
    if upload is None or not upload.file or upload.removed_at is not None or not pages:
        return None
    try:
        with default_storage.open(upload.file, "rb") as handle:
            content = handle.read(SCAN_MAX_BYTES + 1)
    except OSError:
        return None
    cut = cut_pages(content, pages)
    return SimpleUploadedFile(name, cut, content_type="application/pdf") if cut is not None else None


def discard_searchable(job: Job, index: int) -> None:
    """Remove the job's searchable PDF/A of a document once it is registered (its attachment keeps a copy)."""
    from django.core.files.storage import default_storage

    name = searchable_name(job, index)
    if default_storage.exists(name):
        default_storage.delete(name)
