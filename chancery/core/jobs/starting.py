"""Starting, cancelling and retrying jobs: queued for a worker after the transaction commits, audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.jobs.kinds import REGISTRY, kind_words
from chancery.core.jobs.selectors import can_follow
from chancery.core.models import AuditAction, Job, JobStatus, JobUpload, User


def _enqueue(job: Job) -> None:
    def send() -> None:
        from chancery.core.tasks import run_job

        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


@transaction.atomic
def start_job(
    *,
    actor: User | None,
    kind: str,
    params: Mapping[str, Any] | None = None,
    label: str = "",
    upload: JobUpload | None = None,
) -> Job:
    """Queue a job; `actor` None is the system (the scheduled watch). The parameters are cleaned by the
    kind's declaration; a kind that reads a file takes `upload`, the starter's own unused upload for it."""
    declared = REGISTRY.get(kind)
    if declared is None:
        raise ValidationError(_("Unknown kind of job: %(kind)s.") % {"kind": str(kind)[:60]})
    if actor is not None and not declared.may_start(actor):
        raise declared.refused()
    cleaned = declared.clean_params(params)
    if declared.upload:
        if upload is None or actor is None:
            raise ValidationError(_("The job needs its file: upload it."))
        upload = JobUpload.objects.select_for_update().get(pk=upload.pk)
        if (
            upload.owner_id != actor.pk
            or upload.kind != kind
            or upload.job_id is not None
            or upload.removed_at is not None
        ):
            raise ValidationError(_("The uploaded file was not found: upload it again."))
    elif upload is not None:
        raise ValidationError(_("This kind of job reads no file."))
    if declared.check is not None:
        declared.check(actor, cleaned)
    job = Job.objects.create(kind=kind, label=label or str(declared.label), params=cleaned, started_by=actor)
    if upload is not None:
        JobUpload.objects.filter(pk=upload.pk).update(job=job)
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=None,
        message=f"Xếp hàng chờ chạy tác vụ #{job.pk}: {kind_words(kind)}",
    )
    _enqueue(job)
    return job


def start_requested_job(*, actor: Any, kind: str, params: Mapping[str, Any] | None = None) -> Job:
    """A job started from the jobs page or `POST /api/v1/jobs/`: only the kinds that are not a step of a
    case (an import into a batch or an appraisal is started from its own page or endpoint)."""
    declared = REGISTRY.get(kind)
    if declared is not None and not declared.generic:
        raise ValidationError(_("This job is started from its own page, not from the list of jobs."))
    return start_job(actor=actor, kind=kind, params=params)


@transaction.atomic
def cancel_job(*, actor: Any, job: Job) -> Job:
    if not can_follow(actor, job):
        raise PermissionDenied(_("You may not stop this job."))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status == JobStatus.QUEUED:
        job.status, job.ended_at = JobStatus.CANCELLED, timezone.now()
        job.save(update_fields=["status", "ended_at"])
    elif job.status == JobStatus.RUNNING:
        job.cancel_requested = True
        job.save(update_fields=["cancel_requested"])
    else:
        raise ValidationError(_("This job has already ended."))
    audit.record(
        action=AuditAction.UPDATE, actor=actor, subject=None, message=f"Yêu cầu hủy tác vụ #{job.pk}"
    )
    return job


@transaction.atomic
def retry_job(*, actor: Any, job: Job) -> Job:
    """Queue a failed or cancelled job again; it carries on after the last item it finished. Only its starter
    retries it (it runs again under the starter's name); an administrator may stop a job, not re-run it."""
    if not can_follow(actor, job) or (job.started_by_id is not None and job.started_by_id != actor.pk):
        raise PermissionDenied(_("You may not retry this job."))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in {JobStatus.FAILED, JobStatus.CANCELLED}:
        raise ValidationError(_("Only a failed or cancelled job can be retried."))
    job.status, job.error, job.cancel_requested, job.ended_at = JobStatus.QUEUED, "", False, None
    job.save(update_fields=["status", "error", "cancel_requested", "ended_at"])
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=None, message=f"Chạy lại tác vụ #{job.pk}")
    _enqueue(job)
    return job
