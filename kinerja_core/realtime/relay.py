"""Relays: how a committed event gets from the process that wrote it to every process's hub.

- :class:`LocalRelay` (SQLite, one process): the event bus feeds this process's hub directly.
- :class:`PostgresRelay` (any number of processes over one PostgreSQL): the event bus sends
  ``NOTIFY kinerja_events`` with the event as JSON (ids only, far below PostgreSQL's 8000-byte
  limit); every process, the writer included, holds one dedicated asyncpg connection that
  ``LISTEN``\\ s and feeds its hub. So each subscriber gets each event exactly once, whichever
  process it is connected to. A lost listening connection is logged and re-opened with a
  growing pause; events committed while it is down do not reach that process's subscribers.

The NOTIFY goes through tortoise's connection: outside a transaction it is sent at once, and if
an event is ever published inside a still-open transaction, PostgreSQL holds it until that
transaction commits and drops it on rollback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kinerja_core.events import Event
from kinerja_core.realtime.hub import Hub

log = logging.getLogger("kinerja.realtime")

CHANNEL = "kinerja_events"
NOTIFY_LIMIT = 7900  # bytes; PostgreSQL refuses payloads of 8000 bytes and more
KEEPALIVE_SECONDS = 30.0  # how often an idle listening connection is checked
RETRY_FIRST, RETRY_MAX = 0.5, 10.0  # seconds between reconnection attempts (doubling)
FORMAT = 1  # the version of the JSON below


def encode(event: Event, origin: str, seq: int) -> str:
    """The NOTIFY payload of an event (``origin``/``seq`` keep equal events apart)."""
    body = {"v": FORMAT, "n": event.name, "p": event.payload, "r": event.request_id}
    body["o"], body["s"] = origin, seq
    return json.dumps(body, default=str, separators=(",", ":"), ensure_ascii=False)


def decode(text: str) -> tuple[str, dict[str, Any], str]:
    """(name, payload, request id) of a NOTIFY payload; ValueError when it is not ours."""
    body = json.loads(text)
    if not isinstance(body, dict) or body.get("v") != FORMAT:
        raise ValueError("unknown event format")
    name, payload = body.get("n"), body.get("p")
    if not isinstance(name, str) or not isinstance(payload, dict):
        raise ValueError("event without name or payload")
    return name, payload, str(body.get("r") or "")


def asyncpg_dsn(url: str) -> str:
    """tortoise's PostgreSQL URL as an asyncpg DSN (pool options dropped, SSL ones kept)."""
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in ("postgres", "asyncpg", "psycopg") else parts.scheme
    keep = [
        (k, v)
        for k, v in parse_qsl(parts.query)
        if k.startswith("ssl") or k in ("passfile", "target_session_attrs", "connect_timeout")
    ]
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(keep), ""))


class LocalRelay:
    """One process: committed events go straight to this process's hub."""

    kind = "local"

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, event: Event) -> None:
        self.hub.dispatch(event.name, event.payload, event.request_id)


