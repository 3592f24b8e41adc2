"""What every hand-written endpoint shares: the database, the token check and the reading of
the variables (:func:`endpoint`), the read rules, the JSON answer."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kinerja_core.domain.enums import PeriodKind
from kinerja_core.domain.periods import build_period

URL = os.environ.get("KINERJA_DATABASE_URL", "")
POSTGRES = URL.startswith(("postgres://", "postgresql://"))
KURVA_ROUNDING = os.environ.get("KINERJA_KURVA_ROUNDING", "floor")


class Database:
    """One aiosqlite connection (like the server's), or an asyncpg pool."""

    def __init__(self) -> None:
        self.conn: Any = None
        self.pool: Any = None

    async def open(self) -> None:
        if POSTGRES:
            import asyncpg

            self.pool = await asyncpg.create_pool(URL, min_size=1, max_size=5)
        else:
            import aiosqlite

            path = URL.split("://", 1)[1]
            self.conn = await aiosqlite.connect(path)
            self.conn.row_factory = aiosqlite.Row
            await self.conn.execute("PRAGMA journal_mode=WAL")

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        if self.conn is not None:
            await self.conn.close()

    async def rows(self, sql: str, *params: Any) -> list[Any]:
        if POSTGRES:
            parts = sql.split("?")
            sql = parts[0] + "".join(f"${i}{p}" for i, p in enumerate(parts[1:], start=1))
            async with self.pool.acquire() as conn:
                return await conn.fetch(sql, *params)
        async with self.conn.execute(sql, [_sqlite(p) for p in params]) as cursor:
            return list(await cursor.fetchall())


def _sqlite(value: Any) -> Any:
    """Parameters as tortoise stores them in SQLite (ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


db = Database()


def ids(values: Any) -> str:
    return "(" + ",".join(str(int(v)) for v in values) + ")" if values else "(NULL)"


def cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{row_id}".encode()).decode()


def answer(data: dict[str, Any], truncated: list[dict[str, Any]] | None = None) -> Response:
    """``data`` as the server writes it (same bytes), with the lists it cut (``{path, cap}``,
    its ``extensions.truncated``)."""
    body: dict[str, Any] = {"data": data}
    if truncated:
        body["extensions"] = {"truncated": truncated}
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


def unauthenticated() -> Response:
    return Response('{"error":"unauthenticated"}', status_code=401, media_type="application/json")


RUNNING = "a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?)"


async def session_of(request: Request) -> Any | None:
    """The same token check as the server: an unrevoked, unexpired session, active account."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    token = header[7:].strip()
    digest = hashlib.sha256(token.encode()).hexdigest()
    rows = await db.rows(
        "SELECT ac.id AS account_id, ac.is_central_admin, ac.admin_agency_id, e.id AS employee_id,"
        " e.nip, e.name, e.agency_id FROM session s JOIN account ac ON ac.id = s.account_id"
        " JOIN employee e ON e.id = ac.employee_id"
        " WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND ac.is_active",
        digest,
        dt.datetime.now(dt.UTC),
    )
    return rows[0] if rows else None


Handler = Callable[[Any, dict[str, Any]], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def endpoint(*, variables: bool = True) -> Callable[[Handler], Endpoint]:
    """The prelude every hand-written endpoint shares, as a decorator: the Starlette endpoint
    of ``handler(viewer, variables)`` checks the token first (401 without a live session, as
    the server answers), then reads the body's JSON (the GraphQL variables) and calls
    ``handler`` with the viewer's row and them. ``variables=False``: an operation without
    variables (``/me``, ``/team``...), whose body is not read; ``handler`` gets ``{}``."""

    def wrap(handler: Handler) -> Endpoint:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            viewer = await session_of(request)
            if viewer is None:
                return unauthenticated()
            return await handler(viewer, await request.json() if variables else {})

        return run

    return wrap


def period_label(year: int, kind: str, number: int) -> str:
    return build_period(year, PeriodKind(kind), number).label


def iso(value: Any) -> str | None:
    """A DATE / TIMESTAMPTZ as GraphQL prints it (SQLite hands back text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = (
            dt.datetime.fromisoformat(value) if len(value) > 10 else dt.date.fromisoformat(value)
        )
    return value.isoformat()


def forbidden() -> Response:
    return Response('{"error":"forbidden"}', status_code=403, media_type="application/json")


async def heads_agency(viewer: Any, agency_id: int) -> bool:
    """The viewer holds the head position of the agency's root unit today."""
    today = dt.date.today()
    found = await db.rows(
        "SELECT 1 AS x FROM assignment a JOIN position p ON p.id = a.position_id"
        " JOIN unit u ON u.id = p.unit_id WHERE a.employee_id = ? AND p.agency_id = ?"
        f" AND p.is_unit_head AND u.parent_id IS NULL AND {RUNNING}",
        viewer["employee_id"],
        agency_id,
        today,
        today,
    )
    return bool(found)


async def sees_agency(viewer: Any, agency_id: int) -> bool:
    """Central admin, the agency's admin, or its head."""
    return (
        bool(viewer["is_central_admin"])
        or viewer["admin_agency_id"] == agency_id
        or await heads_agency(viewer, agency_id)
    )


async def may_read_agency(viewer: Any, agency_id: int) -> bool:
    """An agency's own data (plugin data): its employees, head and admins, central admins."""
    return viewer["agency_id"] == agency_id or await sees_agency(viewer, agency_id)


async def superior_of(viewer: Any, employee_id: int) -> bool:
    """The viewer holds a position the employee's position reports to, at any depth."""
    today = dt.date.today()
    found = await db.rows(
        "WITH RECURSIVE above(id) AS (SELECT p.reports_to_id FROM assignment a"
        f" JOIN position p ON p.id = a.position_id WHERE a.employee_id = ? AND {RUNNING}"
        " UNION SELECT p.reports_to_id FROM position p JOIN above b ON p.id = b.id)"
        " SELECT 1 AS x FROM assignment a JOIN above b ON a.position_id = b.id"
        f" WHERE a.employee_id = ? AND {RUNNING} LIMIT 1",
        employee_id,
        today,
        today,
        viewer["employee_id"],
        today,
        today,
    )
    return bool(found)


async def may_read_employee(viewer: Any, employee_id: int, agency_id: int) -> bool:
    """The employee, whoever oversees the agency, or any superior."""
    return (
        viewer["employee_id"] == employee_id
        or await sees_agency(viewer, agency_id)
        or await superior_of(viewer, employee_id)
    )


def date_of(value: Any) -> dt.date | None:
    """A DATE column as a date (SQLite hands back text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])
