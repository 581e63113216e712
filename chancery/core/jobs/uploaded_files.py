"""The files jobs read: a file uploaded by a person for one kind of job (an Excel list, a scan), checked by
its content by the check of its format (`upload_format`), stored under a name the server made, bound to the
job that reads it, removed once no longer needed."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core import audit, spreadsheets, uploads
from chancery.core.jobs.kinds import REGISTRY, kind_words, record_id
from chancery.core.models import AuditAction, JobStatus, JobUpload
from chancery.core.text import grouped, nfc

# The check of each format a job may read: it reads the file by its content (never its name), refuses it
# with the reason in the reader's language, and says the suffix it is stored under.
UploadCheck = Callable[[Any], str]
UPLOAD_FORMATS: dict[str, UploadCheck] = {}


def upload_format(name: str) -> Callable[[UploadCheck], UploadCheck]:
    """Declare the check of a format of upload (`job_kind(upload=name)`)."""

    def register(check: UploadCheck) -> UploadCheck:
        UPLOAD_FORMATS[name] = check
        return check

    return register


@upload_format("xlsx")
def _check_workbook(handle: Any) -> str:
    """An .xlsx is an OOXML workbook: a ZIP archive with a workbook part; an archive that would expand past
    reason is refused."""
    import zipfile

    handle.seek(0)
    if not handle.read(4).startswith(b"PK\x03\x04"):
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
    return ".xlsx"


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
    suffix = UPLOAD_FORMATS[declared.upload](upload)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    stored = default_storage.save(f"uploads/{uuid.uuid4().hex}{suffix}", upload)
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
