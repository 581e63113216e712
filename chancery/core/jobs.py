"""Background jobs: long work the office starts and watches (imports, batch appraisal, reports, the clock
watch), run through Django's tasks API.

A module declares a kind of job with `@job_kind(...)`: a handler that receives a `JobContext`. The handler
says how many items there are (`ctx.set_total`) and, after each chunk of work, records how far it got with
`ctx.checkpoint(cursor)` inside the same transaction as the chunk, so the work and the progress commit
together. Progress is what the progress bar shows; the cursor is where a retry carries on, so no item is done
twice; each checkpoint also looks whether someone asked to cancel, and stops there if so.

The task backend is configured in settings (`CHANCERY_TASKS`): the database on one machine, Redis for many
workers. The `Job` row is the office's view of the work, the same whatever the backend.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chancery.core import access, audit
from chancery.core.models import AuditAction, Job, JobStatus, NotificationKind, User

logger = logging.getLogger(__name__)

Handler = Callable[["JobContext"], Mapping[str, Any] | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    handler: Handler
    may_start: Callable[[Any], bool]
    check: Callable[[Any, Mapping[str, Any]], None] | None = None


REGISTRY: dict[str, JobKind] = {}


def job_kind(
    name: str,
    label: str | Promise,
    *,
    may_start: Callable[[Any], bool] = access.can_manage_organisation,
    check: Callable[[Any, Mapping[str, Any]], None] | None = None,
) -> Callable[[Handler], Handler]:
    """Declare a kind of job; `may_start` says who may start it from the UI or the API, `check(actor,
    params)` refuses bad parameters with a ValidationError before anything is queued."""

    def register(handler: Handler) -> Handler:
        REGISTRY[name] = JobKind(name, label, handler, may_start, check)
        return handler

    return register


class JobCancelled(Exception):
    """Raised at a checkpoint when someone asked the job to stop."""


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.job.params)

    @property
    def cursor(self) -> str:
        """Where the last attempt stopped ("" on the first): carry on after it."""
        return self.job.cursor

    def restart(self) -> None:
        """Start again from nothing (work that cannot carry on half-way, such as writing one file)."""
        self.job.cursor, self.job.done = "", 0
        Job.objects.filter(pk=self.job.pk).update(cursor="", done=0)

    def set_total(self, total: int) -> None:
        self.job.total = max(total, self.job.done)
        Job.objects.filter(pk=self.job.pk).update(total=self.job.total)

    def checkpoint(self, cursor: str, *, done: int = 1) -> None:
        """Record `done` more items finished up to `cursor`; call it inside the chunk's transaction."""
        self.job.cursor = cursor
        self.job.done += done
        if self.job.total is not None and self.job.done > self.job.total:
            self.job.total = self.job.done
        Job.objects.filter(pk=self.job.pk).update(cursor=cursor, done=self.job.done, total=self.job.total)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled


def for_each_chunk(
    queryset: QuerySet[Any],
    handle: Callable[[list[Any]], None],
    ctx: JobContext | None = None,
    *,
    size: int = 200,
) -> int:
    """Run `handle` on the rows of `queryset` in primary-key order, a chunk at a time, each chunk in its own
    transaction with its checkpoint; a retried job starts after the last chunk that committed. Returns the
    number of rows handled."""
    after = int(ctx.cursor) if ctx is not None and ctx.cursor else 0
    if ctx is not None:
        ctx.set_total(ctx.job.done + queryset.filter(pk__gt=after).count())
    handled = 0
    while chunk := list(queryset.filter(pk__gt=after).order_by("pk")[:size]):
        with transaction.atomic():
            handle(chunk)
            after = chunk[-1].pk
            if ctx is not None:
                ctx.checkpoint(str(after), done=len(chunk))
        handled += len(chunk)
    return handled


# --- starting, cancelling, retrying ----------


def _enqueue(job: Job) -> None:
    def send() -> None:
        from chancery.core.tasks import run_job

        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


@transaction.atomic
def start_job(
    *, actor: User | None, kind: str, params: Mapping[str, Any] | None = None, label: str = ""
) -> Job:
    """Queue a job; `actor` None is the system (the scheduled watch)."""
    declared = REGISTRY.get(kind)
    if declared is None:
        raise ValidationError(_("Unknown kind of job: %(kind)s.") % {"kind": kind})
    if actor is not None and not declared.may_start(actor):
        raise PermissionDenied(_("You may not start this job."))
    if declared.check is not None:
        declared.check(actor, dict(params or {}))
    job = Job.objects.create(
        kind=kind, label=label or str(declared.label), params=dict(params or {}), started_by=actor
    )
    audit.record(action=AuditAction.CREATE, actor=actor, subject=None, message=f"job #{job.pk} {kind} queued")
    _enqueue(job)
    return job


def can_follow(user: Any, job: Job) -> bool:
    """The person who started a job follows it; administrators follow every job."""
    return bool(getattr(user, "is_authenticated", False)) and (
        job.started_by_id == user.pk or access.can_manage_organisation(user)
    )


