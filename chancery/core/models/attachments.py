"""What records carry: attached files with their checksum, and links between records."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import User


class Attachment(models.Model):
    """A file attached to any record (a scan of a letter, a photo, a PDF), with its SHA-256 checksum so that
    a changed or damaged file is detected and the same file attached twice is recognised."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("attached by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("attached at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "sha256"], name="attachment_once_per_record"
            ),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return self.name


class RecordLink(models.Model):
    """Two records about the same business across modules (liên kết hồ sơ): the incoming document a petition
    came with, the outgoing document that answers it, the honours batch a submission started. Stored once;
    each side's page shows the other."""

    from_type = models.CharField(_("record type"), max_length=100)
    from_id = models.BigIntegerField(_("record id"))
    to_type = models.CharField(_("linked record type"), max_length=100)
    to_id = models.BigIntegerField(_("linked record id"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between records")
        verbose_name_plural = _("links between records")
        constraints = [
            models.UniqueConstraint(
                fields=["from_type", "from_id", "to_type", "to_id"], name="record_link_once"
            ),
            models.CheckConstraint(
                condition=~(Q(from_type=F("to_type")) & Q(from_id=F("to_id"))), name="record_link_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["from_type", "from_id"], name="record_link_from_idx"),
            models.Index(fields=["to_type", "to_id"], name="record_link_to_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_type}#{self.from_id} ↔ {self.to_type}#{self.to_id}"
