"""What the review of a verdict shares between modules: a specialist's outcome in place of the engine's,
with its reason, on any record with the columns verdict, override, override_reason, overridden_by and
outcome (the override if any, else the verdict)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from chancery.core.text import nfc

OUTCOMES = ("pass", "fail", "review")


def set_override(record: Any, *, actor: Any, outcome: str, reason: str) -> tuple[str, str]:
    """Set (or, with an empty `outcome`, remove) the override of a locked record and save it; a reason of at
    least ten characters is required. Returns (the outcome before, the reason as stored)."""
    reason = nfc(reason).strip()
    if outcome and outcome not in OUTCOMES:
        raise ValidationError({"outcome": "Kết quả không hợp lệ."})
    if outcome and len(reason) < 10:
        raise ValidationError({"reason": "Ghi rõ lý do điều chỉnh (ít nhất 10 ký tự)."})
    before = record.outcome
    record.override = outcome
    record.override_reason = reason if outcome else ""
    record.overridden_by = actor if outcome else None
    record.outcome = outcome or record.verdict
    record.save(update_fields=["override", "override_reason", "overridden_by", "outcome"])
    return before, reason
