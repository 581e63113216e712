"""Checkpoints: the chain's end anchored outside the database, in a file of signed lines chained to each
other, appended under the chain head's row lock after a seal (at most every
CHANCERY_AUDIT_CHECKPOINT_SECONDS) or on `chancery audit checkpoint`."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chancery.core.audit.signing import _audit_key, _canonical, _hmac
from chancery.core.models import AuditChainHead

logger = logging.getLogger("chancery.core.audit")
checkpoint_logger = logging.getLogger("chancery.audit.checkpoint")


CHECKPOINT_FILE = "audit_checkpoints.jsonl"


def _locked_head() -> AuditChainHead:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


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
