"""What slips past the static cost is still stopped (docs/limits.md): an operation running
past ``execution_timeout_ms`` answers ``query.timeout``; an answer larger than
``max_response_bytes`` answers ``response.too_large`` instead of the body; JSON nested deeper
than the HTTP layer accepts is a 400 with a clear message, never a 500."""

from __future__ import annotations

import asyncio
import types
from contextlib import asynccontextmanager

import httpx
import pytest
import strawberry

from kinerja_core.app import create_app
from kinerja_core.graphql.compose import build_schema
from kinerja_core.graphql.http import MAX_JSON_DEPTH
from tests.support import gql, ok

GQL = "application/graphql-response+json"


@strawberry.type
class SlowQuery:
    @strawberry.field(description="Answers after `seconds`.")
    async def slow(self, seconds: float) -> str:
        await asyncio.sleep(seconds)
        return "done"

    @strawberry.field(description="A string of `size` characters.")
    def blob(self, size: int) -> str:
        return "x" * size


@strawberry.type
class SlowMutation:
    @strawberry.mutation(description="Answers after `seconds`.")
    async def slow_write(self, seconds: float) -> str:
        await asyncio.sleep(seconds)
        return "saved"


PROBE = types.SimpleNamespace(Query=SlowQuery, Mutation=SlowMutation)


@asynccontextmanager
async def served(settings):
    schema = build_schema(settings, extra_parts=[("test.limits", PROBE)])
    app = create_app(settings, manage_db=False, schema=schema)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_operation_past_the_timeout_is_stopped_with_a_typed_error(settings, db):
    async with served(settings.replace(execution_timeout_ms=200)) as http:
        body = await gql(http, "{ slow(seconds: 5) }", lang="en")
        [error] = body["errors"]
        assert body["data"] is None
        assert error["extensions"] == {
            "code": "query.timeout",
            "kind": "QueryTimeout",
            "seconds": 0.2,
        }
        assert "0.2 seconds" in error["message"]
        assert ok(await gql(http, "{ slow(seconds: 0) }"), "slow") == "done"


async def test_a_mutation_is_not_cut_short_by_the_timeout(settings, db):
    async with served(settings.replace(execution_timeout_ms=100)) as http:
        body = await gql(http, "mutation { slowWrite(seconds: 0.3) }")
        assert ok(body, "slowWrite") == "saved"


async def test_answer_over_the_response_cap_is_replaced_by_a_typed_error(settings, db):
    async with served(settings.replace(max_response_bytes=10_000)) as http:
        response = await http.post(
            "/graphql", json={"query": "{ blob(size: 20000) }"}, headers={"Accept": GQL}
        )
        assert len(response.content) < 1000
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "response.too_large"
        assert error["extensions"]["limit"] == 10_000
        assert error["extensions"]["size"] > 20_000
        assert "10000" in error["message"]
        assert ok(await gql(http, "{ blob(size: 100) }"), "blob") == "x" * 100


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 50_000])
async def test_deeply_nested_json_body_is_400_not_500(client, depth):
    nested = "[" * depth + "]" * depth
    body = '{"query": "{ __typename }", "variables": {"x": ' + nested + "}}"
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json", "Accept": GQL}
    )
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert (
        message == f"The body is nested too deeply; at most {MAX_JSON_DEPTH} levels are accepted."
    )


async def test_deeply_nested_get_variables_are_400(client):
    nested = "[" * 5000 + "]" * 5000
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": '{"x": ' + nested + "}"}
    )
    assert response.status_code == 400
    assert "'variables' is nested too deeply" in response.json()["errors"][0]["message"]


async def test_json_nested_within_the_limit_is_accepted(client):
    nested = "[" * 10 + "]" * 10
    body = '{"query": "{ __typename }", "variables": {"x": ' + nested + "}}"
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.json() == {"data": {"__typename": "Query"}}
