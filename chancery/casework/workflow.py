"""Workflows: a case type declares its states and transitions; `services.transition` is the only way a case
changes state (web, API, imports and jobs alike).

A transition names the states it leaves from and the one it leads to, who may take it (a check on the access
policy), the data it needs, a guard (a rule that may refuse it, with the reason), and its side effects
(start or stop a clock, ...), all run in the transaction that changes the state and writes the audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.core import access
from chancery.core.models import ProtectedRecord

Guard = Callable[["Case", Mapping[str, Any]], "str | Promise | None"]
Permission = Callable[[Any, "Case"], bool]
Effect = Callable[[Any, "Case", Mapping[str, Any]], None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise
    permission: Permission = access.can_change
    required: tuple[str, ...] = ()
    guard: Guard | None = None
    effects: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Workflow:
    states: Mapping[str, str | Promise]
    initial: str
    transitions: tuple[Transition, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError("transition names must be unique")
        for transition in self.transitions:
            unknown = (transition.sources | {transition.target}) - set(self.states)
            if unknown:
                raise ValueError(f"transition {transition.name} names unknown states {sorted(unknown)}")
        if self.initial not in self.states:
            raise ValueError(f"unknown initial state {self.initial}")

    @property
    def final_states(self) -> frozenset[str]:
        """The states no transition leaves (closed, issued, withdrawn): the case's work is done."""
        return frozenset(self.states) - frozenset().union(*(t.sources for t in self.transitions))

    def get(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, user: Any, case: Case) -> list[Transition]:
        """The transitions this person may take now (for buttons and the API's list of actions)."""
        return [t for t in self.transitions if case.state in t.sources and t.permission(user, case)]


class Case(ProtectedRecord):
    """What every case shares: a state that only its workflow changes."""

    state = models.CharField(_("state"), max_length=40, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    workflow: ClassVar[Workflow]

    class Meta:
        abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.state:
            self.state = self.workflow.initial
        self._saved_state = self.state if self.pk else None
        self._transitioning = False

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._saved_state = instance.state
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_state is not None and self.state != self._saved_state and not self._transitioning:
            raise ValueError(
                "a case's state changes only through its workflow (casework.services.transition)"
            )
        super().save(*args, **kwargs)
        self._saved_state = self.state

    @property
    def state_label(self) -> str:
        return str(self.workflow.states.get(self.state, self.state))
