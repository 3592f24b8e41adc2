"""create_app(settings) -> Starlette: /graphql, /health, /ready."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import uuid
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kinerja_core.db import close_db, init_db
from kinerja_core.events import EventBus
from kinerja_core.graphql.compose import build_schema
from kinerja_core.graphql.context import GraphQLContext
from kinerja_core.graphql.http import GraphQLHTTP
from kinerja_core.i18n import pick_language
from kinerja_core.services.accounts import viewer_for_token
from kinerja_core.services.context import ServiceContext
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.app")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def create_app(settings: Settings, *, manage_db: bool = True, bus: EventBus | None = None) -> Starlette:
    """The ASGI app. ``manage_db=False`` when the caller (a test) has opened the database."""
    schema = build_schema(settings)
    events = bus or EventBus()

    async def make_context(request: Request) -> GraphQLContext:
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex[:16]
        token = bearer_token(request)
        service = ServiceContext(settings=settings, request_id=request_id, bus=events)
        if token:
            service.viewer = await viewer_for_token(token, dt.datetime.now(dt.UTC))
        lang = pick_language(request.headers.get("accept-language"), settings.default_language)
        return GraphQLContext(service=service, lang=lang, token=token, request=request)

    graphql = GraphQLHTTP(
        schema, make_context, graphiql=settings.debug, max_upload=settings.upload_max_bytes
    )

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            await init_db(settings)
        try:
            yield
        finally:
            if manage_db:
                await close_db()

    app = Starlette(
        routes=[
            Route("/graphql", graphql.handle, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/health", health),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.bus = events
    return app
