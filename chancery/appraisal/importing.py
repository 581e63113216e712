"""The two steps of importing a long list from Excel, shared by honours and amnesty: upload the workbook,
then say which column holds which field (guessed from the headings, in the sender's own words); the import
then runs as the module's job and its page shows the progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core import jobs
from chancery.core.forms import StyledForm
from chancery.core.forms import error_text as _errors
from chancery.core.models import JobUpload

from . import sheets
from .sheets import Column


class UploadForm(StyledForm):
    workbook = forms.FileField(
        label=gettext_lazy("List of nominees (Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["workbook"].label = label

    def clean_workbook(self) -> Any:
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx") or upload.read(4) != b"PK\x03\x04":
            raise forms.ValidationError(gettext_lazy("The file is not an Excel workbook (.xlsx)."))
        upload.seek(0)
        return upload


class MappingForm(StyledForm):
    """One select per field: which column of the sheet holds it (or none)."""

    def __init__(
        self,
        *args: Any,
        columns: Sequence[Column],
        headings: list[str],
        initial_map: dict[str, int],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(i), f"{i + 1}. {h or '(trống)'}") for i, h in enumerate(headings)]
        for column in columns:
            self.fields[column.field] = forms.ChoiceField(
                label=column.label + (" *" if column.required else ""),
                choices=choices,
                required=column.required,
                initial=str(initial_map[column.field]) if column.field in initial_map else "",
            )

    def mapping(self) -> dict[str, int]:
        return {field: int(value) for field, value in self.cleaned_data.items() if value not in ("", None)}


def two_step_import(
    request: HttpRequest,
    *,
    key: str,
    kind: str,
    columns: Sequence[Column],
    start: Callable[[JobUpload, dict[str, int]], Any],
    page: Callable[[dict[str, Any]], HttpResponse],
    done: Callable[[], HttpResponse],
    again: Callable[[], HttpResponse],
    label: str | None = None,
) -> HttpResponse:
    """Step 1 (no upload in the session under `key`): the upload form, which keeps the workbook as the
    person's upload for a job of `kind`; step 2: the mapping form, and on its submission `start(upload,
    mapping)` (the module's service starting its import job), then `done()`. `page(context)` renders the
    module's page with `upload` or `mapping_form`, `headings`, `guessed`."""
    if request.GET.get("again"):
        request.session.pop(key, None)
    upload: JobUpload | None = None
    if request.method == "POST" and "workbook" in request.FILES:
        form = UploadForm(request.POST, request.FILES, label=label)
        if not form.is_valid():
            return page({"upload": form})
        try:
            upload = jobs.receive_upload(actor=request.user, kind=kind, upload=form.cleaned_data["workbook"])
        except ValidationError as error:
            form.add_error("workbook", error)
            return page({"upload": form})
        request.session[key] = upload.pk
    elif key in request.session:
        try:
            upload = jobs.upload_of(request.user, request.session[key], kind=kind)
        except ValidationError:
            request.session.pop(key, None)
    if upload is None:
        return page({"upload": UploadForm(label=label)})
    try:
        with default_storage.open(upload.file, "rb") as handle:
            headings = sheets.read_headings(handle)
    except Exception:
        request.session.pop(key, None)
        messages.error(request, _("The workbook could not be read. Save it again as .xlsx and upload it."))
        return again()
    guessed = sheets.guess_mapping(headings, columns)
    posted = request.method == "POST" and "workbook" not in request.FILES
    mapping_form = MappingForm(
        request.POST if posted else None, columns=columns, headings=headings, initial_map=guessed
    )
    if posted and mapping_form.is_valid():
        mapping = mapping_form.mapping()
        try:
            sheets.check_mapping(mapping, columns, len(headings))
            start(upload, mapping)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            request.session.pop(key, None)
            messages.success(request, _("The list is being imported."))
            return done()
    return page({"mapping_form": mapping_form, "headings": headings, "guessed": len(guessed)})


# --- storing the rows, and the import job -------------------------------------------------------------------


def store_parsed(
    *,
    model: type[Any],
    fields: Sequence[str],
    keys: dict[int, Any],
    on_file: dict[Any, int],
    existing: dict[int, Any],
    key_of: Callable[[Any], Any],
    fill: Callable[[Any, int], Any],
    new: Callable[[int], Any],
    twin: str,
) -> tuple[int, list[str]]:
    """Store the parsed rows of a list, each as the record of its row number (`keys`: row -> the key that
    must be once in the list, such as a person, or a person and an award). A row whose key another row
    already holds (earlier in this chunk, or stored before: `on_file`, key -> row) is refused with `twin`
    ("trùng với dòng {row} ..."); a row replaces what an earlier import of the same row stored (`existing`,
    row -> record; `key_of` its key) so a corrected list imported again adds no one twice; `fill(record,
    row)` writes the row's values, `new(row)` makes a record. In one bulk update and one bulk insert; when a
    key is still held by a row of a later chunk the list also changes, row by row, and such a row is
    reported. Returns (stored, problems)."""
    problems: list[str] = []
    seen: dict[Any, int] = {}
    to_create: list[Any] = []
    to_update: list[Any] = []
    moved: list[int] = []
    for number, key in keys.items():
        held = seen.get(key)
        other = on_file.get(key)
        if held is None and other is not None and other != number and keys.get(other, key) == key:
            held = other  # another row of the list, stored earlier, holds the same key
        if held is not None:
            problems.append(f"Dòng {number}: trùng với dòng {held} ({twin}).")
            continue
        seen[key] = number
        current = existing.get(number)
        if current is not None and key_of(current) == key:
            to_update.append(fill(current, number))
        else:
            if current is not None:
                moved.append(current.pk)  # another person on this row now: stored anew
            to_create.append(fill(new(number), number))
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=moved).delete()
            model.objects.bulk_update(to_update, list(fields), batch_size=500)
            model.objects.bulk_create(to_create, batch_size=1000)
    except IntegrityError:
        model.objects.filter(pk__in=moved).delete()
        for record in [*to_update, *to_create]:
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                problems.append(f"Dòng {record.row}: trùng với một dòng khác ({twin}).")
                (to_create if record in to_create else to_update).remove(record)
    return len(to_update) + len(to_create), problems


def parse_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], parse: Callable[[dict[str, Any]], Any]
) -> tuple[list[tuple[int, Any]], list[str]]:
    """Each row parsed, or its problem as "Dòng N: ..." (the row is then stored nowhere)."""
    parsed, problems = [], []
    for number, values in rows:
        try:
            parsed.append((number, parse(values)))
        except ValidationError as error:
            problems.append(f"Dòng {number}: {' '.join(error.messages)}")
    return parsed, problems


def import_in_chunks(
    ctx: Any,
    store: Callable[[list[tuple[int, dict[str, Any]]]], tuple[int, list[str]]],
    *,
    chunk: int = 500,
    max_reported: int = 500,
) -> dict[str, Any]:
    """The body of an import job: read the workbook its starter uploaded with `mapping` (the job's
    parameter) from the row after the last committed chunk, `store` each chunk with its checkpoint in one
    transaction (a worker killed mid-way loses nothing and writes nothing twice), keep the count and the
    problems on the job; the uploaded file is removed once it has been read through."""
    mapping = {k: int(v) for k, v in ctx.params["mapping"].items()}
    after = int(ctx.cursor or 1)
    result = dict(ctx.job.result or {})
    problems: list[str] = list(result.get("problems", []))
    stored, skipped = int(result.get("stored", 0)), int(result.get("skipped", 0))
    with ctx.open_upload() as handle:
        rows = [r for r in sheets.read_rows(handle, mapping) if r[0] > after]
    ctx.set_total(ctx.job.done + len(rows))
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        with transaction.atomic():  # the chunk and the checkpoint after it commit together
            done, found = store(part)
            stored += done
            skipped += len(found)
            problems.extend(found[: max(0, max_reported - len(problems))])
            ctx.job.result = {"stored": stored, "skipped": skipped, "problems": problems}
            type(ctx.job).objects.filter(pk=ctx.job.pk).update(result=ctx.job.result)
            ctx.checkpoint(str(part[-1][0]), done=len(part))
    ctx.discard_upload()
    return {"stored": stored, "skipped": skipped, "problems": problems}
