"""Backup and restore, continued: a backup holds no working credential (sessions, second factors' seeds), and
a restore checks an authenticated manifest first and writes nothing unless everything passed."""

import errno
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from chancery.core.models import Role, RoleCode
from chancery.ops import backup
from chancery.ops.tests.test_backup import _audit_verify, _petition_with_file, _restored_tables
from chancery.petitions.tests.factories import make_office

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_for_the_flush"),
]


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
