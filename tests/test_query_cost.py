"""Every request has a bounded cost known before it runs (issue 8, docs/limits.md).

The static cost is the number of objects a query can return: each object field counts the
product of the list caps (or connection page sizes) above it, as GitHub counts nodes. A query
above ``max_query_cost`` is refused before any resolver runs, with a typed error stating the
cost and the limit; ``extensions: {"cost": true}`` reports the cost of an accepted query.
"""

from __future__ import annotations

from kinerja_core.db import count_statements
from tests.support import gql

DEPTH_8 = (
    "{ agencies { units { agency { units { agency { units { agency { units { id name } } } } } } }"
    " } }"
)


async def _statements(client, token, query):
    with count_statements() as log:
        body = await gql(client, query, token=token)
    return body, len(log.statements)


async def test_depth_8_cycle_is_refused_before_it_runs(client, world):
    _, baseline = await _statements(client, world.staff.token, "{ __typename }")
    body, statements = await _statements(client, world.staff.token, DEPTH_8)
    assert "data" not in body  # never started
    [error] = body["errors"]
    ext = error["extensions"]
    assert ext["code"] == "query.too_costly"
    assert ext["limit"] == client.app.state.settings.max_query_cost
    assert ext["cost"] > ext["limit"]
    assert str(ext["cost"]) in error["message"] and str(ext["limit"]) in error["message"]
    assert statements == baseline  # only the sign-in lookup ran, no resolver read anything


async def test_too_costly_message_in_english(client, world):
    body = await gql(client, DEPTH_8, token=world.staff.token, lang="en")
    message = body["errors"][0]["message"]
    assert "cost" in message and "limit" in message


async def test_graphql_response_media_type_answers_400(client, world):
    response = await client.post(
        "/graphql",
        json={"query": DEPTH_8},
        headers={
            "Accept": "application/graphql-response+json",
            "Authorization": f"Bearer {world.staff.token}",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "query.too_costly"
