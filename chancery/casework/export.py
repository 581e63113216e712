"""Exporting a case list to Excel, as a background job: a list of a million rows takes a minute, with a
progress bar, and can be cancelled. The file holds what the person who asked may see, filtered and sorted as
on the page, masked cells masked; it is kept in the default storage (exports/) for that person to download."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.casework import lists
from chancery.core import access, audit, spreadsheets
from chancery.core.jobs import JobContext, Param, job_kind, short_text
from chancery.core.models import AuditAction
from chancery.core.text import grouped, slug

# One sheet holds 1,048,576 rows; one is the header.
EXCEL_MAX_ROWS = 1_048_575
PROGRESS_EVERY = 2000


def _check(actor: Any, params: Mapping[str, Any]) -> None:
    case_list = lists.get(str(params.get("list", "")))
    if case_list is None:
        raise ValidationError(_("There is no such list."))
    lists.clean_query(case_list, str(params.get("query", "")))


def _may_export(user: Any) -> bool:
    return access.viewer_for(user).is_active


def _excel_value(value: Any) -> Any:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


@job_kind(
    "list_export",
    gettext_lazy("Export a list to Excel"),
    may_start=_may_export,
    check=_check,
    params={"list": Param(short_text(100)), "query": Param(short_text(4000), required=False)},
)
def export_list(ctx: JobContext) -> dict[str, Any]:
    params = ctx.params
    case_list = lists.get(params["list"])
    user = ctx.job.started_by
    if case_list is None or user is None:
        raise ValidationError(_("There is no such list."))
    data = lists.clean_query(case_list, params.get("query", ""))[1]
    ctx.restart()  # a file cannot be carried on half-written: a retry writes it again from the start
    total = case_list.queryset(user, data).count()
    if total > EXCEL_MAX_ROWS:
        raise ValidationError(
            _("The list has %(total)s records, more than one Excel sheet holds (%(max)s): filter it further.")
            % {"total": grouped(total), "max": grouped(EXCEL_MAX_ROWS)}
        )
    ctx.set_total(total)

    workbook = spreadsheets.Book()
    sheet = workbook.sheet(str(case_list.title))
    sheet.append(case_list.headers(), bold=True)
    written = 0
    for cells in lists.export_rows(case_list, user, data):
        sheet.append([_excel_value(v) for v in cells])
        written += 1
        if written % PROGRESS_EVERY == 0:
            ctx.checkpoint(str(written), done=PROGRESS_EVERY)
    ctx.checkpoint(str(written), done=written % PROGRESS_EVERY)

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{slug(str(case_list.title)) or case_list.key}-{stamp}.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        workbook.save(path)
        with path.open("rb") as handle:
            stored = default_storage.save(f"exports/job-{ctx.job.pk}-{filename}", File(handle))
    # The audit trail reads in Vietnamese whatever the language of the job's starter.
    with translation.override("vi"):
        title = str(case_list.title)
    query = params.get("query", "")
    with transaction.atomic():
        audit.record(
            action=AuditAction.EXPORT,
            actor=user,
            message=f"Xuất danh sách “{title}” ({case_list.key}) ra Excel: {grouped(written)} dòng "
            f"(tác vụ #{ctx.job.pk})" + (f", điều kiện lọc: {query}" if query else ""),
        )
    return {"file": stored, "filename": filename, "rows": written}
