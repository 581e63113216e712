"""One search over every module, access-filtered: the same interface on PostgreSQL (tsvector with unaccent,
GIN) and SQLite (FTS5); the backend is the database's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString

from chancery.core import access
from chancery.core.text import fold
from chancery.search import index
from chancery.search.models import SearchEntry
from chancery.search.query import ParsedQuery, highlight, parse


@dataclass(frozen=True)
class SearchFilter:
    q: str = ""
    module: str = ""
    state: str = ""
    date_from: date | None = None
    date_to: date | None = None


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


def _matching(query: ParsedQuery) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    if connection.vendor == "postgresql":
        tsquery = query.tsquery()
        return entries.extra(
            select={"rank": "ts_rank_cd(document, to_tsquery('simple', %s))"},
            select_params=[tsquery],
            where=["document @@ to_tsquery('simple', %s)"],
            params=[tsquery],
        )
    # SQLite: a join with the FTS5 table; its rank (bm25) is lower for better matches.
    return entries.extra(
        select={"rank": "-search_fts.rank"},
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[query.fts5()],
    )


def search(user: Any, filters: SearchFilter, *, limit: int = 20, offset: int = 0) -> Results:
    query = parse(filters.q)
    if not query:
        return Results(query, [], False)
    entries = access.visible_search_entries(user, _matching(query))
    if filters.module:
        entries = entries.filter(module=filters.module)
    if filters.state:
        entries = entries.filter(state=filters.state)
    if filters.date_from:
        entries = entries.filter(on_date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(on_date__lte=filters.date_to)
    # What was typed, found whole in a record's title (a person's name, a document's number), comes first;
    # then the text ranking.
    phrase = " ".join(re.findall(r"[a-z0-9]+", fold(filters.q)))
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    entries = entries.extra(
        select={
            "title_hit": "CASE WHEN substr(search_searchentry.folded, 1, length(search_searchentry.title)) "
            "LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END"
        },
        select_params=[f"%{escaped}%"],
    )
    rows = list(
        entries.order_by("-title_hit", "-rank", F("on_date").desc(nulls_last=True), "-id").defer("folded")[
            offset : offset + limit + 1
        ]
    )
    terms, labels = query.terms, dict(index.modules())
    hits = [
        Hit(
            row,
            highlight(row.title, terms),
            highlight(row.body, terms, width=220),
            index.type_label(row.object_type) or labels.get(row.module, row.module),
            index.state_label(row.object_type, row.state),
        )
        for row in rows[:limit]
    ]
    return Results(query, hits, len(rows) > limit)
