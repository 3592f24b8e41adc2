"""Domain events (SKP approved, realisasi recorded, ...), published after the write commits.

Listeners are async callables ``listener(event)``; a failing listener is logged and never
undoes the write that raised the event. Subscriptions and plugin hooks listen here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("kinerja.events")


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any]
    request_id: str = ""


Listener = Callable[[Event], Awaitable[None]]


@dataclass
class EventBus:
    listeners: list[Listener] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    async def publish(self, event: Event) -> None:
        for listener in list(self.listeners):
            try:
                await listener(event)
            except Exception:  # a listener must never break the request that wrote
                log.exception("event listener failed for %s [%s]", event.name, event.request_id)
