"""An amnesty campaign's appraisal (the rows read, the rules applied, the verdicts written), review, the
advisory council's opinion, and the President's decision."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from chancery.amnesty import rules
from chancery.amnesty.models import (
    AmnestyRecord,
    Campaign,
    CouncilOpinion,
    Decided,
    Facility,
    Proposal,
    Verdict,
)
from chancery.amnesty.services.campaigns import can_change_campaign, is_council_member
from chancery.appraisal import parallel
from chancery.appraisal import services as lifecycle
from chancery.appraisal.engine import appraise, sentences
from chancery.appraisal.rows import Dumped, among, copies, update_rows
from chancery.casework import services as casework
from chancery.core import access, audit, bulk
from chancery.core.models import AuditAction
from chancery.core.text import grouped, nfc

# --- appraisal ----------------------------------------------------------------------------------------------

PROPOSED_ONCE = "proposed_once"


def facts_of(proposals: Sequence[Proposal], campaign: Campaign) -> dict[int, dict[str, Any]]:
    """The facts of each proposal: its row, plus the amnesties on file for the person (Điều 12.4) and their
    proposals in other lists of the same campaign, read for the whole chunk in two queries."""
    return _facts([(p.pk, p.prisoner_id, p.facts, p.override) for p in proposals], campaign)


# What the appraisal reads of each proposal, as a row of `Proposal.objects.values_list` (pk first).
_APPRAISED = ("pk", "prisoner_id", "facts", "override")


def _facts(items: Sequence[tuple[Any, ...]], campaign: Campaign) -> dict[int, dict[str, Any]]:
    """`facts_of` for proposals given as rows of `_APPRAISED`."""
    prisoner_ids = {item[1] for item in items}
    amnestied: dict[int, str] = {}
    for prisoner_id, number, decided_on in among(
        AmnestyRecord.objects.all(), "prisoner", prisoner_ids
    ).values_list("prisoner_id", "decision_number", "decided_on"):
        amnestied[prisoner_id] = f"Quyết định {number} ngày {decided_on:%d/%m/%Y}"
    others: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, prisoner_id, facility in among(
        Proposal.objects.filter(campaign=campaign), "prisoner", prisoner_ids
    ).values_list("pk", "prisoner_id", "plist__facility__name"):
        others[prisoner_id].append((pk, facility))
    facts = {}
    for pk, prisoner_id, own, _override in items:
        row = dict(own)
        if prisoner_id in amnestied:
            row["amnestied_before"] = amnestied[prisoner_id]
        row["other_lists"] = [f for other, f in others[prisoner_id] if other != pk]
        facts[pk] = row
    return facts


def judge(rule_set: Any, facts: dict[str, Any]) -> tuple[str, list[dict[str, Any]], str]:
    """One proposal judged by the campaign's rule set (engine.appraise), a person proposed by two
    facilities sent to a person: its verdict, findings and summary as stored."""
    verdict = appraise(rule_set, facts)
    findings = [f.as_dict() for f in verdict.findings]
    outcome = str(verdict.outcome)
    others = facts["other_lists"]
    if others:  # the same person proposed by two facilities: a person looks
        findings.append(
            {
                "code": PROPOSED_ONCE,
                "title": "Đề nghị trùng trong đợt",
                "outcome": Verdict.REVIEW.value,
                "reason": f"Cùng người được đề nghị trong danh sách của {', '.join(others[:3])}.",
                "article": "",
                "facts": {},
            }
        )
        outcome = Verdict.FAIL if outcome == Verdict.FAIL else Verdict.REVIEW
    summary = sentences(f"{f['title']}: {f['reason']}" for f in findings if f["outcome"] != Verdict.PASS)
    return str(outcome), findings, summary[:500]


def appraise_proposals(proposals: Sequence[Proposal], campaign: Campaign, rule_set: Any) -> None:
    """Judge each proposal by the campaign's rule set and store the verdict (an override stays, and stays
    what counts)."""
    facts = facts_of(proposals, campaign)
    for proposal in proposals:
        proposal.verdict, proposal.findings, proposal.summary = judge(rule_set, facts[proposal.pk])
        proposal.outcome = proposal.override or proposal.verdict
    bulk.set_columns(proposals, ["verdict", "findings", "summary", "outcome"])


def _judged(rule_set: Any, dump: bool, facts: dict[str, Any]) -> tuple[Any, ...]:
    """`judge` of one row's facts, its findings dumped to JSON text when `dump` (the appraisal job's pure
    work, run on both cores)."""
    verdict, findings, summary = judge(rule_set, facts)
    return verdict, Dumped(json.dumps(findings)) if dump else findings, summary


def appraise_rows(items: Sequence[tuple[Any, ...]], campaign: Campaign, split: parallel.Split) -> None:
    """`appraise_proposals` for proposals given as rows of `_APPRAISED` (the appraisal job's chunks): the
    same facts, the same rule per row (`judge`, through `split`: on both cores), the verdicts written as
    plain rows."""
    facts = _facts(items, campaign)
    judged = split.map([facts[item[0]] for item in items])
    update_rows(
        Proposal,
        ("verdict", "findings", "summary", "outcome"),
        [
            (item[0], verdict, findings, summary, item[3] or verdict)
            for item, (verdict, findings, summary) in zip(items, judged, strict=True)
        ],
    )


class AmnestyLifecycle(lifecycle.Lifecycle):
    """The amnesty campaign in the lifecycle every appraised list shares (appraisal.services)."""

    batch_model = Campaign
    row_model = Proposal
    batch_field = "campaign"
    person_field = "prisoner"
    appraise_kind = "amnesty_appraise"
    verdict = Verdict
    noun = "đợt đặc xá"
    case_noun = "trường hợp"
    met = "đủ điều kiện"
    not_met = "không đủ điều kiện"
    refused = gettext_lazy("You may not work on this amnesty campaign.")
    refused_review = gettext_lazy("You may not appraise this amnesty campaign.")
    refused_record = gettext_lazy("You may not record the decision of this amnesty campaign.")
    no_list = gettext_lazy("This amnesty campaign has no list yet: import the lists before appraising it.")
    undecided = gettext_lazy(
        "%(count)s cases still need review or are not yet appraised: adjust their outcome before submitting."
    )
    appraisal_label = gettext_lazy("Appraise amnesty campaign %(code)s")

    def row_name(self, row: Any) -> str:
        return f"phạm nhân {row.prisoner.name} (dòng {row.row})"

    def on_appraise(self, actor: Any, batch: Any) -> None:
        """The terms are frozen from the first appraisal on."""
        if batch.frozen_at is None:
            batch.frozen_at = timezone.now()
            Campaign.objects.filter(pk=batch.pk).update(frozen_at=batch.frozen_at)
            audit.record(
                action=AuditAction.UPDATE,
                actor=actor,
                subject=batch,
                message=f"Cố định điều kiện đợt đặc xá {batch.code} khi bắt đầu thẩm định",
            )

    def appraisal_rows(self, batch: Any) -> Any:
        return self.rows(batch).values_list(*_APPRAISED)

    def judge(self, batch: Any) -> Any:
        rule_set = rules.rule_set(batch.rule_terms, code=f"dac-xa-{batch.code}", title=str(batch))
        return partial(_judged, rule_set, copies())

    def appraiser(self, batch: Any, split: parallel.Split) -> Any:
        return lambda chunk: appraise_rows(chunk, batch, split)

    def record(self, batch: Any, document: Any) -> str:
        """Each prisoner's outcome (amnestied or not), and the amnesty into the person's record."""
        granted = list(submission_of(batch).values_list("pk", "prisoner_id"))
        AmnestyRecord.objects.bulk_create(
            [
                AmnestyRecord(
                    prisoner_id=prisoner_id,
                    decision_number=document.number_text,
                    decided_on=document.issued_on,
                    proposal_id=pk,
                )
                for pk, prisoner_id in granted
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        ids = [pk for pk, _prisoner in granted]
        Proposal.objects.filter(pk__in=ids).update(decided=Decided.GRANTED)
        Proposal.objects.filter(campaign=batch).exclude(pk__in=ids).update(decided=Decided.REFUSED)
        return f"đặc xá {len(granted)} người"


LIFECYCLE = AmnestyLifecycle()


def start_appraisal(*, actor: Any, campaign: Campaign) -> Any:
    """Appraise every prisoner of the campaign as a job; the terms are frozen from now on."""
    return LIFECYCLE.start_appraisal(actor=actor, batch=campaign)


def finish_appraisal(*, actor: Any, campaign: Campaign, seconds: float) -> Campaign:
    return LIFECYCLE.finish_appraisal(actor=actor, batch=campaign, seconds=seconds)


def counts_of(campaign: Campaign) -> dict[str, int]:
    return LIFECYCLE.counts_of(campaign)


# --- review and council -------------------------------------------------------------------------------------


def override_verdict(*, actor: Any, proposal: Proposal, outcome: str, reason: str) -> Proposal:
    """A specialist's verdict in place of the engine's (appraisal.services.Lifecycle.override_verdict)."""
    return LIFECYCLE.override_verdict(actor=actor, row=proposal, outcome=outcome, reason=reason)


def may_give_council_opinion(actor: Any, campaign: Campaign) -> bool:
    """Who records the advisory council's opinion: a member of the council, or the amnesty unit that keeps
    the campaign (can_change_campaign); not the Office's leadership as such, who may change the campaign but
    speak for no council (the examiner of issue 26 recorded 386 opinions as the Deputy Head)."""
    return is_council_member(actor, campaign) or can_change_campaign(actor, campaign)


@transaction.atomic
def record_council_opinion(*, actor: Any, proposal: Proposal, opinion: str, note: str = "") -> Proposal:
    """The advisory council's opinion on one prisoner, recorded by a council member or the amnesty unit;
    a disagreement needs its reason."""
    campaign = Campaign.objects.select_for_update().get(pk=proposal.campaign_id)
    if not may_give_council_opinion(actor, campaign):
        raise PermissionDenied(_council_only())
    if campaign.state != "appraised":
        raise ValidationError(_not_appraised(campaign))
    if opinion not in (CouncilOpinion.AGREE, CouncilOpinion.DISAGREE, CouncilOpinion.NONE):
        raise ValidationError({"opinion": gettext("The opinion is not valid.")})
    note = nfc(note).strip()
    if opinion == CouncilOpinion.DISAGREE and len(note) < 10:
        raise ValidationError(
            {"note": gettext("Give the reason the council disagrees (at least 10 characters).")}
        )
    proposal = Proposal.objects.select_for_update().select_related("prisoner").get(pk=proposal.pk)
    before = proposal.council
    proposal.council, proposal.council_note = opinion, note
    proposal.council_by = actor if opinion else None
    proposal.save(update_fields=["council", "council_note", "council_by"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        changes={"council": audit.choice_change(CouncilOpinion, before, opinion)},
        message=(
            f"Ý kiến Hội đồng tư vấn đặc xá về {proposal.prisoner.name}: "
            f"{CouncilOpinion(opinion).label}{'. ' + note if note else ''}"
        ),
    )
    return proposal


def _council_only() -> str:
    return gettext(
        "Only the members of the amnesty advisory council or the unit in charge record the council's opinion."
    )


def _not_appraised(campaign: Campaign) -> str:
    return gettext(
        "The council's opinion is recorded only once the campaign is appraised (it is “%(state)s”)."
    ) % {"state": campaign.state_label}


def awaiting_council(campaign: Campaign, *, facility: int | None = None) -> Any:
    """The prisoners who meet the conditions (or a specialist said so) and have no council opinion yet, in
    one facility's list or in all."""
    rows = Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS, council="")
    return rows.filter(plist__facility_id=facility) if facility else rows


