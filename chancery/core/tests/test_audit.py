"""The audit trail: every change writes an event; the hash chain finds any changed or deleted event."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from chancery.core import audit, services
from chancery.core.models import AuditChainHead, AuditEvent, RoleCode, UnitKind
from chancery.core.tests.factories import UnitFactory, make_staff

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """What a database owner bent on hiding something could do: drop the append-only triggers."""
    from importlib import import_module

    migrations = [
        import_module("chancery.core.migrations.0002_audit_trail_append_only"),
        import_module("chancery.core.migrations.0015_audit_event_mac"),
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # superuser: user triggers off
        else:
            for migration in migrations:
                for statement in migration.SQLITE_DROP:
                    cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for migration in migrations:
                    for statement in migration.SQLITE_CREATE:
                        cursor.execute(statement)


@pytest.fixture
def roles() -> None:
    """The roles the migrations made (a test that commits empties every table after it)."""
    from chancery.core.models import Role

    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)


@pytest.fixture
def admin_user():
    return make_staff("quantri", unit=UnitFactory.create(), roles=(RoleCode.ADMINISTRATOR,))


def some_events(admin_user, count: int = 5) -> list[AuditEvent]:
    for n in range(count):
        services.create_unit(actor=admin_user, code=f"u{n}", name=f"Phòng {n}", kind=UnitKind.DIVISION)
    audit.seal_pending()  # in production it runs when the transaction commits; tests never commit
    return list(AuditEvent.objects.order_by("seq"))


def test_creating_and_changing_a_unit_writes_events_with_before_and_after(admin_user) -> None:
    unit = services.create_unit(actor=admin_user, code="vu-moi", name="Vụ Mới", kind=UnitKind.DEPARTMENT)
    services.update_unit(actor=admin_user, unit=unit, name="Vụ Đổi Tên")
    audit.seal_pending()
    created, changed = AuditEvent.objects.filter(object_type="core.unit", object_id=unit.pk).order_by("id")
    assert created.action == "create" and created.actor == admin_user
    assert created.changes["name"] == {"before": None, "after": "Vụ Mới"}
    assert changed.action == "update"
    assert changed.changes == {"name": {"before": "Vụ Mới", "after": "Vụ Đổi Tên"}}
    assert changed.seq == (created.seq or 0) + 1 and changed.prev_hash == created.hash


def test_an_update_that_changes_nothing_writes_no_event(admin_user) -> None:
    unit = services.create_unit(actor=admin_user, code="x", name="X", kind=UnitKind.DEPARTMENT)
    before = AuditEvent.objects.count()
    services.update_unit(actor=admin_user, unit=unit, name="X")
    assert AuditEvent.objects.count() == before


def test_events_are_sealed_when_the_transaction_commits(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin_user = make_staff("quantri", unit=None, roles=(RoleCode.ADMINISTRATOR,))
        services.create_unit(actor=admin_user, code="a", name="A", kind=UnitKind.DEPARTMENT)
        services.create_unit(actor=admin_user, code="b", name="B", kind=UnitKind.DEPARTMENT)
    assert len(callbacks) == 1  # one seal per transaction, however many events
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


def test_a_rolled_back_change_leaves_no_event(admin_user) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.create_unit(actor=admin_user, code="y", name="Y", kind=UnitKind.DEPARTMENT)
        raise RuntimeError
    assert AuditEvent.objects.count() == before


def test_intact_chain_verifies(admin_user) -> None:
    some_events(admin_user)
    report = audit.verify_chain()
    assert report.is_intact and report.checked == AuditEvent.objects.count()
    call_command("audit", "verify")


def test_database_refuses_to_change_or_delete_a_sealed_event(admin_user) -> None:
    event = some_events(admin_user, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(message="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(hash="0" * 64)


def test_changed_event_is_found_and_named(admin_user) -> None:
    events = some_events(admin_user)
    victim = events[2]
    with triggers_disabled():
        AuditEvent.objects.filter(pk=victim.pk).update(changes={"name": {"before": None, "after": "Giả mạo"}})
    report = audit.verify_chain()
    assert [(p.kind, p.event_id) for p in report.problems] == [("changed", victim.pk)]
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")


def test_resealed_change_is_found_at_the_next_link(admin_user) -> None:
    """Recomputing the forged event's hash without the key does not help: the key is not in the database."""
    import hashlib

    events = some_events(admin_user)
    victim = events[1]
    with triggers_disabled():
        AuditEvent.objects.filter(pk=victim.pk).update(
            message="forged", hash=hashlib.sha256(b"forged").hexdigest()
        )
    kinds = {(p.kind, p.event_id) for p in audit.verify_chain().problems}
    assert ("changed", victim.pk) in kinds
    assert ("relinked", events[2].pk) in kinds


