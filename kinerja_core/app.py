"""create_app(settings) -> Starlette: /graphql (HTTP, WebSocket), /health, /ready, the web app /."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route, WebSocketRoute
from strawberry import Schema

from kinerja_core import allocator
from kinerja_core.access_log import hide_query_strings
from kinerja_core.db import close_db, init_db
from kinerja_core.documents_http import (
    download_evaluation,
    download_job,
    download_plan,
    download_plugin_file,
    download_recap,
    download_siasn,
    verify,
)
from kinerja_core.events import EventBus
from kinerja_core.evidence_http import download_evidence
from kinerja_core.graphql.context import GraphQLContext
from kinerja_core.graphql.http import GraphQLHTTP, graphiql, header, request_id_of
from kinerja_core.health import Readiness, health
from kinerja_core.i18n import pick_language
from kinerja_core.import_http import download_template, finish_imports
from kinerja_core.plugins.authentication import authenticate_request
from kinerja_core.plugins.composition import compose_schema
from kinerja_core.plugins.manager import PluginManager, discover_plugins
from kinerja_core.realtime import Realtime
from kinerja_core.realtime.websocket import GraphQLWebSocket
from kinerja_core.security_headers import SecurityHeaders
from kinerja_core.services.context import ServiceContext
from kinerja_core.settings import Settings
from kinerja_core.storage import evidence_store
from kinerja_core.throttle.rate_limit import AbuseLimits, RateLimitMiddleware
from kinerja_core.web import WebApp

log = logging.getLogger("kinerja.app")


def bearer_token(request: Request) -> str | None:
    scheme, _, token = header(request, "authorization").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class PluginStartup:
    """Starts an app's plugins once, on the loop that awaits it, then installs the schema."""

    def __init__(
        self,
        manager: PluginManager,
        compose: Callable[[], Schema],
        install: Callable[[Schema], None],
    ) -> None:
        self.manager = manager
        self.compose = compose
        self.install = install
        self.ready = manager.started  # a started manager has its schema composed already
        self._lock = asyncio.Lock()

    async def __call__(self) -> None:
        async with self._lock:
            if not self.ready:
                await self.manager.start()  # the async start-up hooks, on this loop
                self.install(self.compose())
                self.ready = True


class StartPluginsFirst:
    """Starts the plugins with the first request when the server ran no lifespan (an ASGI
    server may skip it; the tests' transport does); after that, one check per request."""

    def __init__(self, app: Any, startup: PluginStartup) -> None:
        self.app = app
        self.startup = startup

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan" and not self.startup.ready:
            await self.startup()
        await self.app(scope, receive, send)


def cors(settings: Settings) -> list[Middleware]:
    """Browsers on the configured origins may call the API with a bearer token."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept-Language", "X-Request-Id"],
            expose_headers=["X-Request-Id"],
            max_age=600,
        )
    ]


def create_app(
    settings: Settings,
    *,
    manage_db: bool = True,
    bus: EventBus | None = None,
    schema: Schema | None = None,
    plugins: PluginManager | None = None,
) -> Starlette:
    """The ASGI app. ``manage_db=False`` when the caller (a test) has opened the database;
    ``schema`` replaces the composed one (tests that add parts of their own); ``plugins`` is
    a manager (tests register plugins explicitly), else installed ones are discovered.

    A manager not started yet is started by the app's lifespan, so the plugins' async start-up
    hooks run on the server's event loop, then the schema is composed (a server that runs no
    lifespan, like the tests' ASGI transport, starts them with its first request, on its loop);
    a started one (tests) has its schema composed here. Either way the manager travels on every
    ServiceContext the app makes (``ServiceContext.plugins``): no module-wide one."""
    hide_query_strings()  # GET /graphql?query=... may carry a secret: never into the access log
    manager = plugins or discover_plugins(settings)
    given_schema = schema
    if manager.started:
        schema = given_schema or compose_schema(settings, manager)
    events = bus or EventBus()
    limits = AbuseLimits(settings)  # login throttle and rate limits (docs/security.md)
    evidence_store(settings)  # an unknown or incomplete evidence_store fails the start
    manager.attach(
        events,
        # kinerja_on_event's ctx: a system context (no viewer) with the event's request id
        lambda event: ServiceContext(
            settings=settings, request_id=event.request_id, bus=events, plugins=manager
        ),
    )

    async def make_context(request: Request) -> GraphQLContext:
        token = bearer_token(request)
        service = ServiceContext(
            settings=settings, request_id=request_id_of(request), bus=events, plugins=manager
        )
        service.viewer = await authenticate_request(request, service)  # plugin hook
        lang = pick_language(header(request, "accept-language", None), settings.default_language)
        return GraphQLContext(service=service, lang=lang, token=token, request=request)

    graphql = GraphQLHTTP(
        schema,
        make_context,
        max_upload=settings.upload_max_bytes,
        default_language=settings.default_language,
        execution_timeout_ms=settings.execution_timeout_ms,
        max_response_bytes=settings.max_response_bytes,
    )

    # subscriptions: committed events reach this process's hub (PostgreSQL: from every
    # process, through LISTEN/NOTIFY), the WebSocket endpoint serves them
    realtime = Realtime(events, settings.resolved_database_url)
    websocket = GraphQLWebSocket(
        schema, settings=settings, bus=events, realtime=realtime, plugins=manager
    )

    def install(composed: Schema) -> None:
        graphql.schema = websocket.schema = app.state.schema = composed

    startup = PluginStartup(
        manager, lambda: given_schema or compose_schema(settings, manager), install
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await startup()  # on the server's loop, before it serves anything
        if manage_db:
            await init_db(settings, manager.model_apps())
        try:
            await realtime.start()
            # what start-up built (schema, modules, plugins) lives as long as the process: out
            # of the collector's sight, so the full collections under load do not walk it
            gc.collect()
            gc.freeze()
            allocator.pin_thresholds()  # freed memory goes back after a password hash
            yield
        finally:
            await finish_imports(settings.shutdown_timeout)  # bulk imports under way
            await realtime.stop()
            await limits.close()  # a shared throttle store's connections
            if manage_db:
                await close_db()

    app = Starlette(
        routes=[
            Route("/graphql", graphql.handle, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            WebSocketRoute("/graphql", websocket),
            Route("/health", health),
            Route("/ready", Readiness().check),
            Route("/evidence/{id}", download_evidence),
            Route("/import/template.xlsx", download_template),
            Route("/documents/skp/{id}.pdf", download_plan),
            Route("/documents/evaluation/{id}.pdf", download_evaluation),
            Route("/documents/verify/{reference}", verify),
            Route("/documents/recap.xlsx", download_recap),
            Route("/documents/siasn.json", download_siasn),
            Route("/documents/jobs/{id}", download_job),
            Route("/documents/plugins/{plugin}/{name}", download_plugin_file),
            Route("/graphiql", graphiql(enabled=settings.debug)),  # development only
            Mount("/", WebApp(settings.web_dir)),  # last: the web app and its SPA fallback
        ],
        middleware=[
            Middleware(StartPluginsFirst, startup=startup),
            Middleware(SecurityHeaders),
            *cors(settings),
            Middleware(RateLimitMiddleware, limits=limits),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.bus = events
    app.state.plugins = manager
    app.state.realtime = realtime
    app.state.limits = limits
    return app