@transaction.atomic
def record_council_agreement(
    *, actor: Any, campaign: Campaign, minutes: str, expected: int, facility: int | None = None
) -> int:
    """The council agrees, at its meeting, with every prisoner who meets the conditions and has no opinion
    yet (in one facility's list, or all): one opinion each, the meeting's minutes as its note, one line in
    the audit trail. An opinion already given is never replaced; a disagreement is given one by one with its
    reason. `expected` is the number the person saw: if it changed since, nothing is recorded. Returns the
    number recorded."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not may_give_council_opinion(actor, campaign):
        raise PermissionDenied(_council_only())
    if campaign.state != "appraised":
        raise ValidationError(_not_appraised(campaign))
    minutes = nfc(minutes).strip()
    if len(minutes) < 10:
        raise ValidationError(
            {
                "minutes": gettext(
                    "Give the grounds of the council's opinion, such as the minutes and the date of its "
                    "meeting (at least 10 characters)."
                )
            }
        )
    rows = awaiting_council(campaign, facility=facility).select_for_update()
    pks = list(rows.values_list("pk", flat=True))
    if len(pks) != expected:
        raise ValidationError(
            gettext(
                "The number of cases awaiting an opinion has changed (%(now)s, not %(expected)s): look at "
                "the list again, then record."
            )
            % {"now": len(pks), "expected": expected}
        )
    if not pks:
        raise ValidationError(gettext("No eligible case is left without the council's opinion."))
    Proposal.objects.filter(pk__in=pks).update(
        council=CouncilOpinion.AGREE, council_note=minutes[:500], council_by=actor
    )
    where = ""
    if facility:
        where = f" của {Facility.objects.get(pk=facility).name}"
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        changes={"council": audit.choice_change(CouncilOpinion, "", CouncilOpinion.AGREE), "count": len(pks)},
        message=(
            f"Ý kiến Hội đồng tư vấn đặc xá: đồng ý {grouped(len(pks))} trường hợp đủ điều kiện{where} "
            f"chưa có ý kiến. Căn cứ: {minutes}"
        ),
    )
    return len(pks)


def submission_of(campaign: Campaign) -> Any:
    """The prisoners to submit: they meet the conditions (or a specialist said so) and the council did not
    disagree; by facility, then the facility's list order."""
    return (
        Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS)
        .exclude(council=CouncilOpinion.DISAGREE)
        .select_related("prisoner", "plist__facility")
        .order_by("plist__facility__name", "row")
    )


