"""Live data is readable by the app's user only: the var directory (0700), the secret key and the SQLite
database file (0600, from the moment they exist), and every file stored through the file storage (0600, its
folders 0700), whatever the process's umask."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.django_db
def test_a_file_written_through_the_storage_is_readable_by_its_owner_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    old_umask = os.umask(0o022)
    try:
        name = default_storage.save("exports/2026/so-dang-ky-mat.xlsx", ContentFile(b"PK\x03\x04 secret"))
    finally:
        os.umask(old_umask)
    media = Path(settings.MEDIA_ROOT)
    assert _mode(media / name) == 0o600
    assert _mode(media / "exports") == _mode(media / "exports" / "2026") == 0o700


def _start_a_process(var_dir: Path, *, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """A Chancery process on the embedded default (SQLite in the var directory), which opens its database
    and writes to it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CHANCERY_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "CHANCERY_MEDIA_ROOT"}
    }
    env.update({"CHANCERY_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "chancery.settings"})
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('CREATE TABLE probe (x integer)')\n"
        "    cursor.execute('INSERT INTO probe VALUES (1)')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False, umask=umask
    )


def test_the_var_directory_the_secret_key_and_the_sqlite_database_are_private(tmp_path):
    var_dir = tmp_path / "var"
    done = _start_a_process(var_dir)
    assert done.returncode == 0, done.stderr
    assert _mode(var_dir) == 0o700
    assert _mode(var_dir / "secret_key") == 0o600
    assert _mode(var_dir / "chancery.sqlite3") == 0o600
    for companion in ("chancery.sqlite3-wal", "chancery.sqlite3-shm"):
        if (var_dir / companion).exists():
            assert _mode(var_dir / companion) == 0o600


def test_an_existing_var_directory_and_database_left_open_to_all_are_narrowed(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    var_dir.chmod(0o755)
    (var_dir / "chancery.sqlite3").touch()
    (var_dir / "chancery.sqlite3").chmod(0o644)
    done = _start_a_process(var_dir)
    assert done.returncode == 0, done.stderr
    assert _mode(var_dir) == 0o700
    assert _mode(var_dir / "chancery.sqlite3") == 0o600
