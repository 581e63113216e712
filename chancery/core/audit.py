"""The audit trail: one way to write an event, to seal events into a hash chain, to anchor the chain's end
outside the database, and to verify all of it.

Services call `record()` inside their transaction. The event is authenticated as it is written: a random
nonce and an HMAC of its content (`mac`) under the audit key, which is not in the database. It is sealed
right after the transaction commits, so writers never wait on each other for the chain while their
transaction runs: sealing takes the chain head's row lock, refuses any pending row whose MAC is missing,
wrong or a copy of another row's (it stays unsealed, is logged, and `chancery audit verify` names it), and
gives every accepted event the next position (`seq`) and a seal: an HMAC over the position, the previous
event's seal, the event's id and its MAC.

A database owner can still delete the newest events and set the chain head back: what is left is a whole
chain. So the chain's end is anchored outside the database: after a seal (at most once every
CHANCERY_AUDIT_CHECKPOINT_SECONDS) and on `chancery audit checkpoint`, a checkpoint (position, seal,
time) is appended to a file outside the database (CHANCERY_AUDIT_CHECKPOINTS), signed with the key and
chained to the line before, and optionally logged. It is written in a short transaction of its own right
after the seal commits, under the same row lock, so that it names only a committed position and checkpoints
from many processes follow each other in order. `verify` checks that the chain reaches every checkpoint
with the seal it recorded, and that the file itself is whole.

The key (CHANCERY_AUDIT_KEY, or var/audit_key) is used for three purposes, each through its own derived key:
event MACs, seals and checkpoints. Events sealed before MACs existed (positions below the chain head's
`mac_from_seq`) keep the seal they were given, over their content, with the key itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import fcntl
import functools
import hashlib
import hmac
import ipaddress
import json
import logging
import math
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from chancery.core.models import AuditAction, AuditChainHead, AuditEvent, SecrecyLevel

logger = logging.getLogger(__name__)
checkpoint_logger = logging.getLogger("chancery.audit.checkpoint")

# The request being served, set by AuditContextMiddleware, so that events written by services called from a
# view carry the client's address without every service taking the request (NetBox's current_request).
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "chancery_current_request", default=None
)

SEAL_BATCH = 2000
KEY_FILE = "audit_key"
CHECKPOINT_FILE = "audit_checkpoints.jsonl"


# --- the key ----------


def read_audit_key(var_dir: Path | None = None) -> bytes | None:
    """The audit key in force: CHANCERY_AUDIT_KEY, else the key file of the var directory; None if neither."""
    if key := os.environ.get("CHANCERY_AUDIT_KEY"):
        return key.encode()
    try:
        text = (Path(var_dir or settings.VAR_DIR) / KEY_FILE).read_text().strip()
    except FileNotFoundError:
        return None
    return text.encode() or None


def _audit_key() -> bytes:
    """The audit key, made once into var/audit_key when none is set. The file is written whole under a
    temporary name, readable by its owner only, then linked to its name: two processes starting at once
    never make two keys, and no one reads a half-written or world-readable key."""
    if key := read_audit_key():
        return key
    var_dir = Path(settings.VAR_DIR)
    handle, temporary = tempfile.mkstemp(dir=var_dir, prefix=".audit_key-")  # mode 0600
    try:
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_hex(32))
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is the key
            os.link(temporary, var_dir / KEY_FILE)
    finally:
        os.unlink(temporary)
    key = read_audit_key()
    assert key is not None
    return key


@functools.lru_cache(maxsize=16)
def _derived_key(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, f"chancery audit {purpose}".encode(), hashlib.sha256).digest()


def _hmac(key: bytes, purpose: str, payload: bytes) -> str:
    return hmac.new(_derived_key(key, purpose), payload, hashlib.sha256).hexdigest()


# --- canonical content ----------

_DECIMALS = decimal.Context(prec=100)
_EXACT_FLOAT = 2**53


def _number(value: int | float) -> int | float | dict[str, str]:
    """A number in one form whatever the database did to it: PostgreSQL's jsonb gives 1e20 back as the
    integer 100000000000000000000, 2.0 as 2.0 and -0.0 as 0.0; SQLite gives back what it was given. Whole
    numbers a double holds exactly become integers; beyond that, the exact decimal value, normalised."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return {"$number": str(value)}
        if not value.is_integer():
            return value
        if abs(value) < _EXACT_FLOAT:
            return int(value)
        exact = decimal.Decimal(repr(value))
    elif abs(value) < _EXACT_FLOAT:
        return value
    else:
        exact = decimal.Decimal(value)
    return {"$number": str(_DECIMALS.normalize(exact))}


