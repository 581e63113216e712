"""Taking a backup: the database (consistent while in use), the files, the checkpoint file and the keys,
with a signed manifest of their digests."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from chancery.core import audit
from chancery.ops.backup.digests import (
    _pg_digests,
    _pg_tables,
    _quote,
    _sha256_file,
    _sqlite_file_digests,
    _sqlite_tables,
)
from chancery.ops.backup.files import _copy_file, _make_private, _private_file, _stored_files, _write_private
from chancery.ops.backup.keys import encrypt_keys, sign_manifest
from chancery.ops.backup.layout import (
    CHECKPOINTS,
    DEVICES,
    FORMAT,
    KEYS,
    LEFT_OUT,
    MANIFEST,
    MIN_PASSPHRASE,
    SIGNATURE,
    BackupError,
)

logger = logging.getLogger("chancery.ops.backup")


def _pg_url(db: dict[str, Any]) -> str:
    from urllib.parse import quote

    user, password = quote(db.get("USER") or ""), quote(db.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{credentials}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-1500:]}")


def _is_confirmed(row: dict[str, Any]) -> bool:
    return bool(row.get("confirmed"))


def backup(out: Path, *, keys_passphrase: str | None = None) -> dict[str, Any]:
    """Write a backup into `out` (a new or empty folder, made private); returns its manifest. With
    `keys_passphrase`, the secret and audit keys and the second factors' seeds are added, encrypted with
    it."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: a backup goes into a new folder")
    if keys_passphrase is not None and len(keys_passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase for the keys must have at least {MIN_PASSPHRASE} characters")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    out.chmod(0o700)
    audit_key = audit._audit_key()  # signs the manifest; the one the restored trail needs anyway
    try:  # the chain as it stands, anchored: the backup then carries a checkpoint of (almost) all of it
        audit.write_checkpoint()
    except Exception:
        logger.exception("no audit checkpoint could be written before the backup")
    vendor = connection.vendor
    started = datetime.now(UTC)
    if vendor == "postgresql":
        tables, database_file, chain_seq, devices = _backup_postgresql(out)
    elif vendor == "sqlite":
        tables, database_file, chain_seq, devices = _backup_sqlite(out)
    else:
        raise BackupError(f"no backup for a {vendor} database")
    files: dict[str, Any] = {}
    media = Path(settings.MEDIA_ROOT)
    for relative, path in _stored_files(media):
        try:
            digest = _copy_file(path, out / "files" / relative)
        except FileNotFoundError:
            continue  # removed since it was listed (a scratch file): named by no copied row
        files[relative] = {"bytes": (out / "files" / relative).stat().st_size, "sha256": digest}
    # The checkpoints up to the copied chain head: those written after the database's instant name events
    # the copy does not hold.
    trail: dict[str, Any] = {"chain_seq": chain_seq, "checkpoints": None}
    source = audit.checkpoint_path()
    if source.exists():
        _private_file(out / CHECKPOINTS)
        lines = audit.copy_checkpoints(source, out / CHECKPOINTS, up_to_seq=chain_seq)
        trail.update(checkpoints=CHECKPOINTS, lines=lines, sha256=_sha256_file(out / CHECKPOINTS))
    keys: dict[str, Any] = {"included": False}
    if keys_passphrase is not None:
        material: dict[str, Any] = {
            "secret_key": settings.SECRET_KEY,
            "audit_key": audit_key.decode(),
            "second_factors": devices,
        }
        envelope = encrypt_keys(material, keys_passphrase)
        _write_private(out / KEYS, json.dumps(envelope, indent=1).encode())
        keys = {"included": True, "file": KEYS, "names": sorted(material), "sha256": _sha256_file(out / KEYS)}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "vendor": vendor,
        "taken_at": started.isoformat(),
        "database": database_file,
        "database_sha256": _sha256_file(out / database_file),
        "tables": tables,
        "files": files,
        "audit": trail,
        "keys": keys,
        # What of the credentials the database part leaves out; for each confirmed second factor, its row
        # without the seed, so that a restore without the keys can have the person enrol again.
        "credentials": {
            "left_out": list(LEFT_OUT),
            "second_factors": [
                {name: value for name, value in row.items() if name != "key"}
                for row in devices
                if _is_confirmed(row)
            ],
        },
    }
    manifest[SIGNATURE] = sign_manifest(manifest, audit_key)
    _write_private(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    _make_private(out)
    return manifest


def _chain_head_seq(rows: list[tuple[Any, ...]]) -> int:
    return int(rows[0][0]) if rows else 0


def _backup_postgresql(out: Path) -> tuple[dict[str, Any], str, int, list[dict[str, Any]]]:
    import psycopg

    url = _pg_url(connection.settings_dict)
    _private_file(out / "database.pgdump")
    with psycopg.connect(url, autocommit=False) as pg:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        schema = pg.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        chain_seq = _chain_head_seq(pg.execute("SELECT seq FROM core_auditchainhead WHERE id = 1").fetchall())
        with pg.cursor() as cursor:
            present = set(_pg_tables(cursor))
        left_out = [table for table in LEFT_OUT if table in present]
        # pg_dump reads the very snapshot this transaction holds open; the counts, digests and devices too
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                *(f"--exclude-table-data={_quote(schema)}.{_quote(table)}" for table in left_out),
                f"--file={out / 'database.pgdump'}",
                url,
            ]
        )
        devices = []
        if DEVICES in present:
            rows = pg.execute(f"SELECT row_to_json(t)::text FROM {_quote(DEVICES)} t ORDER BY t.id")  # noqa: S608
            devices = [json.loads(text) for (text,) in rows.fetchall()]
        tables = _pg_digests(pg, left_out=left_out)
        pg.rollback()
    return tables, "database.pgdump", chain_seq, devices


def _sqlite_rows(db: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    if table not in _sqlite_tables(db):
        return []
    cursor = db.execute(f"SELECT * FROM {_quote(table)} ORDER BY 1")  # noqa: S608
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _backup_sqlite(out: Path) -> tuple[dict[str, Any], str, int, list[dict[str, Any]]]:
    """The database copied into memory, emptied there of what a backup never holds, then written into the
    backup folder by VACUUM INTO (a new file of the live rows only): no copy with a session or a seed in it
    ever reaches the disk. It takes memory the size of the database."""
    target = out / "database.sqlite3"
    connection.ensure_connection()
    source = connection.connection  # the app's own connection: also right for an in-memory database
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source.backup(scratch)
        chain_seq = _chain_head_seq(
            scratch.execute("SELECT seq FROM core_auditchainhead WHERE id = 1").fetchall()
        )
        devices = _sqlite_rows(scratch, DEVICES)
        present = _sqlite_tables(scratch)
        scratch.execute("PRAGMA secure_delete = ON")
        for table in LEFT_OUT:
            if table in present:
                scratch.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
        _private_file(target)
        scratch.execute("VACUUM INTO ?", (str(target),))
    finally:
        scratch.close()
    return _sqlite_file_digests(target), "database.sqlite3", chain_seq, devices
