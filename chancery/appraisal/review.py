"""What the review of a verdict shares between modules: a specialist's outcome in place of the engine's,
with its reason, on any record with the columns verdict, override, override_reason, overridden_by and
outcome (the override if any, else the verdict)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from chancery.core.text import nfc

OUTCOMES = ("pass", "fail", "review")


def set_override(record: Any, *, actor: Any, outcome: str, reason: str) -> tuple[str, str]:
    """Set (or, with an empty `outcome`, remove) the override of a locked record and save it; a reason of at
    least ten characters is required. Returns (the outcome before, the reason as stored)."""
    reason = nfc(reason).strip()
    if outcome and outcome not in OUTCOMES:
        raise ValidationError({"outcome": gettext("The outcome is not valid.")})
    if outcome and len(reason) < 10:
        raise ValidationError(
            {"reason": gettext("Give the reason for the adjustment (at least 10 characters).")}
        )
    before = record.outcome
    record.override = outcome
    record.override_reason = reason if outcome else ""
    record.overridden_by = actor if outcome else None
    record.outcome = outcome or record.verdict
    record.save(update_fields=["override", "override_reason", "overridden_by", "outcome"])
    return before, reason


def replaced_verdict(record: Any, labels: Any) -> dict[str, Any]:
    """What a changed row loses of its review when it is appraised again, for the history of the import:
    the verdict (back to pending), the override and its reason, each {"before", "after"} under its
    Vietnamese label; `labels` is the domain's Verdict choices."""
    replaced: dict[str, Any] = {}
    with translation.override("vi"):
        if record.verdict != labels.PENDING:
            replaced["Kết quả thẩm định"] = {
                "before": str(labels(record.verdict).label),
                "after": str(labels.PENDING.label),
            }
        if record.override:
            replaced["Kết quả điều chỉnh"] = {"before": str(labels(record.override).label), "after": ""}
            replaced["Lý do điều chỉnh"] = {"before": record.override_reason, "after": ""}
    return replaced