def test_deleted_event_is_found_with_its_position(admin_user) -> None:
    events = some_events(admin_user)
    victim = events[2]
    with triggers_disabled():
        AuditEvent.objects.filter(pk=victim.pk).delete()
    problems = audit.verify_chain().problems
    assert len(problems) == 1
    assert problems[0].kind == "deleted" and problems[0].seq == victim.seq
    assert f"event #{events[1].pk}" in problems[0].detail and f"event #{events[3].pk}" in problems[0].detail


def test_deleting_the_newest_events_is_found_from_the_chain_head(admin_user) -> None:
    events = some_events(admin_user)
    with triggers_disabled():
        AuditEvent.objects.filter(pk__in=[events[-1].pk, events[-2].pk]).delete()
    problems = audit.verify_chain().problems
    assert [p.kind for p in problems] == ["deleted"]
    assert str(AuditChainHead.objects.get().seq) in problems[0].detail


def test_pending_events_are_reported_and_sealed_by_the_command(admin_user) -> None:
    some_events(admin_user, 2)
    audit.record(action="view", actor=admin_user)  # written; sealed only when a transaction commits
    assert audit.verify_chain().unsealed == 1
    assert audit.verify_chain().is_intact
    call_command("audit", "seal")
    report = audit.verify_chain()
    assert report.unsealed == 0 and report.is_intact


