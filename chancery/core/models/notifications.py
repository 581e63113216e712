"""Notifications: in the app, and by e-mail after the change commits."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.core.models.organisation import SecrecyLevel, User


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    DUE_SOON = "due_soon", _("Time limit due soon")
    OVERDUE = "overdue", _("Time limit overdue")
    ESCALATED = "escalated", _("Overdue in your unit")
    OPINION_REQUESTED = "opinion_requested", _("Opinion requested")
    OPINION_GIVEN = "opinion_given", _("Opinion given")
    JOB_ENDED = "job_ended", _("Background job ended")
    REPORT_DRAFTED = "report_drafted", _("Report drafted")
    ACCESS_PROPOSED = "access_proposed", _("Access change to confirm")
    ACCESS_DECIDED = "access_decided", _("Access change decided")
    SECURITY_ALERT = "security_alert", _("Security alert")
    DUE_DATE_MOVED = "due_date_moved", _("Time limit moved with the calendar")


class Notification(models.Model):
    """One notice to one person, shown in the app and sent by email. `key` makes a notice idempotent: the
    same alarm for the same due date is never sent twice, however often the watch runs."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    secrecy = models.PositiveSmallIntegerField(
        _("secrecy"), choices=SecrecyLevel.choices, default=SecrecyLevel.NONE
    )
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"], name="notification_unread_idx", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title
