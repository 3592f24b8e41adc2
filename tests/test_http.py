"""The HTTP face: GraphQL over HTTP status codes, limits, masking, GraphiQL, health, CORS.

The spec (https://graphql.github.io/graphql-over-http/) wants 4xx for a request that is not
well-formed in either media type; for a well-formed request whose operation cannot start
(parse, validation, variables) ``application/json`` answers 200 and
``application/graphql-response+json`` answers 400, both without a ``data`` entry.
"""

from __future__ import annotations

import logging
import types
from collections.abc import AsyncIterator

import httpx
import pytest
import strawberry
from strawberry.file_uploads import Upload

from kinerja_core.app import create_app
from kinerja_core.db import close_db, init_db, migrate
from kinerja_core.graphql.compose import build_schema
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.settings import Settings

GQL = "application/graphql-response+json"
JSON = "application/json"
BOTH = pytest.mark.parametrize("accept", [GQL, JSON])
SECRET = "db-password-hunter2"


# A tiny extra part, composed through build_schema like a plugin's, for what the core schema
# cannot show on demand: unbounded nesting, a resolver that crashes, a file upload.
@strawberry.type(description="A node of an endless test tree.")
class ProbeNode:
    depth: int = strawberry.field(description="How deep this node is.")

    @strawberry.field(description="The next node down.")
    def child(self) -> ProbeNode:
        return ProbeNode(depth=self.depth + 1)


@strawberry.type
class ProbeQuery:
    @strawberry.field(description="The root of an endless tree.")
    def probe_tree(self) -> ProbeNode:
        return ProbeNode(depth=0)

    @strawberry.field(description="Always fails with an unexpected exception.")
    def probe_crash(self) -> str | None:
        raise RuntimeError(f"cannot connect with {SECRET}")


@strawberry.type
class ProbeMutation:
    @strawberry.mutation(description="The size in bytes of the uploaded file.")
    async def probe_upload(self, file: Upload) -> int:
        return len(await file.read())


PROBE = types.SimpleNamespace(Query=ProbeQuery, Mutation=ProbeMutation)


async def _client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def probe(settings: Settings, db: None) -> AsyncIterator[httpx.AsyncClient]:
    schema = build_schema(settings, extra_parts=[("test.probe", PROBE)])
    async for http in _client(create_app(settings, manage_db=False, schema=schema)):
        yield http


async def post(http: httpx.AsyncClient, body: object, accept: str = GQL, **kw) -> httpx.Response:
    return await http.post("/graphql", json=body, headers={"Accept": accept}, **kw)


def assert_no_internals(response: httpx.Response) -> None:
    text = response.text
    for leak in ("Traceback", ".py", "strawberry", "site-packages", SECRET):
        assert leak not in text, f"{leak!r} leaked: {text}"


