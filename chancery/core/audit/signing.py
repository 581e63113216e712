"""The audit key and what it signs: the key in force (made once when none is set), the keys derived from it
for each purpose, an event's content in canonical form and its MAC."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import hashlib
import hmac
import ipaddress
import json
import math
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.ipv6 import clean_ipv6_address

from chancery.core.models import AuditEvent

KEY_FILE = "audit_key"


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
