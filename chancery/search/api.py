"""/api/v1/search/?q=: the unified search over the API (the same selector as the search page)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from chancery.search import selectors


class SearchQuery(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=200, help_text='words (prefixes match) and "quoted phrases"; diacritics are optional'
    )
    module = serializers.CharField(required=False, allow_blank=True, max_length=40)
    state = serializers.CharField(required=False, allow_blank=True, max_length=40)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=50, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": _("The end date is before the start date.")})
        return attrs


Hit = inline_serializer(
    "SearchHit",
    {
        "module": serializers.CharField(),
        "object_type": serializers.CharField(),
        "object_id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "title_html": serializers.CharField(help_text="the title, escaped, with matches in <mark>"),
        "snippet_html": serializers.CharField(help_text="a snippet of the text, escaped, with <mark>"),
        "state": serializers.CharField(),
        "state_label": serializers.CharField(help_text="the state as its workflow names it"),
        "label": serializers.CharField(help_text="the kind of record"),
        "date": serializers.DateField(allow_null=True),
        "url": serializers.CharField(),
    },
)


@extend_schema_serializer(many=False)  # one page object, though the action is a list
class SearchResultsSerializer(serializers.Serializer[Any]):
    results = serializers.ListField(child=Hit)
    page = serializers.IntegerField()
    has_more = serializers.BooleanField()


class SearchViewSet(viewsets.ViewSet):
    """Search every module's records the caller may see."""

    @extend_schema(parameters=[SearchQuery], responses=SearchResultsSerializer)
    def list(self, request: Request) -> Response:
        query = SearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        page, size = data.pop("page"), data.pop("page_size")
        results = selectors.search(
            request.user, selectors.SearchFilter(**data), limit=size, offset=(page - 1) * size
        )
        return Response(
            {
                "results": [
                    {
                        "module": h.entry.module,
                        "object_type": h.entry.object_type,
                        "object_id": h.entry.object_id,
                        "title": h.entry.title,
                        "title_html": str(h.title_html),
                        "snippet_html": str(h.snippet_html),
                        "state": h.entry.state,
                        "state_label": h.state_label,
                        "label": h.module_label,
                        "date": h.entry.on_date,
                        "url": h.entry.url,
                    }
                    for h in results.hits
                ],
                "page": page,
                "has_more": results.has_more,
            }
        )
