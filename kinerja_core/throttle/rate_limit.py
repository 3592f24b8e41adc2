"""A request rate limit per client address and per bearer token: token buckets, 429.

Each address has a bucket of ``rate_limit_address_burst`` requests refilled at
``rate_limit_per_address`` per second; each bearer token (counted by its SHA-256, never
stored itself) one of ``rate_limit_token_burst`` refilled at ``rate_limit_per_token``. A
request takes one token from its address's bucket and, when it carries a bearer token, one
from that token's; invented tokens therefore still spend the address's allowance. An empty
bucket answers ``429 Too Many Requests`` with ``Retry-After`` and a GraphQL-style JSON body
(a WebSocket handshake is refused instead). ``/health`` and ``/ready`` are never limited: a
probe must see the process as it is.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from kinerja_core.i18n import pick_language, translate
from kinerja_core.settings import Settings
from kinerja_core.throttle.addresses import Network, client_address, trusted_networks
from kinerja_core.throttle.login import LoginThrottle
from kinerja_core.throttle.shared import make_throttle_store
from kinerja_core.throttle.store import ThrottleStore

EXEMPT_PATHS = frozenset({"/health", "/ready"})


class RateLimiter:
    """The two buckets of a request; ``admit`` answers 0.0 or the seconds to wait."""

    def __init__(
        self,
        store: ThrottleStore,
        *,
        address_rate: float,
        address_burst: int,
        token_rate: float,
        token_burst: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.address_rate, self.address_burst = address_rate, max(1, address_burst)
        self.token_rate, self.token_burst = token_rate, max(1, token_burst)
        self.clock = clock

    async def admit(self, address: str, token: str | None) -> float:
        now = self.clock()
        if self.address_rate > 0:
            wait = await self.store.take(
                f"rate:addr:{address}", self.address_rate, self.address_burst, now
            )
            if wait:
                return wait
        if token and self.token_rate > 0:
            digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:32]
            return await self.store.take(
                f"rate:token:{digest}", self.token_rate, self.token_burst, now
            )
        return 0.0


class AbuseLimits:
    """What one app process uses to limit abuse: the store and the policies over it."""

    def __init__(self, settings: Settings, store: ThrottleStore | None = None) -> None:
        self.store = store or make_throttle_store(settings)  # setting throttle_store
        self.networks: tuple[Network, ...] = trusted_networks(settings.trusted_proxies)
        self.login = LoginThrottle.from_settings(settings, self.store)
        self.rate = RateLimiter(
            self.store,
            address_rate=settings.rate_limit_per_address,
            address_burst=settings.rate_limit_address_burst,
            token_rate=settings.rate_limit_per_token,
            token_burst=settings.rate_limit_token_burst,
        )
        self.default_language = settings.default_language

    def set_clock(self, clock: Callable[[], float]) -> None:
        """Tests move time for every policy at once."""
        self.login.clock = clock
        self.rate.clock = clock

    async def close(self) -> None:
        """Release the store's connections (a Redis client), at shut-down."""
        close = getattr(self.store, "close", None)
        if close is not None:
            await close()

    def address_of(self, scope: Scope) -> str:
        """The client address of a request (the middleware stores it in the scope's state)."""
        state = scope.get("state") or {}
        return state.get("client_address") or client_address(scope, self.networks)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if key == name:
            return value.decode("latin-1")
    return ""


def _bearer(scope: Scope) -> str | None:
    scheme, _, token = _header(scope, b"authorization").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


class RateLimitMiddleware:
    """ASGI middleware applying :class:`RateLimiter` to every HTTP request and WebSocket."""

    def __init__(self, app: ASGIApp, limits: AbuseLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        address = client_address(scope, self.limits.networks)
        scope.setdefault("state", {})["client_address"] = address
        if scope.get("path") in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = await self.limits.rate.admit(address, _bearer(scope))
        if not wait:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "rate limited"})
            return
        await send_too_many(scope, send, seconds, self.limits.default_language)


async def send_too_many(scope: Scope, send: Send, seconds: int, default_language: str) -> None:
    """429 with ``Retry-After`` and ``{"errors": [{"message", "extensions"}]}``."""
    lang = pick_language(_header(scope, b"accept-language"), default_language)
    body: dict[str, Any] = {
        "errors": [
            {
                "message": translate("rate_limited", {"retry_after": seconds}, lang),
                "extensions": {"code": "rate_limited", "retryAfter": seconds},
            }
        ]
    }
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(seconds).encode()),
                (b"cache-control", b"no-store"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
