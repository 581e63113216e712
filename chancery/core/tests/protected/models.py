from collections.abc import Mapping
from typing import Any

from django.db import models

from chancery.casework.services import starts_clock, stops_clock
from chancery.casework.workflow import Case, Transition, Workflow
from chancery.core import access
from chancery.core.models import ProtectedRecord


class Memo(ProtectedRecord):
    """A minimal protected record, shaped like every domain record (owning unit, secrecy, assignments)."""

    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.title


def _reason_is_given_in_full(case: Case, data: Mapping[str, Any]) -> str | None:
    if len(str(data.get("reason", "")).strip()) < 10:
        return "Lý do không thụ lý phải nêu rõ (ít nhất 10 ký tự)."
    return None


class Complaint(Case):
    """A small case type, shaped like the modules' ones, to exercise workflows and clocks end to end."""

    title = models.CharField("Trích yếu", max_length=200)
    body = models.TextField(blank=True)

    class Meta:
        # One index per sortable column of its list, with the id that breaks ties (keyset pages).
        indexes = [
            models.Index(fields=["title", "id"], name="complaint_title_idx"),
            models.Index(fields=["created_at", "id"], name="complaint_created_idx"),
            models.Index(fields=["state", "id"], name="complaint_state_idx"),
            models.Index(fields=["owning_unit", "id"], name="complaint_unit_idx"),
        ]

    workflow = Workflow(
        states={
            "received": "Đã tiếp nhận",
            "accepted": "Đã thụ lý",
            "rejected": "Không thụ lý",
            "answered": "Đã trả lời",
        },
        initial="received",
        transitions=(
            Transition(
                "accept",
                frozenset({"received"}),
                "accepted",
                "Thụ lý",
                effects=(starts_clock("handling", "Thời hạn giải quyết", 30, "calendar"),),
            ),
            Transition(
                "reject",
                frozenset({"received"}),
                "rejected",
                "Không thụ lý",
                required=("reason",),
                guard=_reason_is_given_in_full,
            ),
            Transition(
                "answer",
                frozenset({"accepted"}),
                "answered",
                "Trả lời",
                permission=access.can_assign,
                effects=(stops_clock("handling", "Đã trả lời"),),
            ),
        ),
    )

    def __str__(self) -> str:
        return self.title
