"""Read queries of amnesty for the pages and the API, filtered by the access policy: a campaign, and every
prisoner's data in it, is seen by its owning unit (the amnesty unit), the Office's leadership and the council
members assigned to it (chancery.core.access); lists by keyset."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from chancery.core import access
from chancery.core.text import fold

from .models import Campaign, Facility, Proposal, ProposalList, Verdict

PAGE = 100


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    return access.visible_records(user, Campaign.objects.all())


def get_campaign(user: Any, pk: int) -> Campaign | None:
    return visible_campaigns(user).select_related("appraisal_job", "decision_document").filter(pk=pk).first()


def campaigns_with_counts(user: Any) -> QuerySet[Campaign]:
    return (
        visible_campaigns(user)
        .annotate(
            total=Count("proposals"),
            passing=Count("proposals", filter=Q(proposals__outcome=Verdict.PASS)),
            reviewing=Count("proposals", filter=Q(proposals__outcome=Verdict.REVIEW)),
            failing=Count("proposals", filter=Q(proposals__outcome=Verdict.FAIL)),
        )
        .order_by("-reference_date", "-id")
    )


def lists_of(campaign: Campaign) -> list[ProposalList]:
    return list(
        ProposalList.objects.filter(campaign=campaign)
        .select_related("facility", "import_job")
        .annotate(total=Count("proposals"))
        .order_by("facility__name")
    )


def get_list(user: Any, pk: int) -> ProposalList | None:
    plist = ProposalList.objects.select_related("campaign", "facility", "import_job").filter(pk=pk).first()
    if plist is None or not access.can_view(user, plist.campaign):
        return None
    return plist


def proposals_page(
    campaign: Campaign,
    *,
    outcome: str = "",
    facility: int | None = None,
    council: str | None = None,
    after: int = 0,
    name: str = "",
) -> list[Proposal]:
    """One page of a campaign's proposals by id from `after` on (keyset: no OFFSET, no COUNT); with `name`,
    those whose name holds it, diacritics folded (đ as d)."""
    rows = Proposal.objects.filter(campaign=campaign, id__gt=after)
    if folded := fold(name).strip():
        rows = rows.filter(prisoner__folded_name__contains=folded)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if facility:
        rows = rows.filter(plist__facility_id=facility)
    if council is not None:
        rows = rows.filter(council=council)
    return list(rows.select_related("prisoner", "plist__facility").order_by("id")[: PAGE + 1])


def get_proposal(user: Any, pk: int) -> Proposal | None:
    proposal = (
        Proposal.objects.select_related(
            "campaign", "prisoner", "plist__facility", "overridden_by", "council_by"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not access.can_view(user, proposal.campaign):
        return None
    return proposal


def facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(is_active=True).order_by("name")


def dossier_of(plist: ProposalList) -> list[Any]:
    from chancery.core import audit
    from chancery.core.models import Attachment

    return list(Attachment.objects.filter(object_type=audit.object_type_of(ProposalList), object_id=plist.pk))


def council_assignments(campaign: Campaign) -> QuerySet[Any]:
    """The active assignments that make people members of the campaign's advisory council."""
    from chancery.core import audit
    from chancery.core.models import Assignment, AssignmentKind

    return Assignment.objects.filter(
        object_type=audit.object_type_of(campaign),
        object_id=campaign.pk,
        kind=AssignmentKind.COOPERATE,
        is_active=True,
        user__isnull=False,
    )


def council_members(campaign: Campaign) -> list[Any]:
    from chancery.core.models import User

    ids = list(council_assignments(campaign).values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids).order_by("full_name"))


def history_of_proposal(proposal: Proposal) -> list[dict[str, Any]]:
    """What re-imported lists changed in a proposal (each replaced value, old and new), newest first: the
    audit events of its campaign that name it."""
    from chancery.core.audit import object_type_of
    from chancery.core.models import AuditEvent

    events = AuditEvent.objects.filter(
        object_type=object_type_of(Campaign),
        object_id=proposal.campaign_id,
        changes__proposal=proposal.pk,
    ).order_by("-at", "-pk")[:50]
    return [
        {
            "at": event.at,
            "actor_name": event.actor_name,
            "message": event.message,
            "rows": [row for row in event.change_rows if row["field"] != "proposal"],
        }
        for event in events
    ]
