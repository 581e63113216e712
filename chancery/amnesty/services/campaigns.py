"""Amnesty campaigns: who works on them, the campaign and its terms (set by the head of unit, audited,
frozen)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from chancery.amnesty import rules
from chancery.amnesty.models import (
    Campaign,
)
from chancery.core import access, audit, dates
from chancery.core.models import AssignmentKind, AuditAction, User
from chancery.core.services import take_number
from chancery.core.text import nfc

CAMPAIGN_REGISTER = "dac-xa"


def can_work_on_amnesty(user: Any) -> bool:
    """Only the staff of the units that handle amnesty dossiers (CHANCERY_AMNESTY_UNITS, with the units under
    them) open a campaign, import its lists and start its jobs; others read what the policy shows them."""
    return access.works_in(user, settings.CHANCERY_AMNESTY_UNITS)


def refusal() -> str:
    """What a person outside those units is told, on the page, in the API and when a job is refused: whose
    work it is."""
    return gettext(
        "Only the staff of %(units)s work on amnesty campaigns: open them, import their lists, appraise them "
        "and draft the decision."
    ) % {"units": access.unit_names(settings.CHANCERY_AMNESTY_UNITS)}


def can_change_campaign(user: Any, campaign: Campaign) -> bool:
    """Whether the person may change this campaign (import, appraise, draft the decision): the access policy
    lets them change it and it is their unit's work. A council member from another unit gives opinions only;
    the page offers them no other button (the examiner of issue 26 found them offered, then refused)."""
    return access.can_change(user, campaign) and can_work_on_amnesty(user)


# the states in which a campaign takes facilities' lists (opened, imported again)
TAKING_LISTS = ("preparing", "appraised")


def can_take_lists(user: Any, campaign: Campaign) -> bool:
    """Whether the person may open or import a facility's list now: the campaign's unit, while the campaign
    takes lists (what the pages offer and what `lists._check_preparing` enforces)."""
    return campaign.state in TAKING_LISTS and can_change_campaign(user, campaign)


def is_council_member(user: Any, campaign: Campaign) -> bool:
    """A member of the advisory council: assigned to the campaign as cooperating (Hội đồng tư vấn đặc xá)."""
    from chancery.amnesty import selectors

    return selectors.council_assignments(campaign).filter(user_id=getattr(user, "pk", None) or 0).exists()


# --- the campaign and its terms -----------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *, actor: Any, title: str, basis: str, reference_date: date, terms: rules.Terms | None = None
) -> Campaign:
    """Open a campaign for an amnesty decision, numbered in the year's register, owned by the actor's unit
    (the amnesty unit): its prisoners' data are seen by that unit, the Office's leadership and the council
    members it assigns, no one else."""
    if not can_work_on_amnesty(actor):
        raise PermissionDenied(refusal())
    terms = dataclasses.replace(
        terms or rules.Terms(reference_date=reference_date), reference_date=reference_date
    )
    _check_terms(terms)
    number, _text = take_number(code=CAMPAIGN_REGISTER, on=timezone.localdate(), name="Sổ đợt đặc xá")
    campaign = Campaign(
        owning_unit=access.unit_of(actor),
        year=timezone.localdate().year,
        number=number,
        title=nfc(title).strip(),
        basis=nfc(basis).strip(),
        reference_date=reference_date,
        terms=_stored(terms),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    campaign.full_clean(exclude=["owning_unit", "created_by", "appraisal_job", "decision_document"])
    campaign.save()
    audit.record(
        action=AuditAction.CREATE,
        actor=actor,
        subject=campaign,
        message=f"Mở đợt đặc xá {campaign.code}: {rules.describe(terms)}"[:300],
    )
    return campaign


def _stored(terms: rules.Terms) -> dict[str, Any]:
    data = terms.as_dict()
    data.pop("reference_date")  # a column of its own
    return data


def _check_terms(terms: rules.Terms) -> None:
    errors: dict[str, str] = {}
    problem = dates.date_problem(
        terms.reference_date, label=gettext("Reference date"), today=timezone.localdate()
    )
    if problem:
        errors["reference_date"] = problem
    if not terms.kinds:
        errors["kinds"] = gettext("Choose at least one group to consider.")
    if not 0 < terms.fraction <= 1 or not 0 < terms.special_fraction <= 1:
        errors["fraction"] = gettext("The part of the term served must be more than 0 and at most 1.")
    if terms.special_fraction > terms.fraction:
        errors["special_fraction"] = gettext(
            "A special case cannot have to serve more than the ordinary case."
        )
    if terms.special_life_years > terms.life_years:
        errors["special_life_years"] = gettext(
            "A special case cannot have to serve more years than the ordinary case."
        )
    if terms.special_amnesty and len(terms.special_reason.strip()) < 10:
        errors["special_reason"] = gettext("Amnesty in a special case: give the reason (Article 22).")
    unknown = [c for c in terms.special_cases if c not in rules.SPECIAL_CASES]
    if unknown:
        errors["special_cases"] = gettext("Special cases not in the list: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    if not terms.special_amnesty and any(k in rules.SPECIAL_ONLY_KINDS for k in terms.kinds):
        errors["kinds"] = gettext(
            "People whose sentence is postponed and people serving a life sentence not commuted are "
            "amnestied only in a special case (Article 22)."
        )
    if terms.reductions not in rules.REDUCTION_RULES:
        errors["reductions"] = gettext("Choose how the reductions of the sentence are counted.")
    limits = [b.up_to_months for b in terms.quarter_bands]
    if (
        any(not 1 <= b.quarters <= 40 for b in terms.quarter_bands)
        or any(m is not None and not 1 <= m <= 600 for m in limits)
        or len(set(limits)) != len(limits)
        or not 0 <= terms.life_quarters <= 40
    ):
        errors["quarter_bands"] = gettext(
            "Quarters by sentence: one line per sentence, sentences from 1 to 600 months, quarters from 1 "
            "to 40."
        )
    if errors:
        raise ValidationError(errors)


def can_edit_terms(user: Any, campaign: Campaign) -> bool:
    """The terms are the campaign administrator's: the head of the owning unit's line or the leadership."""
    return not terms_refusal(user, campaign)


def terms_refusal(user: Any, campaign: Campaign) -> str:
    """Why this person may not change the campaign's terms now, in words, or "" (the page says which)."""
    if campaign.frozen_at is not None:
        return gettext(
            "The campaign's terms have been fixed since %(since)s, when the appraisal started: they cannot "
            "be changed."
        ) % {"since": f"{timezone.localtime(campaign.frozen_at):%d/%m/%Y %H:%M}"}
    if not access.can_assign(user, campaign):
        return gettext(
            "Only the head of the unit or the Office's leadership change an amnesty campaign's terms."
        )
    return ""


