"""Backup and restore round trip, on the database the suite runs on (SQLite and PostgreSQL): every table's
rows and every stored file come back identical (counts and SHA-256), a backup taken while records and files
keep arriving is consistent (every restored record's file is there), the restored audit trail verifies, and
a damaged backup or a system that is not empty is refused before anything is written."""

import errno
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from chancery.core import services as core_services
from chancery.core.models import Attachment, AuditEvent, Role, RoleCode
from chancery.ops import backup
from chancery.petitions.models import Petition
from chancery.petitions.tests.factories import make_office, register

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf(n: int) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + f"tài liệu số {n} ".encode() * (50 + n) + b"\n%%EOF"
    return SimpleUploadedFile(f"Đơn {n}.pdf", body, content_type="application/pdf")


def _petition_with_file(office, n: int) -> Petition:
    petition = register(office.clerk)
    core_services.attach_file(actor=office.clerk, record=petition, upload=_pdf(n))
    return petition


@pytest.fixture(autouse=True)
def _audit_rows_cleared_for_the_flush(transactional_db):
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


def _restored_attachments(database) -> list[tuple[str, str]]:
    if connection.vendor == "sqlite":
        db = sqlite3.connect(database["NAME"])
        try:
            return list(db.execute("SELECT file, sha256 FROM core_attachment"))
        finally:
            db.close()
    import psycopg

    with psycopg.connect(backup.taking._pg_url(database)) as pg:
        return list(pg.execute("SELECT file, sha256 FROM core_attachment").fetchall())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _audit_verify(database, var_dir: Path) -> subprocess.CompletedProcess[str]:
    """`chancery audit verify` run as the restored system: its database, its var directory (keys)."""
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = backup.taking._pg_url(database).replace("postgresql://", "postgres://")
    env = {k: v for k, v in os.environ.items() if k not in {"CHANCERY_AUDIT_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {"DATABASE_URL": url, "CHANCERY_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "chancery.settings"}
    )
    if os.environ.get("CHANCERY_AUDIT_KEY"):
        env["CHANCERY_AUDIT_KEY"] = os.environ["CHANCERY_AUDIT_KEY"]
    return subprocess.run(
        [sys.executable, "-m", "chancery", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_backup_restores_into_an_empty_system_identically(media, empty_system, tmp_path):
    office = make_office()
    petitions = [_petition_with_file(office, n) for n in range(6)]
    (media / "health").mkdir(parents=True, exist_ok=True)
    (media / "health" / "probe.txt").write_bytes(b"ok")  # the probe's scratch file is not backed up
    manifest = backup.backup(tmp_path / "backup")
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["petitions_petition"]["rows"] == len(petitions)
    assert manifest["tables"]["core_attachment"]["rows"] == 6
    assert len(manifest["files"]) == 6 and not any(k.startswith("health/") for k in manifest["files"])
    assert manifest["tables"]["core_auditevent"]["rows"] == AuditEvent.objects.count()

    database, restored_media, restored_var = empty_system
    report = backup.restore(
        tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
    )
    assert report.differences == []
    assert report.tables == len(manifest["tables"]) and report.files == 6
    # every record's file is there, byte for byte as attached
    originals = {a.file.name: a.sha256 for a in Attachment.objects.all()}
    restored = dict(_restored_attachments(database))
    assert restored == originals
    for name, digest in restored.items():
        assert _sha256(restored_media / name) == digest == _sha256(media / name)
    verified = _audit_verify(database, restored_var)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "audit chain intact" in verified.stdout
    assert manifest["audit"]["checkpoints"] and (restored_var / "audit_checkpoints.jsonl").exists()
    assert "latest checkpoint" in verified.stdout


def test_a_backup_taken_while_records_and_files_keep_arriving_is_consistent(media, empty_system, tmp_path):
    office = make_office()
    for n in range(3):
        _petition_with_file(office, n)
    stop = threading.Event()
    added: list[int] = []

    def keep_working() -> None:
        try:
            n = 100
            while not stop.is_set():
                _petition_with_file(office, n)
                added.append(n)
                n += 1
        finally:
            connections.close_all()

    worker = threading.Thread(target=keep_working)
    worker.start()
    try:
        while len(added) < 3:
            stop.wait(0.05)
        manifest = backup.backup(tmp_path / "backup")
        after = len(added)
        while len(added) < after + 2 and worker.is_alive():
            stop.wait(0.05)
    finally:
        stop.set()
        worker.join()
    database, restored_media, restored_var = empty_system
    report = backup.restore(
        tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
    )
    assert report.differences == []
    rows = _restored_attachments(database)
    assert len(rows) == manifest["tables"]["core_attachment"]["rows"] >= 6
    for name, digest in rows:  # no restored record names a file that is missing or half-written
        assert (restored_media / name).exists(), name
        assert _sha256(restored_media / name) == digest
    assert Attachment.objects.count() > len(rows)  # the office went on after the backup's instant


def test_a_damaged_backup_is_refused_before_anything_is_written(media, empty_system, tmp_path):
    office = make_office()
    _petition_with_file(office, 1)
    manifest = backup.backup(tmp_path / "backup")
    damaged = tmp_path / "backup" / "files" / next(iter(manifest["files"]))
    damaged.write_bytes(damaged.read_bytes()[:-10])
    database, restored_media, restored_var = empty_system
    with pytest.raises(backup.BackupError, match="does not match its checksum"):
        backup.restore(
            tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
        )
    assert not restored_media.exists() and _restored_tables(database) == []


def _restored_tables(database) -> list[str]:
    if connection.vendor == "sqlite":
        if not Path(database["NAME"]).exists():
            return []
        db = sqlite3.connect(database["NAME"])
        try:
            return backup.digests._sqlite_tables(db)
        finally:
            db.close()
    import psycopg

    with psycopg.connect(backup.taking._pg_url(database)) as pg, pg.cursor() as cursor:
        return backup.digests._pg_tables(cursor)


def test_restore_refuses_a_system_that_is_not_empty(media, tmp_path):
    office = make_office()
    _petition_with_file(office, 1)
    backup.backup(tmp_path / "backup")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(tmp_path / "backup")  # the running system itself
    with pytest.raises(backup.BackupError, match="new folder"):
        backup.backup(tmp_path / "backup")
    assert Petition.objects.count() == 1


# --- the backup's privacy, its keys, and the audit checkpoints it carries ----------


def _modes(root: Path) -> set[tuple[str, int]]:
    return {
        ("dir" if path.is_dir() else "file", path.stat().st_mode & 0o777) for path in [root, *root.rglob("*")]
    }


def test_the_backup_folder_and_its_files_are_private_and_hold_no_key(media, tmp_path, settings):
    office = make_office()
    _petition_with_file(office, 1)
    out = tmp_path / "backup"
    backup.backup(out)
    assert _modes(out) == {("dir", 0o700), ("file", 0o600)}
    assert not (out / "keys").exists() and not (out / "keys.enc").exists()
    secrets = [os.environ["CHANCERY_AUDIT_KEY"].encode(), settings.SECRET_KEY.encode()]
    for path in out.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(secret in content for secret in secrets), path


def test_keys_are_included_only_encrypted_and_come_back_with_the_passphrase(
    media, empty_system, tmp_path, settings, monkeypatch
):
    office = make_office()
    _petition_with_file(office, 1)
    passphrase = "Một câu dài để mở khoá bản sao lưu"
    with pytest.raises(backup.BackupError, match="at least 12 characters"):
        backup.backup(tmp_path / "short", keys_passphrase="ngắn")
    manifest = backup.backup(tmp_path / "backup", keys_passphrase=passphrase)
    assert {k: v for k, v in manifest["keys"].items() if k != "sha256"} == {
        "included": True,
        "file": "keys.enc",
        "names": ["audit_key", "second_factors", "secret_key"],
    }
    sealed = (tmp_path / "backup" / "keys.enc").read_bytes()
    assert b"test-audit-key" not in sealed and settings.SECRET_KEY.encode() not in sealed

    monkeypatch.delenv("CHANCERY_AUDIT_KEY")  # the restored system has no key but the backup's
    database, restored_media, restored_var = empty_system
    target = {"database": database, "media_root": restored_media, "var_dir": restored_var}
    with pytest.raises(backup.BackupError, match="give the passphrase"):
        backup.restore(tmp_path / "backup", **target)
    with pytest.raises(backup.BackupError, match="passphrase does not open"):
        backup.restore(tmp_path / "backup", keys_passphrase="not the passphrase at all", **target)
    assert _restored_tables(database) == [] and not restored_media.exists()

    report = backup.restore(tmp_path / "backup", keys_passphrase=passphrase, **target)
    assert report.differences == []
    assert (restored_var / "audit_key").read_text() == "test-audit-key"
    assert (restored_var / "secret_key").read_text() == settings.SECRET_KEY
    assert {(restored_var / name).stat().st_mode & 0o777 for name in ("audit_key", "secret_key")} == {0o600}
    verified = _audit_verify(database, restored_var)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_restore_says_it_needs_the_audit_key_before_writing_anything(
    media, empty_system, tmp_path, monkeypatch
):
    office = make_office()
    _petition_with_file(office, 1)
    backup.backup(tmp_path / "backup")
    database, restored_media, restored_var = empty_system
    target = {"database": database, "media_root": restored_media, "var_dir": restored_var}
    monkeypatch.delenv("CHANCERY_AUDIT_KEY")
    with pytest.raises(backup.BackupError, match="needs the audit key its trail was sealed with"):
        backup.restore(tmp_path / "backup", **target)
    monkeypatch.setenv("CHANCERY_AUDIT_KEY", "a-key-that-is-not-the-one")
    with pytest.raises(backup.BackupError, match="not the key this backup's audit trail was sealed with"):
        backup.restore(tmp_path / "backup", **target)
    assert _restored_tables(database) == [] and not restored_media.exists()
    assert not (restored_var / "audit_checkpoints.jsonl").exists()


def test_a_backup_carries_only_the_checkpoints_its_database_reaches(
    media, empty_system, tmp_path, monkeypatch
):
    """A checkpoint written after the database's instant names events the copy does not hold: it stays out,
    or the restored system would look cut short."""
    from chancery.core import audit

    office = make_office()
    _petition_with_file(office, 1)
    audit.write_checkpoint()
    copy_checkpoints = audit.copy_checkpoints

    def office_goes_on(source: Path, target: Path, *, up_to_seq: int) -> int:
        _petition_with_file(office, 2)  # after the database was copied, before the checkpoints are
        assert audit.write_checkpoint() is not None
        return copy_checkpoints(source, target, up_to_seq=up_to_seq)

    monkeypatch.setattr(audit, "copy_checkpoints", office_goes_on)
    manifest = backup.backup(tmp_path / "backup")
    assert manifest["audit"]["lines"] == len(audit.checkpoint_path().read_text().splitlines()) - 1
    database, restored_media, restored_var = empty_system
    report = backup.restore(
        tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
    )
    assert report.differences == []
    verified = _audit_verify(database, restored_var)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_manifest_naming_files_outside_the_backup_is_refused(media, empty_system, tmp_path):
    office = make_office()
    _petition_with_file(office, 1)
    manifest = backup.backup(tmp_path / "backup")
    (tmp_path / "outside.txt").write_bytes(b"x")
    manifest["files"]["../../outside.txt"] = {"bytes": 1, "sha256": hashlib.sha256(b"x").hexdigest()}
    (tmp_path / "backup" / "manifest.json").write_text(json.dumps(manifest))
    database, restored_media, restored_var = empty_system
    with pytest.raises(backup.BackupError, match="outside the backup"):
        backup.restore(
            tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
        )
    assert _restored_tables(database) == [] and not restored_media.exists()


# --- a backup holds no working credential (sessions, second factors' seeds) ----------


def _query(database, sql: str) -> list[tuple]:
    """Rows of a query on a restored system's database."""
    if connection.vendor == "sqlite":
        db = sqlite3.connect(database["NAME"])
        try:
            return list(db.execute(sql))
        finally:
            db.close()
    import psycopg

    with psycopg.connect(backup.taking._pg_url(database)) as pg:
        return list(pg.execute(sql).fetchall())


def _database_part_as_text(folder: Path) -> bytes:
    """Everything the backup's database part holds, as bytes one can search: the SQLite file itself, or the
    SQL script of the PostgreSQL dump (whose custom format is compressed)."""
    if (folder / "database.sqlite3").exists():
        return (folder / "database.sqlite3").read_bytes()
    done = subprocess.run(
        ["pg_restore", "--file=-", str(folder / "database.pgdump")], capture_output=True, check=True
    )
    return done.stdout


def _protected_leader_signed_in(office):
    """A member of the leadership with Tuyệt mật clearance, signed in past the second factor: a session in
    the database and a confirmed TOTP device whose seed produces the person's codes."""
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.core.models import SecrecyLevel
    from chancery.core.tests.factories import make_staff, signed_in

    leader = make_staff(
        "chunhiem",
        unit=office.leader.unit,
        roles=(RoleCode.LEADERSHIP,),
        clearance=SecrecyLevel.TOP_SECRET,
    )
    client = signed_in(leader)
    device = TOTPDevice.objects.get(user=leader, confirmed=True)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    return leader, device, session_key


def test_a_backup_holds_no_session_and_no_second_factor_seed(media, tmp_path):
    """H3: whoever holds a backup finds no session to replay and no TOTP seed to compute codes with, in any
    file of it; the manifest counts both tables as the backup holds them: empty."""
    office = make_office()
    _petition_with_file(office, 1)
    leader, device, session_key = _protected_leader_signed_in(office)
    out = tmp_path / "backup"
    manifest = backup.backup(out)

    for table in ("django_session", "otp_totp_totpdevice"):
        assert manifest["tables"][table] == {"rows": 0, "sha256": hashlib.sha256().hexdigest()}
    assert manifest["credentials"]["left_out"] == ["django_session", "otp_totp_totpdevice"]
    assert [row["user_id"] for row in manifest["credentials"]["second_factors"]] == [leader.pk]
    assert "key" not in manifest["credentials"]["second_factors"][0]
    secrets_held = [session_key.encode(), device.key.encode(), device.key.upper().encode()]
    database_part = _database_part_as_text(out)
    assert not any(secret in database_part for secret in secrets_held)
    for path in out.rglob("*"):
        if path.is_file():
            assert not any(secret in path.read_bytes() for secret in secrets_held), path
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(out / "database.sqlite3")
        try:
            assert copy.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
            assert copy.execute("SELECT count(*) FROM otp_totp_totpdevice").fetchone() == (0,)
        finally:
            copy.close()


def test_second_factors_come_back_only_from_the_encrypted_keys(
    media, empty_system, tmp_path, settings, monkeypatch
):
    office = make_office()
    leader, device, _session_key = _protected_leader_signed_in(office)
    passphrase = "Một câu dài để mở khoá bản sao lưu"
    backup.backup(tmp_path / "backup", keys_passphrase=passphrase)
    assert device.key.encode() not in (tmp_path / "backup" / "keys.enc").read_bytes()

    monkeypatch.delenv("CHANCERY_AUDIT_KEY")
    database, restored_media, restored_var = empty_system
    report = backup.restore(
        tmp_path / "backup",
        database=database,
        media_root=restored_media,
        var_dir=restored_var,
        keys_passphrase=passphrase,
    )
    assert report.enrol_again == []
    restored = _query(database, "SELECT user_id, key, confirmed, name FROM otp_totp_totpdevice")
    assert [(user, key, bool(confirmed), name) for user, key, confirmed, name in restored] == [
        (leader.pk, device.key, True, device.name)
    ]
    assert _query(database, "SELECT count(*) FROM django_session") == [(0,)]  # everyone signs in again
    verified = _audit_verify(database, restored_var)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_restored_without_keys_everyone_who_had_a_second_factor_enrols_again(media, empty_system, tmp_path):
    from chancery.core.middleware import ENROL_AGAIN_DEVICE

    office = make_office()
    leader, device, _session_key = _protected_leader_signed_in(office)
    backup.backup(tmp_path / "backup")
    database, restored_media, restored_var = empty_system
    report = backup.restore(
        tmp_path / "backup", database=database, media_root=restored_media, var_dir=restored_var
    )
    assert report.enrol_again == ["chunhiem"]
    assert any("enrol their authenticator app again" in note and "chunhiem" in note for note in report.notes)
    restored = _query(database, "SELECT user_id, key, confirmed, name FROM otp_totp_totpdevice")
    assert len(restored) == 1
    user, key, confirmed, name = restored[0]
    assert (user, bool(confirmed), name) == (leader.pk, False, ENROL_AGAIN_DEVICE)
    assert len(key) == 40 and key != device.key  # a fresh seed, shown only to the person who enrols
    assert _query(database, "SELECT count(*) FROM django_session") == [(0,)]


def test_a_person_whose_second_factor_was_left_out_enrols_again_at_the_next_login():
    """Also a person whose clearance does not require a second factor but who had one: the restore left a
    pending enrolment under ENROL_AGAIN_DEVICE, and nothing else opens until it is confirmed."""
    from django.test import Client
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.core.middleware import ENROL_AGAIN_DEVICE

    office = make_office()
    TOTPDevice.objects.create(user=office.clerk, name=ENROL_AGAIN_DEVICE, confirmed=False)
    client = Client()
    client.force_login(office.clerk)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:otp_setup")
    assert client.get("/api/v1/notifications/").status_code == 403
    # somebody with no such device is not held up
    other = Client()
    other.force_login(office.specialist)
    assert other.get("/").status_code == 200


# --- a restore checks an authenticated manifest first, and writes nothing unless everything passed ----------


HEX_DIGEST = r"[0-9a-f]{64}"


def _nothing_restored(database, restored_media: Path, restored_var: Path) -> None:
    assert _restored_tables(database) == []
    assert not restored_media.exists() or not any(path.is_file() for path in restored_media.rglob("*"))
    assert not (restored_var / "audit_checkpoints.jsonl").exists()
    assert not (restored_var / "audit_key").exists() and not (restored_var / "secret_key").exists()


def _grant_the_clerk_leadership_and_top_secret(office) -> None:
    """What the examiner wrote into a copy of the database: leadership and Tuyệt mật clearance for a clerk,
    past the four-eyes rule (no service, no audit event)."""
    from chancery.core.models import SecrecyLevel, User

    User.objects.filter(pk=office.clerk.pk).update(clearance=SecrecyLevel.TOP_SECRET)
    office.clerk.roles.add(Role.objects.get(code=RoleCode.LEADERSHIP))


def test_a_tampered_database_with_its_digests_updated_in_the_manifest_is_refused(
    media, empty_system, tmp_path
):
    """H4: the database part of a backup replaced by a copy that grants a clerk leadership, and every digest
    in the manifest set to the tampered copy's (all a forger without the audit key can do): refused before
    anything is written, without a digest in the message."""
    office = make_office()
    _petition_with_file(office, 1)
    backup.backup(tmp_path / "backup")
    _grant_the_clerk_leadership_and_top_secret(office)
    tampered = backup.backup(tmp_path / "tampered")  # the forger's copy of the database and its digests

    folder = tmp_path / "backup"
    manifest = json.loads((folder / "manifest.json").read_text())
    database_file = manifest["database"]
    (folder / database_file).write_bytes((tmp_path / "tampered" / database_file).read_bytes())
    manifest["tables"] = tampered["tables"]
    manifest["database_sha256"] = tampered["database_sha256"]
    (folder / "manifest.json").write_text(json.dumps(manifest))

    database, restored_media, restored_var = empty_system
    with pytest.raises(backup.BackupError, match="signature does not match") as refused:
        backup.restore(folder, database=database, media_root=restored_media, var_dir=restored_var)
    assert not re.search(HEX_DIGEST, str(refused.value))
    _nothing_restored(database, restored_media, restored_var)


def test_a_replaced_stored_file_with_its_checksum_updated_is_refused(media, empty_system, tmp_path):
    office = make_office()
    _petition_with_file(office, 1)
    folder = tmp_path / "backup"
    backup.backup(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    name = next(iter(manifest["files"]))
    forged = b"%PDF-1.4\nmot quyet dinh gia\n%%EOF"
    (folder / "files" / name).write_bytes(forged)
    manifest["files"][name] = {"bytes": len(forged), "sha256": hashlib.sha256(forged).hexdigest()}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    database, restored_media, restored_var = empty_system
    with pytest.raises(backup.BackupError, match="signature does not match"):
        backup.restore(folder, database=database, media_root=restored_media, var_dir=restored_var)
    _nothing_restored(database, restored_media, restored_var)


def test_restore_prints_no_digest_when_the_database_part_was_changed(media, empty_system, tmp_path):
    """The examiner's first step: the database part changed, the manifest left alone; restore said what it
    computed, which the forger then wrote into the manifest. Now it names only what differs."""
    office = make_office()
    _petition_with_file(office, 1)
    backup.backup(tmp_path / "backup")
    _grant_the_clerk_leadership_and_top_secret(office)
    backup.backup(tmp_path / "tampered")
    database_file = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    (tmp_path / "backup" / database_file).write_bytes((tmp_path / "tampered" / database_file).read_bytes())

    database, restored_media, restored_var = empty_system
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = backup.taking._pg_url(database).replace("postgresql://", "postgres://")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DATABASE_URL": url,
            "CHANCERY_VAR_DIR": str(restored_var),
            "CHANCERY_MEDIA_ROOT": str(restored_media),
            "DJANGO_SETTINGS_MODULE": "chancery.settings",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "chancery", "restore", str(tmp_path / "backup")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "does not match its checksum" in done.stderr
    assert not re.search(HEX_DIGEST, done.stdout + done.stderr), done.stdout + done.stderr
    assert _restored_tables(database) == []


def test_a_restore_that_fails_late_leaves_the_target_as_it_was(media, empty_system, tmp_path, monkeypatch):
    """A failure after the database was loaded (the disk fills while the files are copied) leaves no table,
    no file, no checkpoint file and no key behind."""
    office = make_office()
    for n in range(3):
        _petition_with_file(office, n)
    backup.backup(tmp_path / "backup", keys_passphrase="Một câu dài để mở khoá bản sao lưu")
    database, restored_media, restored_var = empty_system
    copy_file = backup.files._copy_file
    copied: list[Path] = []

    def disk_fills(source: Path, target: Path) -> str:
        if restored_media in target.parents:
            if copied:
                raise OSError(errno.ENOSPC, "No space left on device")
            copied.append(target)
        return copy_file(source, target)

    for module in (backup.staging, backup.restoring):  # where a restore copies files
        monkeypatch.setattr(module, "_copy_file", disk_fills)
    target = {"database": database, "media_root": restored_media, "var_dir": restored_var}
    with pytest.raises(OSError, match="No space left"):
        backup.restore(tmp_path / "backup", keys_passphrase="Một câu dài để mở khoá bản sao lưu", **target)
    _nothing_restored(database, restored_media, restored_var)


def test_a_database_that_cannot_be_committed_takes_back_the_files_already_in_place(
    media, empty_system, tmp_path, monkeypatch
):
    office = make_office()
    _petition_with_file(office, 1)
    backup.backup(tmp_path / "backup", keys_passphrase="Một câu dài để mở khoá bản sao lưu")
    database, restored_media, restored_var = empty_system
    restored_var.mkdir()
    (restored_var / "secret_key").write_text("the key made at the first start")

    def commit_fails(self) -> None:
        raise backup.BackupError("the database went away")

    monkeypatch.setattr(backup.staging._SqliteDatabase, "commit", commit_fails)
    monkeypatch.setattr(backup.staging._PostgresDatabase, "commit", commit_fails)
    with pytest.raises(backup.BackupError, match="went away"):
        backup.restore(
            tmp_path / "backup",
            keys_passphrase="Một câu dài để mở khoá bản sao lưu",
            database=database,
            media_root=restored_media,
            var_dir=restored_var,
        )
    assert _restored_tables(database) == []
    assert not any(path.is_file() for path in restored_media.rglob("*"))
    assert not (restored_var / "audit_checkpoints.jsonl").exists()
    assert not (restored_var / "audit_key").exists()
    assert (restored_var / "secret_key").read_text() == "the key made at the first start"


def test_an_unsigned_backup_is_refused_unless_trusted_explicitly(media, empty_system, tmp_path):
    office = make_office()
    _petition_with_file(office, 1)
    folder = tmp_path / "backup"
    backup.backup(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["signature"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    database, restored_media, restored_var = empty_system
    target = {"database": database, "media_root": restored_media, "var_dir": restored_var}
    # a manifest of a signed format without its signature: always refused
    with pytest.raises(backup.BackupError, match="carries no signature"):
        backup.restore(folder, trust_unsigned=True, **target)
    # a backup of the format before signatures: refused, unless the operator says to trust it
    manifest["format"] = 2
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(backup.BackupError, match="--trust-unsigned"):
        backup.restore(folder, **target)
    _nothing_restored(database, restored_media, restored_var)
    report = backup.restore(folder, trust_unsigned=True, **target)
    assert report.warnings and "not signed" in report.warnings[0] and not report.signed
    assert _query(database, "SELECT count(*) FROM django_session") == [(0,)]
