"""The web app at ``/``: the build's files, caching, the SPA fallback, its CSP, no build yet."""

from __future__ import annotations

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.web import ASSET_CACHE, PAGE_CACHE

INDEX = (
    '<!doctype html><html lang="id"><head><script type="module" src="/assets/app-3f9a1c.js">'
    "</script></head><body><div id=app></div></body></html>"
)
SCRIPT = "console.log('kinerja')"


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
