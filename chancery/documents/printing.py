"""A document printed from its text in a job, when its attached list is too long to lay out while a page
waits (the amnesty's list of 15,450 people): the job `outgoing_print` writes the PDF drafting.render_pdf
makes, for the person who asked, who downloads it from the job's page. The person may see the document
(checked when the job is started and again when it runs); a secret document's copy is marked with its
reader's name when it is downloaded, so it is never printed here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core import access
from chancery.core.jobs import JobContext, Param, job_kind, record_id, start_job
from chancery.core.models import Job, JobStatus
from chancery.documents import drafting, selectors
from chancery.documents.models import OutgoingDocument


def print_later(actor: Any, document: OutgoingDocument) -> Job | None:
    """The job printing `document` for `actor` when its list is too long to print while the page waits
    (drafting.PRINT_NOW_MAX_ROWS), the one already queued or done for them if there is one; None when it
    prints at once."""
    if document.secrecy or drafting.annex_rows(document) <= drafting.PRINT_NOW_MAX_ROWS:
        return None
    # the one asked before, still running or done with its file kept (an issued document's text and list
    # do not change)
    earlier = (
        Job.objects.filter(kind="outgoing_print", started_by=actor, params__document=document.pk)
        .filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE])
        .order_by("-pk")
        .first()
    )
    kept = earlier is not None and default_storage.exists(str((earlier.result or {}).get("file") or "-"))
    if earlier is not None and (earlier.status != JobStatus.DONE or kept):
        return earlier
    return start_job(
        actor=actor,
        kind="outgoing_print",
        params={"document": document.pk},
        # the document's number only: an administrator follows every job, and sees no document's content
        label=_("Print %(document)s with its list") % {"document": document.number_text}
        if document.number_text
        else _("Print a draft with its list"),
    )


def _document(actor: Any, params: Mapping[str, Any]) -> OutgoingDocument:
    try:
        document = selectors.get_outgoing(actor, params["document"])
    except Http404:
        raise ValidationError(_("The document was not found.")) from None
    if document.secrecy:
        raise ValidationError(
            _("A secret document is printed with its reader's name: open it from its page.")
        )
    return document


def _check(actor: Any, params: Mapping[str, Any]) -> None:
    _document(actor, params)


def _may_print(user: Any) -> bool:
    return access.viewer_for(user).has_working_role


@job_kind(
    "outgoing_print",
    gettext_lazy("Print a document with its list"),
    may_start=_may_print,
    check=_check,
    params={"document": Param(record_id)},
    generic=False,
)
def print_outgoing(ctx: JobContext) -> dict[str, Any]:
    user = ctx.job.started_by
    if user is None:
        raise ValidationError(_("A document is printed for a person."))
    document = _document(user, ctx.params)
    content = drafting.render_pdf(document)
    filename = f"{(document.number_text or f'du-thao-{document.pk}').replace('/', '-')}.pdf"
    stored = default_storage.save(f"exports/job-{ctx.job.pk}-{filename}", ContentFile(content))
    ctx.checkpoint("printed", done=1)
    return {"file": stored, "filename": filename, "rows": drafting.annex_rows(document)}
