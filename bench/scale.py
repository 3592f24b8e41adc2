"""Scale figures (issue 15): the demo city on PostgreSQL, 2 nodes x 2 workers (not a test).

    python bench/scale.py --employees 1000 20000            # each size, one after the other
    python bench/scale.py --employees 20000 --subscriptions 300 --duration 20

For each size:

1. The demo city (``kinerja demo --employees N``, loaded once into ``kinerja_bench_<N>``, named
   after $KINERJA_BENCH_DIR, and kept, see bench/harness/server.py); its load time is the one
   measured when it was loaded.
2. Two nodes, ``kinerja serve --workers 2`` each on its own port and data directory, evidence
   and throttle in the database, rate limits off (one address and one token send everything);
   with nginx installed, Debian's nginx running config/nginx/kinerja.conf in front of them
   (tests/nginx.py), else the load alternates between the nodes.
3. Dinas Kesehatan's head signs in; ``wrk -t1 -cC -dDs`` loads the team view (first 100) and
   then the agency dashboard exactly as in schema/operations/, through nginx; p50/p95 latency
   and requests/s. RSS of every worker after the load.
4. ``--subscriptions`` employees with an APPROVED SKP, half on each node, each hold a
   graphql-ws connection with ``feedbackReceived(planId)``; their raters give one feedback
   each through the *other* node (``--concurrency`` at a time). Delivery latency: from just
   before the giveFeedback request to the event on the subscriber (p50/p95/max); every event
   must arrive. RSS of every worker with the connections open.

Prints a Markdown table per size. Needs wrk (``apt-get install wrk``), psql and PostgreSQL at
``--postgres``. Everything it starts is stopped at the end; the request loops are bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness.server import Data, demo_database  # noqa: E402
from tests.nginx import nginx_binary, running_nginx  # noqa: E402
from tests.servers import Server, running_server  # noqa: E402
from tests.ws.client import GraphQLWS  # noqa: E402

OPERATIONS = ROOT / "schema" / "operations"
PASSWORD = "kinerja-demo"
LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token } ... on UserError { code message } } }"""
FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename ... on Feedback { id } ... on UserError { code message } } }"""
SUB_FEEDBACK = "subscription($planId: ID) { feedbackReceived(planId: $planId) { id text } }"
HEAD_SQL = (
    "SELECT e.nip, ag.id FROM assignment a JOIN position p ON p.id = a.position_id"
    " JOIN unit u ON u.id = p.unit_id JOIN agency ag ON ag.id = p.agency_id"
    " JOIN employee e ON e.id = a.employee_id WHERE ag.code = 'DINKES' AND p.is_unit_head"
    " AND u.parent_id IS NULL AND a.end_date IS NULL ORDER BY a.id LIMIT 1"
)
PLANS_SQL = (
    "SELECT p.id, e.nip, r.nip, min(w.id) FROM performance_plan p"
    " JOIN employee e ON e.id = p.employee_id JOIN employee r ON r.id = p.rater_id"
    " JOIN work_result w ON w.plan_id = p.id WHERE p.status = 'APPROVED'"
    " GROUP BY p.id, e.nip, r.nip, p.rater_id ORDER BY p.rater_id, p.id"
)
WRK_SCRIPT = """wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0 end
-- a GraphQL error (e.g. query.timeout) comes with status 200: counted as an error too
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then refused = refused + 1 end
end
function done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do refused = refused + thread:get("refused") end
  io.write(string.format("SCALE p50=%d p95=%d max=%d n=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency.max, summary.requests,
    refused + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


@dataclass
class Figures:
    employees: int
    load_time: str = ""
    analyze_s: float = 0.0
    views: dict[str, dict] = field(default_factory=dict)
    rss_after_load: list[tuple[str, float]] = field(default_factory=list)
    subscriptions: dict = field(default_factory=dict)
    rss_with_subscriptions: list[tuple[str, float]] = field(default_factory=list)


def psql(url: str, sql: str) -> list[list[str]]:
    out = subprocess.run(["psql", url, "-Atc", sql], check=True, capture_output=True, text=True)
    return [line.split("|") for line in out.stdout.splitlines() if line]


def workers_rss(node: Server) -> list[tuple[int, float]]:
    """(pid, RSS in MB) of every process under the node's supervisor (its workers)."""
    found: list[tuple[int, float]] = []
    todo = [node.process.pid]
    while todo:
        pid = todo.pop()
        children = Path(f"/proc/{pid}/task/{pid}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        todo += kids
        if pid == node.process.pid:
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_text()
        except FileNotFoundError:
            continue
        if "resource_tracker" in cmdline:
            continue
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        found.append((pid, rss))
    return found


def all_rss(nodes: list[Server]) -> list[tuple[str, float]]:
    return [
        (f"node{n} pid {pid}", rss)
        for n, node in enumerate(nodes, 1)
        for pid, rss in workers_rss(node)
    ]


def wrk(url: str, body: dict, token: str, seconds: int, connections: int) -> dict:
    script = WRK_SCRIPT.format(body=json.dumps(json.dumps(body)), token=token)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
            + ["-s", f.name, url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(f.name)
    found = re.search(r"SCALE p50=(\d+) p95=(\d+) max=(\d+) n=(\d+) errors=(\d+)", out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p95, most, count, errors = (int(x) for x in found.groups())
    return {
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "max_ms": most / 1000,
        "requests": count,
        "errors": errors,
        "rate": rate,
    }


def post(url: str, query: str, variables: dict, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        url + "/graphql", json={"query": query, "variables": variables}, headers=headers,
        timeout=120,
    )  # fmt: skip
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


async def login_all(urls: list[str], nips: list[str]) -> dict[str, str]:
    """A token per NIP, the logins spread over the nodes, a few at a time."""
    tokens: dict[str, str] = {}
    limit = asyncio.Semaphore(8)
    async with httpx.AsyncClient(timeout=120) as http:

        async def one(index: int, nip: str) -> None:
            async with limit:
                response = await http.post(
                    urls[index % len(urls)] + "/graphql",
                    json={"query": LOGIN, "variables": {"nip": nip, "password": PASSWORD}},
                )
                answer = response.json()["data"]["login"]
                assert answer["__typename"] == "LoginSuccess", (nip, answer)
                tokens[nip] = answer["token"]

        await asyncio.gather(*(one(i, nip) for i, nip in enumerate(nips)))
    return tokens


def sessions_for(url: str, nips: list[str], hours: int = 12) -> dict[str, str]:
    """A token per NIP without signing in: the sessions written straight into the database
    (as ``services.accounts.login`` writes them, token stored as its SHA-256). Set-up only:
    327 real logins (argon2 each, on the nodes the bench then measures) took 157 s under
    load; this is one statement."""
    from kinerja_core.auth.tokens import new_token, token_hash

    tokens = {nip: new_token() for nip in nips}
    rows = ", ".join(f"('{int(nip):018d}', '{token_hash(t)}')" for nip, t in tokens.items())
    found = psql(
        url,
        "INSERT INTO session (account_id, token_hash, created_at, expires_at)"
        f" SELECT a.id, v.hash, now(), now() + interval '{int(hours)} hours'"
        f" FROM (VALUES {rows}) AS v(nip, hash) JOIN employee e ON e.nip = v.nip"
        " JOIN account a ON a.employee_id = e.id AND a.is_active RETURNING id",
    )
    written = [row for row in found if row[0].isdigit()]  # not psql's "INSERT 0 n"
    assert len(written) == len(tokens), f"{len(written)} sessions for {len(tokens)} NIPs"
    return tokens


def pick_plans(url: str, count: int, per_rater: int = 10) -> list[tuple[str, str, str, str]]:
    """``count`` APPROVED plans of distinct owners, at most ``per_rater`` per rater."""
    taken: dict[str, int] = defaultdict(int)
    owners: set[str] = set()
    chosen = []
    for plan, owner, rater, work in psql(url, PLANS_SQL):
        if owner in owners or taken[rater] >= per_rater or owner == rater:
            continue
        chosen.append((plan, owner, rater, work))
        owners.add(owner)
        taken[rater] += 1
        if len(chosen) == count:
            return chosen
    raise SystemExit(f"only {len(chosen)} plans fit for {count} subscriptions")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def subscriptions(
    nodes: list[Server], url: str, count: int, concurrency: int, real_logins: bool = False
) -> tuple[dict, list[tuple[str, float]]]:
    plans = pick_plans(url, count)
    started = time.perf_counter()
    people = sorted({p[1] for p in plans} | {p[2] for p in plans})
    if real_logins:
        tokens = await login_all([n.url for n in nodes], people)
    else:
        tokens = sessions_for(url, people)
    login_seconds = time.perf_counter() - started
    async with AsyncExitStack() as stack:
        sockets = []
        started = time.perf_counter()
        for index, (plan, owner, _rater, _work) in enumerate(plans):
            node = nodes[index % 2]
            ws = await stack.enter_async_context(
                GraphQLWS.connect(node.websocket, {"authorization": f"Bearer {tokens[owner]}"})
            )
            await ws.subscribe("fb", SUB_FEEDBACK, {"planId": plan})
            sockets.append(ws)
        for ws in sockets:
            await ws.listening()
        connect_seconds = time.perf_counter() - started
        limit = asyncio.Semaphore(concurrency)
        latencies: list[float] = []
        after_answer: list[float] = []
        async with httpx.AsyncClient(timeout=120) as http:
            retried: list[int] = []

            async def send(url: str, variables: dict, token: str) -> httpx.Response:
                return await http.post(
                    url + "/graphql",
                    json={"query": FEEDBACK, "variables": variables},
                    headers={"Authorization": f"Bearer {token}"},
                )

            async def give(index: int) -> None:
                plan, _owner, rater, work = plans[index]
                other = nodes[(index + 1) % 2]  # not the node that holds the WebSocket
                text = f"Umpan balik skala {index}"
                variables = {"input": {"planId": plan, "target": "WORK_RESULT",
                                       "workResultId": work, "text": text}}  # fmt: skip
                async with limit:
                    sent = time.perf_counter()
                    try:
                        response = await send(other.url, variables, tokens[rater])
                    except httpx.TransportError:  # a kept-alive connection closed under us
                        retried.append(index)
                        response = await send(other.url, variables, tokens[rater])
                    answered = time.perf_counter()
                    given = response.json()["data"]["giveFeedback"]
                    assert given["__typename"] == "Feedback", given
                got = await sockets[index].next("fb", timeout=60)
                arrived = time.perf_counter()
                assert got["data"]["feedbackReceived"]["text"] == text, got
                latencies.append((arrived - sent) * 1000)
                after_answer.append(max(arrived - answered, 0) * 1000)

            started = time.perf_counter()
            await asyncio.gather(*(give(i) for i in range(len(plans))))
            feedback_seconds = time.perf_counter() - started
        rss = all_rss(nodes)
    result = {
        "count": len(plans),
        "delivered": len(latencies),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies),
        "after_answer_p50_ms": percentile(after_answer, 0.5),
        "after_answer_p95_ms": percentile(after_answer, 0.95),
        "retried": len(retried),
        "logins": len(people),
        "sign_in": "logins" if real_logins else "sessions written",
        "login_s": login_seconds,
        "connect_s": connect_seconds,
        "feedback_s": feedback_seconds,
    }
    return result, rss


def keep_logs(work: Path, into: Path) -> None:
    """Copy the nodes' and nginx's logs out of the temporary directory (kept after the run)."""
    into.mkdir(parents=True, exist_ok=True)
    for log in [*work.glob("*/*.log"), *work.glob("nginx/logs/*.log")]:
        shutil.copy(log, into / f"{work.name}-{log.parent.name}-{log.name}")


def measure(data: Data, args: argparse.Namespace, work: Path) -> Figures:
    figures = Figures(data.employees, (data.data_dir / "loaded").read_text().strip())
    # Planner statistics first: a freshly loaded database has none until autovacuum runs
    # (and autovacuum may be off, as on this machine); without them PostgreSQL picks nested
    # loops over the whole city. Production gets them from autovacuum or an ANALYZE after a
    # bulk load or a restore (docs/operations.md).
    started = time.perf_counter()
    psql(data.database_url, "ANALYZE")
    figures.analyze_s = time.perf_counter() - started
    env = {
        "KINERJA_EVIDENCE_STORE": "database",
        "KINERJA_THROTTLE_STORE": "database",
        "KINERJA_TRUSTED_PROXIES": "127.0.0.1",
        "KINERJA_RATE_LIMIT_PER_ADDRESS": "0",
        "KINERJA_RATE_LIMIT_PER_TOKEN": "0",
        # the 10 s limit would cut the slow answers off: measure them, count those over it
        "KINERJA_EXECUTION_TIMEOUT_MS": str(args.timeout_ms),
    }
    with ExitStack() as stack:
        stack.callback(keep_logs, work, args.logs)
        nodes = []
        for name in ("node1", "node2"):
            (work / name).mkdir(parents=True, exist_ok=True)
            nodes.append(
                stack.enter_context(
                    running_server(work / name, data.database_url, env=env, name=name,
                                   migrate_first=False, extra_args=["--workers", "2"])
                )
            )  # fmt: skip
        if nginx_binary() and not args.no_nginx:
            upstreams = [node.url.removeprefix("http://") for node in nodes]
            targets = [stack.enter_context(running_nginx(work / "nginx", upstreams)).url]
        else:
            targets = [node.url for node in nodes]
        nip, agency_id = psql(data.database_url, HEAD_SQL)[0]
        token = post(targets[0], LOGIN, {"nip": nip, "password": PASSWORD})["login"]["token"]
        views = {
            "team view (first 100)": ((OPERATIONS / "team_view.graphql").read_text(), {}),
            "agency dashboard": (
                (OPERATIONS / "agency_dashboard.graphql").read_text(),
                {"agencyId": agency_id},
            ),
        }
        for name, (query, variables) in views.items():
            started = time.perf_counter()  # warm-up: one request alone, timed
            answer = httpx.post(
                targets[0] + "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
                timeout=args.timeout_ms / 1000 + 30,
            ).json()
            alone_ms = (time.perf_counter() - started) * 1000
            if answer.get("errors"):  # e.g. query.timeout: no load run on a view that fails
                error = answer["errors"][0].get("extensions", {}).get("code", "error")
                figures.views[name] = {"failed": error, "alone_ms": alone_ms}
                print(f"  {name}: {error} after {alone_ms:.0f} ms alone", flush=True)
                continue
            body = {"query": query, "variables": variables}
            runs = [
                wrk(targets[i % len(targets)] + "/graphql", body, token, args.duration,
                    args.connections)
                for i in range(args.rounds)
            ]  # fmt: skip
            best = min(runs, key=lambda r: r["p50_ms"])
            figures.views[name] = best | {"runs": runs, "alone_ms": alone_ms}
            print(f"  {name}: {json.dumps(runs)}", flush=True)
        figures.rss_after_load = all_rss(nodes)
        if args.subscriptions:
            figures.subscriptions, figures.rss_with_subscriptions = asyncio.run(
                subscriptions(
                    nodes,
                    data.database_url,
                    args.subscriptions,
                    args.concurrency,
                    args.real_logins,
                )
            )
            print(f"  subscriptions: {json.dumps(figures.subscriptions)}", flush=True)
    return figures


def report(all_figures: list[Figures], args: argparse.Namespace) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = Path("/proc/loadavg").read_text().split()[:3]
    lines = [
        f"commit {commit}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"at the end {' '.join(load)}; 2 nodes x 2 workers, "
        f"{'through nginx' if nginx_binary() and not args.no_nginx else 'nodes alternated'}, "
        f"wrk -t1 -c{args.connections} -d{args.duration}s, best p50 of {args.rounds} run(s)",
        "",
        "| employees | demo load | view | alone | p50 | p95 | max | req/s | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in all_figures:
        for name, v in f.views.items():
            load = f"{f.load_time} (ANALYZE {f.analyze_s:.0f} s)"
            start = f"| {f.employees:,} | {load} | {name} | {v['alone_ms']:.0f} ms |"
            if "failed" in v:
                lines.append(f"{start} {v['failed']} (limit {args.timeout_ms} ms) | | | | |")
                continue
            lines.append(
                f"{start} {v['p50_ms']:.0f} ms | {v['p95_ms']:.0f} ms | {v['max_ms']:.0f} ms | "
                f"{v['rate']:.1f} | {v['errors']} |"
            )
    lines += ["", "| employees | RSS per worker after the load | with the subscriptions open |"]
    lines += ["| --- | --- | --- |"]
    for f in all_figures:
        after = ", ".join(f"{rss:.0f}" for _, rss in f.rss_after_load)
        subs = ", ".join(f"{rss:.0f}" for _, rss in f.rss_with_subscriptions) or "-"
        lines.append(f"| {f.employees:,} | {after} MB | {subs} MB |")
    for f in all_figures:
        s = f.subscriptions
        if s:
            lines.append(
                f"\n{f.employees:,} employees: {s['delivered']}/{s['count']} subscriptions got "
                f"their event (feedback through the other node, {args.concurrency} at a time): "
                f"p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, max {s['max_ms']:.0f} ms "
                f"from the request; after the mutation's answer p50 "
                f"{s['after_answer_p50_ms']:.0f} ms, p95 {s['after_answer_p95_ms']:.0f} ms; "
                f"{s['logins']} {s['sign_in']} {s['login_s']:.0f} s, "
                f"connections {s['connect_s']:.0f} s, "
                f"all feedback {s['feedback_s']:.0f} s, {s['retried']} requests sent again "
                "after a dropped connection"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4, help="one per worker")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--subscriptions", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=10, help="feedbacks at once")
    parser.add_argument(
        "--timeout-ms", type=int, default=60_000, help="execution_timeout_ms of the nodes"
    )
    parser.add_argument("--logs", type=Path, default=Path("/tmp/kinerja-scale-logs"))
    parser.add_argument(
        "--real-logins",
        action="store_true",
        help="sign the subscribers and raters in through the login mutation (argon2 on the "
        "nodes) instead of writing their sessions into the database",
    )
    parser.add_argument("--no-nginx", action="store_true", help="alternate between the nodes")
    args = parser.parse_args()
    # a SIGTERM (e.g. from `timeout`) unwinds like Ctrl+C: the nodes and nginx are stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = []
    with tempfile.TemporaryDirectory(prefix="kinerja-scale-") as tmp:
        for employees in args.employees:
            print(f"-- {employees} employees", flush=True)
            data = demo_database(employees, args.postgres)
            results.append(measure(data, args, Path(tmp) / str(employees)))
    print()
    print(report(results, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
