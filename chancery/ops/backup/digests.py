"""Digests: each table's rows and each file, so that a restore proves it put back what was taken."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from chancery.ops.backup.layout import CHUNK


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
