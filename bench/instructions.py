"""Instructions per request, GraphQL against hand-written SQL, under callgrind (issue 14).

    python bench/instructions.py --employees 1000 [--only team,me] [--requests 5] [--postgres URL]

Wall-clock throughput on a shared machine moves 2-3x between runs and perf counters are not
available here, so this counts the instructions the CPU executes for a request instead:
the same operations, variables, viewers and hand-written endpoints as bench/compare.py
(bench/harness/operations.py), both apps run in-process (httpx ASGITransport, no network,
no uvicorn: bench/harness/inprocess.py) on the same demo data, one valgrind
``--tool=callgrind`` process per side.

How start-up is excluded: the parent (not under valgrind) signs each viewer in and checks
that both sides answer the same bytes. The worker starts under callgrind with instrumentation
off (``--instr-atstart=no``: imports and schema at near native speed), sends every operation
once, says ready and waits until the parent has turned instrumentation on
(``callgrind_control --instr=on``). Then, per operation, it sends ``--warmup`` requests, an
empty group, then N requests; callgrind dumps its counters whenever the worker calls
``os.getppid()`` (``--dump-before=getppid``), between those groups, so each group is counted
apart, and ``(count(N) - count(empty)) / N`` is the cost of one request with the fixed cost
of a group (the dump call) subtracted too. (The same as counting N and 2N requests and
subtracting, for a third of the requests: under callgrind a request is ~50x slower.)
Everything the process runs counts (all threads: aiosqlite's worker thread or asyncpg's
protocol), the SQLite engine included; PostgreSQL's server process is not counted (it is
another process).

``--rounds 2`` runs each worker twice and prints both counts and how far apart they are: the
count does not depend on the machine's load (the hash seed is fixed: PYTHONHASHSEED=0). The
workers of all sides and rounds run at once.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness.operations import PASSWORD, login_nip, operations_of  # noqa: E402
from bench.harness.server import demo_database  # noqa: E402

SIDES = ("graphql", "hand")


async def prepare(args: argparse.Namespace, plan_file: Path) -> list[dict]:
    """Tokens and bodies of every operation, both answers checked equal; written for the
    workers to ``plan_file``."""
    from bench.harness import inprocess

    data = demo_database(args.employees, args.postgres)
    ops = operations_of(data, args.only)
    plan = []
    async with inprocess.apps(data) as clients:
        tokens: dict[str, str] = {}
        for op in ops:
            nip = login_nip(data, op)
            if nip not in tokens:
                tokens[nip] = await clients.login(nip, PASSWORD)
            token = tokens[nip]
            mine = await clients.ask_graphql(op.body(), token)
            theirs = await clients.ask_hand(op.route, op.variables, token)
            if mine != theirs:
                raise SystemExit(f"{op.name}: the two answers differ; run bench/compare.py")
            plan.append(
                {
                    "name": op.name,
                    "body": op.body(),
                    "route": op.route,
                    "variables": op.variables,
                    "token": token,
                    "bytes": len(mine),
                }
            )
    plan_file.write_text(
        json.dumps({"data": [data.employees, str(data.data_dir), data.database_url], "ops": plan})
    )
    return plan


async def work(plan_file: Path, side: str, go: Path, requests: int, warmup: int) -> None:
    """Under callgrind: each operation's warm-up, no request, then N, a dump between."""
    from bench.harness import inprocess
    from bench.harness.server import Data

    plan = json.loads(plan_file.read_text())
    employees, data_dir, url = plan["data"]
    data = Data(employees, Path(data_dir), url)
    async with inprocess.apps(data, graphql=side == "graphql", hand=side == "hand") as clients:

        async def ask(op: dict) -> None:
            if side == "graphql":
                await clients.ask_graphql(op["body"], op["token"])
            else:
                await clients.ask_hand(op["route"], op["variables"], op["token"])

        for op in plan["ops"]:  # not instrumented yet: at native speed
            await ask(op)
        print("ready", flush=True)
        while not go.exists():  # the parent turns instrumentation on, then makes the file
            time.sleep(0.05)
        for op in plan["ops"]:
            for _ in range(warmup):
                await ask(op)
            os.getppid()  # dump: everything before this operation
            os.getppid()  # dump: an empty group (what a group costs without requests)
            for _ in range(requests):
                await ask(op)
            os.getppid()  # dump: N requests


