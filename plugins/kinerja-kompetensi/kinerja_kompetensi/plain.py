"""Plain rows for the plugin's read views, straight from SQL: no ORM objects, no pypika.

The effect view and the training-needs report read hundreds of rows (records, needs,
evaluations, realisasi). Through the ORM each became a model (every column through its
field, dates through iso8601) and each statement was built by pypika, parameter by
parameter: three to four times the hand-written SQL (issue 14). A view here names the
columns it shows, reads them in a few joined statements, and gets rows with the models'
attribute names and Python values (enums as their text, which the GraphQL enums and
``str()`` take; dates with the standard library's parsers; decimals through the model's
field, as the ORM gives them). Access is the caller's: these read what they are asked.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from kinerja_core.api import fetch_tuples
from tortoise import fields


async def select(sql: str, params: Sequence[Any]) -> Sequence[Any]:
    """The driver's rows of ``sql`` (``?`` placeholders), read by position: the core's
    ``fetch_tuples``, on the connection of the request (the transaction's, inside one)."""
    return await fetch_tuples(sql, params)


def marks(values: Sequence[Any]) -> str:
    """``(?, ?, ...)`` for an IN list; ``(NULL)`` (matches nothing) when empty."""
    return "(" + ", ".join("?" for _ in values) + ")" if values else "(NULL)"


def table(model: type) -> str:
    """The model's table, quoted."""
    return f'"{model._meta.db_table}"'


def as_date(value: Any) -> Any:
    """A date column's value as a date (SQLite gives ISO text, PostgreSQL a date)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def as_datetime(value: Any) -> Any:
    """A timestamp column's value as a datetime (SQLite gives ISO text, PostgreSQL a datetime)."""
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """How a column's value becomes the model attribute's (None: as the driver gives it)."""
    if isinstance(field, fields.DatetimeField):
        return as_datetime
    if isinstance(field, fields.DateField):
        return as_date
    if isinstance(field, (fields.DecimalField, fields.BooleanField)):
        return field.to_python_value
    return None


class Shape:
    """Plain rows of some columns of a model: ``columns(alias)`` for the SELECT list, and
    ``row(values)`` a named tuple of the values in that order (``row._fields``: the names)."""

    def __init__(self, model: type, names: Sequence[str]) -> None:
        meta = model._meta
        self.names = tuple(names)
        self.type = namedtuple(f"{model.__name__}Row", self.names)  # type: ignore[misc]
        self._db_columns = [meta.fields_db_projection[n] for n in self.names]
        self._convert = [
            (i, c) for i, n in enumerate(self.names) if (c := _converter(meta.fields_map[n]))
        ]

    def columns(self, alias: str) -> str:
        return ", ".join(f'{alias}."{c}"' for c in self._db_columns)

    def row(self, values: Sequence[Any]) -> Any:
        """The named tuple of the first ``len(names)`` of ``values``, converted."""
        values = list(values[: len(self.names)])
        for i, convert in self._convert:
            if values[i] is not None:
                values[i] = convert(values[i])
        return self.type._make(values)


@cache
def shape(model: type, names: tuple[str, ...]) -> Shape:
    """The :class:`Shape` of ``names`` of ``model``, made once."""
    return Shape(model, names)
