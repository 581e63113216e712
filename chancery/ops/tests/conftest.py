"""What the backup tests share: the audit trail cleared for the flush after a committing test, the media
folder, and an empty system to restore into (a database of the suite's kind, empty storage and var)."""

import uuid

import pytest
from django.db import connection

from chancery.core.models import Role, RoleCode
from chancery.ops import backup


@pytest.fixture
def audit_rows_cleared_for_the_flush(transactional_db):
    """After a test that commits, Django empties every table; SQLite empties with DELETE, which the audit
    trail's append-only trigger refuses. The trigger is lifted for the clearing only, then put back."""
    for code in RoleCode.values:  # the roles the migrations made: an earlier committing test emptied them
        Role.objects.get_or_create(code=code)
    yield
    if connection.vendor != "sqlite":
        return  # PostgreSQL empties with TRUNCATE, which the trigger does not see
    from importlib import import_module

    triggers = import_module("chancery.core.migrations.0002_audit_trail_append_only")
    with connection.cursor() as cursor:
        for statement in triggers.SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {triggers.TABLE}")
        for statement in triggers.SQLITE_CREATE:
            cursor.execute(statement)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_system(tmp_path):
    """A database with no tables, an empty file storage and var directory, of the suite's kind."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        database = {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        yield database, tmp_path / "restored-media", tmp_path / "restored-var"
        return
    import psycopg

    name = f"chancery_restore_{uuid.uuid4().hex[:8]}"
    admin = backup.taking._pg_url({**source, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name}, tmp_path / "restored-media", tmp_path / "restored-var"
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
