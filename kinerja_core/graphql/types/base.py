"""Building GraphQL objects from rows: every plain field is copied by name, ``row`` is kept."""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar

from kinerja_core.services.loaders import NOT_READY

T = TypeVar("T")


@functools.cache
def _init_names(cls: type) -> tuple[bool, tuple[str, ...]]:
    """Whether a GraphQL type takes ``row``, and its other init fields (once per type)."""
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    return "row" in names, tuple(n for n in names if n != "row")


@functools.cache
def _plain_init(cls: type) -> bool:
    """Whether ``cls(**values)`` only stores ``values`` as attributes (the dataclass init of a
    strawberry type: no ``__post_init__``, no defaults of fields left out of init, no slots),
    so that an object can be built by filling its ``__dict__`` (issue 14: ~500 a team page)."""
    if hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:
        return False
    for f in dataclasses.fields(cls):
        if not f.init and (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        ):
            return False
    return True


@functools.cache
def _builder(cls: type) -> Callable[[Any], Any] | None:
    """A function building ``cls`` from a row without its ``__init__``, or none when the
    init does more than store its arguments (see :func:`_plain_init`)."""
    if not _plain_init(cls):
        return None
    takes_row, names = _init_names(cls)
    new = object.__new__
    if not names:
        read: Callable[[Any], tuple[Any, ...]] = lambda row: ()  # noqa: E731
    elif len(names) == 1:
        single = operator.attrgetter(names[0])
        read = lambda row: (single(row),)  # noqa: E731
    else:
        read = operator.attrgetter(*names)

    def build(row: Any) -> Any:
        obj = new(cls)
        values = dict(zip(names, read(row), strict=True))
        if takes_row:
            values["row"] = row
        obj.__dict__.update(values)
        return obj

    return build


def from_model(cls: type[T], row: Any, **extra: Any) -> T:
    """Instantiate ``cls`` from ``row``: its init fields read the attribute of the same name."""
    if not extra:
        build = _builder(cls)
        if build is not None:
            return build(row)
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


def resolve_one(info: Any, model: type, row_id: int | None, convert: Callable[[Any], Any]) -> Any:
    """For a plugin's ``@reads_context`` resolver: ``convert(row)`` of the row ``row_id`` of
    ``model`` if the viewer may read it, else None (``row_id`` None: None). At once when the
    request holds the row (read with ``read_rows`` or loaded before): the fast path completes
    the field with no coroutine; else an awaitable of the same batched, checked read."""
    reader = info.context.reader
    row = reader.one_now(model, row_id)
    if row is not NOT_READY:
        if row is None:
            return None
        # one GraphQL object per row and request (a kelurahan under each of 300 lines)
        key = (convert, model, row_id)
        made = reader.converted.get(key)
        if made is None:
            made = reader.converted[key] = convert(row)
        return made

    async def later() -> Any:
        found = await reader.one(model, row_id)
        return None if found is None else convert(found)

    return later()


def resolve_children(
    info: Any,
    model: type,
    fk: str,
    parent: Any,
    convert: Callable[[Any], Any],
    *,
    order_by: tuple[str, ...] = ("id",),
) -> Any:
    """For a plugin's ``@reads_context`` resolver: ``[convert(row), ...]`` of the readable
    rows of ``model`` whose ``fk`` is the row ``parent``, in ``order_by`` order. At once when
    the request holds them (``read_child_rows``); else an awaitable of
    ``reader.children(model, fk, parent, order_by=order_by)``."""
    reader = info.context.reader
    rows = reader.agency_children_now(model, fk, parent, order_by)
    if rows is not NOT_READY:
        return [convert(r) for r in rows]

    async def later() -> Any:
        return [convert(r) for r in await reader.children(model, fk, parent, order_by=order_by)]

    return later()
