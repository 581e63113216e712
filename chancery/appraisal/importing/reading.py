"""Importing a list: the upload form, the sheet read and parsed, the rows stored, and the import job."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.appraisal import parallel, sheets
from chancery.appraisal.importing.preview import Preview
from chancery.appraisal.rows import insert_rows
from chancery.appraisal.sheets import Column
from chancery.core import bulk, jobs
from chancery.core.forms import StyledForm
from chancery.core.forms import error_text as _errors
from chancery.core.models import JobUpload


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
        choices = [("", "—")] + [(str(i), f"{i + 1}. {h or _('(empty)')}") for i, h in enumerate(headings)]
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
    confirm: Callable[[str, bool], Any] | None = None,
) -> HttpResponse:
    """Step 1 (no upload in the session under `key`): the upload form, which keeps the workbook as the
    person's upload for a job of `kind`; step 2: the mapping form, and on its submission `start(upload,
    mapping)` (the module's service: it starts the import job into an empty batch, else returns a
    Preview), then `done()`; step 3, for a batch that has rows: the preview, whose confirmation calls
    `confirm(token, remove)`. `page(context)` renders the module's page with `upload` or `mapping_form`,
    `headings`, `guessed`, or `preview`."""
    if request.GET.get("again"):
        request.session.pop(key, None)
    if request.method == "POST" and "confirm" in request.POST and confirm is not None:
        try:
            confirm(request.POST.get("token", ""), request.POST.get("remove") == "on")
        except ValidationError as error:
            messages.error(request, _errors(error))
            return again()
        request.session.pop(key, None)
        messages.success(request, _("The list is being imported."))
        return done()
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
            started = start(upload, mapping)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            if isinstance(started, Preview):
                return page({"preview": started})
            request.session.pop(key, None)
            messages.success(request, _("The list is being imported."))
            return done()
    return page({"mapping_form": mapping_form, "headings": headings, "guessed": len(guessed)})


# --- storing the rows, and the import job -------------------------------------------------------------------


def parse_rows(
    rows: Iterable[tuple[int, dict[str, Any]]], parse: Callable[[dict[str, Any]], Any]
) -> tuple[list[tuple[int, Any]], list[str]]:
    """Each row parsed, or its problem as "Row N: ..." (the row is then stored nowhere), in the rows' order;
    with the helper process on, a long list's rows are parsed on both cores (`parallel.Split`: `parse`
    reads nothing from the database)."""
    listed = list(rows)
    parsed, problems = [], []
    with parallel.Split(partial(_parsed, parse), size=len(listed)) as split:
        for number, row, problem in split.map(listed):
            if problem is None:
                parsed.append((number, row))
            else:
                problems.append(problem)
    return parsed, problems


def _parsed(parse: Callable[[dict[str, Any]], Any], item: tuple[int, dict[str, Any]]) -> tuple[int, Any, Any]:
    number, values = item
    try:
        return number, parse(values), None
    except ValidationError as error:
        return (
            number,
            None,
            _("Row %(row)s: %(problem)s") % {"row": number, "problem": " ".join(error.messages)},
        )


def people_for(
    model: Any, keyed: Sequence[tuple[int, str, Any]], build: Callable[[Any, str], dict[str, Any]]
) -> dict[int, int]:
    """row number -> the id of its person (an Honoree, a Prisoner: `model`, unique by `identity`), for
    rows given as (number, identity, parsed row): those on file found by their identity, the others made
    from `build(row, identity)` (the person's fields by attribute name, the same names for every row) and
    added as plain rows (`rows.insert_rows`), in three statements for the whole chunk. A person another
    import adds meanwhile is found, not added twice."""
    known = bulk.ids_by(model, "identity", {key for _number, key, _row in keyed})
    missing: dict[str, dict[str, Any]] = {}
    for _number, key, row in keyed:
        if key not in known and key not in missing:
            missing[key] = build(row, key)
    if missing:
        built = list(missing.values())
        names = list(built[0])
        insert_rows(model, names, [tuple(b.values()) for b in built], ignore_conflicts=True)
        known.update(bulk.ids_by(model, "identity", list(missing)))
    return {number: known[key] for number, key, _row in keyed}
