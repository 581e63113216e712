"""Faults: a worker killed in the middle of an import loses nothing and half-writes nothing, and the job
carries on to the end once recovered; the database going away gives a clear answer and the app recovers
without a restart; a full disk on upload fails cleanly, leaving no record and no partial file."""

import contextlib
import errno
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from chancery.core import jobs
from chancery.core.models import Attachment, Job, JobStatus, Role, RoleCode
from chancery.honours.models import Nomination
from chancery.honours.tests.factories import good_row, make_batch, make_honours, workbook
from chancery.ops import backup
from chancery.petitions.tests.factories import make_office, register

ON_POSTGRESQL = connection.vendor == "postgresql"
ROWS = 3000


def _worker_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A worker process of this very system: the test database, the test's stored files."""
    url = backup.taking._pg_url(connection.settings_dict).replace("postgresql://", "postgres://")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "chancery.test_settings",
            "CHANCERY_MEDIA_ROOT": str(tmp_path / "media"),
            **extra,
        }
    )
    return env


# Runs one job as a worker does, in chunks of 1,000 rows (fewer than the list's, whatever the production
# chunk); each chunk of the import waits a little inside its transaction, so the kill below lands in the
# middle of a chunk being written.
WORKER = """
import sys, time, django
django.setup()
from chancery.honours import jobs as honours_jobs, services
honours_jobs.CHUNK = 1000
store = services.NomineeList.store
def slow(self, plan):
    store(self, plan)
    time.sleep(0.4)
services.NomineeList.store = slow
from chancery.core import jobs
print(jobs.run(int(sys.argv[1])), flush=True)
"""