def counted(side: str, run: int, plan_file: Path, args: argparse.Namespace) -> list[int]:
    """Run the worker of ``side`` under callgrind; the instruction count of each dump."""
    out = plan_file.parent
    name = f"{side}-{run}"
    go = out / f"{name}.go"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",  # start-up at near native speed; on once the apps are up
        "--dump-before=getppid",
        f"--callgrind-out-file={out}/{name}.%p",
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        str(plan_file),
        side,
        str(go),
        "--requests",
        str(args.requests),
        "--warmup",
        str(args.warmup),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryFile("w+") as log:
        worker = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT
        )
        if worker.stdout.readline().strip() == "ready":
            on = ["callgrind_control", "--instr=on", str(worker.pid)]
            subprocess.run(on, check=True, capture_output=True, timeout=600)
            go.write_text("go")
        worker.stdout.read()
        if worker.wait():
            log.seek(0)
            raise SystemExit(f"{name} worker failed:\n{log.read()[-3000:]}")
    dumps = sorted(
        out.glob(f"{name}.*.*"), key=lambda p: int(p.name.rsplit(".", 1)[1])
    )  # name.PID.K, K from 1 in dump order; name.PID (no K) is the rest at exit
    totals = []
    for dump in dumps:
        found = re.search(r"^(?:totals|summary): (\d+)", dump.read_text(), re.M)
        totals.append(int(found.group(1)) if found else 0)
    return totals


def per_request(totals: list[int], operations: int, requests: int) -> list[float]:
    """Instructions per request of each operation: (N group - empty group) / N."""
    if len(totals) < 3 * operations:
        raise SystemExit(f"expected {3 * operations} callgrind dumps, found {len(totals)}")
    return [(totals[3 * i + 2] - totals[3 * i + 1]) / requests for i in range(operations)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--postgres", help="postgres://user@host/db: run on PostgreSQL")
    parser.add_argument("--only", help="comma-separated operation names")
    parser.add_argument("--requests", type=int, default=3, help="N per operation")
    parser.add_argument("--warmup", type=int, default=1, help="requests before counting")
    parser.add_argument("--rounds", type=int, default=1, help="run each worker this often")
    parser.add_argument("--worker", nargs=3, metavar=("PLAN", "SIDE", "GO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        plan_file, side, go = args.worker
        asyncio.run(work(Path(plan_file), side, Path(go), args.requests, args.warmup))
        return 0

    out = Path(tempfile.mkdtemp(prefix="kinerja-callgrind-"))
    plan_file = out / "plan.json"
    plan = asyncio.run(prepare(args, plan_file))
    counts: dict[str, list[list[float]]] = {side: [] for side in SIDES}
    runs = [(side, run) for run in range(args.rounds) for side in SIDES]
    # all at once: the counts do not depend on what else runs, and a shared machine gives
    # several processes more of its time than one
    with concurrent.futures.ThreadPoolExecutor(len(runs)) as pool:
        done = pool.map(lambda r: counted(r[0], r[1], plan_file, args), runs)
        for (side, _), totals in zip(runs, list(done), strict=True):
            counts[side].append(per_request(totals, len(plan), args.requests))
    engine = "PostgreSQL (server process not counted)" if args.postgres else "SQLite"
    load = os.getloadavg()
    print(
        f"\n{engine}, demo with {args.employees} employees, in-process, callgrind, "
        f"N={args.requests} after {args.warmup} warm-up, {args.rounds} round(s); "
        f"load average {load[0]:.1f} on {os.cpu_count()} cores\n"
    )
    print("| operation | answer | hand-written instr/request | GraphQL instr/request | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for i, op in enumerate(plan):
        hand = [r[i] for r in counts["hand"]]
        gql = [r[i] for r in counts["graphql"]]
        print(
            f"| {op['name']} | {op['bytes']:,} B | {_figure(hand)} | {_figure(gql)} | "
            f"{_median(gql) / _median(hand):.1f}x |"
        )
    return 0


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _figure(values: list[float]) -> str:
    """Millions of instructions; with several rounds, the spread between them."""
    text = f"{_median(values) / 1e6:,.2f} M"
    if len(values) > 1:
        spread = (max(values) - min(values)) / _median(values) * 100
        text += f" (rounds {' / '.join(f'{v / 1e6:,.2f}' for v in values)}, {spread:.2f}% apart)"
    return text


if __name__ == "__main__":
    raise SystemExit(main())
