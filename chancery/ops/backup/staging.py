"""Restore, the database in a temporary place: loaded into an uncommitted transaction (PostgreSQL) or a file
beside the target (SQLite), compared table by table with the manifest, committed only when all else is in
place."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import tempfile
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, Any

from chancery.ops.backup.digests import _pg_digests, _pg_tables, _quote, _sqlite_digests, _sqlite_tables
from chancery.ops.backup.files import _copy_file, _make_folders
from chancery.ops.backup.layout import (
    CHUNK,
    DEVICES,
    ENROL_AGAIN,
    SESSIONS,
    USERS,
    BackupError,
    RestoreReport,
)
from chancery.ops.backup.taking import _is_confirmed, _pg_url


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
