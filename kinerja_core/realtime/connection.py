"""One WebSocket connection: who is on it, and whether they still may be.

Authentication happens once, from the ``connection_init`` payload, through the same plugin
hooks as an HTTP request (:func:`kinerja_core.plugins.authentication.authenticate_request`):
the payload's ``{"authorization": "Bearer <token>"}`` or ``{"token": "<token>"}`` stands in for
the ``Authorization`` header; the handshake's other headers are passed on as they came (an SSO
plugin reading its own header works over WebSockets too).

At delivery the identity is checked again (:meth:`Connection.revalidate`, once per event and
connection): a session that was signed out, expired, or whose account was disabled ends the
subscriptions with a ``realtime.session_ended`` error and the socket is closed with 4403, so
a client signs in again and reconnects. The viewer (roles, reporting line) is re-read then
too, so access follows changes of the org chart.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections import OrderedDict
from typing import Any

from starlette.requests import HTTPConnection

from kinerja_core.auth.viewer import Viewer
from kinerja_core.i18n import pick_language
from kinerja_core.plugins.activation import request_state
from kinerja_core.plugins.authentication import authenticate_request

log = logging.getLogger("kinerja.realtime")

FORBIDDEN = 4403  # graphql-transport-ws: connection_init refused
REFRESH_SECONDS = 60.0  # the viewer used to pre-filter events is at most this old
_REMEMBERED_CHECKS = 32  # revalidations kept per connection (one per recent event)

# Set by the WebSocket handler while it starts an operation; the operation's event stream
# resolves it once it listens, so messages after ``subscribe`` wait until then (see websocket).
operation_listening: contextvars.ContextVar[asyncio.Future | None] = contextvars.ContextVar(
    "kinerja_operation_listening", default=None
)


def mark_listening() -> None:
    """Tell the WebSocket handler that the current operation is subscribed to the hub."""
    future = operation_listening.get()
    if future is not None and not future.done():
        future.set_result(None)


def credentials(params: Any) -> str | None:
    """The bearer token of a ``connection_init`` payload; "" when it carries none.

    None when the payload is malformed (a non-string value, another scheme).
    """
    if not isinstance(params, dict):
        return None
    header = params.get("authorization", params.get("Authorization"))
    token = params.get("token")
    if header is not None:
        if not isinstance(header, str):
            return None
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        return value.strip()
    if token is not None:
        return token.strip() if isinstance(token, str) and token.strip() else None
    return ""


def handshake_with(scope: dict[str, Any], token: str) -> HTTPConnection:
    """The WebSocket handshake as plugins see a request: with the payload's token, if any."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"authorization"]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode("latin-1")))
    return HTTPConnection({**scope, "headers": headers})


class Connection:
    """The state of one WebSocket connection (kept on its GraphQL context)."""

    def __init__(self, websocket: Any, context: Any, realtime: Any) -> None:
        self.websocket = websocket
        self.context = context  # the SubscriptionContext shared by the connection's operations
        self.realtime = realtime
        self.request: HTTPConnection | None = None
        self.viewer: Viewer | None = None
        self.checked_at = 0.0
        self.ended = False
        self._checks: OrderedDict[Any, asyncio.Future] = OrderedDict()
        self._closer: asyncio.Task | None = None

    @property
    def service(self) -> Any:
        return self.context.service

    async def _authenticate(self) -> Viewer | None:
        assert self.request is not None
        request_state(self.service).auth_failure = None
        try:
            viewer = await authenticate_request(self.request, self.service)
        except Exception:  # a broken hook must not take the server's socket handling down
            log.exception("authentication failed [connection %s]", self.service.request_id)
            return None
        failure = request_state(self.service).auth_failure
        if viewer is None and failure is not None:
            log.warning(
                "authentication hook failed: %s [connection %s]", failure, self.service.request_id
            )
        return viewer

    async def connect(self, params: Any) -> Viewer | None:
        """Sign the connection in from the ``connection_init`` payload (None: refuse it)."""
        token = credentials(params)
        if token is None:
            return None
        self.request = handshake_with(self.websocket.scope, token)
        if isinstance(params, dict):
            wanted = params.get("language") or params.get("acceptLanguage")
            if isinstance(wanted, str):
                self.context.lang = pick_language(wanted, self.context.lang)
        viewer = await self._authenticate()
        if viewer is not None:
            self._set(viewer)
        return viewer

    def _set(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.service.viewer = viewer
        self.checked_at = time.monotonic()

    async def revalidate(self, key: Any = None) -> Viewer | None:
        """The viewer as of now (session still valid, roles re-read), or None when the session
        ended. Calls with the same ``key`` (an event) share one check."""
        if self.ended or self.request is None:
            return None
        future = self._checks.get(key) if key is not None else None
        if future is None:
            future = asyncio.ensure_future(self._authenticate())
            if key is not None:
                self._checks[key] = future
                while len(self._checks) > _REMEMBERED_CHECKS:
                    self._checks.popitem(last=False)
        viewer = await asyncio.shield(future)
        if viewer is None or viewer.account_id != getattr(self.viewer, "account_id", None):
            self.ended = True
            return None
        self._set(viewer)
        return viewer

    async def current_viewer(self) -> Viewer | None:
        """The viewer for pre-filtering: the last one checked, re-read when it is old."""
        if self.ended:
            return None
        if time.monotonic() - self.checked_at > REFRESH_SECONDS:
            return await self.revalidate(("refresh", int(time.monotonic())))
        return self.viewer

    def close_after(self, task: asyncio.Task | None) -> None:
        """Close the socket with 4403 once ``task`` (the operation that noticed the session
        ended, and is now sending its error) is done."""
        if self._closer is not None:
            return

        async def close() -> None:
            if task is not None and task is not asyncio.current_task():
                await asyncio.wait([task])
            with contextlib.suppress(Exception):  # the client may be gone already
                await self.websocket.close(code=FORBIDDEN, reason="Forbidden: session ended")

        self._closer = asyncio.ensure_future(close())
