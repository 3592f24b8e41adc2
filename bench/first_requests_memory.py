"""Resident memory of one worker around the first (uncached) dashboard and team view.

    python bench/first_requests_memory.py --database-url postgres://postgres@127.0.0.1/kinerja_bench_100000

Starts ``kinerja serve`` (one worker, --no-migrate) on an existing demo database (it never
loads or drops one), makes every kept figure and kept subtree stale (bumps the generations
the server itself keeps: services/figures.py, auth/subtree.py), signs in as Dinas
Kesehatan's head and prints the worker's RSS (and its peak, VmHWM) after sign-in, after the
first agency dashboard (computes the kept figures), after the first team view (walks and
keeps the subtree), after ``--repeat`` more of each (kept answers) and after ``--load``
team views then dashboards, ``--concurrency`` at once. Not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.compare import OPERATIONS, login, post  # noqa: E402
from bench.harness.operations import HEAD_SQL  # noqa: E402
from bench.harness.server import Data, start_graphql  # noqa: E402


def psql(url: str, sql: str) -> list[list[str]]:
    out = subprocess.run(
        ["psql", "-At", "-F", "\t", url, "-c", sql], check=True, capture_output=True, text=True
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def memory(pid: int) -> str:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return f"RSS {fields['VmRSS']:6.1f} MB  peak {fields['VmHWM']:6.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--load", type=int, default=200, help="requests of each view after")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--checkout", type=Path, help="serve another worktree's code (main's)")
    args = parser.parse_args()
    url = args.database_url
    nip, agency = psql(url, HEAD_SQL.format(code="DINKES"))[0]
    psql(url, "UPDATE agency_figures_state SET generation = generation + 1")
    psql(
        url,
        "INSERT INTO org_generation (id, generation) VALUES (1, 1) ON CONFLICT (id)"
        " DO UPDATE SET generation = org_generation.generation + 1",
    )
    dashboard = {
        "query": (OPERATIONS / "agency_dashboard.graphql").read_text(),
        "variables": {"agencyId": agency},
    }
    team = {"query": (OPERATIONS / "team_view.graphql").read_text(), "variables": {}}
    with tempfile.TemporaryDirectory(prefix="kinerja-firstmem-") as tmp:
        data = Data(0, Path(tmp), url)
        with start_graphql(data, 1, checkout=args.checkout) as server:
            pid = server.process.pid
            graphql = server.url + "/graphql"
            print(f"ready                       {memory(pid)}")
            token = login(graphql, nip)
            print(f"after sign-in               {memory(pid)}")
            for label, body in (("dashboard", dashboard), ("team view", team)):
                answer = json.loads(post(graphql, body, token))
                assert "errors" not in answer, answer["errors"]
                print(f"after first {label:15} {memory(pid)}")
            for _ in range(args.repeat):
                for body in (dashboard, team):
                    answer = json.loads(post(graphql, body, token))
                    assert "errors" not in answer, answer["errors"]
            print(f"after {args.repeat} more of each       {memory(pid)}")
            with ThreadPoolExecutor(args.concurrency) as pool:
                for label, body in (("team views", team), ("dashboards", dashboard)):
                    for answer in pool.map(
                        lambda _, b=body: post(graphql, b, token), range(args.load)
                    ):
                        assert b'"errors"' not in answer[:200], answer[:500]
                    print(f"after {args.load} {label} ({args.concurrency} at once) {memory(pid)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
