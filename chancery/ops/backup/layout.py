"""What a backup folder holds and the limits its reading keeps: the format, the names of its parts, the
tables left out; the error every refusal raises, and the report of a restore."""

from __future__ import annotations

from dataclasses import dataclass, field

from chancery.core.middleware import ENROL_AGAIN_DEVICE

FORMAT = 3
READABLE_FORMATS = (1, 2, 3)  # format 1: keys in plain text under keys/, no checkpoints
SIGNED_FROM = 3  # manifests of this format and later carry a signature; earlier ones none
MANIFEST = "manifest.json"
SIGNATURE = "signature"
SIGNATURE_PURPOSE = b"chancery backup manifest 1"
SKIPPED_FILES = ("health/",)
CHUNK = 1 << 20
CHECKPOINTS = "audit_checkpoints.jsonl"
KEYS = "keys.enc"
KEYS_AAD = b"chancery backup keys 1"
MIN_PASSPHRASE = 12
SCRYPT = {"n": 2**17, "r": 8, "p": 1}  # 128 MiB per try (OWASP's minimum for scrypt)
SCRYPT_MAX_N = 2**20
DATABASE_FILES = ("database.pgdump", "database.sqlite3")
SESSIONS = "django_session"
DEVICES = "otp_totp_totpdevice"
USERS = "core_user"
LEFT_OUT = (SESSIONS, DEVICES)  # tables whose data is never in the database part of a backup
# A device left to enrol again: a fresh key nobody has seen, not confirmed, its counters cleared.
ENROL_AGAIN = {
    "confirmed": False,
    "name": ENROL_AGAIN_DEVICE,
    "drift": 0,
    "last_t": -1,
    "throttling_failure_count": 0,
    "throttling_failure_timestamp": None,
    "last_used_at": None,
}


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why, for the person running it."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    differences: list[str] = field(default_factory=list)  # always empty: a restore that differs is refused
    notes: list[str] = field(default_factory=list)  # what the restored system uses and what it lacks
    warnings: list[str] = field(default_factory=list)  # what the operator chose to trust
    enrol_again: list[str] = field(default_factory=list)  # user names that enrol their second factor again
    signed: bool = False
    format: int = FORMAT