@transaction.atomic
def update_terms(*, actor: Any, campaign: Campaign, terms: rules.Terms) -> Campaign:
    """Change the terms before the appraisal starts; after it they are frozen. Every change is in the audit
    trail with the terms before and after."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if refusal := terms_refusal(actor, campaign):
        raise (ValidationError if campaign.frozen_at is not None else PermissionDenied)(refusal)
    _check_terms(terms)
    before = campaign.rule_terms
    campaign.reference_date = terms.reference_date
    campaign.terms = _stored(terms)
    campaign.save(update_fields=["reference_date", "terms"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        changes={"terms": {"before": before.as_dict(), "after": terms.as_dict()}},
        message=f"Sửa điều kiện đợt đặc xá {campaign.code}: {rules.describe(terms)}"[:300],
    )
    return campaign


@transaction.atomic
def add_council_member(*, actor: Any, campaign: Campaign, user: User) -> None:
    """Give a member of the advisory council sight of the campaign (its prisoners' data) and a voice."""
    from chancery.core.services import assign_record

    if is_council_member(user, campaign):
        raise ValidationError(
            gettext("%(person)s is already a member of the campaign's amnesty advisory council.")
            % {"person": user}
        )
    assign_record(
        actor=actor,
        record=campaign,
        user=user,
        kind=AssignmentKind.COOPERATE,
        note=gettext("Member of the amnesty advisory council"),
    )
