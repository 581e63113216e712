"""Health probes, metrics and request logs: what a load balancer, Prometheus and whoever reads the logs get,
and what they must not (the probes and metrics say nothing about the office's records; /metrics answers only
the machine itself, allowed addresses, or the token)."""

import json
import logging
from datetime import date, timedelta

import pytest
from django.test import Client

from chancery.casework.models import LegalClock
from chancery.core import jobs
from chancery.core.models import Job, JobStatus
from chancery.core.tests.factories import UnitFactory, make_staff
from chancery.core.tests.test_jobs import _count  # noqa: F401  (declares the test_count job kind)
from chancery.ops import health, metrics

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage_not_yet_proved():
    """Each test starts as a new process would: no storage write proved yet."""
    getattr(health, "_storage_written", {}).clear()


def test_liveness_touches_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/health/live")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_checks_the_database_the_job_backend_and_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = Client().get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "jobs", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert list(tmp_path.rglob("*.txt")) == []  # the probe's file is gone
    assert response["Cache-Control"].startswith("max-age=0")


def test_readiness_fails_with_the_check_named_and_no_internals(settings, monkeypatch):
    def full_disk():
        raise OSError(28, "No space left on device: /srv/chancery/media/health")

    monkeypatch.setitem(health.CHECKS, "storage", full_disk)
    response = Client().get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["storage"] == {
        "ok": False,
        "detail": "OSError",
        "ms": body["checks"]["storage"]["ms"],
    }
    assert body["checks"]["database"]["ok"]
    assert "/srv" not in response.content.decode()


def test_readiness_fails_when_redis_is_the_job_backend_and_cannot_be_reached(settings):
    settings.TASK_QUEUE = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["jobs"]["ok"] is False


def test_metrics_answer_the_machine_itself_and_no_one_else(settings):
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.0.0.7").get("/metrics").status_code == 404
    settings.CHANCERY_METRICS_ALLOW = ("10.0.0.7",)
    assert Client(REMOTE_ADDR="10.0.0.7").get("/metrics").status_code == 200
    settings.CHANCERY_METRICS_TOKEN = "s3cret-token"
    outsider = Client(REMOTE_ADDR="10.9.9.9")
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


def _sample(text: str, name: str, **labels: str) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_metrics_count_requests_jobs_and_clocks(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(metrics, "SCRAPE_CACHE_SECONDS", -1)  # read the database on every scrape here
    unit = UnitFactory.create()
    owner = make_staff("owner.metrics", unit=unit)
    today = date.today()
    for record, due in enumerate((today - timedelta(days=3), today + timedelta(days=5)), start=1):
        LegalClock.objects.create(
            object_type="petitions.petition",
            object_id=record,
            kind="handling",
            label="x",
            started_on=today - timedelta(days=20),
            days=10,
            due_on=due,
        )
    Job.objects.create(kind="list_export", label="Xuất", status=JobStatus.QUEUED)
    before = (
        _sample(
            Client().get("/metrics").content.decode(),
            "chancery_jobs_finished_total",
            kind="test_count",
            status="done",
        )
        or 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_job(actor=owner, kind="test_count")
    Client().get("/health/live")
    text = Client().get("/metrics").content.decode()
    assert _sample(text, "chancery_jobs_finished_total", kind="test_count", status="done") == before + 1
    assert _sample(text, "chancery_jobs", kind="list_export", status="queued") == 1
    assert (_sample(text, "chancery_job_oldest_queued_seconds") or 0) >= 0
    assert _sample(text, "chancery_clocks_running", module="petitions.petition") == 2
    assert _sample(text, "chancery_clocks_overdue", module="petitions.petition") == 1
    assert (
        'django_http_requests_total_by_view_transport_method_total{method="GET",transport="http",view="ops:live"}'
        in text
    )
    assert "chancery_job_seconds_bucket" in text


def test_every_request_is_logged_as_one_json_line_with_its_id(caplog):
    from pythonjsonlogger.json import JsonFormatter

    with caplog.at_level(logging.INFO, logger="chancery.request"):
        response = Client().get("/health/live", HTTP_X_REQUEST_ID="abc-123")
        generated = Client().get("/health/live", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] == "abc-123"
    assert generated["X-Request-ID"] != "bad id with spaces" and len(generated["X-Request-ID"]) == 32
    record = next(r for r in caplog.records if getattr(r, "request_id", "") == "abc-123")
    line = json.loads(JsonFormatter("%(levelname)s %(name)s %(message)s").format(record))
    assert line["status"] == 200 and line["view"] == "ops:live" and line["method"] == "GET"
    assert line["path"] == "/health/live" and line["ms"] >= 0 and line["user_id"] is None


def test_a_persons_address_is_read_through_the_trusted_proxy_only(rf, settings):
    from chancery.core.audit import client_address

    settings.CHANCERY_TRUSTED_PROXIES = ("127.0.0.1", "10.0.0.2")
    through = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_address(through) == "203.0.113.5"
    # two proxies of the office, and an address the client wrote itself before them: the nearest untrusted
    chain = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5, 10.0.0.2")
    assert client_address(chain) == "203.0.113.5"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert client_address(direct) == "198.51.100.7"  # not through a trusted proxy: the header is not believed
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_metrics_through_the_proxy_are_refused_to_the_outside():
    # nginx on the machine passes an outside request: REMOTE_ADDR is the machine itself, the caller is not
    outside = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert outside.get("/metrics").status_code == 404


def test_readiness_names_neither_the_database_engine_nor_the_job_backend(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = Client().get("/health/ready").content.decode()
    for internal in ("sqlite", "postgresql", "redis", "writable", str(tmp_path)):
        assert internal not in body.lower()
    checks = Client().get("/health/ready").json()["checks"]
    assert {name: check["detail"] for name, check in checks.items()} == {
        "database": "ok",
        "jobs": "ok",
        "storage": "ok",
    }


def test_a_failing_check_names_no_library(monkeypatch):
    import sqlite3

    def database_away():
        raise sqlite3.OperationalError("unable to open database file /srv/chancery/var/chancery.sqlite3")

    monkeypatch.setitem(health.CHECKS, "database", database_away)
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["detail"] == "error"
    assert "sqlite" not in response.content.decode().lower()


def test_readiness_writes_the_storage_at_most_once_an_interval(settings, tmp_path, monkeypatch):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    saved: list[str] = []
    save = default_storage.save

    def counting_save(name, content, *args, **kwargs):
        saved.append(name)
        return save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", counting_save)
    for _ in range(5):
        assert Client().get("/health/ready").status_code == 200
    assert len(saved) == 1
    assert list(tmp_path.rglob("*.txt")) == []
    monkeypatch.setattr(health, "STORAGE_WRITE_SECONDS", 0)
    assert Client().get("/health/ready").status_code == 200
    assert len(saved) == 2


def test_between_writes_a_full_or_read_only_storage_still_fails_readiness(settings, tmp_path, monkeypatch):
    import os

    settings.MEDIA_ROOT = tmp_path
    assert Client().get("/health/ready").status_code == 200  # the write that proves it
    real_statvfs = os.statvfs

    class Full:
        f_bavail, f_frsize = 0, 4096

    monkeypatch.setattr(
        health.os, "statvfs", lambda path: Full() if str(path) == str(tmp_path) else real_statvfs(path)
    )
    response = Client().get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["storage"]["detail"] == "OSError"
    monkeypatch.setattr(health.os, "statvfs", real_statvfs)
    monkeypatch.setattr(health.os, "access", lambda path, mode: False)
    response = Client().get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["storage"]["detail"] == "PermissionError"
