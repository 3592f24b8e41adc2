"""A small graphql-transport-ws client over the ``websockets`` library, for tests.

https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md::

    async with GraphQLWS.connect(url, {"authorization": f"Bearer {token}"}) as ws:
        await ws.subscribe("1", "subscription { feedbackReceived { id text } }")
        await ws.listening()          # ping/pong: the server set the subscription up
        ...                           # cause the event
        message = await ws.next("1")  # {"data": {...}} (the payload of the next message)

Every wait has a timeout (:data:`TIMEOUT`); nothing here sleeps.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets
from websockets.exceptions import ConnectionClosed

PROTOCOL = "graphql-transport-ws"
TIMEOUT = 5.0  # seconds any single wait may take


class ProtocolError(AssertionError):
    pass


class GraphQLWS:
    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.pending: list[dict[str, Any]] = []  # received, not yet asked for

    @classmethod
    @asynccontextmanager
    async def connect(
        cls,
        url: str,
        payload: dict[str, Any] | None = None,
        *,
        init: bool = True,
        headers: dict[str, str] | None = None,
        subprotocols: tuple[str, ...] = (PROTOCOL,),
    ) -> AsyncIterator[GraphQLWS]:
        async with websockets.connect(
            url,
            subprotocols=list(subprotocols),
            additional_headers=headers,
            open_timeout=TIMEOUT,
            close_timeout=1,
        ) as socket:
            client = cls(socket)
            if init:
                await client.init(payload)
            yield client

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def receive(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.socket.recv(), timeout)
        return json.loads(raw)

    async def init(self, payload: dict[str, Any] | None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        ack = await self.receive()
        if ack.get("type") != "connection_ack":
            raise ProtocolError(f"expected connection_ack, got {ack}")
        return ack

    async def subscribe(self, id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        await self.send({"id": id, "type": "subscribe", "payload": payload})

    async def listening(self) -> None:
        """Ping and wait for the pong: every earlier ``subscribe`` is now listening."""
        await self.send({"type": "ping"})
        await self._wait(lambda m: m.get("type") == "pong")

    async def complete(self, id: str) -> None:
        await self.send({"id": id, "type": "complete"})

    async def _wait(self, wanted: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        for i, message in enumerate(self.pending):
            if wanted(message):
                return self.pending.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching message within {timeout}s; got {self.pending}")
            message = await self.receive(left)
            if message.get("type") == "ping":
                await self.send({"type": "pong"})
                continue
            if wanted(message):
                return message
            self.pending.append(message)

    async def message(self, id: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The next message (next, error or complete) of operation ``id``."""
        return await self._wait(lambda m: m.get("id") == id, timeout)

    async def next(self, id: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The payload of the next ``next`` message of ``id`` (fails on error/complete)."""
        message = await self.message(id, timeout)
        if message.get("type") != "next":
            raise ProtocolError(f"expected next for {id}, got {message}")
        return message["payload"]

    async def closed(self, timeout: float = TIMEOUT) -> tuple[int | None, str]:
        """Wait until the server closes the socket: (close code, reason)."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    message = json.loads(await self.socket.recv())
                    self.pending.append(message)
        except ConnectionClosed as exc:
            received = exc.rcvd
            return (received.code, received.reason) if received else (None, "")
