"""The OpenAPI schema's generator: drf-spectacular's, plus what DRF drops from read-only model fields.

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
