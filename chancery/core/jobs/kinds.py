"""Kinds of job: each declared once with `@job_kind(...)` in the one registry, with the parameters a client
may give it and the function that cleans each; the context a handler runs with, and the work done by
chunks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from chancery.core import access
from chancery.core.models import Job, JobUpload

Handler = Callable[["JobContext"], Mapping[str, Any] | None]

# The largest id a client may name (the API's bound, kept by every id parameter).
MAX_ID = 10**18 - 1


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
        from chancery.core.jobs.uploaded_files import _remove_upload_file

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
