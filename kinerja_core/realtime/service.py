"""One :class:`Realtime` per app (per worker process): its hub and its relay, started by the
app's lifespan and stopped with it."""

from __future__ import annotations

import logging

from kinerja_core.events import EventBus
from kinerja_core.realtime.hub import Hub
from kinerja_core.realtime.relay import LocalRelay, PostgresRelay, make_relay

log = logging.getLogger("kinerja.realtime")


class Realtime:
    """The process's real-time machinery: events from ``bus`` reach the hub through the relay."""

    def __init__(self, bus: EventBus, database_url: str, *, inbox_size: int | None = None) -> None:
        self.bus = bus
        self.hub = Hub() if inbox_size is None else Hub(inbox_size)
        self.relay: LocalRelay | PostgresRelay = make_relay(self.hub, database_url)
        self.started = False

    async def start(self) -> None:
        if self.started:
            return
        self.hub.closed = False
        await self.relay.start()
        self.bus.subscribe(self.relay.publish)
        self.started = True
        log.info("realtime: %s relay started", self.relay.kind)

    async def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        self.bus.unsubscribe(self.relay.publish)
        self.hub.close()  # open subscriptions complete
        await self.relay.stop()
