"""The background work of amnesty: importing a facility's list from Excel, appraising a campaign. Both carry
on after the last committed chunk when retried (a worker killed mid-way loses nothing and writes nothing
twice), and show their progress on the campaign's page."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction

from chancery.appraisal import sheets
from chancery.core.jobs import JobContext, for_each_chunk, job_kind

from . import rules, services
from .models import Campaign, Proposal, ProposalList

CHUNK = 500
MAX_REPORTED = 500


@job_kind("amnesty_import", "Nhập danh sách đề nghị đặc xá", may_start=services.can_work_on_amnesty)
def import_list(ctx: JobContext) -> dict[str, Any]:
    user = ctx.job.started_by
    plist = ProposalList.objects.select_related("campaign", "facility").get(pk=ctx.params["list"])
    if user is None or not services.access.can_change(user, plist.campaign):
        raise PermissionDenied("Không có quyền với đợt đặc xá này.")
    path, mapping = ctx.params["path"], {k: int(v) for k, v in ctx.params["mapping"].items()}
    after = int(ctx.cursor or 1)
    result = dict(ctx.job.result or {})
    problems: list[str] = list(result.get("problems", []))
    stored, skipped = int(result.get("stored", 0)), int(result.get("skipped", 0))
    with default_storage.open(path, "rb") as handle:
        rows = [r for r in sheets.read_rows(handle, mapping) if r[0] > after]
    ctx.set_total(ctx.job.done + len(rows))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        with transaction.atomic():  # the chunk and the checkpoint after it commit together
            done, found = services.store_rows(actor=user, plist=plist, rows=chunk)
            stored += done
            skipped += len(found)
            problems.extend(found[: max(0, MAX_REPORTED - len(problems))])
            ctx.job.result = {"stored": stored, "skipped": skipped, "problems": problems}
            type(ctx.job).objects.filter(pk=ctx.job.pk).update(result=ctx.job.result)
            ctx.checkpoint(str(chunk[-1][0]), done=len(chunk))
    default_storage.delete(path)
    return {"stored": stored, "skipped": skipped, "problems": problems}


@job_kind("amnesty_appraise", "Thẩm định đợt đặc xá", may_start=services.can_work_on_amnesty)
def appraise_campaign(ctx: JobContext) -> dict[str, Any]:
    user = ctx.job.started_by
    campaign = Campaign.objects.get(pk=ctx.params["campaign"])
    if user is None or not services.access.can_change(user, campaign):
        raise PermissionDenied("Không có quyền với đợt đặc xá này.")
    started = time.perf_counter()
    rule_set = rules.rule_set(campaign.rule_terms, code=f"dac-xa-{campaign.code}", title=str(campaign))
    queryset = Proposal.objects.filter(campaign=campaign)
    for_each_chunk(
        queryset, lambda chunk: services.appraise_proposals(chunk, campaign, rule_set), ctx, size=CHUNK
    )
    seconds = float(ctx.job.result.get("seconds", 0)) if ctx.job.result else 0.0
    seconds += time.perf_counter() - started
    campaign = services.finish_appraisal(actor=user, campaign=campaign, seconds=seconds)
    return {"campaign": campaign.pk, "seconds": round(seconds, 2), **services.counts_of(campaign)}
