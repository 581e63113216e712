"""The appraisal engine shared by honours and amnesty: a rule set per kind of proposal and version of the law,
made of criteria that each say pass, fail or "needs review" with the reason and the facts they used.

Everything here is pure: a criterion reads a `Mapping` of facts (built by the module from the nominee's row
and the records on file) and the rule set's parameters, and returns a `Finding`. The verdict lists every
criterion, so the specialist sees why, and an override is taken against that list.

The law changes: a proposal is judged by the rule set in force on its date (`RuleBook.in_force`). A date no
rule set covers is not guessed at: the verdict is "needs review" with that reason.

A number of the law not yet checked against the published text (`Parameter.verified` False) decides nothing
on its own: a verdict under it never passes (the "unverified" finding asks a person to confirm), and a
criterion that fails after reading it goes to a person too, with the parameter named; a failure that reads
no unchecked parameter (no prior award at all, say) still fails.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any

Facts = Mapping[str, Any]
Params = Mapping[str, Any]


class Outcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"


@dataclass(frozen=True)
class Finding:
    """What one criterion found: its outcome, the reason in the Office's words, the facts it used."""

    code: str
    title: str
    outcome: Outcome
    reason: str
    article: str = ""
    facts: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "outcome": str(self.outcome),
            "reason": self.reason,
            "article": self.article,
            "facts": dict(self.facts),
        }


@dataclass(frozen=True)
class Result:
    """What a check returns; the criterion adds its code, title and article."""

    outcome: Outcome
    reason: str
    facts: Mapping[str, Any] = field(default_factory=dict)


def clause(reason: str) -> str:
    """A reason as a clause to join with others: without its closing full stop (joining "a." and "b." with
    "; " would give "a.; b.")."""
    return reason.strip().rstrip(".;,: ").strip()


def sentences(parts: Iterable[str]) -> str:
    """Reasons joined as one sentence: "a; b; c." (empty when there are none)."""
    clauses = [c for c in (clause(p) for p in parts) if c]
    return "; ".join(clauses) + "." if clauses else ""


def passed(reason: str, **facts: Any) -> Result:
    return Result(Outcome.PASS, reason, facts)


def failed(reason: str, **facts: Any) -> Result:
    return Result(Outcome.FAIL, reason, facts)


def review(reason: str, **facts: Any) -> Result:
    return Result(Outcome.REVIEW, reason, facts)


Check = Callable[[Facts, Params], Result]


@dataclass(frozen=True)
class Criterion:
    """One condition of the law: `check(facts, params)`; `article` is where the law says it."""

    code: str
    title: str
    article: str
    check: Check

    def apply(self, facts: Facts, params: Params) -> Finding:
        try:
            result = self.check(facts, params)
        except KeyError as error:  # a fact missing: a person looks
            result = review(f"Không đủ dữ liệu để xét: thiếu “{error.args[0] if error.args else ''}”.")
        except (TypeError, ValueError, ArithmeticError) as error:  # malformed, or dates out of range
            result = review("Dữ liệu không hợp lệ để xét: đối chiếu hồ sơ.", error=str(error))
        return Finding(self.code, self.title, result.outcome, result.reason, self.article, result.facts)


def any_of(code: str, title: str, article: str, options: Sequence[Criterion]) -> Criterion:
    """A criterion met by any one of its options (the law's "đạt một trong các tiêu chuẩn sau"): pass when
    one passes, else "needs review" when one needs it, else fail with every option's reason."""

    def check(facts: Facts, params: Params) -> Result:
        findings = [option.apply(facts, params) for option in options]
        for finding in findings:
            if finding.outcome is Outcome.PASS:
                return passed(f"{finding.title}: {finding.reason}", **finding.facts)
        reviewing = [f for f in findings if f.outcome is Outcome.REVIEW]
        if reviewing:
            return review(sentences(f"{f.title}: {f.reason}" for f in reviewing))
        return failed(sentences(f"{f.title}: {f.reason}" for f in findings))

    return Criterion(code, title, article, check)


@dataclass(frozen=True)
class Parameter:
    """A number of the law a rule set uses, shown to administrators with its source; `verified` is False
    while it has not been checked against the published text (the verdict then asks a person to look);
    `display` is the value in words when the raw value is a structure."""

    name: str
    value: Any
    label: str
    article: str
    verified: bool = True
    display: str = ""

    @property
    def shown(self) -> str:
        return self.display or str(self.value)


