"""An honours batch's appraisal (the rows read, the rule book applied, the verdicts written), the award
history, and the President's decision with its annex."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from chancery.appraisal import parallel
from chancery.appraisal import services as lifecycle
from chancery.appraisal.rows import Dumped, among, copies, update_rows
from chancery.casework import services as casework
from chancery.core import access, audit, bulk
from chancery.core.models import AuditAction
from chancery.core.text import nfc
from chancery.honours import rules
from chancery.honours.models import AwardRecord, Honoree, HonoursBatch, Nomination, Verdict
from chancery.honours.services.batches import can_work_on_honours

# Audit messages read in Vietnamese, the language of the Office's records.


# --- appraisal ----------------------------------------------------------------------------------------------


def facts_of(nominations: Sequence[Nomination], *, proposed_on: date, year: int) -> dict[int, dict[str, Any]]:
    """The facts of each nomination for the criteria: its row, plus the honours history of its person or
    collective and their other nominations of the year, read for the whole chunk in two queries."""
    return _facts(
        [
            (
                n.pk,
                n.honoree_id,
                n.honoree.nationality,
                n.honoree.is_enterprise,
                n.award,
                n.subject,
                n.ground,
                n.posthumous,
                n.facts,
                n.override,
            )
            for n in nominations
        ],
        proposed_on=proposed_on,
        year=year,
    )


# What the appraisal reads of each nomination, as a row of `Nomination.objects.values_list` (pk first).
_APPRAISED = (
    "pk",
    "honoree_id",
    "honoree__nationality",
    "honoree__is_enterprise",
    "award",
    "subject",
    "ground",
    "posthumous",
    "facts",
    "override",
)


def _facts(items: Sequence[tuple[Any, ...]], *, proposed_on: date, year: int) -> dict[int, dict[str, Any]]:
    """`facts_of` for nominations given as rows of `_APPRAISED`."""
    honoree_ids = {item[1] for item in items}
    held: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in among(AwardRecord.objects.all(), "honoree", honoree_ids).values(
        "honoree_id",
        "award",
        "decision_number",
        "decided_on",
        "revoked",
        "revoked_by",
        "period_from",
        "period_to",
    ):
        row: dict[str, Any] = dict(record)
        held[row.pop("honoree_id")].append(row)
    others: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, honoree_id, award, number, batch_year in among(
        Nomination.objects.filter(batch__year=year), "honoree", honoree_ids
    ).values_list("pk", "honoree_id", "award", "batch__number", "batch__year"):
        others[honoree_id].append((pk, award, f"{number}/{batch_year}"))
    facts = {}
    for pk, honoree_id, nationality, is_enterprise, _award, subject, ground, posthumous, own, _o in items:
        facts[pk] = {
            **own,
            "subject": subject,
            "ground": ground,
            "posthumous": posthumous,
            "proposed_on": proposed_on,
            "nationality": nationality,
            "is_enterprise": is_enterprise,
            "held": held.get(honoree_id, []),
            "other_proposals": [
                {"award": award, "batch": batch} for other, award, batch in others[honoree_id] if other != pk
            ],
        }
    return facts


def judge(
    award: str, subject: str, proposed_on: date, facts: dict[str, Any]
) -> tuple[str, list[Any], str, str]:
    """One nomination judged by the rule set in force on the batch's date (rules.RULE_BOOK): its verdict,
    findings, rule set and summary as stored."""
    verdict = rules.RULE_BOOK.appraise(rules.rule_set_code(award, subject), proposed_on, facts)
    return (
        str(verdict.outcome),
        [f.as_dict() for f in verdict.findings],
        f"{verdict.rule_set}@{verdict.version}" if verdict.version else "",
        verdict.summary[:500],
    )


def _judged(proposed_on: date, dump: bool, work: tuple[str, str, dict[str, Any]]) -> tuple[Any, ...]:
    """`judge` of one row (award, subject, facts), its findings dumped to JSON text when `dump` (the
    appraisal job's pure work, run on both cores)."""
    verdict, findings, version, summary = judge(*work[:2], proposed_on, work[2])
    return verdict, Dumped(json.dumps(findings)) if dump else findings, version, summary


def appraise_nominations(nominations: Sequence[Nomination], batch: HonoursBatch) -> None:
    """Judge each nomination by the rule set in force on the batch's date and store the verdict (an override
    stays, and stays what counts)."""
    facts = facts_of(nominations, proposed_on=batch.proposed_on, year=batch.year)
    for nomination in nominations:
        verdict, findings, version, summary = judge(
            nomination.award, nomination.subject, batch.proposed_on, facts[nomination.pk]
        )
        nomination.verdict, nomination.findings = verdict, findings
        nomination.rule_version, nomination.summary = version, summary
        nomination.outcome = nomination.override or nomination.verdict
    bulk.set_columns(nominations, ["verdict", "findings", "rule_version", "summary", "outcome"])


def appraise_rows(items: Sequence[tuple[Any, ...]], batch: HonoursBatch, split: parallel.Split) -> None:
    """`appraise_nominations` for nominations given as rows of `_APPRAISED` (the appraisal job's chunks):
    the same facts, the same rule per row (`judge`, through `split`: on both cores), the verdicts written as
    plain rows."""
    facts = _facts(items, proposed_on=batch.proposed_on, year=batch.year)
    judged = split.map([(item[4], item[5], facts[item[0]]) for item in items])
    update_rows(
        Nomination,
        ("verdict", "findings", "rule_version", "summary", "outcome"),
        [
            (item[0], verdict, findings, version, summary, item[9] or verdict)
            for item, (verdict, findings, version, summary) in zip(items, judged, strict=True)
        ],
    )


class HonoursLifecycle(lifecycle.Lifecycle):
    """The honours batch in the lifecycle every appraised list shares (appraisal.services)."""

    batch_model = HonoursBatch
    row_model = Nomination
    batch_field = "batch"
    person_field = "honoree"
    appraise_kind = "honours_appraise"
    verdict = Verdict
    noun = "đợt đề nghị"
    case_noun = "đề nghị"
    met = "đạt"
    not_met = "không đạt"
    refused = gettext_lazy("You may not work on this honours batch.")
    refused_review = gettext_lazy("You may not appraise this honours batch.")
    refused_record = gettext_lazy("You may not record the decision of this honours batch.")
    no_list = gettext_lazy("This honours batch has no list yet: import the list before appraising it.")
    undecided = gettext_lazy(
        "%(count)s nominations still need review or are not yet appraised: adjust their outcome before "
        "submitting."
    )
    appraisal_label = gettext_lazy("Appraise honours batch %(code)s")
    document_fields = ("decision_document", "reply_document")

    def appraisal_rows(self, batch: Any) -> Any:
        return self.rows(batch).values_list(*_APPRAISED)

    def judge(self, batch: Any) -> Any:
        return partial(_judged, batch.proposed_on, copies())

    def appraiser(self, batch: Any, split: parallel.Split) -> Any:
        return lambda chunk: appraise_rows(chunk, batch, split)

    def record(self, batch: Any, document: Any) -> str:
        """Each award into the honours history of its person or collective, with the years it counted."""
        passing = Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).values_list(
            "pk", "honoree_id", "award", "findings"
        )
        AwardRecord.objects.bulk_create(
            [
                AwardRecord(
                    honoree_id=honoree_id,
                    award=award,
                    decision_number=document.number_text,
                    decided_on=document.issued_on,
                    nomination_id=pk,
                    **_period_counted(findings, document.issued_on),
                )
                for pk, honoree_id, award, findings in passing
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        return f"{len(passing)} khen thưởng vào lịch sử khen thưởng"


LIFECYCLE = HonoursLifecycle()


def start_appraisal(*, actor: Any, batch: HonoursBatch) -> Any:
    return LIFECYCLE.start_appraisal(actor=actor, batch=batch)


def finish_appraisal(*, actor: Any, batch: HonoursBatch, seconds: float) -> HonoursBatch:
    return LIFECYCLE.finish_appraisal(actor=actor, batch=batch, seconds=seconds)


def counts_of(batch: HonoursBatch) -> dict[str, int]:
    return LIFECYCLE.counts_of(batch)


def override_verdict(*, actor: Any, nomination: Nomination, outcome: str, reason: str) -> Nomination:
    """A specialist's verdict in place of the engine's (appraisal.services.Lifecycle.override_verdict)."""
    return LIFECYCLE.override_verdict(actor=actor, row=nomination, outcome=outcome, reason=reason)


def reopen_appraisal(*, actor: Any, batch: HonoursBatch, reason: str) -> HonoursBatch:
    """Back to the appraisal; the draft decision and reply are withdrawn."""
    return LIFECYCLE.reopen_appraisal(actor=actor, batch=batch, reason=reason)


def record_decision(*, actor: Any, batch: HonoursBatch) -> HonoursBatch:
    """After the decision is signed and issued: its number and date on the batch, and each award into the
    honours history of its person or collective (once: recording again adds nothing)."""
    return LIFECYCLE.record_decision(actor=actor, batch=batch)


def start_certificates(*, actor: Any, batch: HonoursBatch) -> Any:
    """Print the certificates of a decided batch's awards, one PDF, as a job."""
    from chancery.core import jobs

    if not access.can_change(actor, batch):
        raise PermissionDenied(gettext("You may not work on this honours batch."))
    if batch.state != "decided":
        raise ValidationError(gettext("The batch has no decision yet: nothing can be printed."))
    return jobs.start_job(
        actor=actor,
        kind="honours_certificates",
        params={"batch": batch.pk},
        label=gettext("Certificates of batch %(code)s") % {"code": batch.code},
    )


@transaction.atomic
def settle_reviews(*, actor: Any, batch: HonoursBatch, award: str, outcome: str, reason: str) -> int:
    """Settle at once every nominee of the batch still to review (of one award, or all when `award` is
    empty) with one outcome and one reason, as the specialist does after checking the same evidence for all
    of them (a ministry's certificate of the years of service, say); each nominee keeps its own line in the
    audit trail. Returns how many were settled."""
    batch = HonoursBatch.objects.select_for_update().get(pk=batch.pk)
    LIFECYCLE.check_reviewing(actor, batch)
    reason = nfc(reason).strip()
    if outcome not in (Verdict.PASS, Verdict.FAIL):
        raise ValidationError(
            {"outcome": gettext("Choose “Meets the criteria” or “Does not meet the criteria”.")}
        )
    if len(reason) < 10:
        raise ValidationError(
            {"reason": gettext("Give the reason for the adjustment (at least 10 characters).")}
        )
    targets = Nomination.objects.filter(batch=batch, outcome=Verdict.REVIEW)
    if award:
        targets = targets.filter(award=award)
    settled = list(targets.order_by("row").values_list("pk", "row", "honoree__name"))
    if not settled:
        raise ValidationError(gettext("No nomination in the chosen scope is left to review."))
    Nomination.objects.filter(pk__in=[pk for pk, _row, _name in settled]).update(
        override=outcome, override_reason=reason, overridden_by=actor, outcome=outcome
    )
    label = Verdict(outcome).label
    audit.record_many(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=batch,
        entries=[
            (
                {"outcome": [Verdict.REVIEW.value, outcome]},
                f"Điều chỉnh kết quả thẩm định dòng {row} ({name}): {Verdict.REVIEW.label} → {label}. "
                f"Lý do: {reason}",
            )
            for _pk, row, name in settled
        ],
    )
    return len(settled)


# --- history ------------------------------------------------------------------------------------------------


@transaction.atomic
def record_award(
    *,
    actor: Any,
    honoree: Honoree,
    award: str,
    decision_number: str,
    decided_on: date,
    nomination: Nomination | None = None,
    period: tuple[int, int] | None = None,
) -> AwardRecord:
    """An award entered in the honours history (from a decision, or a past award brought in from the
    records), once per decision, with the achievement period the decision states (`period`, first and last
    year: the next period counts from it, Nghị định 98/2023/NĐ-CP, Điều 30.9)."""
    if award not in rules.AWARDS:
        raise ValidationError({"award": gettext("The award is not in the list of awards.")})
    if period is not None and not 1945 <= period[0] <= period[1] <= decided_on.year:
        raise ValidationError(
            {
                "period": gettext(
                    "The achievement period must be a span of years ending no later than the year of the "
                    "decision."
                )
            }
        )
    record, created = AwardRecord.objects.get_or_create(
        honoree=honoree,
        award=award,
        decision_number=nfc(decision_number).strip(),
        defaults={
            "decided_on": decided_on,
            "nomination": nomination,
            "period_from": period[0] if period else None,
            "period_to": period[1] if period else None,
        },
    )
    if created:
        audit.record(
            action=AuditAction.CREATE,
            actor=actor,
            subject=None,
            message=f"Ghi lịch sử khen thưởng: {honoree.name} — {rules.award_name(award)}, {decision_number}",
        )
    return record


@transaction.atomic
def revoke_award(*, actor: Any, record: AwardRecord, decision_number: str, revoked_on: date) -> AwardRecord:
    """Luật Thi đua, khen thưởng 2022, Điều 94: the award stays in the history as revoked, with the
    revoking decision; the criteria no longer count it."""
    if not can_work_on_honours(actor):
        raise PermissionDenied(gettext("You may not change the honours history."))
    if not decision_number.strip():
        raise ValidationError({"decision_number": gettext("Give the number of the revoking decision.")})
    record.revoked, record.revoked_by, record.revoked_on = True, nfc(decision_number).strip(), revoked_on
    record.save(update_fields=["revoked", "revoked_by", "revoked_on"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=None,
        message=f"Hủy bỏ khen thưởng {record} của {record.honoree.name} theo {decision_number}",
    )
    return record


# --- the decision ------------------------------------------------------------------------------------------


def _draft(actor: Any, *, content: bytes, name: str, **data: Any) -> Any:
    from chancery.documents import services as documents

    return documents.draft_from_file(
        actor=actor, data=documents.DraftData(**data), content=content, name=name
    )


@transaction.atomic
def prepare_decision(
    *, actor: Any, batch: HonoursBatch, signer: Any = None, reply_signer: Any = None
) -> HonoursBatch:
    """Trình quyết định: the nominees who meet the criteria become the President's draft decision with its
    annex, those who do not the Office's draft reply to the proposing body with the reasons; both go on in
    the documents module (approval, signature, a number from the outgoing register). Every nominee must have
    a final outcome first: one still to review stops it."""
    from chancery.documents import drafting
    from chancery.documents import rules as document_rules
    from chancery.documents import services as documents
    from chancery.honours import decision

    batch = HonoursBatch.objects.select_for_update().get(pk=batch.pk)
    if not access.can_change(actor, batch):
        raise PermissionDenied(gettext("You may not submit the decision of this batch."))
    LIFECYCLE.check_decidable(batch)
    passing = list(
        Nomination.objects.filter(batch=batch, outcome=Verdict.PASS).select_related("honoree").order_by("row")
    )
    refused = list(
        Nomination.objects.filter(batch=batch, outcome=Verdict.FAIL).select_related("honoree").order_by("row")
    )
    batch = casework.transition(actor=actor, case=batch, name="submit")
    if passing:
        from chancery.appraisal import decision as president
        from chancery.documents import selectors as document_selectors

        groups = decision.annex(passing)
        signer_title = documents.president_signature(signer, deputy=True)
        # the Office's Tờ trình to the President, linked to the batch or to the submission it presents
        presented = document_selectors.office_submission(batch, batch.incoming_document)
        cited = (presented.number_text, presented.issued_on) if presented is not None else None
        decided = decision.decision_of(batch, groups, submission=cited)
        content = decision.decision_docx(
            batch, groups, drafting.template_bytes("quyet_dinh"), signer=signer, submission=cited
        )
        batch.decision_document = _draft(
            actor,
            issuer=document_rules.Issuer.PRESIDENT,
            doc_type="quyet_dinh",
            # its summary naming the batch, its whole text and "Nơi nhận" on the draft's page, as in the DOCX
            **president.draft_fields(decided, signer=signer),
            addressee="",
            content=content,
            name=f"quyet-dinh-dot-{batch.number}-{batch.year}.docx",
            signer=signer,
            signer_title=signer_title,
        )
    if refused:
        values = decision.reply_values(batch, refused)
        from chancery.documents import layout

        who = reply_signer  # the Office's letter: one of its leaders signs, never the President
        if who is not None and document_rules.signs_for_president(who.position):
            raise ValidationError(
                {"reply_signer": gettext("The Office's reply is signed by one of the Office's leaders.")}
            )
        values["signer_title"] = (
            document_rules.office_signature_block(who.position) if who else document_rules.HEAD_TITLE
        )
        values["signer_name"] = who.full_name if who else ""  # printed under the signature (Phụ lục I)

        batch.reply_document = _draft(
            actor,
            issuer=document_rules.Issuer.OFFICE,
            doc_type="cong_van",
            summary="kết quả thẩm định hồ sơ đề nghị khen thưởng",  # after "V/v", in lower case
            addressee=batch.proposing_body.name,
            # its text and "Nơi nhận" on the draft's page, as in the DOCX (the examiner of issue 26 found the
            # record's "Nơi nhận" empty)
            body=values["body"],
            copies_to="\n".join(values["copies"]),
            content=layout.render_docx(drafting.template_bytes("cong_van"), values),
            name=f"tra-loi-dot-{batch.number}-{batch.year}.docx",
            signer=who,
            signer_title=values["signer_title"],
        )
    HonoursBatch.objects.filter(pk=batch.pk).update(
        decision_document=batch.decision_document, reply_document=batch.reply_document
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=batch,
        message=(
            f"Trình quyết định đợt {batch.code}: {len(passing)} đủ tiêu chuẩn, "
            f"{len(refused)} trả lời cơ quan đề nghị"
        ),
    )
    return batch


def _period_counted(findings: Any, decided_on: date) -> dict[str, int | None]:
    """The years the appraisal counted for the award (the ladder's "years" finding), kept as the award's
    achievement period so that the next award counts after it; none for the other grounds."""
    counted = next((f.get("facts") or {} for f in findings or () if f.get("code") == "years"), {})
    low, high = counted.get("from"), counted.get("to")
    if isinstance(low, int) and isinstance(high, int) and low <= high <= decided_on.year:
        return {"period_from": low, "period_to": high}
    return {"period_from": None, "period_to": None}
