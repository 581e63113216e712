"""The Django tasks Chancery enqueues: thin wrappers; the work is in `jobs` and `notifications`."""

from django_tasks import task

from chancery.core import jobs, notifications


@task()
def run_job(job_id: int) -> str:
    return jobs.run(job_id)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    return notifications.deliver_emails(notification_ids)
