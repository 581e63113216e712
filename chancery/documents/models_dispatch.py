"""What the Office sent out and how each agency's copy fared on the national exchange (the statuses of
QCVN 102:2016 and the platform's recall codes), and the digital signatures checked and the signature
specimens kept (part of chancery.documents.models, which re-exports them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Agency
from chancery.documents.models import Medium, OutgoingDocument


class DispatchStatus(models.TextChoices):
    """What the recipient reported. Besides "sent", one status per status code of the edXML exchange
    (chancery.documents.exchange.STATUS_CODES): QCVN 102:2016's 01–06, the national platform's 13, 15, 16."""

    SENT = "sent", _("Sent")
    ARRIVED = "arrived", _("Arrived, not yet registered")  # 01
    RETURNED = "returned", _("Refused on receipt")  # 02
    RECEIVED = "received", _("Received and registered")  # 03
    ASSIGNED = "assigned", _("Assigned for handling")  # 04
    PROCESSING = "processing", _("Being processed")  # 05
    DONE = "done", _("Handling completed")  # 06
    RECALL_ASKED = "recall_asked", _("Recall requested")  # 13
    RECALLED = "recalled", _("Recall accepted")  # 15
    NOT_RECALLED = "not_recalled", _("Recall refused")  # 16
    # a package revoking, updating or replacing the document (BussinessDocType 1, 2, 3), then its answer,
    # agreed (15) or refused (16)
    REVOKE_ASKED = "revoke_asked", _("Revocation sent")
    REVOKED = "revoked", _("Revocation accepted")
    NOT_REVOKED = "not_revoked", _("Revocation refused")
    UPDATE_ASKED = "update_asked", _("Update sent")
    UPDATED = "updated", _("Update accepted")
    NOT_UPDATED = "not_updated", _("Update refused")
    REPLACE_ASKED = "replace_asked", _("Replacement sent")
    REPLACED = "replaced", _("Replacement accepted")
    NOT_REPLACED = "not_replaced", _("Replacement refused")


# what was asked of the recipient, and the status its answer records: agreed (15), refused (16)
ANSWERS = {
    DispatchStatus.RECALL_ASKED: (DispatchStatus.RECALLED, DispatchStatus.NOT_RECALLED),
    DispatchStatus.REVOKE_ASKED: (DispatchStatus.REVOKED, DispatchStatus.NOT_REVOKED),
    DispatchStatus.UPDATE_ASKED: (DispatchStatus.UPDATED, DispatchStatus.NOT_UPDATED),
    DispatchStatus.REPLACE_ASKED: (DispatchStatus.REPLACED, DispatchStatus.NOT_REPLACED),
}


# after these the agency no longer holds the document: nothing more is asked of it, nothing changes them
FINAL = (DispatchStatus.RECALLED, DispatchStatus.REVOKED, DispatchStatus.REPLACED)


class Dispatch(models.Model):
    """Phát hành — an issued document sent to one recipient (a unit of the Office or another agency), with the
    latest status the recipient reported."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="dispatches")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    medium = models.CharField(_("sent as"), max_length=12, choices=Medium.choices)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DispatchStatus.choices, default=DispatchStatus.SENT
    )
    status_at = models.DateTimeField(_("status at"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=300, blank=True)
    # every answer the agency gave to the Office's questions (15, 16: the statuses of ANSWERS), in order: a
    # later status (done, another question) does not take them off the register
    answers = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["sent_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(agency__isnull=True))
                | (Q(unit__isnull=True) & Q(agency__isnull=False)),
                name="dispatch_one_recipient",
            ),
            models.UniqueConstraint(fields=["document", "unit"], name="dispatch_unit_once"),
            models.UniqueConstraint(fields=["document", "agency"], name="dispatch_agency_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.unit_id or self.agency_id}"


class SignatureVerification(models.Model):
    """One digital signature found in a PDF the Office received or issued, as checked when the file was
    stored (chancery.documents.signing): who signed, when, and whether it is intact, valid and trusted."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    sha256 = models.CharField(_("file checksum"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    signer = models.CharField(_("signed by"), max_length=300)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    intact = models.BooleanField(_("unchanged since signing"))
    valid = models.BooleanField(_("signature valid"))
    trusted = models.BooleanField(_("certificate trusted"))
    whole_file = models.BooleanField(_("covers the whole file"))
    summary = models.CharField(_("result"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature check")
        verbose_name_plural = _("signature checks")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="signature_record_idx")]

    def __str__(self) -> str:
        return f"{self.signer}: {self.summary}"

    @property
    def is_good(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


class SignatureSpecimen(models.Model):
    """A signer's handwritten signature as the signed electronic document shows it where they sign (NĐ
    30/2020 Phụ lục I): a PNG with a transparent background, the Office's seal over its left third. Registered
    for a person by an administrator, never by the person themselves (chancery.documents.specimens), and
    audited; it is only the signature's picture: what signs is the person's certificate."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signature_specimen",
        verbose_name=_("whose signature"),
    )
    image = models.BinaryField(_("image"), editable=False)
    sha256 = models.CharField(_("fingerprint (SHA-256)"), max_length=64, editable=False)
    width = models.PositiveIntegerField(_("width (pixels)"), editable=False)
    height = models.PositiveIntegerField(_("height (pixels)"), editable=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("registered by"),
    )
    set_at = models.DateTimeField(_("registered at"), editable=False)

    class Meta:
        verbose_name = _("signature specimen")
        verbose_name_plural = _("signature specimens")
        ordering = ["person__full_name", "id"]

    def __str__(self) -> str:
        return str(self.person)
