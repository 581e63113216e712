"""The access layer's function: per model, when a record is protected, who reads it in full and the identity
to remove (`register`); what a person reads of a record's free text (`text_for`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chancery.core.redaction.base import WITHHELD, Identity
from chancery.core.redaction.text import redact

logger = logging.getLogger("chancery.core.redaction")


# --- the access layer's function ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """How a module protects a model's records: whether a record is protected, whether a person may read it
    in full (its handlers), and the identity on file to remove for everyone else."""

    is_protected: Callable[[Any], bool]
    may_read: Callable[[Any, Any], bool]
    identity: Callable[[Any], Identity]


POLICIES: dict[str, Policy] = {}


def register(
    model: type,
    *,
    is_protected: Callable[[Any], bool],
    may_read: Callable[[Any, Any], bool],
    identity: Callable[[Any], Identity],
) -> None:
    POLICIES[model._meta.label_lower] = Policy(is_protected, may_read, identity)  # type: ignore[attr-defined]


def _policy(record: Any) -> Policy | None:
    meta = getattr(record, "_meta", None)
    return POLICIES.get(meta.label_lower) if meta is not None else None


def is_protected(record: Any) -> bool:
    policy = _policy(record)
    return policy is not None and policy.is_protected(record)


def may_read_in_full(user: Any, record: Any) -> bool:
    """Whether this person reads the record's free text as written (the record is not protected, or the
    person handles it). `None` (an outlet with no reader: the index, a letter, the audit trail) never does."""
    policy = _policy(record)
    if policy is None or not policy.is_protected(record):
        return True
    return user is not None and policy.may_read(user, record)


def redactor(user: Any, record: Any) -> Callable[[str], str]:
    """A function giving each free text of this record as this person may read it; the identity on file is
    read once, however many texts are redacted."""
    if may_read_in_full(user, record):
        return lambda text: text
    policy = _policy(record)
    assert policy is not None
    identity: list[Identity] = []

    def shown(text: str) -> str:
        if not text:
            return text
        try:
            if not identity:
                identity.append(policy.identity(record))
            return redact(text, identity[0])
        except Exception:  # never fail open: nothing of the text rather than all of it
            logger.exception("redaction failed: %s %s", record._meta.label_lower, getattr(record, "pk", None))
            return WITHHELD

    return shown


def text_for(user: Any, record: Any, text: str) -> str:
    """The record's free text as this person may read it: in full for its handlers, redacted for everyone
    else (`user=None` included)."""
    return redactor(user, record)(text)


def redact_values(record: Any, value: Any) -> Any:
    """Every text inside a JSON-like value (an audit event's changes) redacted for nobody in particular."""
    shown = redactor(None, record)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return shown(item)
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [walk(v) for v in item]
        return item

    return walk(value)
