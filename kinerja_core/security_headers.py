"""Security headers on every HTTP response (an ASGI middleware, outermost in the app).

The API answers JSON to scripts; nothing it sends is meant to be framed, sniffed into HTML,
cached by a shared proxy or given a referrer. Each header is added unless the route set its
own (the evidence download keeps its ``private, no-store``; the development GraphiQL page
brings the Content-Security-Policy it needs, see :func:`graphiql_policy`):

- ``X-Content-Type-Options: nosniff``: a browser never runs a JSON answer as a script or page;
- ``X-Frame-Options: DENY`` and CSP ``frame-ancestors 'none'``: no clickjacking by framing;
- ``Content-Security-Policy: default-src 'none'``: a response opened as a page loads nothing;
- ``Referrer-Policy: no-referrer``: links out of the API carry no URL with ids in it;
- ``Cache-Control: no-store``: answers (authenticated ones above all) stay out of caches.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", API_POLICY),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
)


_RAW: tuple[tuple[bytes, bytes], ...] = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in HEADERS
)


def with_security_headers(raw: Any) -> list[tuple[bytes, bytes]]:
    """A response's raw ASGI headers with each of :data:`HEADERS` it lacks appended (one
    pass over the headers it has, instead of one per header added)."""
    headers = list(raw)
    present = {name.lower() for name, _ in headers}
    headers.extend(pair for pair in _RAW if pair[0] not in present)
    return headers


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers") or [])
            await send(message)

        await self.app(scope, receive, send_with_headers)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_EXTERNAL = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="(https://[^"]+)"', re.S)


def graphiql_policy(page: str) -> str:
    """The Content-Security-Policy of the GraphiQL page (development only).

    Its scripts and styles come from the origins the page names (a CDN), its inline script
    is allowed by hash only, and it talks to this server alone (HTTP and WebSocket).
    """
    urls = [urlsplit(url) for url in _EXTERNAL.findall(page)]
    origins = sorted({f"{url.scheme}://{url.netloc}" for url in urls})
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(page)
    ]
    cdn = " ".join(origins)
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {cdn} {' '.join(hashes)}".strip(),
            # GraphiQL sets styles at run time; styles cannot run code
            f"style-src {cdn} 'unsafe-inline'".strip(),
            f"font-src {cdn} data:".strip(),
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
