"""Plain-row reads for plugins: one statement, the reader's access rule, at hand for fields.

A plugin's read use case (a report list, a coverage table) reads hundreds of rows. Through the
ORM each becomes a model instance (every column through its field, dates through iso8601),
and each GraphQL edge below it (a report's puskesmas, its lines) awaits a DataLoader: a
coroutine, a future and a task per object. For a list of 300 reports that costs several times
the hand-written SQL (issue 14). Two reads replace that:

- :func:`read_rows` ``(ctx, Model, order_by=..., **filters)``: the rows of one of the plugin's
  tables in one statement, as plain rows (:class:`kinerja_core.services.rows.Row`: the model's
  attributes with the same Python values, no ORM object), kept to those the viewer may read by
  the reader's rule for the model (``register_agency_data``), and kept at hand for the
  request's reader by id;
- :func:`read_child_rows` ``(ctx, Model, fk, parents, order_by=...)``: the rows under each of
  ``parents`` (a report's lines) in one statement, kept to those of readable parents, and
  kept at hand for the request's reader by parent.

A resolver then reads what is at hand without waiting (``resolve_one`` /
``resolve_children`` of :mod:`kinerja_core.graphql.types.base`, in a resolver marked
``@reads_context``): the field is completed in the fast loop of
:mod:`kinerja_core.graphql.execution`. Anything not read beforehand is still
loaded by the same resolver, batched, with the same rule: reading ahead changes the cost,
never the answer.

The same statement runs once per request (two fields of one query asking the same rows
share it). Filters are the ORM's words for the common cases: ``name=value``, ``name__in=[...]``,
``name__gte``, ``name__lte``, ``name__gt``, ``name__lt``, ``name__not``, ``name__isnull``;
``order_by`` names fields, ``-name`` for descending. Values are converted by the model's
fields, as a tortoise filter would (dates, enums).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from tortoise import fields

from kinerja_core.services.reader import AGENCY_DATA, Reader, model_of, reader_for
from kinerja_core.services.rows import Row, columns, to_row
from kinerja_core.sql import fetch_all

_INTEGER_FIELDS = (fields.IntField, fields.BigIntField, fields.SmallIntField)
_OPERATORS = {
    "": "=",
    "gte": ">=",
    "lte": "<=",
    "gt": ">",
    "lt": "<",
    "not": "<>",
}


@cache
def _table(model: type) -> tuple[str, str, dict[str, str]]:
    """The model's table, its SELECT list (alias ``t``) and field name -> column."""
    meta = model._meta
    return f'"{meta.db_table}"', columns(model, "t"), dict(meta.fields_db_projection)


def _column(model: type, name: str) -> str:
    column = _table(model)[2].get(name)
    if column is None:
        raise ValueError(f"{model.__name__} has no column {name!r}")
    return f't."{column}"'


def _db_value(model: type, name: str, value: Any) -> Any:
    field = model._meta.fields_map[name]
    if value.__class__ is int and field.__class__ in _INTEGER_FIELDS:
        return value  # what to_db_value returns, without the call (ids by the hundred)
    return field.to_db_value(value, model)


def _where(model: type, filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for key, value in filters.items():
        name, _, operator = key.partition("__")
        column = _column(model, name)
        if operator == "in":
            values = [_db_value(model, name, v) for v in value]
            if not values:
                parts.append("1 = 0")  # nothing is in an empty list
                continue
            parts.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
        elif operator == "isnull":
            parts.append(f"{column} IS {'' if value else 'NOT '}NULL")
        elif operator in _OPERATORS:
            if value is None:
                raise ValueError(f"{key}=None: use {name}__isnull=True")
            parts.append(f"{column} {_OPERATORS[operator]} ?")
            params.append(_db_value(model, name, value))
        else:
            raise ValueError(f"unknown filter {key!r}")
    return parts, params


def _order(model: type, order_by: Iterable[str]) -> str:
    terms = []
    for name in order_by:
        descending = name.startswith("-")
        terms.append(_column(model, name.lstrip("-")) + (" DESC" if descending else ""))
    return ", ".join(terms)


async def _select(
    reader: Reader,
    model: type,
    filters: dict[str, Any],
    order_by: Sequence[str],
    prefix: Sequence[str] = (),
) -> list[Row]:
    """The rows of the statement, read once per request: two fields asking the same rows (a
    coverage table and the report list of the same year) share one statement, also when they
    ask at the same time (the first one's pending read is awaited)."""
    table, select, _ = _table(model)
    parts, params = _where(model, filters)
    sql = f"SELECT {select} FROM {table} t"
    if parts:
        sql += " WHERE " + " AND ".join(parts)
    order = _order(model, [*prefix, *order_by])
    if order:
        sql += f" ORDER BY {order}"
    key = (sql, tuple(params))
    pending = reader.statements.get(key)
    if pending is None:
        pending = reader.statements[key] = asyncio.ensure_future(_fetch(model, sql, params))
    return await asyncio.shield(pending)


async def _fetch(model: type, sql: str, params: list[Any]) -> list[Row]:
    return [to_row(model, values) for values in await fetch_all(sql, params)]


async def read_rows(
    ctx: Any, model: type, *, order_by: Sequence[str] = ("id",), **filters: Any
) -> list[Row]:
    """The rows of ``model`` matching ``filters`` that the viewer may read, in ``order_by``
    order, as plain rows, in one statement; each is then at hand for the request's
    ``reader.one(model, id)`` (and ``resolve_one`` in a resolver) without a statement.

    ``ctx`` is a service context, a GraphQL context or an ``Info``. ``model`` must have a rule
    of the reader (``register_agency_data``); rows read only under a parent
    (``register_agency_rows``) come through :func:`read_child_rows`. The rule is applied to
    every row, so a filter that reaches too far returns less, never more. The same read
    answers the same rows for the rest of the request: after a write in the same request,
    read the written rows through the ORM. Plain rows are for reading, never for ``save()``.
    """
    reader = _reader(ctx)
    rows = await reader.keep(model, await _select(reader, model, filters, order_by))
    reader.hold(model, rows)
    return rows


async def read_child_rows(
    ctx: Any,
    model: type,
    fk: str,
    parents: Sequence[Any],
    *,
    order_by: Sequence[str] = ("id",),
) -> dict[int, list[Row]]:
    """``{parent id: [rows of model whose fk is the parent]}`` for the readable ``parents``
    (rows, e.g. from :func:`read_rows`), in ``order_by`` order, in one statement; each list is
    then at hand for ``reader.children(model, fk, parent, order_by=...)`` (and
    ``resolve_children`` in a resolver). A parent that is not readable gets nothing."""
    reader = _reader(ctx)
    if not parents:
        return {}
    kept = await reader.keep(model_of(parents[0]), list(parents))
    found: dict[int, list[Row]] = {p.id: [] for p in kept}
    if found:
        rows = await _select(reader, model, {f"{fk}__in": list(found)}, order_by, prefix=(fk,))
        if model not in AGENCY_DATA or AGENCY_DATA[model] is not None:
            # rows with a rule of their own (not only their parent's): that rule too
            rows = await reader.keep(model, rows)
        for row in rows:
            found[getattr(row, fk)].append(row)
    reader.hold_children(model, fk, tuple(order_by), found)
    return found


def _reader(ctx: Any) -> Reader:
    """The request's reader from an ``Info``, a GraphQL context or a service context (the
    GraphQL context hands its reader to the service context when it is made)."""
    context = getattr(ctx, "context", ctx)  # strawberry Info -> the GraphQL context
    return reader_for(getattr(context, "service", context))
