"""GraphQL against hand-written SQL, side by side on the demo city (issue 14; not a test).

    python bench/compare.py --employees 1000                     # SQLite, one process
    python bench/compare.py --employees 1000 --postgres postgres://postgres@127.0.0.1/postgres

Loads the demo at the size once (kept under $KINERJA_BENCH_DIR), starts ``kinerja serve`` and
the hand-written Starlette + SQL endpoints of :mod:`bench.harness.handwritten` as real uvicorn
processes on the same data, signs in as each operation's viewer (the head of Dinas Kesehatan;
of Dinas Pendidikan for its plugin), checks that each operation's two answers are the same
bytes, then loads each with ``wrk`` for ``--duration`` seconds,
GraphQL and hand-written interleaved in one run, and prints a Markdown table with the ratio
(GraphQL time per request / hand-written). Needs ``wrk`` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness.operations import (  # noqa: E402
    OPERATIONS,
    PASSWORD,
    head_of,
    login_nip,
    operations_of,
)
from bench.harness.server import (  # noqa: E402
    BENCH_DIR,
    Data,
    demo_database,
    start_graphql,
    start_handwritten,
)

__all__ = ["OPERATIONS", "PASSWORD", "head_of_dinkes"]  # what profile_request.py reads here


def head_of_dinkes(data: Data) -> tuple[str, int]:
    return head_of(data, "DINKES")


def post(url: str, body: dict, token: str | None = None) -> bytes:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        return response.read()


def login(graphql: str, nip: str) -> str:
    body = {
        "query": "mutation($n:String!,$p:String!){login(nip:$n,password:$p)"
        "{... on LoginSuccess{token}}}",
        "variables": {"n": nip, "p": PASSWORD},
    }
    return json.loads(post(graphql, body))["data"]["login"]["token"]


def wrk(
    url: str, body: dict, token: str, seconds: int, connections: int
) -> tuple[float, float, int]:
    """Requests per second, median latency in ms, non-2xx answers."""
    script = (
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(json.dumps(body))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
        + ["-s", f.name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, float(p50.group(1)) * scale, int(bad.group(1)) if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--postgres", help="postgres://user@host/db: run on PostgreSQL")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", help="comma-separated operation names")
    args = parser.parse_args()

    data = demo_database(args.employees, args.postgres)
    operations = operations_of(data, args.only)
    engine = "PostgreSQL" if args.postgres else "SQLite"
    with start_graphql(data, args.workers) as gql, start_handwritten(data, args.workers) as hand:
        tokens = {
            nip: login(gql.url + "/graphql", nip)
            for nip in {login_nip(data, op) for op in operations}
        }
        for op in operations:  # the same answer first, byte for byte
            token = tokens[login_nip(data, op)]
            mine = post(gql.url + "/graphql", op.body(), token)
            theirs = post(hand.url + op.route, op.variables, token)
            if mine != theirs:
                (BENCH_DIR / "mismatch-graphql.json").write_bytes(mine)
                (BENCH_DIR / "mismatch-handwritten.json").write_bytes(theirs)
                same = "same JSON, other bytes" if json.loads(mine) == json.loads(theirs) else ""
                print(f"{op.name}: answers differ {same} (see {BENCH_DIR}/mismatch-*.json)")
                return 1
        for round_number in range(args.rounds):
            for op in operations:
                order = [("graphql", gql), ("hand", hand)]
                if round_number % 2:
                    order.reverse()
                for kind, server in order:
                    if kind == "graphql":
                        url, body = server.url + "/graphql", op.body()
                    else:
                        url, body = server.url + op.route, op.variables
                    token = tokens[login_nip(data, op)]
                    rate, p50, bad = wrk(url, body, token, args.duration, args.connections)
                    if bad:
                        print(f"warning: {op.name} {kind}: {bad} non-2xx answers", file=sys.stderr)
                    op.results.setdefault(kind, []).append((rate, p50))
        rss = gql.rss_mb(), hand.rss_mb()

    print(
        f"\n{engine}, demo with {args.employees} employees, {args.workers} process(es), "
        f"wrk -t1 -c{args.connections} -d{args.duration}s, {args.rounds} round(s), medians\n"
    )
    print("| operation | hand-written | GraphQL | GraphQL time / hand-written |")
    print("| --- | --- | --- | --- |")
    for op in operations:
        hand_rate, hand_p50 = _median(op.results["hand"])
        gql_rate, gql_p50 = _median(op.results["graphql"])
        print(
            f"| {op.name} | {hand_rate:,.0f} req/s (p50 {hand_p50:.1f} ms) | "
            f"{gql_rate:,.0f} req/s (p50 {gql_p50:.1f} ms) | {_ratio(hand_rate, gql_rate)} |"
        )
    print(f"\nRSS after the run: GraphQL {rss[0]:.0f} MB, hand-written {rss[1]:.0f} MB")
    return 0


def _ratio(hand_rate: float, gql_rate: float) -> str:
    """GraphQL time per request over hand-written; none when a side finished no request."""
    if not gql_rate or not hand_rate:
        return "n/a (no request finished: lengthen --duration)"
    return f"{hand_rate / gql_rate:.1f}x"


def _median(values: list[tuple[float, float]]) -> tuple[float, float]:
    rates = sorted(v[0] for v in values)
    p50s = sorted(v[1] for v in values)
    return rates[len(rates) // 2], p50s[len(p50s) // 2]


if __name__ == "__main__":
    raise SystemExit(main())
