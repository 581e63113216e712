"""Attachments: the files a record comes with, stored with their SHA-256 checksum after their content is
checked (chancery.core.uploads), and checked again later."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from chancery.core import access, audit, storage, uploads
from chancery.core.models import Attachment, AuditAction, ProtectedRecord
from chancery.core.text import grouped, nfc

# What a petition or a document comes with (scans, photos, PDF and office documents) and the caps on one
# submission are decided in chancery.core.uploads, from the file's content, not its name.
ATTACHMENT_MAX_BYTES = uploads.FILE_MAX_BYTES


def _require_attach(actor: Any, record: models.Model) -> None:
    if isinstance(record, ProtectedRecord) and actor is not None and not access.can_change(actor, record):
        raise PermissionDenied(_("You may not change this record."))


@transaction.atomic
def attach_file(*, actor: Any, record: models.Model, upload: Any) -> Attachment:
    """Store a file on a record with its SHA-256 checksum. Refused: an empty or too large file, a type that is
    not a scan, photo, PDF or office document (read from its content; an office document's archive is
    inspected), and the same file twice on one record. A refusal after the file is stored removes it again
    (chancery.core.storage)."""
    _require_attach(actor, record)
    return _store_attachment(actor, record, upload, uploads.inspect(upload))


@transaction.atomic
def attach_files(
    *,
    actor: Any,
    record: models.Model,
    files: Sequence[Any],
    limits: uploads.Limits = uploads.OFFICE,
    registering: bool = False,
) -> list[Attachment]:
    """Store the files of one submission on a record: at most `limits.count` files of `limits.total_bytes`
    together, each checked by its content before any is stored; one refused refuses them all, and nothing
    is left behind. `registering`: the files come with the record's registration, by the person who
    registered it (a clerk who may register a petition for another unit), so they are theirs in the audit
    trail without a right to change the record afterwards."""
    if not registering:
        _require_attach(actor, record)
    uploads.check_submission(files, limits)
    kinds = [uploads.inspect(upload) for upload in files]
    return [_store_attachment(actor, record, upload, kind) for upload, kind in zip(files, kinds, strict=True)]


def _store_attachment(actor: Any, record: models.Model, upload: Any, kind: uploads.Kind) -> Attachment:
    name = uploads.download_name(nfc(getattr(upload, "name", "") or "") or "tep-dinh-kem", kind)[-255:]
    size = int(upload.size)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    checksum = digest.hexdigest()
    object_type = audit.object_type_of(record)
    if Attachment.objects.filter(object_type=object_type, object_id=record.pk, sha256=checksum).exists():
        raise ValidationError({"file": _("This file is already attached (%(name)s).") % {"name": name}})
    upload.seek(0)
    attachment = Attachment(
        object_type=object_type,
        object_id=record.pk,
        name=name,
        content_type=kind.content_type,
        size=size,
        sha256=checksum,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        attachment.file.save(f"{checksum[:16]}{kind.extension}", upload, save=False)
    except OSError as error:
        if not storage.is_storage_full(error):
            raise
        raise ValidationError(
            {
                "file": _(
                    "The server's file storage is full: %(name)s was not saved. "
                    "Please tell the administrator."
                )
                % {"name": name}
            }
        ) from error
    attachment.save()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=record,
        changes={"attachment": {"before": None, "after": f"sha256:{checksum}"}},
        message=f"Đính kèm tệp #{attachment.pk}, {grouped(size)} byte",
    )
    return attachment


def verify_attachment(attachment: Attachment) -> bool:
    """Whether the stored file still has the checksum it was stored with."""
    digest = hashlib.sha256()
    with attachment.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == attachment.sha256
