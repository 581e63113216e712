"""What a person sees of jobs: the kinds they may start, the jobs they follow, what a job's result holds
as staff read it, and the file it wrote."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from chancery.core import access
from chancery.core.jobs.kinds import REGISTRY, JobKind
from chancery.core.models import Job, JobStatus


def startable_kinds(user: Any) -> list[JobKind]:
    return [kind for kind in REGISTRY.values() if kind.generic and kind.may_start(user)]


def can_follow(user: Any, job: Job) -> bool:
    """The person who started a job follows it; administrators follow every job."""
    return bool(getattr(user, "is_authenticated", False)) and (
        job.started_by_id == user.pk or access.can_manage_organisation(user)
    )


def may_read_output(user: Any, job: Job) -> bool:
    """What a job read and wrote (its parameters, result and error, which may quote the records it worked
    on) is read by the person who started it; a job of the system's (the clock watch) by those who follow
    it. An administrator follows every job but reads no one's records."""
    if not can_follow(user, job):
        return False
    return job.started_by_id is None or job.started_by_id == user.pk


# What a job's result holds, as staff read it on its page (a key not listed here is not shown: no raw key
# or value of the code reaches the page).
RESULT_LABELS: dict[str, Any] = {
    "registered": gettext_lazy("Petitions registered"),
    "stored": gettext_lazy("Rows stored"),
    "skipped": gettext_lazy("Rows not imported"),
    "rows": gettext_lazy("Rows written"),
    "pass": gettext_lazy("Eligible"),
    "review": gettext_lazy("To review"),
    "fail": gettext_lazy("Not eligible"),
    "indexed": gettext_lazy("Records indexed"),
    "checked": gettext_lazy("Time limits checked"),
    "changed": gettext_lazy("Due dates changed"),
    "notices": gettext_lazy("Notices sent"),
    "seconds": gettext_lazy("Time taken (seconds)"),
}


def result_lines(job: Job) -> list[tuple[str, Any]]:
    """The job's figures as (label, value) in a fixed order, for its page."""
    result = job.result or {}
    return [(str(label), result[key]) for key, label in RESULT_LABELS.items() if key in result]


def result_problems(job: Job) -> list[str]:
    """The rows a job could not take and why ("Dòng N: ..."), for its page."""
    problems = (job.result or {}).get("problems") or []
    return [str(p) for p in problems] if isinstance(problems, list) else []


def result_file(user: Any, job: Job) -> tuple[Any, str] | None:
    """The file a finished job wrote (an export) and its download name, for the person who started it only:
    an administrator follows every job but sees no records, so not their content. None if there is none."""
    from django.core.files.storage import default_storage

    name = (job.result or {}).get("file")
    if job.status != JobStatus.DONE or not name or job.started_by_id != getattr(user, "pk", None):
        return None
    if not default_storage.exists(name):
        return None
    return default_storage.open(name, "rb"), str(job.result.get("filename") or name.rsplit("/", 1)[-1])


def visible_jobs(user: Any) -> QuerySet[Job]:
    if access.can_manage_organisation(user):
        return Job.objects.all()
    return Job.objects.filter(started_by_id=getattr(user, "pk", None) or 0)
