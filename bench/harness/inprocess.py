"""The two apps under test in this process: ASGI through httpx, no network, no uvicorn.

:func:`apps` opens the server's app (``kinerja_core.app.create_app``, its own lifespan: plugins,
database) and the hand-written Starlette app of :mod:`bench.harness.handwritten` on the same
demo data, and yields a :class:`Clients` that posts to either. Used by bench/instructions.py
(instruction counts under callgrind) and to check the answers without starting servers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bench.harness.server import Data

LOGIN = "mutation($n:String!,$p:String!){login(nip:$n,password:$p){... on LoginSuccess{token}}}"


@dataclass
class Clients:
    graphql: Any  # httpx.AsyncClient on the server's app
    hand: Any  # httpx.AsyncClient on the hand-written app

    async def login(self, nip: str, password: str) -> str:
        body = {"query": LOGIN, "variables": {"n": nip, "p": password}}
        answer = (await self.graphql.post("/graphql", json=body)).json()
        return answer["data"]["login"]["token"]

    async def ask_graphql(self, body: dict, token: str) -> bytes:
        response = await self.graphql.post("/graphql", json=body, headers=_bearer(token))
        return response.content

    async def ask_hand(self, route: str, variables: dict, token: str) -> bytes:
        response = await self.hand.post(route, json=variables, headers=_bearer(token))
        return response.content


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def apps(data: Data, *, graphql: bool = True, hand: bool = True) -> AsyncIterator[Clients]:
    """Both apps on ``data`` (or one: the other client is None), their lifespans run, as
    httpx clients."""
    os.environ.update(data.env)  # before the imports: both read their settings from it
    import httpx

    from bench.harness import handwritten
    from kinerja_core.app import create_app
    from kinerja_core.settings import load_settings

    async with contextlib.AsyncExitStack() as stack:
        clients = Clients(None, None)
        for wanted, name, make in (
            (graphql, "graphql", lambda: create_app(load_settings())),
            (hand, "hand", lambda: handwritten.app),
        ):
            if wanted:
                app = make()
                await stack.enter_async_context(app.router.lifespan_context(app))
                transport = httpx.ASGITransport(app=app)
                client = httpx.AsyncClient(transport=transport, base_url="http://bench")
                setattr(clients, name, await stack.enter_async_context(client))
        yield clients
