"""What changes an account's access: API tokens, proposals under the four-eyes rule, one-time links to set a
password."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import SecrecyLevel, User


class ApiToken(models.Model):
    """Mã truy cập API — a token a program presents for a person (`Authorization: Token <key>`).

    Only the SHA-256 digest of the key is stored; the key itself is shown once, when it is issued. A token
    ends at `expires_at`, after a period without use (CHANCERY_API_TOKEN_IDLE_DAYS), when it is revoked, and
    as soon as the person's password, roles, clearance or unit change (`bound_to` no longer matches: see
    `chancery.core.tokens`). A token of a person who must use two-step login is issued only from a session
    verified by the second factor, lives a few hours and only reads (`second_factor`)."""

    user = models.ForeignKey(User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token begins with"), max_length=16)
    bound_to = models.CharField(max_length=64)
    second_factor = models.BooleanField(_("issued after two-step login"), default=False)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="apitoken_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessProposal(models.Model):
    """Đề xuất cấp quyền — the four-eyes rule on access to state secrets: an administrator proposes to grant
    a person the office leadership role or any clearance (Mật and above); it takes effect only when a member
    of the leadership holding that clearance, another person than the proposer and the person concerned,
    confirms it (Luật Bảo vệ bí mật nhà nước 117/2025/QH15: access to a state secret is decided by the head
    of the agency, never by the one who keeps the accounts). Both steps are in the audit trail.

    The same rule covers resetting the password or the second factor of a protected account (the leadership,
    or any clearance), which would otherwise let one administrator log in as the person: `reset_password`,
    `reset_second_factor`; and any change of such an account's roles, clearance, unit, active status or
    e-mail address, lowering included: `changes`, each field's value before and after, as the confirmer is
    shown it (`grant_leadership` and `clearance` repeat what it grants, for lists and the API)."""

    staff = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="access_proposals"
    )
    grant_leadership = models.BooleanField(_("grant the office leadership role"), default=False)
    clearance = models.PositiveSmallIntegerField(
        _("proposed clearance"), choices=SecrecyLevel.choices, null=True, blank=True
    )
    reset_password = models.BooleanField(_("reset the password"), default=False)
    reset_second_factor = models.BooleanField(_("reset two-step login"), default=False)
    # {field: {"before": value, "after": value}} for the fields of access.FOUR_EYES_FIELDS that change:
    # roles as a sorted list of codes, clearance as its level, unit as its id, is_active, email.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "staff",
        "grant_leadership",
        "clearance",
        "reset_password",
        "reset_second_factor",
        "changes",
        "reason",
        "proposed_by",
        "status",
        "decided_by",
        "decision_reason",
    )
    detail_url_name: ClassVar[str] = "core:proposal_detail"
    # The one-time link a confirmed reset issued, on the object `confirm_access_proposal` returns and nowhere
    # else (never stored: chancery.core.password_links).
    password_link: Any = None

    class Meta:
        verbose_name = _("access proposal")
        verbose_name_plural = _("access proposals")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(status="pending"), name="one_pending_proposal_per_person"
            ),
            models.CheckConstraint(
                condition=Q(grant_leadership=True)
                | Q(clearance__isnull=False)
                | Q(reset_password=True)
                | Q(reset_second_factor=True)
                | ~Q(changes={}),
                name="proposal_does_something",
            ),
            models.CheckConstraint(condition=~Q(proposed_by=F("staff")), name="proposal_not_for_oneself"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("proposed_by")) & ~Q(decided_by=F("staff"))),
                name="proposal_decided_by_a_second_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "-id"], name="proposal_status_idx")]

    def __str__(self) -> str:
        return _("Access proposal #%(id)s for %(staff)s") % {"id": self.pk, "staff": self.staff}

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def audit_scope(self) -> tuple[int | None, int]:
        return self.staff.unit_id, SecrecyLevel.NONE

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    @property
    def is_reset(self) -> bool:
        return self.reset_password or self.reset_second_factor


class PasswordSetLink(models.Model):
    """Liên kết đặt mật khẩu — a one-time link with which a person sets their own password after a confirmed
    reset of a protected account (chancery.core.password_links). The key is shown once, to the member of the
    leadership who confirmed the reset, to hand over to the person; only its SHA-256 digest is stored. It
    works once, until `expires_at` (CHANCERY_PASSWORD_LINK_HOURS), while the account is active and has no
    usable password, and not after a newer link of the same person."""

    user = models.ForeignKey(User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    proposal = models.ForeignKey(
        AccessProposal, verbose_name=_("proposal"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    handed_to = models.ForeignKey(
        User, verbose_name=_("handed to"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time password link")
        verbose_name_plural = _("one-time password links")
        indexes = [models.Index(fields=["user", "used_at", "revoked_at"], name="passwordlink_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="passwordlink_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
