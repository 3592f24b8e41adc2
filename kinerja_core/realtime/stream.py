"""The event streams behind subscription resolvers, core and plugin alike.

``events(info, *names, visible=rule)`` listens on the process's hub from the moment it is
called, and hands out each event whose ``rule(viewer, event)`` is true:

1. the rule runs with the connection's current viewer (a cheap filter, no statement for events
   that name other people);
2. an event that passes is checked once more after the session is re-validated and the viewer
   re-read (:meth:`Connection.revalidate`): what reaches the client follows the access rules
   as they are at delivery;
3. each delivered event gets fresh DataLoaders and plugin activation state, so the fields the
   client selects show the rows as they are now, not as an earlier event left them.

A rule that raises a service error (``NotAllowed``, ``PluginDisabled``...) means "not for this
viewer"; anything else it raises is logged and the event is skipped.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLError

from kinerja_core.auth.viewer import Viewer
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError
from kinerja_core.graphql.loaders import Loaders
from kinerja_core.i18n import register_messages, translate
from kinerja_core.plugins.activation import forget_activations
from kinerja_core.realtime.connection import Connection, mark_listening
from kinerja_core.realtime.hub import Inbox, InboxOverflow, RealtimeEvent

log = logging.getLogger("kinerja.realtime")

Rule = Callable[[Viewer, RealtimeEvent], Awaitable[Any] | Any]


def stream_error(code: str, kind: str, lang: str, **params: Any) -> GraphQLError:
    """A subscription error shaped like the errors of queries (``code``, ``kind``)."""
    return GraphQLError(translate(code, params, lang), extensions={"code": code, "kind": kind})


def session_ended(connection: Connection, lang: str) -> GraphQLError:
    """The error that ends an operation whose session ended; the socket closes (4403) once
    the operation (the current task) has sent it."""
    connection.close_after(asyncio.current_task())
    return stream_error("realtime.session_ended", "NotAllowed", lang)


def connection_of(info: Any) -> Connection:
    connection = getattr(info.context, "connection", None)
    if not isinstance(connection, Connection):
        lang = getattr(info.context, "lang", "id")
        raise stream_error("realtime.websocket_only", "ValidationError", lang)
    return connection


class EventStream:
    """An async iterator of events (with ``pairs``: ``(event, what the rule returned)``)
    that listens from the moment it is made; see the module doc."""

    def __init__(
        self,
        info: Any,
        names: tuple[str, ...],
        rule: Rule,
        *,
        pairs: bool,
        session_checked: bool = False,
    ) -> None:
        if not names:
            raise ValueError("events() needs at least one event name")
        self.connection = connection_of(info)
        self.context = info.context
        self.rule = rule
        self.pairs = pairs
        self.inbox: Inbox = self.connection.realtime.hub.subscribe(names)
        # stop listening when the stream is dropped, even if nobody closed it
        weakref.finalize(self, self.inbox.close)
        self._checked_session = session_checked  # else on the first read
        mark_listening()

    def __aiter__(self) -> EventStream:
        return self

    async def _apply(self, viewer: Viewer, event: RealtimeEvent) -> Any:
        try:
            result = self.rule(viewer, event)
            if inspect.isawaitable(result):
                result = await result
            return result
        except (KinerjaError, RuleViolation):
            return None
        except Exception:
            log.exception("visibility rule failed for %s [%s]", event.name, event.request_id)
            return None

    def _session_ended(self) -> GraphQLError:
        return session_ended(self.connection, self.context.lang)

    async def _deliverable(self, event: RealtimeEvent) -> Any:
        viewer = await self.connection.current_viewer()
        if viewer is None:
            raise self._session_ended()
        if not await self._apply(viewer, event):
            return None
        viewer = await self.connection.revalidate(("event", event.seq))
        if viewer is None:
            raise self._session_ended()
        # the fields the client selected read the rows as they are now
        self.context.loaders = Loaders()
        forget_activations(self.context)
        return await self._apply(viewer, event)

    async def __anext__(self) -> Any:
        try:
            if not self._checked_session:
                self._checked_session = True
                if await self.connection.revalidate() is None:
                    raise self._session_ended()
            while True:
                try:
                    event = await self.inbox.next()
                except InboxOverflow:
                    raise stream_error(
                        "realtime.overflow", "Conflict", self.context.lang, size=self.inbox.size
                    ) from None
                result = await self._deliverable(event)
                if result:
                    return (event, result) if self.pairs else event
        except BaseException:
            self.inbox.close()
            raise

    async def aclose(self) -> None:
        self.inbox.close()

    def map(self, convert: Callable[[Any], Awaitable[Any] | Any]) -> Mapped:
        """The stream with each item passed through ``convert`` (sync or async); items it
        turns into None are skipped (say, a row deleted since). What a resolver returns."""
        return Mapped(self, convert)


class Mapped:
    """:meth:`EventStream.map`: an async iterator that closes its stream with it."""

    def __init__(self, stream: EventStream, convert: Callable[[Any], Any]) -> None:
        self.stream = stream
        self.convert = convert

    def __aiter__(self) -> Mapped:
        return self

    async def __anext__(self) -> Any:
        while True:
            item = await self.stream.__anext__()
            try:
                value = self.convert(item)
                if inspect.isawaitable(value):
                    value = await value
            except (KinerjaError, RuleViolation):
                continue  # e.g. the row is no longer for this viewer
            except Exception:  # one bad event must not end the subscription
                event = item[0] if isinstance(item, tuple) else item
                log.exception("converting %s failed [%s]", event.name, event.request_id)
                continue
            if value is not None:
                return value

    async def aclose(self) -> None:
        await self.stream.aclose()


def deliveries(
    info: Any, names: tuple[str, ...], rule: Rule, *, session_checked: bool = False
) -> EventStream:
    """Listen now; iterate for ``(event, rule result)`` of the events the viewer may get
    (``session_checked``: the caller re-validated the session just before)."""
    return EventStream(info, names, rule, pairs=True, session_checked=session_checked)


def events(info: Any, *names: str, visible: Rule) -> EventStream:
    """The events named ``names`` that ``visible(viewer, event)`` lets the viewer have,
    listening from this call on (see the module doc). A plugin subscription checks what it
    must first (errors then reach the client as an ``error`` message), then returns the
    stream mapped to its GraphQL type::

        @strawberry.subscription
        async def kesehatan_report_saved(
            self, info: Info, agency_id: strawberry.ID
        ) -> AsyncGenerator[KesehatanReport, None]:
            await require_plugin_enabled(info, "kesehatan", int(agency_id))

            async def to_type(event):
                row = await event.load(Report, event.id_of("report_id"))
                return None if row is None else KesehatanReport.from_row(row)

            return events(info, "kesehatan_report_saved", visible=can_see).map(to_type)
    """
    return EventStream(info, tuple(names), visible, pairs=False)


register_messages(
    {
        "realtime.session_ended": (
            "Sesi Anda telah berakhir; silakan masuk kembali lalu sambungkan ulang.",
            "Your session has ended; sign in again and reconnect.",
        ),
        "realtime.overflow": (
            "Terlalu banyak peristiwa yang belum terkirim (lebih dari {size}); langganan "
            "dihentikan. Muat ulang data lalu berlangganan kembali.",
            "Too many undelivered events (more than {size}); the subscription was ended. "
            "Reload the data and subscribe again.",
        ),
        "realtime.subscriptions_only": (
            "Melalui WebSocket hanya subscription yang dijalankan; kirim query dan mutation "
            "melalui HTTP.",
            "Only subscriptions run over the WebSocket; send queries and mutations over HTTP.",
        ),
        "realtime.websocket_only": (
            "Langganan (subscription) hanya tersedia melalui WebSocket di /graphql.",
            "Subscriptions are only available over the WebSocket at /graphql.",
        ),
    }
)
