"""Background jobs: progress, cancel, retry without doing work twice; on the database backend with its worker,
and on Redis (RQ) when a Redis server is reachable (CI has one)."""

import socket
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import override_settings

from chancery.core import jobs
from chancery.core.models import Job, JobStatus, Notification, NotificationKind, RoleCode
from chancery.core.tests.factories import UnitFactory, make_staff

pytestmark = pytest.mark.django_db

DONE_ITEMS: list[int] = []
FAIL_AT: dict[str, int] = {}


@jobs.job_kind("test_count", "Đếm thử", may_start=lambda user: True)
def _count(ctx: jobs.JobContext) -> dict[str, Any]:
    """Ten items, one per checkpoint; fails once at FAIL_AT["item"] if set; can be cancelled at any item."""
    start = int(ctx.cursor or 0)
    ctx.set_total(10)
    for item in range(start + 1, 11):
        if FAIL_AT.get("item") == item:
            FAIL_AT.clear()
            raise ValidationError(f"hỏng ở mục {item}")
        with transaction.atomic():
            DONE_ITEMS.append(item)
            ctx.checkpoint(str(item))
        if FAIL_AT.get("cancel_after") == item:
            Job.objects.filter(pk=ctx.job.pk).update(cancel_requested=True)
    return {"items": 10}


@pytest.fixture(autouse=True)
def _reset():
    DONE_ITEMS.clear()
    FAIL_AT.clear()


@pytest.fixture
def people():
    unit = UnitFactory.create()
    return {
        "owner": make_staff("owner", unit=unit, roles=(RoleCode.SPECIALIST,)),
        "other": make_staff("other", unit=unit, roles=(RoleCode.SPECIALIST,)),
        "admin": make_staff("admin", unit=unit, roles=(RoleCode.ADMINISTRATOR,)),
    }


def test_a_job_runs_to_the_end_with_its_progress_and_tells_its_owner(
    people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=people["owner"], kind="test_count")
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent, job.result) == (
        JobStatus.DONE,
        10,
        10,
        100,
        {"items": 10},
    )
    assert list(range(1, 11)) == DONE_ITEMS
    notice = Notification.objects.get(recipient=people["owner"])
    assert notice.kind == NotificationKind.JOB_ENDED and notice.url == job.get_absolute_url()


def test_a_failed_job_says_why_and_a_retry_carries_on_without_redoing_items(
    people, django_capture_on_commit_callbacks
) -> None:
    FAIL_AT["item"] = 4
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=people["owner"], kind="test_count")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "hỏng ở mục 4" in job.error
    assert (job.done, job.cursor) == (3, "3")
    with django_capture_on_commit_callbacks(execute=True):
        jobs.retry_job(actor=people["owner"], job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.error == ""
    assert list(range(1, 11)) == DONE_ITEMS  # each item once


def test_a_running_job_stops_at_its_next_checkpoint_when_cancelled(
    people, django_capture_on_commit_callbacks
) -> None:
    FAIL_AT["cancel_after"] = 5
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=people["owner"], kind="test_count")
    job.refresh_from_db()
    # the flag is seen at item 6's checkpoint, inside its transaction: item 6 is rolled back, 5 are done
    assert (job.status, job.done, job.cursor) == (JobStatus.CANCELLED, 5, "5")
    with pytest.raises(ValidationError):
        jobs.cancel_job(actor=people["owner"], job=job)


def test_a_queued_job_is_cancelled_at_once_and_never_runs(people) -> None:
    job = jobs.start_job(actor=people["owner"], kind="test_count")  # not committed: never enqueued
    jobs.cancel_job(actor=people["owner"], job=job)
    assert jobs.run(job.pk) == "skipped"
    assert DONE_ITEMS == []


def test_only_the_owner_and_administrators_follow_a_job(people) -> None:
    job = jobs.start_job(actor=people["owner"], kind="test_count")
    assert jobs.can_follow(people["admin"], job) and not jobs.can_follow(people["other"], job)
    assert list(jobs.visible_jobs(people["other"])) == []
    with pytest.raises(PermissionDenied):
        jobs.cancel_job(actor=people["other"], job=job)


def test_an_unknown_or_forbidden_job_is_refused(people) -> None:
    with pytest.raises(ValidationError, match="Loại tác vụ không tồn tại"):
        jobs.start_job(actor=people["owner"], kind="nope")
    with pytest.raises(PermissionDenied):
        jobs.start_job(actor=people["owner"], kind="search_reindex")  # administrators only


def test_a_job_delivered_twice_runs_once(people, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=people["owner"], kind="test_count")
    assert jobs.run(job.pk) == "skipped"
    assert list(range(1, 11)) == DONE_ITEMS


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_the_database_backend_queues_the_job_for_its_worker(
    people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(actor=people["owner"], kind="test_count")
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # The worker's own loop closes idle connections between tasks, which would end the test's transaction:
    # take the queued task the way it does, and run it with its run_task.
    queued = DBTaskResult.objects.ready().get()
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test",
        excluded_queue_names=[],
    )
    queued.claim("test")
    worker.run_task(queued)
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis server on 127.0.0.1:6379")
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:6379/15"}},
)
def test_the_redis_backend_runs_the_job_on_an_rq_worker(people, django_capture_on_commit_callbacks) -> None:
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.start_job(actor=people["owner"], kind="test_count")
        assert queue.count == 1
        from django_tasks_rq import Job as RQJob
        from rq import SimpleWorker

        # SimpleWorker runs the job in this process (a forking worker would not see the test's transaction)
        worker = django_rq.get_worker("default", job_class=RQJob, worker_class=SimpleWorker)  # type: ignore[arg-type]
        worker.work(burst=True)
        assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    finally:
        queue.empty()
