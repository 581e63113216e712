"""SQLite's query planner needs table statistics to choose well between indexes: without them it may read a
unit's every assignment for each row of a list (the access policy's EXISTS), seconds instead of milliseconds
on a year of documents. PostgreSQL keeps its statistics itself (autovacuum); on SQLite, Chancery gathers them
when a database has none yet (`connection_created`), after the demo data is loaded and with the daily clock
watch (`refresh_statistics`). `analysis_limit` keeps ANALYZE to a sample, quick even on millions of rows."""

from __future__ import annotations

from typing import Any

from django.db import connection as default_connection
from django.db.backends.signals import connection_created

ANALYSIS_LIMIT = 2000


def refresh_statistics(connection: Any = None) -> bool:
    """Gather the planner's statistics (SQLite only); True if it ran."""
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return True


def _has_statistics(cursor: Any) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1")
    return cursor.fetchone() is not None


def _on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'core_assignment'")
        if cursor.fetchone() is None or _has_statistics(cursor):
            return  # a database not migrated yet, or one that has its statistics
    refresh_statistics(connection)


def connect() -> None:
    connection_created.connect(_on_connect, dispatch_uid="chancery-sqlite-statistics")