def _plain(value: Any) -> Any:
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _canonical(value: Any) -> str:
    """JSON with sorted keys, no spaces and numbers in one form: the same text before the value is stored
    and after it is read back, on SQLite and PostgreSQL."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _as_stored(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as JSON gives them back: dates as text, decimals as text, keys as text."""
    stored: dict[str, Any] = json.loads(json.dumps(changes, cls=DjangoJSONEncoder))
    return stored


def _address_as_stored(address: str | None) -> str | None:
    """An IP address in the form the database gives back (IPv6 compressed and in lower case, as Django and
    PostgreSQL's inet write it); None for anything that is not an address."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    return clean_ipv6_address(address) if parsed.version == 6 else str(parsed)


def _event_content(event: AuditEvent) -> bytes:
    at = event.at.astimezone(dt.UTC) if event.at.tzinfo else event.at
    return _canonical(
        [
            "chancery audit event 1",
            event.nonce,
            at.isoformat(timespec="microseconds"),
            event.actor_id,
            event.actor_name,
            str(event.action),
            event.object_type,
            event.object_id,
            event.object_repr,
            event.unit_id,
            int(event.secrecy),
            event.changes,
            event.message,
            event.ip_address,
        ]
    ).encode()


def event_mac(event: AuditEvent, key: bytes | None = None) -> str:
    """The application's MAC of an event's content (not of its id, which the database gives it)."""
    return _hmac(key or _audit_key(), "event", _event_content(event))


def sign_event(event: AuditEvent, key: bytes | None = None) -> None:
    """Give an event about to be written its nonce and MAC; every way of writing events goes through here."""
    event.nonce = secrets.token_hex(16)
    event.mac = event_mac(event, key)


# --- writing events ----------


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


# --- sealing ----------


def compute_hash(event: AuditEvent, seq: int, prev_hash: str, key: bytes | None = None) -> str:
    """The seal of an event at a chain position: over the position, the previous seal, the event's id and
    its MAC (which covers its content)."""
    payload = _canonical(["chancery audit seal 2", seq, prev_hash, event.pk, event.mac]).encode()
    return _hmac(key or _audit_key(), "seal", payload)


def legacy_hash(event: AuditEvent, seq: int, prev_hash: str, key: bytes | None = None) -> str:
    """The seal given before events carried a MAC (positions below the head's `mac_from_seq`)."""
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
    return hmac.new(key or _audit_key(), "\x1f".join(fields).encode(), hashlib.sha256).hexdigest()


NO_MAC = "it carries no MAC: Chancery did not write it"
WRONG_MAC = "its MAC does not match its content: Chancery did not write it, or it was changed since"


def _mac_problem(event: AuditEvent, key: bytes) -> str | None:
    if not event.mac or not event.nonce:
        return NO_MAC
    if not hmac.compare_digest(event_mac(event, key), event.mac):
        return WRONG_MAC
    return None


def mark_doubtful(events: Iterable[AuditEvent]) -> None:
    """Set `doubt` on each event about to be shown to a reader: why it must not be taken as an event Chancery
    wrote, or "" (a row put straight into the table, or changed after it was written, shows as one until
    `verify` is run, unless it is marked here). Checked per event shown: its MAC against its content (events
    sealed before MACs existed are vouched for by their seal alone, which `verify` checks), and whether it
    was ever sealed into the chain."""
    from django.utils.translation import gettext as _

    events = list(events)
    head = AuditChainHead.objects.filter(pk=1).first()
    mac_from_seq = head.mac_from_seq if head is not None else 1
    key = _audit_key()
    for event in events:
        event.doubt = ""
        if event.seq is not None and event.seq < mac_from_seq:
            continue
        if _mac_problem(event, key):
            event.doubt = _(
                "Not authenticated: Chancery did not write this event, or it was changed after it was "
                "written. Report it to the administrators."
            )
        elif event.seq is None:
            event.doubt = _("Not yet sealed into the audit chain.")


def _refusals(batch: list[AuditEvent], key: bytes) -> dict[int, str]:
    """The rows of a batch that must not be chained, with the reason: no MAC, a wrong MAC, or the MAC of a
    row written before it (a copy)."""
    refused = {event.pk: problem for event in batch if (problem := _mac_problem(event, key))}
    macs = [event.mac for event in batch if event.pk not in refused]
    first: dict[str, int] = {}
    for mac, pk in AuditEvent.objects.filter(mac__in=macs).values_list("mac", "id"):
        first[mac] = min(first.get(mac, pk), pk)
    for event in batch:
        if event.pk not in refused and first.get(event.mac, event.pk) < event.pk:
            refused[event.pk] = (
                f"it repeats the MAC of event #{first[event.mac]}: a copy, not an event Chancery wrote"
            )
    return refused


@dataclass
class SealReport:
    sealed: int = 0
    refused: dict[int, str] = field(default_factory=dict)  # event id: why it was not chained


_reported_refusals: set[int] = set()


def _locked_head() -> AuditChainHead:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


def seal() -> SealReport:
    """Chain every pending event whose MAC is right, oldest first; the others stay unsealed, are logged and
    are named by `verify`. Then write a checkpoint when one is due."""
    key = _audit_key()
    report = SealReport()
    after = 0
    while True:
        with transaction.atomic():
            head = _locked_head()
            batch = list(
                AuditEvent.objects.filter(seq__isnull=True, id__gt=after).order_by("id")[:SEAL_BATCH]
            )
            if not batch:
                break
            after = batch[-1].pk
            refused = _refusals(batch, key)
            accepted = [event for event in batch if event.pk not in refused]
            for event in accepted:
                head.seq += 1
                event.seq = head.seq
                event.prev_hash = head.hash
                event.hash = compute_hash(event, event.seq, event.prev_hash, key)
                head.hash = event.hash
            if accepted:
                AuditEvent.objects.bulk_update(accepted, ["seq", "prev_hash", "hash"])
                head.save(update_fields=["seq", "hash"])
            report.sealed += len(accepted)
            report.refused.update(refused)
    for pk, why in report.refused.items():
        if pk not in _reported_refusals:
            _reported_refusals.add(pk)
            logger.error("audit event #%s refused at sealing, left unsealed: %s", pk, why)
    if report.sealed:
        _checkpoint_after_seal()
    return report


def seal_pending() -> int:
    """Seal what is pending (run after every transaction that writes events commits); how many were sealed."""
    return seal().sealed


# --- checkpoints ----------


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file: at `at`, the chain ended at position `seq` with seal `hash`."""

    n: int
    seq: int
    hash: str
    at: dt.datetime
    prev: str  # SHA-256 of the line before ("" for the first)
    sig: str

    def when(self) -> str:
        return timezone.localtime(self.at).strftime("%d/%m/%Y %H:%M:%S")

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at.isoformat(timespec="microseconds"),
            "prev": self.prev,
            "sig": self.sig,
        }


def checkpoint_path() -> Path:
    return Path(
        getattr(settings, "CHANCERY_AUDIT_CHECKPOINTS", None) or Path(settings.VAR_DIR) / CHECKPOINT_FILE
    )


def _checkpoint_sig(key: bytes, n: int, seq: int, hash_: str, at: str, prev: str) -> str:
    return _hmac(
        key, "checkpoint", _canonical(["chancery audit checkpoint 1", n, seq, hash_, at, prev]).encode()
    )


def parse_checkpoint(line: str, key: bytes) -> Checkpoint:
    """A line of the checkpoint file, its signature checked; ValueError when it is not one Chancery wrote
    with this key."""
    try:
        data = json.loads(line)
        n, seq, hash_, at, prev, sig = (data[k] for k in ("n", "seq", "hash", "at", "prev", "sig"))
        if not (
            isinstance(n, int)
            and isinstance(seq, int)
            and all(isinstance(v, str) for v in (hash_, at, prev, sig))
        ):
            raise TypeError
        when = dt.datetime.fromisoformat(at)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError("not a checkpoint line") from error
    if not hmac.compare_digest(_checkpoint_sig(key, n, seq, hash_, at, prev), sig):
        raise ValueError("its signature does not match (changed, or signed with another key)")
    return Checkpoint(n=n, seq=seq, hash=hash_, at=when, prev=prev, sig=sig)


def _line_digest(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


@contextmanager
def _locked(path: Path, *, exclusive: bool) -> Iterator[IO[bytes]]:
    """The checkpoint file open for appending (exclusive) or reading (shared), under a file lock: a reader
    never sees half a line, and two writers never interleave."""
    handle: IO[bytes]
    if exclusive:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600), "a+b")
    else:
        handle = path.open("rb")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield handle
    finally:
        handle.close()  # releases the lock


def _last_line(handle: IO[bytes]) -> bytes:
    """The file's last line; a last line cut short by a crash is ended, so the next one starts afresh."""
    size = handle.seek(0, os.SEEK_END)
    start = max(0, size - 8192)
    handle.seek(start)
    tail = handle.read()
    if tail and not tail.endswith(b"\n"):
        handle.write(b"\n")
    lines = tail.splitlines()
    return lines[-1] if lines and (start == 0 or len(lines) > 1) else b""


_last_checkpoint_try: dict[Path, float] = {}


def _checkpoint_after_seal() -> None:
    """After a seal: a checkpoint when the last one is older than CHANCERY_AUDIT_CHECKPOINT_SECONDS. A
    failure is logged, not raised: the change it follows is committed and sealed, and `verify` will show the
    events not yet anchored."""
    interval = float(getattr(settings, "CHANCERY_AUDIT_CHECKPOINT_SECONDS", 60))
    path = checkpoint_path()
    now = time.monotonic()
    if interval > 0 and now - _last_checkpoint_try.get(path, -math.inf) < interval:
        return  # this process looked less than an interval ago; other processes keep their own watch
    _last_checkpoint_try[path] = now
    try:
        write_checkpoint(min_interval=interval)
    except Exception:
        logger.exception("the audit checkpoint could not be written to %s", path)


def write_checkpoint(*, min_interval: float = 0) -> Checkpoint | None:
    """Append a checkpoint of the committed chain head to the checkpoint file, under the head's row lock so
    that checkpoints follow the chain in order; None when the file already ends at the head (or, with
    `min_interval`, when its last checkpoint is younger than that)."""
    key = _audit_key()
    path = checkpoint_path()
    with transaction.atomic():
        head = _locked_head()
        if head.seq == 0:
            return None
        now = timezone.now()
        with _locked(path, exclusive=True) as handle:
            last_line = _last_line(handle)
            last: Checkpoint | None = None
            if last_line:
                try:
                    last = parse_checkpoint(last_line.decode(), key)
                except (ValueError, UnicodeDecodeError):
                    logger.error(
                        "the last line of the audit checkpoint file %s is not a valid checkpoint", path
                    )
            if last is not None and last.seq == head.seq and last.hash == head.hash:
                return None
            # a last checkpoint "from the future" (a machine whose clock runs ahead) does not hold others back
            if last is not None and 0 <= (now - last.at).total_seconds() < min_interval:
                return None
            n = last.n + 1 if last is not None else head.checkpoints + 1
            at = now.astimezone(dt.UTC).isoformat(timespec="microseconds")
            prev = _line_digest(last_line) if last_line else ""
            sig = _checkpoint_sig(key, n, head.seq, head.hash, at, prev)
            checkpoint = Checkpoint(
                n=n, seq=head.seq, hash=head.hash, at=dt.datetime.fromisoformat(at), prev=prev, sig=sig
            )
            handle.write(json.dumps(checkpoint.as_dict(), separators=(",", ":")).encode() + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        head.checkpoints = n
        head.save(update_fields=["checkpoints"])
    checkpoint_logger.info(
        "audit checkpoint #%s: position %s",
        n,
        checkpoint.seq,
        extra={"audit_checkpoint": checkpoint.as_dict()},
    )
    return checkpoint


def checkpoint_lines(path: Path) -> Iterator[bytes]:
    """The complete lines of the checkpoint file as it stands (a line being appended is waited for)."""
    try:
        with _locked(path, exclusive=False) as handle:
            size = handle.seek(0, os.SEEK_END)
    except FileNotFoundError:
        return
    with path.open("rb") as handle:
        done = 0
        for line in handle:
            done += len(line)
            if done > size:
                return
            yield line.rstrip(b"\n")


def copy_checkpoints(source: Path, target: Path, *, up_to_seq: int) -> int:
    """Copy the checkpoint file's lines up to the first one past position `up_to_seq` (a backup's database
    ends there: later checkpoints name events it does not hold); returns how many lines."""
    count = 0
    with target.open("wb") as out:
        for line in checkpoint_lines(source):
            try:
                seq = json.loads(line)["seq"]
            except (ValueError, KeyError, TypeError):
                seq = None
            if isinstance(seq, int) and seq > up_to_seq:
                break
            out.write(line + b"\n")
            count += 1
    return count


def key_signed_checkpoints(path: Path, key: bytes) -> bool | None:
    """Whether the file's checkpoints were signed with `key` (its last line, or if that one is damaged any
    line); None when the file has none."""

    def signed(line: bytes) -> bool:
        try:
            parse_checkpoint(line.decode(), key)
        except (ValueError, UnicodeDecodeError):
            return False
        return True

    last = b""
    for line in checkpoint_lines(path):
        last = line
    if not last:
        return None
    return signed(last) or any(signed(line) for line in checkpoint_lines(path))


# --- verifying ----------


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
