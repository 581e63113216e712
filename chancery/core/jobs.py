"""Background jobs: long work the office starts and watches (imports, batch appraisal, reports, the clock
watch), run through Django's tasks API.

A module declares a kind of job with `@job_kind(...)`: a handler that receives a `JobContext`. The handler
says how many items there are (`ctx.set_total`) and, after each chunk of work, records how far it got with
`ctx.checkpoint(cursor)` inside the same transaction as the chunk, so the work and the progress commit
together. Progress is what the progress bar shows; the cursor is where a retry carries on, so no item is done
twice; each checkpoint also looks whether someone asked to cancel, and stops there if so.

The task backend is configured in settings (`CHANCERY_TASKS`): the database on one machine, Redis for many
workers. The `Job` row is the office's view of the work, the same whatever the backend.

What a client may say about a job is declared with its kind: each parameter by name with the function that
cleans it (a record id, a date, a column mapping, a short text). A parameter the kind does not declare is
refused, so no job ever takes a file path, an SQL fragment or an object type from a client. A job that reads
a file (an Excel list) reads the `JobUpload` bound to it: a file the same person uploaded for that kind of
job, stored under a name the server made; never a path given in its parameters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core import access, audit, spreadsheets, uploads
from chancery.core.models import AuditAction, Job, JobStatus, JobUpload, NotificationKind, User
from chancery.core.text import grouped, nfc

logger = logging.getLogger(__name__)

Handler = Callable[["JobContext"], Mapping[str, Any] | None]

# The largest id a client may name (the API's bound, kept by every id parameter).
MAX_ID = 10**18 - 1


# --- declared parameters ----------


@dataclass(frozen=True)
class Param:
    """One parameter a kind of job takes: `clean(value)` returns the value to keep or raises ValueError."""

    clean: Callable[[Any], Any]
    required: bool = True


def record_id(value: Any) -> int:
    """The id of a record (the job checks again, when it runs, that its starter may use it)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError
    number = int(str(value).strip())
    if not 1 <= number <= MAX_ID:
        raise ValueError
    return number


def iso_date(value: Any) -> str:
    return dt.date.fromisoformat(str(value)).isoformat()


def short_text(limit: int) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError
        return value

    return clean


def one_of(*choices: str) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        if value not in choices:
            raise ValueError
        return str(value)

    return clean


def flag(value: Any) -> bool:
    if value in (True, False, 0, 1, "0", "1", "true", "false"):
        return value in (True, 1, "1", "true")
    raise ValueError


def column_mapping(value: Any) -> dict[str, int]:
    """Which column of the uploaded sheet holds which field: {field name: column index from 0}."""
    if not isinstance(value, Mapping) or len(value) > 100:
        raise ValueError
    mapping = {}
    for name, column in value.items():
        if not isinstance(name, str) or not name.isidentifier() or len(name) > 60:
            raise ValueError
        if isinstance(column, bool) or not 0 <= int(column) <= 16383:
            raise ValueError
        mapping[name] = int(column)
    return mapping


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    handler: Handler
    may_start: Callable[[Any], bool]
    check: Callable[[Any, Mapping[str, Any]], None] | None = None
    params: Mapping[str, Param] = field(default_factory=dict)
    # The kind of file the job reads, when it reads one ("xlsx"): it then needs a JobUpload of its starter.
    upload: str = ""
    # Whether the jobs page and `POST /api/v1/jobs/` may start it; a kind whose start is a step of a case
    # (an import into a batch, an appraisal) is started by its module's service only.
    generic: bool = True
    # What a person who may not start it is told (the units whose work it is), instead of a bare refusal.
    refusal: Callable[[], str] | None = None

    def refused(self) -> PermissionDenied:
        return PermissionDenied(self.refusal() if self.refusal else _("You may not start this job."))

    def clean_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """The parameters as the kind declares them; anything else is refused, in Vietnamese, by name."""
        given = dict(params or {})
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            raise ValidationError(
                _("This job takes no parameter %(names)s.") % {"names": ", ".join(n[:40] for n in unknown)}
            )
        cleaned: dict[str, Any] = {}
        for name, declared in self.params.items():
            if name not in given or given[name] in (None, ""):
                if declared.required:
                    raise ValidationError(_("The job needs the parameter %(name)s.") % {"name": name})
                continue
            try:
                cleaned[name] = declared.clean(given[name])
            except (TypeError, ValueError, OverflowError):
                raise ValidationError(
                    _("The parameter %(name)s of this job is not valid.") % {"name": name}
                ) from None
        return cleaned


REGISTRY: dict[str, JobKind] = {}


