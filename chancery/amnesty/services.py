"""Amnesty's write operations: a campaign and its terms (audited, frozen once appraisal starts), the lists
of the facilities, the appraisal of every prisoner against the law and the terms, overrides, the advisory
council's opinions, the President's decision and the record of who was amnestied."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from chancery.appraisal import importing, parallel
from chancery.appraisal import services as lifecycle
from chancery.appraisal.engine import appraise, sentences
from chancery.appraisal.rows import Dumped, among, copies, update_rows
from chancery.casework import services as casework
from chancery.core import access, audit, bulk, dates
from chancery.core.models import AssignmentKind, AuditAction, User
from chancery.core.services import take_number
from chancery.core.text import fold, nfc

from . import intake, rules
from .models import (
    AmnestyRecord,
    Campaign,
    CouncilOpinion,
    Decided,
    Facility,
    Prisoner,
    Proposal,
    ProposalList,
    Verdict,
)

CAMPAIGN_REGISTER = "dac-xa"


def can_work_on_amnesty(user: Any) -> bool:
    """Only the staff of the units that handle amnesty dossiers (CHANCERY_AMNESTY_UNITS, with the units under
    them) open a campaign, import its lists and start its jobs; others read what the policy shows them."""
    return access.works_in(user, settings.CHANCERY_AMNESTY_UNITS)


def refusal() -> str:
    """What a person outside those units is told, on the page, in the API and when a job is refused: whose
    work it is."""
    return gettext("Only the staff of %(units)s open amnesty campaigns.") % {
        "units": access.unit_names(settings.CHANCERY_AMNESTY_UNITS)
    }


def is_council_member(user: Any, campaign: Campaign) -> bool:
    """A member of the advisory council: assigned to the campaign as cooperating (Hội đồng tư vấn đặc xá)."""
    from . import selectors

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
        errors["kinds"] = "Chọn ít nhất một đối tượng được xét."
    if not 0 < terms.fraction <= 1 or not 0 < terms.special_fraction <= 1:
        errors["fraction"] = "Tỷ lệ thời gian đã chấp hành phải lớn hơn 0 và không quá 1."
    if terms.special_fraction > terms.fraction:
        errors["special_fraction"] = "Trường hợp đặc biệt không thể phải chấp hành nhiều hơn thông thường."
    if terms.special_life_years > terms.life_years:
        errors["special_life_years"] = (
            "Trường hợp đặc biệt không thể phải chấp hành nhiều năm hơn thông thường."
        )
    if terms.special_amnesty and len(terms.special_reason.strip()) < 10:
        errors["special_reason"] = "Đặc xá trong trường hợp đặc biệt: ghi rõ lý do (Điều 22)."
    unknown = [c for c in terms.special_cases if c not in rules.SPECIAL_CASES]
    if unknown:
        errors["special_cases"] = "Trường hợp đặc biệt không có trong danh mục: " + ", ".join(unknown)
    if not terms.special_amnesty and any(k in rules.SPECIAL_ONLY_KINDS for k in terms.kinds):
        errors["kinds"] = (
            "Người đang được hoãn chấp hành án, người chấp hành án tù chung thân chưa được giảm chỉ được "
            "đặc xá trong trường hợp đặc biệt (Điều 22)."
        )
    if terms.reductions not in rules.REDUCTION_RULES:
        errors["reductions"] = "Chọn cách tính thời gian được giảm thời hạn chấp hành án."
    limits = [b.up_to_months for b in terms.quarter_bands]
    if (
        any(not 1 <= b.quarters <= 40 for b in terms.quarter_bands)
        or any(m is not None and not 1 <= m <= 600 for m in limits)
        or len(set(limits)) != len(limits)
        or not 0 <= terms.life_quarters <= 40
    ):
        errors["quarter_bands"] = (
            "Bảng số quý theo mức án: mỗi mức án một dòng, mức án từ 1 đến 600 tháng, số quý từ 1 đến 40."
        )
    if errors:
        raise ValidationError(errors)


def can_edit_terms(user: Any, campaign: Campaign) -> bool:
    """The terms are the campaign administrator's: the head of the owning unit's line or the leadership."""
    return not terms_refusal(user, campaign)


def terms_refusal(user: Any, campaign: Campaign) -> str:
    """Why this person may not change the campaign's terms now, in words, or "" (the page says which)."""
    if campaign.frozen_at is not None:
        return (
            f"Các điều kiện của đợt đã cố định từ {timezone.localtime(campaign.frozen_at):%d/%m/%Y %H:%M} "
            "khi bắt đầu thẩm định: không sửa được."
        )
    if not access.can_assign(user, campaign):
        return "Chỉ lãnh đạo đơn vị hoặc lãnh đạo Văn phòng sửa điều kiện của đợt đặc xá."
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
        raise ValidationError(f"{user} đã là thành viên Hội đồng tư vấn đặc xá của đợt.")
    assign_record(
        actor=actor,
        record=campaign,
        user=user,
        kind=AssignmentKind.COOPERATE,
        note="Thành viên Hội đồng tư vấn đặc xá",
    )


