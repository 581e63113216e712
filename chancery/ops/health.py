"""Health probes for the load balancer and the orchestrator.

- `/health/live`: the process answers (nothing else is touched: a database outage must not get healthy app
  processes killed and restarted).
- `/health/ready`: this process can serve: the database answers a query, the job backend accepts work (the
  jobs table on the database backend, a PING on Redis) and the file storage can write, read back and delete
  a small file. 503 with the failing check named when not.

Both answer without signing in and say nothing about the office's records; each check reports its time."""

from __future__ import annotations

import logging
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


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_jobs() -> str:
    if settings.TASK_QUEUE == "redis":
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return "redis"
    if settings.TASK_QUEUE == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()
        return "database"
    return settings.TASK_QUEUE


def check_storage() -> str:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise OSError("the file read back differs from the one written")
    finally:
        default_storage.delete(name)
    return "writable"


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
            detail, ok = type(error).__name__, False
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
