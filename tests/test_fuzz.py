"""Generated queries and mutations never get a 5xx or an ``internal`` error.

hypothesis-graphql builds documents from the served schema (core + both first-party plugins)
for an employee and a central admin; a bounded, deterministic number of examples per role
(``derandomize``, no example database). ``bench/fuzz.py`` runs 10,000+ and prints the counts.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.fuzzing import Tally, request_body, restore_sessions, run_fuzz, served_sdl
from tests.test_plans import add_result, create_plan
from tests.test_statement_counts_plugins import plugin_data

# documents, each sent as both roles; well under a minute per database on the CI machine
EXAMPLES = int(os.environ.get("KINERJA_FUZZ_EXAMPLES", "60"))


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


async def test_generated_requests_never_fail_internally(client, world):
    await plugin_data(world)
    # an SKP with a result, so generated ids meet real rows of every kind now and then
    plan = await create_plan(client, world.staff)
    assert plan["__typename"] == "PerformancePlan", plan
    await add_result(client, world.staff, plan["id"])
    people = {"employee": world.staff, "central_admin": world.central}
    accounts = [p.employee.id for p in people.values()]
    account_ids = [a.id for a in await _accounts(accounts)]
    loop = asyncio.get_running_loop()
    tally = Tally()

    async def send(role: str, document: str):
        headers = {"Authorization": f"Bearer {people[role].token}",
                           "Content-Type": "application/json", "Accept-Language": "en"}
        return await client.post("/graphql", content=request_body(document), headers=headers)

    await asyncio.to_thread(
        run_fuzz, loop, send, list(people), served_sdl(client.app),
        examples=EXAMPLES, reset=lambda: restore_sessions(account_ids), tally=tally,
    )

    assert tally.requests >= 2 * EXAMPLES * 0.9, tally
    assert tally.statuses.get(200, 0) > 0
    assert not tally.failures, "\n\n".join(
        f"[{role}] {problem}:\n{document}" for role, problem, document in tally.failures[:5]
    )


async def _accounts(employee_ids):
    from kinerja_core.models import Account

    return await Account.filter(employee_id__in=employee_ids)