# --- facilities' lists --------------------------------------------------------------------------------------


def _check_preparing(actor: Any, campaign: Campaign) -> None:
    if not access.can_change(actor, campaign):
        raise PermissionDenied("Không có quyền với đợt đặc xá này.")
    if campaign.state not in ("preparing", "appraised"):
        raise ValidationError(
            f"Đợt đặc xá đang ở trạng thái “{campaign.state_label}”: không nhận thêm danh sách được."
        )


@transaction.atomic
def open_list(
    *, actor: Any, campaign: Campaign, facility: Facility, received_on: date, submission_reference: str = ""
) -> ProposalList:
    _check_preparing(actor, campaign)
    problem = dates.date_problem(received_on, label=gettext("Received on"), today=timezone.localdate())
    if problem:
        raise ValidationError({"received_on": problem})
    if ProposalList.objects.filter(campaign=campaign, facility=facility).exists():
        raise ValidationError(
            {"facility": f"{facility} đã có danh sách trong đợt này: nhập lại vào danh sách đó."}
        )
    plist = ProposalList.objects.create(
        campaign=campaign,
        facility=facility,
        received_on=received_on,
        submission_reference=nfc(submission_reference).strip(),
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        message=f"Nhận danh sách đề nghị đặc xá của {facility}",
    )
    return plist


@transaction.atomic
def attach_list_dossier(*, actor: Any, plist: ProposalList, files: Sequence[Any]) -> int:
    """The dossier of a facility's list (its submission, the prisoners' files), each file with its checksum;
    a file refused (empty, too large, not a document) refuses them all, nothing half-stored."""
    from chancery.core.services import attach_files

    if not access.can_change(actor, plist.campaign):
        raise PermissionDenied("Không có quyền với đợt đặc xá này.")
    return len(attach_files(actor=actor, record=plist, files=list(files)))


def _prisoners_for(parsed: Sequence[tuple[int, intake.PrisonerRow]]) -> dict[int, int]:
    """row number -> prisoner id: people on file found by identity, the others created
    (appraisal.importing.people_for)."""
    return importing.people_for(
        Prisoner,
        [
            (number, intake.identity(row.name, birth=row.birth, id_number=row.id_number, home=row.home), row)
            for number, row in parsed
        ],
        lambda row, key: {
            "name": row.name,
            "folded_name": fold(row.name),
            "identity": key,
            "birth": row.birth,
            "id_number": row.id_number,
            "home": row.home,
        },
    )


_PROPOSAL_FIELDS = (
    "prisoner",
    "kind",
    "term_months",
    "articles",
    "facts",
    "special",
    "verdict",
    "outcome",
    "findings",
    "summary",
    "override",
    "override_reason",
    "overridden_by",
    "council",
    "council_note",
    "council_by",
)


# A new row's own fields (every other takes its default, as `_fill` leaves them: not yet appraised).
_NEW_ROW = (
    "campaign_id",
    "plist_id",
    "row",
    "prisoner_id",
    "kind",
    "term_months",
    "articles",
    "facts",
    "special",
)


def _fill(proposal: Proposal, prisoner_id: int, row: intake.PrisonerRow) -> Proposal:
    proposal.prisoner_id = prisoner_id
    proposal.kind, proposal.term_months = row.kind, row.term_months
    proposal.articles = ", ".join(row.articles)[:200]
    proposal.facts, proposal.special = row.facts, ", ".join(row.facts["special"])
    proposal.verdict = proposal.outcome = Verdict.PENDING
    proposal.findings, proposal.summary = [], ""
    proposal.override, proposal.override_reason, proposal.overridden_by = "", "", None
    proposal.council, proposal.council_note, proposal.council_by = "", "", None
    return proposal


# A row's facts besides the columns' own (intake.LABELS), as the history and the preview name them.
_VALUE_LABELS = {
    **intake.LABELS,
    "term_months": intake.LABELS["term"],
    "reduction_months": f"{intake.LABELS['reduction']} (tháng)",
    "reduction_days": f"{intake.LABELS['reduction']} (ngày)",
    "birth_year_only": "Chỉ ghi năm sinh",
}


