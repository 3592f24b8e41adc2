"""Writing many rows of one model at once, the fastest way each database offers.

PostgreSQL: ``COPY ... FROM STDIN`` (asyncpg's ``copy_records_to_table``) on the connection of
the running transaction: one round trip per batch, no statement per row. SQLite: tortoise's
``bulk_create`` (one ``executemany``). The values are the ones tortoise itself would send:
each field's ``to_db_value`` (enums to their value, JSON to text, auto-now timestamps filled).
"""

from __future__ import annotations

import copy
import operator
from typing import Any

from tortoise import connections, fields
from tortoise.models import Model

# Fields whose Python value is already what asyncpg sends (ints, strings, booleans): their
# ``to_db_value`` only re-checks the type and length, which the column does too.
_AS_IS = (
    fields.IntField,
    fields.BigIntField,
    fields.SmallIntField,
    fields.CharField,
    fields.TextField,
    fields.BooleanField,
)


def _as_is(value: Any, row: Model) -> Any:
    return value


def _converter(field: Any) -> Any:
    if type(field) in _AS_IS:
        return _as_is
    if type(field) is fields.DatetimeField and not (field.auto_now or field.auto_now_add):
        return _as_is  # the demo's moments are aware datetimes already
    return field.to_db_value


def _columns(model: type[Model]) -> tuple[list[str], list[Any]]:
    """The model's stored columns and the field writing each (ids included: the demo sets them)."""
    meta = model._meta
    names = list(meta.fields_db_projection)
    return [meta.fields_db_projection[n] for n in names], [meta.fields_map[n] for n in names]


_COLUMNS: dict[type[Model], tuple[list[str], list[Any]]] = {}


def db_records(model: type[Model], rows: list[Model]) -> tuple[list[str], list[tuple]]:
    """The column names and one tuple of database values per row; without the id column when
    the rows have none (the database numbers them, e.g. audit entries)."""
    if model not in _COLUMNS:
        _COLUMNS[model] = _columns(model)
    columns, writers = _COLUMNS[model]
    if rows[0].pk is None:
        pk = model._meta.pk_attr
        kept = [i for i, f in enumerate(writers) if f.model_field_name != pk]
        columns, writers = [columns[i] for i in kept], [writers[i] for i in kept]
    read = operator.attrgetter(*(f.model_field_name for f in writers))
    converting = [(i, c) for i, f in enumerate(writers) if (c := _converter(f)) is not _as_is]
    if len(writers) == 1:
        read = _one(read)
    records: list[tuple] = []
    for row in rows:
        values = read(row)
        if converting:
            values = list(values)
            for i, convert in converting:
                values[i] = convert(values[i], row)
        records.append(tuple(values))
    return columns, records


def _one(read: Any) -> Any:
    return lambda row: (read(row),)


async def insert_rows(model: type[Model], rows: list[Model]) -> None:
    """Insert ``rows`` (their ids set) of ``model`` in the current transaction."""
    if not rows:
        return
    conn = connections.get("default")
    if conn.capabilities.dialect != "postgres":
        await model.bulk_create(rows)
        return
    columns, records = db_records(model, rows)
    async with conn.acquire_connection() as raw:
        await raw.copy_records_to_table(model._meta.db_table, records=records, columns=columns)


_IMMUTABLE = (int, float, str, bool, bytes, type(None))
_DEFAULTS: dict[type[Model], tuple[dict[str, Any], list[tuple[str, Any]]]] = {}


def _defaults(model: type[Model]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The stored fields' defaults: the plain values, and the callables / mutable values that
    each row needs its own of."""
    if model not in _DEFAULTS:
        meta = model._meta
        plain: dict[str, Any] = {}
        per_row: list[tuple[str, Any]] = []
        for name in meta.fields_db_projection:
            field = meta.fields_map[name]
            default = field.default
            if callable(default) or not isinstance(default, _IMMUTABLE):
                per_row.append((name, default))
            else:
                plain[name] = default
        _DEFAULTS[model] = plain, per_row
    return _DEFAULTS[model]


def light_row(model: type[Model], **values: Any) -> Model:
    """A row of ``model`` only to be written by :func:`insert_rows`, built without tortoise's
    per-attribute checks (``Model.__init__`` costs more than writing the row): ``values`` by
    stored field name (``work_result_id``, not ``work_result``), the rest their defaults.
    Relations are not loaded on it; use a normal instance for anything but writing."""
    plain, per_row = _defaults(model)
    row = model.__new__(model)
    state = row.__dict__
    state.update(plain)
    for name, default in per_row:
        if name not in values:
            state[name] = default() if callable(default) else copy.deepcopy(default)
    state.update(values)
    state.update(_partial=False, _saved_in_db=False, _custom_generated_pk=True)
    state["_await_when_save"] = {}
    return row
