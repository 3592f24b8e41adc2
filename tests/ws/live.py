"""An app served by uvicorn inside the test's event loop, on a free loopback port.

For tests that need a real WebSocket server but share the test's database connection (the
``db``/``world`` fixtures): no second process, no migrations, started in milliseconds. The
socket is bound and listening before uvicorn starts, so clients can connect at once (the
kernel queues them until uvicorn accepts); requests are served after the app's lifespan
start-up, as in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import uvicorn


@dataclass
class LiveServer:
    url: str
    app: Any

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"

    @property
    def websocket(self) -> str:
        return "ws" + self.graphql.removeprefix("http")


@contextlib.asynccontextmanager
async def live_server(app: Any) -> AsyncIterator[LiveServer]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.setblocking(False)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="on", log_level="warning", ws_ping_interval=None)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=10)
        sock.close()