def export_submission(*, actor: Any, campaign: Campaign) -> bytes:
    """The lists for submission (XLSX, per facility and in total); an export of prisoners' data is in the
    audit trail."""
    from chancery.amnesty import decision

    if not access.can_view(actor, campaign):
        raise PermissionDenied(gettext("You may not work on this amnesty campaign."))
    proposals = list(submission_of(campaign))
    content = decision.submission_xlsx(proposals)
    audit.record(
        action=AuditAction.EXPORT,
        actor=actor,
        subject=campaign,
        message=f"Xuất danh sách đề nghị đặc xá đợt {campaign.code}: {len(proposals)} người",
    )
    return content


# --- the decision -------------------------------------------------------------------------------------------


@transaction.atomic
def prepare_decision(*, actor: Any, campaign: Campaign, signer: Any) -> Campaign:
    """Trình quyết định: the prisoners to submit (submission_of) become the President's draft decision with
    its annex lists per facility; it goes on in the documents module (approval, signature, a number). Every
    prisoner must have a final outcome and, when the council is consulted, the council's opinion first."""
    from chancery.amnesty import decision
    from chancery.documents import drafting
    from chancery.documents import rules as document_rules
    from chancery.documents import services as documents

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.can_change(actor, campaign):
        raise PermissionDenied(gettext("You may not submit the decision of this batch."))
    LIFECYCLE.check_decidable(campaign)
    waiting = Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS, council="").count()
    if waiting:
        raise ValidationError(
            gettext("%(count)s eligible cases still await the opinion of the amnesty advisory council.")
            % {"count": waiting}
        )
    proposals = list(submission_of(campaign))
    if not proposals:
        raise ValidationError(gettext("No one is eligible to submit."))
    parts = decision.annex(proposals)
    campaign = casework.transition(actor=actor, case=campaign, name="submit")
    from chancery.appraisal import decision as president
    from chancery.documents import selectors as document_selectors

    # the Office's Tờ trình to the President linked to the campaign, cited in the preamble
    presented = document_selectors.office_submission(campaign)
    cited = (presented.number_text, presented.issued_on) if presented is not None else None
    # and the Government's, which submitted the lists (Luật Đặc xá 2018 Art. 21)
    submitted = document_selectors.government_submission(campaign)
    government = (submitted.reference, submitted.issued_on) if submitted is not None else None
    document = documents.draft_from_file(
        actor=actor,
        data=documents.DraftData(
            issuer=document_rules.Issuer.PRESIDENT,
            doc_type="quyet_dinh",
            # its summary naming the round, its whole text and "Nơi nhận" on the draft's page, as in the DOCX
            **president.draft_fields(
                decision.decision_of(campaign, parts, submission=cited, government=government), signer=signer
            ),
            signer=signer,
            signer_title=documents.president_signature(signer, deputy=False),
        ),
        content=decision.decision_docx(
            campaign,
            parts,
            drafting.template_bytes("quyet_dinh"),
            signer=signer,
            submission=cited,
            government=government,
        ),
        name=f"quyet-dinh-dac-xa-{campaign.number}-{campaign.year}.docx",
    )
    Campaign.objects.filter(pk=campaign.pk).update(decision_document=document)
    campaign.decision_document = document
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        message=f"Trình quyết định đặc xá đợt {campaign.code}: {len(proposals)} người, {len(parts)} trại",
    )
    return campaign


def reopen_appraisal(*, actor: Any, campaign: Campaign, reason: str) -> Campaign:
    """Back to the appraisal; the draft decision is withdrawn."""
    return LIFECYCLE.reopen_appraisal(actor=actor, batch=campaign, reason=reason)


def record_decision(*, actor: Any, campaign: Campaign) -> Campaign:
    """After the decision is signed and issued: its number and date on the campaign, each prisoner's
    outcome (amnestied or not), and the amnesty into the person's record (once: again adds nothing)."""
    return LIFECYCLE.record_decision(actor=actor, batch=campaign)
