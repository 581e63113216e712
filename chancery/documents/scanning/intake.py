"""Receiving a scan of incoming mail for the OCR job: only a person who registers incoming documents may send
one (the clerk, văn thư, and the leadership: `access.can_register_documents`, the incoming register's own
guard); the file must be a PDF or a JPEG, PNG or TIFF image by its content, whatever its name says, no larger
than `SCAN_MAX_BYTES` and of at most `ocr.MAX_PAGES` pages. It is kept as the job's `JobUpload`, under a name
the server makes, as `core.jobs.receive_upload` keeps an Excel list (whose content check knows workbooks
only)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chancery.core import access, audit, uploads
from chancery.core.models import AuditAction, Job, JobUpload
from chancery.core.text import grouped, nfc
from chancery.documents.scanning import ocr

KIND = "incoming_scan"
LABEL = "Đọc văn bản đến được quét (OCR), đề xuất dòng đăng ký"
SCAN_MAX_BYTES = uploads.FILE_MAX_BYTES  # 25 MB: a hundred pages scanned at 300 dpi in grey
SCAN_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG, uploads.TIFF)


def may_read_scans(user: Any) -> bool:
    """Who may start the OCR of a scan: whoever registers incoming documents."""
    return access.can_register_documents(user)


def refusal() -> str:
    return "Chỉ văn thư và lãnh đạo Văn phòng được đọc văn bản quét để vào sổ văn bản đến."


def check_scan(upload: Any) -> tuple[uploads.Kind, bytes]:
    """The scan's kind and content, read from its content: a PDF or an image of at most `SCAN_MAX_BYTES` and
    `ocr.MAX_PAGES` pages that opens; anything else refused with the reason, in Vietnamese."""
    size = int(getattr(upload, "size", 0) or 0)
    if size > SCAN_MAX_BYTES:
        raise ValidationError(f"Tệp lớn hơn {SCAN_MAX_BYTES // (1024 * 1024)} MB: tách thành nhiều tệp.")
    kind = uploads.inspect(upload)
    if kind not in SCAN_KINDS:
        raise ValidationError("Tệp không phải bản quét: chỉ nhận PDF hoặc ảnh JPEG, PNG, TIFF.")
    upload.seek(0)
    content = upload.read(SCAN_MAX_BYTES + 1)
    upload.seek(0)
    if len(content) > SCAN_MAX_BYTES:
        raise ValidationError(f"Tệp lớn hơn {SCAN_MAX_BYTES // (1024 * 1024)} MB: tách thành nhiều tệp.")
    try:
        pages = ocr.page_count(content)
    except ocr.ScanError as error:
        raise ValidationError(str(error)) from error
    if pages == 0:
        raise ValidationError("Tệp không có trang nào.")
    if pages > ocr.MAX_PAGES:
        raise ValidationError(f"Tệp có hơn {ocr.MAX_PAGES} trang: tách thành nhiều tệp.")
    return kind, content


@transaction.atomic
def receive_scan(*, actor: Any, upload: Any) -> JobUpload:
    """Keep a scan a person uploads as the input of the OCR job, checked by its content; only a job of that
    kind that the same person starts reads it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not may_read_scans(actor):
        raise PermissionDenied(refusal())
    kind, content = check_scan(upload)
    stored = default_storage.save(f"uploads/{uuid.uuid4().hex}{kind.extension}", ContentFile(content))
    try:
        received = JobUpload.objects.create(
            owner=actor,
            kind=KIND,
            file=stored,
            name=nfc(str(getattr(upload, "name", "") or "")).replace("\\", "/").rsplit("/", 1)[-1][-255:],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    except BaseException:
        default_storage.delete(stored)  # nothing names the file: leave nothing behind
        raise
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=None,
        message=f"Tải lên bản quét văn bản đến để đọc (OCR): tệp tải lên #{received.pk}, "
        f"{grouped(received.size)} byte, sha256 {received.sha256[:16]}",
    )
    return received


def start_reading(*, actor: Any, upload: JobUpload) -> Job:
    """Queue the OCR of the person's own uploaded scan."""
    from chancery.core import jobs
    from chancery.documents.scanning import job  # noqa: F401  (declares the kind)

    return jobs.start_job(actor=actor, kind=KIND, upload=upload, label=f"{LABEL}: {upload.name}"[:300])
