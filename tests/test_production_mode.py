"""Production mode: who may introspect, no "Did you mean", security headers on every answer."""

from __future__ import annotations

import re

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.graphql.http import graphiql_page
from tests.support import gql

INTROSPECTION = "{ __schema { queryType { name } } }"
TYPE_PROBE = '{ __type(name: "Employee") { name } }'
JSON = "application/json"


async def _client(settings, plugin_manager, **changes):
    app = create_app(settings.replace(**changes), manage_db=False, plugins=plugin_manager)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _code(body):
    return body["errors"][0]["extensions"]["code"]


# --- introspection -------------------------------------------------------------------------


@pytest.mark.parametrize("query", [INTROSPECTION, TYPE_PROBE])
async def test_production_refuses_introspection_to_anonymous_callers(client, world, query):
    body = await gql(client, query, lang="en")
    assert "data" not in body
    assert _code(body) == "auth.required"
    assert body["errors"][0]["message"] == "Please sign in first."


async def test_production_answers_introspection_to_signed_in_users(client, world):
    body = await gql(client, INTROSPECTION, token=world.staff.token)
    assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_typename_stays_available_to_anonymous_callers(client, world):
    assert await gql(client, "{ __typename }") == {"data": {"__typename": "Query"}}


async def test_introspection_off_refuses_everyone(settings, db, plugin_manager, world):
    async with await _client(settings, plugin_manager, introspection="off") as http:
        for token in (None, world.central.token):
            body = await gql(http, '{ me { roles } __type(name: "Me") { name } }', token=token)
            assert _code(body) == "introspection.off" and "data" not in body


async def test_introspection_is_public_in_development(settings, db, plugin_manager):
    async with await _client(settings, plugin_manager, environment="development") as http:
        body = await gql(http, INTROSPECTION)
        assert body == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_unknown_introspection_mode_stops_the_start(settings, plugin_manager):
    with pytest.raises(ValueError, match="introspection must be one of"):
        create_app(settings.replace(introspection="yes"), manage_db=False, plugins=plugin_manager)


# --- suggestions ---------------------------------------------------------------------------

# One probe per kind of "Did you mean": field, argument, type, enum literal, enum variable,
# input field (in a variable: coerced at execution, not validation).
SUGGESTION_PROBES = {
    "field": ("{ me { rols } }", None),
    "argument": ('{ plan(idd: "1") { id } }', None),
    "type": ("query($x: Employe) { me { roles } }", None),
    "enum literal": (
        'mutation { addWorkResult(input: {planId: "1", kind: UTAM, description: "x"}) '
        "{ __typename } }",
        None,
    ),
    "enum variable": (
        "mutation($k: WorkResultKind!) { addWorkResult(input: "
        '{planId: "1", kind: $k, description: "x"}) { __typename } }',
        {"k": "UTAM"},
    ),
    "input field": (
        "mutation($i: AddWorkResultInput!) { addWorkResult(input: $i) { __typename } }",
        {"i": {"planId": "1", "kind": "UTAMA", "descriptio": "x"}},
    ),
}


@pytest.mark.parametrize("kind", SUGGESTION_PROBES)
async def test_production_errors_suggest_nothing(client, world, kind):
    query, variables = SUGGESTION_PROBES[kind]
    body = await gql(client, query, variables, token=world.staff.token)
    messages = [e["message"] for e in body["errors"]]
    assert messages and not any("Did you mean" in m for m in messages), messages


@pytest.mark.parametrize("kind", SUGGESTION_PROBES)
async def test_development_errors_still_suggest(settings, db, plugin_manager, world, kind):
    query, variables = SUGGESTION_PROBES[kind]
    async with await _client(settings, plugin_manager, environment="development") as http:
        body = await gql(http, query, variables, token=world.staff.token)
    assert any("Did you mean" in e["message"] for e in body["errors"]), body


# --- security headers ----------------------------------------------------------------------

SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _assert_secure(response: httpx.Response) -> None:
    for name, value in SECURITY.items():
        assert response.headers.get(name) == value, (response.url, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "no-store" in response.headers["cache-control"]


async def test_every_kind_of_answer_carries_the_security_headers(client, world):
    auth = {"Authorization": f"Bearer {world.staff.token}"}
    answers = [
        await client.post("/graphql", json={"query": "{ me { roles } }"}, headers=auth),
        await client.post("/graphql", json={"query": "{ me { roles } }"}),  # refused
        await client.post("/graphql", content=b"{not json", headers={"content-type": JSON}),
        await client.get("/graphql", params={"query": "{ __typename }"}),
        await client.get("/health"),
        await client.get("/ready"),
        await client.get("/graphql/nowhere"),  # under an API path: 404, not the web app
        await client.get("/evidence/1", headers=auth),
    ]
    for response in answers:
        _assert_secure(response)
    assert answers[0].status_code == 200
    assert answers[0].headers["content-security-policy"].startswith("default-src 'none'")


async def test_graphiql_page_policy_allows_what_the_page_loads(settings, db, plugin_manager):
    async with await _client(settings, plugin_manager, environment="development") as http:
        response = await http.get("/graphiql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    _assert_secure(response)
    directives = response.headers["content-security-policy"].split("; ")
    policy = dict((part.split(" ", 1) + [""])[:2] for part in directives)
    page = graphiql_page()
    scripts = re.findall(r'<script[^>]*\bsrc="(https://[^/"]+)', page)
    styles = re.findall(r'<link[^>]*\bhref="(https://[^/"]+)', page)
    assert scripts and styles
    assert all(origin in policy["script-src"].split() for origin in scripts)
    assert all(origin in policy["style-src"].split() for origin in styles)
    # the inline bootstrap script runs by its hash, not by 'unsafe-inline'
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'sha256-" in policy["script-src"]
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"


async def test_rate_limited_answers_carry_the_security_headers(settings, db, plugin_manager):
    # the header middleware is the outermost: a 429 of the rate limiter gets them too
    limits = {"rate_limit_per_address": 0.001, "rate_limit_address_burst": 1}
    async with await _client(settings, plugin_manager, **limits) as http:
        answers = [await http.post("/graphql", json={"query": "{ __typename }"}) for _ in range(2)]
    assert [r.status_code for r in answers] == [200, 429]
    _assert_secure(answers[1])
