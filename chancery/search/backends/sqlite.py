"""SQLite: the FTS5 table `search_fts` over the folded text (migration 0001; with the postings of every 1-, 2-
and 3-letter prefix since 0002), bm25 for relevance.

A pool is read from FTS5 in its own rowid order (newest first) with the LIMIT inside the FTS query, so a
common word stops after `size` matches instead of producing every one; bm25 is computed for those only
(FTS5's `rank`, lower for better matches)."""

from __future__ import annotations

from chancery.search.backends.base import TITLE_HIT, SearchBackend, SearchFilter, filter_sql, title_pattern
from chancery.search.query import ParsedQuery

NO_LIMIT = (1 << 63) - 1


class SQLiteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def pool(
        self, query: ParsedQuery, filters: SearchFilter, before: int | None, size: int | None
    ) -> list[int]:
        where, params = filter_sql(filters)
        # Only constants are formatted into the SQL (the filters' columns); every value is a parameter.
        sql = (
            "SELECT id FROM ("  # noqa: S608
            " SELECT e.id, e.title, e.folded, e.on_date, search_fts.rank AS score"
            " FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
            f" WHERE search_fts MATCH %s AND search_fts.rowid < %s{where}"
            " ORDER BY search_fts.rowid DESC LIMIT %s"
            f") e ORDER BY {TITLE_HIT} DESC, score, on_date DESC NULLS LAST, id DESC"
        )
        return self.fetch(
            sql,
            [
                query.fts5(),
                NO_LIMIT if before is None else before,
                *params,
                NO_LIMIT if size is None else size,
                title_pattern(filters.q),
            ],
        )
