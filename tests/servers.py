"""Real server processes for tests that need one: `kinerja serve` on a free port.

::

    with running_server(tmp_path, database_url) as server:
        server.url          # http://127.0.0.1:PORT
        server.graphql      # .../graphql
        server.log_text()   # what it printed

The database is migrated first (``kinerja migrate``); ``extra_args`` go to ``kinerja serve``
(e.g. ``["--workers", "2"]``); ``env`` adds environment variables. The server is stopped with
SIGTERM (graceful) and killed if it does not stop in time.

:func:`pass_database` gives a server test the database of the pass it runs in: a SQLite file,
or in the PostgreSQL pass (``KINERJA_TEST_DATABASE_URL=postgres://.../kt_..._{}``) a fresh
PostgreSQL database, created first and dropped afterwards::

    with pass_database(tmp_path) as url, running_server(tmp_path, url) as server:
        ...
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "kinerja_core.cli"]
START_TIMEOUT = 60.0  # seconds for the server to answer /ready
STOP_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    """True when ``url`` answers 200 (loopback only)."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log_path: Path

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"

    @property
    def websocket(self) -> str:
        return "ws" + self.graphql.removeprefix("http")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> int:
        """SIGTERM, wait; the exit code (killed after STOP_TIMEOUT)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def server_env(tmp_path: Path, database_url: str, env: Mapping[str, str] | None = None) -> dict:
    return {
        **os.environ,
        "KINERJA_ENVIRONMENT": "production",
        "KINERJA_DATA_DIR": str(tmp_path / "data"),
        "KINERJA_DATABASE_URL": database_url,
        **(env or {}),
    }


def migrate(tmp_path: Path, database_url: str, env: Mapping[str, str] | None = None) -> None:
    subprocess.run(
        [*CLI, "migrate"],
        env=server_env(tmp_path, database_url, env),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@contextmanager
def running_server(
    tmp_path: Path,
    database_url: str,
    *,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    name: str = "server",
    migrate_first: bool = True,
) -> Iterator[Server]:
    """A started `kinerja serve` (ready: database up, migrations applied); stopped on exit."""
    if migrate_first:
        migrate(tmp_path, database_url, env)
    port = free_port()
    log_path = tmp_path / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *CLI,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-migrate",
                *extra_args,
            ],
            env=server_env(tmp_path, database_url, env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, url=f"http://127.0.0.1:{port}", log_path=log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(f"{server.url}/ready"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not start:\n{server.log_text()}")
            time.sleep(0.1)  # polling a process start-up, not synchronising test steps
        yield server
    finally:
        server.stop()


def on_postgres() -> bool:
    """True in the PostgreSQL pass (``KINERJA_TEST_DATABASE_URL`` names PostgreSQL)."""
    return os.environ.get("KINERJA_TEST_DATABASE_URL", "").startswith("postgres")


@contextmanager
def pass_database(tmp_path: Path, name: str = "server") -> Iterator[str]:
    """An empty database of the current pass (its URL); a PostgreSQL one is dropped after."""
    template = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
    if not template.startswith("postgres"):
        yield f"sqlite://{tmp_path / f'{name}.sqlite3'}"
        return
    from tests.passes import admin, create_database, drop_database

    unique = uuid.uuid4().hex[:12]
    url = template.replace("{}", unique) if "{}" in template else f"{template}_{unique}"
    create_database(url)
    # no test needs a commit to survive a crash of the server: no wait for the WAL's fsync
    admin(url, f'ALTER DATABASE "{unique_name(url)}" SET synchronous_commit = off')
    try:
        yield url
    finally:  # at once: a test may rely on it being gone (roles granted on it, its name)
        drop_database(url)


def unique_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll an outside condition (a process's state, a log line) until true, else fail."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)  # polling another process, not synchronising test steps