def test_view_of_staff_details_is_recorded(client, admin_user) -> None:
    other = make_staff("nhanvien", unit=admin_user.unit)
    client.force_login(admin_user)
    response = client.get(other.get_absolute_url())
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="view", object_type="core.user", object_id=other.pk, actor=admin_user
    ).exists()
    assert b'data-testid="staff-details"' in response.content


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_build_one_unbroken_chain(roles, admin_user) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(10):
                services.create_unit(
                    actor=admin_user, code=f"w{n}-{k}", name=f"Phòng {n}-{k}", kind=UnitKind.DIVISION
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = audit.verify_chain()
    assert report.is_intact, report.problems
    assert report.unsealed == 0
    assert report.checked == AuditEvent.objects.count() >= 80


# --- events authenticated when written; the chain's end anchored outside the database ----------


def forged_row(**overrides) -> AuditEvent:
    """What someone with write access to the database can do: insert an event of their own, with a MAC made
    up (the database refuses one without), since the audit key is not in the database."""
    from django.utils import timezone

    fields = {
        "at": timezone.now(),
        "action": "update",
        "object_type": "core.unit",
        "object_id": 1,
        "object_repr": "Vụ Tổng hợp",
        "changes": {"name": {"before": "Vụ A", "after": "Vụ B"}},
        "nonce": "0" * 32,
        "mac": "f" * 64,
    }
    fields.update(overrides)
    return AuditEvent.objects.create(**fields)


def problems_of(report: audit.ChainReport) -> list[tuple[str, int | None]]:
    return [(p.kind, p.event_id) for p in report.problems]


def test_a_row_inserted_into_the_table_is_refused_at_sealing_and_named_by_verify(admin_user) -> None:
    some_events(admin_user, 3)
    forged = forged_row()
    services.create_unit(actor=admin_user, code="sau", name="Phòng Sau", kind=UnitKind.DIVISION)
    result = audit.seal()
    assert result.sealed == 1 and list(result.refused) == [forged.pk]
    forged.refresh_from_db()
    assert forged.seq is None  # never chained
    assert AuditEvent.objects.get(object_type="core.unit", changes__code__after="sau").seq is not None
    report = audit.verify_chain()
    assert problems_of(report) == [("forged", forged.pk)]
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")
    with pytest.raises(CommandError, match="refused"):
        call_command("audit", "seal")


def test_a_row_without_a_mac_is_refused_by_the_database_and_by_sealing(admin_user) -> None:
    some_events(admin_user, 2)
    with pytest.raises(DatabaseError), transaction.atomic():
        forged_row(nonce="", mac="")
    with triggers_disabled():  # the database's owner can lift the trigger; sealing still refuses the row
        forged = forged_row(nonce="", mac="")
    assert audit.seal().refused.keys() == {forged.pk}
    assert problems_of(audit.verify_chain()) == [("forged", forged.pk)]


def test_a_copy_of_a_genuine_event_is_refused(admin_user) -> None:
    original = some_events(admin_user, 2)[0]
    content = {
        f.attname: getattr(original, f.attname)
        for f in AuditEvent._meta.concrete_fields
        if f.attname not in {"id", "seq", "prev_hash", "hash"}
    }
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.create(**content)  # the MAC must be unique
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX audit_mac_unique")  # what the database's owner can do
    copy = AuditEvent.objects.create(**content)
    assert audit.seal().refused.keys() == {copy.pk}
    assert ("copied", copy.pk) in problems_of(audit.verify_chain())


def test_events_written_in_bulk_carry_the_mac_and_are_sealed(admin_user) -> None:
    unit = UnitFactory.create()
    audit.seal()
    audit.record_many(
        action="update",
        actor=admin_user,
        subject=unit,
        entries=[({"n": {"after": k}}, f"dòng {k}") for k in range(3)],
    )
    assert AuditEvent.objects.filter(mac="").count() == 0
    assert audit.seal().sealed == 3
    assert audit.verify_chain().is_intact


def test_an_events_mac_survives_the_database_round_trip(admin_user, rf) -> None:
    """The MAC is made from the values before they are stored and checked against what the database gives
    back: PostgreSQL's jsonb writes 1e20 as 100000000000000000000 and -0.0 as 0.0, its inet type and Django
    write an IPv6 address in their own form."""
    import datetime as dt
    from decimal import Decimal

    request = rf.get("/", REMOTE_ADDR="2001:DB8:0:0:0:0:0:1")
    token = audit.current_request.set(request)
    try:
        audit.record(
            action="update",
            actor=admin_user,
            subject=admin_user.unit,
            changes={
                "big": 1e20,
                "whole": 2.0,
                "tiny": 1.5e-7,
                "huge": 1.5e300,
                "negative_zero": -0.0,
                "when": dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC),
                "amount": Decimal("1.50"),
                "tên": "Nguyễn Thị Ánh Đào",
                "nested": {"b": [1, 2.5, None, True], "a": {"z": 10**30}},
                10: "a number as a key",  # type: ignore[dict-item]
            },
            message="kiểm tra\x1fphân cách",
        )
    finally:
        audit.current_request.reset(token)
    assert audit.seal().refused == {}
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None and event.seq is not None and event.ip_address == "2001:db8::1"
    assert audit.verify_chain().is_intact


def test_cutting_the_newest_events_and_rewinding_the_head_is_found_by_the_checkpoint(admin_user) -> None:
    """A database owner can delete the last events and set the chain head back: the chain that is left is
    whole, but it no longer reaches the last checkpoint, written outside the database."""
    events = some_events(admin_user)
    kept = events[-3]
    with triggers_disabled():
        AuditEvent.objects.filter(pk__in=[events[-1].pk, events[-2].pk]).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=kept.seq, hash=kept.hash)
    report = audit.verify_chain()
    assert [p.kind for p in report.problems] == ["cut"]
    assert f"position {events[-1].seq}" in report.problems[0].detail
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")


