"""Writing many rows at once, for the imports and appraisals of long lists (100,000 nominees, a campaign's
prisoners).

- `insert` adds new records: on PostgreSQL by COPY (the rows streamed in PostgreSQL's own format, no SQL
  statement per row), elsewhere by Django's `bulk_create`.
- `set_columns` writes the given fields of many saved records: on PostgreSQL by COPY into a temporary table
  and one UPDATE ... FROM it, elsewhere by UPDATE ... FROM (VALUES ...) per chunk (SQLite 3.33 and later).

Django's `bulk_update` builds a CASE WHEN expression per field and row (about a millisecond and a half per
row to resolve), and its `bulk_create` on PostgreSQL has each value quoted in Python by psycopg's client-side
binding: on a list of 100,000 rows these were most of the time of the import and of the appraisal.

Values are prepared by each field as `save()` would (JSON, dates, foreign keys); only quoted table and column
names are formatted into SQL, never a value."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection, models, transaction


def _prepared(field: Any, obj: models.Model) -> Any:
    return field.get_db_prep_save(getattr(obj, field.attname), connection)


# Fields whose value the driver writes as it is (text, whole numbers, yes/no, dates, a foreign key's id):
# Django's preparation of these changes nothing of a value of the right type, and costs microseconds per
# cell. Matched by exact class, so that a field that prepares its value otherwise (a subclass) is prepared.
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.BooleanField,
    models.DateField,
    models.ForeignKey,
    models.BigAutoField,
    models.AutoField,
)


def _reader(field: Any) -> Callable[[models.Model], Any]:
    if type(field) in _AS_IS:
        return attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)


def _copy_rows(cursor: Any, table: str, columns: Sequence[Any], objects: Sequence[models.Model]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    readers = [_reader(field) for field in columns]
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([read(obj) for read in readers])


def insert(
    objects: Sequence[models.Model], *, batch_size: int = 1000, ignore_conflicts: bool = False
) -> None:
    """Add `objects` (unsaved, all of one model, their primary keys left to the database) in one pass.
    Their primary keys are not read back: a caller that needs them looks the records up by what identifies
    them. Defaults are those of the model (each object as constructed), as `save()` writes them. With
    `ignore_conflicts`, a record a unique constraint already holds (written meanwhile by another import of
    the same person) is left as it is, as `bulk_create(ignore_conflicts=True)` does."""
    if not objects:
        return
    model: Any = type(objects[0])
    meta = model._meta
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size, ignore_conflicts=ignore_conflicts)
        return
    # the database numbers an automatic key; any other key (a UUID) is the object's own
    columns = [
        field
        for field in meta.concrete_fields
        if not (field.primary_key and getattr(field, "db_returning", False))
    ]
    # what save() does to a field before writing it (auto_now_add, a file's name, ...)
    presaved = [f for f in columns if type(f) not in _AS_IS or getattr(f, "auto_now_add", False)]
    presaved += [f for f in columns if getattr(f, "auto_now", False) and f not in presaved]
    for obj in objects:
        for field in presaved:
            field.pre_save(obj, add=True)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if not ignore_conflicts:
            _copy_rows(cursor, table, columns, objects)
            return
        names = ", ".join(quote(field.column) for field in columns)
        staging = quote(f"_insert_{meta.db_table}")
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {names} FROM {table} WITH NO DATA")  # noqa: S608
        _copy_rows(cursor, staging, columns, objects)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ON CONFLICT DO NOTHING"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {staging}")


def set_columns(objects: Sequence[models.Model], fields: Sequence[str], *, batch_size: int = 500) -> int:
    """Write `fields` of `objects` (all of one model, already saved) to the database; returns the rows set."""
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    columns: list[Any] = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    pk = quote(meta.pk.column)
    if connection.vendor == "postgresql":
        return _set_columns_by_copy(objects, meta, columns)
    assignments = ", ".join(
        f"{quote(field.column)} = v.column{index}" for index, field in enumerate(columns, start=2)
    )
    placeholder = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            chunk = objects[start : start + batch_size]
            params: list[Any] = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(_prepared(field, obj) for field in columns)
            values = ", ".join([placeholder] * len(chunk))
            # only quoted names are formatted in; the values are parameters
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v WHERE {table}.{pk} = v.column1"  # noqa: S608
            )
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written


def _set_columns_by_copy(objects: Sequence[models.Model], meta: Any, columns: Sequence[Any]) -> int:
    """PostgreSQL: the new values copied into a temporary table shaped like the columns, then one UPDATE."""
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    staging = quote(f"_set_{meta.db_table}")
    names = [quote(field.column) for field in columns]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} AS SELECT {pk}, {', '.join(names)} FROM {table} WITH NO DATA"  # noqa: S608
        )
        _copy_rows(cursor, staging, [meta.pk, *columns], objects)
        assignments = ", ".join(f"{name} = s.{name}" for name in names)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {staging} AS s WHERE {table}.{pk} = s.{pk}"  # noqa: S608
        )
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {staging}")
    return written


def analyse(model: type[models.Model]) -> None:
    """Refresh the planner's statistics of a table after a list of many rows was written into it (PostgreSQL
    only): until autovacuum comes by, the planner would take a fresh batch of 100,000 rows for a few
    hundred and read the whole batch again for each chunk of the appraisal."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def ids_by(model: Any, field: str, values: Collection[Any]) -> dict[Any, Any]:
    """{value: primary key} of the records whose `field` (unique) holds one of `values`: on PostgreSQL in
    one query with the values as one array parameter, elsewhere in slices the database's parameter limit
    allows."""
    if not values:
        return {}
    meta = model._meta
    column: Any = meta.get_field(field)
    if connection.vendor != "postgresql":
        found: dict[Any, Any] = {}
        listed = list(values)
        for start in range(0, len(listed), 900):
            found.update(
                model._default_manager.filter(**{f"{field}__in": listed[start : start + 900]})
                .order_by()
                .values_list(field, "pk")
            )
        return found
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column.column)}, {quote(meta.pk.column)} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(column.column)} = ANY(%s)",
            [list(values)],
        )
        return dict(cursor.fetchall())