@pytest.mark.skipif(not ON_POSTGRESQL, reason="a worker in another process needs a shared database")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_loses_nothing_and_the_job_carries_on(settings, tmp_path, monkeypatch):
    for code in RoleCode.values:  # an earlier committing test emptied the roles the migrations made
        Role.objects.get_or_create(code=code)
    settings.MEDIA_ROOT = tmp_path / "media"
    # no in-process run: the worker below runs it
    monkeypatch.setattr(jobs.starting, "_enqueue", lambda job: None)
    h = make_honours()
    batch = make_batch(h)
    from chancery.appraisal import sheets
    from chancery.honours import intake, services

    upload = jobs.receive_upload(
        actor=h.specialist,
        kind="honours_import",
        upload=SimpleUploadedFile("list.xlsx", workbook([good_row(n) for n in range(1, ROWS + 1)])),
    )
    with default_storage.open(upload.file, "rb") as handle:
        mapping = sheets.guess_mapping(sheets.read_headings(handle), intake.COLUMNS)
    job = services.start_import(actor=h.specialist, batch=batch, upload=upload, mapping=mapping)

    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.pk)],
        env=_worker_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.done >= 1000:
            break
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
        time.sleep(0.02)
    time.sleep(0.2)  # into the next chunk's transaction
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and 0 < job.done < ROWS
    # half-writes nothing: what is stored is exactly the chunks whose checkpoint committed
    assert Nomination.objects.filter(batch=batch).count() == job.done == int(job.cursor) - 1
    assert default_storage.exists(upload.file)  # the list is kept until the import ends

    assert jobs.recover_stale() == []  # its heartbeat is recent: not taken for lost yet
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - jobs.STALE_AFTER - timedelta(seconds=1)
    )
    assert jobs.recover_stale() == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED

    again = subprocess.run(
        [sys.executable, "-c", WORKER, str(job.pk)],
        env=_worker_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.stdout.strip() == "done", again.stderr[-2000:]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    nominations = Nomination.objects.filter(batch=batch)
    assert nominations.count() == ROWS == job.result["stored"]
    assert sorted(nominations.values_list("row", flat=True)) == list(range(2, ROWS + 2))  # each row once


# --- the database going away ----------


class Gate:
    """A TCP relay between the app and PostgreSQL that can be shut (the database "down": connections
    refused, open ones cut) and opened again, as a database restart looks to the app."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener: socket.socket | None = None
        self.port = 0
        self.links: list[socket.socket] = []

    def open(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def shut(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):  # wakes the thread blocked in accept() (close alone does not)
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()
        self.links.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the database server going away: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_gives_a_clear_answer_and_the_app_recovers_without_restart(tmp_path):
    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)
    office = make_office()
    register(office.clerk)
    gate = Gate(int(connection.settings_dict.get("PORT") or 5432))
    gate.open()
    port = _free_port()
    url = backup.taking._pg_url({**connection.settings_dict, "HOST": "127.0.0.1", "PORT": gate.port})
    env = _worker_env(
        tmp_path,
        DATABASE_URL=url.replace("postgresql://", "postgres://"),
        DJANGO_SETTINGS_MODULE="chancery.settings",
        CHANCERY_SECURE_COOKIES="0",
        CHANCERY_STATIC_MANIFEST="0",
        CHANCERY_BIND=f"127.0.0.1:{port}",
        CHANCERY_WEB_WORKERS="1",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "chancery.wsgi"],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    base = f"http://127.0.0.1:{port}"
    clerk = Client()
    clerk.force_login(office.clerk)  # a member of staff at work: a session in the database
    cookie = {"Cookie": f"sessionid={clerk.cookies['sessionid'].value}"}
    try:
        _wait(lambda: requests.get(base + "/health/live", timeout=2).status_code == 200)
        assert requests.get(base + "/health/ready", timeout=10).status_code == 200
        before = requests.get(base + "/petitions/", timeout=10, headers=cookie, allow_redirects=False)
        assert before.status_code == 200, (before.status_code, before.headers.get("Location"))
        gate.shut()  # the database is down
        ready = requests.get(base + "/health/ready", timeout=30)
        assert ready.status_code == 503 and ready.json()["checks"]["database"]["ok"] is False
        page = requests.get(base + "/petitions/", timeout=30, headers=cookie, allow_redirects=False)
        assert page.status_code == 503
        assert "cơ sở dữ liệu" in page.text and "Traceback" not in page.text
        assert page.headers.get("Retry-After")
        api = requests.get(base + "/api/v1/petitions/", timeout=30, headers={"Authorization": "Token x"})
        assert api.status_code == 503 and api.json()["code"] == "database_unavailable"
        assert requests.get(base + "/health/live", timeout=10).status_code == 200  # the process is alive
        gate.open()  # the database is back, on the same address
        _wait(lambda: requests.get(base + "/health/ready", timeout=10).status_code == 200)
        after = requests.get(base + "/petitions/", timeout=10, headers=cookie, allow_redirects=False)
        assert after.status_code == 200
        assert server.poll() is None  # recovered without a restart
    finally:
        server.terminate()
        server.wait(timeout=30)
        gate.shut()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(condition, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError


# --- a full disk ----------


@pytest.mark.django_db
def test_a_full_disk_on_upload_fails_cleanly(settings, tmp_path, monkeypatch):
    from django.core.exceptions import ValidationError

    from chancery.core import services as core_services
    from chancery.core import storage

    settings.MEDIA_ROOT = tmp_path / "media"
    office = make_office()
    petition = register(office.clerk)
    written: list[int] = []
    real_write = storage._write

    def disk_fills_up(out, chunk):
        if written:  # the first block reaches the disk, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(chunk))
        real_write(out, chunk)

    monkeypatch.setattr(storage, "_write", disk_fills_up)
    body = b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024) + b"\n%%EOF"

    def upload():  # as a large upload arrives: spooled to a file, read in 64 KB chunks
        return File(io.BytesIO(body), name="Đơn.pdf")

    with pytest.raises(ValidationError) as refused:
        core_services.attach_file(actor=office.clerk, record=petition, upload=upload())
    assert written, "the upload never reached the disk"
    assert "hết dung lượng" in " ".join(refused.value.messages)
    assert Attachment.objects.count() == 0
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []  # no partial file left behind

    # the disk has room again: the same upload is stored whole
    monkeypatch.setattr(storage, "_write", real_write)
    stored = core_services.attach_file(actor=office.clerk, record=petition, upload=upload())
    assert core_services.verify_attachment(stored) and stored.size == len(body)


def test_a_full_disk_anywhere_else_is_a_clear_page_and_api_answer(rf):
    from chancery.ops import errors

    for path, check in (("/documents/", "text"), ("/api/v1/documents/", "json")):
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            response = errors.server_error(rf.get(path))
        assert response.status_code == 507
        if check == "json":
            assert json.loads(response.content)["code"] == "storage_full"
        else:
            assert "hết dung lượng" in response.content.decode()
    try:
        raise KeyError("x")
    except KeyError:
        assert errors.server_error(rf.get("/")).status_code == 500
