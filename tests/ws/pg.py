"""Fresh PostgreSQL databases for tests that start server processes on PostgreSQL.

The server is ``KINERJA_TEST_DATABASE_URL`` when it names PostgreSQL (the PostgreSQL pass of
``python -m tests.passes``; the database is named after its ``{}`` pattern, so the pass's
clean-up finds it too), else ``KINERJA_TEST_POSTGRES_URL``, else the local default
``postgres://postgres@127.0.0.1:5432``. Unreachable: the test is skipped with the reason,
except under CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.passes import DEFAULT_SERVER, create_database, drop_database, unreachable


def base_url() -> str:
    url = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    server = os.environ.get("KINERJA_TEST_POSTGRES_URL", "").strip() or DEFAULT_SERVER
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/kt_{}", "", ""))


def _new_url(url: str, prefix: str) -> str:
    parts = urlsplit(url)
    pattern = parts.path.lstrip("/")
    unique = f"{prefix}_{uuid.uuid4().hex[:12]}"
    name = pattern.replace("{}", unique) if "{}" in pattern else unique
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _require_server(url: str) -> None:
    reason = unreachable(url)
    if reason is None:
        return
    message = f"PostgreSQL is not reachable at {urlsplit(url).netloc}: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: this test must run)")
    pytest.skip(message)


@contextmanager
def fresh_database(prefix: str = "rt") -> Iterator[str]:
    """A new, empty database (its tortoise URL); dropped afterwards with what it held.

    Usable from sync and async code (the admin statements run outside the test's loop).
    """
    url = base_url()
    _require_server(url)
    database = _new_url(url, prefix)
    create_database(database)
    try:
        yield database
    finally:
        drop_database(database)


@asynccontextmanager
async def fresh_database_async(prefix: str = "rt") -> AsyncIterator[str]:
    """:func:`fresh_database` for async tests."""
    with fresh_database(prefix) as database:
        yield database
