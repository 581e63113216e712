"""Restore, what is checked before anything is written: the manifest, the names it gives, every digest, the
keys and the audit key that signed the backup."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any

from chancery.core import audit
from chancery.ops.backup.digests import _sha256_file
from chancery.ops.backup.keys import _signature_matches, decrypt_keys
from chancery.ops.backup.layout import (
    CHECKPOINTS,
    DATABASE_FILES,
    KEYS,
    MANIFEST,
    READABLE_FORMATS,
    SIGNATURE,
    SIGNED_FROM,
    BackupError,
    RestoreReport,
)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Chancery backup")
    try:
        manifest = json.loads(path.read_text())
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{MANIFEST} is not a manifest Chancery wrote") from error
    if not isinstance(manifest, dict) or manifest.get("format") not in READABLE_FORMATS:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"backup format {found} is not a format this Chancery reads")
    shapes = {"vendor": str, "database": str, "tables": dict, "files": dict}
    if any(not isinstance(manifest.get(name), kind) for name, kind in shapes.items()):
        raise BackupError(f"{MANIFEST} is not a manifest Chancery wrote")
    return manifest


def _inside(relative: str) -> bool:
    """A path from a manifest that stays inside the folder it is read from and written to."""
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts and "\\" not in relative


def _check_names(manifest: dict[str, Any]) -> None:
    """The manifest names only files a Chancery backup holds, under names that stay inside the backup and
    the file storage."""
    if manifest["database"] not in DATABASE_FILES:
        raise BackupError(f"the manifest names an unknown database file: {manifest['database']}")
    trail = manifest.get("audit") or {}
    keys = manifest.get("keys")
    if (
        not isinstance(trail, dict)
        or trail.get("checkpoints") not in {None, CHECKPOINTS}
        or (isinstance(keys, dict) and keys.get("included") and keys.get("file") != KEYS)
        or (isinstance(keys, list) and not set(keys) <= {"secret_key", "audit_key"})
    ):
        raise BackupError("the manifest names files a Chancery backup does not hold")
    for relative in manifest["files"]:
        if not _inside(relative) or relative.startswith(".chancery-restore-"):
            raise BackupError(f"the manifest names a file outside the backup: {relative}")


def check_backup(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the backup is there with its checksum, under a name that stays inside the backup and
    the file storage; the database file is there (with its checksum, from format 3)."""
    _check_names(manifest)
    database = folder / manifest["database"]
    if not database.exists():
        raise BackupError(f"the database file {manifest['database']} is missing from the backup")
    if "database_sha256" in manifest and _sha256_file(database) != manifest["database_sha256"]:
        raise BackupError(f"the database file {manifest['database']} does not match its checksum")
    for relative, facts in manifest["files"].items():
        path = folder / "files" / relative
        if not path.exists():
            raise BackupError(f"file {relative} is missing from the backup")
        if _sha256_file(path) != facts["sha256"]:
            raise BackupError(f"file {relative} in the backup does not match its checksum")
    trail = manifest.get("audit") or {}
    if trail.get("checkpoints"):
        path = folder / trail["checkpoints"]
        if not path.exists() or _sha256_file(path) != trail["sha256"]:
            raise BackupError(
                f"the audit checkpoint file {trail['checkpoints']} is missing or does not match"
            )
    keys = manifest.get("keys")
    if isinstance(keys, dict) and keys.get("included"):
        path = folder / KEYS
        if not path.exists():
            raise BackupError(f"the key file {KEYS} is missing from the backup")
        if "sha256" in keys and _sha256_file(path) != keys["sha256"]:
            raise BackupError(f"the key file {KEYS} does not match its checksum")


def _backup_keys(folder: Path, manifest: dict[str, Any], passphrase: str | None) -> dict[str, Any]:
    """The keys the backup holds: format 1 in plain text, later formats opened with the passphrase."""
    keys = manifest.get("keys")
    if isinstance(keys, list):
        return {name: (folder / "keys" / name).read_text().strip() for name in keys}
    if not isinstance(keys, dict) or not keys.get("included"):
        return {}
    if passphrase is None:
        raise BackupError(
            "this backup holds its keys encrypted: give the passphrase it was taken with "
            "(--passphrase-file FILE or CHANCERY_BACKUP_PASSPHRASE)"
        )
    try:
        envelope = json.loads((folder / KEYS).read_text())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(
            f"{KEYS} is missing from the backup or is not a key file this Chancery reads"
        ) from error
    return decrypt_keys(envelope, passphrase)


