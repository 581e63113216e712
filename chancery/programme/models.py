"""The office's work programmes (year, quarter, month), their key tasks with progress, the leader's review
of the output and carry-overs; the meetings where leaders give instructions that become tasks; the periodic
reports drafted from the records."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core import access

from . import rules


class Programme(models.Model):
    """Chương trình công tác of the office (or of one unit) for a year, a quarter or a month."""

    kind = models.CharField(_("period"), max_length=8, choices=rules.PERIOD_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("quarter or month"), default=0)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the whole office."),
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number", "unit"], name="programme_once_per_period"
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=models.Q(unit__isnull=True),
                name="office_programme_once_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:programme", args=[self.pk])


class Meeting(models.Model):
    """A meeting of the leadership (the monthly review, a working session of the President with the office)
    whose instructions become tasks, and whose conclusions are drafted as a Thông báo kết luận."""

    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=300)
    chaired_by = models.CharField(_("chaired by"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    conclusions_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("conclusions"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:meeting", args=[self.pk])


class Instruction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="instructions")
    text = models.TextField(_("instruction"))
    given_by = models.CharField(_("given by"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


TASK_STATES = {
    "open": _("Not started"),
    "in_progress": _("In progress"),
    "submitted": _("Output submitted for review"),
    "done": _("Done"),
    "carried_over": _("Carried over"),
    "cancelled": _("Cancelled"),
}


def _can_review(user: Any, task: Any) -> bool:
    """The leader who assigned the task reviews its output; the leadership and the lead unit's heads too."""
    viewer = access.viewer_for(user)
    return bool(
        getattr(user, "pk", None) == task.assigned_by_id
        or viewer.is_leadership
        or task.owning_unit_id in viewer.headed_unit_ids
    )


class KeyTask(Case):
    """Một nhiệm vụ trọng tâm: lead unit (the owning unit), cooperating units, owner, due date, expected
    output, priority; progress; the assigning leader's review; carried over to the next month with its
    reason."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=400)
    source = models.CharField(_("source"), max_length=12, choices=rules.SOURCE_CHOICES, default="programme")
    source_text = models.CharField(_("source reference"), max_length=300, blank=True)
    instruction = models.ForeignKey(
        Instruction,
        verbose_name=_("instruction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    cooperating_units = models.ManyToManyField(
        "core.Unit", verbose_name=_("cooperating units"), blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=rules.PRIORITY_CHOICES, default=2)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    rating = models.CharField(_("quality"), max_length=8, choices=rules.RATING_CHOICES, blank=True)
    review_comment = models.TextField(_("review"), blank=True)
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    carry_reason = models.CharField(_("reason for the carry-over"), max_length=300, blank=True)

    workflow = Workflow(
        states=TASK_STATES,
        initial="open",
        transitions=(
            Transition("start", frozenset({"open"}), "in_progress", _("Start")),
            Transition("submit", frozenset({"open", "in_progress"}), "submitted", _("Submit the output")),
            Transition(
                "accept",
                frozenset({"submitted"}),
                "done",
                _("Accept the output"),
                permission=_can_review,
                required=("rating",),
            ),
            Transition(
                "send_back",
                frozenset({"submitted"}),
                "in_progress",
                _("Send back for rework"),
                permission=_can_review,
                required=("reason",),
            ),
            Transition(
                "carry_over",
                frozenset({"open", "in_progress"}),
                "carried_over",
                _("Carry over to the next month"),
                required=("reason",),
            ),
            Transition(
                "cancel",
                frozenset({"open", "in_progress"}),
                "cancelled",
                _("Cancel"),
                permission=_can_review,
                required=("reason",),
            ),
        ),
    )
    audit_fields: ClassVar[tuple[str, ...]] = ("title", "due_on", "priority", "expected_output", "owner")
    detail_url_name = "programme:task"

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        indexes = [
            models.Index(fields=["due_on", "id"], name="keytask_due_idx"),
            models.Index(fields=["owning_unit", "state", "due_on"], name="keytask_unit_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "in_progress", "submitted")


class ProgressUpdate(models.Model):
    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.percent}%"


class Report(models.Model):
    """A monthly report or yearly summary: the figures taken from the records when it was drafted (kept, so
    the report says what it said), the narrative the leadership edits, and its files."""

    MONTHLY = "monthly"
    YEARLY = "yearly"
    KINDS = [(MONTHLY, "Báo cáo tháng"), (YEARLY, "Báo cáo tổng kết năm")]

    kind = models.CharField(_("kind"), max_length=8, choices=KINDS)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=300)
    figures = models.JSONField(_("figures"), default=dict)
    narrative = models.JSONField(_("narrative"), default=dict)
    # Empty for a draft the schedule made (`chancery report due`, daily), which is marked `scheduled`.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    scheduled = models.BooleanField(_("drafted on schedule"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-starts_on", "-id"]
        constraints = [
            # However many machines run the schedule, a period gets one scheduled draft.
            models.UniqueConstraint(
                fields=["kind", "starts_on"], condition=models.Q(scheduled=True), name="report_scheduled_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:report", args=[self.pk])
