"""Restoring a backup: checked, the database loaded aside, the files staged, then everything put in place
together, or, on any failure, everything taken back."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from chancery.core import audit
from chancery.ops.backup.checks import (
    _audit_key_at_hand,
    _authenticate,
    _backup_keys,
    _check_names,
    check_backup,
    read_manifest,
)
from chancery.ops.backup.files import (
    _copy_file,
    _make_folders,
    _stored_files,
    _write_private,
    _write_temporary,
)
from chancery.ops.backup.layout import MANIFEST, BackupError, RestoreReport
from chancery.ops.backup.staging import (
    _compare_tables,
    _load_postgresql,
    _load_sqlite,
    _LoadedDatabase,
    _put_back_credentials,
)


@dataclass
class _Undo:
    """What a restore has put in place so far, to take back if a later step fails."""

    folders: list[Path] = field(default_factory=list)  # made by the restore, removed last
    files: list[Path] = field(default_factory=list)  # placed by the restore
    previous: list[tuple[Path, bytes | None]] = field(
        default_factory=list
    )  # files overwritten: content before
    temporaries: list[Path] = field(default_factory=list)

    def run(self) -> None:
        for path in self.temporaries:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        for path in reversed(self.files):
            path.unlink(missing_ok=True)
        for path, content in reversed(self.previous):
            with contextlib.suppress(OSError):
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    _write_private(path, content)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()


def _stage_files(
    folder: Path, manifest: dict[str, Any], media: Path, undo: _Undo, report: RestoreReport
) -> Path:
    """The backup's files copied into a temporary folder inside the file storage, each checked again."""
    _make_folders(media, undo.folders)
    staging = Path(tempfile.mkdtemp(dir=media, prefix=".chancery-restore-"))
    undo.temporaries.append(staging)
    for relative, facts in manifest["files"].items():
        if _copy_file(folder / "files" / relative, staging / relative) != facts["sha256"]:
            raise BackupError(f"file {relative} of the backup changed while it was restored")
        report.files += 1
        report.bytes += facts["bytes"]
    return staging


def _place_files(staging: Path, relatives: Iterable[str], media: Path, undo: _Undo) -> None:
    for relative in relatives:
        target = media / relative
        _make_folders(target.parent, undo.folders)
        os.rename(staging / relative, target)
        undo.files.append(target)
    shutil.rmtree(staging, ignore_errors=True)


def _stage_private(path: Path, data: bytes, undo: _Undo, made: list[Path]) -> tuple[Path, Path]:
    _make_folders(path.parent, made)
    temporary = _write_temporary(path, data)
    undo.temporaries.append(temporary)
    return temporary, path


def restore(
    folder: Path,
    *,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    var_dir: Path | None = None,
    checkpoints: Path | None = None,
    keys_passphrase: str | None = None,
    trust_unsigned: bool = False,
) -> RestoreReport:
    """Restore the backup in `folder` into an empty system: the configured database, MEDIA_ROOT, var
    directory and checkpoint file, or the ones given (a database settings dict as in DATABASES; with
    `var_dir`, the checkpoint file defaults to the one in it). Everything is checked before anything is
    written, and written in temporary places moved into place only when every check has passed: on any
    failure the target is left as it was."""
    manifest = read_manifest(folder)
    db = database or connection.settings_dict
    media = Path(media_root or settings.MEDIA_ROOT)
    vendor = (
        "postgresql"
        if "postgresql" in db["ENGINE"]
        else "sqlite"
        if "sqlite3" in db["ENGINE"]
        else db["ENGINE"]
    )
    if vendor != manifest["vendor"]:
        raise BackupError(f"this backup is of a {manifest['vendor']} database; the target is {vendor}")
    if any(True for _ in _stored_files(media)):
        raise BackupError(f"the file storage {media} is not empty: restore goes into an empty system")
    var = Path(var_dir or settings.VAR_DIR)
    checkpoint_file = checkpoints or (var / audit.CHECKPOINT_FILE if var_dir else audit.checkpoint_path())
    if checkpoint_file.exists() and checkpoint_file.stat().st_size:
        raise BackupError(
            f"the audit checkpoint file {checkpoint_file} is not empty: restore goes into an empty system "
            "(move it aside; `chancery audit verify --checkpoints FILE` compares the restored trail with it)"
        )
    report = RestoreReport(format=manifest["format"])
    try:
        _check_names(manifest)
        keys = _backup_keys(folder, manifest, keys_passphrase)
        _authenticate(folder, manifest, _audit_key_at_hand(keys, var), var, trust_unsigned, report)
        check_backup(folder, manifest)
    except (KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{MANIFEST} is not a manifest Chancery wrote") from error

    undo = _Undo()
    loaded: _LoadedDatabase | None = None
    try:
        # 1. the database, in a temporary place, compared with the manifest, its credentials settled
        expected = manifest.get("database_sha256")
        if vendor == "postgresql":
            loaded = _load_postgresql(folder / manifest["database"], db, expected)
        else:
            loaded = _load_sqlite(folder / manifest["database"], Path(db["NAME"]), expected, undo.folders)
        _compare_tables(manifest["tables"], loaded.tables)
        report.tables = len(manifest["tables"])
        report.rows = sum(int(facts["rows"]) for facts in manifest["tables"].values())
        _put_back_credentials(loaded, manifest, keys, report)
        # 2. the files, the checkpoint file and the keys, each under a temporary name
        staging = _stage_files(folder, manifest, media, undo, report)
        placed: list[tuple[Path, Path]] = []
        trail = manifest.get("audit") or {}
        if trail.get("checkpoints"):
            data = (folder / trail["checkpoints"]).read_bytes()
            if hashlib.sha256(data).hexdigest() != trail["sha256"]:
                raise BackupError("the audit checkpoint file of the backup changed while it was restored")
            placed.append(_stage_private(checkpoint_file, data, undo, undo.folders))
        # The system was empty: a key file made by starting it (the secret key is made at first start)
        # gives way to the backup's.
        for name in ("secret_key", "audit_key"):
            if isinstance(keys.get(name), str):
                placed.append(_stage_private(var / name, keys[name].encode(), undo, undo.folders))
        # 3. everything in place, the database last
        _place_files(staging, manifest["files"], media, undo)
        for temporary, path in placed:
            undo.previous.append((path, path.read_bytes() if path.exists() else None))
            os.replace(temporary, path)
        loaded.commit()
    except BaseException:
        if loaded is not None:
            loaded.abort()
        undo.run()
        raise

    if trail.get("checkpoints") is None and manifest["format"] == 1:
        report.notes.append(
            "this backup was taken before audit checkpoints: run `chancery migrate`, then "
            "`chancery audit checkpoint` to anchor the restored chain, then `chancery audit verify`"
        )
    for name in ("secret_key", "audit_key"):
        if isinstance(keys.get(name), str):
            report.notes.append(f"{name} restored from the backup into {var / name}")
    if "secret_key" not in keys and not os.environ.get("CHANCERY_SECRET_KEY"):
        report.notes.append(
            "the secret key is not in the backup: set CHANCERY_SECRET_KEY to the original to keep signed "
            "links (calendar feeds); with a new one they stop working"
        )
    report.notes.append("sessions: none restored; everyone signs in again")
    return report
