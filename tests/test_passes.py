"""The test runner's own rules (tests/passes.py): skip or fail without PostgreSQL, clean up."""

from __future__ import annotations

import uuid

import pytest

from tests import passes
from tests.servers import free_port, on_postgres


@pytest.fixture
def no_server(monkeypatch) -> str:
    url = f"postgres://postgres@127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("KINERJA_TEST_POSTGRES_URL", url)
    return url


def test_without_postgresql_the_pass_is_skipped_saying_how_to_enable_it(
    no_server, monkeypatch, capsys
):
    monkeypatch.delenv("CI", raising=False)

    outcome = passes.postgres_pass(["--collect-only"])

    assert outcome.code is None
    out = capsys.readouterr().out
    assert f"PostgreSQL pass skipped: no server at {no_server}" in out
    assert "KINERJA_TEST_POSTGRES_URL=postgres://USER:PASSWORD@HOST:PORT" in out
    sqlite = passes.Outcome("SQLite", code=0, counts={"passed": 3})
    assert passes.summary([sqlite, outcome]) == 0
    assert capsys.readouterr().out.rstrip().endswith("total: 3 passed, 0 failed")


def test_under_ci_an_unreachable_postgresql_fails_the_run(no_server, monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")

    outcome = passes.postgres_pass(["--collect-only"])

    assert outcome.code == 1
    assert "CI=true needs the PostgreSQL pass" in capsys.readouterr().out
    assert passes.summary([passes.Outcome("SQLite", code=0), outcome]) == 1
    assert "result: FAILED (PostgreSQL pass)" in capsys.readouterr().out


@pytest.mark.skipif(not on_postgres(), reason="runs in the PostgreSQL pass")
def test_the_databases_left_by_a_run_are_dropped_and_no_others():
    server = passes.server_url()
    prefix = f"kt_{uuid.uuid4().hex[:6]}_"
    names = [f"{prefix}a", f"{prefix}b", prefix.rstrip("_") + "x_other"]
    for name in names:
        passes.create_database(passes.with_database(server, name))
    try:
        assert passes.drop_databases(server, prefix) == names[:2]
        (rows,) = passes.admin(server, "SELECT datname FROM pg_database")
        existing = {r[0] for r in rows}
        assert names[2] in existing and not existing & set(names[:2])
    finally:
        passes.drop_database(passes.with_database(server, names[2]))
