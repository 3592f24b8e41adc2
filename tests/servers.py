"""Real server processes for tests that need one: `kinerja serve` on a free port.

::

    with running_server(tmp_path, database_url) as server:
        server.url          # http://127.0.0.1:PORT
        server.graphql      # .../graphql
        server.log_text()   # what it printed

The database is migrated first (``kinerja migrate``); ``extra_args`` go to ``kinerja serve``
(e.g. ``["--workers", "2"]``); ``env`` adds environment variables. The server is stopped with
SIGTERM (graceful) and killed if it does not stop in time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
