"""Backup and restore round trip, on the database the suite runs on (SQLite and PostgreSQL): every table's
rows and every stored file come back identical (counts and SHA-256), a backup taken while records and files
keep arriving is consistent (every restored record's file is there), the restored audit trail verifies, and
a damaged backup or a system that is not empty is refused before anything is written."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from chancery.core import services as core_services
from chancery.core.models import Attachment, AuditEvent
from chancery.ops import backup
from chancery.petitions.models import Petition
from chancery.petitions.tests.factories import make_office, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_for_the_flush"),
]


def _pdf(n: int) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + f"tài liệu số {n} ".encode() * (50 + n) + b"\n%%EOF"
    return SimpleUploadedFile(f"Đơn {n}.pdf", body, content_type="application/pdf")


def _petition_with_file(office, n: int) -> Petition:
    petition = register(office.clerk)
    core_services.attach_file(actor=office.clerk, record=petition, upload=_pdf(n))
    return petition


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
