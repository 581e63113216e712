"""The background job that reads a scan of citizens' letters: the OCR of incoming documents
(`documents.scanning.job.read_pages`: every page read, progress by page), the scan split into letters at
its blank pages, and for each letter its registration proposed (`letter.propose`, the kind of a letter
without a title by the office's classifier). The result keeps each page's lines with their boxes and each
letter's proposed fields, for the page where the clerk confirms them; only the person who started the job
reads it (`core.jobs.may_read_output`, the page's own check).

Its label names no file: an administrator follows every job and sees its label, and a scan's file name may
name the denouncer it holds (Luật Tố cáo 2018, Art. 47)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy

from chancery.core import access
from chancery.core.jobs import JobContext, job_kind
from chancery.core.models import Job, JobUpload
from chancery.documents.scanning.job import read_pages
from chancery.petitions.scanning import letter

KIND = "petition_scan"
LABEL = gettext_lazy("Scanned petitions read (OCR), their registration proposed")


def may_read_letters(user: Any) -> bool:
    """Who may start the OCR of letters, and read what it read: whoever registers petitions."""
    return access.can_register_petitions(user)


def refusal() -> str:
    return gettext("Only the staff who register petitions read scanned letters.")


def _kind_of(text: str) -> str | None:
    from chancery.petitions import classify

    return classify.suggest(text).kind


@job_kind(KIND, LABEL, may_start=may_read_letters, refusal=refusal, upload="scan", generic=False)
def read_petition_scan(ctx: JobContext) -> dict[str, Any]:
    _content, scan = read_pages(ctx, may_read=may_read_letters, refusal=refusal)
    letters = []
    for pages in scan.documents:
        lines = [line for page in pages for line in page.lines]
        letters.append(
            {
                "pages": [page.number for page in pages],
                "fields": letter.propose(lines, classify_text=_kind_of).as_dict(),
            }
        )
    return {
        "pages": [page.as_dict() for page in scan.pages],
        "letters": letters,
        "read": len(scan.pages),
        "seconds": round(sum(page.seconds for page in scan.pages), 1),
    }


def receive_scan(*, actor: Any, upload: Any) -> JobUpload:
    """Keep a scan a person uploads as the input of the job (checked by its content as a scan of incoming
    documents is: `documents.scanning.intake.check_scan`)."""
    from chancery.core import jobs

    return jobs.receive_upload(actor=actor, kind=KIND, upload=upload)


def start_reading(*, actor: Any, upload: JobUpload) -> Job:
    """Queue the OCR of the person's own uploaded scan, under a label that names no file."""
    from chancery.core import jobs

    return jobs.start_job(actor=actor, kind=KIND, upload=upload, label=str(LABEL))