def result_file(user: Any, job: Job) -> tuple[Any, str] | None:
    """The file a finished job wrote (an export) and its download name, for the person who started it only:
    an administrator follows every job but sees no records, so not their content. None if there is none."""
    from django.core.files.storage import default_storage

    name = (job.result or {}).get("file")
    if job.status != JobStatus.DONE or not name or job.started_by_id != getattr(user, "pk", None):
        return None
    if not default_storage.exists(name):
        return None
    return default_storage.open(name, "rb"), str(job.result.get("filename") or name.rsplit("/", 1)[-1])


def visible_jobs(user: Any) -> QuerySet[Job]:
    if access.can_manage_organisation(user):
        return Job.objects.all()
    return Job.objects.filter(started_by_id=getattr(user, "pk", None) or 0)


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
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=None, message=f"job #{job.pk} cancel asked")
    return job


@transaction.atomic
def retry_job(*, actor: Any, job: Job) -> Job:
    """Queue a failed or cancelled job again; it carries on after the last item it finished."""
    if not can_follow(actor, job):
        raise PermissionDenied(_("You may not retry this job."))
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in {JobStatus.FAILED, JobStatus.CANCELLED}:
        raise ValidationError(_("Only a failed or cancelled job can be retried."))
    job.status, job.error, job.cancel_requested, job.ended_at = JobStatus.QUEUED, "", False, None
    job.save(update_fields=["status", "error", "cancel_requested", "ended_at"])
    audit.record(action=AuditAction.UPDATE, actor=actor, subject=None, message=f"job #{job.pk} retried")
    _enqueue(job)
    return job


# --- running (inside the worker) ----------


HEARTBEAT_SECONDS = 20
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


class _Heartbeat(threading.Thread):
    """Beside a running job, in its worker: marks the job alive every HEARTBEAT_SECONDS (its own database
    connection, outside the job's transactions). A worker killed outright stops beating."""

    def __init__(self, job_id: int) -> None:
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        from django.db import connection

        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # a database hiccup: the next beat tries again, or the job is recovered
            logger.warning("heartbeat of job %s failed", self.job_id, exc_info=True)
        finally:
            connection.close()


def recover_stale(*, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Queue again the running jobs whose worker stopped (no heartbeat for `stale_after`): each carries on
    after its last committed checkpoint, so nothing is lost and nothing done twice. Returns their ids."""
    cutoff = timezone.now() - stale_after
    recovered = []
    for job in Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).order_by("pk"):
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at__lt=cutoff).update(
                status=JobStatus.QUEUED, heartbeat_at=None
            )
            if not updated:
                continue  # it beat again, or another recovery took it
            audit.record(
                action=AuditAction.UPDATE,
                actor=None,
                subject=None,
                message=f"job #{job.pk} {job.kind} requeued: its worker stopped "
                f"(last heartbeat {job.heartbeat_at:%Y-%m-%d %H:%M:%S})",
            )
            _enqueue(job)
        logger.warning("job %s (%s) requeued after its worker stopped", job.pk, job.kind)
        recovered.append(job.pk)
    return recovered


def _claim(job_id: int) -> Job | None:
    """Take a queued job for this worker: one worker only, even if the task is delivered twice."""
    with transaction.atomic():
        now = timezone.now()
        claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
        )
        if not claimed:
            return None
        job = Job.objects.get(pk=job_id)
        job.attempts += 1
        job.save(update_fields=["attempts"])
        return job


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for m in error.messages)
    return f"{type(error).__name__}: {error}"


def run(job_id: int) -> str:
    """Run a queued job to its end; returns its final status."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    from chancery.ops import metrics

    started = time.perf_counter()
    declared = REGISTRY.get(job.kind)
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    try:
        if declared is None:
            raise ValidationError(_("Unknown kind of job: %(kind)s.") % {"kind": job.kind})
        result = declared.handler(JobContext(job)) or {}
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED)
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=_error_text(error))
    else:
        _finish(job, JobStatus.DONE, result=dict(result))
    finally:
        heartbeat.stopped.set()
        heartbeat.join()
    status = Job.objects.get(pk=job_id).status
    metrics.job_finished(job.kind, status, time.perf_counter() - started)
    return status


def _finish(job: Job, status: str, *, error: str = "", result: dict[str, Any] | None = None) -> None:
    from chancery.core.notifications import notify

    with transaction.atomic():
        job.refresh_from_db()
        job.status, job.error, job.ended_at = status, error, timezone.now()
        if result is not None:
            job.result = result
        if status == JobStatus.DONE and job.total is None:
            job.total = job.done
        job.save(update_fields=["status", "error", "ended_at", "result", "total"])
        if job.started_by is not None:
            labels = {
                JobStatus.DONE: _("Job done: %(job)s"),
                JobStatus.FAILED: _("Job failed: %(job)s"),
                JobStatus.CANCELLED: _("Job cancelled: %(job)s"),
            }
            notify(
                [job.started_by],
                kind=NotificationKind.JOB_ENDED,
                title=labels[JobStatus(status)] % {"job": job.label},
                url=job.get_absolute_url(),
                key=f"job:{job.pk}:{job.attempts}",
            )
