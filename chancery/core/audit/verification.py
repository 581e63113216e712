"""Verifying: `verify_chain` walks the chain and the checkpoint file and names each problem in words an
auditor can act on."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count

from chancery.core.audit.checkpoints import (
    Checkpoint,
    _line_digest,
    checkpoint_lines,
    checkpoint_path,
    parse_checkpoint,
)
from chancery.core.audit.sealing import NO_MAC, _mac_problem, compute_hash, legacy_hash
from chancery.core.audit.signing import _audit_key
from chancery.core.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    """One break in the audit chain, said in words an auditor can act on."""

    seq: int | None
    event_id: int | None
    kind: str
    detail: str
    where: str = ""  # said instead of the position, e.g. "checkpoint file, line 12"

    def __str__(self) -> str:
        if self.where:
            place = self.where
        elif self.seq is not None:
            place = f"position {self.seq}"
        else:
            place = "chain head" if self.event_id is None else ""
        event = f"event #{self.event_id}" if self.event_id is not None else ""
        return f"{self.kind} at {', '.join(p for p in (place, event) if p)}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    unsealed: int
    problems: list[ChainProblem]
    checkpoint: Checkpoint | None = None  # the newest checkpoint of the file
    checkpoint_file: Path | None = None
    after_checkpoint: int = 0  # events sealed since the newest checkpoint: not anchored yet

    @property
    def is_intact(self) -> bool:
        return not self.problems


def _sealed_events(chunk: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:chunk])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq or last


class _CheckpointFile:
    """The checkpoint file read once, line by line: each line's signature, number and link to the line
    before checked (problems go to `problems`), the valid checkpoints given out in file order."""

    def __init__(self, path: Path, key: bytes, problems: list[ChainProblem]) -> None:
        self.path, self.key, self.problems = path, key, problems
        self.last: Checkpoint | None = None
        self.exists = path.exists()

    def _problem(self, line_number: int, detail: str, kind: str = "checkpoint") -> None:
        self.problems.append(
            ChainProblem(None, None, kind, detail, where=f"checkpoint file, line {line_number}")
        )

    def __iter__(self) -> Iterator[Checkpoint]:
        previous_line: bytes | None = None
        previous_bad = False
        highest = 0
        for number, line in enumerate(checkpoint_lines(self.path), start=1):
            try:
                checkpoint = parse_checkpoint(line.decode(), self.key)
            except (ValueError, UnicodeDecodeError) as error:
                self._problem(number, f"not a checkpoint Chancery wrote: {error}")
                previous_line, previous_bad = line, True
                continue
            expected_prev = _line_digest(previous_line) if previous_line is not None else ""
            if previous_bad:
                pass  # the line before is named already
            elif self.last is not None and checkpoint.n != self.last.n + 1:
                self._problem(
                    number,
                    f"checkpoint #{checkpoint.n} follows #{self.last.n}: "
                    "checkpoints between them were removed from the file",
                )
            elif checkpoint.prev != expected_prev:
                self._problem(
                    number,
                    f"checkpoint #{checkpoint.n} is not linked to the line before it: the file was edited",
                )
            if checkpoint.seq < highest:
                self._problem(
                    number,
                    f"checkpoint #{checkpoint.n} of {checkpoint.when()} goes back to position "
                    f"{checkpoint.seq} from {highest}: the chain head was set back between them",
                    kind="rewound",
                )
            highest = max(highest, checkpoint.seq)
            self.last = checkpoint
            previous_line, previous_bad = line, False
            yield checkpoint


def _check_against(checkpoint: Checkpoint, event: AuditEvent, problems: list[ChainProblem]) -> None:
    if event.hash != checkpoint.hash:
        problems.append(
            ChainProblem(
                event.seq,
                event.pk,
                "rewritten",
                f"checkpoint #{checkpoint.n} of {checkpoint.when()} recorded another event at this position: "
                "the chain was cut back to before it and grown again",
            )
        )


def verify_chain(*, checkpoints: Path | None = None) -> ChainReport:
    """Walk the chain from the first position and report every changed, missing, reordered, forged or copied
    event, and whether the chain still reaches every checkpoint written outside the database (the configured
    file, or `checkpoints`)."""
    key = _audit_key()
    problems: list[ChainProblem] = []
    head = AuditChainHead.objects.filter(pk=1).first()
    mac_from_seq = head.mac_from_seq if head is not None else 1
    path = checkpoints or checkpoint_path()
    file = _CheckpointFile(path, key, problems)
    marks = iter(file)
    mark = next(marks, None)
    out_of_step: list[Checkpoint] = []
    expected_seq = 1
    prev_hash = ""
    prev_id: int | None = None
    checked = 0
    for event in _sealed_events():
        seq = event.seq or 0
        if seq != expected_seq:
            missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
            problems.append(
                ChainProblem(
                    expected_seq,
                    None,
                    "deleted",
                    f"event(s) at position {missing} are missing, "
                    f"between event #{prev_id} and event #{event.pk}",
                )
            )
        elif event.prev_hash != prev_hash:
            problems.append(
                ChainProblem(seq, event.pk, "relinked", "its link to the previous event does not match")
            )
        if seq < mac_from_seq:
            if not hmac.compare_digest(legacy_hash(event, seq, event.prev_hash, key), event.hash):
                problems.append(
                    ChainProblem(seq, event.pk, "changed", "its content no longer matches its seal")
                )
        elif (mac_problem := _mac_problem(event, key)) == NO_MAC:
            problems.append(ChainProblem(seq, event.pk, "forged", f"sealed, but {NO_MAC}"))
        elif mac_problem is not None:
            problems.append(ChainProblem(seq, event.pk, "changed", "its content no longer matches its MAC"))
        elif not hmac.compare_digest(compute_hash(event, seq, event.prev_hash, key), event.hash):
            problems.append(ChainProblem(seq, event.pk, "changed", "it no longer matches its seal"))
        while mark is not None and mark.seq <= seq:
            if mark.seq == seq:
                _check_against(mark, event, problems)
            else:
                out_of_step.append(mark)
            mark = next(marks, None)
        prev_hash = event.hash
        prev_id = event.pk
        expected_seq = seq + 1
        checked += 1
    chain_end = expected_seq - 1
    beyond: Checkpoint | None = None
    while mark is not None:
        if mark.seq > chain_end:
            beyond = mark if beyond is None or mark.seq > beyond.seq else beyond
        else:
            out_of_step.append(mark)
        mark = next(marks, None)
    _check_out_of_step(out_of_step, problems)
    if head is not None and head.seq != chain_end:
        problems.append(
            ChainProblem(
                None,
                None,
                "deleted",
                f"the chain should end at position {head.seq} but its last event is at {chain_end}",
            )
        )
    elif head is not None and head.seq and head.hash != prev_hash:
        problems.append(ChainProblem(None, None, "changed", "the last event does not match the chain head"))
    if beyond is not None and beyond.seq > max(chain_end, head.seq if head is not None else 0):
        problems.append(
            ChainProblem(
                chain_end or None,
                None,
                "cut",
                f"the chain ends at position {chain_end}, but checkpoint #{beyond.n} of {beyond.when()} "
                f"recorded it reaching position {beyond.seq}: events {chain_end + 1}–{beyond.seq} were "
                "removed and the chain head set back",
                where="end of the chain",
            )
        )
    _check_checkpoint_file(file, head, chain_end, checkpoints is None, problems)
    unsealed = _check_pending(key, problems)
    unsealed -= _check_copies(problems)
    latest = file.last
    return ChainReport(
        checked=checked,
        unsealed=unsealed,
        problems=problems,
        checkpoint=latest,
        checkpoint_file=path,
        after_checkpoint=max(0, chain_end - latest.seq) if latest is not None else chain_end,
    )


def _check_out_of_step(marks: list[Checkpoint], problems: list[ChainProblem]) -> None:
    """Checkpoints the walk passed without meeting their position (out of order, or at a deleted position):
    each looked up."""
    for start in range(0, len(marks), 500):
        chunk = marks[start : start + 500]
        events = {e.seq: e for e in AuditEvent.objects.filter(seq__in={m.seq for m in chunk})}
        for mark in chunk:
            if (event := events.get(mark.seq)) is not None:
                _check_against(mark, event, problems)


def _check_checkpoint_file(
    file: _CheckpointFile,
    head: AuditChainHead | None,
    chain_end: int,
    own_file: bool,
    problems: list[ChainProblem],
) -> None:
    written = head.checkpoints if head is not None else 0
    found = file.last.n if file.last is not None else 0
    where = f"checkpoint file {file.path}"
    if not file.exists and written:
        detail = f"missing: {written} checkpoint(s) were written to it"
    elif own_file and found < written:
        detail = (
            f"it ends at checkpoint #{found}, but {written} were written: the file was cut short or replaced"
        )
    elif chain_end and file.last is None:
        detail = "no checkpoint anchors the end of the chain (run `chancery audit checkpoint`)"
    else:
        return
    problems.append(ChainProblem(None, None, "checkpoint", detail, where=where))


def _check_pending(key: bytes, problems: list[ChainProblem]) -> int:
    """Name every pending row whose MAC is missing or wrong; the number of genuine pending events."""
    genuine = 0
    for event in AuditEvent.objects.filter(seq__isnull=True).order_by("id").iterator(chunk_size=2000):
        if why := _mac_problem(event, key):
            problems.append(ChainProblem(None, event.pk, "forged", f"not sealed; {why}"))
        else:
            genuine += 1
    return genuine


def _check_copies(problems: list[ChainProblem]) -> int:
    """Name every row that carries the MAC of another: a copy of a genuine event (the unique index that
    forbids it can be dropped by the database's owner). Returns how many of them are not sealed."""
    repeated = (
        AuditEvent.objects.exclude(mac="")
        .values("mac")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .values("mac")
    )
    copies = AuditEvent.objects.filter(mac__in=repeated).order_by("mac", "id").values_list("mac", "id", "seq")
    first: dict[str, int] = {}
    pending = 0
    for mac, pk, seq in copies:
        if mac not in first:
            first[mac] = pk
            continue
        pending += seq is None
        problems.append(
            ChainProblem(
                seq,
                pk,
                "copied",
                ("" if seq is not None else "not sealed; ")
                + f"it carries the same MAC as event #{first[mac]}: one of them is a copy, "
                "not an event Chancery wrote",
            )
        )
    return pending
