"""The background work of honours: importing a batch's list from Excel, appraising a batch. Both carry on
after the last committed chunk when retried, and show their progress on the batch's page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from chancery.appraisal import importing
from chancery.core import access
from chancery.core.jobs import JobContext, Param, column_mapping, job_kind, record_id

from . import rules, services
from .models import HonoursBatch

CHUNK = 5000
MAX_REPORTED = 500


def _batch(ctx: JobContext) -> tuple[Any, HonoursBatch]:
    user = ctx.job.started_by
    batch = HonoursBatch.objects.get(pk=ctx.params["batch"])
    if user is None or not access.can_change(user, batch):
        raise PermissionDenied(gettext("You may not work on this honours batch."))
    return user, batch


BATCH = {"batch": Param(record_id)}


@job_kind(
    "honours_import",
    gettext_lazy("Import an honours nomination list"),
    may_start=services.can_work_on_honours,
    refusal=services.refusal,
    params={**BATCH, "mapping": Param(column_mapping), **importing.CONFIRMATION},
    upload="xlsx",
    generic=False,
)
def import_list(ctx: JobContext) -> dict[str, Any]:
    user, batch = _batch(ctx)
    return importing.run_import(
        ctx, services.NomineeList(actor=user, batch=batch), chunk=CHUNK, max_reported=MAX_REPORTED
    )


@job_kind(
    "honours_appraise",
    gettext_lazy("Appraise an honours batch"),
    may_start=services.can_work_on_honours,
    refusal=services.refusal,
    params=BATCH,
    generic=False,
)
def appraise_batch(ctx: JobContext) -> dict[str, Any]:
    return services.LIFECYCLE.run_appraisal(ctx, chunk=CHUNK)


@job_kind(
    "honours_certificates",
    gettext_lazy("Print the certificates of a batch"),
    may_start=services.can_work_on_honours,
    refusal=services.refusal,
    params=BATCH,
    generic=False,
)
def print_certificates(ctx: JobContext) -> dict[str, Any]:
    """One PDF with a page per award of the batch's decision."""
    from django.core.files.base import ContentFile

    from . import decision
    from .models import AwardRecord

    _user, batch = _batch(ctx)
    if batch.state != "decided":
        raise ValidationError(gettext("The batch has no decision yet: nothing can be printed."))
    ctx.restart()
    records = list(
        AwardRecord.objects.filter(nomination__batch=batch)
        .select_related("honoree", "nomination")
        .order_by("nomination__row")
    )
    ctx.set_total(len(records))
    content = decision.certificates_pdf(
        [
            (
                r.honoree.name,
                ", ".join(p for p in (r.honoree.position, r.honoree.organisation) if p),
                rules.award_name(r.award),
                r.decision_number,
                r.decided_on,
            )
            for r in records
        ]
    )
    filename = f"bang-khen-dot-{batch.number}-{batch.year}.pdf"
    stored = default_storage.save(f"exports/job-{ctx.job.pk}-{filename}", ContentFile(content))
    with transaction.atomic():
        ctx.checkpoint(str(len(records)), done=len(records))
    return {"file": stored, "filename": filename, "rows": len(records)}
