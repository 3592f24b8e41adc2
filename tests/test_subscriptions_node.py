"""The graphql-ws npm client (tests/ws/subscribe.mjs) against a real `kinerja serve`.

Needs Node.js and ``npm ci --prefix tests/ws``. ``KINERJA_SKIP_NODE=1`` skips it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.servers import ROOT, Server, running_server
from tests.ws.data import FEEDBACK, SUB_FEEDBACK, feedback_input
from tests.ws.seed import Seeded, seed

CLIENT_DIR = ROOT / "tests" / "ws"
TIMEOUT = 10.0


@pytest.fixture(scope="module")
def node() -> str:
    """The node binary, with graphql-ws installed beside subscribe.mjs."""
    if os.environ.get("KINERJA_SKIP_NODE") == "1":
        pytest.skip("KINERJA_SKIP_NODE=1")
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the graphql-ws client test (or KINERJA_SKIP_NODE=1).")
    if not (CLIENT_DIR / "node_modules" / "graphql-ws").is_dir():
        pytest.fail("The graphql-ws client is not installed: run `npm ci --prefix tests/ws`.")
    return node


@pytest.fixture(scope="module")
def stack(node: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Seeded]]:
    tmp_path = tmp_path_factory.mktemp("node")
    url = f"sqlite://{tmp_path / 'node.sqlite3'}"
    seeded = seed(tmp_path, url)
    with running_server(tmp_path, url, migrate_first=False) as server:
        yield server, seeded


class NodeClient:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def line(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), TIMEOUT)
        if not raw:
            stderr = await self.process.stderr.read() if self.process.stderr else b""
            pytest.fail(f"the node client ended without output: {stderr.decode()}")
        return json.loads(raw)

    async def exit_code(self) -> int:
        return await asyncio.wait_for(self.process.wait(), TIMEOUT)


async def start(node: str, server: Server, token: str, count: int) -> NodeClient:
    process = await asyncio.create_subprocess_exec(
        node,
        str(CLIENT_DIR / "subscribe.mjs"),
        server.websocket,
        token,
        str(count),
        SUB_FEEDBACK,
        cwd=CLIENT_DIR,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return NodeClient(process)


@pytest.fixture
async def clients() -> AsyncIterator[list[NodeClient]]:
    started: list[NodeClient] = []
    yield started
    for client in started:
        if client.process.returncode is None:
            client.process.kill()
            await client.process.wait()


async def test_graphql_ws_client_receives_feedback(
    node: str, stack: tuple[Server, Seeded], clients: list[NodeClient]
) -> None:
    server, seeded = stack
    world = seeded.world
    plan, work, _ = seeded["feedback_staff"]
    client = await start(node, server, world.staff.token, count=2)
    clients.append(client)
    assert await client.line() == {"ready": True}

    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        for text in ("Dari klien npm", "Dan yang kedua"):
            response = await http.post(
                "/graphql",
                json={"query": FEEDBACK, "variables": feedback_input(plan, work, text)},
                headers={"Authorization": f"Bearer {world.kasubag.token}"},
            )
            assert response.json()["data"]["giveFeedback"]["__typename"] == "Feedback"

    for text in ("Dari klien npm", "Dan yang kedua"):
        got = (await client.line())["next"]["data"]["feedbackReceived"]
        assert got["text"] == text
        assert got["author"]["id"] == world.kasubag.id
    assert await client.exit_code() == 0


async def test_graphql_ws_client_with_a_bad_token_is_refused_with_4403(
    node: str, stack: tuple[Server, Seeded], clients: list[NodeClient]
) -> None:
    server, _ = stack
    client = await start(node, server, "kin_not-a-real-token", count=1)
    clients.append(client)
    assert await client.line() == {"closed": 4403, "reason": "Forbidden"}
    assert await client.exit_code() == 0
