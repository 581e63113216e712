"""Background jobs: long work the office starts and watches (imports, batch appraisal, reports, the clock
watch), run through Django's tasks API.

A module declares a kind of job with `@job_kind(...)`: a handler that receives a `JobContext`. The handler
says how many items there are (`ctx.set_total`) and, after each chunk of work, records how far it got with
`ctx.checkpoint(cursor)` inside the same transaction as the chunk, so the work and the progress commit
together. Progress is what the progress bar shows; the cursor is where a retry carries on, so no item is done
twice; each checkpoint also looks whether someone asked to cancel, and stops there if so.

The task backend is configured in settings (`CHANCERY_TASKS`): the database on one machine, Redis for many
workers. The `Job` row is the office's view of the work, the same whatever the backend.

What a client may say about a job is declared with its kind: each parameter by name with the function that
cleans it (a record id, a date, a column mapping, a short text). A parameter the kind does not declare is
refused, so no job ever takes a file path, an SQL fragment or an object type from a client. A job that reads
a file (an Excel list) reads the `JobUpload` bound to it: a file the same person uploaded for that kind of
job, stored under a name the server made; never a path given in its parameters.

The package has a module per part, each re-exported here: `kinds` (the registry of kinds, their parameters
and the context a handler runs with), `uploaded_files`, `starting` (start, cancel, retry), `selectors` (what a
person sees of jobs) and `running` (in the worker).
"""

from chancery.core.jobs.kinds import (
    MAX_ID,
    REGISTRY,
    Handler,
    JobCancelled,
    JobContext,
    JobKind,
    Param,
    column_mapping,
    flag,
    for_each_chunk,
    iso_date,
    job_kind,
    kind_words,
    one_of,
    record_id,
    short_text,
)
from chancery.core.jobs.running import HEARTBEAT_SECONDS, STALE_AFTER, recover_stale, run
from chancery.core.jobs.selectors import (
    RESULT_LABELS,
    can_follow,
    may_read_output,
    result_file,
    result_lines,
    result_problems,
    startable_kinds,
    visible_jobs,
)
from chancery.core.jobs.starting import cancel_job, retry_job, start_job, start_requested_job
from chancery.core.jobs.uploaded_files import (
    ENDED_JOB_UPLOAD_KEPT,
    UNUSED_UPLOAD_KEPT,
    UPLOAD_FORMATS,
    discard_upload,
    purge_uploads,
    receive_upload,
    upload_format,
    upload_of,
)

__all__ = [
    "ENDED_JOB_UPLOAD_KEPT",
    "HEARTBEAT_SECONDS",
    "MAX_ID",
    "REGISTRY",
    "RESULT_LABELS",
    "STALE_AFTER",
    "UNUSED_UPLOAD_KEPT",
    "UPLOAD_FORMATS",
    "Handler",
    "JobCancelled",
    "JobContext",
    "JobKind",
    "Param",
    "can_follow",
    "cancel_job",
    "column_mapping",
    "discard_upload",
    "flag",
    "for_each_chunk",
    "iso_date",
    "job_kind",
    "kind_words",
    "may_read_output",
    "one_of",
    "purge_uploads",
    "receive_upload",
    "record_id",
    "recover_stale",
    "result_file",
    "result_lines",
    "result_problems",
    "retry_job",
    "run",
    "short_text",
    "start_job",
    "start_requested_job",
    "startable_kinds",
    "upload_format",
    "upload_of",
    "visible_jobs",
]
