"""The OpenAPI schema's generator: drf-spectacular's, plus what DRF drops from read-only model fields, and
the error answers every operation can give.

DRF builds a read-only field of a model without `allow_blank` and `allow_null` (it keeps only a few
arguments for read-only fields), so a choice left blank in the database ("" for a task not yet rated, a treaty
not yet consented to) was answered outside the documented enum. Here a read-only choice field takes them
back from its model field, for every serializer at once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


def _model_field(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    if model is None or not isinstance(parent, serializers.ModelSerializer):
        return None
    try:
        return model._meta.get_field(field.source)
    except (FieldDoesNotExist, TypeError):
        return None


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field: Any, direction: str, bypass_extensions: bool = False) -> Any:
        if isinstance(field, serializers.ChoiceField) and field.read_only:
            model_field = _model_field(field)
            if model_field is not None:
                field.allow_blank = field.allow_blank or bool(getattr(model_field, "blank", False))
                field.allow_null = field.allow_null or bool(getattr(model_field, "null", False))
        return super()._map_serializer_field(field, direction, bypass_extensions)


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: a stable code for programs, a Vietnamese message for people, and details "
    "(the fields' errors for 400, else null).",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "details": {"nullable": True},
    },
    "required": ["code", "message", "details"],
}
# What any operation may answer besides its success, by the platform's rules (chancery.core.api_errors).
ERRORS = {
    "400": "The data or parameters sent are not valid (details name each field).",
    "401": "Not signed in, or the token is not valid (expired, revoked).",
    "403": "Not allowed (the access policy, a second factor not passed, a read-only token).",
    "404": "Not found, or not visible to the caller.",
    "405": "Method not allowed here.",
    "406": "The requested response format is not available.",
    "413": "The request body is too large.",
    "415": "The content type is not supported.",
    "429": "Too many requests; try again later.",
    "503": "The database is not available; try again shortly.",
    "507": "The storage is full; nothing was written.",
}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the `Error` body under every status in ERRORS, on every
    operation, so that a client (and the schema's fuzzing) knows every answer it can get."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, description in ERRORS.items():
                operation["responses"].setdefault(status, {"description": description, "content": body})
    return result
