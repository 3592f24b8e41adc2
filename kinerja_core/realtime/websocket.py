"""GraphQL subscriptions over WebSocket at ``/graphql`` (the graphql-transport-ws protocol).

strawberry's protocol handler, with what Kinerja needs around it:

- ``connection_init`` must carry credentials (``{"authorization": "Bearer <token>"}`` or
  ``{"token": "<token>"}``); without a valid one the socket closes with 4403 Forbidden.
- Only subscriptions run over the socket; a query or mutation gets an ``error`` message
  (use HTTP). The schema's limits (depth, aliases, tokens) apply as over HTTP.
- A ``subscribe`` is fully set up (listening on the hub) before the next message of the
  connection is handled: a client that sends ``ping`` after ``subscribe`` and gets ``pong``
  knows that every event committed from then on reaches it.
- Browser pages from another origin may connect only from ``cors_origins``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationType, parse
from graphql.utilities import get_operation_ast
from starlette.websockets import WebSocket
from strawberry import Schema
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.types.unset import UNSET

from kinerja_core.events import EventBus
from kinerja_core.graphql.context import GraphQLContext
from kinerja_core.i18n import pick_language, translate
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.realtime.connection import Connection, operation_listening
from kinerja_core.services.context import ServiceContext
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.realtime")

INIT_TIMEOUT = dt.timedelta(seconds=10)  # connection_init must come within this
MAX_SUBSCRIPTIONS = 25  # per connection
START_TIMEOUT = 10.0  # seconds a subscribe may hold the connection's next message back


@dataclass
class SubscriptionContext(GraphQLContext):
    """The GraphQL context of one WebSocket connection (shared by its operations)."""

    connection_params: dict[str, Any] | None = None
    connection: Connection | None = None


class KinerjaTransportWSHandler(BaseGraphQLTransportWSHandler):
    """strawberry's graphql-transport-ws handler: subscriptions only, started in order."""

    def _refusal(self, message: Any) -> GraphQLError | None:
        """Why a well-formed ``subscribe`` is not run: a syntax error or not a subscription.

        (strawberry's parser cache would raise a syntax error out of the operation's task.)
        Anything malformed is left to strawberry, which answers as the protocol says.
        """
        try:
            payload = message["payload"]
            query = payload["query"]
            operation_name = payload.get("operationName")
        except Exception:
            return None
        if not isinstance(query, str):
            return None
        try:
            document = parse(query, max_tokens=self.view.settings.max_tokens)
        except GraphQLSyntaxError as exc:
            return exc
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation == OperationType.SUBSCRIPTION:
            return None  # an unknown operation name is strawberry's to report
        lang = getattr(self.context, "lang", "id")
        return GraphQLError(
            translate("realtime.subscriptions_only", {}, lang),
            extensions={"code": "realtime.subscriptions_only", "kind": "ValidationError"},
        )

    async def handle_subscribe(self, message: Any) -> None:
        if self.connection_acknowledged and message.get("id") not in self.operations:
            refusal = self._refusal(message)
            if refusal is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [refusal.formatted]}
                )
                return
        listening = asyncio.get_running_loop().create_future()
        token = operation_listening.set(listening)
        try:
            await super().handle_subscribe(message)  # the operation's task inherits the mark
        finally:
            operation_listening.reset(token)
        operation = self.operations.get(message.get("id"))
        task = getattr(operation, "task", None)
        if task is not None:
            done, _ = await asyncio.wait(
                [listening, task], timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
            )
            if not done:
                log.warning("subscription %s took over %ss to start", message["id"], START_TIMEOUT)
        if not listening.done():
            listening.cancel()


class GraphQLWebSocket(GraphQL):
    """The ``/graphql`` WebSocket endpoint (mounted for the websocket scope only)."""

    graphql_transport_ws_handler_class = KinerjaTransportWSHandler

    def __init__(
        self,
        schema: Schema,
        *,
        settings: Settings,
        bus: EventBus,
        realtime: Any,
        plugins: PluginManager,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide=None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=INIT_TIMEOUT,
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS,
            allowed_origins=tuple(settings.cors_origins),
        )
        self.settings = settings
        self.bus = bus
        self.realtime = realtime
        self.plugins = plugins

    async def get_context(self, request: Any, response: Any) -> SubscriptionContext:
        websocket: WebSocket = request
        service = ServiceContext(
            settings=self.settings,
            request_id="ws-" + uuid.uuid4().hex[:13],
            bus=self.bus,
            plugins=self.plugins,
        )
        lang = pick_language(
            websocket.headers.get("accept-language"), self.settings.default_language
        )
        context = SubscriptionContext(service=service, lang=lang, request=websocket)
        context.connection = Connection(websocket, context, self.realtime)
        return context

    async def on_ws_connect(self, context: SubscriptionContext) -> Any:
        assert context.connection is not None
        viewer = await context.connection.connect(context.connection_params)
        if viewer is None:
            log.info("WebSocket refused: no valid credentials [%s]", context.service.request_id)
            raise ConnectionRejectionError()
        return UNSET
