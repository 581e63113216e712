"""Write operations of honours: batches, their lists of nominees, appraisal, overrides. One transaction each,
with its audit event; the web UI, the API, the jobs and the demo all come through here.

The package's modules: `batches` (who works on honours, the batch), `nominees` (the list of nominees) and
`appraisal` (the appraisal job, the award history and the President's decision); callers import the package.
"""

from __future__ import annotations

from chancery.honours.services.appraisal import (
    LIFECYCLE,
    HonoursLifecycle,
    appraise_nominations,
    appraise_rows,
    counts_of,
    facts_of,
    finish_appraisal,
    judge,
    override_verdict,
    prepare_decision,
    record_award,
    record_decision,
    reopen_appraisal,
    revoke_award,
    settle_reviews,
    start_appraisal,
    start_certificates,
)
from chancery.honours.services.appraisal import (
    _judged as _judged,
)
from chancery.honours.services.batches import (
    BATCH_REGISTER,
    attach_dossier,
    can_work_on_honours,
    create_batch,
    refusal,
)
from chancery.honours.services.nominees import (
    NomineeList,
    confirm_import,
    import_or_preview,
    start_import,
)

__all__ = [
    "BATCH_REGISTER",
    "LIFECYCLE",
    "HonoursLifecycle",
    "NomineeList",
    "appraise_nominations",
    "appraise_rows",
    "attach_dossier",
    "can_work_on_honours",
    "confirm_import",
    "counts_of",
    "create_batch",
    "facts_of",
    "finish_appraisal",
    "import_or_preview",
    "judge",
    "override_verdict",
    "prepare_decision",
    "record_award",
    "record_decision",
    "refusal",
    "reopen_appraisal",
    "revoke_award",
    "settle_reviews",
    "start_appraisal",
    "start_certificates",
    "start_import",
]