def test_a_chain_cut_back_and_grown_again_is_found(admin_user, settings) -> None:
    settings.CHANCERY_AUDIT_CHECKPOINT_SECONDS = 0
    events = some_events(admin_user)
    kept = events[-3]
    with triggers_disabled():
        AuditEvent.objects.filter(pk__in=[events[-1].pk, events[-2].pk]).delete()
    AuditChainHead.objects.filter(pk=1).update(seq=kept.seq, hash=kept.hash)
    for n in range(3):  # the office goes on: new events take the positions of the deleted ones
        services.create_unit(actor=admin_user, code=f"moi{n}", name=f"Phòng mới {n}", kind=UnitKind.DIVISION)
    audit.seal_pending()
    kinds = {(p.kind, p.seq) for p in audit.verify_chain().problems}
    assert ("rewritten", events[-1].seq) in kinds


def _checkpoint_lines() -> list[str]:
    return audit.checkpoint_path().read_text().splitlines()


def test_an_edited_or_cut_checkpoint_file_is_found(admin_user, settings) -> None:
    settings.CHANCERY_AUDIT_CHECKPOINT_SECONDS = 0
    for n in range(3):
        some_events(admin_user, 1) if n == 0 else services.create_unit(
            actor=admin_user, code=f"c{n}", name=f"Phòng {n}", kind=UnitKind.DIVISION
        )
        audit.seal_pending()
    lines = _checkpoint_lines()
    assert len(lines) == 3 and audit.verify_chain().is_intact
    path = audit.checkpoint_path()

    path.write_text("\n".join([lines[0], re.sub(r'"seq":\d+', '"seq":999', lines[1]), lines[2]]) + "\n")
    report = audit.verify_chain()
    assert [p.kind for p in report.problems] == ["checkpoint"] and "line 2" in str(report.problems[0])

    path.write_text("\n".join(lines[:2]) + "\n")  # the newest checkpoint removed
    assert [p.kind for p in audit.verify_chain().problems] == ["checkpoint"]

    path.write_text("\n".join([lines[0], lines[2]]) + "\n")  # one in the middle removed
    assert [p.kind for p in audit.verify_chain().problems] == ["checkpoint"]

    path.unlink()
    assert [p.kind for p in audit.verify_chain().problems] == ["checkpoint"]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_checkpoints_are_signed_with_the_audit_key(admin_user, monkeypatch) -> None:
    some_events(admin_user, 2)
    assert audit.verify_chain().is_intact
    monkeypatch.setenv("CHANCERY_AUDIT_KEY", "another-key")
    kinds = {p.kind for p in audit.verify_chain().problems}
    assert "checkpoint" in kinds


def test_the_checkpoint_command_anchors_events_sealed_since(admin_user, settings) -> None:
    settings.CHANCERY_AUDIT_CHECKPOINT_SECONDS = 3600
    some_events(admin_user, 2)  # the first seal writes the first checkpoint
    services.create_unit(actor=admin_user, code="sau", name="Phòng Sau", kind=UnitKind.DIVISION)
    audit.seal_pending()  # within the hour: no new checkpoint
    report = audit.verify_chain()
    assert report.is_intact and report.after_checkpoint == 1
    call_command("audit", "checkpoint")
    report = audit.verify_chain()
    assert report.after_checkpoint == 0 and report.checkpoint is not None
    assert report.checkpoint.seq == AuditChainHead.objects.get().seq


def test_checkpoints_can_also_go_to_the_log(admin_user, settings, caplog) -> None:
    import logging

    with caplog.at_level(logging.INFO, logger="chancery.audit.checkpoint"):
        some_events(admin_user, 2)
    record = next(r for r in caplog.records if r.name == "chancery.audit.checkpoint")
    assert record.audit_checkpoint["seq"] == AuditChainHead.objects.get().seq
    assert record.audit_checkpoint["sig"] in audit.checkpoint_path().read_text()


def legacy_chain(count: int) -> AuditChainHead:
    """A chain sealed before events carried a MAC, as an office that upgrades has it."""
    from django.utils import timezone

    key = audit._audit_key()
    head = AuditChainHead.objects.create(pk=1)
    with triggers_disabled():
        for n in range(count):
            event = forged_row(at=timezone.now(), object_id=n, nonce="", mac="")
            head.seq += 1
            hash_ = audit.legacy_hash(event, head.seq, head.hash, key)
            AuditEvent.objects.filter(pk=event.pk).update(seq=head.seq, prev_hash=head.hash, hash=hash_)
            head.hash = hash_
    head.save()
    return head


