"""A list into a batch that has rows: identified by the person, previewed (added, changed, unchanged,
removed, refused), then confirmed."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.appraisal import sheets
from chancery.appraisal.rows import insert_rows
from chancery.core import audit, bulk, jobs
from chancery.core.models import AuditAction, JobUpload

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- a list into a batch that has rows: identified by the person, previewed, then confirmed -----------------
#
# A list's rows are people (a nominee for an award, a prisoner), found by their identity (the identity
# number, else the folded name with the birth and the workplace or residence: each module's
# `intake.identity`), never by their position in the sheet. Importing into a batch that already has rows
# first shows what would happen (added, changed with each difference, unchanged, in the batch but not in the
# list, refused) and changes nothing; the person then confirms that preview, bound to the same upload and
# to the same state of the batch; a person left out of the list leaves the batch only when the person
# confirming says so. Into an empty batch the list is imported directly: there is nothing to overwrite.

STALE_PREVIEW = gettext_lazy(
    "The batch's list has changed since the preview (someone imported, changed or appraised it): preview "
    "it again, then confirm."
)
NEEDS_PREVIEW = gettext_lazy(
    "The batch already has a list: preview what would change, then confirm (no direct import)."
)
# The parameters an import job takes from a confirmed preview (its service sets them, never a client).
CONFIRMATION = {
    "expect": jobs.Param(jobs.short_text(64), required=False),
    "remove": jobs.Param(jobs.flag, required=False),
}
PREVIEW_SALT = "chancery.appraisal.importing.preview"
PREVIEW_KEPT_SECONDS = 24 * 3600  # an upload no job took is purged after a day (core.jobs)
SHOWN = 200  # people of each kind listed in a preview (the counts are always whole)
ANALYSED_AFTER = 5000  # rows an import writes after which the table's statistics are refreshed


def plain(value: Any) -> Any:
    """A value as JSON keeps it (dates as ISO text, tuples as lists), so stored and parsed values compare."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class Incoming:
    """A valid row of the list: its row number, the person's key in the batch, a name to show, the values
    compared with what the batch holds (plain JSON; or the function that makes them, called only for a
    person the batch already holds), and the module's parsed row."""

    row: int
    key: str
    label: str
    values_of: dict[str, Any] | Callable[[], dict[str, Any]]
    parsed: Any = None

    @cached_property
    def values(self) -> dict[str, Any]:
        return self.values_of() if callable(self.values_of) else self.values_of


@dataclass(frozen=True)
class OnFile:
    """A row the batch holds: its record's id and row, the person's key, name and values; `state` is what
    else a confirmation must find unchanged (the verdict, an override)."""

    pk: int
    row: int
    key: str
    label: str
    values: dict[str, Any]
    state: tuple[Any, ...] = ()


