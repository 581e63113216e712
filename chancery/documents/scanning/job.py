"""The background job that reads a scan of incoming mail: every page through the OCR (progress by page),
the scan split into documents at its blank pages, and for each document the register line proposed, the
sender matched to the office's agencies. The result keeps each page's text and lines with their boxes and
each document's proposed fields, for the page where the clerk confirms the line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from chancery.core.jobs import JobContext, job_kind
from chancery.documents.scanning import agencies, intake, ocr, register_line, searchable


@job_kind(
    intake.KIND,
    intake.LABEL,
    may_start=intake.may_read_scans,
    refusal=intake.refusal,
    upload="scan",
    generic=False,
)
def read_incoming_scan(ctx: JobContext) -> dict[str, Any]:
    content, scan = read_pages(ctx, may_read=intake.may_read_scans, refusal=intake.refusal)
    candidates = agencies.office_candidates()
    documents = []
    for index, pages in enumerate(scan.documents):
        lines = [line for page in pages for line in page.lines]
        numbers = [page.number for page in pages]
        documents.append(
            {
                "pages": numbers,
                "fields": register_line.propose(lines, candidates).as_dict(),
                "searchable": _searchable(ctx, content, numbers, index),
            }
        )
    return {
        "pages": [page.as_dict() for page in scan.pages],
        "documents": documents,
        "read": len(scan.pages),
        "seconds": round(sum(page.seconds for page in scan.pages), 1),
    }


def read_pages(
    ctx: JobContext, *, may_read: Callable[[Any], bool], refusal: Callable[[], str]
) -> tuple[bytes, ocr.Scan]:
    """The job's uploaded scan and every page of it read by the OCR, the progress checkpointed page by page;
    refused unless its starter may still read scans of its kind (`may_read`). Shared by the kinds reading
    scans: incoming documents here, citizens' letters (chancery.petitions.scanning.job)."""
    user = ctx.job.started_by
    if user is None or not may_read(user):
        raise PermissionDenied(refusal())
    if not ocr.tesseract_available():
        raise ValidationError(
            gettext(
                "The server has no Tesseract text recognition with Vietnamese "
                "(tesseract-ocr, tesseract-ocr-vie)."
            )
        )
    with ctx.open_upload() as handle:
        content = handle.read(intake.SCAN_MAX_BYTES + 1)
    if len(content) > intake.SCAN_MAX_BYTES:
        raise ValidationError(intake.too_large())
    ctx.restart()  # one pass over the file: a retried job reads it again from its first page
    try:
        ctx.set_total(ocr.page_count(content))

        def progress(page: ocr.Page) -> None:
            with transaction.atomic():
                ctx.checkpoint(str(page.number))

        return content, ocr.read_scan(content, progress=progress)
    except ocr.ScanError as error:
        raise ValidationError(str(error)) from error


def _searchable(ctx: JobContext, content: bytes, pages: list[int], index: int) -> str:
    """The searchable PDF/A of one document of the scan, kept for its registration ("" when it cannot be
    made here: the scan's own pages are kept instead)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    cut = intake.cut_pages(content, pages)
    made = searchable.pdf_a(cut) if cut is not None else None
    if made is None:
        return ""
    name = intake.searchable_name(ctx.job, index)
    if default_storage.exists(name):  # a retried job writes it again
        default_storage.delete(name)
    return str(default_storage.save(name, ContentFile(made)))
