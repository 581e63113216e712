"""Sealing: pending events whose MAC is right are chained, oldest first, under the chain head's row lock;
the others are refused, left unsealed and logged."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from chancery.core.audit.checkpoints import _checkpoint_after_seal, _locked_head
from chancery.core.audit.signing import _audit_key, _canonical, _hmac, event_mac
from chancery.core.models import AuditChainHead, AuditEvent

logger = logging.getLogger("chancery.core.audit")


SEAL_BATCH = 2000


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
