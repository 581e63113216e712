"""One search over every module, access-filtered: the backend of CHANCERY_SEARCH_BACKEND (by default the
database's own: PostgreSQL tsvector with unaccent and GIN, SQLite FTS5) finds and ranks the matches, and
`chancery.core.access` decides which of them a person sees, the same way for every backend
(chancery.search.backends.base)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from chancery.search import index
from chancery.search.backends import get_backend
from chancery.search.backends.base import SearchFilter
from chancery.search.models import SearchEntry
from chancery.search.query import ParsedQuery, highlight, parse

__all__ = ["Hit", "Results", "SearchFilter", "search"]


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString
    module_label: str
    state_label: str = ""


@dataclass(frozen=True)
class Results:
    query: ParsedQuery
    hits: list[Hit]
    has_more: bool


def search(user: Any, filters: SearchFilter, *, limit: int = 20, offset: int = 0) -> Results:
    query = parse(filters.q)
    if not query:
        return Results(query, [], False)
    # What was typed, found whole in a record's title (a person's name, a document's number), comes first;
    # then the text ranking (the backend's order).
    rows, has_more = get_backend().search(user, query, filters, limit=limit, offset=offset)
    terms, labels = query.terms, dict(index.modules())
    hits = [
        Hit(
            row,
            highlight(row.title, terms),
            highlight(row.body, terms, width=220),
            index.type_label(row.object_type) or labels.get(row.module, row.module),
            index.state_label(row.object_type, row.state),
        )
        for row in rows
    ]
    return Results(query, hits, has_more)
