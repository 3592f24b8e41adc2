"""The test suite's two passes: everything on SQLite, then everything again on PostgreSQL.

::

    .venv/bin/python -m tests.passes                 # both passes (the README's test command)
    .venv/bin/python -m tests.passes --only sqlite   # or --only postgres
    .venv/bin/python -m tests.passes -- -x tests/test_plans.py   # pytest arguments after --
    .venv/bin/python -m tests.passes --workers 1   # one pytest process (default: one per core)

Each pass spreads its tests over pytest-xdist workers (one per core by default; ``--dist
worksteal``, the tests that start processes first: tests/conftest.py). Every test
already has a database of its own (a temporary SQLite file, or its own PostgreSQL database),
and the tests that start servers take free ports, so workers share nothing.

The PostgreSQL pass runs pytest with ``KINERJA_TEST_DATABASE_URL`` set to
``<server>/kt_<run>_{}``: ``{}`` becomes a fresh database per test (tests/support.py,
kinerja_core.plugins.testing, kinerja_core.plugins.testing_db: cloned from a template made once
per run and schema, reused emptied by the next test of the worker, dropped when the worker
exits); at the end any database still named ``kt_<run>_...`` (a test killed half-way) is
dropped too. The server is
``KINERJA_TEST_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432``, trust auth).

When no server answers there the pass is skipped with a message saying how to enable it, so
the command passes on a laptop without PostgreSQL; with ``CI=true`` that is a failure instead.
The exit code is non-zero when either pass fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
PROBE_TIMEOUT = 5.0  # seconds to wait for the PostgreSQL server to answer
SUMMARY = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|deselected)(?=[ ,]|$)")


# -- the PostgreSQL server of the pass ---------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server (scheme, user, password, host, port; no database)."""
    raw = os.environ.get("KINERJA_TEST_POSTGRES_URL", "").strip() or DEFAULT_SERVER
    parts = urlsplit(raw)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def with_database(url: str, name: str) -> str:
    """``url`` pointing at the database ``name`` (query parameters kept)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _maintenance_dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


async def _admin(url: str, *statements: str) -> list[list[tuple]]:
    import asyncpg

    conn = await asyncpg.connect(_maintenance_dsn(url), timeout=PROBE_TIMEOUT)
    try:
        return [[tuple(r) for r in await conn.fetch(s)] for s in statements]
    finally:
        await conn.close()


def admin(url: str, *statements: str) -> list[list[tuple]]:
    """Run statements on the server's ``postgres`` database (usable from sync and async code)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_admin(url, *statements))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # an async test is running its own loop here
        return pool.submit(asyncio.run, _admin(url, *statements)).result()


def unreachable(url: str) -> str | None:
    """Why the server cannot be used, or None when it answers."""
    try:
        admin(url, "SELECT 1")
    except Exception as exc:  # refused, timed out, bad credentials: all say "not here"
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def create_database(url: str) -> None:
    admin(url, f'CREATE DATABASE "{urlsplit(url).path.lstrip("/")}"')


def drop_database(url: str) -> None:
    admin(url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def drop_databases(url: str, prefix: str) -> list[str]:
    """Drop every database whose name starts with ``prefix``; their names."""
    pattern = prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"
    (rows,) = admin(url, f"SELECT datname FROM pg_database WHERE datname LIKE '{pattern}'")
    names = sorted(r[0] for r in rows)
    for name in names:
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return names


# -- running the passes ------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    code: int | None = None  # None: skipped
    seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)
    note: str = ""


def run_pytest(name: str, args: list[str], env: dict[str, str]) -> Outcome:
    """pytest in a child process, its output passed through; the counts of its last line."""
    print(f"\n== tests ({name}) ==", flush=True)
    started = time.monotonic()
    outcome = Outcome(name)
    with subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as child:
        assert child.stdout is not None
        last = ""
        for line in child.stdout:
            sys.stdout.write(line)
            if SUMMARY.search(line):
                last = line
        sys.stdout.flush()
    outcome.code = child.returncode
    outcome.seconds = time.monotonic() - started
    for number, word in SUMMARY.findall(last):
        outcome.counts["errors" if word.startswith("error") else word] += int(number)
    return outcome


