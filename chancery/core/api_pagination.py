from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Newest first by id, with an opaque cursor: constant time for any page of a list of millions."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
