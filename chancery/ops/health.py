"""Health probes for the load balancer and the orchestrator.

- `/health/live`: the process answers (nothing else is touched: a database outage must not get healthy app
  processes killed and restarted).
- `/health/ready`: this process can serve: the database answers a query, the job backend accepts work (the
  jobs table on the database backend, a PING on Redis) and the file storage can take a file. 503 with the
  failing check named when not.

Both answer without signing in, so they say nothing about the office's records nor about what it runs on:
each check says ok or not, its time, and on failure only the built-in kind of error (`OSError`), never a
library's or a message (those go to the log). The storage is proved by writing, reading back and deleting a
small file at most once every STORAGE_WRITE_SECONDS per process; between those writes a probe only checks
that the folder is still writable and not full, so a load balancer polling every few seconds, or anyone
calling the probe in a loop, does not make the server write a file each time."""

from __future__ import annotations

import builtins
import errno
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

STORAGE_WRITE_SECONDS = 60.0
STORAGE_MIN_FREE_BYTES = 1 << 20
_storage_written: dict[str, float] = {}  # storage folder: when this process last proved it by a write
_storage_lock = threading.Lock()


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_jobs() -> str:
    if settings.TASK_QUEUE == "redis":
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
    elif settings.TASK_QUEUE == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()
    return "ok"


def _write_read_delete() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise OSError("the file read back differs from the one written")
    finally:
        default_storage.delete(name)


def _still_writable(folder: str) -> None:
    """Without writing: the folder is still there, writable (a read-only remount says no) and not full."""
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"the file storage {folder} is not writable")
    stats = os.statvfs(folder)
    if stats.f_bavail * stats.f_frsize < STORAGE_MIN_FREE_BYTES:
        raise OSError(errno.ENOSPC, f"the file storage {folder} is full")


def check_storage() -> str:
    folder = str(getattr(default_storage, "location", "") or "")
    last = _storage_written.get(folder)
    if folder and last is not None and time.monotonic() - last < STORAGE_WRITE_SECONDS:
        _still_writable(folder)
        return "ok"
    with _storage_lock:  # probes arriving together write one file, not one each
        last = _storage_written.get(folder)
        if folder and last is not None and time.monotonic() - last < STORAGE_WRITE_SECONDS:
            _still_writable(folder)
            return "ok"
        _storage_written.pop(folder, None)
        _write_read_delete()
        _storage_written[folder] = time.monotonic()
    return "ok"


def _kind_of(error: Exception) -> str:
    """The kind of a failure for someone not signed in: a built-in exception's name (OSError, TimeoutError),
    never a library's, which would say what the office runs on."""
    kind = type(error)
    return kind.__name__ if getattr(builtins, kind.__name__, None) is kind else "error"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "jobs": check_jobs,
    "storage": check_storage,
}


def run_checks() -> tuple[bool, dict[str, Any]]:
    results: dict[str, Any] = {}
    healthy = True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as error:  # a probe reports every failure, whatever it is
            # the kind of failure only: the message (host names, paths) goes to the log, not to anyone asking
            logger.warning("health check %s failed: %s", name, error, exc_info=True)
            detail, ok = _kind_of(error), False
        healthy &= ok
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return healthy, results


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