def sqlite_pass(args: list[str]) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k != "KINERJA_TEST_DATABASE_URL"}
    return run_pytest("SQLite", args, env)


def postgres_pass(args: list[str]) -> Outcome:
    server = server_url()
    reason = unreachable(server)
    if reason is not None:
        how = (
            "start PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication) or set "
            "KINERJA_TEST_POSTGRES_URL=postgres://USER:PASSWORD@HOST:PORT, then run this again"
        )
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            print(f"\n== tests (PostgreSQL) ==\nerror: no PostgreSQL at {server} ({reason}).")
            print(f"CI=true needs the PostgreSQL pass: {how}.", flush=True)
            return Outcome("PostgreSQL", code=1, note=f"unreachable: {reason}")
        print(
            f"\n== tests (PostgreSQL) ==\nPostgreSQL pass skipped: no server at {server} "
            f"({reason}).\nTo run it: {how}.",
            flush=True,
        )
        return Outcome("PostgreSQL", code=None, note=f"no server at {server}")
    prefix = f"kt_{secrets.token_hex(3)}_"
    env = {
        **os.environ,
        "KINERJA_TEST_DATABASE_URL": with_database(server, prefix + "{}"),
        "KINERJA_TEST_DATABASES_SWEPT": "1",  # the workers leave their databases to the sweep
    }
    try:
        outcome = run_pytest("PostgreSQL", args, env)
    finally:
        left = drop_databases(server, prefix)
    outcome.note = f"databases {prefix}*; {len(left)} left over by the tests, dropped"
    return outcome


def summary(outcomes: list[Outcome]) -> int:
    print("\n== summary ==")
    total: Counter = Counter()
    code = 0
    for o in outcomes:
        if o.code is None:
            print(f"{o.name:<11} skipped ({o.note})")
            continue
        total.update(o.counts)
        counts = ", ".join(f"{n} {w}" for w, n in sorted(o.counts.items())) or "no tests"
        state = "passed" if o.code == 0 else f"FAILED (exit {o.code})"
        print(
            f"{o.name:<11} {state}: {counts} in {o.seconds:.0f} s" + (f"; {o.note}" * bool(o.note))
        )
        code = code or o.code
    failed = [o.name for o in outcomes if o.code]
    if failed:
        print(f"result: FAILED ({' and '.join(failed)} pass)")
    extra = "".join(f", {total[w]} {w}" for w in ("skipped", "errors") if total[w])
    print(f"total: {total['passed']} passed, {total['failed']} failed{extra}", flush=True)
    return code


def worker_args(workers: str) -> list[str]:
    """pytest-xdist's arguments for ``workers`` ("1" runs in one process, no xdist at all)."""
    if workers == "1":
        return ["-p", "no:xdist"]
    # worksteal: each worker starts on its half of the (long-tests-first, tests/conftest.py)
    # order and an idle one takes tests from the other's queue: no worker is left alone with
    # a long tail, as the default ``load`` chunks allowed
    return ["-n", workers, "--dist", "worksteal"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pytest_args: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, pytest_args = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(
        prog="python -m tests.passes", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"], help="run one pass")
    parser.add_argument(
        "--workers",
        default="auto",
        help="pytest-xdist workers per pass: a number, or 'auto' for one per core (default)",
    )
    options, unknown = parser.parse_known_args(argv)
    pytest_args = ["-q", *worker_args(options.workers), *unknown, *pytest_args]
    outcomes = []
    if options.only in (None, "sqlite"):
        outcomes.append(sqlite_pass(pytest_args))
    if options.only in (None, "postgres"):
        outcomes.append(postgres_pass(pytest_args))
    return summary(outcomes)


if __name__ == "__main__":
    raise SystemExit(main())
