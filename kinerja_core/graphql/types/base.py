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

    # per row class: none, or the names to leave out of a copy of a row's __dict__ and the
    # JSON columns to read (parsed) into it
    copies: dict[type, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}

    def build(row: Any) -> Any:
        obj = new(cls)
        row_class = row.__class__
        if row_class in copies:
            copy = copies[row_class]
        else:
            copy = copies[row_class] = _copies_row(cls, row_class, names)
        if copy is not None:
            values = row.__dict__.copy()  # one C copy instead of a read per name
            left_out, parsed = copy
            for name in left_out:
                values.pop(name, None)
            for name in parsed:
                values[name] = getattr(row, name)
        else:
            values = dict(zip(names, read(row), strict=True))
        if takes_row:
            values["row"] = row
        obj.__dict__.update(values)
        return obj

    return build


def _copies_row(
    cls: type, row_class: type, names: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Whether an object of ``cls`` may take a copy of a row's ``__dict__`` for its init
    fields, which names to leave out of it and which JSON columns to read into it: the row
    is a plain read-model row (:class:`~kinerja_core.services.rows.Row`) whose every
    instance holds each of ``names`` in its ``__dict__``, or is a lazy JSON column of it
    (read, so parsed, into the copy: a realisasi's provenance); its other attributes come
    along (``employee_id``: no field of ``cls`` reads them) except those ``cls`` defines
    itself (a field or method such as ``snapshot``, which an attribute would shadow). None:
    read ``names`` one by one."""
    from kinerja_core.services.rows import row_attributes

    known = row_attributes(row_class)
    if known is None:
        return None
    present, possible = known
    lazy = {n for n in possible - present if not n.startswith("_json_")}
    if not set(names) <= present | lazy or "row" in possible:
        return None
    left_out = tuple(sorted(n for n in possible - set(names) if hasattr(cls, n)))
    return left_out, tuple(n for n in names if n in lazy)


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
    per object), else an awaitable graphql-core waits for. Same rows, same access rules.
    None for a None ``row_id``."""
    if row_id is None:
        return None  # no row named: nothing to convert
    reader = info.context.reader
    row = reader.one_now(model, row_id)
    if row is not NOT_READY:
        return convert(row)
    return _read_later(reader, model, row_id, convert)  # no closure: no cells per call


def read_children(
    info: Any,
    model: type,
    fk: str,
    parent: Any,
    convert: Callable[[list[Any]], Any],
    order_by: tuple[str, ...] = ("id",),
) -> Any:
    """``convert(await info.context.reader.children(model, fk, parent, order_by=...))`` for a
    resolver: at once when the request holds the rows and their SKP is judged
    (:meth:`Reader.children_now`, a read model primed them), else an awaitable. Same rows,
    same access rules."""
    reader = info.context.reader
    rows = reader.children_now(model, parent, fk, order_by)
    if rows is not NOT_READY:
        return convert(rows)

    async def later() -> Any:
        return convert(await reader.children(model, fk, parent, order_by=order_by))

    return later()


def selected_names(info: Any) -> set[str]:
    """Every field name selected below this field (fragments flattened), to load only those.

    Read from graphql-core's nodes of the field (``info._raw_info``: its field nodes and the
    operation's fragments), not strawberry's ``selected_fields``, which builds an object per
    node first. ``@skip``/``@include`` are not evaluated: a skipped part is read for nothing,
    never missed."""
    raw = info._raw_info
    fragments = raw.fragments
    names: set[str] = set()
    stack = [node.selection_set for node in raw.field_nodes]
    seen: set[str] = set()
    while stack:
        selection_set = stack.pop()
        if selection_set is None:
            continue
        for node in selection_set.selections:
            kind = node.kind
            if kind == "field":
                names.add(node.name.value)
                stack.append(node.selection_set)
            elif kind == "inline_fragment":
                stack.append(node.selection_set)
            elif kind == "fragment_spread":
                name = node.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    stack.append(fragment.selection_set)
    return names


async def _read_later(reader: Any, model: type, row_id: int, convert: Callable[[Any], Any]) -> Any:
    return convert(await reader.one(model, row_id))


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
