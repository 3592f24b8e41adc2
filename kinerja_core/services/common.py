"""Small helpers every use case needs: fetch-or-NotFound, version checks, text limits."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.models import Model

from kinerja_core.errors import Conflict, NotFound, ValidationFailed
from kinerja_core.services.inputs import check_text, parse_id
from kinerja_core.services.rows import columns, fetch_rows

M = TypeVar("M", bound=Model)


async def get_or_404(
    model: type[M], id: Any, field: str, *, for_update: bool = False, related: tuple = ()
) -> M:
    """The row with ``id`` or a NotFound naming the input ``field``.

    An id that cannot be one (not a whole number in 1..2^31-1) is a ValidationError on
    ``field``, before any SQL runs.
    """
    key = parse_id(id, field)
    query = model.filter(id=key)
    if related:
        query = query.select_related(*related)
    if for_update:
        query = query.select_for_update()
    row = await query.first()
    if row is None:
        raise NotFound("not_found", field=field, entity=model.__name__, id=id)
    return row


async def row_or_404(model: type[Model], id: Any, field: str) -> Any:
    """:func:`get_or_404` as a plain row (:mod:`kinerja_core.services.rows`), for reads: the
    same errors, one statement without the ORM's query building and model objects."""
    key = parse_id(id, field)
    rows = await fetch_rows(
        model,
        f'SELECT {columns(model, "t")} FROM "{model._meta.db_table}" t WHERE t."id" = ?',
        [key],
    )
    if not rows:
        raise NotFound("not_found", field=field, entity=model.__name__, id=id)
    return rows[0]


async def lock_row(model: type[Model], id: Any) -> None:
    """Serialise the writers that hang off one row until the transaction ends.

    For a "look, then create" that no unique index guards (e.g. a unique key over a nullable
    column, where two NULLs differ): PostgreSQL holds ``SELECT ... FOR UPDATE`` until commit,
    so a concurrent writer waits and then sees the row the first one created. SQLite runs one
    write transaction at a time anyway (tortoise ignores FOR UPDATE there).
    """
    await model.filter(id=id).select_for_update().only("id").first()


def check_version(row: Model, expected: int | None) -> None:
    """Optimistic locking: refuse a write based on a stale read."""
    if expected is not None and expected != row.version:
        raise Conflict("conflict.version", field="version", current=row.version)


async def bump(row: Model, *fields: str) -> None:
    """Save ``fields`` and increment the version only if nobody else did in between."""
    old = row.version
    row.version = old + 1
    values = {name: getattr(row, name) for name in fields}
    values = {
        (row._meta.fields_map[k].source_field or k) if k in row._meta.fk_fields else k: v
        for k, v in values.items()
    }
    updated = await type(row).filter(id=row.id, version=old).update(version=old + 1, **values)
    if not updated:
        fresh = await type(row).get(id=row.id)
        raise Conflict("conflict.version", field="version", current=fresh.version)


def clean_text(
    value: str | None, field: str, *, required: bool = False, max_len: int = 5000
) -> str:
    """Text as typed, stripped; a ValidationError naming ``field`` when it is required and
    empty, too long, or holds control characters."""
    text = check_text((value or "").strip(), field)
    if required and not text:
        raise ValidationFailed("required", field=field)
    if len(text) > max_len:
        raise ValidationFailed("too_long", field=field, max=max_len)
    return text
