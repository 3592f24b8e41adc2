"""Long schema-fuzzing run (not part of the tests): generated queries and mutations, counted.

    python bench/fuzz.py --examples 5000                      # documents, SQLite in a temp dir
    python bench/fuzz.py --examples 5000 --database-url postgres://postgres@127.0.0.1/kf_{}

The same generator and world as ``tests/test_fuzz.py`` (hypothesis-graphql over the served
schema with both first-party plugins), each document sent as an employee and as a central
admin (so ``--examples 5000`` makes 10,000 requests), through the app in-process. Prints
the requests, HTTP statuses, outcomes by error code, and every request that got a 5xx or an
``internal`` error (the run exits 1 when there is any). ``--seed`` other than 0 draws other
documents than the deterministic CI run (again the same ones for the same seed).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from kinerja_core.app import create_app  # noqa: E402
from kinerja_core.db import tortoise_config  # noqa: E402
from kinerja_core.models import Account  # noqa: E402
from kinerja_core.plugins.manager import start_plugins  # noqa: E402
from kinerja_core.settings import Settings  # noqa: E402
from tests.fuzzing import Tally, request_body, restore_sessions, run_fuzz, served_sdl  # noqa: E402
from tests.support import build_world  # noqa: E402
from tests.test_plans import add_result, create_plan  # noqa: E402
from tests.test_statement_counts_plugins import plugin_data  # noqa: E402

PLUGINS = {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


async def main(examples: int, database_url: str, seed: int, every: int) -> int:
    # the answers are what is judged; thousands of logged refusals would only slow the run
    logging.disable(logging.ERROR)
    data = Path(tempfile.mkdtemp(prefix="kinerja-fuzz-"))
    url = database_url.replace("{}", uuid.uuid4().hex[:10]) or f"sqlite://{data / 'fuzz.db'}"
    settings = Settings(environment="test", data_dir=data / "data", database_url=url)
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    manager = await start_plugins(settings, explicit=PLUGINS)
    config = tortoise_config(settings, manager.model_apps())
    await Tortoise.init(config=config, _create_db=True, _enable_global_fallback=True)
    await Tortoise.generate_schemas()
    try:
        world = await build_world()
        await plugin_data(world)
        app = create_app(settings, manage_db=False, plugins=manager)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as client:
            plan = await create_plan(client, world.staff)
            await add_result(client, world.staff, plan["id"])
            people = {"employee": world.staff, "central_admin": world.central}
            ids = [p.employee.id for p in people.values()]
            account_ids = [a.id for a in await Account.filter(employee_id__in=ids)]

            async def send(role: str, document: str) -> httpx.Response:
                headers = {
                    "Authorization": f"Bearer {people[role].token}",
                    "Content-Type": "application/json",
                }
                body = request_body(document)
                return await client.post("/graphql", content=body, headers=headers)

            started = time.perf_counter()

            def progress(t: Tally) -> None:
                if t.requests % every == 0:
                    print(
                        f"... {t.requests} requests, {time.perf_counter() - started:.0f} s,"
                        f" {len(t.failures)} failing; {dict(t.outcomes.most_common(6))}",
                        flush=True,
                    )

            tally = Tally(progress=progress)
            await asyncio.to_thread(
                run_fuzz,
                asyncio.get_running_loop(),
                send,
                list(people),
                served_sdl(app),
                examples=examples,
                reset=lambda: restore_sessions(account_ids),
                tally=tally,
                seed=seed,
            )
            elapsed = time.perf_counter() - started
    finally:
        if url.startswith("postgres"):
            await Tortoise._drop_databases()
        await Tortoise.close_connections()

    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"engine: {engine}; documents: {examples}, each sent as: employee, central_admin;"
        f" seed: {seed or 'derandomize'}"
    )
    print(f"requests: {tally.requests} in {elapsed:.0f} s ({tally.requests / elapsed:.0f}/s)")
    print("HTTP statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    print("outcomes (one per error, 'ok' for a clean answer):")
    for code, count in tally.outcomes.most_common():
        print(f"  {count:7d}  {code}")
    print(f"5xx or internal: {len(tally.failures)}")
    for role, problem, document in tally.failures[:20]:
        print(f"--- [{role}] {problem}\n{document[:2000]}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="documents (x2 requests)")
    parser.add_argument("--database-url", default="", help='"{}" becomes a fresh name')
    parser.add_argument("--seed", type=int, default=0, help="0: the deterministic documents")
    parser.add_argument("--every", type=int, default=500, help="progress line every N requests")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.examples, args.database_url, args.seed, args.every)))
