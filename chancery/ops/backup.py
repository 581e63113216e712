"""Backup and restore of the database and the stored files together (`chancery backup --out DIR`,
`chancery restore DIR`).

Consistent while the office works:
- the database is copied as of one instant: on PostgreSQL, `pg_dump` of a snapshot exported from a
  repeatable-read transaction, in which every table's row count and digest are read too; on SQLite, the
  online backup API (a page-by-page copy that restarts if a writer changes a page), the counts and digests
  read from the copy;
- the files are copied after that instant. A stored file is written before the row that names it commits
  and is never rewritten in place, so every file the copied rows name is there; a file written after the
  instant is copied too and simply named by nothing.

The backup folder: `database.pgdump` or `database.sqlite3`, `files/` (MEDIA_ROOT, without the health
probe's scratch files), `keys/` (the secret and audit keys when they are files in the var directory rather
than environment variables: an audit trail cannot be verified without its key), and `manifest.json`: the
database vendor, each table's row count and SHA-256 digest, each file's size and SHA-256.

Restore goes into an empty system only (no tables in the database, no files in the storage): it checks the
whole backup against its manifest before writing anything, loads the database in one transaction
(`pg_restore --single-transaction --exit-on-error`), copies the files each under a temporary name then
renamed, and compares every table's count and digest and every file's checksum with the manifest. A backup
restores onto the same kind of database it was taken from."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_FILES = ("health/",)
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why, for the person running it."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    differences: list[str] = field(default_factory=list)


# --- digests ----------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _row_text(row: tuple[Any, ...]) -> bytes:
    """A row as bytes that are the same on both sides of a round trip."""
    parts = []
    for value in row:
        if value is None:
            parts.append("\x00")
        elif isinstance(value, bytes | memoryview):
            parts.append(bytes(value).hex())
        else:
            parts.append(str(value))
    return ("\x1f".join(parts) + "\x1e").encode()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digests(tables: list[str], query: Callable[[str], Iterator[tuple[Any, ...]]]) -> dict[str, Any]:
    """Each table's row count and a SHA-256 over its rows in primary-key order."""
    out: dict[str, Any] = {}
    for table in tables:
        digest, count = hashlib.sha256(), 0
        for row in query(table):
            digest.update(_row_text(row))
            count += 1
        out[table] = {"rows": count, "sha256": digest.hexdigest()}
    return out


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [r[0] for r in rows]


def _sqlite_digests(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(path)
    try:

        def query(table: str) -> Iterator[tuple[Any, ...]]:
            columns = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
            keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] or [c[1] for c in columns]
            order = ", ".join(_quote(k) for k in keys)
            yield from db.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608

        return table_digests(_sqlite_tables(db), query)
    finally:
        db.close()


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [r[0] for r in cursor.fetchall()]


PG_KEY = """
SELECT a.attname FROM pg_index i
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)
"""


def _pg_digests(pg: Any) -> dict[str, Any]:
    """Counts and digests over a psycopg connection (inside the caller's snapshot), each row as PostgreSQL
    prints it (the same text whatever the client's type adapters)."""
    with pg.cursor() as cursor:
        tables = _pg_tables(cursor)

    def query(table: str) -> Iterator[tuple[Any, ...]]:
        with pg.cursor() as probe:
            probe.execute(PG_KEY, [_quote(table)])
            keys = [r[0] for r in probe.fetchall()]
            if not keys:
                probe.execute(f"SELECT * FROM {_quote(table)} LIMIT 0")  # noqa: S608
                keys = [c.name for c in probe.description or ()]
        order = ", ".join(f"t.{_quote(k)}" for k in keys)
        with pg.cursor(name="chancery_digest") as rows:
            rows.itersize = 5000
            rows.execute(f"SELECT t::text FROM {_quote(table)} t ORDER BY {order}")  # noqa: S608
            yield from rows

    return table_digests(tables, query)


# --- files ----------


def _stored_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith((".chancery-restore-", ".partial-")):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(SKIPPED_FILES):
                yield relative, path