# The values of a row that are the person's (their Prisoner, shared by every list naming them), with the
# Prisoner's columns each fills: a re-imported list that corrects one changes the Prisoner. The date of
# birth is also a fact of the row (the conditions read it there): compared once, as the row's "birth".
_PERSON_COLUMNS = {
    "name": ("name", "folded_name"),
    "birth": ("birth",),
    "id_number": ("id_number",),
    "home": ("home",),
}


def _values(facts: dict[str, Any], name: str, id_number: str, home: str) -> dict[str, Any]:
    """What a row says of a prisoner, the person's own values included: compared on a new import, kept in
    history."""
    return importing.plain({**facts, "name": name, "id_number": id_number, "home": home})


class PrisonerList(importing.ListRows):
    """A facility's list as an import sees it (appraisal.importing.ListTarget): a row is the prisoner
    (their Prisoner identity: identity number, else folded name, date of birth and residence), whatever
    its row in the sheet."""

    twin = "cùng một người"

    def __init__(self, *, actor: Any, plist: ProposalList) -> None:
        self.actor, self.plist = actor, plist

    def incoming(
        self, rows: Iterable[tuple[int, dict[str, Any]]]
    ) -> tuple[list[importing.Incoming], list[str]]:
        parsed, problems = importing.parse_rows(rows, intake.parse_row)
        return [
            importing.Incoming(
                row=number,
                key=intake.identity(row.name, birth=row.birth, id_number=row.id_number, home=row.home),
                label=row.name,
                values_of=partial(_values, row.facts, row.name, row.id_number, row.home),
                parsed=row,
            )
            for number, row in parsed
        ], problems

    def on_file(self) -> dict[str, importing.OnFile]:
        found = {}
        for pk, row, key, name, id_number, home, facts, *state in (
            Proposal.objects.filter(plist=self.plist)
            .order_by()
            .values_list(
                "pk",
                "row",
                "prisoner__identity",
                "prisoner__name",
                "prisoner__id_number",
                "prisoner__home",
                "facts",
                "verdict",
                "override",
                "override_reason",
                "council",
                "council_note",
                "decided",
            )
        ):
            found[key] = importing.OnFile(
                pk, row, key, name, _values(facts, name, id_number, home), tuple(state)
            )
        return found

    # how the list is written (appraisal.importing.ListRows)
    model = Proposal
    record_name = "proposal"
    fields = _PROPOSAL_FIELDS
    labels = _VALUE_LABELS
    person_model = Prisoner
    person_link = "prisoner"
    person_columns = _PERSON_COLUMNS

    kind = "amnesty_import"
    param = "list"

    @property
    def subject(self) -> Campaign:
        return self.plist.campaign

    @property
    def holder(self) -> ProposalList:
        return self.plist

    @property
    def job_label(self) -> str:
        return f"Nhập danh sách đặc xá của {self.plist.facility}"

    def check_editable(self) -> None:
        _check_preparing(self.actor, self.plist.campaign)

    @property
    def place(self) -> str:
        return f"của {self.plist.facility}"

    @property
    def removed_from(self) -> str:
        return f"danh sách của {self.plist.facility}"

    def scope(self) -> dict[str, Any]:
        return {"plist": self.plist}

    def new_rows(self, added: Sequence[importing.Incoming]) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
        prisoners = _prisoners_for([(item.row, item.parsed) for item in added])
        campaign, plist = self.plist.campaign_id, self.plist.pk
        return _NEW_ROW, [
            (
                campaign,
                plist,
                item.row,
                prisoners[item.row],
                row.kind,
                row.term_months,
                ", ".join(row.articles)[:200],
                row.facts,
                ", ".join(row.facts["special"]),
            )
            for item in added
            for row in (item.parsed,)
        ]

    def refill(self, record: Proposal, parsed: intake.PrisonerRow) -> None:
        _fill(record, record.prisoner_id, parsed)

    def replaced_verdict(self, record: Proposal) -> dict[str, Any]:
        return _replaced_verdict(record)

    def person_of_row(self, parsed: intake.PrisonerRow) -> dict[str, Any]:
        return {
            "name": parsed.name,
            "folded_name": fold(parsed.name),
            "birth": parsed.birth,
            "id_number": parsed.id_number,
            "home": parsed.home,
        }


def _replaced_verdict(proposal: Proposal) -> dict[str, Any]:
    """The verdict, override and council's opinion a changed row loses (it is appraised again)."""
    replaced: dict[str, Any] = {}
    with translation.override("vi"):
        if proposal.verdict != Verdict.PENDING:
            replaced["Kết quả thẩm định"] = {
                "before": str(Verdict(proposal.verdict).label),
                "after": str(Verdict.PENDING.label),
            }
        if proposal.override:
            replaced["Kết quả điều chỉnh"] = {"before": str(Verdict(proposal.override).label), "after": ""}
            replaced["Lý do điều chỉnh"] = {"before": proposal.override_reason, "after": ""}
        if proposal.council:
            replaced["Ý kiến Hội đồng tư vấn đặc xá"] = {
                "before": str(CouncilOpinion(proposal.council).label),
                "after": "",
            }
        if proposal.council_note:
            replaced["Ghi chú của Hội đồng"] = {"before": proposal.council_note, "after": ""}
    return replaced


