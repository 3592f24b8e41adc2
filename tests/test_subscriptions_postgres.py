"""Fan-out across processes: two `kinerja serve` processes on one fresh PostgreSQL database.

A subscriber connected to server 1 receives, within a second, the feedback the rater gives
through server 2 (the event travels as NOTIFY kinerja_events; both processes LISTEN). The
measured latency is printed (``pytest -s``) and written down in docs/realtime.md.

Skipped with the reason when PostgreSQL is unreachable, unless CI=true (then it fails).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.servers import Server, running_server
from tests.ws.client import GraphQLWS
from tests.ws.data import FEEDBACK, SUB_FEEDBACK, feedback_input
from tests.ws.pg import fresh_database
from tests.ws.seed import Seeded, seed

LIMIT = 1.0  # seconds, from sending the mutation to the subscriber's message


@pytest.fixture
def two_servers(tmp_path) -> Iterator[tuple[Server, Server, Seeded]]:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database())
        seeded = seed(tmp_path, url)
        one = stack.enter_context(running_server(tmp_path, url, migrate_first=False, name="one"))
        two = stack.enter_context(running_server(tmp_path, url, migrate_first=False, name="two"))
        yield one, two, seeded


async def test_subscriber_on_one_process_gets_feedback_given_through_another_within_a_second(
    two_servers: tuple[Server, Server, Seeded],
) -> None:
    one, two, seeded = two_servers
    world = seeded.world
    plan, work, _ = seeded["feedback_staff"]
    token = {"authorization": f"Bearer {world.staff.token}"}
    async with (
        GraphQLWS.connect(one.websocket, token) as on_one,
        GraphQLWS.connect(two.websocket, token) as on_two,
        httpx.AsyncClient(base_url=two.url, timeout=10) as http,
    ):
        for ws in (on_one, on_two):
            await ws.subscribe("fb", SUB_FEEDBACK)
            await ws.listening()

        latencies, after_response = [], []
        for text in ("Pertama lewat proses dua", "Kedua lewat proses dua"):
            started = time.perf_counter()
            response = await http.post(
                "/graphql",
                json={"query": FEEDBACK, "variables": feedback_input(plan, work, text)},
                headers={"Authorization": f"Bearer {world.kasubag.token}"},
            )
            answered = time.perf_counter()
            assert response.json()["data"]["giveFeedback"]["__typename"] == "Feedback"
            got = await on_one.next("fb", timeout=LIMIT)
            latencies.append(time.perf_counter() - started)
            after_response.append(time.perf_counter() - answered)
            assert got["data"]["feedbackReceived"]["text"] == text
            # the writer's own process gets it through LISTEN too: once, in order
            assert (await on_two.next("fb"))["data"]["feedbackReceived"]["text"] == text

    print(
        "\ncross-process feedback latency (mutation sent on server 2 -> message on server 1): "
        + ", ".join(f"{1000 * s:.1f} ms" for s in latencies)
        + "; after the mutation's response: "
        + ", ".join(f"{1000 * s:.1f} ms" for s in after_response)
    )
    assert max(latencies) < LIMIT