# --- media types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (GQL, GQL),
        (JSON, JSON),
        ("*/*", JSON),
        ("", JSON),
        (f"{JSON};q=0.5, {GQL}", GQL),
        (f"{GQL};q=0.1, {JSON}", JSON),
    ],
)
async def test_response_uses_the_media_type_the_client_accepts(client, accept, expected):
    response = await post(client, {"query": "{ __typename }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_client_accepting_neither_json_type_gets_406(client):
    response = await post(client, {"query": "{ __typename }"}, "text/plain")
    assert response.status_code == 406
    assert "application/graphql-response+json" in response.json()["errors"][0]["message"]


# --- requests that are not well-formed: 4xx in both media types --------------------------


@BOTH
async def test_malformed_json_is_400(client, accept):
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ __typename }"',
        headers={"Accept": accept, "Content-Type": JSON},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(accept)
    assert response.json()["errors"][0]["message"] == "The body is not valid JSON."
    assert "data" not in response.json()


@BOTH
@pytest.mark.parametrize("body", [b"", b"[]", b'[{"query": "{ __typename }"}]', b'"{ me }"', b"7"])
async def test_body_that_is_not_a_json_object_is_400(client, accept, body):
    response = await client.post(
        "/graphql", content=body, headers={"Accept": accept, "Content-Type": JSON}
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "bad_request"


@BOTH
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_unsupported_content_type_is_415(client, accept, content_type):
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    response = await client.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers=headers
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["errors"][0]["message"]


@BOTH
@pytest.mark.parametrize("body", [{}, {"qeury": "{ __typename }"}, {"query": ""}, {"query": 7}])
async def test_missing_or_non_string_query_is_400(client, accept, body):
    response = await post(client, body, accept)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "'query' must be a non-empty string."


@BOTH
@pytest.mark.parametrize("variables", ["{}", 0, False, ["a"]])
async def test_variables_that_are_not_an_object_are_400(client, accept, variables):
    response = await post(client, {"query": "{ __typename }", "variables": variables}, accept)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "'variables' must be an object."


@BOTH
async def test_get_with_variables_that_are_not_json_is_400(client, accept):
    response = await client.get(
        "/graphql",
        params={"query": "{ __typename }", "variables": "{not json"},
        headers={"Accept": accept},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "'variables' must be JSON."


@BOTH
async def test_huge_body_is_413_before_it_is_read_whole(client, accept):
    body = b'{"query": "{ __typename }", "variables": {"x": "' + b"a" * (2 << 20) + b'"}}'
    response = await client.post(
        "/graphql", content=body, headers={"Accept": accept, "Content-Type": JSON}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "payload_too_large"


async def test_huge_body_without_content_length_is_413(client):
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"x": "'
        for _ in range(40):
            yield b"a" * (64 << 10)
        yield b'"}}'

    response = await client.post(
        "/graphql", content=chunks(), headers={"Accept": GQL, "Content-Type": JSON}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


@BOTH
async def test_other_http_methods_are_405(client, accept):
    response = await client.put(
        "/graphql", json={"query": "{ __typename }"}, headers={"Accept": accept}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


# --- well-formed requests whose operation cannot start -----------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{"},
        {"query": "{ noSuchField }"},
        {"query": "query Q($id: ID!) { __typename }", "variables": {"id": None}},
        {"query": "query A { __typename }", "operationName": "B"},
    ],
    ids=["parse", "validation", "variables", "unknown-operation"],
)
@pytest.mark.parametrize(("accept", "status"), [(GQL, 400), (JSON, 200)])
async def test_operation_that_cannot_start_has_no_data_entry(client, body, accept, status):
    response = await post(client, body, accept)
    assert response.status_code == status
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"]


@BOTH
async def test_field_error_keeps_200_and_the_data_entry(client, accept):
    response = await post(client, {"query": "{ me { roles } }"}, accept)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body
    assert body["errors"][0]["extensions"]["code"] == "auth.required"


# --- GET ---------------------------------------------------------------------------------


@BOTH
async def test_get_runs_a_query(client, accept):
    response = await client.get(
        "/graphql",
        params={
            "query": "query T($b: Boolean!) { __typename @include(if: $b) }",
            "variables": '{"b": true}',
        },
        headers={"Accept": accept},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


@BOTH
async def test_get_refuses_a_mutation_with_405(client, accept):
    response = await client.get(
        "/graphql", params={"query": "mutation { __typename }"}, headers={"Accept": accept}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["message"] == "Mutations need POST."


# --- request id ----------------------------------------------------------------------------


async def test_every_response_carries_the_request_id(client):
    ok = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "frontend-42"}
    )
    bad = await client.post("/graphql", content=b"{", headers={"Content-Type": JSON})
    assert ok.headers["x-request-id"] == "frontend-42"
    assert len(bad.headers["x-request-id"]) == 16


async def test_unsafe_client_request_id_is_replaced(client):
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "x" * 65}
    )
    assert response.headers["x-request-id"] != "x" * 65
    assert len(response.headers["x-request-id"]) == 16


# --- limits --------------------------------------------------------------------------------


def tree_query(depth: int) -> str:
    return "{ probeTree { " + "child { " * depth + "depth" + " }" * depth + " } }"


async def test_query_deeper_than_the_limit_is_refused(probe, settings):
    response = await post(probe, {"query": tree_query(settings.max_query_depth + 5)})
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message == f"'anonymous' exceeds maximum operation depth of {settings.max_query_depth}"
    assert_no_internals(response)


async def test_query_within_the_depth_limit_runs(probe, settings):
    response = await post(probe, {"query": tree_query(settings.max_query_depth - 2)})
    assert response.status_code == 200, response.text
    node = response.json()["data"]["probeTree"]
    while "child" in node:
        node = node["child"]
    assert node["depth"] == settings.max_query_depth - 2


async def test_too_many_aliases_are_refused(client, settings):
    aliases = " ".join(f"a{i}: __typename" for i in range(settings.max_aliases + 1))
    response = await post(client, {"query": "{ " + aliases + " }"})
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert message == f"{settings.max_aliases + 1} aliases found. Allowed: {settings.max_aliases}"
    assert_no_internals(response)


async def test_aliases_up_to_the_limit_run(client, settings):
    aliases = " ".join(f"a{i}: __typename" for i in range(settings.max_aliases))
    response = await post(client, {"query": "{ " + aliases + " }"})
    assert response.status_code == 200
    assert len(response.json()["data"]) == settings.max_aliases


async def test_document_with_too_many_tokens_is_refused(client, settings):
    query = "{ " + " ".join(["__typename"] * settings.max_tokens) + " }"
    response = await post(client, {"query": query})
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert f"more than {settings.max_tokens} tokens" in message
    assert_no_internals(response)


# --- unexpected errors ------------------------------------------------------------------


@BOTH
async def test_resolver_crash_is_masked_logged_and_not_a_500(probe, accept, caplog):
    caplog.set_level(logging.ERROR, logger="kinerja.graphql")
    response = await probe.post(
        "/graphql",
        json={"query": "{ probeCrash probeTree { depth } }"},
        headers={"Accept": accept, "Accept-Language": "en", "X-Request-Id": "req-crash-1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"probeCrash": None, "probeTree": {"depth": 0}}
    error = body["errors"][0]
    assert error["message"] == "Something went wrong on the server (request id req-crash-1)."
    assert error["extensions"] == {
        "code": "internal",
        "kind": "InternalError",
        "requestId": "req-crash-1",
    }
    assert error["path"] == ["probeCrash"]
    assert_no_internals(response)
    logged = [r for r in caplog.records if "req-crash-1" in r.getMessage()]
    assert logged and logged[0].exc_info and SECRET in str(logged[0].exc_info[1])


async def test_crash_before_execution_is_a_masked_500(client, monkeypatch, caplog):
    def broken(*_args):
        raise RuntimeError(f"cannot connect with {SECRET}")

    monkeypatch.setattr("kinerja_core.app.pick_language", broken)  # the core, making the context
    caplog.set_level(logging.ERROR, logger="kinerja.http")
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": "Bearer abc", "X-Request-Id": "req-crash-2", "Accept": GQL},
    )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(GQL)
    assert response.json()["errors"][0]["extensions"]["requestId"] == "req-crash-2"
    assert_no_internals(response)
    assert any("req-crash-2" in r.getMessage() for r in caplog.records)


async def test_a_crash_of_the_password_sign_in_fails_like_any_plugin(client, monkeypatch, caplog):
    """``core.password`` runs behind the same guard as a third-party SSO plugin."""

    async def broken(*_args):
        raise RuntimeError(f"cannot connect with {SECRET}")

    monkeypatch.setattr("kinerja_core.services.accounts.viewer_for_token", broken)
    caplog.set_level(logging.ERROR, logger="kinerja.plugins")
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": "Bearer abc", "X-Request-Id": "req-crash-3", "Accept": GQL},
    )
    assert response.json()["errors"][0]["extensions"] == {
        "code": "plugin.failed",
        "kind": "PluginFailed",
        "plugin": "core.password",
        "requestId": "req-crash-3",
    }
    assert response.json().get("data") is None
    assert_no_internals(response)
    assert any("core.password" in r.getMessage() for r in caplog.records)


# --- multipart uploads ----------------------------------------------------------------------


def upload_form(mapping: str = '{"0": ["variables.file"]}') -> dict[str, str]:
    return {
        "operations": '{"query": "mutation($file: Upload!) { probeUpload(file: $file) }",'
        ' "variables": {"file": null}}',
        "map": mapping,
    }


async def test_multipart_upload_reaches_the_resolver(probe):
    response = await probe.post(
        "/graphql",
        data=upload_form(),
        files={"0": ("laporan.pdf", b"%PDF-1.4 hello", "application/pdf")},
        headers={"Accept": GQL},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"probeUpload": 14}}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ('{"1": ["variables.file"]}', "Multipart file '1' is missing."),
        ('{"0": ["variables.no.such"]}', "Multipart map path 'variables.no.such' is invalid."),
        ('{"0": "variables.file"}', "Multipart map entry '0' must be a list of paths."),
        ("not json", "Multipart 'operations' and 'map' must be JSON."),
    ],
)
async def test_broken_multipart_request_is_400(probe, mapping, message):
    response = await probe.post(
        "/graphql",
        data=upload_form(mapping),
        files={"0": ("a.txt", b"hello", "text/plain")},
        headers={"Accept": GQL},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message


async def test_multipart_body_far_beyond_the_upload_limit_is_413(settings, db):
    small = settings.replace(upload_max_bytes=1024)
    schema = build_schema(small, extra_parts=[("test.probe", PROBE)])
    async for http in _client(create_app(small, manage_db=False, schema=schema)):
        response = await http.post(
            "/graphql",
            data=upload_form(),
            files={"0": ("big.pdf", b"%PDF" + b"x" * (2 << 20), "application/pdf")},
            headers={"Accept": GQL},
        )
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "payload_too_large"


# --- GraphiQL ------------------------------------------------------------------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


async def test_graphiql_is_served_to_browsers_in_development(settings, db):
    app = create_app(settings.replace(environment="development"), manage_db=False)
    async for http in _client(app):
        response = await http.get("/graphiql", headers={"Accept": BROWSER})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "graphiql" in response.text.lower()
        # the page at /graphiql sends its operations to /graphql
        assert 'new URL("/graphql", window.location.href)' in response.text


async def test_graphql_no_longer_serves_graphiql_to_browsers(settings, db):
    app = create_app(settings.replace(environment="development"), manage_db=False)
    async for http in _client(app):
        response = await http.get("/graphql", headers={"Accept": BROWSER})
        assert response.status_code == 400
        assert "graphiql" not in response.text.lower()
        assert response.json()["errors"][0]["message"] == "'query' must be a non-empty string."


@pytest.mark.parametrize("environment", ["production", "test"])
async def test_graphiql_is_off_outside_development(settings, db, environment):
    app = create_app(settings.replace(environment=environment), manage_db=False)
    async for http in _client(app):
        response = await http.get("/graphiql", headers={"Accept": BROWSER})
        assert response.status_code == 404
        assert "graphiql" not in response.text.lower()


# --- health and readiness ------------------------------------------------------------------


async def test_health_answers_ok(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_is_503_while_no_core_migration_is_applied(client):
    # the test database is made with generate_schemas: no migration is recorded as applied
    response = await client.get("/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["reason"] == "database is empty: no migrations applied; run `kinerja migrate`"
    assert "core.0001_initial" in body["pending"]


async def test_ready_after_migrate(tmp_path):
    settings = Settings(environment="test", data_dir=tmp_path / "data")
    await migrate(settings)
    await init_db(settings)
    core_only = await start_plugins(settings, explicit={})  # installed plugins' tables are not made
    try:
        async for http in _client(create_app(settings, manage_db=False, plugins=core_only)):
            response = await http.get("/ready")
            assert response.status_code == 200, response.text
            assert response.json() == {"status": "ready"}
    finally:
        await close_db()


async def test_ready_is_503_when_the_database_is_unreachable(tmp_path):
    missing = tmp_path / "no-such-dir" / "kinerja.sqlite3"
    settings = Settings(environment="test", data_dir=tmp_path, database_url=f"sqlite://{missing}")
    await init_db(settings)
    try:
        async for http in _client(create_app(settings, manage_db=False)):
            response = await http.get("/ready")
            assert response.status_code == 503
            assert response.json() == {"status": "unavailable", "reason": "database unreachable"}
    finally:
        await close_db()


# --- CORS ------------------------------------------------------------------------------------

ORIGIN = "https://kinerja.pontianak.example"


@pytest.fixture
async def cors_client(settings: Settings, db: None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.replace(cors_origins=(ORIGIN,)), manage_db=False)
    async for http in _client(app):
        yield http


async def test_preflight_from_a_configured_origin_allows_token_and_json(cors_client):
    response = await cors_client.options(
        "/graphql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed


async def test_preflight_from_another_origin_is_refused(cors_client):
    response = await cors_client.options(
        "/graphql",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_cross_origin_request_may_read_the_request_id(cors_client):
    response = await cors_client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": ORIGIN}
    )
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_no_cors_headers_without_configured_origins(client):
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": ORIGIN}
    )
    assert "access-control-allow-origin" not in response.headers


async def test_repeated_query_reuses_the_cached_validation(client, monkeypatch):
    # the limits must not defeat the validation cache (one rule set per schema, not per
    # request): the second request with the same text validates nothing
    from kinerja_core.graphql import suggestions

    calls = []
    real = suggestions.validate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(suggestions, "validate", counting)
    body = {"query": "query CacheProbe { __typename }"}
    await post(client, body)
    first = len(calls)
    await post(client, body)
    assert first == 1 and len(calls) == first
