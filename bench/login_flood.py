"""Benchmark: other users' latency while bad logins flood a real server (not part of the tests).

    python bench/login_flood.py                  # demo city of 500 employees in a temp dir
    python bench/login_flood.py --seconds 20 --employees 500

Starts `kinerja serve` (one process, SQLite) on the demo data, signs one employee in, then
measures the latency of a small authenticated query (`{ me { roles } }`, sent one after the
other with a 20 ms pause, like a busy user) in four phases:

1. quiet: nothing else happens;
2. 10 bad logins per second, each from a different address and for a different unknown NIP,
   so none is throttled and each costs a full argon2 check (the hardest case at that rate);
3. a flood of 30 bad logins per second spread the same way (the hashing queue fills up and
   logins answer `auth.busy`);
4. 100 bad logins per second from one address for one NIP (what the throttle stops: blocked
   after a few, no argon2 work; past the address's burst the rate limit answers 429).

Clients are told apart through `X-Forwarded-For`, the server trusting 127.0.0.1 as its proxy.
Prints median and p95 per phase, the ratio to the quiet median, and what the logins answered.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "kinerja_core.cli"]
ME = {"query": "{ me { roles } }"}
LOGIN = (
    'mutation { login(nip: "%s", password: "salah-sekali") { __typename '
    "... on UserError { code } } }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, employees: int) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "KINERJA_DATA_DIR": str(data),
        "KINERJA_ENVIRONMENT": "production",
        "KINERJA_TRUSTED_PROXIES": "127.0.0.1",
        "KINERJA_PLUGINS": "kesehatan,pendidikan",
        # the measuring user sends up to ~40 requests a second on a quiet machine, over the
        # per-token limit (10/s): that limit is not what this benchmark measures
        "KINERJA_RATE_LIMIT_PER_TOKEN": "0",
    }
    env.pop("KINERJA_DATABASE_URL", None)
    subprocess.run(
        [*CLI, "demo", "--employees", str(employees)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [*CLI, "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not become ready:\n" + (data / "server.log").read_text())


def some_nip(data: Path) -> str:
    with sqlite3.connect(data / "kinerja.sqlite3") as db:
        (nip,) = db.execute(
            "SELECT e.nip FROM account a JOIN employee e ON e.id = a.employee_id LIMIT 1"
        ).fetchone()
    return nip


async def user_latencies(http: httpx.AsyncClient, token: str, seconds: float) -> list[float]:
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": "10.0.0.1"}
    times: list[float] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        answer = await http.post("/graphql", json=ME, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
        await asyncio.sleep(0.02)
    return times


async def flood(
    http: httpx.AsyncClient,
    rate: float,
    spread: bool,
    stop: asyncio.Event,
    outcomes: collections.Counter,
) -> None:
    """``rate`` bad logins per second, each in its own task (a slow answer does not slow it)."""
    tasks: set[asyncio.Task] = set()

    async def one(n: int) -> None:
        if spread:
            address = f"10.{66 + n // 65000}.{n // 250 % 250}.{n % 250 + 1}"
            nip = f"1990{random.randrange(10**13, 10**14)}"
        else:
            address, nip = "10.99.0.1", "199001012020011001"
        try:
            answer = await http.post(
                "/graphql",
                json={"query": LOGIN % nip},
                headers={"X-Forwarded-For": address},
                timeout=60,
            )
            if answer.status_code == 429:
                outcomes["http 429"] += 1
            else:
                body = answer.json()
                login = (body.get("data") or {}).get("login")
                if login is None:  # refused before the resolver ran: say by what
                    code = (body.get("errors") or [{}])[0].get("extensions", {}).get("code")
                    outcomes[f"error {code}"] += 1
                else:
                    outcomes[login.get("code") or login["__typename"]] += 1
        except httpx.HTTPError as exc:
            outcomes[type(exc).__name__] += 1

    n = 0
    start = time.monotonic()
    while not stop.is_set():
        task = asyncio.create_task(one(n))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        n += 1
        await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
    await asyncio.gather(*tasks)


def attacker_process(url: str, rate: float, spread: bool, stop, results) -> None:
    """The flood, in its own process: its client work must not delay the measured user."""

    async def run() -> collections.Counter:
        limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
        outcomes: collections.Counter = collections.Counter()
        done = asyncio.Event()

        async def watch() -> None:
            while not stop.is_set():
                await asyncio.sleep(0.05)
            done.set()

        async with httpx.AsyncClient(base_url=url, limits=limits) as attacker:
            watcher = asyncio.create_task(watch())
            await flood(attacker, rate, spread, done, outcomes)
            await watcher
        return outcomes

    results.put(dict(asyncio.run(run())))


async def phase(url: str, token: str, seconds: float, rate: float = 0, spread: bool = True):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    attacker = None
    if rate:
        attacker = context.Process(target=attacker_process, args=(url, rate, spread, stop, results))
        attacker.start()
        await asyncio.sleep(3)  # let the flood reach its steady state
    async with httpx.AsyncClient(base_url=url, timeout=60) as user:
        times = await user_latencies(user, token, seconds)
    outcomes: collections.Counter = collections.Counter()
    if attacker:
        stop.set()
        outcomes.update(results.get(timeout=120))
        attacker.join(30)
    return times, outcomes


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


async def main(employees: int, seconds: float) -> None:
    data = Path(tempfile.mkdtemp(prefix="kinerja-flood-"))
    process, url = start_server(data, employees)
    try:
        async with httpx.AsyncClient(base_url=url) as http:
            answer = await http.post(
                "/graphql",
                json={
                    "query": 'mutation { login(nip: "%s", password: "kinerja-demo") '
                    "{ ... on LoginSuccess { token } } }" % some_nip(data)
                },
            )
            token = answer.json()["data"]["login"]["token"]
        print(
            f"server: {url}, demo city of {employees} employees, SQLite, one process, "
            f"{os.cpu_count()} cores; `me` every 20 ms for {seconds:g} s per phase"
        )
        quiet_median = None
        for name, rate, spread in (
            ("quiet", 0, True),
            ("10 bad logins/s, spread", 10, True),
            ("30 bad logins/s, spread", 30, True),
            ("100 bad logins/s, one address+NIP", 100, False),
        ):
            times, outcomes = await phase(url, token, seconds, rate, spread)
            median = statistics.median(times)
            quiet_median = quiet_median or median
            answers = ", ".join(f"{k} {v}" for k, v in outcomes.most_common()) or "-"
            print(
                f"{name:36} n={len(times):4d}  median {median:7.1f} ms  p95 {p95(times):7.1f} ms"
                f"  x{median / quiet_median:4.2f}   logins: {answers}"
            )
    finally:
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    asyncio.run(main(args.employees, args.seconds))
