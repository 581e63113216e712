"""Word prefixes ("cuo" finds "cuong") answered without reading the postings of every word they begin.

SQLite: the FTS5 table is made again with `prefix='1 2 3'` (FTS5 keeps the postings of every 1-, 2- and
3-letter prefix, so `"ho"*` reads one list) and rebuilt from the entries; its triggers (0001) stay, as they
name the table only.

PostgreSQL: GIN answers `cuo:*` by a bitmap of every row of every word in the range, however rare the other
words of the query. `search_lexeme` keeps every word (lexeme) of every entry's `document`, filled by a
trigger on write, so a prefix with few words is asked as those words (`cuong | cuoi`), which GIN intersects
by skipping (chancery.search.backends.postgres). A word whose entries are all deleted stays: it matches
nothing. The lexemes are inserted in their sorted order, so two writers adding the same new words wait for
each other rather than deadlock.
"""

from django.db import migrations

TABLE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "folded, content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2'{}"
    ")"
)
SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_fts",
    TABLE.format(", prefix='1 2 3'"),
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts",
    TABLE.format(""),
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRESQL_FORWARD = [
    'CREATE TABLE search_lexeme (lexeme text COLLATE "C" PRIMARY KEY)',
    """
    CREATE FUNCTION search_entry_lexemes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_lexeme (lexeme)
        SELECT lexeme FROM unnest(tsvector_to_array(NEW.document)) AS lexeme ORDER BY lexeme
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER search_entry_lexemes AFTER INSERT OR UPDATE OF title, body ON search_searchentry
    FOR EACH ROW EXECUTE FUNCTION search_entry_lexemes()
    """,
    """
    INSERT INTO search_lexeme (lexeme)
    SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_searchentry ORDER BY 1
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_lexemes ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_lexemes()",
    "DROP TABLE IF EXISTS search_lexeme",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
