"""The web application at ``/``: the built app (``web/dist``), same origin as ``/graphql``.

- Files of the build are served as they are. Those under ``/assets/`` carry a content hash in
  their name (Vite's default), so they are cached for a year as ``immutable``; every other
  file, ``index.html`` above all, is ``no-cache``: the browser asks again (ETag / 304) and a
  new release is picked up at the next load.
- Any other path that is not one of the API's (:data:`API_PREFIXES`) and does not look like a
  file is answered with ``index.html``: the app routes in the browser (``/skp/12`` reloads fine).
  A missing file under ``/assets/`` or with an extension is a plain 404, never the page.
- When the app is not built, every page says how to build it (status 503).
- The app's files are gzip-compressed for clients that accept it (not the API's answers).
- Pages get the strict :data:`WEB_POLICY` (Content-Security-Policy): scripts, styles, fonts
  and requests from this origin only, the WebSocket of subscriptions to this host only,
  no inline script or style, no framing, no ``<base>``, forms only to this origin.

GraphiQL (development only) is at ``/graphiql`` with its own policy (see
:func:`kinerja_core.security_headers.graphiql_policy`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

# paths the server answers itself: never the app's index.html (a typo there is a 404)
API_PREFIXES = ("/graphql", "/graphiql", "/health", "/ready", "/evidence", "/import", "/documents")

ASSET_CACHE = "public, max-age=31536000, immutable"
PAGE_CACHE = "no-cache"

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def web_policy(host: str | None = None) -> str:
    """The Content-Security-Policy of the app's pages.

    ``connect-src`` allows this origin and its WebSocket (``ws://`` / ``wss://`` of the same
    host, for subscriptions: older browsers do not count those under ``'self'``).
    """
    sockets = f" ws://{host} wss://{host}" if host and _HOST.match(host) else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{sockets}",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


WEB_POLICY = web_policy()

NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kinerja: the web app is not built</title></head>
<body>
<h1>Kinerja</h1>
<p lang="id">Aplikasi web belum dibangun. Jalankan perintah berikut dari folder repositori, lalu
muat ulang halaman ini:</p>
<p>The web application is not built yet. Run this from the repository folder, then reload:</p>
<pre><code>npm ci --prefix web &amp;&amp; npm run build --prefix web</code></pre>
<p>Expected the build in <code>{web_dir}</code> (setting <code>web_dir</code>,
environment variable <code>KINERJA_WEB_DIR</code>). The API answers meanwhile at
<code>/graphql</code>.</p>
</body>
</html>
"""


def start_notice(web_dir: Path, host: str, port: int) -> str:
    """What ``kinerja serve`` prints before it starts: where to open the app, or how to build it."""
    if (Path(web_dir) / "index.html").is_file():
        return f"Web app: open http://{host}:{port}/ (GraphQL at /graphql)"
    return (
        f"Web app not built ({Path(web_dir).resolve()} has no index.html): run "
        "`npm ci --prefix web && npm run build --prefix web`; the API answers at /graphql."
    )


def is_api_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in API_PREFIXES)


def _looks_like_file(path: str) -> bool:
    return path.startswith("/assets/") or "." in path.rsplit("/", 1)[-1]


class WebApp:
    """ASGI app serving the built web app from ``web_dir`` (mounted last, at ``/``)."""

    def __init__(self, web_dir: Path) -> None:
        self.web_dir = Path(web_dir)
        self.files = StaticFiles(directory=self.web_dir, check_dir=False)
        # gzip for phones on slow links: the app's own files only (public, no secret in them,
        # so nothing for a compression side channel to recover); API answers stay as they are
        self.compressed = GZipMiddleware(self._serve, minimum_size=500, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        await self.compressed(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope))
        await response(scope, receive, send)

    async def respond(self, request: Request) -> Response:
        path = request.url.path
        if is_api_path(path):
            return PlainTextResponse("Not Found", 404)
        if request.method not in ("GET", "HEAD"):
            return PlainTextResponse("Method Not Allowed", 405, {"Allow": "GET, HEAD"})
        policy = {"Content-Security-Policy": web_policy(request.headers.get("host"))}
        index = self.web_dir / "index.html"
        if not index.is_file():
            page = NOT_BUILT.replace("{web_dir}", html.escape(str(self.web_dir.resolve())))
            return HTMLResponse(page, 503, {**policy, "Cache-Control": "no-store"})
        if path != "/":
            try:
                wanted = self.files.get_path(request.scope)
                response = await self.files.get_response(wanted, request.scope)
            except HTTPException:
                response = None
            if response is not None:
                cache = ASSET_CACHE if path.startswith("/assets/") else PAGE_CACHE
                response.headers["Cache-Control"] = cache
                response.headers.update(policy)
                return response
            if _looks_like_file(path):
                return PlainTextResponse("Not Found", 404)
        response = await self.files.get_response("index.html", request.scope)
        response.headers["Cache-Control"] = PAGE_CACHE
        response.headers.update(policy)
        return response
