"""Where one request's time goes: its statements with their times, and a cProfile summary.

    python bench/profile_request.py --employees 1000 --operation agency_dashboard
    python bench/profile_request.py --employees 20000 --operation team_view --postgres URL
    python bench/profile_request.py --operation skp_detail   # any file the harness measures

Runs in-process (ASGI app through httpx, no network) on the benchmark's demo database
(bench/harness/server.py: loaded once per size under $KINERJA_BENCH_DIR), signed in as
Dinas Kesehatan's head like bench/compare.py. Prints each statement of one request with
its duration (slowest first), the median of ``--runs`` requests (wall clock, this process's
CPU time and the statements' time), and with ``--cprofile``
the functions with the most cumulative time. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.compare import OPERATIONS, PASSWORD, head_of_dinkes  # noqa: E402
from bench.harness.operations import head_of, login_nip, operations  # noqa: E402
from bench.harness.server import demo_database  # noqa: E402


async def main(args: argparse.Namespace) -> None:
    data = demo_database(args.employees, args.postgres)
    os.environ.update(data.env)
    # the harness's variables and viewer for the file (bench/harness/operations.py)
    text = (OPERATIONS / f"{args.operation}.graphql").read_text()
    known = next(
        (o for o in operations(data) if o.query == text and args.name in o.name), None
    )
    by_head = known is not None and known.nip is None
    nip, agency_id = head_of(data, known.viewer) if by_head else head_of_dinkes(data)
    nip = login_nip(data, known) if known else nip

    import httpx
    from tortoise import connections

    from kinerja_core.app import create_app
    from kinerja_core.db import close_db, init_db
    from kinerja_core.plugins.manager import discover_plugins
    from kinerja_core.settings import load_settings

    settings = load_settings()
    plugins = discover_plugins(settings)  # their tables too: a plugin's read has a connection
    await init_db(settings, plugins.model_apps())
    timings: list[tuple[float, str]] = []
    client = connections.get("default")
    original = type(client).execute_query

    async def timed(self, query, values=None):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return await original(self, query, values)
        finally:
            timings.append(((time.perf_counter() - start) * 1000, " ".join(query.split())))

    type(client).execute_query = timed
    query = (OPERATIONS / f"{args.operation}.graphql").read_text()
    variables = {"agencyId": str(agency_id)} if "$agencyId" in query else {}
    body = {"query": query, "variables": variables}
    if known is not None:
        body = known.body()
    app = create_app(settings, manage_db=False, plugins=plugins)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://b") as c:
        login = await c.post(
            "/graphql",
            json={
                "query": "mutation($n:String!,$p:String!){login(nip:$n,password:$p)"
                "{... on LoginSuccess{token}}}",
                "variables": {"n": nip, "p": PASSWORD},
            },
        )
        headers = {"Authorization": f"Bearer {login.json()['data']['login']['token']}"}
        answer = (await c.post("/graphql", json=body, headers=headers)).json()
        assert "errors" not in answer, answer["errors"]
        timings.clear()
        start = time.perf_counter()
        await c.post("/graphql", json=body, headers=headers)
        total = (time.perf_counter() - start) * 1000
        sql = sum(t for t, _ in timings)
        print(f"one request: {total:.1f} ms, {len(timings)} statements, {sql:.1f} ms in SQL")
        for ms, text in sorted(timings, reverse=True):
            print(f"  {ms:7.2f} ms  {text[: args.width]}")
        times = []
        cpu = []
        sql_sums = []
        import gc

        gc.collect()
        gc.freeze()  # as the server does after start-up (app.py)
        profiler = cProfile.Profile(time.thread_time) if args.cprofile else None
        for _ in range(args.runs):
            if profiler:
                profiler.enable()
            timings.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            await c.post("/graphql", json=body, headers=headers)
            cpu.append((time.process_time() - start_cpu) * 1000)
            times.append((time.perf_counter() - start) * 1000)
            sql_sums.append(sum(t for t, _ in timings))
            if profiler:
                profiler.disable()
        # CPU time of this process (all its threads: SQLite runs in aiosqlite's), which moves
        # far less with the machine's load than the wall-clock time
        print(
            f"median of {args.runs}: {statistics.median(times):.1f} ms,"
            f" CPU {statistics.median(cpu):.1f} ms (min {min(cpu):.1f}),"
            f" SQL {statistics.median(sql_sums):.1f} ms"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.cprofile)
            if os.environ.get("PROFILE_CALLERS"):
                pstats.Stats(profiler).print_callers(os.environ["PROFILE_CALLERS"])
    type(client).execute_query = original
    await close_db()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--postgres", help="postgres://user@host/db: run on PostgreSQL")
    parser.add_argument("--operation", default="agency_dashboard", help="schema/operations name")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--name", default="", help="the harness operation of that file whose name has this"
    )
    parser.add_argument("--cprofile", type=int, default=0, help="print this many functions")
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument(
        "--sort", default="cumulative", help="cProfile order: cumulative, tottime, ncalls"
    )
    asyncio.run(main(parser.parse_args()))
