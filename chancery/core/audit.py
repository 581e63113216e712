"""The audit trail: one way to write an event, to seal events into a hash chain, and to verify the chain.

Services call `record()` inside their transaction; the event is sealed right after the transaction commits,
so writers never wait on each other for the chain while their transaction runs. Sealing takes the chain
head's row lock, gives every pending event the next position (`seq`) and an HMAC-SHA256 over its content and
the previous event's hash. The key (CHANCERY_AUDIT_KEY, or var/audit_key) is not in the database: someone who
can write to the database but not read the server's key cannot rewrite the chain to hide a change.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from chancery.core.models import AuditAction, AuditChainHead, AuditEvent, SecrecyLevel

# The request being served, set by AuditContextMiddleware, so that events written by services called from a
# view carry the client's address without every service taking the request (NetBox's current_request).
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "chancery_current_request", default=None
)

SEAL_BATCH = 2000


def _audit_key() -> bytes:
    if key := os.environ.get("CHANCERY_AUDIT_KEY"):
        return key.encode()
    path = settings.VAR_DIR / "audit_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


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
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
        elif field.many_to_one or field.one_to_one:
            related = getattr(instance, name)
            values[name] = str(related) if related is not None else None
        else:
            value = getattr(instance, getattr(field, "attname", name))
            values[name] = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields whose value changed, as {field: {"before": ..., "after": ...}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


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


def record(
    *,
    action: str,
    actor: Any = None,
    subject: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEvent:
    """Write one audit event in the current transaction; it is sealed into the chain when that commits."""
    request = current_request.get()
    unit_id, secrecy = scope_of(subject)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor_obj,
        actor_name=actor_obj.get_full_name() if actor_obj else "",
        action=AuditAction(action),
        object_type=object_type_of(subject) if subject is not None else "",
        object_id=subject.pk if subject is not None else None,
        object_repr=str(subject)[:300] if subject is not None else "",
        unit_id=unit_id,
        secrecy=secrecy,
        changes=changes or {},
        message=message[:300],
        ip_address=client_address(request),
    )
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
    thousands of rows keeps one line each in the trail); sealed into the chain when the transaction
    commits."""
    request = current_request.get()
    unit_id, secrecy = scope_of(subject)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    common = {
        "at": now,
        "actor": actor_obj,
        "actor_name": actor_obj.get_full_name() if actor_obj else "",
        "action": AuditAction(action),
        "object_type": object_type_of(subject) if subject is not None else "",
        "object_id": subject.pk if subject is not None else None,
        "object_repr": str(subject)[:300] if subject is not None else "",
        "unit_id": unit_id,
        "secrecy": secrecy,
        "ip_address": client_address(request),
    }
    AuditEvent.objects.bulk_create(
        [AuditEvent(**common, changes=changes, message=message[:300]) for changes, message in entries],
        batch_size=1000,
    )
    _schedule_seal()
    return len(entries)


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


def _payload(event: AuditEvent, seq: int, prev_hash: str) -> bytes:
    at = event.at.astimezone(dt.UTC) if event.at.tzinfo else event.at
    fields = [
        str(seq),
        prev_hash,
        str(event.pk),
        at.isoformat(timespec="microseconds"),
        str(event.actor_id or ""),
        event.actor_name,
        event.action,
        event.object_type,
        str(event.object_id if event.object_id is not None else ""),
        event.object_repr,
        str(event.unit_id or ""),
        str(event.secrecy),
        json.dumps(event.changes, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder),
        event.message,
        event.ip_address or "",
    ]
    return "\x1f".join(fields).encode()


def compute_hash(event: AuditEvent, seq: int, prev_hash: str, key: bytes | None = None) -> str:
    return hmac.new(key or _audit_key(), _payload(event, seq, prev_hash), hashlib.sha256).hexdigest()


def seal_pending() -> int:
    """Chain every unsealed event, oldest first; returns how many were sealed."""
    key = _audit_key()
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            batch = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:SEAL_BATCH])
            if not batch:
                return sealed
            for event in batch:
                head.seq += 1
                event.seq = head.seq
                event.prev_hash = head.hash
                event.hash = compute_hash(event, event.seq, event.prev_hash, key)
                head.hash = event.hash
            AuditEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            head.save(update_fields=["seq", "hash"])
            sealed += len(batch)


@dataclass(frozen=True)
class ChainProblem:
    """One break in the audit chain, said in words an auditor can act on."""

    seq: int | None
    event_id: int | None
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"position {self.seq}" if self.seq is not None else "chain head"
        event = f", event #{self.event_id}" if self.event_id is not None else ""
        return f"{self.kind} at {where}{event}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    unsealed: int
    problems: list[ChainProblem]

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


def verify_chain() -> ChainReport:
    """Walk the chain from the first position and report every changed, missing or reordered event."""
    key = _audit_key()
    problems: list[ChainProblem] = []
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
        if not hmac.compare_digest(compute_hash(event, seq, event.prev_hash, key), event.hash):
            problems.append(ChainProblem(seq, event.pk, "changed", "its content no longer matches its seal"))
        prev_hash = event.hash
        prev_id = event.pk
        expected_seq = seq + 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != expected_seq - 1:
        problems.append(
            ChainProblem(
                None,
                None,
                "deleted",
                f"the chain should end at position {head.seq} but its last event is at {expected_seq - 1}",
            )
        )
    elif head is not None and head.seq and head.hash != prev_hash:
        problems.append(ChainProblem(None, None, "changed", "the last event does not match the chain head"))
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    return ChainReport(checked=checked, unsealed=unsealed, problems=problems)


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