@dataclass(frozen=True)
class RuleSet:
    """The criteria of one kind of proposal under one version of the law, in force from `valid_from` up to
    and including `valid_to` (None: still in force)."""

    code: str
    version: str
    title: str
    basis: str
    valid_from: date
    valid_to: date | None
    criteria: tuple[Criterion, ...]
    parameters: tuple[Parameter, ...] = ()

    @cached_property
    def params(self) -> Mapping[str, Any]:
        return MappingProxyType({p.name: p.value for p in self.parameters})

    @cached_property
    def unverified(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if not p.verified)

    @cached_property
    def unverified_finding(self) -> Finding | None:
        """The finding every verdict under unchecked parameters carries (None when all are checked)."""
        if not self.unverified:
            return None
        names = ", ".join(p.label for p in self.unverified)
        return Finding(
            "unverified",
            "Tham số chưa đối chiếu văn bản",
            Outcome.REVIEW,
            f"Các tham số sau chưa được đối chiếu với văn bản gốc: {names}.",
        )

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Verdict:
    """The verdict on one proposal: every criterion's finding, and the outcome they add up to (fail if any
    fails, else needs review if any needs it, else pass)."""

    rule_set: str
    version: str
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> list[str]:
        """The reasons a person must read: the failed and doubtful criteria, in order."""
        return [f"{f.title}: {f.reason}" for f in self.findings if f.outcome is not Outcome.PASS]

    @property
    def summary(self) -> str:
        """The reasons as one sentence, for a list's column and a letter."""
        return sentences(self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "version": self.version,
            "outcome": str(self.outcome),
            "findings": [f.as_dict() for f in self.findings],
        }


def combine(findings: Iterable[Finding]) -> Outcome:
    outcomes = {f.outcome for f in findings}
    if Outcome.FAIL in outcomes:
        return Outcome.FAIL
    if Outcome.REVIEW in outcomes:
        return Outcome.REVIEW
    return Outcome.PASS


class _Reads(Mapping[str, Any]):
    """The parameters as a criterion sees them, noting which it read: a failure is only as sure as the
    numbers it read."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._params = params
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self.read.add(name)
        return self._params[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)


def _unchecked_failure(finding: Finding, doubtful: Sequence[Parameter]) -> Finding:
    """A criterion failed on a number not yet checked against the published text: a person decides, told
    which number and what the criterion found by it."""
    named = "; ".join(f"ngưỡng “{p.label}” ({p.shown})" for p in doubtful)
    reason = f"{clause(finding.reason)}; {named} chưa được đối chiếu văn bản: cần người xem xét."
    facts = {**finding.facts, "unverified": [p.name for p in doubtful], "by_threshold": str(Outcome.FAIL)}
    return Finding(finding.code, finding.title, Outcome.REVIEW, reason, finding.article, facts)


def appraise(rule_set: RuleSet, facts: Facts) -> Verdict:
    """Apply every criterion of the rule set to the facts. A criterion that fails after reading a parameter
    not yet checked against the text goes to a person instead (`_unchecked_failure`)."""
    params = rule_set.params
    unverified = {p.name: p for p in rule_set.unverified}
    findings_list = []
    for criterion in rule_set.criteria:
        if not unverified:  # nothing to note of what it reads
            findings_list.append(criterion.apply(facts, params))
            continue
        reads = _Reads(params)
        finding = criterion.apply(facts, reads)
        if finding.outcome is Outcome.FAIL:
            doubtful = [unverified[name] for name in sorted(reads.read) if name in unverified]
            if doubtful:
                finding = _unchecked_failure(finding, doubtful)
        findings_list.append(finding)
    if rule_set.unverified_finding is not None:
        findings_list.append(rule_set.unverified_finding)
    findings = tuple(findings_list)
    return Verdict(rule_set.code, rule_set.version, combine(findings), findings)


class RuleBook:
    """Every version of every rule set a module knows, looked up by code and date."""

    def __init__(self, rule_sets: Iterable[RuleSet]) -> None:
        self._by_code: dict[str, list[RuleSet]] = {}
        for rule_set in rule_sets:
            versions = self._by_code.setdefault(rule_set.code, [])
            for other in versions:
                if rule_set.covers(other.valid_from) or other.covers(rule_set.valid_from):
                    raise ValueError(
                        f"{rule_set.code}: versions {other.version} and {rule_set.version} overlap"
                    )
            versions.append(rule_set)
            versions.sort(key=lambda r: r.valid_from)

    def codes(self) -> list[str]:
        return list(self._by_code)

    def versions(self, code: str) -> list[RuleSet]:
        return list(self._by_code.get(code, []))

    def all(self) -> list[RuleSet]:
        return [r for versions in self._by_code.values() for r in versions]

    def in_force(self, code: str, on: date) -> RuleSet | None:
        return next((r for r in self._by_code.get(code, []) if r.covers(on)), None)

    def appraise(self, code: str, on: date, facts: Facts) -> Verdict:
        rule_set = self.in_force(code, on)
        if rule_set is None:
            finding = Finding(
                "rule_set",
                "Văn bản áp dụng",
                Outcome.REVIEW,
                f"Hệ thống chưa có bộ tiêu chuẩn cho ngày {on:%d/%m/%Y}: thẩm định thủ công.",
            )
            return Verdict(code, "", Outcome.REVIEW, (finding,))
        return appraise(rule_set, facts)
