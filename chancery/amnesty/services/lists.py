"""An amnesty campaign's facilities' lists: imported, identified by the person, previewed and confirmed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from chancery.amnesty import intake
from chancery.amnesty.models import (
    Campaign,
    CouncilOpinion,
    Facility,
    Prisoner,
    Proposal,
    ProposalList,
    Verdict,
)
from chancery.amnesty.services.campaigns import TAKING_LISTS, can_work_on_amnesty, refusal
from chancery.appraisal import importing, review
from chancery.appraisal import services as lifecycle
from chancery.core import access, audit, dates
from chancery.core.models import AuditAction
from chancery.core.text import fold, nfc

# --- facilities' lists --------------------------------------------------------------------------------------


def _check_preparing(actor: Any, campaign: Campaign) -> None:
    """The rule `campaigns.can_take_lists` states, enforced with its reasons."""
    if not access.can_change(actor, campaign):
        raise PermissionDenied(gettext("You may not work on this amnesty campaign."))
    if not can_work_on_amnesty(actor):  # a council member of another unit gives opinions, imports nothing
        raise PermissionDenied(refusal())
    if campaign.state not in TAKING_LISTS:
        raise ValidationError(
            gettext("The amnesty campaign is “%(state)s”: it takes no more lists.")
            % {"state": campaign.state_label}
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
            {
                "facility": gettext(
                    "%(facility)s already has a list in this campaign: import again into that list."
                )
                % {"facility": facility}
            }
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
        raise PermissionDenied(gettext("You may not work on this amnesty campaign."))
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

    twin = gettext_lazy("the same person")

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
        return gettext("Import the amnesty list of %(facility)s") % {"facility": self.plist.facility}

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
    """The verdict and override a changed row loses (appraisal.review.replaced_verdict), and the council's
    opinion."""
    replaced = review.replaced_verdict(proposal, Verdict)
    with translation.override("vi"):
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
