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

The backup folder (mode 0700, every file in it 0600: it holds every record of the office): `database.pgdump`
or `database.sqlite3`, `files/` (MEDIA_ROOT, without the health probe's scratch files),
`audit_checkpoints.jsonl` (the audit chain's checkpoints up to the copied chain head: a restored system
verifies against them), and `manifest.json`: the database vendor, each table's row count and SHA-256 digest,
each file's size and SHA-256, what the backup holds of the audit trail and of the keys.

The keys are not in the backup by default: the audit key is what makes the trail evidence (someone holding a
copy of the database and its key could rewrite both), and the secret key signs sessions and links. Keep them
apart (the environment, a vault, a sealed envelope). `--include-keys` adds them encrypted with a passphrase
(scrypt, then AES-256-GCM; `cryptography`) as `keys.enc`.

Restore goes into an empty system only (no tables in the database, no files in the storage, no checkpoint
file): before writing anything it checks the whole backup against its manifest and that the audit key at
hand (CHANCERY_AUDIT_KEY, the backup's own keys opened with the passphrase, or var/audit_key) is the one the
backup's checkpoints were signed with, and says what is missing if not. It then loads the database in one
transaction (`pg_restore --single-transaction --exit-on-error`), copies the files each under a temporary
name then renamed, compares every table's count and digest and every file's checksum with the manifest,
and writes the checkpoint file and the keys (0600). A backup restores onto the same kind of database it was
taken from."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection

from chancery.core import audit

logger = logging.getLogger(__name__)

FORMAT = 2
READABLE_FORMATS = (1, 2)  # format 1: keys in plain text under keys/, no checkpoints
MANIFEST = "manifest.json"
SKIPPED_FILES = ("health/",)
CHUNK = 1 << 20
CHECKPOINTS = "audit_checkpoints.jsonl"
KEYS = "keys.enc"
KEYS_AAD = b"chancery backup keys 1"
MIN_PASSPHRASE = 12
SCRYPT = {"n": 2**17, "r": 8, "p": 1}  # 128 MiB per try (OWASP's minimum for scrypt)
SCRYPT_MAX_N = 2**20


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says why, for the person running it."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the restored system uses and what it lacks
    format: int = FORMAT


# --- private files ----------


def _private_file(path: Path) -> None:
    """Create an empty file only its owner can read, before anything is written into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _write_private(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under `root`, whatever the umask made them."""
    root.chmod(0o700)
    for folder, folders, names in os.walk(root):
        for name in folders:
            (Path(folder) / name).chmod(0o700)
        for name in names:
            (Path(folder) / name).chmod(0o600)


# --- the keys, encrypted with a passphrase ----------


def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())


def encrypt_keys(keys: dict[str, str], passphrase: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase for the keys must have at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _scrypt_key(passphrase, salt, **SCRYPT)
    sealed = AESGCM(key).encrypt(nonce, json.dumps(keys).encode(), KEYS_AAD)
    return {
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }


def decrypt_keys(envelope: dict[str, Any], passphrase: str) -> dict[str, str]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf = envelope["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if kdf["name"] != "scrypt" or envelope["cipher"] != "AES-256-GCM" or not 2 <= n <= SCRYPT_MAX_N:
            raise ValueError
        if not (1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError
        salt, nonce = base64.b64decode(kdf["salt"]), base64.b64decode(envelope["nonce"])
        sealed = base64.b64decode(envelope["ciphertext"])
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"{KEYS} is not a key file this Chancery reads") from error
    try:
        plain = AESGCM(_scrypt_key(passphrase, salt, n, r, p)).decrypt(nonce, sealed, KEYS_AAD)
    except InvalidTag as error:
        raise BackupError(
            "the passphrase does not open this backup's keys (or keys.enc was changed)"
        ) from error
    keys: dict[str, str] = json.loads(plain)
    return keys


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


def backup(out: Path, *, keys_passphrase: str | None = None) -> dict[str, Any]:
    """Write a backup into `out` (a new or empty folder, made private); returns its manifest. With
    `keys_passphrase`, the secret and audit keys are added, encrypted with it."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: a backup goes into a new folder")
    if keys_passphrase is not None and len(keys_passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"the passphrase for the keys must have at least {MIN_PASSPHRASE} characters")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    out.chmod(0o700)
    try:  # the chain as it stands, anchored: the backup then carries a checkpoint of (almost) all of it
        audit.write_checkpoint()
    except Exception:
        logger.exception("no audit checkpoint could be written before the backup")
    vendor = connection.vendor
    started = datetime.now(UTC)
    if vendor == "postgresql":
        tables, database_file, chain_seq = _backup_postgresql(out)
    elif vendor == "sqlite":
        tables, database_file, chain_seq = _backup_sqlite(out)
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
        material = {"secret_key": settings.SECRET_KEY}
        if audit_key := audit.read_audit_key():
            material["audit_key"] = audit_key.decode()
        envelope = encrypt_keys(material, keys_passphrase)
        _write_private(out / KEYS, json.dumps(envelope, indent=1).encode())
        keys = {"included": True, "file": KEYS, "names": sorted(material)}
    manifest = {
        "format": FORMAT,
        "vendor": vendor,
        "taken_at": started.isoformat(),
        "database": database_file,
        "tables": tables,
        "files": files,
        "audit": trail,
        "keys": keys,
    }
    _write_private(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    _make_private(out)
    return manifest


def _chain_head_seq(rows: list[tuple[Any, ...]]) -> int:
    return int(rows[0][0]) if rows else 0


def _backup_postgresql(out: Path) -> tuple[dict[str, Any], str, int]:
    import psycopg

    url = _pg_url(connection.settings_dict)
    _private_file(out / "database.pgdump")
    with psycopg.connect(url, autocommit=False) as pg:
        pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = pg.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        chain_seq = _chain_head_seq(pg.execute("SELECT seq FROM core_auditchainhead WHERE id = 1").fetchall())
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
    return tables, "database.pgdump", chain_seq


def _backup_sqlite(out: Path) -> tuple[dict[str, Any], str, int]:
    target = out / "database.sqlite3"
    _private_file(target)
    connection.ensure_connection()
    source = connection.connection  # the app's own connection: also right for an in-memory database
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        chain_seq = _chain_head_seq(
            copy.execute("SELECT seq FROM core_auditchainhead WHERE id = 1").fetchall()
        )
    finally:
        copy.close()
    return _sqlite_digests(target), "database.sqlite3", chain_seq


# --- restore ----------


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Chancery backup")
    manifest: dict[str, Any] = json.loads(path.read_text())
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"backup format {manifest.get('format')} is not a format this Chancery reads")
    return manifest


def _inside(relative: str) -> bool:
    """A path from a manifest that stays inside the folder it is read from and written to."""
    path = PurePosixPath(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts and "\\" not in relative


def check_backup(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the backup is there with its checksum, under a name that stays inside the backup and
    the file storage; the database file is there."""
    if manifest["database"] not in {"database.pgdump", "database.sqlite3"}:
        raise BackupError(f"the manifest names an unknown database file: {manifest['database']}")
    if not (folder / manifest["database"]).exists():
        raise BackupError(f"the database file {manifest['database']} is missing from the backup")
    trail = manifest.get("audit") or {}
    keys = manifest.get("keys")
    if (
        trail.get("checkpoints") not in {None, CHECKPOINTS}
        or (isinstance(keys, dict) and keys.get("included") and keys.get("file") != KEYS)
        or (isinstance(keys, list) and not set(keys) <= {"secret_key", "audit_key"})
    ):
        raise BackupError("the manifest names files a Chancery backup does not hold")
    for relative, facts in manifest["files"].items():
        if not _inside(relative):
            raise BackupError(f"the manifest names a file outside the backup: {relative}")
        path = folder / "files" / relative
        if not path.exists():
            raise BackupError(f"file {relative} is missing from the backup")
        if _sha256_file(path) != facts["sha256"]:
            raise BackupError(f"file {relative} in the backup does not match its checksum")
    if trail.get("checkpoints"):
        path = folder / trail["checkpoints"]
        if not path.exists() or _sha256_file(path) != trail["sha256"]:
            raise BackupError(
                f"the audit checkpoint file {trail['checkpoints']} is missing or does not match"
            )
    if isinstance(keys, dict) and keys.get("included") and not (folder / keys["file"]).exists():
        raise BackupError(f"the key file {keys['file']} is missing from the backup")


def _backup_keys(folder: Path, manifest: dict[str, Any], passphrase: str | None) -> dict[str, str]:
    """The keys the backup holds: format 1 in plain text, format 2 opened with the passphrase."""
    keys = manifest.get("keys")
    if isinstance(keys, list):
        return {name: (folder / "keys" / name).read_text().strip() for name in keys}
    if not keys or not keys.get("included"):
        return {}
    if passphrase is None:
        raise BackupError(
            "this backup holds its keys encrypted: give the passphrase it was taken with "
            "(--passphrase-file FILE or CHANCERY_BACKUP_PASSPHRASE)"
        )
    return decrypt_keys(json.loads((folder / keys["file"]).read_text()), passphrase)


def _audit_key_for(
    folder: Path, manifest: dict[str, Any], keys: dict[str, str], var: Path, report: RestoreReport
) -> None:
    """Make sure the restored system will hold the audit key the backup's trail was sealed with, before
    anything is written; say which key it is, or what is needed."""
    if os.environ.get("CHANCERY_AUDIT_KEY"):
        key, source = os.environ["CHANCERY_AUDIT_KEY"].encode(), "CHANCERY_AUDIT_KEY"
    elif "audit_key" in keys:
        key, source = keys["audit_key"].encode(), "the backup's keys"
    elif (var / audit.KEY_FILE).exists():
        key, source = (var / audit.KEY_FILE).read_text().strip().encode(), str(var / audit.KEY_FILE)
    else:
        trail = manifest.get("audit") or {}
        sealed = trail.get("chain_seq", manifest["tables"].get("core_auditevent", {}).get("rows", 0))
        if sealed:
            raise BackupError(
                "restoring this backup needs the audit key its trail was sealed with, and none is at hand: "
                f"set CHANCERY_AUDIT_KEY, or put the key in {var / audit.KEY_FILE} (mode 0600), or restore "
                "a backup taken with --include-keys with its passphrase"
            )
        report.notes.append("no audit key at hand: one is made at the first start (the trail is empty)")
        return
    trail = manifest.get("audit") or {}
    if trail.get("checkpoints"):
        signed = audit.key_signed_checkpoints(folder / trail["checkpoints"], key)
        if signed is False:
            raise BackupError(
                f"the audit key from {source} is not the key this backup's audit trail was sealed with: "
                + (
                    "unset CHANCERY_AUDIT_KEY or set it to the original key"
                    if source == "CHANCERY_AUDIT_KEY"
                    else "set CHANCERY_AUDIT_KEY to the original key"
                )
            )
        if signed:
            report.notes.append(
                f"audit key: from {source}, the one the backup's checkpoints were signed with"
            )
            return
    report.notes.append(f"audit key: from {source}")


def restore(
    folder: Path,
    *,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    var_dir: Path | None = None,
    checkpoints: Path | None = None,
    keys_passphrase: str | None = None,
) -> RestoreReport:
    """Restore the backup in `folder` into an empty system: the configured database, MEDIA_ROOT, var
    directory and checkpoint file, or the ones given (a database settings dict as in DATABASES; with
    `var_dir`, the checkpoint file defaults to the one in it)."""
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
    check_backup(folder, manifest)
    report = RestoreReport(format=manifest["format"])
    keys = _backup_keys(folder, manifest, keys_passphrase)
    _audit_key_for(folder, manifest, keys, var, report)
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
    trail = manifest.get("audit") or {}
    if trail.get("checkpoints"):
        checkpoint_file.parent.mkdir(parents=True, exist_ok=True)
        _write_private(checkpoint_file, (folder / trail["checkpoints"]).read_bytes())
    elif manifest["format"] == 1:
        report.notes.append(
            "this backup was taken before audit checkpoints: run `chancery migrate`, then "
            "`chancery audit checkpoint` to anchor the restored chain, then `chancery audit verify`"
        )
    # The system was empty: a key file made by starting it (the secret key is made at first start) gives way
    # to the backup's.
    var.mkdir(parents=True, exist_ok=True)
    for name, value in keys.items():
        if name in {"secret_key", "audit_key"}:
            _write_private(var / name, value.encode())
            report.notes.append(f"{name} restored from the backup into {var / name}")
    if "secret_key" not in keys and not os.environ.get("CHANCERY_SECRET_KEY"):
        report.notes.append(
            "the secret key is not in the backup: set CHANCERY_SECRET_KEY to the original to keep sessions "
            "and signed links (a new one means everyone signs in again)"
        )
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