def test_events_sealed_before_macs_existed_still_verify(admin_user) -> None:
    """An office that upgrades keeps its chain: positions before `mac_from_seq` are checked by their seal."""
    head = legacy_chain(3)
    head.mac_from_seq = head.seq + 1
    head.save()
    services.create_unit(actor=admin_user, code="moi", name="Phòng mới", kind=UnitKind.DIVISION)
    assert audit.seal().refused == {}
    report = audit.verify_chain()
    assert report.is_intact, report.problems
    assert report.checked == AuditEvent.objects.count() == 5


def test_the_upgrade_gives_events_left_pending_their_mac(admin_user) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("chancery.core.migrations.0015_audit_event_mac")
    legacy_chain(2)
    with triggers_disabled():
        pending = forged_row(nonce="", mac="")  # written by the old code, not sealed yet at the upgrade
        migration.sign_pending_events(apps, None)
    pending.refresh_from_db()
    assert pending.mac and AuditChainHead.objects.get().mac_from_seq == 3
    assert audit.seal().refused == {}
    report = audit.verify_chain()
    assert report.is_intact, report.problems
    assert report.checked == AuditEvent.objects.count() == 4


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_sealers_write_one_unbroken_chain_of_checkpoints(roles, admin_user, settings) -> None:
    import json

    settings.CHANCERY_AUDIT_CHECKPOINT_SECONDS = 0
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(8):
                services.create_unit(
                    actor=admin_user, code=f"k{n}-{k}", name=f"Phòng {n}-{k}", kind=UnitKind.DIVISION
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    entries = [json.loads(line) for line in _checkpoint_lines()]
    assert [e["n"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["seq"] for e in entries] == sorted(e["seq"] for e in entries)
    head = AuditChainHead.objects.get()
    assert head.checkpoints == len(entries) and entries[-1]["seq"] == head.seq
    report = audit.verify_chain()
    assert report.is_intact, report.problems
    assert report.checkpoint is not None and report.after_checkpoint == 0


def test_a_forged_or_changed_row_is_marked_wherever_the_trail_is_read(admin_user) -> None:
    """Until someone runs `verify`, the trail's readers (the audit page, a record's history, the API) see a
    row put straight into the table, or a sealed row changed since, marked as not authenticated, never as an
    event like the others (found by the examiner of issue 23: a forged row showed as chunhiem's)."""
    from django.test import Client
    from rest_framework.test import APIClient

    genuine = some_events(admin_user, 2)
    forged = forged_row(
        object_type=genuine[0].object_type, object_id=genuine[0].object_id, actor=admin_user, message="x"
    )
    audit.seal()
    changed = genuine[1]
    with triggers_disabled():
        AuditEvent.objects.filter(pk=changed.pk).update(object_repr="Phòng đã sửa")
    client = Client()
    client.force_login(admin_user)
    page = client.get("/audit/").content.decode()
    rows = {
        int(m.group(1)): m.group(0)
        for m in re.finditer(r'<td class="text-muted small">(\d+)</td>.*?</tr>', page, re.S)
    }
    assert "Không xác thực được" in rows[forged.pk] and "Không xác thực được" in rows[changed.pk]
    assert "Không xác thực được" not in rows[genuine[0].pk]
    api = APIClient()
    api.force_authenticate(admin_user)
    listed = {e["id"]: e["doubt"] for e in api.get("/api/v1/audit-events/").json()["results"]}
    assert listed[forged.pk] and listed[changed.pk] and listed[genuine[0].pk] == ""
    assert api.get(f"/api/v1/audit-events/{forged.pk}/").json()["doubt"]
    history = audit_history_of(genuine[0])
    assert forged.pk in [e.pk for e in history]
    forged_or_changed = [e.pk for e in history if e.doubt.startswith("Không xác thực")]
    assert sorted(forged_or_changed) == sorted({forged.pk, changed.pk} & {e.pk for e in history})


def audit_history_of(event: AuditEvent) -> list[AuditEvent]:
    from django.apps import apps

    from chancery.core import selectors

    record = apps.get_model(event.object_type).objects.get(pk=event.object_id)
    return selectors.record_history(record).rows
