"""Backup and restore of the database and the stored files together (`chancery backup --out DIR`,
`chancery restore DIR`).

Consistent while the office works:
- the database is copied as of one instant: on PostgreSQL, `pg_dump` of a snapshot exported from a
  repeatable-read transaction, in which every table's row count and digest are read too; on SQLite, the
  online backup API (a page-by-page copy that restarts if a writer changes a page) into memory, the counts
  and digests read from the copy written out;
- the files are copied after that instant. A stored file is written before the row that names it commits
  and is never rewritten in place, so every file the copied rows name is there; a file written after the
  instant is copied too and simply named by nothing.

A backup holds no working credential. The database part never holds the data of `django_session` (a
restored system has no sessions: everyone signs in again) nor of `otp_totp_totpdevice` (the TOTP seeds):
PostgreSQL's dump leaves their data out (`--exclude-table-data`), SQLite's copy is emptied of them in memory,
before anything is written into the backup folder, and written out with `VACUUM INTO` (no free page keeps a
deleted row). API tokens and one-time password links are stored as digests only, passwords as Argon2 hashes.
The seeds travel only inside the passphrase-encrypted keys (`--include-keys`), and restore puts them back
from there; without them, every person who had a second factor finds a fresh pending enrolment and enrols
again at the next login (chancery.core.middleware.ENROL_AGAIN_DEVICE).

The backup folder (mode 0700, every file in it 0600: it holds every record of the office): `database.pgdump`
or `database.sqlite3`, `files/` (MEDIA_ROOT, without the health probe's scratch files),
`audit_checkpoints.jsonl` (the audit chain's checkpoints up to the copied chain head: a restored system
verifies against them), and `manifest.json`: the database vendor, the database file's SHA-256, each table's
row count and SHA-256 digest, each file's size and SHA-256, what the backup holds of the audit trail, of the
keys and of the second factors, and a signature over all of that: an HMAC-SHA256 under a key derived from
the audit key. Whoever holds a backup without the audit key cannot change a byte of it and have it restored.

The keys are not in the backup by default: the audit key is what makes the trail evidence (someone holding a
copy of the database and its key could rewrite both), and the secret key signs sessions and links. Keep them
apart (the environment, a vault, a sealed envelope). `--include-keys` adds them, with the second factors'
seeds, encrypted with a passphrase (scrypt, then AES-256-GCM; `cryptography`) as `keys.enc`.

Restore goes into an empty system only (no tables in the database, no files in the storage, no checkpoint
file). Before writing anything it checks the manifest's signature with the audit key at hand
(CHANCERY_AUDIT_KEY, the backup's own keys opened with the passphrase, or var/audit_key) and every file of
the backup against the manifest, and says what is missing if anything is. It then writes into temporary
places: the database into an uncommitted transaction (PostgreSQL: `pg_restore`'s script run by Chancery
itself) or a temporary file beside the target (SQLite); the files into a temporary folder in the storage;
compares every table's count and digest and every file's checksum with the manifest, removes every session,
puts the second factors back (or leaves the enrolments to redo), and only when all of that passed moves the
files, the checkpoint file and the keys into place and commits the database. On any failure the target is
left as it was. A backup restores onto the same kind of database it was taken from. Backups of formats 1 and
2 (before manifests were signed) are refused unless `trust_unsigned` is given."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection

from chancery.core import audit
from chancery.core.middleware import ENROL_AGAIN_DEVICE

logger = logging.getLogger(__name__)

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


# --- private files ----------


def _private_file(path: Path) -> None:
    """Create an empty file only its owner can read, before anything is written into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _write_private(path: Path, data: bytes) -> None:
    os.replace(_write_temporary(path, data), path)


def _write_temporary(path: Path, data: bytes) -> Path:
    """`data` written whole into a new private file beside `path` (mode 0600); its name is returned."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under `root`, whatever the umask made them."""
    root.chmod(0o700)
    for folder, folders, names in os.walk(root):
        for name in folders:
            (Path(folder) / name).chmod(0o700)
        for name in names:
            (Path(folder) / name).chmod(0o600)