def _audit_key_at_hand(keys: dict[str, Any], var: Path) -> tuple[bytes, str] | None:
    """The audit key the restored system will use, and where it comes from: CHANCERY_AUDIT_KEY, the
    backup's own keys, or the var directory's key file."""
    if os.environ.get("CHANCERY_AUDIT_KEY"):
        return os.environ["CHANCERY_AUDIT_KEY"].encode(), "CHANCERY_AUDIT_KEY"
    if isinstance(keys.get("audit_key"), str) and keys["audit_key"]:
        return keys["audit_key"].encode(), "the backup's keys"
    path = var / audit.KEY_FILE
    if path.exists() and (text := path.read_text().strip()):
        return text.encode(), str(path)
    return None


def _needs_key_message(var: Path) -> str:
    return (
        "restoring this backup needs the audit key its trail was sealed with (it also signed the backup), "
        f"and none is at hand: set CHANCERY_AUDIT_KEY, or put the key in {var / audit.KEY_FILE} (mode "
        "0600), or restore a backup taken with --include-keys with its passphrase"
    )


def _wrong_key_message(source: str) -> str:
    return f"the audit key from {source} is not the key this backup's audit trail was sealed with: " + (
        "unset CHANCERY_AUDIT_KEY or set it to the original key"
        if source == "CHANCERY_AUDIT_KEY"
        else "set CHANCERY_AUDIT_KEY to the original key"
    )


def _authenticate(
    folder: Path,
    manifest: dict[str, Any],
    found: tuple[bytes, str] | None,
    var: Path,
    trust_unsigned: bool,
    report: RestoreReport,
) -> None:
    """The manifest is the one the backup was taken with: its signature matches the audit key at hand. A
    manifest without one is accepted only from a format that had none, and only when asked to."""
    if SIGNATURE not in manifest:
        if manifest["format"] >= SIGNED_FROM:
            raise BackupError(
                "the manifest carries no signature, though every backup of its format is signed: it was "
                "changed after the backup was taken; nothing was restored"
            )
        if not trust_unsigned:
            raise BackupError(
                f"this backup (format {manifest['format']}) was taken before backups were signed: nothing "
                "proves it was not changed since. Restore it only if you trust everyone who could have "
                "written to it, with --trust-unsigned; or restore a newer backup"
            )
        report.warnings.append(
            f"the backup's manifest is not signed (format {manifest['format']}): restored on "
            "--trust-unsigned; nothing proves the backup was not changed since it was taken"
        )
        _audit_key_for_unsigned(folder, manifest, found, var, report)
        return
    if found is None:
        raise BackupError(_needs_key_message(var))
    key, source = found
    if not _signature_matches(manifest, key):
        path = folder / CHECKPOINTS
        if path.exists() and audit.key_signed_checkpoints(path, key) is False:
            raise BackupError(_wrong_key_message(source))
        raise BackupError(
            f"the manifest's signature does not match the audit key from {source}: the backup was changed "
            "after it was taken (or it was taken with another audit key); nothing was restored"
        )
    report.signed = True
    report.notes.append(f"audit key: from {source}, the one the backup was signed with")


def _audit_key_for_unsigned(
    folder: Path,
    manifest: dict[str, Any],
    found: tuple[bytes, str] | None,
    var: Path,
    report: RestoreReport,
) -> None:
    """For a backup of an earlier format: make sure the restored system will hold the audit key its trail
    was sealed with, before anything is written."""
    trail = manifest.get("audit") or {}
    if found is None:
        sealed = trail.get("chain_seq", manifest["tables"].get("core_auditevent", {}).get("rows", 0))
        if sealed:
            raise BackupError(_needs_key_message(var))
        report.notes.append("no audit key at hand: one is made at the first start (the trail is empty)")
        return
    key, source = found
    if trail.get("checkpoints"):
        signed = audit.key_signed_checkpoints(folder / trail["checkpoints"], key)
        if signed is False:
            raise BackupError(_wrong_key_message(source))
        if signed:
            report.notes.append(
                f"audit key: from {source}, the one the backup's checkpoints were signed with"
            )
            return
    report.notes.append(f"audit key: from {source}")
