"""Honours: batches of nominations from proposing bodies, each nominee's verdict against the law, the
President's decisions, and the honours history of every person and collective (which the criteria read)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.appraisal.models import AppraisedBatch, AppraisedRow, appraisal_workflow
from chancery.core.models import Agency, Job

from . import rules


class SubjectKind(models.TextChoices):
    INDIVIDUAL = rules.INDIVIDUAL, _("Individual")
    COLLECTIVE = rules.COLLECTIVE, _("Collective")


class Ground(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievements over the years")
    EXCEPTIONAL = "exceptional", _("Exceptional achievement")
    CONTRIBUTION = "contribution", _("Long contribution")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Not appraised")
    PASS = "pass", _("Meets the criteria")
    REVIEW = "review", _("Needs review")
    FAIL = "fail", _("Does not meet the criteria")


AWARD_CHOICES = [(a.code, a.name) for a in rules.AWARDS.values()]


class Honoree(models.Model):
    """A person or collective in the honours history. `identity` finds them again across batches and years:
    the identity number when known, else the folded name with birth year and workplace (a collective: its
    folded name and the body it belongs to)."""

    kind = models.CharField(_("kind"), max_length=12, choices=SubjectKind.choices)
    name = models.CharField(_("name"), max_length=300)
    folded_name = models.CharField(max_length=300, editable=False)
    identity = models.CharField(max_length=400, unique=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    organisation = models.CharField(_("workplace or parent body"), max_length=300, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    is_enterprise = models.BooleanField(_("enterprise"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("honoree")
        verbose_name_plural = _("honorees")
        indexes = [models.Index(fields=["folded_name", "id"], name="honoree_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("honours:honoree", args=[self.pk])


BATCH_STATES = {
    "received": _("Received"),
    "appraising": _("Being appraised"),
    "appraised": _("Appraised"),
    "submitted": _("Submitted for decision"),
    "decided": _("Decided"),
}


class HonoursBatch(AppraisedBatch):
    """Đợt đề nghị — the submission of one proposing body (a ministry, a province, a central body, through
    the Government's submission): its document, the list of nominees, the dossier files."""

    proposing_body = models.ForeignKey(
        Agency, verbose_name=_("proposing body"), on_delete=models.PROTECT, related_name="honours_batches"
    )
    submission_reference = models.CharField(_("submission number and symbol"), max_length=80, blank=True)
    proposed_on = models.DateField(_("date of the submission"))
    received_on = models.DateField(_("received on"))
    incoming_document = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("incoming document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The latest import, for the progress bar; its history is in core.Job.
    import_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reply_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("reply to the proposing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    workflow = appraisal_workflow(BATCH_STATES, "received")
    audit_fields: ClassVar[tuple[str, ...]] = (
        "title",
        "proposing_body",
        "submission_reference",
        "proposed_on",
    )
    detail_url_name = "honours:batch"

    class Meta:
        verbose_name = _("honours batch")
        verbose_name_plural = _("honours batches")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="honours_batch_number_once")]
        indexes = [
            models.Index(fields=["received_on", "id"], name="honours_batch_received_idx"),
            models.Index(fields=["owning_unit", "id"], name="honours_batch_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"Đợt {self.number}/{self.year}: {self.title}"


class Nomination(AppraisedRow):
    """One nominee of a batch for one award: the facts the row gave, the verdict and, when a specialist
    overrides it, the override with its reason. `outcome` is what counts (the override if any), kept as a
    column so that the lists of a 20,000-row batch filter on an index."""

    # no index of their own: the constraint and the indexes below lead with them (one index fewer to keep
    # up on each of a list's 100,000 rows)
    batch = models.ForeignKey(
        HonoursBatch, on_delete=models.CASCADE, related_name="nominations", db_index=False
    )
    honoree = models.ForeignKey(Honoree, on_delete=models.PROTECT, related_name="nominations", db_index=False)
    award = models.CharField(_("award"), max_length=20, choices=AWARD_CHOICES)
    subject = models.CharField(_("kind"), max_length=12, choices=SubjectKind.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices, default=Ground.ACHIEVEMENT)
    posthumous = models.BooleanField(_("posthumous"), default=False)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    rule_version = models.CharField(_("rule set"), max_length=40, blank=True)
    override = models.CharField(_("override"), max_length=10, choices=Verdict.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["batch", "honoree", "award"], name="nomination_once_per_batch"),
            models.CheckConstraint(
                condition=Q(override="") | ~Q(override_reason=""), name="nomination_override_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "outcome", "id"], name="nomination_outcome_idx"),
            models.Index(fields=["batch", "row"], name="nomination_row_idx"),
            models.Index(fields=["honoree", "award"], name="nomination_honoree_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.honoree} — {rules.award_name(self.award)}"

    @property
    def award_name(self) -> str:
        return rules.award_name(self.award)


class AwardRecord(models.Model):
    """An award in the honours history of a person or collective: by which decision, when, for the
    achievements of which years (`period_from`–`period_to`, as the decision states them: the next period is
    counted from them, Nghị định 98/2023/NĐ-CP, Điều 30.9); a revoked award stays visible with the decision
    that revoked it (Luật Thi đua, khen thưởng 2022, Điều 94) and counts for nothing in the criteria."""

    honoree = models.ForeignKey(Honoree, on_delete=models.PROTECT, related_name="awards")
    award = models.CharField(_("award"), max_length=20, choices=AWARD_CHOICES)
    decision_number = models.CharField(_("decision number"), max_length=80)
    decided_on = models.DateField(_("decided on"))
    period_from = models.PositiveSmallIntegerField(_("achievements from (year)"), null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(_("achievements to (year)"), null=True, blank=True)
    nomination = models.OneToOneField(
        Nomination, on_delete=models.SET_NULL, null=True, blank=True, related_name="award_record"
    )
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_by = models.CharField(_("revoking decision"), max_length=80, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("honours history")
        constraints = [
            # a decision by its number and its date: the President's decisions are numbered from 01 each
            # year (NĐ 30/2020 Art. 15), so "456/QĐ-CTN" of 2010 and of 2013 are two decisions
            models.UniqueConstraint(
                fields=["honoree", "award", "decision_number", "decided_on"],
                name="award_record_once_per_decision",
            ),
            models.CheckConstraint(
                condition=Q(revoked=False) | ~Q(revoked_by=""), name="award_revoked_has_decision"
            ),
            models.CheckConstraint(
                condition=(Q(period_from__isnull=True) & Q(period_to__isnull=True))
                | (
                    Q(period_from__isnull=False)
                    & Q(period_to__isnull=False)
                    & Q(period_from__lte=F("period_to"))
                ),
                name="award_period_is_a_span",
            ),
        ]
        indexes = [
            models.Index(fields=["honoree", "decided_on"], name="award_record_honoree_idx"),
            models.Index(fields=["decided_on", "award"], name="award_record_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{rules.award_name(self.award)} — {self.decision_number}"

    @property
    def period(self) -> str:
        """The achievement period in words ("2014–2018"), empty when the decision states none."""
        if self.period_from is None or self.period_to is None:
            return ""
        if self.period_from == self.period_to:
            return str(self.period_to)
        return f"{self.period_from}–{self.period_to}"
