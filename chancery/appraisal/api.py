"""What the import endpoints of honours and amnesty share: the payload (a workbook, base64, and an optional
column mapping) and its reading (checked to be a workbook, stored for the job, the mapping guessed from the
headings when left out and checked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from rest_framework import serializers

from chancery.core.text import fold
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
    payload: ImportSerializer, *, prefix: str, columns: Sequence[Column]
) -> tuple[str, dict[str, int]]:
    """The workbook stored for the import job, and the column mapping to read it with."""
    upload = payload.validated_data["workbook"]
    if upload.read(4) != b"PK\x03\x04":
        raise serializers.ValidationError({"workbook": "Tệp không phải bảng tính Excel (.xlsx)."})
    upload.seek(0)
    path = default_storage.save(
        f"{prefix}-{fold(upload.name).replace(' ', '-')[-60:]}", ContentFile(upload.read())
    )
    with default_storage.open(path, "rb") as handle:
        headings = sheets.read_headings(handle)
    mapping = payload.validated_data.get("mapping") or sheets.guess_mapping(headings, columns)
    sheets.check_mapping(mapping, columns, len(headings))
    return path, dict(mapping)
