"""The web app at ``/``: the build's files, caching, the SPA fallback, its CSP, no build yet."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.web import ASSET_CACHE, PAGE_CACHE

INDEX = (
    '<!doctype html><html lang="id"><head><script type="module" src="/assets/app-3f9a1c.js">'
    "</script></head><body><div id=app></div></body></html>"
)
SCRIPT = "console.log('kinerja');\n" * 100  # large enough to be compressed


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "assets" / "app-3f9a1c.js").write_text(SCRIPT)
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return root


async def _client(settings, plugin_manager, web_dir, **changes):
    changed = settings.replace(web_dir=web_dir, **changes)
    app = create_app(changed, manage_db=False, plugins=plugin_manager)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kinerja.test")


def _policy(response: httpx.Response) -> dict[str, str]:
    directives = response.headers["content-security-policy"].split("; ")
    return dict((part.split(" ", 1) + [""])[:2] for part in directives)


def _assert_strict(response: httpx.Response) -> None:
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["connect-src"] == "'self' ws://kinerja.test wss://kinerja.test"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_root_serves_index_uncached_with_strict_policy(settings, db, plugin_manager, dist):
    async with await _client(settings, plugin_manager, dist) as http:
        response = await http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == INDEX
    assert response.headers["cache-control"] == PAGE_CACHE
    _assert_strict(response)


async def test_hashed_assets_are_cached_for_a_year(settings, db, plugin_manager, dist):
    async with await _client(settings, plugin_manager, dist) as http:
        response = await http.get("/assets/app-3f9a1c.js")
        again = await http.get(
            "/assets/app-3f9a1c.js", headers={"If-None-Match": response.headers["etag"]}
        )
        icon = await http.get("/favicon.svg")
    assert response.status_code == 200 and response.text == SCRIPT
    assert "javascript" in response.headers["content-type"]
    assert response.headers["cache-control"] == ASSET_CACHE == "public, max-age=31536000, immutable"
    assert again.status_code == 304
    # files outside /assets/ have no hash in their name: revalidated at every load
    assert icon.status_code == 200 and icon.headers["cache-control"] == PAGE_CACHE


async def test_the_apps_files_are_compressed_the_api_answers_are_not(
    settings, db, plugin_manager, dist
):
    gzip = {"Accept-Encoding": "gzip"}
    async with await _client(settings, plugin_manager, dist) as http:
        asset = await http.get("/assets/app-3f9a1c.js", headers=gzip)
        plain = await http.get("/assets/app-3f9a1c.js", headers={"Accept-Encoding": "identity"})
        api = await http.post(
            "/graphql",
            json={"query": "{ " + " ".join(f"a{n}: __typename" for n in range(25)) + " }"},
            headers=gzip,
        )
    assert asset.headers["content-encoding"] == "gzip" and asset.text == SCRIPT
    assert int(asset.headers["content-length"]) < len(SCRIPT) / 10
    assert asset.headers["cache-control"] == ASSET_CACHE
    assert "content-encoding" not in plain.headers and plain.text == SCRIPT
    assert "content-encoding" not in api.headers and len(api.content) > 300


@pytest.mark.parametrize("path", ["/skp/12", "/team", "/dashboard/unit/3?year=2026", "/assets"])
async def test_app_routes_fall_back_to_index(settings, db, plugin_manager, dist, path):
    async with await _client(settings, plugin_manager, dist) as http:
        response = await http.get(path)
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == PAGE_CACHE
    _assert_strict(response)


@pytest.mark.parametrize(
    "path", ["/assets/app-000000.js", "/robots.txt", "/../secret.txt", "/assets/../../secret.txt"]
)
async def test_missing_files_are_404_not_the_page(settings, db, plugin_manager, dist, path):
    async with await _client(settings, plugin_manager, dist) as http:
        response = await http.get(path)
    assert response.status_code == 404
    assert "outside the build" not in response.text and INDEX not in response.text


@pytest.mark.parametrize(
    "path",
    ["/graphql/x", "/graphiql/x", "/health/x", "/ready/x", "/evidence", "/import/x", "/documents"],
)
async def test_api_paths_never_get_the_app(settings, db, plugin_manager, dist, path):
    async with await _client(settings, plugin_manager, dist) as http:
        response = await http.get(path)
    assert response.status_code == 404
    assert INDEX not in response.text
    # the API's own policy, not the pages'
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


async def test_api_keeps_working_next_to_the_app(settings, db, plugin_manager, dist):
    async with await _client(settings, plugin_manager, dist) as http:
        graphql = await http.post("/graphql", json={"query": "{ __typename }"})
        health = await http.get("/health")
        posted = await http.post("/skp/12", json={})
    assert graphql.json() == {"data": {"__typename": "Query"}}
    assert graphql.headers["content-security-policy"].startswith("default-src 'none'")
    assert health.json() == {"status": "ok"}
    assert posted.status_code == 405


async def test_missing_build_says_how_to_build(settings, db, plugin_manager, tmp_path):
    async with await _client(settings, plugin_manager, tmp_path / "nothing") as http:
        root = await http.get("/")
        route = await http.get("/skp/12")
    for response in (root, route):
        assert response.status_code == 503
        assert "npm ci --prefix web &amp;&amp; npm run build --prefix web" in response.text
        assert str(tmp_path / "nothing") in response.text
        _assert_strict(response)


async def test_web_dir_comes_from_the_environment(monkeypatch, tmp_path):
    from kinerja_core.settings import load_settings

    monkeypatch.setenv("KINERJA_WEB_DIR", str(tmp_path / "built"))
    assert load_settings(tmp_path / "none.toml").web_dir == tmp_path / "built"
    monkeypatch.delenv("KINERJA_WEB_DIR")
    default = load_settings(tmp_path / "none.toml").web_dir
    assert default.parts[-2:] == ("web", "dist")
    assert (default.parent.parent / "kinerja_core").is_dir()


async def test_graphiql_page_sends_to_graphql(settings, db, plugin_manager, dist):
    async with await _client(settings, plugin_manager, dist, environment="development") as http:
        page = await http.get("/graphiql")
        off = await _client(settings, plugin_manager, dist, environment="production")
        async with off:
            hidden = await off.get("/graphiql")
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert 'new URL("/graphql", window.location.href)' in page.text
    assert _policy(page)["connect-src"] == "'self'"
    assert hidden.status_code == 404 and INDEX not in hidden.text


def test_serve_says_where_to_open_the_app_or_how_to_build_it(dist, tmp_path):
    from kinerja_core.web import start_notice

    assert start_notice(dist, "127.0.0.1", 8000) == (
        "Web app: open http://127.0.0.1:8000/ (GraphQL at /graphql)"
    )
    missing = start_notice(tmp_path / "none", "127.0.0.1", 8000)
    assert "npm ci --prefix web && npm run build --prefix web" in missing
    assert str(tmp_path / "none") in missing


# --- the real build (web/dist, written by `npm run build --prefix web`; .ci/run builds it) -----

REPO = Path(__file__).resolve().parents[1]
BUILT = REPO / "web" / "dist"


def _built() -> Path:
    if not (BUILT / "index.html").is_file():
        if os.environ.get("CI", "").lower() == "true" and (REPO / "web" / "package.json").is_file():
            pytest.fail("web/dist is missing: .ci/run builds it before the tests")
        pytest.skip("web app not built: npm ci --prefix web && npm run build --prefix web")
    return BUILT


def test_the_built_app_needs_nothing_the_policy_forbids():
    """The strict CSP holds only if the build has no inline code and loads from this origin."""
    dist = _built()
    page = (dist / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script\b(?![^>]*\bsrc=)[^>]*>", page), "inline <script> in index.html"
    assert "<style" not in page and " style=" not in page, "inline style in index.html"
    assert not re.search(r"\son[a-z]+=", page), "inline event handler in index.html"
    for url in re.findall(r'\b(?:src|href)="([^"]+)"', page):
        assert url.startswith("/") or url.startswith("data:"), f"{url} is not same-origin"
        if url.startswith("/"):
            assert (dist / url.lstrip("/")).is_file(), f"{url} is not in the build"
    for asset in (dist / "assets").glob("*"):
        text = asset.read_text(encoding="utf-8", errors="replace")
        if asset.suffix == ".js":  # script-src 'self' has no 'unsafe-eval'
            assert "new Function(" not in text and not re.search(r"\beval\(", text), asset.name
        origins = set(re.findall(r"https?://[A-Za-z0-9.-]+", text)) - {"http://www.w3.org"}
        assert not origins, f"{asset.name} names other origins: {sorted(origins)}"


async def test_the_built_app_is_served_at_root(settings, db, plugin_manager):
    dist = _built()
    async with await _client(settings, plugin_manager, dist) as http:
        page = await http.get("/")
        script = re.search(r'<script[^>]*\bsrc="(/assets/[^"]+)"', page.text)
        asset = await http.get(script.group(1)) if script else None
    assert page.status_code == 200 and page.text == (dist / "index.html").read_text()
    _assert_strict(page)
    assert asset is not None and asset.status_code == 200
    assert asset.headers["cache-control"] == ASSET_CACHE
