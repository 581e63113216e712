"""PostgreSQL: the `document` tsvector (unaccent, title weighted A, text B) with its GIN index (migration
0001), `ts_rank_cd` for relevance.

The query is `to_tsquery('simple', ...)`: quoted phrases with `<->`, words as prefixes. GIN answers a
prefix (`cuo:*`) by gathering every row of every word in its range before it intersects, which costs as
much as the commonest word of the range, however rare the rest of the query; so a prefix that begins few
words (`search_lexeme`, migration 0002) is asked as those words (`cuong | cuoi`), which GIN intersects by
skipping through the rarest. A prefix of many words ("d": da, dac, dai, dang ...) is checked on the rows
the rest of the query finds instead. The same rows match either way, and the ranking reads the query as
typed (`ParsedQuery.tsquery`). (`websearch_to_tsquery` has no prefixes, so the query is written by
`chancery.search.query`.)

A pool is the newest `size` matches, ranked by `ts_rank_cd`; it is read one of two ways, chosen by the
share of entries expected to match (from PostgreSQL's statistics of `document`, kept by ANALYZE): the
entries newest first until `size` match, for a common query ("nguyen": 1,000 matches within the newest
20,000 entries), or every match through the GIN index and then the newest, for a rarer one. The planner
makes this choice itself from the same statistics but prices the second way too high: it reads 300,000
entries to find 1,000 matches of a query that GIN answers with 7,000.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from chancery.search.backends.base import TITLE_HIT, SearchBackend, SearchFilter, filter_sql, title_pattern
from chancery.search.query import ParsedQuery

NO_LIMIT = (1 << 63) - 1
MAX_EXPANSION = 64  # a prefix of more words than this stays a prefix
# A prefix of more words than this is checked on the rows the rest of the query finds, when there is a
# rest: GIN would step through every one of its words for each candidate.
CHECKED_ON_ROW = 4
# Reading an entry in order costs about this many times less than fetching a GIN match (measured: 0.3 µs
# against 2.3 µs a row); the way that reads fewer entries, so weighed, is taken.
SEQUENTIAL_ADVANTAGE = 7
STATISTICS_SECONDS = 300  # how long the statistics of `document` are kept in a process
_PLAIN = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Term:
    """One clause of the query: any of `lexemes` (a word's), all of them in order (a phrase), or a prefix
    GIN answers by its own range."""

    lexemes: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False

    def tsquery(self) -> str:
        if self.prefix:
            return f"{self.lexemes[0]}:*"
        joined = (" <-> " if self.phrase else " | ").join(self.lexemes)
        return f"({joined})" if len(self.lexemes) > 1 else joined

    def share(self, frequencies: dict[str, float], rare: float) -> float:
        """The share of entries expected to hold this clause."""
        if self.prefix:
            return rare
        found = [frequencies.get(lexeme, rare) for lexeme in self.lexemes]
        return min(found) if self.phrase else min(1.0, sum(found))


@dataclass(frozen=True)
class Statistics:
    frequencies: dict[str, float]  # the commonest lexemes: the share of entries that hold each
    rare: float  # the share assumed for any other lexeme (half the least listed)
    entries: float
    read_at: float


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"
    _statistics: Statistics | None = None

    def statistics(self) -> Statistics | None:
        """PostgreSQL's statistics of `document` (None before the first ANALYZE), kept for a while."""
        now = time.monotonic()
        kept = self._statistics
        if kept is not None and now - kept.read_at < STATISTICS_SECONDS:
            return kept if kept.frequencies else None
        rows = self.fetch_rows(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
            " FROM pg_stats s JOIN pg_class c ON c.oid = 'search_searchentry'::regclass"
            " WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchentry'"
            " AND s.attname = 'document'",
            [],
        )
        elements, shares, entries = rows[0] if rows else (None, None, 0.0)
        if elements and shares and entries and entries > 0:
            # After the shares of the elements: the least and the greatest of them, and the share of nulls.
            frequencies = dict(zip(elements, shares[: len(elements)], strict=True))
            kept = Statistics(frequencies, min(frequencies.values()) / 2, float(entries), now)
        else:
            kept = Statistics({}, 0.0, 0.0, now)
        self._statistics = kept
        return kept if kept.frequencies else None

    def terms(self, query: ParsedQuery) -> tuple[list[Term], list[Term]] | None:
        """The clauses that find the matches of `query`: those GIN answers, and those checked on the rows it
        finds; None: there are no matches."""
        words = list(query.words)
        expansions: dict[str, list[str]] = {}
        if words:
            # Each word's upper bound: the lexemes that begin with it sort (collation "C") below it.
            uppers = [w[:-1] + chr(ord(w[-1]) + 1) for w in words]
            sql = (
                "SELECT w.word, ARRAY(SELECT l.lexeme FROM search_lexeme l"
                " WHERE l.lexeme >= w.word AND l.lexeme < w.upper ORDER BY l.lexeme LIMIT %s)"
                " FROM unnest(%s::text[], %s::text[]) AS w(word, upper)"
            )
            expansions = dict(self.fetch_rows(sql, [MAX_EXPANSION + 1, words, uppers]))
        indexed = [Term(tuple(p), phrase=True) for p in query.phrases]
        checked: list[Term] = []
        for word in words:
            lexemes = expansions.get(word, [])
            if not lexemes:
                return None
            if len(lexemes) > MAX_EXPANSION:
                checked.append(Term((word,), prefix=True))
            elif not all(_PLAIN.fullmatch(lexeme) for lexeme in lexemes):
                indexed.append(Term((word,), prefix=True))  # few words, not all plain ("12345/2024")
            elif len(lexemes) > CHECKED_ON_ROW:
                checked.append(Term(tuple(lexemes)))
            else:
                indexed.append(Term(tuple(lexemes)))
        if not indexed:
            indexed, checked = checked, []
        return indexed, checked

    def newest_first(self, indexed: list[Term], checked: list[Term], size: int) -> bool:
        """Whether reading the entries newest first finds `size` matches sooner than GIN finds them all."""
        stats = self.statistics()
        if stats is None:
            return False
        gin = math.prod(term.share(stats.frequencies, stats.rare) for term in indexed)
        matching = gin * math.prod(term.share(stats.frequencies, stats.rare) for term in checked)
        if matching <= 0:
            return False
        return size / matching < SEQUENTIAL_ADVANTAGE * gin * stats.entries

    def pool(
        self, query: ParsedQuery, filters: SearchFilter, before: int | None, size: int | None
    ) -> list[int]:
        where, params = filter_sql(filters)
        rank = [title_pattern(filters.q), query.tsquery()]
        ranked = (
            f") e ORDER BY {TITLE_HIT} DESC, ts_rank_cd(e.document, to_tsquery('simple', %s)) DESC,"
            " on_date DESC NULLS LAST, id DESC"
        )
        below = NO_LIMIT if before is None else before
        if size is None:  # the reference (`exhaustive`): the query as typed, without search_lexeme
            sql = (
                "SELECT id FROM (SELECT e.* FROM search_searchentry e"  # noqa: S608  (constants only)
                f" WHERE e.document @@ to_tsquery('simple', %s) AND e.id < %s{where}" + ranked
            )
            return self.fetch(sql, [query.tsquery(), below, *params, *rank])
        terms = self.terms(query)
        if terms is None:
            return []
        indexed, checked = terms
        match = "e.document @@ to_tsquery('simple', %s)"
        values = [" & ".join(t.tsquery() for t in indexed)]
        if checked:  # a function, not the operator: the planner does not ask GIN for it
            match += " AND ts_match_vq(e.document, to_tsquery('simple', %s))"
            values.append(" & ".join(t.tsquery() for t in checked))
        if self.newest_first(indexed, checked, size):
            # OFFSET 0 keeps the match out of the inner query, which reads the primary key backwards.
            sql = (
                "SELECT id FROM (SELECT e.* FROM"  # noqa: S608  (constants only)
                " (SELECT * FROM search_searchentry WHERE id < %s ORDER BY id DESC OFFSET 0) e"
                f" WHERE {match}{where} LIMIT %s" + ranked
            )
            return self.fetch(sql, [below, *values, *params, size, *rank])
        # `id + 0`: not the primary key's order, so every match is found through GIN and the newest kept.
        sql = (
            "SELECT id FROM (SELECT e.* FROM search_searchentry e"  # noqa: S608  (constants only)
            f" WHERE {match} AND e.id < %s{where} ORDER BY e.id + 0 DESC LIMIT %s" + ranked
        )
        return self.fetch(sql, [*values, below, *params, size, *rank])
