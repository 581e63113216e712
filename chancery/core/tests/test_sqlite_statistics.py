"""SQLite gets the planner's statistics when it has none (chancery.core.sqlite)."""

from __future__ import annotations

import pytest
from django.db import connection

from chancery.core import sqlite

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics"),
]


def _has_statistics() -> bool:
    with connection.cursor() as cursor:
        return sqlite._has_statistics(cursor)


def test_a_database_without_statistics_gets_them_on_connection() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert not _has_statistics()
    sqlite._on_connect(sender=None, connection=connection)
    assert _has_statistics()


def test_refreshing_is_for_sqlite_only() -> None:
    assert sqlite.refresh_statistics(connection) is True
