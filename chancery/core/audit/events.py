"""Writing audit events: `record()` and `record_many()` in the caller's transaction, each event signed as it
is written and sealed once the transaction commits; what an event copies from its record and its request;
the page of an event's record."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from chancery.core.audit.sealing import seal_pending
from chancery.core.audit.signing import _address_as_stored, _as_stored, _audit_key, sign_event
from chancery.core.models import AuditAction, AuditEvent, SecrecyLevel

# The request being served, set by AuditContextMiddleware, so that events written by services called from a
# view carry the client's address without every service taking the request (NetBox's current_request).
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "chancery_current_request", default=None
)


def object_type_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The audited fields of a record as plain JSON values: foreign keys as their label, many-to-many as a
    sorted list of labels, choices as their stored value."""
    names: Iterable[str] = getattr(instance, "audit_fields", None) or [
        f.name for f in instance._meta.concrete_fields if not f.primary_key
    ]
    values: dict[str, Any] = {}
    for name in names:
        field_ = instance._meta.get_field(name)
        if field_.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
        elif field_.many_to_one or field_.one_to_one:
            related = getattr(instance, name)
            values[name] = str(related) if related is not None else None
        else:
            value = getattr(instance, getattr(field_, "attname", name))
            values[name] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields whose value changed, as {field: {"before": ..., "after": ...}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def choice_change(choices: type[models.Choices], before: Any, after: Any) -> dict[str, Any]:
    """A change between two values of a set of choices, kept by their labels as staff read them (an
    outcome "review" → "pass" is shown "Cần xem xét → Đạt"), a value outside the set as it is."""

    def label(value: Any) -> Any:
        return str(choices(value).label) if value in choices.values else value

    return {"before": label(before), "after": label(after)}


def scope_of(subject: models.Model | None) -> tuple[int | None, int]:
    """The owning unit and secrecy level of a record, copied on its events so that the audit trail is
    filtered by the same access policy as the record."""
    if subject is None:
        return None, SecrecyLevel.NONE
    scope = getattr(subject, "audit_scope", None)
    if callable(scope):
        unit_id, secrecy = scope()
        return unit_id, int(secrecy)
    return getattr(subject, "owning_unit_id", None), int(getattr(subject, "secrecy", SecrecyLevel.NONE))


def _common_fields(actor: Any, subject: models.Model | None, action: str) -> dict[str, Any]:
    unit_id, secrecy = scope_of(subject)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return {
        "at": timezone.now(),
        "actor": actor_obj,
        "actor_name": actor_obj.get_full_name() if actor_obj else "",
        "action": AuditAction(action),
        "object_type": object_type_of(subject) if subject is not None else "",
        "object_id": int(subject.pk) if subject is not None and subject.pk is not None else None,
        "object_repr": str(subject)[:300] if subject is not None else "",
        "unit_id": unit_id,
        "secrecy": secrecy,
        "ip_address": _address_as_stored(client_address(current_request.get())),
    }


def record(
    *,
    action: str,
    actor: Any = None,
    subject: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Write one audit event in the current transaction; it is sealed into the chain when that commits."""
    changes, message = _redacted(subject, changes or {}, message)
    event = AuditEvent(
        **_common_fields(actor, subject, action),
        changes=_as_stored(changes or {}),
        message=_with_token(message)[:300],
    )
    sign_event(event, _audit_key())
    event.save(force_insert=True)
    _schedule_seal()
    return event


def record_many(
    *,
    action: str,
    actor: Any = None,
    subject: models.Model | None = None,
    entries: list[tuple[dict[str, Any], str]],
) -> int:
    """Write one audit event per (changes, message) about the same subject in one insert (a bulk change of
    thousands of rows keeps one line each in the trail), each with its own MAC; sealed into the chain when
    the transaction commits."""
    key = _audit_key()
    common = _common_fields(actor, subject, action)
    events = []
    for entry_changes, entry_message in entries:
        changes, message = _redacted(subject, entry_changes, entry_message)
        event = AuditEvent(**common, changes=_as_stored(changes), message=_with_token(message)[:300])
        sign_event(event, key)
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    _schedule_seal()
    return len(entries)


def _redacted(
    subject: models.Model | None, changes: dict[str, Any], message: str
) -> tuple[dict[str, Any], str]:
    """The event's changes and message with a protected record's free text redacted
    (chancery.core.access.redacted_text): a denouncer's identity written in a summary, an outcome or a reason
    never reaches the trail, which heads of unit and the leadership read."""
    from chancery.core import redaction

    if subject is None or not redaction.is_protected(subject):
        return changes, message
    redacted = redaction.redact_values(subject, {"changes": changes, "message": message})
    return redacted["changes"], redacted["message"]


def _with_token(message: str) -> str:
    """The message, naming the API token that authenticated the request being served, if one did (its
    prefix, never the key): every change made with a token is attributable to that token."""
    token = getattr(current_request.get(), "auth", None)  # set by DRF's authentication on the request
    prefix = getattr(token, "prefix", "")
    if not prefix or prefix in message:
        return message
    if not message.strip():
        return f"qua khóa API {prefix}…"
    note = f" [qua khóa API {prefix}…]"
    return message[: 300 - len(note)] + note


def client_address(request: HttpRequest | None) -> str | None:
    """The address of the person's machine: REMOTE_ADDR, or, when that is one of the office's proxies
    (CHANCERY_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that no trusted proxy added. Behind
    nginx every request comes from 127.0.0.1; the limits on the public form and the audit trail need the
    citizen's or the clerk's own address."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = set(getattr(settings, "CHANCERY_TRUSTED_PROXIES", ()))
    if remote in trusted:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        for address in reversed(forwarded):
            if address not in trusted:
                return address
    return remote or None


def _schedule_seal() -> None:
    """Seal after commit, once per transaction however many events it writes."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        seal_pending()
        return
    if not any(entry[1] is seal_pending for entry in connection.run_on_commit):
        transaction.on_commit(seal_pending)


def subject_url(object_type: str, object_id: int | None) -> str | None:
    """The page of an event's record, from the model's `detail_url_name`, without loading the record."""
    if not object_type or object_id is None:
        return None
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    name = getattr(model, "detail_url_name", None)
    if not name:
        return None
    try:
        return reverse(name, args=[object_id])
    except NoReverseMatch:
        return None