def kind_words(kind: str) -> str:
    """A kind of job as the audit trail names it: its label, in Vietnamese whatever the language of the page
    or job that writes it; a kind no module declares, by its code after a Vietnamese phrase."""
    declared = REGISTRY.get(kind)
    if declared is None:
        return f"loại tác vụ không có trong danh mục ({kind})"
    with translation.override("vi"):
        return str(declared.label)


def job_kind(
    name: str,
    label: str | Promise,
    *,
    may_start: Callable[[Any], bool] = access.can_manage_organisation,
    check: Callable[[Any, Mapping[str, Any]], None] | None = None,
    params: Mapping[str, Param] | None = None,
    upload: str = "",
    generic: bool = True,
    refusal: Callable[[], str] | None = None,
) -> Callable[[Handler], Handler]:
    """Declare a kind of job; `may_start` says who may start it, `params` what it takes (nothing else is
    accepted), `upload` the kind of file it reads from its starter's upload, `check(actor, params)` refuses
    bad parameters with a ValidationError before anything is queued, `generic` whether the jobs page and
    the jobs API may start it (else only its module's service)."""

    def register(handler: Handler) -> Handler:
        REGISTRY[name] = JobKind(
            name, label, handler, may_start, check, dict(params or {}), upload, generic, refusal
        )
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

    @contextmanager
    def open_upload(self) -> Iterator[IO[bytes]]:
        """The file its starter uploaded for this job (the only file a job reads on a client's behalf)."""
        from django.core.files.storage import default_storage

        upload = JobUpload.objects.filter(job=self.job).first()
        if upload is None or not upload.file or upload.removed_at is not None:
            raise ValidationError(_("The uploaded file of this job is no longer kept: upload it again."))
        with default_storage.open(upload.file, "rb") as handle:
            yield handle

    def discard_upload(self) -> None:
        """Remove the uploaded file once the job has read it through (its row and checksum stay)."""
        upload = JobUpload.objects.filter(job=self.job, removed_at__isnull=True).first()
        if upload is not None:
            _remove_upload_file(upload)

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


# --- uploads ----------

UPLOAD_SIGNATURES = {"xlsx": b"PK\x03\x04"}
UPLOAD_SUFFIXES = {"xlsx": ".xlsx"}


def _check_upload_content(kind: str, head: bytes, handle: Any) -> None:
    """The file is what the kind reads, by its content (an .xlsx is an OOXML workbook: a ZIP archive with a
    workbook part), not by its name; an archive that would expand past reason is refused."""
    import zipfile

    if not head.startswith(UPLOAD_SIGNATURES[kind]):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."))
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."))
    if expanded > settings.CHANCERY_IMPORT_MAX_EXPANDED_BYTES:
        raise ValidationError(_("The workbook expands to more than the import accepts: split it."))
    # every part decompressed within bounds and matching what the directory says, before any is read
    size = handle.seek(0, 2)
    handle.seek(0)
    with uploads.opened_archive(
        handle,
        _("The workbook"),
        size,
        not_a_document=ValidationError(_("The file is not an Excel workbook (.xlsx).")),
        max_expanded=settings.CHANCERY_IMPORT_MAX_EXPANDED_BYTES,
    ):
        pass
    handle.seek(0)
    spreadsheets.check_grid(handle)


