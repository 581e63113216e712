"""The two steps of importing a long list from Excel, shared by honours and amnesty: upload the workbook,
then say which column holds which field (guessed from the headings, in the sender's own words); the import
then runs as the module's job and its page shows the progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.forms import StyledForm
from chancery.core.forms import error_text as _errors
from chancery.core.text import fold

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
    prefix: str,
    columns: Sequence[Column],
    start: Callable[[str, dict[str, int]], Any],
    page: Callable[[dict[str, Any]], HttpResponse],
    done: Callable[[], HttpResponse],
    again: Callable[[], HttpResponse],
    label: str | None = None,
) -> HttpResponse:
    """Step 1 (no workbook in the session under `key`): the upload form; step 2: the mapping form, and on
    its submission `start(path, mapping)` (the module's service starting its import job), then `done()`.
    `page(context)` renders the module's page with `upload` or `mapping_form`, `headings`, `guessed`."""
    if request.GET.get("again"):
        request.session.pop(key, None)
    path = request.session.get(key)
    if request.method == "POST" and "workbook" in request.FILES:
        upload = UploadForm(request.POST, request.FILES, label=label)
        if not upload.is_valid():
            return page({"upload": upload})
        original = fold(upload.cleaned_data["workbook"].name).replace(" ", "-")[-60:]
        request.session[key] = path = default_storage.save(
            f"{prefix}-{original}", upload.cleaned_data["workbook"]
        )
    if not path or not default_storage.exists(path):
        return page({"upload": UploadForm(label=label)})
    try:
        with default_storage.open(path, "rb") as handle:
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
            start(path, mapping)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            request.session.pop(key, None)
            messages.success(request, _("The list is being imported."))
            return done()
    return page({"mapping_form": mapping_form, "headings": headings, "guessed": len(guessed)})