@dataclass
class Plan:
    added: list[Incoming] = field(default_factory=list)
    changed: list[tuple[Incoming, OnFile, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    unchanged: list[tuple[Incoming, OnFile]] = field(default_factory=list)
    removed: list[OnFile] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    # each list's rows, and whether they are in order (`between`)
    _rows: dict[str, tuple[list[int], bool]] = field(default_factory=dict, repr=False, compare=False)

    def between(self, low: int, high: int) -> Plan:
        """The part of the plan for the rows low..high of the list (a chunk of the job): found by bisection
        in the row order `plan_list` gives (a job of 50 chunks no longer reads each list 50 times)."""
        return Plan(
            added=self._between("added", lambda i: i.row, low, high),
            changed=self._between("changed", lambda c: c[0].row, low, high),
            unchanged=self._between("unchanged", lambda u: u[0].row, low, high),
        )

    def _between(self, name: str, row: Callable[[Any], int], low: int, high: int) -> list[Any]:
        items = getattr(self, name)
        known = self._rows.get(name)
        if known is None or len(known[0]) != len(items):
            rows = [row(item) for item in items]
            known = self._rows[name] = (rows, all(a <= b for a, b in itertools.pairwise(rows)))
        rows, ordered = known
        if not ordered:
            return [item for item, number in zip(items, rows, strict=True) if low <= number <= high]
        return items[bisect.bisect_left(rows, low) : bisect.bisect_right(rows, high)]


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field by field, what a row changes: {field: (old, new)}."""
    return {
        name: (before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def plan_list(incoming: Sequence[Incoming], on_file: dict[str, OnFile], *, twin: StrOrPromise) -> Plan:
    """What importing the list into the batch does, person by person: a key not on file is added, one on
    file is changed (with its differences) or unchanged, whatever its row; a key the list has twice is
    refused at the later row ("the same as row N", `twin` says what is the same); the batch's people the
    list does not name are `removed` candidates. Pure: reads and writes nothing."""
    plan = Plan()
    seen: dict[str, int] = {}
    for item in sorted(incoming, key=lambda i: i.row):
        if item.key in seen:
            plan.refused.append(
                (
                    item.row,
                    _("Row %(row)s: the same as row %(first)s (%(twin)s).")
                    % {"row": item.row, "first": seen[item.key], "twin": twin},
                )
            )
            continue
        seen[item.key] = item.row
        current = on_file.get(item.key)
        if current is None:
            plan.added.append(item)
            continue
        found = differences(current.values, item.values)
        if found:
            plan.changed.append((item, current, found))
        else:
            plan.unchanged.append((item, current))
    plan.removed = sorted((r for key, r in on_file.items() if key not in seen), key=lambda r: (r.row, r.pk))
    return plan


def state_of(on_file: dict[str, OnFile]) -> str:
    """A digest of what the batch holds (every row's record, person, values, verdict): a preview is confirmed
    only while it is the same."""
    digest = hashlib.sha256()
    for key in sorted(on_file):
        record = on_file[key]
        digest.update(
            json.dumps(
                [key, record.pk, record.row, record.values, list(record.state)],
                sort_keys=True,
                cls=DjangoJSONEncoder,
            ).encode()
        )
        digest.update(b"\n")
    return digest.hexdigest()


class ListTarget(Protocol):
    """What a module gives the import of one list into one of its batches."""

    model: Any  # the row's model (its table's statistics are refreshed after a long import)

    @property
    def twin(self) -> StrOrPromise:
        """What two rows of the list share when refused as the same ("the same person")."""
        ...

    def incoming(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[Incoming], list[str]]:
        """The valid rows as Incoming, and each other row's problem ("Row N: ..."); writes nothing."""
        ...

    def on_file(self) -> dict[str, OnFile]:
        """The rows the batch holds, by the person's key."""
        ...

    def label_of(self, name: str) -> str:
        """A compared field's name as the list's column heading (in Vietnamese)."""
        ...

    def store(self, plan: Plan) -> None:
        """Write a chunk's part of a plan: add, change (each old value kept in the history), renumber."""
        ...

    def remove(self, records: Sequence[OnFile]) -> None:
        """Take out of the batch the people the list left out (the person chose it), with the history."""
        ...

    def finish(self, result: dict[str, Any]) -> None:
        """The import's own line in the audit trail."""
        ...


class ListRows(ABC):
    """How a module's list is written once a plan is confirmed, the same for every module (a ListTarget's
    store, remove, label_of and finish): the module says which records, which fields and how a row fills a
    record; every replaced value and every removed row goes to the audit trail of the list's subject.

    Some compared values are the person's, not the row's (the name, the birth, the workplace: the shared
    Honoree or Prisoner that every list naming the person points to): `person_columns` names them, with the
    person's columns each fills. A changed row writes those of its differences to the person record, and
    their old values go to the same history entry as the row's own."""

    model: Any  # the row's model (a Nomination, a Proposal)
    record_name: str  # the record's key in an audit entry ("nomination")
    fields: Sequence[str]  # the row's fields an import writes
    labels: dict[str, str]  # a compared field's column heading
    actor: Any
    person_model: Any = None  # the shared person record (Honoree, Prisoner), if the values name any
    person_link: str = ""  # the row's foreign key to it ("honoree")
    person_columns: dict[str, tuple[str, ...]] = {}  # a compared value -> the person's columns it fills
    twin: StrOrPromise  # what two rows of the list share when refused as the same
    kind: str  # the import's job kind ("honours_import")
    param: str  # the job's parameter naming the holder ("batch", "list")

    @abstractmethod
    def incoming(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[Incoming], list[str]]:
        """The valid rows as Incoming, and each other row's problem (ListTarget.incoming)."""

    @abstractmethod
    def on_file(self) -> dict[str, OnFile]:
        """The rows the list holds, by the person's key (ListTarget.on_file)."""

    @property
    @abstractmethod
    def holder(self) -> Any:
        """The record that holds the list and its latest import job (the batch, a facility's list)."""

    @property
    @abstractmethod
    def job_label(self) -> str:
        """The import job's name in the list of jobs."""

    @abstractmethod
    def check_editable(self) -> None:
        """Refuse (PermissionDenied, ValidationError) when the actor may not change the list now."""

    @property
    def ref(self) -> str:
        """What a preview is bound to: this list and no other."""
        return f"{self.holder._meta.label_lower}:{self.holder.pk}"

    @property
    @abstractmethod
    def subject(self) -> Any:
        """The record whose audit trail tells the import (the batch, the campaign)."""

    @property
    @abstractmethod
    def place(self) -> str:
        """The list as the audit trail names it ("đợt 2026-01", "của Trại giam X")."""

    @property
    def removed_from(self) -> str:
        """Where a left-out row is taken from."""
        return self.place

    @abstractmethod
    def scope(self) -> dict[str, Any]:
        """The filter of this list's rows (batch=..., plist=...)."""

    @abstractmethod
    def new_rows(self, added: Sequence[Incoming]) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
        """The added rows as plain rows: the fields' attribute names, and a tuple of their values per row
        (written by `rows.insert_rows`, no model object per row)."""

    @abstractmethod
    def refill(self, record: Any, parsed: Any) -> None:
        """A changed row's record filled again from the list's row (its verdict starts again)."""

    @abstractmethod
    def replaced_verdict(self, record: Any) -> dict[str, Any]:
        """The verdict, override and opinions a changed row loses, as audit values."""

    @abstractmethod
    def person_of_row(self, parsed: Any) -> dict[str, Any]:
        """The person's columns (of `person_columns`) as the list's row gives them."""

    def label_of(self, name: str) -> str:
        return self.labels.get(name, name)

    def store(self, plan: Plan) -> None:
        """Add the new rows, change the changed ones (each old value kept in the subject's audit trail,
        naming the record), renumber the unchanged."""
        if plan.added:
            names, added = self.new_rows(plan.added)
            insert_rows(self.model, names, added)
        if plan.changed:
            records = self.model.objects.in_bulk([current.pk for _i, current, _d in plan.changed])
            people = self._people_of(records.values(), plan.changed)
            changed, entries = [], []
            corrected: dict[int, Any] = {}
            columns: set[str] = set()
            for item, current, found in plan.changed:
                record = records[current.pk]
                replaced = self.replaced_verdict(record)
                self.refill(record, item.parsed)
                record.row = item.row
                changed.append(record)
                own = [c for name in found if name in self.person_columns for c in self.person_columns[name]]
                if own:  # the person's own values the list corrects, written to the shared record
                    person = people[getattr(record, f"{self.person_link}_id")]
                    given = self.person_of_row(item.parsed)
                    for column in own:
                        setattr(person, column, given[column])
                    corrected[person.pk] = person
                    columns.update(own)
                values = {
                    self.label_of(name): {"before": old, "after": new} for name, (old, new) in found.items()
                }
                entries.append(
                    (
                        {self.record_name: record.pk, **values, **replaced},
                        f"Nhập lại danh sách {self.place}: dòng {item.row} ({item.label}) thay đổi "
                        + ", ".join(self.label_of(name) for name in found),
                    )
                )
            self.model.objects.bulk_update(changed, [*self.fields, "row"], batch_size=500)
            if corrected:
                self.person_model.objects.bulk_update(corrected.values(), sorted(columns), batch_size=500)
            audit.record_many(
                action=AuditAction.UPDATE, actor=self.actor, subject=self.subject, entries=entries
            )
        moved = [(current.pk, item.row) for item, current in plan.unchanged if item.row != current.row]
        if moved:
            self.model.objects.bulk_update(
                [self.model(pk=pk, row=row) for pk, row in moved], ["row"], batch_size=1000
            )

    def _people_of(
        self, records: Iterable[Any], changed: Sequence[tuple[Incoming, OnFile, dict[str, Any]]]
    ) -> dict[int, Any]:
        """The person records of the changed rows that correct a person's value, in one query."""
        if not any(name in self.person_columns for _i, _c, found in changed for name in found):
            return {}
        return self.person_model.objects.in_bulk(
            {getattr(record, f"{self.person_link}_id") for record in records}
        )

    def remove(self, records: Sequence[OnFile]) -> None:
        """The rows the new list leaves out, taken out because the person chose it; what each held stays in
        the audit trail."""
        audit.record_many(
            action=AuditAction.DELETE,
            actor=self.actor,
            subject=self.subject,
            entries=[
                (
                    {
                        self.record_name: record.pk,
                        **{self.label_of(n): {"before": v, "after": None} for n, v in record.values.items()},
                    },
                    f"Bỏ khỏi {self.removed_from} theo danh sách nhập lại: "
                    f"dòng {record.row} ({record.label})",
                )
                for record in records
            ],
        )
        self.model.objects.filter(**self.scope(), pk__in=[r.pk for r in records]).delete()

    def finish(self, result: dict[str, Any]) -> None:
        audit.record(
            action=AuditAction.UPDATE,
            actor=self.actor,
            subject=self.subject,
            message=(
                f"Nhập danh sách {self.place}: {result['added']} thêm, "
                f"{result['changed']} thay đổi, {result['unchanged']} giữ nguyên, "
                f"{result['removed']} bỏ khỏi {self.removed_from}, {result['kept_out_of_list']} không có "
                f"trong danh sách mới vẫn giữ, {result['skipped']} dòng bị từ chối"
            ),
        )


def _row_of(problem: str) -> int:
    """The row a problem ("Row N: ...", in the language of the page) is about; 0 when it names none."""
    found = re.match(r"\D*?(\d+):", problem)
    return int(found.group(1)) if found else 0


def _shown(value: Any) -> str:
    """A compared value as the preview shows it: an empty or cleared one (blank text, nothing, an empty
    list) as "—", so that a value the new list clears reads "… → —", never a blank."""
    if value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip()):
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return "; ".join(shown for shown in map(_shown, value) if shown != "—") or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


@dataclass
class Preview:
    """What confirming would do, with the token that binds the confirmation to this upload, this mapping
    and this state of the batch."""

    token: str
    added: int
    changed: int
    unchanged: int
    removed: int
    refused: int
    added_rows: list[dict[str, Any]]
    changed_rows: list[dict[str, Any]]
    removed_rows: list[dict[str, Any]]
    refused_rows: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "counts": {
                "added": self.added,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "removed": self.removed,
                "refused": self.refused,
            },
            "added": self.added_rows,
            "changed": self.changed_rows,
            "removed": self.removed_rows,
            "refused": self.refused_rows,
        }


def preview_list(
    target: ListTarget, *, batch_ref: str, kind: str, upload: JobUpload, mapping: dict[str, int]
) -> tuple[Preview, bool]:
    """Read the upload with `mapping` and say what importing it into the batch (`batch_ref`, such as
    "honours.honoursbatch:12") would do, changing nothing; also whether the batch is empty (then there is
    nothing to confirm: the list may be imported directly)."""
    with default_storage.open(upload.file, "rb") as handle:
        incoming, problems = target.incoming(sheets.read_rows(handle, mapping))
    on_file = target.on_file()
    plan = plan_list(incoming, on_file, twin=target.twin)
    refused = sorted([(_row_of(p), p) for p in problems] + plan.refused)
    token = signing.dumps(
        {
            "kind": kind,
            "batch": batch_ref,
            "upload": upload.pk,
            "sha256": upload.sha256,
            "mapping": mapping,
            "state": state_of(on_file),
        },
        salt=PREVIEW_SALT,
    )
    preview = Preview(
        token=token,
        added=len(plan.added),
        changed=len(plan.changed),
        unchanged=len(plan.unchanged),
        removed=len(plan.removed),
        refused=len(refused),
        added_rows=[{"row": i.row, "name": i.label} for i in plan.added[:SHOWN]],
        changed_rows=[
            {
                "row": item.row,
                "was_row": current.row,
                "name": item.label,
                "differences": [
                    {"field": target.label_of(name), "old": _shown(old), "new": _shown(new)}
                    for name, (old, new) in found.items()
                ],
            }
            for item, current, found in plan.changed[:SHOWN]
        ],
        removed_rows=[{"row": r.row, "name": r.label} for r in plan.removed[:SHOWN]],
        refused_rows=[text for _row, text in refused[:SHOWN]],
    )
    return preview, not on_file


def confirmed_preview(
    target: ListTarget, *, token: str, batch_ref: str, kind: str, actor: Any
) -> tuple[JobUpload, dict[str, int], str]:
    """The upload, mapping and batch state a preview token names, once checked: signed by the server for
    this batch and kind, not older than the upload is kept, the upload the same person's, unused and
    unchanged, and the batch as it was (else STALE_PREVIEW)."""
    try:
        bound = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_KEPT_SECONDS)
    except signing.BadSignature:
        raise ValidationError(_("The preview is not valid or has expired: upload the list again.")) from None
    if bound.get("kind") != kind or bound.get("batch") != batch_ref:
        raise ValidationError(_("This preview is of another list."))
    upload = jobs.upload_of(actor, bound.get("upload"), kind=kind)
    if upload.sha256 != bound.get("sha256"):
        raise ValidationError(_("The uploaded file is no longer the one previewed: upload the list again."))
    if state_of(target.on_file()) != bound.get("state"):
        raise ValidationError(STALE_PREVIEW)
    return upload, {str(k): int(v) for k, v in bound["mapping"].items()}, str(bound["state"])


