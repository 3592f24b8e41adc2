"""Fixtures: a fresh database per test, the app behind an HTTP client, a small org chart.

Set ``KINERJA_TEST_DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/kinerja_test``)
to run the same tests against PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.support import (  # noqa: F401  (fixtures)
    client,
    db,
    plugin_manager,
    plugins,
    settings,
    world,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL")
