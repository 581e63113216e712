"""Rows of a long list written and read as plain tuples, without a Django model object per row: on a list of
100,000 rows, making the objects (an `__init__` per row and per person, each field's preparation) was a
third of the import and of the appraisal.

- `insert_rows` adds rows given as tuples of the named fields (the others take their model default, the
  `auto_now_add` ones the time of the insert): on PostgreSQL by COPY, elsewhere through `core.bulk.insert`.
- `update_rows` sets fields of saved rows given as (pk, *values): on PostgreSQL by COPY into a temporary table
  and one UPDATE, elsewhere through `core.bulk.set_columns`.
- `each_chunk` runs a handler on a values queryset (primary key first) chunk by chunk, each chunk in its own
  transaction with the job's checkpoint (`core.jobs.for_each_chunk`, for tuples).

Values are written as `save()` would write them (a JSON field's value dumped by its encoder); only quoted
table and column names are formatted into SQL, never a value."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from chancery.core import bulk


def _fields(model: Any, names: Sequence[str]) -> list[Any]:
    """The concrete fields named by their attribute (a foreign key by its `_id`)."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[name] for name in names]


class Dumped(str):
    """A JSON field's value already dumped to its text (by a helper process, say): written as it is."""

    __slots__ = ()


def copies() -> bool:
    """Whether `insert_rows` and `update_rows` copy to PostgreSQL (else a model field writes each value):
    then a JSON value may be handed to them already dumped (`Dumped`)."""
    return connection.vendor == "postgresql"


def _writer(field: Any) -> Callable[[Any], Any] | None:
    """How one field's value goes into COPY: a JSON field as its text (PostgreSQL parses it); None for the
    fields written as they are (text, numbers, yes/no, dates, ids: what `core.bulk` writes as is)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def as_text(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, Dumped):
                return str(value)
            return json.dumps(value, cls=encoder)

        return as_text
    if type(field) in bulk._AS_IS:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _copy(
    cursor: Any, table: str, fields: Sequence[Any], rows: Sequence[Sequence[Any]], fixed: list[Any]
) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    writers = [
        (index, write)
        for index, field in enumerate(fields[: len(fields) - len(fixed)])
        if (write := _writer(field)) is not None
    ]
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            values = [*row, *fixed]
            for index, write in writers:
                values[index] = write(values[index])
            copy.write_row(values)


def insert_rows(
    model: Any, names: Sequence[str], rows: Sequence[Sequence[Any]], *, ignore_conflicts: bool = False
) -> None:
    """Add `rows` (tuples of the fields `names`, by attribute name) to `model`'s table; every other field
    takes its default as `save()` gives it (the same for all rows). With `ignore_conflicts` a row a unique
    constraint already holds is left as it is (a person another import added meanwhile)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        bulk.insert(
            [model(**dict(zip(names, row, strict=True))) for row in rows], ignore_conflicts=ignore_conflicts
        )
        return
    meta = model._meta
    given = _fields(model, names)
    now = timezone.now()
    others = [
        field
        for field in meta.concrete_fields
        if field not in given and not (field.primary_key and getattr(field, "db_returning", False))
    ]
    fixed = [
        field.get_db_prep_save(
            now
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
            else field.get_default(),
            connection,
        )
        for field in others
    ]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = [*given, *others]
    with transaction.atomic(), connection.cursor() as cursor:
        if not ignore_conflicts:
            _copy(cursor, table, columns, rows, fixed)
            return
        names_sql = ", ".join(quote(field.column) for field in columns)
        staging = quote(f"_rows_{meta.db_table}")
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names_sql} FROM {table} WITH NO DATA")  # noqa: S608
        _copy(cursor, staging, columns, rows, fixed)
        cursor.execute(
            f"INSERT INTO {table} ({names_sql}) SELECT {names_sql} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {staging}")


def update_rows(model: Any, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Set the fields `names` of saved rows given as (pk, *values); returns the rows set."""
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        objects = [model(pk=row[0], **dict(zip(names, row[1:], strict=True))) for row in rows]
        return bulk.set_columns(objects, list(names))
    meta = model._meta
    fields = _fields(model, names)
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    staging = quote(f"_update_{meta.db_table}")
    columns = [quote(field.column) for field in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {pk}, {', '.join(columns)} FROM {table} WITH NO DATA"  # noqa: S608
        )
        _copy(cursor, staging, [meta.pk, *fields], rows, [])
        assignments = ", ".join(f"{name} = s.{name}" for name in columns)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {staging} AS s WHERE {table}.{pk} = s.{pk}")  # noqa: S608
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {staging}")
    return written


def among(queryset: Any, column: str, values: Collection[Any]) -> Any:
    """`queryset` filtered to the rows whose `column` (of its model's own table) holds one of `values`: on
    PostgreSQL with the values as one array parameter (`= ANY(%s)`: psycopg quotes no list of thousands of
    placeholders in Python, as `__in` has it do for each chunk), elsewhere by `__in`."""
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{column}__in": list(values)})
    quote = connection.ops.quote_name
    field = queryset.model._meta.get_field(column)
    where = f"{quote(queryset.model._meta.db_table)}.{quote(field.column)} = ANY(%s)"
    return queryset.extra(where=[where], params=[list(values)])  # noqa: S610 (quoted names, a parameter)


def each_chunk(
    queryset: Any, handle: Callable[[list[tuple[Any, ...]]], None], ctx: Any = None, *, size: int = 2000
) -> int:
    """`core.jobs.for_each_chunk` for a values queryset whose first column is the primary key: `handle` on
    each chunk of tuples in primary-key order, each chunk in its own transaction with its checkpoint; a
    retried job starts after the last chunk that committed. Returns the number of rows handled."""
    after = int(ctx.cursor) if ctx is not None and ctx.cursor else 0
    if ctx is not None:
        ctx.set_total(ctx.job.done + queryset.filter(pk__gt=after).count())
    handled = 0
    while chunk := list(queryset.filter(pk__gt=after).order_by("pk")[:size]):
        with transaction.atomic():
            handle(chunk)
            after = chunk[-1][0]
            if ctx is not None:
                ctx.checkpoint(str(after), done=len(chunk))
        handled += len(chunk)
    return handled
