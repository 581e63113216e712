"""What every list appraised against the law shares, as abstract models: the batch (an honours batch, an
amnesty campaign) with its number, its appraisal and the President's decision, and the row (a nomination, a
proposal) with its facts, verdict, findings and a specialist's override. Each domain's concrete models add
their own fields (the proposing body, the campaign's terms; the award, the sentence) and their verdict's
words (`Verdict`: "meets the criteria" for honours, "meets the conditions" for amnesty)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core.models import Job


def appraisal_workflow(states: dict[str, Any], initial: str) -> Workflow:
    """The one lifecycle of an appraised batch: from `initial` (received, preparing) to the appraisal job,
    appraised (overrides, opinions), submitted for decision, back to appraised when reopened, decided."""
    return Workflow(
        states=states,
        initial=initial,
        transitions=(
            Transition("appraise", frozenset({initial, "appraised"}), "appraising", _("Appraise")),
            Transition("appraised", frozenset({"appraising"}), "appraised", _("Appraisal finished")),
            Transition("submit", frozenset({"appraised"}), "submitted", _("Submit for decision")),
            Transition("reopen", frozenset({"submitted"}), "appraised", _("Reopen the appraisal")),
            Transition("decide", frozenset({"submitted"}), "decided", _("Record the decision")),
        ),
    )


class AppraisedBatch(Case):
    """A batch numbered in its year's register, appraised by a job, decided by the President."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The latest appraisal, for the progress bar; the history of jobs is in core.Job.
    appraisal_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    appraisal_seconds = models.FloatField(_("appraisal time (s)"), null=True, blank=True)
    decision_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    detail_url_name: str

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def code(self) -> str:
        return f"{self.number}/{self.year}"


class AppraisedRow(models.Model):
    """One row of a list: where it stands in the list, the facts it gave, the findings of the appraisal and
    a specialist's reason when they override it. The concrete model declares `verdict`, `override` and
    `outcome` (the override if any, else the verdict: a column, so that large lists filter on an index)
    with its domain's words."""

    row = models.PositiveIntegerField(_("row"))
    facts = models.JSONField(_("facts"), default=dict)
    findings = models.JSONField(_("findings"), default=list)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(_("reasons"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def reasons(self) -> str:
        """The reasons a list shows beside the outcome: the specialist's when they decided the row (the
        engine's reasons argue for the verdict they set aside), else the engine's."""
        return self.override_reason if self.override_reason else self.summary
