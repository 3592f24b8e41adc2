"""Demo data at a size and the two servers under test, as real uvicorn subprocesses.

- :func:`demo_database` loads the demo city (``kinerja demo --employees N``) once per size and
  engine and keeps it under ``$KINERJA_BENCH_DIR`` (default ``/tmp/kinerja-bench``): a SQLite
  file, or a PostgreSQL database on ``--postgres URL``'s server named after that directory
  (:func:`bench_database_name`: ``kinerja_bench_<N>``, ``kinerja_bench_mine_<N>``...).
- :func:`start_graphql` runs ``kinerja serve`` (production mode, rate limits off: the
  benchmark sends hundreds of requests a second from one address and one token);
  :func:`start_handwritten` runs ``uvicorn bench.harness.handwritten:app`` on the same data.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(os.environ.get("KINERJA_BENCH_DIR", "/tmp/kinerja-bench"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Data:
    """Where a demo city of ``employees`` lives."""

    employees: int
    data_dir: Path
    database_url: str

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "KINERJA_ENVIRONMENT": "production",
            "KINERJA_DATA_DIR": str(self.data_dir),
            "KINERJA_DATABASE_URL": self.database_url,
            "KINERJA_RATE_LIMIT_PER_ADDRESS": "0",
            "KINERJA_RATE_LIMIT_PER_TOKEN": "0",
        }


def bench_database_name() -> str:
    """The PostgreSQL bench databases' name (before ``_<N>``), from the bench directory, so
    that two checkouts benchmarking at once (KINERJA_BENCH_DIR=/tmp/kinerja-bench-mine) do
    not drop each other's database: ``kinerja_bench_mine``. A plain identifier (lower case,
    letters, digits, _), starting with ``kinerja_`` whatever the directory is called."""
    name = re.sub(r"[^a-z0-9_]", "_", BENCH_DIR.name.lower())
    return name if name.startswith("kinerja_") else f"kinerja_{name}"


def demo_database(employees: int, postgres: str | None = None) -> Data:
    """The demo city at ``employees``, loaded on first use and reused afterwards."""
    engine = "postgres" if postgres else "sqlite"
    data_dir = BENCH_DIR / f"{engine}-{employees}"
    data_dir.mkdir(parents=True, exist_ok=True)
    if postgres:
        name = f"{bench_database_name()}_{employees}"
        url = postgres.rstrip("/").rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite://{data_dir / 'kinerja.sqlite3'}"
    data = Data(employees, data_dir, url)
    marker = data_dir / "loaded"
    if not marker.exists():
        if postgres:
            admin = postgres.rstrip("/").rsplit("/", 1)[0] + "/postgres"
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "kinerja_core.cli", "demo", "--employees", str(employees)],
            env=data.env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.write_text(f"{time.monotonic() - started:.1f} s\n")
    return data


@dataclass
class Running:
    name: str
    url: str
    process: subprocess.Popen

    def rss_mb(self) -> float:
        """Resident memory of the process (and its workers), in MB."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except FileNotFoundError:
                pass
        return total / 1024


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180  # two workers start in over a minute at load 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"server did not start: {log.read_text()[-2000:]}")


@contextmanager
def _run(
    name: str, command: list[str], data: Data, probe: str, port: int, cwd: Path = ROOT
) -> Iterator[Running]:
    log = data.data_dir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=data.env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + probe, process, log)
        yield Running(name, url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def start_graphql(
    data: Data, workers: int = 1, checkout: Path | None = None, name: str = "graphql"
) -> Iterator[Running]:
    """``kinerja serve`` of this checkout, or of ``checkout`` (another worktree, e.g. main's:
    run from there, its ``kinerja_core`` is imported before the installed one)."""
    port = free_port()
    command = [sys.executable, "-m", "kinerja_core.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-migrate", "--workers", str(workers)]
    with _run(name, command, data, "/ready", port, cwd=checkout or ROOT) as running:
        yield running


@contextmanager
def start_handwritten(data: Data, workers: int = 1) -> Iterator[Running]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.harness.handwritten:app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with _run("handwritten", command, data, "/", port) as running:
        yield running
