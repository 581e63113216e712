"""Audit events authenticated by the application when written, and the chain head's checkpoint counter.

Each event gets a random `nonce` and a `mac` (an HMAC of its content under the audit key, which the database
does not hold); the MAC must be unique, so a copied row is refused. Triggers (SQLite and PostgreSQL) refuse an
INSERT without a MAC and any change of `nonce` or `mac`: a database user can still insert a row with a made-up
MAC, which sealing refuses and `chancery audit verify` names (chancery/core/audit.py).

On SQLite, adding the columns rebuilds the table, which drops its triggers: the append-only triggers of
migration 0002 are put back here (and again when this migration is reversed).

Events already sealed keep the seal they have (`mac_from_seq` records where MACs begin); events written but
not yet sealed when this migration runs are given their MAC here, with the audit key in force.
"""

from importlib import import_module

from django.db import migrations, models

TABLE = "core_auditevent"
APPEND_ONLY = import_module("chancery.core.migrations.0002_audit_trail_append_only")
SQLITE_APPEND_ONLY = [*APPEND_ONLY.SQLITE_DROP, *APPEND_ONLY.SQLITE_CREATE]

SQLITE_CREATE = [
    f"""CREATE TRIGGER {TABLE}_mac_required BEFORE INSERT ON {TABLE}
        WHEN NEW.mac IS NULL OR NEW.mac = '' OR NEW.nonce IS NULL OR NEW.nonce = ''
        BEGIN SELECT RAISE(ABORT, 'audit events are written by Chancery: insert without a MAC refused');
        END""",
    f"""CREATE TRIGGER {TABLE}_mac_frozen BEFORE UPDATE ON {TABLE}
        WHEN NEW.mac IS NOT OLD.mac OR NEW.nonce IS NOT OLD.nonce
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: update refused'); END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_mac_required", f"DROP TRIGGER IF EXISTS {TABLE}_mac_frozen"]

POSTGRES_CREATE = [
    f"""CREATE FUNCTION {TABLE}_mac() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' AND (COALESCE(NEW.mac, '') = '' OR COALESCE(NEW.nonce, '') = '') THEN
            RAISE EXCEPTION 'audit events are written by Chancery: insert without a MAC refused';
        END IF;
        IF TG_OP = 'UPDATE'
           AND (NEW.mac IS DISTINCT FROM OLD.mac OR NEW.nonce IS DISTINCT FROM OLD.nonce) THEN
            RAISE EXCEPTION 'audit events are append-only: update refused';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_mac BEFORE INSERT OR UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_mac()""",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_mac ON {TABLE}", f"DROP FUNCTION IF EXISTS {TABLE}_mac()"]


def _run(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def sign_pending_events(apps, schema_editor):
    """Events not sealed yet get their MAC (sealing now requires one); sealed ones keep the seal they have."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None:
        head.mac_from_seq = head.seq + 1
        head.save(update_fields=["mac_from_seq"])
    pending = list(AuditEvent.objects.filter(seq__isnull=True, mac=""))
    if not pending:
        return
    from chancery.core import audit

    key = audit._audit_key()
    for event in pending:
        audit.sign_event(event, key)
    AuditEvent.objects.bulk_update(pending, ["nonce", "mac"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("core", "0014_accounts_four_eyes_tokens")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _run({"sqlite": SQLITE_APPEND_ONLY})),
        migrations.AddField(
            model_name="auditchainhead",
            name="checkpoints",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="mac_from_seq",
            field=models.BigIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(blank=True, max_length=64, verbose_name="authentication code"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="nonce",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("mac", ""), _negated=True), fields=("mac",), name="audit_mac_unique"
            ),
        ),
        migrations.RunPython(sign_pending_events, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": [*SQLITE_APPEND_ONLY, *SQLITE_CREATE], "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
