"""Fresh PostgreSQL databases for tests that start server processes on PostgreSQL.

The server is ``KINERJA_TEST_DATABASE_URL`` when it names PostgreSQL (the PostgreSQL pass of
``python -m tests.passes``; the database is named after its ``{}`` pattern, so the pass's
clean-up finds it too), else ``KINERJA_TEST_POSTGRES_URL``, else the local default
``postgres://postgres@127.0.0.1:5432``. Unreachable: the test is skipped with the reason,
except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def base_url() -> str:
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    server = os.environ.get("KINERJA_TEST_POSTGRES_URL", "").strip() or DEFAULT_SERVER
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/kt_{}", "", ""))


def _new_name(url: str, prefix: str) -> str:
    pattern = urlsplit(url).path.lstrip("/")
    unique = f"{prefix}_{uuid.uuid4().hex[:12]}"
    return pattern.replace("{}", unique) if "{}" in pattern else unique


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _maintenance_dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_maintenance_dsn(url), timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _unreachable(url: str, exc: Exception) -> None:
    message = f"PostgreSQL is not reachable at {_maintenance_dsn(url)}: {exc}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: this test must run)")
    pytest.skip(message)


@contextmanager
def fresh_database(prefix: str = "rt") -> Iterator[str]:
    """A new, empty database (its tortoise URL); dropped afterwards with what it held.

    For sync code (fixtures that start server processes); see :func:`fresh_database_async`.
    """
    url = base_url()
    try:
        asyncio.run(_admin(url, "SELECT 1"))
    except Exception as exc:
        _unreachable(url, exc)
    name = _new_name(url, prefix)
    asyncio.run(_admin(url, f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(url, name)
    finally:
        asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def fresh_database_async(prefix: str = "rt") -> AsyncIterator[str]:
    """:func:`fresh_database` for async tests."""
    url = base_url()
    try:
        await _admin(url, "SELECT 1")
    except Exception as exc:
        _unreachable(url, exc)
    name = _new_name(url, prefix)
    await _admin(url, f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(url, name)
    finally:
        await _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
