"""The audit trail: every change writes an event; the hash chain finds any changed or deleted event."""

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

    migration = import_module("chancery.core.migrations.0002_audit_trail_append_only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # superuser: user triggers off
        else:
            for statement in migration.SQLITE_DROP:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for statement in migration.SQLITE_CREATE:
                    cursor.execute(statement)


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
def test_concurrent_writers_build_one_unbroken_chain(admin_user) -> None:
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
