"""The per-process hub: committed events in, one bounded inbox per open subscription out.

The hub knows nothing about databases or processes: a relay feeds it (in-process on SQLite,
PostgreSQL LISTEN/NOTIFY across processes), subscriptions read from it. Dispatching never
blocks the publisher: an inbox that is full (a client that stopped reading) is marked as
overflowed and its subscription ends with an error, instead of holding events for ever.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("kinerja.realtime")

DEFAULT_INBOX_SIZE = 256


class InboxOverflow(Exception):
    """The subscriber fell more than the inbox size behind; events were dropped."""


@dataclass(eq=False)
class RealtimeEvent:
    """One committed domain event as subscriptions see it: a name and a payload of ids.

    ``load(Model, id)`` reads a row once per event and process, however many subscribers
    look at it (the first one to ask runs the statement, the others share the answer).
    """

    name: str
    payload: dict[str, Any]
    request_id: str = ""
    seq: int = 0  # the hub's own numbering, unique within the process
    _memo: dict[Any, asyncio.Future] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.payload.get(key, default)

    def id_of(self, key: str) -> int | None:
        """The payload's ``key`` as an int id (None when missing or not an id)."""
        value = self.payload.get(key)
        try:
            return None if value is None or isinstance(value, bool) else int(value)
        except (TypeError, ValueError):
            return None

    async def memo(self, key: Any, make: Callable[[], Awaitable[Any]]) -> Any:
        """``await make()`` once per event for ``key``; concurrent callers share the result."""
        future = self._memo.get(key)
        if future is None:
            future = self._memo[key] = asyncio.ensure_future(make())
        return await asyncio.shield(future)

    async def load(self, model: Any, pk: Any) -> Any:
        """The row of ``model`` with primary key ``pk`` as it is now, or None."""
        if pk is None:
            return None
        return await self.memo(("row", model, pk), lambda: model.filter(id=pk).first())


_CLOSED = object()


class Inbox:
    """The events of some names for one subscriber, in the order the hub received them."""

    def __init__(self, hub: Hub, names: frozenset[str], size: int) -> None:
        self.hub = hub
        self.names = names
        self.queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=size + 1)  # +1: the close mark
        self.size = size
        self.overflowed = False
        self.closed = False  # the close mark is queued: nothing more goes in

    def offer(self, event: RealtimeEvent) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= self.size:
            self.overflowed = True
            log.warning("subscriber inbox full (%s events): ending it", self.size)
            self.end()
            return
        self.queue.put_nowait(event)

    def end(self) -> None:
        """No more events: the reader finishes after the ones already queued."""
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(_CLOSED)

    def close(self) -> None:
        self.hub._remove(self)
        self.end()

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def next(self) -> RealtimeEvent:
        """The next event; StopAsyncIteration once ended, InboxOverflow after an overflow."""
        item = await self.queue.get()
        if item is _CLOSED:
            self.queue.put_nowait(_CLOSED)  # stays ended for any later call
            if self.overflowed:
                raise InboxOverflow()
            raise StopAsyncIteration
        return item

    def __aiter__(self) -> Inbox:
        return self

    async def __anext__(self) -> RealtimeEvent:
        return await self.next()


class Hub:
    """Fan-out of committed events to the subscriptions of this process."""

    def __init__(self, inbox_size: int = DEFAULT_INBOX_SIZE) -> None:
        self.inbox_size = inbox_size
        self._inboxes: dict[str, set[Inbox]] = defaultdict(set)
        self._seq = itertools.count(1)
        self.closed = False

    def subscribe(self, names: Iterable[str]) -> Inbox:
        """A new inbox for events named ``names`` (use it as a context manager)."""
        inbox = Inbox(self, frozenset(names), self.inbox_size)
        if self.closed:
            inbox.end()
            return inbox
        for name in inbox.names:
            self._inboxes[name].add(inbox)
        return inbox

    def _remove(self, inbox: Inbox) -> None:
        for name in inbox.names:
            members = self._inboxes.get(name)
            if members is not None:
                members.discard(inbox)
                if not members:
                    del self._inboxes[name]

    @property
    def subscriber_count(self) -> int:
        return len({inbox for members in self._inboxes.values() for inbox in members})

    def wants(self, name: str) -> bool:
        return bool(self._inboxes.get(name))

    def dispatch(
        self, name: str, payload: dict[str, Any], request_id: str = ""
    ) -> RealtimeEvent | None:
        """Hand one event to every inbox that wants it (never blocks); the event, if any."""
        members = self._inboxes.get(name)
        if not members:
            return None
        event = RealtimeEvent(name, dict(payload), request_id, next(self._seq))
        for inbox in list(members):
            inbox.offer(event)
        return event

    def close(self) -> None:
        """End every subscription (server shutdown); later subscriptions end at once."""
        self.closed = True
        for inbox in {i for members in self._inboxes.values() for i in members}:
            inbox.end()
        self._inboxes.clear()