def _make_folders(folder: Path, made: list[Path]) -> None:
    """`folder` and its missing parents, each 0700; the ones made are appended to `made`."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        made.append(path)


# --- the keys, encrypted with a passphrase ----------


def _scrypt_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())


def encrypt_keys(keys: dict[str, Any], passphrase: str) -> dict[str, Any]:
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


def decrypt_keys(envelope: dict[str, Any], passphrase: str) -> dict[str, Any]:
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
    keys: dict[str, Any] = json.loads(plain)
    return keys


# --- the manifest's signature ----------


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {name: value for name, value in manifest.items() if name != SIGNATURE}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign_manifest(manifest: dict[str, Any], key: bytes) -> str:
    """An HMAC-SHA256 over the whole manifest (all but the signature), under a key derived from the audit
    key for this purpose only."""
    derived = hmac.new(key, SIGNATURE_PURPOSE, hashlib.sha256).digest()
    return hmac.new(derived, _canonical(manifest), hashlib.sha256).hexdigest()


def _signature_matches(manifest: dict[str, Any], key: bytes) -> bool:
    signature = manifest.get(SIGNATURE)
    if not isinstance(signature, str) or not signature.isascii():
        return False
    return hmac.compare_digest(sign_manifest(manifest, key), signature)


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


def _sqlite_digests(db: sqlite3.Connection) -> dict[str, Any]:
    def query(table: str) -> Iterator[tuple[Any, ...]]:
        columns = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]] or [c[1] for c in columns]
        order = ", ".join(_quote(k) for k in keys)
        yield from db.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608

    return table_digests(_sqlite_tables(db), query)


def _sqlite_file_digests(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(path)
    try:
        return _sqlite_digests(db)
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


def _pg_digests(pg: Any, left_out: Iterable[str] = ()) -> dict[str, Any]:
    """Counts and digests over a psycopg connection (inside the caller's snapshot or transaction), each row
    as PostgreSQL prints it (the same text whatever the client's type adapters). A table in `left_out` is
    counted as the backup holds it: empty."""
    with pg.cursor() as cursor:
        tables = _pg_tables(cursor)
    left_out = set(left_out)

    def query(table: str) -> Iterator[tuple[Any, ...]]:
        if table in left_out:
            return
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
            if not relative.startswith(SKIPPED_FILES) and not relative.startswith(".chancery-restore-"):
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


# --- restore: what is checked before anything is written ----------


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


# --- restore: the database in a temporary place ----------


class _LoadedDatabase(ABC):
    """A restored database not yet in place: its digests, the means to finish it, commit() to put it in
    place, abort() to leave the target as it was."""

    tables: dict[str, Any]

    @abstractmethod
    def present(self) -> set[str]: ...

    @abstractmethod
    def clear(self, table: str) -> None: ...

    @abstractmethod
    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None: ...

    @abstractmethod
    def usernames(self, ids: list[int]) -> list[str]: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def abort(self) -> None: ...


class _SqliteDatabase(_LoadedDatabase):
    """A copy of the backup's database in a temporary file beside the target, renamed onto it at commit."""

    def __init__(self, temporary: Path, target: Path) -> None:
        self.temporary, self.target = temporary, target
        self.db: sqlite3.Connection | None = sqlite3.connect(temporary)
        self.tables = _sqlite_digests(self.db)

    def _db(self) -> sqlite3.Connection:
        assert self.db is not None
        return self.db

    def present(self) -> set[str]:
        return set(_sqlite_tables(self._db()))

    def clear(self, table: str) -> None:
        self._db().execute(f"DELETE FROM {_quote(table)}")  # noqa: S608

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            names = ", ".join(_quote(name) for name in row)
            marks = ", ".join("?" for _ in row)
            self._db().execute(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", list(row.values()))  # noqa: S608

    def usernames(self, ids: list[int]) -> list[str]:
        marks = ", ".join("?" for _ in ids)
        query = f"SELECT username FROM {USERS} WHERE id IN ({marks}) ORDER BY username"  # noqa: S608
        return [row[0] for row in self._db().execute(query, ids)]

    def commit(self) -> None:
        db = self._db()
        db.commit()
        db.close()
        self.db = None
        for suffix in ("-wal", "-shm", "-journal"):  # of the empty database the target was
            Path(f"{self.target}{suffix}").unlink(missing_ok=True)
        os.replace(self.temporary, self.target)
        self.target.chmod(0o600)

    def abort(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.rollback()
            self.db.close()
            self.db = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.temporary}{suffix}").unlink(missing_ok=True)


class _PostgresDatabase(_LoadedDatabase):
    """The backup's database loaded into the target in one transaction that is committed only at commit()."""

    def __init__(self, pg: Any) -> None:
        self.pg = pg
        self.tables = {}

    def present(self) -> set[str]:
        with self.pg.cursor() as cursor:
            return set(_pg_tables(cursor))

    def clear(self, table: str) -> None:
        self.pg.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        insert = (
            f"INSERT INTO {_quote(table)} SELECT * FROM json_populate_record(NULL::{_quote(table)}, %s::json)"  # noqa: S608
        )
        with self.pg.cursor() as cursor:
            for row in rows:
                cursor.execute(insert, [json.dumps(row)])
            highest = "COALESCE((SELECT MAX(id) FROM {}), 0) + 1"
            sequence = "SELECT setval(pg_get_serial_sequence(%s, 'id'), " + highest + ", false)"
            cursor.execute(sequence.format(_quote(table)), [_quote(table)])

    def usernames(self, ids: list[int]) -> list[str]:
        query = f"SELECT username FROM {USERS} WHERE id = ANY(%s) ORDER BY username"  # noqa: S608
        return [row[0] for row in self.pg.execute(query, [ids]).fetchall()]

    def commit(self) -> None:
        self.pg.commit()
        self.pg.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.pg.rollback()
        with contextlib.suppress(Exception):
            self.pg.close()


def _load_sqlite(copy: Path, target: Path, expected: str | None, made: list[Path]) -> _SqliteDatabase:
    if target.exists():
        existing = sqlite3.connect(target)
        try:
            if _sqlite_tables(existing):
                raise BackupError(f"the database {target} is not empty: restore goes into an empty system")
        finally:
            existing.close()
    _make_folders(target.parent, made)
    temporary = target.parent / f".{target.name}.chancery-restore-{secrets.token_hex(6)}"
    try:
        digest = _copy_file(copy, temporary)  # the bytes loaded are the bytes checked: no swap in between
        if expected is not None and digest != expected:
            raise BackupError(f"the database file {copy.name} of the backup changed while it was restored")
        return _SqliteDatabase(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _load_postgresql(dump: Path, db: dict[str, Any], expected: str | None) -> _PostgresDatabase:
    import psycopg

    pg = psycopg.connect(_pg_url(db))
    loaded = _PostgresDatabase(pg)
    try:
        with pg.cursor() as cursor:
            if _pg_tables(cursor):
                raise BackupError(
                    f"the database {db['NAME']} is not empty: restore goes into an empty system"
                )
        digest = _run_restore_script(dump, pg)
        if expected is not None and digest != expected:
            raise BackupError(f"the database file {dump.name} of the backup changed while it was restored")
        pg.execute("RESET search_path")  # the script empties it for its own statements
        loaded.tables = _pg_digests(pg)
    except psycopg.Error as error:
        loaded.abort()
        raise BackupError(f"the database could not be loaded: {str(error).strip()[-1500:]}") from error
    except BaseException:
        loaded.abort()
        raise
    return loaded


PSQL_COMMANDS_SKIPPED = (b"\\restrict ", b"\\unrestrict ")


def _run_restore_script(dump: Path, pg: Any) -> str:
    """Run the SQL script `pg_restore` makes of the dump inside the connection's open transaction (so that
    nothing is committed before every check has passed); returns the SHA-256 of the dump as it was read."""
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-privileges", "--file=-"],  # noqa: S607
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert process.stdin is not None
        assert process.stdout is not None
        stop = threading.Event()
        feeder = threading.Thread(target=_feed, args=(dump, process.stdin, digest, stop), daemon=True)
        feeder.start()
        try:
            _execute_script(process.stdout, pg)
        except BaseException:
            stop.set()
            process.kill()
            raise
        finally:
            process.stdout.close()
            feeder.join()
            code = process.wait()
        if code:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()[-1500:]
            raise BackupError(f"pg_restore failed: {message}")
    return digest.hexdigest()


def _feed(dump: Path, pipe: IO[bytes], digest: Any, stop: threading.Event) -> None:
    """Write the dump into pg_restore while hashing all of it (pg_restore may stop reading before its end),
    until the restore stops."""
    writing = True
    try:
        with dump.open("rb") as source:
            while not stop.is_set() and (block := source.read(CHUNK)):
                digest.update(block)
                if writing:
                    try:
                        pipe.write(block)
                    except (BrokenPipeError, ValueError, OSError):
                        writing = False
    finally:
        with contextlib.suppress(BrokenPipeError, ValueError, OSError):
            pipe.close()


def _execute_script(stream: IO[bytes], pg: Any) -> None:
    """The statements of a pg_restore script, each COPY's data streamed to the server."""
    statements: list[bytes] = []
    lines = iter(stream)
    with pg.cursor() as cursor:

        def flush() -> None:
            text = b"".join(statements).decode()
            statements.clear()
            if any(line.strip() and not line.lstrip().startswith("--") for line in text.splitlines()):
                cursor.execute(text)

        for line in lines:
            if line.startswith(b"\\"):
                if line.startswith(PSQL_COMMANDS_SKIPPED):
                    continue
                raise BackupError("the database dump holds a command this restore does not run")
            if line.startswith(b"COPY ") and line.rstrip(b"\r\n").endswith(b" FROM stdin;"):
                flush()
                with cursor.copy(line.decode().rstrip("\r\n").removesuffix(";")) as copy:
                    buffer = bytearray()
                    for data in lines:
                        if data in (b"\\.\n", b"\\.\r\n"):
                            break
                        buffer += data
                        if len(buffer) >= CHUNK:
                            copy.write(bytes(buffer))
                            buffer.clear()
                    else:
                        raise BackupError("the database dump ends inside a table's data")
                    if buffer:
                        copy.write(bytes(buffer))
                continue
            statements.append(line)
        flush()


def _compare_tables(expected: dict[str, Any], found: dict[str, Any]) -> None:
    """Refuse a restored database that is not the backup's, naming the tables (never the digests)."""
    differing = sorted(
        table for table in set(expected) | set(found) if expected.get(table) != found.get(table)
    )
    if differing:
        names = ", ".join(differing[:10]) + (
            f" and {len(differing) - 10} more" if len(differing) > 10 else ""
        )
        raise BackupError(
            f"the restored database differs from the backup's manifest in {len(differing)} table(s): "
            f"{names}; nothing was restored"
        )


def _put_back_credentials(
    loaded: _LoadedDatabase, manifest: dict[str, Any], keys: dict[str, Any], report: RestoreReport
) -> None:
    """No session survives a restore. The second factors come back from the backup's keys; without them,
    each person who had one finds a pending enrolment with a fresh key, to confirm at the next login."""
    present = loaded.present()
    if SESSIONS in present:
        loaded.clear(SESSIONS)
    credentials = manifest.get("credentials")
    if not isinstance(credentials, dict) or DEVICES not in present:
        return  # a backup of an earlier format holds its devices in the database part
    if isinstance(keys.get("second_factors"), list):
        loaded.insert_rows(DEVICES, keys["second_factors"])
        confirmed = sum(1 for row in keys["second_factors"] if _is_confirmed(row))
        report.notes.append(f"second factors: {confirmed} restored from the backup's keys")
        return
    rows = [
        {**row, "key": secrets.token_hex(20), **{k: v for k, v in ENROL_AGAIN.items() if k in row}}
        for row in credentials.get("second_factors") or []
    ]
    loaded.insert_rows(DEVICES, rows)
    if rows:
        report.enrol_again = loaded.usernames(sorted({int(row["user_id"]) for row in rows}))
        report.notes.append(
            "second factors: not in this backup (taken without --include-keys); "
            f"{len(report.enrol_again)} person(s) enrol their authenticator app again at their next login "
            f"(with their password only; tell them): {', '.join(report.enrol_again)}"
        )


# --- restore ----------


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