class PostgresRelay:
    """NOTIFY on publish, LISTEN on a dedicated connection feeding the hub (see module doc)."""

    kind = "postgres"

    def __init__(self, hub: Hub, url: str, *, channel: str = CHANNEL) -> None:
        self.hub = hub
        self.dsn = asyncpg_dsn(url)
        self.channel = channel
        self.origin = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._seq = 0
        self._conn: Any = None
        self._task: asyncio.Task | None = None
        self._lost: asyncio.Event | None = None
        self._stopping = False
        self.listening = asyncio.Event()
        self.connections_opened = 0  # how many times LISTEN was set up (1 + reconnections)
        self._open_waiters: list[asyncio.Future] = []

    # -- publishing -----------------------------------------------------------------------

    async def publish(self, event: Event) -> None:
        from tortoise import connections

        self._seq += 1
        text = encode(event, self.origin, self._seq)
        if len(text.encode()) > NOTIFY_LIMIT:
            # payloads hold ids; one this big is a bug in whoever emitted it. The other
            # processes cannot get it, this one's subscribers still do.
            log.error(
                "event %s is too big to NOTIFY (%s bytes): delivered in this process only",
                event.name,
                len(text.encode()),
            )
            self.hub.dispatch(event.name, event.payload, event.request_id)
            return
        conn = connections.get("default")
        await conn.execute_query("SELECT pg_notify($1, $2)", [self.channel, text])

    # -- listening ------------------------------------------------------------------------

    def _on_notification(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            name, body, request_id = decode(payload)
        except ValueError as exc:
            log.warning("ignored a notification on %s: %s", self.channel, exc)
            return
        self.hub.dispatch(name, body, request_id)

    def _on_termination(self, _conn: Any) -> None:
        if self._lost is not None:
            self._lost.set()

    async def _connect(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(
            self.dsn, server_settings={"application_name": "kinerja-realtime"}
        )
        try:
            self._lost = asyncio.Event()
            conn.add_termination_listener(self._on_termination)
            await conn.add_listener(self.channel, self._on_notification)
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        self.connections_opened += 1
        self.listening.set()
        waiters, self._open_waiters = self._open_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
        log.info("realtime: listening on %s", self.channel)

    async def opened_more_than(self, count: int) -> None:
        """Wait until LISTEN was set up more than ``count`` times (tests, health checks)."""
        while self.connections_opened <= count:
            waiter = asyncio.get_running_loop().create_future()
            self._open_waiters.append(waiter)
            await waiter

    @property
    def server_pid(self) -> int | None:
        """The PostgreSQL backend of the listening connection, when there is one."""
        return None if self._conn is None else self._conn.get_server_pid()

    async def _close_connection(self) -> None:
        conn, self._conn = self._conn, None
        self.listening.clear()
        if conn is not None and not conn.is_closed():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=5)

    async def _alive(self) -> bool:
        """Wait until the connection is lost or a keep-alive check fails (False), or is fine."""
        assert self._lost is not None
        try:
            await asyncio.wait_for(self._lost.wait(), timeout=KEEPALIVE_SECONDS)
            return False
        except TimeoutError:
            pass
        try:
            await asyncio.wait_for(self._conn.fetchval("SELECT 1"), timeout=10)
            return True
        except Exception:
            return False

    async def _supervise(self) -> None:
        pause = RETRY_FIRST
        while not self._stopping:
            if self._conn is None:
                try:
                    await self._connect()
                    pause = RETRY_FIRST
                except Exception as exc:
                    log.warning("realtime: cannot LISTEN (%s); retrying in %.1fs", exc, pause)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, RETRY_MAX)
                    continue
            if not await self._alive():
                if self._stopping:
                    break
                log.warning(
                    "realtime: lost the LISTEN connection; reconnecting (events committed "
                    "meanwhile are not delivered to this process's subscribers)"
                )
                await self._close_connection()

    async def start(self) -> None:
        """LISTEN before the server takes requests; if the database is not there yet, keep
        trying in the background (logged) rather than refusing to start."""
        self._stopping = False
        try:
            await self._connect()
        except Exception as exc:
            log.error("realtime: cannot LISTEN on %s yet (%s); retrying", self.channel, exc)
        self._task = asyncio.create_task(self._supervise(), name="kinerja-realtime-listen")

    async def stop(self) -> None:
        self._stopping = True
        if self._lost is not None:
            self._lost.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        await self._close_connection()


def make_relay(hub: Hub, database_url: str) -> LocalRelay | PostgresRelay:
    """PostgreSQL: LISTEN/NOTIFY across processes; anything else: in-process."""
    if database_url.split("://", 1)[0] in ("postgres", "postgresql", "asyncpg"):
        return PostgresRelay(hub, database_url)
    return LocalRelay(hub)
