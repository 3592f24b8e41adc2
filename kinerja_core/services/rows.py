"""Plain rows for read models: the columns of a model straight from SQL, no ORM objects.

List views (the team view) read a page of a few hundred rows; building each as a tortoise
model (every column through its field's ``to_python_value``, dates through iso8601, JSON
parsed) cost more than the SQL itself (issue 14). A :class:`Row` carries the same attributes
a model instance would (``plan.status``, ``plan.employee_id``, ``plan.snapshot``) with
values of the same Python types, converted with the standard library's C parsers, and JSON
columns parsed only when read. GraphQL types built with ``from_model`` take either.

``Row.__model__`` names the model, so the reader judges a plain plan row as it would the
model (:meth:`kinerja_core.services.reader.Reader._note`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from tortoise import fields
from tortoise.fields.data import CharEnumFieldInstance, IntEnumFieldInstance

from kinerja_core.sql import fetch_tuples


class Row:
    """One row of ``__model__`` as plain attributes (JSON columns parsed on first read)."""

    __model__: type = object

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only for names not set: the lazy JSON columns
        raw_name = f"_json_{name}"
        if raw_name in self.__dict__:
            raw = self.__dict__.pop(raw_name)
            value = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
            self.__dict__[name] = value
            return value
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"<{self.__model__.__name__} row {self.__dict__.get('id')}>"


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _datetime(value: Any) -> Any:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _decimal(places: Decimal) -> Callable[[Any], Any]:
    """A DECIMAL column as the ORM gives it: quantized to the field's places (SQLite keeps the
    text the value was written as, PostgreSQL the column's scale)."""

    def convert(value: Any) -> Any:
        return Decimal(value).quantize(places)

    return convert


