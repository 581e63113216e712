"""The import endpoints of honours and amnesty, written once (`ListImportActions`): the payload (a workbook,
base64, and an optional column mapping), its reading (checked to be a workbook, stored for the job, the
mapping guessed from the headings when left out and checked), the preview and its confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.core import jobs
from chancery.core.api_work import JobSerializer
from chancery.core.models import JobUpload
from chancery.documents.api import FileField

from . import importing, services, sheets
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


class ListImportActions:
    """The actions `import/` and `import/confirm/` of a viewset over appraised lists (an honours batch, an
    amnesty facility's list), through `appraisal.services` as the pages go: the viewset says which list the
    request names (`import_target`, its access checked there), which job kind and which columns."""

    import_kind: str
    import_columns: Sequence[Column]

    def import_target(self, request: Request) -> importing.ListRows:
        raise NotImplementedError

    @extend_schema(request=ImportSerializer, responses={202: JobSerializer, 200: PreviewSerializer})
    @action(detail=True, methods=["post"], url_path="import")
    def import_list(self, request: Request, pk: str) -> Response:
        """Import the list (.xlsx). Into an empty list: a job (202); its result lists the rows not imported
        and why. Into a list that has rows: the preview (200: added, changed with each difference,
        unchanged, on file but not in the new list, refused), nothing changed until its token is confirmed
        at import/confirm/."""
        target = self.import_target(request)
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload, mapping = stored_list(
            payload, actor=request.user, kind=self.import_kind, columns=self.import_columns
        )
        started = services.import_or_preview(target, upload=upload, mapping=mapping)
        if isinstance(started, importing.Preview):
            return Response(started.as_dict(), status=status.HTTP_200_OK)
        return Response(JobSerializer(started).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=ConfirmImportSerializer, responses={202: JobSerializer})
    @action(detail=True, methods=["post"], url_path="import/confirm")
    def confirm_import(self, request: Request, pk: str) -> Response:
        """Confirm a preview: the same upload imported into the list as it was when previewed (refused, 400,
        if the list changed since); `remove` also takes out the people on file the new list leaves out."""
        payload = ConfirmImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = services.confirm_import(self.import_target(request), **payload.validated_data)
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
