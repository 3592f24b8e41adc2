"""Building GraphQL objects from rows: every plain field is copied by name, ``row`` is kept."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from kinerja_core.services.loaders import NOT_READY

T = TypeVar("T")


@functools.cache
def _init_names(cls: type) -> tuple[bool, tuple[str, ...]]:
    """Whether a GraphQL type takes ``row``, and its other init fields (once per type)."""
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    return "row" in names, tuple(n for n in names if n != "row")


def from_model(cls: type[T], row: Any, **extra: Any) -> T:
    """Instantiate ``cls`` from ``row``: its init fields read the attribute of the same name."""
    takes_row, names = _init_names(cls)
    values: dict[str, Any] = {"row": extra.get("row", row)} if takes_row else {}
    for name in names:
        values[name] = extra[name] if name in extra else getattr(row, name)
    return cls(**values)


def converter(cls: type[T]):
    """A one-argument function turning a row into ``cls`` (for pagination helpers)."""
    return lambda row: from_model(cls, row)


def read_one(info: Any, model: type, row_id: int | None, convert: Callable[[Any], Any]) -> Any:
    """``convert(await info.context.reader.one(model, row_id))`` for a resolver: at once when
    the request already holds the row (:meth:`Reader.one_now`: no coroutine, future or task
    per object), else an awaitable graphql-core waits for. Same rows, same access rules."""
    reader = info.context.reader
    row = reader.one_now(model, row_id)
    if row is not NOT_READY:
        return convert(row)

    async def later() -> Any:
        return convert(await reader.one(model, row_id))

    return later()
