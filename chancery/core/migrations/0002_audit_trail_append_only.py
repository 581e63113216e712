"""Database triggers that keep the audit trail append-only, on SQLite and on PostgreSQL.

DELETE is refused. UPDATE is refused except the one that seals a pending event (seq, prev_hash and hash set
once, every other column unchanged). The hash chain detects what a database owner could still do by
dropping the triggers (`chancery audit verify`).
"""

from django.db import migrations

TABLE = "core_auditevent"
CONTENT_COLUMNS = [
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "unit_id",
    "secrecy",
    "changes",
    "message",
    "ip_address",
]


def _changed(columns: list[str], distinct: str) -> str:
    return " OR ".join(f"NEW.{c} {distinct} OLD.{c}" for c in ["id", *columns])


SQLITE_CREATE = [
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: delete refused'); END""",
    f"""CREATE TRIGGER {TABLE}_seal_only BEFORE UPDATE ON {TABLE}
        WHEN OLD.seq IS NOT NULL OR {_changed(CONTENT_COLUMNS, "IS NOT")}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: update refused'); END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_delete", f"DROP TRIGGER IF EXISTS {TABLE}_seal_only"]

POSTGRES_CREATE = [
    f"""CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'audit events are append-only: delete refused';
        END IF;
        IF OLD.seq IS NOT NULL OR {_changed(CONTENT_COLUMNS, "IS DISTINCT FROM").replace("NEW.changes IS DISTINCT FROM OLD.changes", "NEW.changes::text IS DISTINCT FROM OLD.changes::text")} THEN
            RAISE EXCEPTION 'audit events are append-only: update refused';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def _run(statements_by_vendor: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_organisation_and_audit_trail")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
