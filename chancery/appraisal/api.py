"""What the import endpoints of honours and amnesty share: the payload (a workbook, base64, and an optional
column mapping) and its reading (checked to be a workbook, stored for the job, the mapping guessed from the
headings when left out and checked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from rest_framework import serializers

from chancery.core import jobs
from chancery.core.models import JobUpload
from chancery.documents.api import FileField

from . import sheets
from .sheets import Column


class ImportSerializer(serializers.Serializer[Any]):
    workbook = FileField()
    mapping = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text="field -> column index (0 = first column); guessed from the headings when left out",
    )


def stored_list(
    payload: ImportSerializer, *, actor: Any, kind: str, columns: Sequence[Column]
) -> tuple[JobUpload, dict[str, int]]:
    """The workbook kept as the caller's upload for the import job of `kind`, and the column mapping to read
    it with (guessed from the headings when left out, and checked)."""
    try:
        upload = jobs.receive_upload(actor=actor, kind=kind, upload=payload.validated_data["workbook"])
    except ValidationError as error:
        raise serializers.ValidationError({"workbook": error.messages}) from error
    try:
        with default_storage.open(upload.file, "rb") as handle:
            headings = sheets.read_headings(handle)
        mapping = payload.validated_data.get("mapping") or sheets.guess_mapping(headings, columns)
        sheets.check_mapping(mapping, columns, len(headings))
    except ValidationError:
        jobs.discard_upload(upload)
        raise
    return upload, dict(mapping)


class ConfirmImportSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=4000, help_text="the token of the preview being confirmed")
    remove = serializers.BooleanField(
        default=False, help_text="also take out of the batch the people on file that the list leaves out"
    )


class PreviewSerializer(serializers.Serializer[Any]):
    """What importing a list into a batch that has rows would do; nothing changed until confirmed."""

    token = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    added = serializers.ListField(child=serializers.DictField())
    changed = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    refused = serializers.ListField(child=serializers.CharField())
