"""Metrics in the Prometheus text format at `/metrics`.

- Requests: django-prometheus's middleware (requests, latency histograms and responses by view, method and
  status; database queries and errors by vendor).
- Jobs, as workers run them: `chancery_jobs_finished_total{kind,status}` and
  `chancery_job_seconds{kind}`; and as the office sees them, read from the jobs table at scrape time:
  `chancery_jobs{kind,status}` for the work not ended and `chancery_job_oldest_queued_seconds`.
- Legal clocks, read from the records at scrape time: `chancery_clocks_running{module}` and
  `chancery_clocks_overdue{module}` (running past their due date).

Under several app processes (gunicorn) and workers on one machine, set PROMETHEUS_MULTIPROC_DIR to a folder
they share (emptied at start): the counters of every process are summed at scrape. The figures read from
the database are the same from any process, so any one of them answers for the whole office.

Who may scrape: a request from the machine itself, from an address in CHANCERY_METRICS_ALLOW (comma-
separated), or bearing `Authorization: Bearer <CHANCERY_METRICS_TOKEN>`; anyone else gets 404."""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from chancery.core import audit

JOBS_FINISHED = Counter(
    "chancery_jobs_finished", "Background jobs that ended, by kind and final status", ["kind", "status"]
)
JOB_SECONDS = Histogram(
    "chancery_job_seconds",
    "Time a background job ran, from claim to end",
    ["kind"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)

SCRAPE_CACHE_SECONDS = 30


def job_finished(kind: str, status: str, seconds: float) -> None:
    JOBS_FINISHED.labels(kind=kind, status=status).inc()
    JOB_SECONDS.labels(kind=kind).observe(seconds)


class OfficeCollector(Collector):
    """The office's state read from the database, cached for SCRAPE_CACHE_SECONDS in the process (a scrape
    every few seconds must not count a million clocks each time)."""

    def __init__(self) -> None:
        self._cached: tuple[float, list[Any]] | None = None

    def describe(self) -> list[Any]:
        return []  # nothing is read when the collector is registered (the tables may not exist yet)

    def collect(self) -> Iterator[Any]:
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > SCRAPE_CACHE_SECONDS:
            self._cached = (now, self._read())
        yield from self._cached[1]

    def _read(self) -> list[Any]:
        from chancery.casework.models import LegalClock
        from chancery.core.models import Job, JobStatus

        jobs = GaugeMetricFamily(
            "chancery_jobs", "Background jobs not ended, by kind and status", labels=["kind", "status"]
        )
        waiting = Job.objects.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
        for row in waiting.values("kind", "status").annotate(n=Count("pk")).order_by():
            jobs.add_metric([row["kind"], row["status"]], row["n"])
        oldest = waiting.filter(status=JobStatus.QUEUED).aggregate(at=Min("created_at"))["at"]
        age = GaugeMetricFamily(
            "chancery_job_oldest_queued_seconds", "Age of the oldest job waiting for a worker (0 when none)"
        )
        age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        running = GaugeMetricFamily(
            "chancery_clocks_running", "Legal time limits running, by module", labels=["module"]
        )
        overdue = GaugeMetricFamily(
            "chancery_clocks_overdue",
            "Legal time limits running past their due date, by module",
            labels=["module"],
        )
        clocks = LegalClock.objects.filter(stopped_on__isnull=True)
        for row in clocks.values("object_type").annotate(n=Count("pk")).order_by():
            running.add_metric([row["object_type"]], row["n"])
        late = clocks.filter(due_on__lt=timezone.localdate())
        for row in late.values("object_type").annotate(n=Count("pk")).order_by():
            overdue.add_metric([row["object_type"]], row["n"])
        return [jobs, age, running, overdue]


OFFICE = CollectorRegistry()
OFFICE.register(OfficeCollector())


def _may_scrape(request: HttpRequest) -> bool:
    token = getattr(settings, "CHANCERY_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given, token):
            return True
    address = audit.client_address(request) or ""  # through the proxy: the outside caller's address
    return address in {"127.0.0.1", "::1", *getattr(settings, "CHANCERY_METRICS_ALLOW", ())}


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        body = generate_latest(processes)
    else:
        body = generate_latest(REGISTRY)
    return HttpResponse(body + generate_latest(OFFICE), content_type=CONTENT_TYPE_LATEST)
