"""Raw SQL where the ORM has no words for it (recursive CTEs), portable over SQLite/PostgreSQL.

Write statements with ``?`` placeholders; they become ``$1, $2, ...`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tortoise.context import require_context


def _default_connection() -> Any:
    """The connection (or the running transaction) of the current tortoise context: what
    ``tortoise.connections.get("default")`` returns, without its deprecated module proxy
    and the import it runs on every call (every raw statement pays it: issue 14)."""
    return require_context().connections.get("default")


def _dialect_sql(conn: Any, sql: str) -> str:
    if conn.capabilities.dialect != "postgres":
        return sql
    parts = sql.split("?")
    out = [parts[0]]
    for number, part in enumerate(parts[1:], start=1):
        out.append(f"${number}{part}")
    return "".join(out)


async def fetch_all(sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    conn = _default_connection()
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), list(params))
    keys = _keys(rows)
    if keys is None:
        return [dict(row) for row in rows]
    return [dict(zip(keys, row, strict=True)) for row in rows]


async def fetch_tuples(sql: str, params: Sequence[Any] = ()) -> Sequence[Any]:
    """The driver's rows of ``sql`` (``?`` placeholders, numbered on PostgreSQL) as they
    come, to be read by position (``row[0]``: a ``sqlite3.Row`` or an asyncpg ``Record``),
    for read models that know their columns; on the request's connection (the
    transaction's, inside one). No access rule is applied: the caller reads only what the
    viewer may see (checked before, or in the statement's WHERE)."""
    conn = _default_connection()
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), list(params))
    return rows


async def fetch_each(sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of ``sql`` as :func:`fetch_all` gives them, made one at a time while the
    driver's row is dropped: a statement of many rows (an agency's IKI at 100,000 employees:
    41,000) then holds the driver's rows at its peak, not those and a dict copy of each."""
    conn = _default_connection()
    _, rows = await conn.execute_query(_dialect_sql(conn, sql), list(params))
    return _drained(rows if isinstance(rows, list) else list(rows))


def _keys(rows: Sequence[Any]) -> tuple[str, ...] | None:
    """The column names of ``rows``, read once for the statement, so that each row becomes a
    dict by position: ``dict(row)`` of a ``sqlite3.Row`` looks every name up by a scan of
    the names compared case-insensitively (quadratic in the columns: ~17 M instructions of
    a team view's 100 M, issue 14). None when there are no rows or a name repeats (then
    ``dict(row)``, which keeps the driver's choice among repeated columns, as before)."""
    if not rows:
        return None
    keys = tuple(rows[0].keys())
    return keys if len(set(keys)) == len(keys) else None


def _drained(rows: list[Any]) -> Iterator[dict[str, Any]]:
    keys = _keys(rows)
    for index in range(len(rows)):
        row, rows[index] = rows[index], None
        yield dict(row) if keys is None else dict(zip(keys, row, strict=True))


def int_list(ids: Sequence[int]) -> str:
    """Inline integer ids (safe: ints only) for ``IN (...)``; ``(NULL)`` when empty."""
    return "(" + ",".join(str(int(i)) for i in ids) + ")" if ids else "(NULL)"
