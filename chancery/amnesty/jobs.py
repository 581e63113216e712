"""The background work of amnesty: importing a facility's list from Excel, appraising a campaign. Both carry
on after the last committed chunk when retried (a worker killed mid-way loses nothing and writes nothing
twice), and show their progress on the campaign's page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy

from chancery.appraisal import importing
from chancery.core import access
from chancery.core.jobs import JobContext, Param, column_mapping, job_kind, record_id

from . import services
from .models import ProposalList

CHUNK = 5000
MAX_REPORTED = 500


@job_kind(
    "amnesty_import",
    gettext_lazy("Import an amnesty proposal list"),
    may_start=services.can_work_on_amnesty,
    refusal=services.refusal,
    params={"list": Param(record_id), "mapping": Param(column_mapping), **importing.CONFIRMATION},
    upload="xlsx",
    generic=False,
)
def import_list(ctx: JobContext) -> dict[str, Any]:
    user = ctx.job.started_by
    plist = ProposalList.objects.select_related("campaign", "facility").get(pk=ctx.params["list"])
    if user is None or not access.can_change(user, plist.campaign):
        raise PermissionDenied(gettext("You may not work on this amnesty campaign."))
    return importing.run_import(
        ctx,
        services.PrisonerList(actor=user, plist=plist),
        chunk=CHUNK,
        max_reported=MAX_REPORTED,
    )


@job_kind(
    "amnesty_appraise",
    gettext_lazy("Appraise an amnesty campaign"),
    may_start=services.can_work_on_amnesty,
    refusal=services.refusal,
    params={"campaign": Param(record_id)},
    generic=False,
)
def appraise_campaign(ctx: JobContext) -> dict[str, Any]:
    return services.LIFECYCLE.run_appraisal(ctx, chunk=CHUNK)
