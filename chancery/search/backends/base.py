"""The search backend interface, in the manner of Wagtail's search backends: one class per engine
(`postgres.py`, `sqlite.py`), chosen by the CHANCERY_SEARCH_BACKEND setting (chancery.search.backends).

A backend answers one question: the matches of a query, in one order that is the same for everyone. The
access policy is not the backend's: `SearchBackend.search` applies `chancery.core.access` to the backend's
ordered matches the same way for every engine, so a person is shown exactly the matches they may see.

Top-k without ranking every match. The order is by pools of matches taken by recency (highest entry id
first), each ranked as the search always ranked: what was typed found whole in a record's title first, then
the engine's relevance, then the newest date, then the newest entry. The first pool holds `pool_size`
matches, and each next pool `growth` times as many as the one before. A query with no more matches than the
first pool is ranked exactly as before; a common word ("nguyen", "don") ranks the most recent matches only,
and is read further only when a page needs it. The ranked matches are checked against the access policy a
bounded window at a time, each window `growth` times the last, until the page is full or the matches are
exhausted: a restricted person never loses a hit they may see, however far down it lies, and never sees
one they may not.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.db import connection

from chancery.core import access
from chancery.core.text import fold
from chancery.search.models import SearchEntry
from chancery.search.query import ParsedQuery


@dataclass(frozen=True)
class SearchFilter:
    q: str = ""
    module: str = ""
    state: str = ""
    date_from: date | None = None
    date_to: date | None = None


def title_pattern(text: str) -> str:
    """A LIKE pattern of what was typed, folded, its words joined by single spaces (found whole in a
    title, it puts the record first)."""
    phrase = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    return "%" + phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The title hit, the same expression on both engines: the folded text begins with the folded title.
TITLE_HIT = "CASE WHEN substr(e.folded, 1, length(e.title)) LIKE %s ESCAPE '\\' THEN 1 ELSE 0 END"


def filter_sql(filters: SearchFilter) -> tuple[str, list[Any]]:
    """The filters of the search form as SQL on the entries (alias `e`), for both engines."""
    clauses, params = [], []
    for column, op, value in (
        ("module", "=", filters.module),
        ("state", "=", filters.state),
        ("on_date", ">=", filters.date_from),
        ("on_date", "<=", filters.date_to),
    ):
        if value:
            clauses.append(f"e.{column} {op} %s")
            params.append(value)
    return "".join(f" AND {clause}" for clause in clauses), params


class SearchBackend(ABC):
    vendor: ClassVar[str]  # the database engine the backend needs (connection.vendor)
    # Matches ranked in the first pool: a query with no more is ranked exactly as every match was before;
    # each next pool, and each next window checked against the access policy, is `growth` times larger.
    pool_size: int = 1000
    growth: int = 4
    # Ranked matches checked against the access policy at first (or twice the page, if more), and at most at
    # once (the parameters of one query).
    first_window: int = 200
    max_window: int = 5000

    @abstractmethod
    def pool(
        self, query: ParsedQuery, filters: SearchFilter, before: int | None, size: int | None
    ) -> list[int]:
        """The ids of the `size` (None: every one) matches of `query` with the highest ids below `before`
        (None: any) that pass `filters`, ranked: title hit (`TITLE_HIT` with `title_pattern(filters.q)`),
        relevance, date (newest first, none last), id (newest first)."""

    def exhaustive(self, query: ParsedQuery, filters: SearchFilter) -> list[int]:
        """Every match ranked in one pool, as the search did before pools: the reference the tests and
        bench/search.py compare with (it ranks every match, so it is slow for a common word)."""
        return self.pool(query, filters, None, None)

    def pools(self, query: ParsedQuery, filters: SearchFilter) -> Iterator[list[int]]:
        """Every match in the backend's order: pools by recency, each ranked, read only as they are needed."""
        before, size = None, self.pool_size
        while True:
            ids = self.pool(query, filters, before, size)
            if ids:
                yield ids
            if len(ids) < size:
                return
            before, size = min(ids), size * self.growth

    def search(
        self, user: Any, query: ParsedQuery, filters: SearchFilter, *, limit: int, offset: int
    ) -> tuple[list[SearchEntry], bool]:
        """The page of matches the user may see, and whether there are more."""
        need = offset + limit + 1
        seen: list[int] = []
        window = max(self.first_window, 2 * need)
        for ranked in self.pools(query, filters):
            at = 0
            while at < len(ranked) and len(seen) < need:
                candidates = ranked[at : at + min(window, self.max_window)]
                at += len(candidates)
                visible = set(
                    access.visible_search_entries(
                        user, SearchEntry.objects.filter(pk__in=candidates)
                    ).values_list("pk", flat=True)
                )
                seen += [pk for pk in candidates if pk in visible]
                window *= self.growth
            if len(seen) >= need:
                break
        page = seen[offset:need]
        rows = SearchEntry.objects.defer("folded").in_bulk(page)
        return [rows[pk] for pk in page[:limit] if pk in rows], len(page) > limit

    @staticmethod
    def fetch_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    @classmethod
    def fetch(cls, sql: str, params: list[Any]) -> list[int]:
        return [row[0] for row in cls.fetch_rows(sql, params)]