def import_or_preview(*, actor: Any, plist: ProposalList, upload: Any, mapping: dict[str, int]) -> Any:
    """appraisal.services.import_or_preview of a facility's list."""
    return lifecycle.import_or_preview(PrisonerList(actor=actor, plist=plist), upload=upload, mapping=mapping)


def confirm_import(*, actor: Any, plist: ProposalList, token: str, remove: bool = False) -> Any:
    """appraisal.services.confirm_import of a facility's list."""
    return lifecycle.confirm_import(PrisonerList(actor=actor, plist=plist), token=token, remove=remove)


def start_import(*, actor: Any, plist: ProposalList, upload: Any, mapping: dict[str, int]) -> Any:
    """appraisal.services.start_import of a facility's list (an empty list's)."""
    return lifecycle.start_import(PrisonerList(actor=actor, plist=plist), upload=upload, mapping=mapping)


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


@transaction.atomic
def record_council_opinion(*, actor: Any, proposal: Proposal, opinion: str, note: str = "") -> Proposal:
    """The advisory council's opinion on one prisoner, recorded by a council member or the amnesty unit;
    a disagreement needs its reason."""
    campaign = Campaign.objects.select_for_update().get(pk=proposal.campaign_id)
    if not (is_council_member(actor, campaign) or access.can_change(actor, campaign)):
        raise PermissionDenied(
            "Chỉ thành viên Hội đồng tư vấn đặc xá hoặc đơn vị chủ trì ghi ý kiến Hội đồng."
        )
    if campaign.state != "appraised":
        raise ValidationError(
            f"Chỉ ghi ý kiến Hội đồng khi đợt đã thẩm định xong (đang “{campaign.state_label}”)."
        )
    if opinion not in (CouncilOpinion.AGREE, CouncilOpinion.DISAGREE, CouncilOpinion.NONE):
        raise ValidationError({"opinion": "Ý kiến không hợp lệ."})
    note = nfc(note).strip()
    if opinion == CouncilOpinion.DISAGREE and len(note) < 10:
        raise ValidationError({"note": "Ghi rõ lý do Hội đồng không đồng ý (ít nhất 10 ký tự)."})
    proposal = Proposal.objects.select_for_update().select_related("prisoner").get(pk=proposal.pk)
    before = proposal.council
    proposal.council, proposal.council_note = opinion, note
    proposal.council_by = actor if opinion else None
    proposal.save(update_fields=["council", "council_note", "council_by"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        subject=campaign,
        changes={"council": [before, opinion]},
        message=(
            f"Ý kiến Hội đồng tư vấn đặc xá về {proposal.prisoner.name}: "
            f"{CouncilOpinion(opinion).label}{'. ' + note if note else ''}"
        ),
    )
    return proposal


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
    from . import decision

    if not access.can_view(actor, campaign):
        raise PermissionDenied("Không có quyền với đợt đặc xá này.")
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
    from chancery.documents import drafting
    from chancery.documents import rules as document_rules
    from chancery.documents import services as documents

    from . import decision

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not access.can_change(actor, campaign):
        raise PermissionDenied("Không có quyền trình quyết định của đợt này.")
    LIFECYCLE.check_decidable(campaign)
    waiting = Proposal.objects.filter(campaign=campaign, outcome=Verdict.PASS, council="").count()
    if waiting:
        raise ValidationError(f"Còn {waiting} trường hợp đủ điều kiện chưa có ý kiến Hội đồng tư vấn đặc xá.")
    proposals = list(submission_of(campaign))
    if not proposals:
        raise ValidationError("Không có ai đủ điều kiện để trình.")
    parts = decision.annex(proposals)
    campaign = casework.transition(actor=actor, case=campaign, name="submit")
    document = documents.draft_from_file(
        actor=actor,
        data=documents.DraftData(
            issuer=document_rules.Issuer.PRESIDENT,
            doc_type="quyet_dinh",
            summary=decision.decision_values(campaign, parts)["title"],
            signer=signer,
            signer_title=documents.president_signature(signer, deputy=False),
        ),
        content=decision.decision_docx(campaign, parts, drafting.template_bytes("quyet_dinh"), signer=signer),
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
