"""Official documents (văn bản): what the Office receives (incoming) and what it issues (outgoing), their
registers, numbers, drafts, approval circuits and dispatch. The rules are in chancery.documents.rules.

Numbers: every number a register gives is a `DocumentNumber` row, reserved for a document being signed,
issued with it, or cancelled with the reason and kept in the register: a number is never given twice and never
silently reused (NĐ 30/2020/NĐ-CP Art. 15).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core.models import Agency, SecrecyLevel
from chancery.core.text import excerpt
from chancery.documents.rules import TYPES, CircuitMode, Issuer, StepStatus, Urgency, symbol

TYPE_CHOICES = [(t.code, t.name) for t in TYPES.values()]


class UrgencyLevel(models.IntegerChoices):
    NORMAL = Urgency.NORMAL.value, _("Normal")
    URGENT = Urgency.URGENT.value, _("Urgent")
    VERY_URGENT = Urgency.VERY_URGENT.value, _("Very urgent")
    FLASH = Urgency.FLASH.value, _("Flash")


class Medium(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")
    EXCHANGE = "exchange", _("Electronic exchange between agencies")


class IssuerChoice(models.TextChoices):
    PRESIDENT = Issuer.PRESIDENT.value, _("The State President")
    OFFICE = Issuer.OFFICE.value, _("The Office of the State President")


INCOMING_STATES = {
    "registered": _("Registered, awaiting direction"),
    "routed": _("Routed for handling"),
    "closed": _("Closed"),
    "returned": _("Returned to the sender"),
    "recalled": _("Taken back by the sender"),
}


# what "recalled" means when the sender revoked or replaced the document (BussinessDocType 1, 3)
RECALLED_AS = {"revoke": _("Revoked by the sender"), "replace": _("Replaced by the sender")}


class IncomingDocument(Case):
    """Văn bản đến — a document received, as entered in the incoming register (NĐ 30/2020, Phụ lục IV)."""

    series = models.CharField(_("register"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    arrival_number = models.PositiveIntegerField(_("arrival number"))
    received_on = models.DateField(_("received on"))
    medium = models.CharField(_("received as"), max_length=12, choices=Medium.choices, default=Medium.PAPER)
    sender = models.ForeignKey(
        Agency,
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_sent",
    )
    sender_name = models.CharField(_("sender as written"), max_length=250)
    reference = models.CharField(_("number and symbol"), max_length=80, blank=True)
    issued_on = models.DateField(_("date of the document"), null=True, blank=True)
    doc_type = models.CharField(_("type"), max_length=20, choices=TYPE_CHOICES)
    summary = models.CharField(_("summary"), max_length=500)
    folded_summary = models.CharField(max_length=500, editable=False)
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=UrgencyLevel.choices, default=UrgencyLevel.NORMAL
    )
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    direction = models.TextField(_("direction for handling"), blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    routed_on = models.DateField(_("routed on"), null=True, blank=True)
    due_on = models.DateField(_("to be handled by"), null=True, blank=True)
    # the answer the sender asks for by this day (edXML DueDate): handling is due by it when it is sooner
    reply_by = models.DateField(_("reply requested by"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    answer = models.ForeignKey(
        "OutgoingDocument",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The message identifier of a document received by electronic exchange: the same message is not
    # registered twice.
    exchange_id = models.CharField(_("exchange message"), max_length=100, blank=True)
    # The scan it was registered from (a job reading it, chancery.documents.scanning) and which document of
    # the scan it is: a document of a scan is registered once, from whichever page or session.
    scanned_from = models.ForeignKey(
        "core.Job",
        verbose_name=_("registered from the scan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scanned_part = models.PositiveSmallIntegerField(null=True, blank=True)
    # The sender's request to take it back (edXML status 13: its time and reason) and the Office's answer
    # (15 agreed, 16 refused; empty while unanswered).
    recall_asked_at = models.DateTimeField(_("sender asked to take it back at"), null=True, blank=True)
    recall_reason = models.CharField(_("reason given by the sender"), max_length=300, blank=True)
    recall_answer = models.CharField(
        _("answer to the request"),
        max_length=10,
        blank=True,
        choices=[("agreed", _("Agreed")), ("refused", _("Refused"))],
    )
    # What the sender asks: to take it back (status 13), or, by a package of its own (BussinessDocType 1-3,
    # chancery.documents.exchange_business), to revoke it, to update it or to replace it by another
    # document; the package waits in the file storage (`recall_package`) until the Office answers.
    recall_kind = models.CharField(
        _("the sender asks"),
        max_length=8,
        default="recall",
        choices=[
            ("recall", _("to take it back")),
            ("revoke", _("to revoke it")),
            ("update", _("to update it")),
            ("replace", _("to replace it")),
        ],
    )
    recall_package = models.CharField(max_length=200, blank=True)
    # Every request of the sender and the Office's answer, oldest first: {kind, asked_at, reason, digest (of
    # its package: the same package is recorded once), answer, answered_at, answered_by, note}.
    exchange_requests = models.JSONField(default=list, blank=True)

    detail_url_name: ClassVar[str] = "documents:incoming_detail"

    @property
    def exchange_document_id(self) -> str:
        """The document's identifier on the exchange (agency code, date, number), without the checksum of
        its files the Office keeps beside it to register a package once."""
        return self.exchange_id.split("#", 1)[0]

    @property
    def state_label(self) -> str:
        """A document the sender revoked or replaced says so, not that it was taken back."""
        if self.state == "recalled" and self.recall_kind in RECALLED_AS:
            return str(RECALLED_AS[self.recall_kind])
        return super().state_label

    workflow = Workflow(
        states=INCOMING_STATES,
        initial="registered",
        transitions=(
            Transition("route", frozenset({"registered", "routed"}), "routed", _("Route")),
            Transition("close", frozenset({"routed"}), "closed", _("Close")),
            Transition("return", frozenset({"registered"}), "returned", _("Return to the sender")),
            # the sender asked to take it back (edXML status 13) and the Office agreed (15)
            Transition("recall", frozenset({"registered", "routed"}), "recalled", _("Agree to give it back")),
        ),
    )

    audit_fields: ClassVar[tuple[str, ...]] = (
        "arrival_number",
        "received_on",
        "medium",
        "sender",
        "sender_name",
        "reference",
        "issued_on",
        "doc_type",
        "summary",
        "signer",
        "urgency",
        "pages",
        "direction",
        "routed_on",
        "due_on",
        "outcome",
        "closed_on",
        "answer",
    )

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "arrival_number"], name="incoming_number_once"),
            models.UniqueConstraint(
                fields=["exchange_id"], condition=~Q(exchange_id=""), name="incoming_exchange_once"
            ),
            models.UniqueConstraint(
                fields=["scanned_from", "scanned_part"],
                condition=Q(scanned_from__isnull=False),
                name="incoming_scan_part_once",
            ),
            models.CheckConstraint(condition=Q(pages__gte=1), name="incoming_pages_positive"),
            models.CheckConstraint(condition=Q(urgency__lte=3), name="incoming_urgency_known"),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(outcome=""), name="incoming_closed_has_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["received_on", "id"], name="incoming_received_idx"),
            models.Index(fields=["arrival_number", "id"], name="incoming_number_idx"),
            models.Index(fields=["urgency", "id"], name="incoming_urgency_idx"),
            models.Index(fields=["state", "id"], name="incoming_state_idx"),
            models.Index(fields=["owning_unit", "id"], name="incoming_unit_idx"),
            models.Index(fields=["folded_summary", "id"], name="incoming_summary_idx"),
            # "sender starts with" (LIKE 'x%'): see petitions' petition_number_like_idx
            models.Index(
                fields=["sender_name"], opclasses=["varchar_pattern_ops"], name="incoming_sender_like_idx"
            ),
        ]

    def __str__(self) -> str:
        # The arrival number only: the summary of a secret document never reaches a notification or a log.
        if self.secrecy:
            return f"Văn bản mật đến số {self.arrival_number:02d}/{self.year}/M"
        return f"Văn bản đến số {self.arrival_number:02d}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_urgent(self) -> bool:
        return self.urgency > UrgencyLevel.NORMAL


class HandlingNote(models.Model):
    """What a unit or person did with a routed document (xử lý văn bản đến), in order."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="handling")
    unit = models.ForeignKey("core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("what was done"))
    is_done = models.BooleanField(_("this unit's part is done"), default=False)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handling note")
        verbose_name_plural = _("handling notes")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.note[:60]


OUTGOING_STATES = {
    "drafting": _("Drafting"),
    "reviewing": _("Under review"),
    "approved": _("Approved"),
    "signing": _("Awaiting signature"),
    "issued": _("Issued"),
    "withdrawn": _("Not issued (withdrawn)"),
}


class OutgoingDocument(Case):
    """Văn bản đi — a document the Office (or the President) issues, from its first draft to its dispatch."""

    issuer = models.CharField(_("issued in the name of"), max_length=12, choices=IssuerChoice.choices)
    doc_type = models.CharField(_("type"), max_length=20, choices=TYPE_CHOICES)
    is_normative = models.BooleanField(_("legal normative document"), default=False)
    summary = models.CharField(_("summary"), max_length=500)
    folded_summary = models.CharField(max_length=500, editable=False)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=UrgencyLevel.choices, default=UrgencyLevel.NORMAL
    )
    addressee = models.CharField(_("addressed to"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    copies_to = models.TextField(_("copies to (one per line)"), blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to be signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_title = models.CharField(_("signature block"), max_length=200, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    in_reply_to = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("in reply to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    # Filled when a number is reserved (the document goes to signature) and confirmed at issue.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number_text = models.CharField(_("number and symbol"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)

    detail_url_name: ClassVar[str] = "documents:outgoing_detail"
    workflow = Workflow(
        states=OUTGOING_STATES,
        initial="drafting",
        transitions=(
            Transition("submit", frozenset({"drafting"}), "reviewing", _("Submit for approval")),
            Transition("return", frozenset({"reviewing", "signing"}), "drafting", _("Return for revision")),
            Transition("approve", frozenset({"reviewing"}), "approved", _("Approve")),
            Transition("to_signing", frozenset({"approved"}), "signing", _("Send for signature")),
            Transition("issue", frozenset({"signing"}), "issued", _("Issue")),
            Transition(
                "withdraw",
                frozenset({"drafting", "reviewing", "approved", "signing"}),
                "withdrawn",
                _("Withdraw"),
            ),
        ),
    )

    audit_fields: ClassVar[tuple[str, ...]] = (
        "issuer",
        "doc_type",
        "is_normative",
        "summary",
        "urgency",
        "addressee",
        "copies_to",
        "signer",
        "signer_title",
        "in_reply_to",
        "number_text",
        "issued_on",
        "signed_by_name",
    )

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        constraints = [
            models.CheckConstraint(condition=Q(urgency__lte=3), name="outgoing_urgency_known"),
            models.CheckConstraint(
                condition=~Q(state="issued") | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="outgoing_issued_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["issued_on", "id"], name="outgoing_issued_idx"),
            models.Index(fields=["created_at", "id"], name="outgoing_created_idx"),
            models.Index(fields=["urgency", "id"], name="outgoing_urgency_idx"),
            models.Index(fields=["state", "id"], name="outgoing_state_idx"),
            models.Index(fields=["owning_unit", "id"], name="outgoing_unit_idx"),
            models.Index(fields=["folded_summary", "id"], name="outgoing_summary_idx"),
        ]

    def __str__(self) -> str:
        if self.number_text:
            return f"Văn bản số {self.number_text}"
        # a draft has no number yet: named by its summary, or, when secret, by its file code only (the
        # summary of a secret document never reaches a notification or a log)
        if self.secrecy:
            return f"Dự thảo văn bản mật, mã hồ sơ {self.pk}"
        return f"Dự thảo “{excerpt(self.summary, 80)}”"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def symbol(self) -> str:
        """“QĐ-CTN”, “TB-VPCTN”, or for a letter the Office's and the drafting unit's “VPCTN-TH”."""
        unit = self.owning_unit
        return symbol(self.doc_type, Issuer(self.issuer), unit.short_name or unit.code.upper())

    def role_of(self, user_id: int | None) -> str | None:
        """The part this person plays in the draft now, as their list of work shows it: its signer while it
        awaits signature, a reviewer while it is in review, its drafter while it is drafted."""
        if self.state == "signing" and self.signer_id == user_id:
            return str(_("Signer"))
        if self.state == "reviewing" and self.drafted_by_id != user_id:
            return str(_("Reviewer"))
        if self.state in ("drafting", "reviewing", "approved") and self.drafted_by_id == user_id:
            return str(_("Drafter"))
        return None

    @property
    def copies(self) -> list[str]:
        """The recipients of "Nơi nhận", one a line, without the dash a person may have typed before one
        (the layout prints each after its own "- ")."""
        return [
            shown for line in self.copies_to.splitlines() if (shown := line.strip().lstrip("-–•+ ").strip())
        ]


class DraftVersion(models.Model):
    """One version of a draft's file (DOCX as drafted, edited and uploaded again), with its checksum."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="drafts/%Y/")
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    is_signed = models.BooleanField(_("signed copy"), default=False)
    # made from the typed particulars and the template (not a file a person uploaded): what is issued is
    # then printed from the typed text; an uploaded version is issued as it is
    from_template = models.BooleanField(_("made from the template"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="draft_version_once")]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class ApprovalStep(models.Model):
    """One reviewer's turn in a draft's approval circuit (trình duyệt). Steps made together form a round; a
    draft returned for revision starts a new round when it is submitted again."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="approval_steps")
    round = models.PositiveSmallIntegerField(_("round"))
    position = models.PositiveSmallIntegerField(_("order"))
    mode = models.CharField(
        _("mode"),
        max_length=12,
        choices=[
            (CircuitMode.SEQUENTIAL.value, _("In order")),
            (CircuitMode.PARALLEL.value, _("All at once")),
        ],
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[
            (StepStatus.WAITING.value, _("Waiting for the previous reviewer")),
            (StepStatus.OPEN.value, _("Awaiting review")),
            (StepStatus.APPROVED.value, _("Approved")),
            (StepStatus.RETURNED.value, _("Returned for revision")),
            (StepStatus.CANCELLED.value, _("No longer needed")),
        ],
    )
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version reviewed"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "round", "position"], name="approval_step_once"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(comment=""), name="approval_return_has_comment"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "status"], name="approval_reviewer_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.round}.{self.position}: {self.status}"


class NumberStatus(models.TextChoices):
    RESERVED = "reserved", _("Reserved for signature")
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentNumber(models.Model):
    """One line of an outgoing register: a number taken from a series, and what became of it."""

    series = models.CharField(_("register"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    text = models.CharField(_("number and symbol"), max_length=80)
    status = models.CharField(_("status"), max_length=12, choices=NumberStatus.choices)
    document = models.ForeignKey(
        OutgoingDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="numbers"
    )
    secrecy = models.PositiveSmallIntegerField(_("secrecy level"), choices=SecrecyLevel.choices, default=0)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register number")
        verbose_name_plural = _("register numbers")
        ordering = ["series", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "number"], name="document_number_once"),
            models.UniqueConstraint(
                fields=["document"], condition=~Q(status="cancelled"), name="one_live_number_per_document"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""), name="cancelled_number_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.text


# What was sent out and how it fared, and the signatures checked: in models_dispatch (re-exported here).
from chancery.documents.models_dispatch import (  # noqa: E402
    Dispatch,
    DispatchStatus,
    SignatureSpecimen,
    SignatureVerification,
)

__all__ = [
    "Dispatch",
    "DispatchStatus",
    "SignatureSpecimen",
    "SignatureVerification",
]
