"""The two steps of importing a long list from Excel, shared by honours and amnesty: upload the workbook,
then say which column holds which field (guessed from the headings, in the sender's own words); the import
then runs as the module's job and its page shows the progress.

The package's modules: `reading` (the upload, the sheet read, the rows stored and the import job) and
`preview` (a list into a batch that has rows: identified by the person, previewed, then confirmed);
callers import the package.
"""

from __future__ import annotations

from chancery.appraisal.importing.preview import (
    ANALYSED_AFTER,
    CONFIRMATION,
    NEEDS_PREVIEW,
    PREVIEW_KEPT_SECONDS,
    PREVIEW_SALT,
    SHOWN,
    STALE_PREVIEW,
    Incoming,
    ListRows,
    ListTarget,
    OnFile,
    Plan,
    Preview,
    confirmed_preview,
    differences,
    plain,
    plan_list,
    preview_list,
    run_import,
    state_of,
)
from chancery.appraisal.importing.reading import (
    MappingForm,
    UploadForm,
    parse_rows,
    people_for,
    two_step_import,
)

__all__ = [
    "ANALYSED_AFTER",
    "CONFIRMATION",
    "NEEDS_PREVIEW",
    "PREVIEW_KEPT_SECONDS",
    "PREVIEW_SALT",
    "SHOWN",
    "STALE_PREVIEW",
    "Incoming",
    "ListRows",
    "ListTarget",
    "MappingForm",
    "OnFile",
    "Plan",
    "Preview",
    "UploadForm",
    "confirmed_preview",
    "differences",
    "parse_rows",
    "people_for",
    "plain",
    "plan_list",
    "preview_list",
    "run_import",
    "state_of",
    "two_step_import",
]
