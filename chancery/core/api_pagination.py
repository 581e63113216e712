from typing import Any

from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from chancery.core.api_errors import number_param


class KeysetPagination(CursorPagination):
    """Newest first by id, with an opaque cursor: constant time for any page of a list of millions.
    `page_size` from 1 to 500; a value outside that, or not a number, is refused (400), not ignored."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_page_size(self, request: Request) -> Any:
        asked = number_param(request.query_params, self.page_size_query_param, low=1, high=self.max_page_size)
        return self.page_size if asked is None else asked
