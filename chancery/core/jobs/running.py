"""Running a job inside the worker: claimed by one worker, kept alive by a heartbeat, recovered when its
worker stopped, finished with its status, result or error."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit
from chancery.core.jobs import starting
from chancery.core.jobs.kinds import REGISTRY, JobCancelled, JobContext, kind_words
from chancery.core.models import AuditAction, Job, JobStatus, NotificationKind

logger = logging.getLogger("chancery.core.jobs")


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
                message=f"Xếp hàng chạy tiếp tác vụ #{job.pk} ({kind_words(job.kind)}) vì tiến trình chạy "
                f"tác vụ đã dừng (tín hiệu hoạt động cuối lúc "
                f"{timezone.localtime(job.heartbeat_at):%H:%M:%S ngày %d/%m/%Y})",
            )
            starting._enqueue(job)  # looked up on its module, where a test replaces it
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


def _error_text(error: Exception, job: Job) -> str:
    """What the job's page says went wrong: the refusal a rule gave, in its words; for anything else (a
    bug, a database or disk error) a plain sentence with a reference to the server's log, never the
    exception's text, which can carry server paths, SQL or other people's data."""
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for m in error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not start this job.")
    return _(
        "The job stopped on an error of the system (reference: job %(job)s, attempt %(attempt)s). "
        "Retry it; if it fails again, tell the administrator the reference."
    ) % {"job": job.pk, "attempt": job.attempts}


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
        _finish(job, JobStatus.FAILED, error=_error_text(error, job))
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
