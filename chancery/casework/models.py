"""Legal clocks attached to any record (a petition, a document, a nomination...)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chancery.casework.rules import ClockFacts, ClockUnit


class LegalClock(models.Model):
    """Thời hạn — one legal time limit running on a record, e.g. the 10 working days to decide whether a
    complaint is accepted. A record may carry several clocks, one per `kind`."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    unit = models.CharField(
        _("counted in"),
        max_length=10,
        choices=[(ClockUnit.WORKING, _("working days")), (ClockUnit.CALENDAR, _("calendar days"))],
    )
    days = models.PositiveIntegerField(_("length (days)"))
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    due_soon_days = models.PositiveSmallIntegerField(_("alarm days before due"), default=3)
    # The due date as last computed (None while paused): kept by the services on every change and after a
    # change of the calendar, so the watch and the lists find due clocks with an index, not a scan.
    due_on = models.DateField(_("due on"), null=True, blank=True)

    audit_fields: ClassVar[tuple[str, ...]] = (
        "kind",
        "label",
        "unit",
        "days",
        "started_on",
        "stopped_on",
        "outcome",
    )

    class Meta:
        verbose_name = _("legal clock")
        verbose_name_plural = _("legal clocks")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id", "kind"], name="one_clock_per_kind"),
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=3650), name="clock_length_range"),
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=F("started_on")),
                name="clock_stops_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="clock_record_idx"),
            models.Index(
                fields=["due_on"], name="clock_running_due_idx", condition=Q(stopped_on__isnull=True)
            ),
            # a list's "overdue" and "due soon" filters: one type's running clocks by due date, their records'
            # ids read from the index alone (bench/README.md, "Case list")
            models.Index(
                fields=["object_type", "due_on", "object_id"],
                name="clock_running_type_due_idx",
                condition=Q(stopped_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def facts(self) -> ClockFacts:
        return ClockFacts(
            started_on=self.started_on,
            days=self.days,
            unit=ClockUnit(self.unit),
            pauses=tuple((p.paused_on, p.resumed_on) for p in self.pauses.all()),
            extensions=tuple(e.days for e in self.extensions.all()),
            stopped_on=self.stopped_on,
            due_soon_days=self.due_soon_days,
        )


class ClockPause(models.Model):
    """A pause: the days after `paused_on` up to and including `resumed_on` are not counted."""

    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="pauses")
    paused_on = models.DateField(_("paused on"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["paused_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | Q(resumed_on__gte=F("paused_on")),
                name="pause_resumes_after",
            ),
            models.UniqueConstraint(
                fields=["clock"], condition=Q(resumed_on__isnull=True), name="one_open_pause_per_clock"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paused_on} – {self.resumed_on or '…'}"


class ClockExtension(models.Model):
    """Gia hạn — an extension decided with a reason, in the clock's unit."""

    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField(_("days"))
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), default=date.today)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1), name="extension_positive")]

    def __str__(self) -> str:
        return f"+{self.days}"


class OpinionMode(models.TextChoices):
    PARALLEL = "parallel", _("All units at once")
    SEQUENTIAL = "sequential", _("One unit after another")


class OpinionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the previous unit")
    OPEN = "open", _("Awaiting the opinion")
    GIVEN = "given", _("Opinion given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OpinionRequest(models.Model):
    """Xin ý kiến — one unit asked for its opinion on a record, with its own time limit. Requests made
    together form a round; in a sequential round each unit is asked when the one before it has answered."""

    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    round = models.PositiveIntegerField(_("round"))
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    mode = models.CharField(_("mode"), max_length=12, choices=OpinionMode.choices)
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit asked"), on_delete=models.PROTECT, related_name="opinion_requests"
    )
    question = models.TextField(_("question"))
    days = models.PositiveSmallIntegerField(_("working days to answer"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=OpinionStatus.choices)
    clock = models.OneToOneField(
        LegalClock,
        verbose_name=_("time limit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("opinion"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "round", "unit"], name="one_request_per_unit_per_round"
            ),
            models.CheckConstraint(
                condition=~Q(status="given") | (Q(answered_by__isnull=False) & ~Q(answer="")),
                name="opinion_given_has_answer",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="opinion_days_positive"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="opinion_record_idx"),
            models.Index(fields=["unit", "status"], name="opinion_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_status_display()}"


class SavedFilter(models.Model):
    """Bộ lọc đã lưu — a person's named set of filters and sort on one case list, kept as the query string."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    list_key = models.CharField(_("list"), max_length=60)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key", "name"], name="one_saved_filter_per_name"),
        ]

    def __str__(self) -> str:
        return self.name
