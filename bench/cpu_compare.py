"""Server CPU time per request, GraphQL against hand-written SQL (issue 14; not a test).

    python bench/cpu_compare.py --employees 1000 [--only team,me] [--postgres URL]

The same servers, data, token and operations as ``bench/compare.py`` (whose answers-are-equal
check runs first), but the figure is the CPU time each server process spends per request
under ``wrk -t1 -c1`` (by default): user + system time of the process and its children, read
from /proc before and after, divided by the requests wrk completed. Throughput on a shared machine moves
with whatever else runs; the CPU a request costs moves much less, so this is the figure to
compare when the load average is above the core count. Interleaved like compare.py; medians.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.compare import ME, OPERATIONS, Operation, head_of_dinkes, login, post  # noqa: E402
from bench.harness.server import Running, demo_database, start_graphql, start_handwritten  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server: Running) -> float:
    pids = [server.process.pid]
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICK


def run_wrk(url: str, body: dict, token: str, seconds: int, connections: int) -> int:
    """Requests completed (non-2xx answers fail the run)."""
    script = (
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(json.dumps(body))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", f.name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        raise SystemExit(f"non-2xx answers from {url}:\n{out}")
    return int(re.search(r"(\d+) requests in", out).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--postgres")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument(
        "--connections",
        type=int,
        default=1,
        help="1 by default: requests still in flight when wrk stops cost CPU but are not counted",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated operation names")
    args = parser.parse_args()

    data = demo_database(args.employees, args.postgres)
    nip, agency_id = head_of_dinkes(data)
    operations = [
        Operation(
            "agency dashboard",
            (OPERATIONS / "agency_dashboard.graphql").read_text(),
            {"agencyId": str(agency_id)},
            "/agency-dashboard",
        ),
        Operation(
            "team view (first 100)", (OPERATIONS / "team_view.graphql").read_text(), {}, "/team"
        ),
        Operation("me (name, NIP)", ME, {}, "/me"),
        Operation(
            "my dashboard", (OPERATIONS / "my_dashboard.graphql").read_text(), {}, "/my-dashboard"
        ),
    ]
    if args.only:
        wanted = args.only.split(",")
        operations = [o for o in operations if any(w in o.name for w in wanted)]
    with start_graphql(data) as gql, start_handwritten(data) as hand:
        token = login(gql.url + "/graphql", nip)
        for op in operations:
            mine = json.loads(
                post(gql.url + "/graphql", {"query": op.query, "variables": op.variables}, token)
            )
            theirs = json.loads(post(hand.url + op.route, op.variables, token))
            if mine != theirs:
                print(f"{op.name}: answers differ; run bench/compare.py to see how")
                return 1
        for round_number in range(args.rounds):
            for op in operations:
                order = [("graphql", gql), ("hand", hand)]
                if round_number % 2:
                    order.reverse()
                for kind, server in order:
                    if kind == "graphql":
                        url = server.url + "/graphql"
                        body = {"query": op.query, "variables": op.variables}
                    else:
                        url, body = server.url + op.route, op.variables
                    before = cpu_seconds(server)
                    requests = run_wrk(url, body, token, args.duration, args.connections)
                    spent = cpu_seconds(server) - before
                    if requests:
                        op.results.setdefault(kind, []).append((spent * 1000 / requests, requests))
    load = os.getloadavg()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"\n{engine}, demo with {args.employees} employees, one process, wrk -t1 "
        f"-c{args.connections} -d{args.duration}s, {args.rounds} round(s), medians; load "
        f"average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} "
        "cores\n"
    )
    print("| operation | hand-written CPU per request | GraphQL CPU per request | ratio |")
    print("| --- | --- | --- | --- |")
    for op in operations:
        hand = sorted(v[0] for v in op.results.get("hand", ()))
        mine = sorted(v[0] for v in op.results.get("graphql", ()))
        if not hand or not mine:
            print(f"| {op.name} | no request completed in {args.duration} s | | |")
            continue
        hand_ms, gql_ms = hand[len(hand) // 2], mine[len(mine) // 2]
        print(f"| {op.name} | {hand_ms:.2f} ms | {gql_ms:.2f} ms | {gql_ms / hand_ms:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
