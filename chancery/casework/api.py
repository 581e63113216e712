"""/api/v1/lists/<key>/: a module's case list over the API, with the page's filters, sort and keyset cursor;
/api/v1/saved-filters/: the caller's saved filters. Exports go through /api/v1/jobs/ (kind "list_export")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as InvalidInput
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.casework import lists, services
from chancery.casework.models import SavedFilter
from chancery.core.api_base import RecordViewSet
from chancery.core.api_errors import number_param


def _json(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, date, datetime, Decimal)):
        return value
    return str(value)


ListPageSchema = inline_serializer(
    "CaseListPage",
    {
        "columns": inline_serializer(
            "CaseListColumn", {"key": serializers.CharField(), "label": serializers.CharField()}, many=True
        ),
        "results": inline_serializer(
            "CaseListRow",
            {
                "id": serializers.IntegerField(),
                "url": serializers.CharField(),
                "cells": serializers.DictField(help_text="column key → value; masked values are ***"),
            },
            many=True,
        ),
        "count": serializers.IntegerField(help_text=f"matching records, counted up to {lists.COUNT_CAP}"),
        "count_capped": serializers.BooleanField(help_text="more records match than `count`"),
        "next": serializers.CharField(allow_null=True, help_text="cursor of the next page"),
        "previous": serializers.CharField(allow_null=True, help_text="cursor of the previous page"),
    },
)


class CaseListViewSet(viewsets.ViewSet):
    """The case lists of the modules; one list's rows the caller may see, filtered and sorted as on its page
    (query parameters: the page's filter names, `sort`, `cursor`)."""

    lookup_value_regex = "[-a-z0-9_]+"

    @extend_schema(
        responses=inline_serializer(
            "CaseListInfo",
            {"key": serializers.CharField(), "title": serializers.CharField()},
            many=True,
        )
    )
    def list(self, request: Request) -> Response:
        return Response([{"key": k, "title": str(v.title)} for k, v in sorted(lists.REGISTRY.items())])

    @extend_schema(
        parameters=[
            OpenApiParameter("sort", str),
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int, description="rows a page, 1 to 500 (default: the list's)"),
        ],
        responses=ListPageSchema,
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        listed = lists.get(pk)
        if listed is None:
            raise Http404
        form, data = lists.read_filters(listed, request.query_params)
        if data is None:
            raise InvalidInput({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        size = number_param(request.query_params, "page_size", low=1, high=500)
        page = lists.list_page(listed, request.user, data, size=size)
        keys = [c.key for c in listed.columns] + (["due_on"] if listed.deadlines else [])
        return Response(
            {
                "columns": [{"key": k, "label": h} for k, h in zip(keys, page.headers, strict=True)],
                "results": [
                    {
                        "id": record.pk,
                        "url": listed.detail_url(record) if listed.detail_url else "",
                        "cells": {
                            k: _json(v) for k, v in zip(keys, listed.cells(record, request.user), strict=True)
                        },
                    }
                    for record in page.records
                ],
                "count": page.count,
                "count_capped": page.count_capped,
                "next": page.next_cursor,
                "previous": page.prev_cursor,
            }
        )


class SavedFilterSerializer(serializers.ModelSerializer[SavedFilter]):
    class Meta:
        model = SavedFilter
        fields = ("id", "list_key", "name", "query", "created_at")
        read_only_fields = ("id", "created_at")
        validators: list[Any] = []  # the service replaces a filter of the same name

    def create(self, validated_data: dict[str, Any]) -> SavedFilter:
        try:
            return services.save_filter(actor=self.context["request"].user, **{"query": "", **validated_data})
        except ValidationError as error:
            raise InvalidInput(error.messages) from error


class SavedFilterViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    RecordViewSet[SavedFilter],
):
    """The caller's own saved filters; saving one under a name already used replaces it."""

    serializer_class = SavedFilterSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[SavedFilter]:
        saved = SavedFilter.objects.filter(user_id=self.request.user.pk or 0)
        if key := self.request.query_params.get("list_key"):
            saved = saved.filter(list_key=key)
        return saved

    def perform_destroy(self, instance: SavedFilter) -> None:
        services.delete_filter(actor=self.request.user, saved=instance)
