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

# what marks a module's tests as long: they start processes (servers, the CLI, pip, nginx)
PROCESS_NAMES = ("running_server", "pass_database", "subprocess", "run_cli")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL")
    config.addinivalue_line("markers", "slow: a long test, started before the others")


def starts_processes(item: pytest.Item) -> bool:
    module = getattr(item, "module", None)
    names = vars(module) if module is not None else {}
    return item.get_closest_marker("slow") is not None or any(n in names for n in PROCESS_NAMES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long tests first (a stable sort: the order is otherwise unchanged), so that with
    pytest-xdist (tests/passes.py) they do not start last and leave one worker running alone
    while the other has finished; each test has its own database, so any order is fine."""
    items.sort(key=lambda item: not starts_processes(item))