def _copy_file(source: Path, target: Path) -> str:
    """Copy under a temporary name in the target folder, then rename: a reader never sees half a file.
    Returns the SHA-256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".chancery-restore-")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as src:
            while block := src.read(CHUNK):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


# --- backup ----------


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


def backup(out: Path) -> dict[str, Any]:
    """Write a backup into `out` (a new or empty folder); returns its manifest."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: a backup goes into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    started = datetime.now(UTC)
    if vendor == "postgresql":
        tables, database_file = _backup_postgresql(out)
    elif vendor == "sqlite":
        tables, database_file = _backup_sqlite(out)
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
    keys = []
    for name in ("secret_key", "audit_key"):
        source = Path(settings.VAR_DIR) / name
        if source.exists():
            (out / "keys").mkdir(exist_ok=True)
            shutil.copy2(source, out / "keys" / name)
            keys.append(name)
    manifest = {
        "format": FORMAT,
        "vendor": vendor,
        "taken_at": started.isoformat(),
        "database": database_file,
        "tables": tables,
        "files": files,
        "keys": keys,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _backup_postgresql(out: Path) -> tuple[dict[str, Any], str]:
    import psycopg

    url = _pg_url(connection.settings_dict)
    with psycopg.connect(url, autocommit=False) as pg:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        # pg_dump reads the very snapshot this transaction holds open; the counts and digests below too
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={out / 'database.pgdump'}",
                url,
            ]
        )
        tables = _pg_digests(pg)
        pg.rollback()
    return tables, "database.pgdump"


def _backup_sqlite(out: Path) -> tuple[dict[str, Any], str]:
    target = out / "database.sqlite3"
    connection.ensure_connection()
    source = connection.connection  # the app's own connection: also right for an in-memory database
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
    return _sqlite_digests(target), "database.sqlite3"


# --- restore ----------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Chancery backup")
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not the format this Chancery reads")
    return manifest


def check_backup(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the backup is there with its checksum; the database file is there."""
    if not (folder / manifest["database"]).exists():
        raise BackupError(f"the database file {manifest['database']} is missing from the backup")
    for relative, facts in manifest["files"].items():
        path = folder / "files" / relative
        if not path.exists():
            raise BackupError(f"file {relative} is missing from the backup")
        if _sha256_file(path) != facts["sha256"]:
            raise BackupError(f"file {relative} in the backup does not match its checksum")


def restore(
    folder: Path,
    *,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    var_dir: Path | None = None,
) -> RestoreReport:
    """Restore the backup in `folder` into an empty system: the configured database, MEDIA_ROOT and var
    directory, or the ones given (a database settings dict as in DATABASES)."""
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
    check_backup(folder, manifest)
    report = RestoreReport()
    if vendor == "postgresql":
        restored = _restore_postgresql(folder / manifest["database"], db)
    else:
        restored = _restore_sqlite(folder / manifest["database"], Path(db["NAME"]))
    for table, facts in manifest["tables"].items():
        found = restored.get(table)
        if found != facts:
            report.differences.append(f"table {table}: backup {facts}, restored {found}")
        report.tables += 1
        report.rows += facts["rows"]
    for relative, facts in manifest["files"].items():
        digest = _copy_file(folder / "files" / relative, media / relative)
        if digest != facts["sha256"]:
            report.differences.append(f"file {relative}: checksum differs after copying")
        report.files += 1
        report.bytes += facts["bytes"]
    # The system was empty: a key file made by starting it (the secret key is made at first start) gives way
    # to the backup's, without which the restored audit trail cannot be verified.
    var = Path(var_dir or settings.VAR_DIR)
    for name in manifest.get("keys", []):
        var.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / "keys" / name, var / name)
        (var / name).chmod(0o600)
    return report


def _restore_postgresql(dump: Path, db: dict[str, Any]) -> dict[str, Any]:
    import psycopg

    url = _pg_url(db)
    with psycopg.connect(url) as pg, pg.cursor() as cursor:
        if _pg_tables(cursor):
            raise BackupError(f"the database {db['NAME']} is not empty: restore goes into an empty system")
    _run(
        [
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={url}",
            str(dump),
        ]
    )
    with psycopg.connect(url) as pg:
        return _pg_digests(pg)


def _restore_sqlite(copy: Path, target: Path) -> dict[str, Any]:
    if target.exists():
        existing = sqlite3.connect(target)
        try:
            if _sqlite_tables(existing):
                raise BackupError(f"the database {target} is not empty: restore goes into an empty system")
        finally:
            existing.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    return _sqlite_digests(target)
