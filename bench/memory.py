"""Server memory under load: RSS per process through many team-view requests and a login flood.

    python bench/memory.py --employees 1000 --requests 10000
    python bench/memory.py --postgres postgres://postgres@127.0.0.1/postgres --workers 2

On the benchmark's demo data (bench/harness/server.py), starts ``kinerja serve`` and signs in
as Dinas Kesehatan's head; prints the resident memory of each server process (the workers,
not the supervisor, when there are several) after a warm-up, after ``--logins`` sign-ins
(each one a full password-hash check), then every ``--step`` team-view requests (the
``team_view`` operation, ``--concurrency`` at once) and at the end. The goal of issue 14 is
under 150 MB per process through 10,000 team-view requests, with password hashing not
raising the steady state. Not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.compare import OPERATIONS, PASSWORD, head_of_dinkes, login, post  # noqa: E402
from bench.harness.server import Running, demo_database, start_graphql  # noqa: E402


def rss_per_process(server: Running) -> list[float]:
    """MB per serving process: the workers if uvicorn runs several, else the one process."""
    root = server.process.pid
    children = Path(f"/proc/{root}/task/{root}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    out = []
    for pid in pids or [root]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
        except FileNotFoundError:
            pass
    return out


def sign_in(url: str, nip: str) -> str:
    """One sign-in with the right password (a full hash check unless the server is too busy
    to hash: then it answers auth.busy); what it answered."""
    body = {
        "query": "mutation($n:String!,$p:String!){login(nip:$n,password:$p)"
        "{__typename ... on UserError{code}}}",
        "variables": {"n": nip, "p": PASSWORD},
    }
    answer = json.loads(post(url, body))["data"]["login"]
    return answer.get("code") or answer["__typename"]


def logins(pool: ThreadPoolExecutor, url: str, nip: str, count: int) -> str:
    answers = Counter(pool.map(lambda _: sign_in(url, nip), range(count)))
    return ", ".join(f"{n} {what}" for what, n in answers.most_common())


def show(label: str, server: Running, started: float) -> None:
    sizes = ", ".join(f"{mb:.0f}" for mb in rss_per_process(server))
    print(f"{time.monotonic() - started:7.1f} s  {label:50} RSS per process (MB): {sizes}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--postgres", help="postgres://user@host/db: run on PostgreSQL")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--step", type=int, default=1000)
    parser.add_argument("--logins", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()

    data = demo_database(args.employees, args.postgres)
    nip, _ = head_of_dinkes(data)
    team = {"query": (OPERATIONS / "team_view.graphql").read_text(), "variables": {}}
    with start_graphql(data, args.workers) as server, ThreadPoolExecutor(args.concurrency) as pool:
        started = time.monotonic()
        url = server.url + "/graphql"
        token = login(url, nip)
        for _ in range(20):
            answer = json.loads(post(url, team, token))
            assert "errors" not in answer, answer["errors"]
        show("after 20 team views (warm)", server, started)
        answered = logins(pool, url, nip, args.logins)
        show(f"after {args.logins} logins ({answered})", server, started)
        done = 0
        while done < args.requests:
            batch = min(args.step, args.requests - done)
            for body in pool.map(lambda _: post(url, team, token), range(batch)):
                assert b'"errors"' not in body[:200], body[:500]
            done += batch
            show(f"after {done} team views", server, started)
        answered = logins(pool, url, nip, args.logins)
        show(f"after {args.logins} more logins ({answered})", server, started)
        time.sleep(2)  # let the last responses go out
        show("at the end", server, started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
