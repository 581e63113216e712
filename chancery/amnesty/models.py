"""Amnesty: each campaign with its decision's terms, the lists the prisons and detention facilities send,
each prisoner's verdict against the law and the terms, the advisory council's opinion, the President's
decision, and the record of who was amnestied (which the next campaigns read)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.appraisal.models import AppraisedBatch, AppraisedRow, appraisal_workflow
from chancery.core.models import Job

from . import rules


class Ministry(models.TextChoices):
    PUBLIC_SECURITY = "bca", _("Ministry of Public Security")
    DEFENCE = "bqp", _("Ministry of National Defence")


class Facility(models.Model):
    """A prison or detention facility that proposes prisoners (trại giam, trại tạm giam)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    ministry = models.CharField(_("managing ministry"), max_length=3, choices=Ministry.choices)
    province = models.CharField(_("province"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Verdict(models.TextChoices):
    PENDING = "pending", _("Not appraised")
    PASS = "pass", _("Meets the conditions")
    REVIEW = "review", _("Needs review")
    FAIL = "fail", _("Does not meet the conditions")


class CouncilOpinion(models.TextChoices):
    NONE = "", _("No opinion yet")
    AGREE = "agree", _("Agrees to propose")
    DISAGREE = "disagree", _("Does not agree")


class Decided(models.TextChoices):
    NONE = "", _("Not decided")
    GRANTED = "granted", _("Amnestied")
    REFUSED = "refused", _("Not amnestied")


CAMPAIGN_STATES = {
    "preparing": _("Preparing"),
    "appraising": _("Being appraised"),
    "appraised": _("Appraised"),
    "submitted": _("Submitted for decision"),
    "decided": _("Decided"),
}


class Campaign(AppraisedBatch):
    """Một đợt đặc xá: the President's decision on the amnesty sets its terms (rules.Terms, kept as `terms`);
    the terms are edited before the appraisal starts and frozen after (`frozen_at`)."""

    basis = models.CharField(
        _("decision on the amnesty"), max_length=200, help_text=_("e.g. Quyết định 266/2025/QĐ-CTN")
    )
    reference_date = models.DateField(_("reference date"))
    terms = models.JSONField(_("terms"), default=dict)
    frozen_at = models.DateTimeField(_("terms frozen at"), null=True, blank=True)

    workflow = appraisal_workflow(CAMPAIGN_STATES, "preparing")
    audit_fields: ClassVar[tuple[str, ...]] = ("title", "basis", "reference_date", "terms")
    detail_url_name = "amnesty:campaign"

    class Meta:
        verbose_name = _("amnesty campaign")
        verbose_name_plural = _("amnesty campaigns")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="amnesty_campaign_number_once")
        ]

    def __str__(self) -> str:
        return f"Đợt đặc xá {self.number}/{self.year}: {self.title}"

    @property
    def rule_terms(self) -> rules.Terms:
        return rules.Terms.from_dict({"reference_date": self.reference_date.isoformat(), **self.terms})


class ProposalList(models.Model):
    """The list one facility sends for a campaign, with its submission and the import that read it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="lists")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="lists")
    submission_reference = models.CharField(_("submission number and symbol"), max_length=80, blank=True)
    received_on = models.DateField(_("received on"))
    import_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("list of prisoners proposed")
        verbose_name_plural = _("lists of prisoners proposed")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "facility"], name="amnesty_list_once_per_facility")
        ]

    def __str__(self) -> str:
        return f"{self.facility} — {self.campaign.code}"


class Prisoner(models.Model):
    """A person in the amnesty records, found again across lists and campaigns by `identity`: the identity
    number when known, else the folded name with the date of birth and the home place."""

    name = models.CharField(_("name"), max_length=200)
    folded_name = models.CharField(max_length=200, editable=False)
    identity = models.CharField(max_length=400, unique=True, editable=False)
    birth = models.DateField(_("date of birth"), null=True, blank=True)
    id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    home = models.CharField(_("place of residence"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("prisoner")
        verbose_name_plural = _("prisoners")
        indexes = [models.Index(fields=["folded_name", "id"], name="prisoner_name_idx")]

    def __str__(self) -> str:
        return self.name


class Proposal(AppraisedRow):
    """One prisoner proposed in a facility's list: the facts of the row, the verdict with every condition's
    finding, a specialist's override with its reason, the council's opinion, and the decision. `outcome`
    (the override if any, else the verdict) is a column so that 100,000-row lists filter on an index."""

    # no index of their own: the constraint and the indexes below lead with them (one index fewer to keep
    # up on each of a campaign's 100,000 rows)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="proposals", db_index=False)
    plist = models.ForeignKey(
        ProposalList, on_delete=models.CASCADE, related_name="proposals", db_index=False
    )
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="proposals", db_index=False)
    kind = models.CharField(_("sentence"), max_length=16, choices=list(rules.KINDS.items()))
    term_months = models.PositiveIntegerField(_("term (months)"))
    articles = models.CharField(_("articles of the Criminal Code"), max_length=200)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    special = models.CharField(_("special cases"), max_length=200, blank=True)
    override = models.CharField(_("override"), max_length=10, choices=Verdict.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    council = models.CharField(
        _("council's opinion"), max_length=10, choices=CouncilOpinion.choices, blank=True, default=""
    )
    council_note = models.TextField(_("council's note"), blank=True)
    council_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided = models.CharField(_("decision"), max_length=10, choices=Decided.choices, blank=True, default="")

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["plist", "prisoner"], name="amnesty_proposal_once_per_list"),
            models.CheckConstraint(
                condition=Q(override="") | ~Q(override_reason=""), name="amnesty_override_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "outcome", "id"], name="amnesty_outcome_idx"),
            models.Index(fields=["plist", "row"], name="amnesty_row_idx"),
            models.Index(fields=["prisoner"], name="amnesty_prisoner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} — {self.campaign.code}"

    @property
    def offence(self) -> str:
        """The offence by its name and article ("Trộm cắp tài sản (Điều 173 BLHS)"), as the annex shows it."""
        from chancery.amnesty import offences

        return offences.label(self.articles)


class AmnestyRecord(models.Model):
    """A person amnestied, by which decision: Luật Đặc xá 2018, Điều 12 khoản 4 (amnestied before: not
    proposed again) reads it."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="amnesties")
    decision_number = models.CharField(_("decision number"), max_length=80)
    decided_on = models.DateField(_("decided on"))
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="amnesty_record"
    )

    class Meta:
        verbose_name = _("amnesty granted")
        verbose_name_plural = _("amnesties granted")
        constraints = [
            models.UniqueConstraint(fields=["prisoner", "decision_number"], name="amnesty_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} — {self.decision_number}"