@transaction.atomic
def receive_upload(*, actor: Any, kind: str, upload: Any) -> JobUpload:
    """Keep a file a person uploads as the input of a job of `kind`, checked by its content, under a name
    the server makes; it can only be read by a job of that kind that the same person starts."""
    from django.core.files.storage import default_storage

    declared = REGISTRY.get(kind)
    if declared is None or not declared.upload:
        raise ValidationError(_("This kind of job reads no file."))
    if not declared.may_start(actor):
        raise declared.refused()
    size = int(getattr(upload, "size", 0) or 0)
    if size > settings.CHANCERY_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB: split it.")
            % {"mb": settings.CHANCERY_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    _check_upload_content(declared.upload, upload.read(8), upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    stored = default_storage.save(f"uploads/{uuid.uuid4().hex}{UPLOAD_SUFFIXES[declared.upload]}", upload)
    try:
        received = JobUpload.objects.create(
            owner=actor,
            kind=kind,
            file=stored,
            name=nfc(str(getattr(upload, "name", "") or "")).replace("\\", "/").rsplit("/", 1)[-1][-255:],
            size=size or default_storage.size(stored),
            sha256=digest.hexdigest(),
        )
    except BaseException:
        default_storage.delete(stored)  # nothing names the file: leave nothing behind
        raise
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=None,
        message=f"Tải lên tệp cho tác vụ “{kind_words(kind)}”: tệp tải lên #{received.pk}, "
        f"{grouped(received.size)} byte, sha256 {received.sha256[:16]}",
    )
    return received


def upload_of(actor: Any, upload_id: Any, *, kind: str) -> JobUpload:
    """The caller's own upload for a job of `kind`, not yet used by a job (anything else is not found)."""
    try:
        pk = record_id(upload_id)
    except (TypeError, ValueError):
        pk = 0
    upload = JobUpload.objects.filter(
        pk=pk, owner_id=getattr(actor, "pk", None) or 0, kind=kind, job__isnull=True, removed_at__isnull=True
    ).first()
    if upload is None:
        raise ValidationError(_("The uploaded file was not found: upload it again."))
    return upload


def discard_upload(upload: JobUpload) -> None:
    """Remove an upload's file (a job refused it, or has read it through); the row stays."""
    _remove_upload_file(upload)


def _remove_upload_file(upload: JobUpload) -> None:
    from django.core.files.storage import default_storage

    if upload.file:
        default_storage.delete(upload.file)
    JobUpload.objects.filter(pk=upload.pk).update(removed_at=timezone.now())


UNUSED_UPLOAD_KEPT = timedelta(days=1)
ENDED_JOB_UPLOAD_KEPT = timedelta(days=7)


def purge_uploads(*, now: dt.datetime | None = None) -> int:
    """Remove the files of uploads no job took within a day, and of jobs that ended (failed or cancelled
    and not retried) a week ago; the rows stay with their checksums. Returns how many files were removed."""
    now = now or timezone.now()
    stale = JobUpload.objects.filter(removed_at__isnull=True).filter(
        Q(job__isnull=True, uploaded_at__lt=now - UNUSED_UPLOAD_KEPT)
        | Q(
            job__status__in=[JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED],
            job__ended_at__lt=now - ENDED_JOB_UPLOAD_KEPT,
        )
    )
    removed = 0
    for upload in stale.order_by("pk")[:1000]:
        _remove_upload_file(upload)
        removed += 1
    return removed


# --- starting, cancelling, retrying ----------


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


def startable_kinds(user: Any) -> list[JobKind]:
    return [kind for kind in REGISTRY.values() if kind.generic and kind.may_start(user)]


def can_follow(user: Any, job: Job) -> bool:
    """The person who started a job follows it; administrators follow every job."""
    return bool(getattr(user, "is_authenticated", False)) and (
        job.started_by_id == user.pk or access.can_manage_organisation(user)
    )


def may_read_output(user: Any, job: Job) -> bool:
    """What a job read and wrote (its parameters, result and error, which may quote the records it worked
    on) is read by the person who started it; a job of the system's (the clock watch) by those who follow
    it. An administrator follows every job but reads no one's records."""
    if not can_follow(user, job):
        return False
    return job.started_by_id is None or job.started_by_id == user.pk


# What a job's result holds, as staff read it on its page (a key not listed here is not shown: no raw key
# or value of the code reaches the page).
RESULT_LABELS: dict[str, Any] = {
    "registered": gettext_lazy("Petitions registered"),
    "stored": gettext_lazy("Rows stored"),
    "skipped": gettext_lazy("Rows not imported"),
    "rows": gettext_lazy("Rows written"),
    "pass": gettext_lazy("Eligible"),
    "review": gettext_lazy("To review"),
    "fail": gettext_lazy("Not eligible"),
    "indexed": gettext_lazy("Records indexed"),
    "checked": gettext_lazy("Time limits checked"),
    "changed": gettext_lazy("Due dates changed"),
    "notices": gettext_lazy("Notices sent"),
    "seconds": gettext_lazy("Time taken (seconds)"),
}


def result_lines(job: Job) -> list[tuple[str, Any]]:
    """The job's figures as (label, value) in a fixed order, for its page."""
    result = job.result or {}
    return [(str(label), result[key]) for key, label in RESULT_LABELS.items() if key in result]


def result_problems(job: Job) -> list[str]:
    """The rows a job could not take and why ("Dòng N: ..."), for its page."""
    problems = (job.result or {}).get("problems") or []
    return [str(p) for p in problems] if isinstance(problems, list) else []


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
                message=f"Xếp hàng chạy tiếp tác vụ #{job.pk} ({kind_words(job.kind)}) vì tiến trình chạy "
                f"tác vụ đã dừng (tín hiệu hoạt động cuối lúc "
                f"{timezone.localtime(job.heartbeat_at):%H:%M:%S ngày %d/%m/%Y})",
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