class _JSONColumn:
    """A JSON column of a row class, parsed on first read: the raw text sits in the row's
    ``__dict__`` as ``_json_<name>`` and the value replaces it there (a non-data descriptor,
    so the instance's value is found first from then on). Reading it is a method call, not
    the failed look-up, exception and ``__getattr__`` of :class:`Row` (issue 14: each of an
    SKP detail's 78 realisasi reads its provenance)."""

    __slots__ = ("name", "raw_name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.raw_name = f"_json_{name}"

    def __get__(self, row: Any, owner: type | None = None) -> Any:
        if row is None:
            return self
        values = row.__dict__
        if self.raw_name not in values:
            raise AttributeError(self.name)
        raw = values.pop(self.raw_name)
        value = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        values[self.name] = value
        return value


@cache
def _plan(model: type) -> tuple[type, list[tuple[str, str, Callable[[Any], Any] | None]]]:
    """The row class and (attribute, column, converter) of every column of ``model``."""
    fields_map = model._meta.fields_map
    lazy = {
        name: _JSONColumn(name)
        for name in model._meta.fields_db_projection
        if isinstance(fields_map[name], fields.JSONField)
    }
    row_class = type(f"{model.__name__}Row", (Row,), {"__model__": model, "__slots__": (), **lazy})
    out: list[tuple[str, str, Callable[[Any], Any] | None]] = []
    for name, column in model._meta.fields_db_projection.items():
        field = fields_map[name]
        convert: Callable[[Any], Any] | None = None
        attr = name
        if isinstance(field, (CharEnumFieldInstance, IntEnumFieldInstance)):
            convert = field.enum_type  # called for values that are not None only
        elif isinstance(field, fields.DatetimeField):
            convert = _datetime
        elif isinstance(field, fields.DateField):
            convert = _date
        elif isinstance(field, fields.BooleanField):
            convert = _bool
        elif isinstance(field, fields.DecimalField):
            convert = _decimal(field.quant)
        elif isinstance(field, fields.JSONField):
            attr = f"_json_{name}"
        out.append((attr, column, convert))
    return row_class, out


@cache
def columns(model: type, alias: str, prefix: str = "") -> str:
    """``alias.col AS prefixcol, ...`` for every column of ``model`` (a SELECT list; built
    once per model, alias and prefix)."""
    _, plan = _plan(model)
    return ", ".join(f'{alias}."{column}" AS "{prefix}{column}"' for _, column, _ in plan)


def to_row(model: type, values: dict[str, Any], prefix: str = "") -> Row:
    """A :class:`Row` of ``model`` from a result row selected with :func:`columns`."""
    return _maker(model, prefix)(values)


def maker_at(model: type, offset: int = 0) -> Callable[[Sequence[Any]], Row]:
    """:func:`to_row` for a driver's row read by position: ``model``'s :func:`columns` start
    at column ``offset`` (no dict per row, no lookup by name: issue 14)."""
    return _maker(model, offset)


def column_count(model: type) -> int:
    """How many columns :func:`columns` selects for ``model``."""
    return len(_plan(model)[1])


def row_attributes(row_class: type) -> tuple[frozenset[str], frozenset[str]] | None:
    """The attributes every instance of a row class made here holds in its ``__dict__``
    from the start (the lazy JSON columns excluded), and every name its ``__dict__`` may
    hold (those, the raw JSON columns and the parsed ones); None for any other class."""
    model = getattr(row_class, "__model__", None)
    if model is None or not issubclass(row_class, Row) or _plan(model)[0] is not row_class:
        return None
    attrs = [attr for attr, _, _ in _plan(model)[1]]
    lazy = [a for a in attrs if a.startswith("_json_")]
    present = frozenset(a for a in attrs if a not in lazy)
    return present, present | frozenset(lazy) | {a.removeprefix("_json_") for a in lazy}


def column_index(model: type, column: str) -> int:
    """Where ``column`` is among :func:`columns` of ``model``."""
    return [c for _, c, _ in _plan(model)[1]].index(column)


@cache
def _maker(model: type, key: str | int) -> Callable[[Any], Row]:
    """:func:`to_row` for one model and prefix (a dict row) or offset (a row read by
    position) as one generated function: a dict display of the columns with each conversion
    inline, no loop over the plan (issue 14: ~460 rows and ~1,100 date-times a team page)."""
    row_class, plan = _plan(model)
    scope: dict[str, Any] = {"row_class": row_class, "new": object.__new__}
    items = []
    for index, (attr, column, convert) in enumerate(plan):
        key_of = repr(key + column) if isinstance(key, str) else str(key + index)
        if convert is None:
            items.append(f"{attr!r}: values[{key_of}]")
        elif convert is _datetime or convert is _date:
            parse = f"parse{index}"
            scope[parse] = (
                dt.datetime.fromisoformat if convert is _datetime else dt.date.fromisoformat
            )
            items.append(f"{attr!r}: {parse}(v) if (v := values[{key_of}]).__class__ is str else v")
        elif isinstance(convert, type) and issubclass(convert, Enum):
            # the member by value without the enum's __call__ (the call for anything else)
            scope[f"members{index}"] = convert._value2member_map_
            scope[f"convert{index}"] = convert
            items.append(
                f"{attr!r}: None if (v := values[{key_of}]) is None else"
                f" m if (m := members{index}.get(v)) is not None else convert{index}(v)"
            )
        else:
            scope[f"convert{index}"] = convert
            items.append(
                f"{attr!r}: None if (v := values[{key_of}]) is None else convert{index}(v)"
            )
    # the instance's __dict__ set at once: what Row.__init__ does, without its frame
    source = (
        "def make(values):\n    row = new(row_class)\n"
        "    row.__dict__ = {" + ", ".join(items) + "}\n    return row\n"
    )
    exec(compile(source, f"<row maker {model.__name__}>", "exec"), scope)  # noqa: S102
    return scope["make"]


async def fetch_rows(model: type, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Rows of ``model`` from ``sql``, which selects :func:`columns` ``(model, ...)`` first
    (read by position)."""
    make = _maker(model, 0)
    return [make(values) for values in await fetch_tuples(sql, params)]