def run_import(ctx: Any, target: ListTarget, *, chunk: int = 500, max_reported: int = 500) -> dict[str, Any]:
    """The body of an import job: read the workbook its starter uploaded with `mapping` (the job's
    parameter), plan it against the batch person by person (plan_list), then write the plan chunk by chunk
    from the row after the last committed one, each chunk with its checkpoint in one transaction (a worker
    killed mid-way loses nothing and writes nothing twice: on a retry the rows already written are
    unchanged). On its first attempt the job refuses to run unless the batch is in the state its preview
    was confirmed in (`expect`; an empty batch needs no preview). The people the list leaves out are taken
    out of the batch only when `remove` was chosen. The uploaded file is removed once read through."""
    mapping = {k: int(v) for k, v in ctx.params["mapping"].items()}
    after = int(ctx.cursor or 1)
    result = dict(ctx.job.result or {})
    problems: list[str] = list(result.get("problems", []))
    counts = {
        name: int(result.get(name, 0)) for name in ("stored", "skipped", "added", "changed", "unchanged")
    }
    with ctx.open_upload() as handle:
        rows = list(sheets.read_rows(handle, mapping))
    incoming, parse_problems = target.incoming(rows)
    on_file = target.on_file()
    expect = ctx.params.get("expect", "")
    if not ctx.cursor and (on_file or expect) and state_of(on_file) != expect:
        raise ValidationError(STALE_PREVIEW if ctx.params.get("expect") else NEEDS_PREVIEW)
    plan = plan_list(incoming, on_file, twin=target.twin)
    refused = sorted([(_row_of(p), p) for p in parse_problems] + plan.refused)
    numbers = [number for number, _values in rows if number > after]
    ctx.set_total(ctx.job.done + len(numbers))
    for start in range(0, len(numbers), chunk):
        low, high = numbers[start], numbers[min(start + chunk, len(numbers)) - 1]
        part = plan.between(low, high)
        found = [text for number, text in refused if low <= number <= high]
        with transaction.atomic():  # the chunk and the checkpoint after it commit together
            target.store(part)
            counts["added"] += len(part.added)
            counts["changed"] += len(part.changed)
            counts["unchanged"] += len(part.unchanged)
            counts["stored"] += len(part.added) + len(part.changed) + len(part.unchanged)
            counts["skipped"] += len(found)
            problems.extend(found[: max(0, max_reported - len(problems))])
            ctx.job.result = {**counts, "removed": 0, "problems": problems}
            type(ctx.job).objects.filter(pk=ctx.job.pk).update(result=ctx.job.result)
            ctx.checkpoint(str(high), done=len(numbers[start : start + chunk]))
    final = {**counts, "removed": 0, "kept_out_of_list": len(plan.removed), "problems": problems}
    with transaction.atomic():
        if ctx.params.get("remove") and plan.removed:
            target.remove(plan.removed)
            final["removed"], final["kept_out_of_list"] = len(plan.removed), 0
        target.finish(final)
        ctx.job.result = final
        type(ctx.job).objects.filter(pk=ctx.job.pk).update(result=final)
    if counts["added"] + counts["changed"] >= ANALYSED_AFTER:
        bulk.analyse(target.model)
    ctx.discard_upload()
    return final
