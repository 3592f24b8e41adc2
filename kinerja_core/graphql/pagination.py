"""Cursor connections with a capped page size, over a queryset or an in-memory list.

Cursors are opaque (base64 of the row id for keyset paging over querysets, of the position
for lists). ``first`` defaults to the configured page size and may not exceed the cap.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info
from tortoise.queryset import QuerySet

from kinerja_core.errors import ValidationFailed

T = TypeVar("T")


@strawberry.type(description="Where a page stands in the list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="One item of a page with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list.")
class Connection(Generic[T]):
    """A page of a list (``edges``, ``pageInfo``, ``totalCount``); build it with
    :func:`paginate_query` or :func:`paginate_list`."""

    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Whether and how to get the next page.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")

    @strawberry.field(description="The items of this page without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(kind: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        prefix, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix != kind:
            raise ValueError(prefix)
        number = int(value)
        if not 0 <= number <= 2**31 - 1:  # offsets and ids: PostgreSQL INTEGER range
            raise ValueError(value)
        return number
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("page.cursor", field="after") from None


def page_size(info: Info, first: int | None) -> int:
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if size < 1 or size > settings.max_page_size:
        raise ValidationFailed("page.size", field="first", max=settings.max_page_size)
    return size


async def paginate_query(
    info: Info,
    query: QuerySet,
    convert: Any,
    first: int | None,
    after: str | None,
    *,
    descending: bool = False,
) -> Connection:
    """Keyset paging by id (ascending, or newest first with ``descending``): one statement
    for the page, one for the total."""
    size = page_size(info, first)
    after_id = decode_cursor("id", after)
    page_query = query.order_by("-id" if descending else "id")
    if after_id is not None:
        page_query = page_query.filter(**{"id__lt" if descending else "id__gt": after_id})
    rows = await page_query.limit(size + 1)
    total = await query.count()
    edges = [Edge(cursor=encode_cursor("id", r.id), node=convert(r)) for r in rows[:size]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=total,
    )


def paginate_list(
    info: Info, items: Sequence[Any], convert: Any, first: int | None, after: str | None
) -> Connection:
    """Page an already loaded list (children fetched by a DataLoader)."""
    size = page_size(info, first)
    start = decode_cursor("pos", after)
    start = 0 if start is None else start + 1
    chunk = items[start : start + size]
    edges = [
        Edge(cursor=encode_cursor("pos", start + i), node=convert(item))
        for i, item in enumerate(chunk)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + size < len(items),
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(items),
    )
