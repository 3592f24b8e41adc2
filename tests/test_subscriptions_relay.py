"""Relays: the in-process one, and PostgreSQL NOTIFY/LISTEN between "processes" (two relays
with their own hubs and listening connections on one database, as two workers have).

The PostgreSQL tests make their own database (skipped with the reason when PostgreSQL is not
reachable, failing under CI=true).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from kinerja_core.db import tortoise_config
from kinerja_core.events import Event, EventBus
from kinerja_core.realtime import Realtime
from kinerja_core.realtime.hub import Hub
from kinerja_core.realtime.relay import (
    LocalRelay,
    PostgresRelay,
    asyncpg_dsn,
    decode,
    encode,
    make_relay,
)
from kinerja_core.settings import Settings
from tests.ws.pg import fresh_database_async


def test_notify_payload_round_trip_and_foreign_payloads() -> None:
    event = Event("feedback_given", {"feedback_id": 7, "plan_id": 3}, "req-1")
    text = encode(event, "1234-ab", 5)
    assert json.loads(text)["o"] == "1234-ab" and len(text) < 200
    assert decode(text) == ("feedback_given", {"feedback_id": 7, "plan_id": 3}, "req-1")
    for foreign in (
        '"hello"',
        '{"v": 2, "n": "x", "p": {}}',
        '{"v": 1, "p": {}}',
        '{"v": 1, "n": "x", "p": []}',
    ):
        with pytest.raises(ValueError):
            decode(foreign)
    with pytest.raises(ValueError):
        decode("not json")


def test_dsn_for_the_listening_connection() -> None:
    assert asyncpg_dsn("postgres://u:p@db:5432/kinerja?minsize=2&maxsize=20&sslmode=require") == (
        "postgresql://u:p@db:5432/kinerja?sslmode=require"
    )
    assert asyncpg_dsn("postgres://postgres@127.0.0.1/k") == "postgresql://postgres@127.0.0.1/k"


def test_relay_follows_the_database() -> None:
    hub = Hub()
    assert isinstance(make_relay(hub, "sqlite://data/k.sqlite3"), LocalRelay)
    assert isinstance(make_relay(hub, "postgres://u@h/k"), PostgresRelay)


async def test_local_relay_feeds_the_hub_from_the_bus() -> None:
    bus = EventBus()
    realtime = Realtime(bus, "sqlite://:memory:")
    await realtime.start()
    with realtime.hub.subscribe(["a"]) as inbox:
        await bus.publish(Event("a", {"n": 1}, "r1"))
        got = await inbox.next()
        assert (got.name, got.payload, got.request_id) == ("a", {"n": 1}, "r1")
        await realtime.stop()
        with pytest.raises(StopAsyncIteration):  # stopping ends open subscriptions
            await inbox.next()
    assert bus.listeners == []


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with fresh_database_async("relay") as url:
        await Tortoise.init(
            config=tortoise_config(Settings(database_url=url)), _enable_global_fallback=True
        )
        try:
            yield url
        finally:
            await Tortoise.close_connections()


@pytest.fixture
async def two_workers(pg_url: str) -> AsyncIterator[tuple[PostgresRelay, PostgresRelay]]:
    first, second = PostgresRelay(Hub(), pg_url), PostgresRelay(Hub(), pg_url)
    await first.start()
    await second.start()
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


async def within(awaitable, seconds: float = 5.0):
    """Every wait on another connection has a limit: a lost event fails, never hangs."""
    return await asyncio.wait_for(awaitable, seconds)


async def test_every_worker_gets_each_event_once_the_writer_included(two_workers) -> None:
    writer, other = two_workers
    assert writer.listening.is_set() and other.listening.is_set()
    with writer.hub.subscribe(["a"]) as mine, other.hub.subscribe(["a"]) as theirs:
        await writer.publish(Event("a", {"n": 1}))
        await writer.publish(Event("a", {"n": 1}))  # equal events stay two events
        await writer.publish(Event("a", {"n": 2}))
        for inbox in (mine, theirs):
            assert [(await within(inbox.next())).payload["n"] for _ in range(3)] == [1, 1, 2]


async def test_notify_rides_the_transaction_it_is_sent_in(two_workers) -> None:
    writer, other = two_workers
    with other.hub.subscribe(["a"]) as theirs:
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await writer.publish(Event("a", {"n": "rolled back"}))
                raise RuntimeError("rollback")
        async with in_transaction():
            await writer.publish(Event("a", {"n": "committed"}))
        await writer.publish(Event("a", {"n": "after"}))
        assert (await within(theirs.next())).payload["n"] == "committed"
        assert (await within(theirs.next())).payload["n"] == "after"


async def test_an_event_too_big_to_notify_stays_in_its_process(two_workers, caplog) -> None:
    writer, other = two_workers
    with writer.hub.subscribe(["a"]) as mine, other.hub.subscribe(["a"]) as theirs:
        await writer.publish(Event("a", {"blob": "x" * 9000}))
        await writer.publish(Event("a", {"n": 2}))
        assert "blob" in (await within(mine.next())).payload
        assert (await within(mine.next())).payload == {"n": 2}
        assert (await within(theirs.next())).payload == {"n": 2}
    assert "too big to NOTIFY" in caplog.text


async def test_listener_reconnects_after_losing_its_connection(two_workers, caplog) -> None:
    writer, other = two_workers
    pid = other.server_pid
    assert pid is not None
    from tortoise import connections

    await connections.get("default").execute_query("SELECT pg_terminate_backend($1)", [pid])
    await within(other.opened_more_than(1), 15)  # the supervisor noticed and listens again
    assert other.server_pid != pid
    with other.hub.subscribe(["a"]) as theirs:
        await writer.publish(Event("a", {"n": "after reconnect"}))
        assert (await within(theirs.next())).payload["n"] == "after reconnect"
    assert "lost the LISTEN connection" in caplog.text
