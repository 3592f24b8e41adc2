"""What every use case receives: who acts, the request id, settings, the clock, the events."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from kinerja_core.auth.viewer import Viewer
from kinerja_core.errors import Unauthenticated
from kinerja_core.events import Event, EventBus
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.plugins.state import PluginState
from kinerja_core.settings import Settings


@dataclass
class ServiceContext:
    """What a use case receives: the settings, the viewer (``require_viewer()``), the request
    id, ``transaction()``, ``now()`` and ``emit(name, **ids)`` (published after the commit)."""

    settings: Settings
    viewer: Viewer | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    bus: EventBus = field(default_factory=EventBus)
    clock: Any = None  # a callable returning an aware datetime; tests pin it
    # the plugins of the app (or tool) acting: activation, indicator types, hooks
    plugins: PluginManager | None = field(default=None, repr=False, compare=False)
    plugin_state: PluginState = field(default_factory=PluginState, repr=False, compare=False)
    _pending: list[Event] = field(default_factory=list)
    _reader: Any = field(default=None, repr=False, compare=False)  # services.reader.reader_for

    def now(self) -> dt.datetime:
        return self.clock() if self.clock else dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().date()

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise Unauthenticated("auth.required")
        return self.viewer

    def emit(self, name: str, **payload: Any) -> None:
        """Queue an event; it is published only if the surrounding transaction commits."""
        self._pending.append(Event(name, payload, self.request_id))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        """One use case = one transaction; events go out after commit, dropped on error."""
        mark = len(self._pending)
        try:
            async with in_transaction() as conn:
                yield conn
        except BaseException:
            del self._pending[mark:]
            raise
        pending, self._pending[mark:] = self._pending[mark:], []
        for event in pending:
            await self.bus.publish(event)
