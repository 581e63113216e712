"""An honours batch's list of nominees: its import, identified by the person, previewed and confirmed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from chancery.appraisal import importing, review
from chancery.appraisal import services as lifecycle
from chancery.core.text import fold
from chancery.honours import intake, rules
from chancery.honours.models import Honoree, HonoursBatch, Nomination, Verdict
from chancery.honours.services.batches import _check_editable

# Audit messages read in Vietnamese, the language of the Office's records.


# --- the list of nominees -----------------------------------------------------------------------------------


def _new_honoree(row: intake.NomineeRow, key: str) -> dict[str, Any]:
    return {
        "kind": row.subject,
        "name": row.name,
        "folded_name": fold(row.name),
        "identity": key,
        "birth_year": row.birth_year,
        "id_number": row.id_number,
        "organisation": row.organisation,
        "position": row.position,
        "nationality": row.nationality,
        "is_enterprise": row.is_enterprise,
    }


def _honorees_for(parsed: Sequence[tuple[int, intake.NomineeRow]]) -> dict[int, int]:
    """row number -> honoree id: the people and collectives on file found by their identity, the others
    created (appraisal.importing.people_for)."""
    return importing.people_for(
        Honoree,
        [(number, _identity_of(row), row) for number, row in parsed],
        _new_honoree,
    )


_NOMINATION_FIELDS = (
    "honoree",
    "award",
    "subject",
    "ground",
    "posthumous",
    "facts",
    "verdict",
    "outcome",
    "findings",
    "summary",
    "rule_version",
    "override",
    "override_reason",
    "overridden_by",
)


# A new row's own fields (every other takes its default, as `_fill` leaves them: not yet appraised).
_NEW_ROW = ("batch_id", "row", "honoree_id", "award", "subject", "ground", "posthumous", "facts")


def _fill(nomination: Nomination, honoree_id: int, row: intake.NomineeRow) -> Nomination:
    nomination.honoree_id = honoree_id
    nomination.award, nomination.subject, nomination.ground = row.award, row.subject, row.ground
    nomination.posthumous, nomination.facts = row.posthumous, row.facts
    nomination.verdict = nomination.outcome = Verdict.PENDING
    nomination.findings, nomination.summary, nomination.rule_version = [], "", ""
    nomination.override, nomination.override_reason, nomination.overridden_by = "", "", None
    return nomination


# A row's fields besides the columns' own (intake.LABELS), as the history and the preview name them.
_VALUE_LABELS = {
    **intake.LABELS,
    "ratings": "Xếp loại hoàn thành nhiệm vụ các năm",
    "titles": "Danh hiệu, khen thưởng các năm",
    "claimed_prior": "Khen thưởng trước",
    "martyrs": "Mẹ Việt Nam anh hùng: con, chồng liệt sĩ",
}


# The values of a row that are the person's (their Honoree, shared by every batch naming them), with the
# Honoree's columns each fills: a re-imported list that corrects one changes the Honoree.
_PERSON_COLUMNS = {
    "name": ("name", "folded_name"),
    "birth_year": ("birth_year",),
    "id_number": ("id_number",),
    "position": ("position",),
    "organisation": ("organisation",),
    "nationality": ("nationality",),
    "is_enterprise": ("is_enterprise",),
}


def _values(
    subject: str, ground: str, posthumous: bool, facts: dict[str, Any], person: dict[str, Any]
) -> dict[str, Any]:
    """What a row says of a nominee besides which award, the person's own values (`_PERSON_COLUMNS`)
    included: compared on a new import, kept in history, each as staff read it (a year's rating by its
    words, "Hoàn thành tốt nhiệm vụ", never its code)."""
    shown = dict(facts)
    if isinstance(shown.get("ratings"), dict):
        shown["ratings"] = {year: rules.RATING_LABELS.get(r, r) for year, r in shown["ratings"].items()}
    return importing.plain(
        {"subject": subject, "ground": ground, "posthumous": posthumous, **shown, **person}
    )


def _values_of_row(row: intake.NomineeRow) -> dict[str, Any]:
    return _values(row.subject, row.ground, row.posthumous, row.facts, _person_of_row(row))


def _person_of_row(row: intake.NomineeRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _PERSON_COLUMNS}


class NomineeList(importing.ListRows):
    """A batch's list of nominees as an import sees it (appraisal.importing.ListTarget): a row is the
    person or collective (their Honoree identity: identity number, else folded name, birth year and
    workplace) proposed for an award, whatever its row in the sheet."""

    twin = gettext_lazy("the same person, the same award")

    def __init__(self, *, actor: Any, batch: HonoursBatch) -> None:
        self.actor, self.batch = actor, batch

    def incoming(
        self, rows: Iterable[tuple[int, dict[str, Any]]]
    ) -> tuple[list[importing.Incoming], list[str]]:
        parsed, problems = importing.parse_rows(rows, intake.parse_row)
        return [
            importing.Incoming(
                row=number,
                key=f"{_identity_of(row)}#{row.award}",
                label=row.name,
                values_of=partial(_values_of_row, row),
                parsed=row,
            )
            for number, row in parsed
        ], problems

    def on_file(self) -> dict[str, importing.OnFile]:
        found = {}
        people = [f"honoree__{name}" for name in _PERSON_COLUMNS]
        for pk, row, identity, award, subject, ground, posthumous, facts, *rest in (
            Nomination.objects.filter(batch=self.batch)
            .order_by()
            .values_list(
                "pk",
                "row",
                "honoree__identity",
                "award",
                "subject",
                "ground",
                "posthumous",
                "facts",
                *people,
                "verdict",
                "override",
                "override_reason",
            )
        ):
            key = f"{identity}#{award}"
            person = dict(zip(_PERSON_COLUMNS, rest[: len(people)], strict=True))
            found[key] = importing.OnFile(
                pk,
                row,
                key,
                person["name"],
                _values(subject, ground, posthumous, facts, person),
                tuple(rest[len(people) :]),
            )
        return found

    # how the list is written (appraisal.importing.ListRows)
    model = Nomination
    record_name = "nomination"
    fields = _NOMINATION_FIELDS
    labels = _VALUE_LABELS
    person_model = Honoree
    person_link = "honoree"
    person_columns = _PERSON_COLUMNS

    kind = "honours_import"
    param = "batch"

    @property
    def subject(self) -> HonoursBatch:
        return self.batch

    @property
    def holder(self) -> HonoursBatch:
        return self.batch

    @property
    def job_label(self) -> str:
        return gettext("Import the list of batch %(code)s") % {"code": self.batch.code}

    def check_editable(self) -> None:
        _check_editable(self.actor, self.batch)

    @property
    def place(self) -> str:
        return f"đợt {self.batch.code}"

    def scope(self) -> dict[str, Any]:
        return {"batch": self.batch}

    def new_rows(self, added: Sequence[importing.Incoming]) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
        honorees = _honorees_for([(item.row, item.parsed) for item in added])
        batch = self.batch.pk
        return _NEW_ROW, [
            (
                batch,
                item.row,
                honorees[item.row],
                row.award,
                row.subject,
                row.ground,
                row.posthumous,
                row.facts,
            )
            for item in added
            for row in (item.parsed,)
        ]

    def refill(self, record: Nomination, parsed: intake.NomineeRow) -> None:
        _fill(record, record.honoree_id, parsed)

    def replaced_verdict(self, record: Nomination) -> dict[str, Any]:
        return review.replaced_verdict(record, Verdict)

    def person_of_row(self, parsed: intake.NomineeRow) -> dict[str, Any]:
        return {**_person_of_row(parsed), "folded_name": fold(parsed.name)}


def _identity_of(row: intake.NomineeRow) -> str:
    return intake.identity(
        row.subject,
        row.name,
        birth_year=row.birth_year,
        id_number=row.id_number,
        organisation=row.organisation,
    )


def import_or_preview(*, actor: Any, batch: HonoursBatch, upload: Any, mapping: dict[str, int]) -> Any:
    """appraisal.services.import_or_preview of a batch's list of nominees."""
    return lifecycle.import_or_preview(NomineeList(actor=actor, batch=batch), upload=upload, mapping=mapping)


def confirm_import(*, actor: Any, batch: HonoursBatch, token: str, remove: bool = False) -> Any:
    """appraisal.services.confirm_import of a batch's list of nominees."""
    return lifecycle.confirm_import(NomineeList(actor=actor, batch=batch), token=token, remove=remove)


def start_import(*, actor: Any, batch: HonoursBatch, upload: Any, mapping: dict[str, int]) -> Any:
    """appraisal.services.start_import of a batch's list of nominees (an empty batch's)."""
    return lifecycle.start_import(NomineeList(actor=actor, batch=batch), upload=upload, mapping=mapping)
