"""Every request has a bounded cost known before it runs (issue 8, docs/limits.md).

The static cost is the number of objects a query can return: each object field counts the
product of the list caps (or connection page sizes) above it, as GitHub counts nodes. A query
above ``max_query_cost`` is refused before any resolver runs, with a typed error stating the
cost and the limit; ``extensions: {"cost": true}`` reports the cost of an accepted query.
"""

from __future__ import annotations

import asyncio
import os
import types
from contextlib import ExitStack, asynccontextmanager

import httpx
import pytest
import strawberry

from kinerja_core.app import create_app
from kinerja_core.db import count_statements
from kinerja_core.graphql.compose import build_schema
from kinerja_core.graphql.list_caps import max_items
from tests.support import gql, ok

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


# --- how the cost is counted ---------------------------------------------------------------


@pytest.fixture(scope="module")
def served_schema():
    from kinerja_core.plugins.composition import compose_schema
    from kinerja_core.plugins.manager import load_plugins
    from kinerja_core.settings import Settings

    settings = Settings(environment="test")
    explicit = {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}
    return compose_schema(settings, load_plugins(settings, explicit=explicit))


def cost_of(schema, query: str, variables: dict | None = None) -> int:
    from graphql import parse

    from kinerja_core.graphql.cost import query_cost

    return query_cost(schema._schema, parse(query), variables=variables)


def test_cost_is_the_product_of_list_caps_down_each_path(served_schema):
    from kinerja_core.graphql.list_caps import CORE_LIST_CAPS as CAPS
    from kinerja_core.graphql.list_caps import default_of

    agencies, units = default_of(CAPS["Query.agencies"]), default_of(CAPS["Agency.units"])
    assert cost_of(served_schema, "{ agencies { id name } }") == agencies
    assert cost_of(served_schema, "{ agencies { units { id } } }") == agencies * (1 + units)
    # a singular object counts once per parent; scalars and __typename count nothing
    assert cost_of(served_schema, "{ agencies { __typename units { agency { id } } } }") == (
        agencies * (1 + units * 2)
    )


def test_fragments_inline_fragments_and_aliases_are_counted(served_schema):
    plain = cost_of(served_schema, "{ agencies { units { id } } }")
    spread = "{ agencies { ...A } } fragment A on Agency { units { id } }"
    inline = "{ agencies { ... on Agency { units { id } } } }"
    assert cost_of(served_schema, spread) == plain
    assert cost_of(served_schema, inline) == plain
    assert cost_of(served_schema, "{ a: agencies { units { id } } b: agencies { id } }") == (
        plain + cost_of(served_schema, "{ agencies { id } }")
    )


def test_connection_counts_its_first_from_literal_variable_or_default(served_schema):
    query = "query($n: Int) { employees(first: $n) { nodes { agency { id } } } }"
    assert cost_of(served_schema, "{ employees(first: 5) { nodes { id } } }") == 1 + 5
    assert cost_of(served_schema, query, {"n": 7}) == 1 + 7 * 2
    assert cost_of(served_schema, query) == 1 + 20 * 2  # default_page_size
    # edges and their node both count, as GitHub counts them
    assert cost_of(served_schema, "{ employees(first: 3) { edges { node { id } } } }") == 1 + 6


def test_the_kept_cost_follows_the_variables_it_reads(served_schema, monkeypatch):
    """The cost is kept per query text and the values of the variables it read: the same
    text with another ``$n`` is costed anew, a variable the cost does not read is not a key,
    and a long string is never kept (fixedcost)."""
    from graphql import parse

    from kinerja_core.graphql import cost as cost_module

    computed = []
    real = cost_module._compute

    def counting(*args, **kwargs):
        computed.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(cost_module, "_compute", counting)
    monkeypatch.setattr(cost_module, "_COSTS", type(cost_module._COSTS)())
    query = (
        "query($n: Int, $q: String) { employees(first: $n, after: $q) { nodes { agency { id } } } }"
    )
    document = parse(query)

    def cost(variables):
        return cost_module.query_cost_cached(
            served_schema._schema, query, document, variables=variables
        )

    assert cost({"n": 7}) == 1 + 7 * 2
    assert cost({"n": 7, "q": "siti"}) == 1 + 7 * 2  # `after` is not read: kept answer
    assert len(computed) == 1
    assert cost({"n": 3}) == 1 + 3 * 2  # another value read: costed anew
    assert cost({}) == cost({"n": None}) == 1 + 20 * 2  # default_page_size
    assert cost({"n": 7}) == 1 + 7 * 2 and cost({"n": 3}) == 1 + 3 * 2
    assert len(computed) == 4  # {"n": 7}, {"n": 3}, {}, {"n": None}
    type_query = "query($t: String!) { __type(name: $t) { fields { name } } }"
    long_name = "Employee" + " " * 300
    for _ in range(2):
        cost_module.query_cost_cached(
            served_schema._schema, type_query, parse(type_query), variables={"t": long_name}
        )
    assert len(computed) == 6  # a long string is not a key: computed each time


def test_introspection_counts_what_it_returns(served_schema):
    from graphql import get_introspection_query

    types = len(served_schema._schema.type_map)
    assert cost_of(served_schema, "{ __schema { types { name } } }") == 1 + types
    full = cost_of(served_schema, get_introspection_query(descriptions=True))
    assert types < full < 10000  # GraphiQL's introspection fits within the default limit


def test_every_list_field_states_its_cap(served_schema):
    from kinerja_core.graphql.list_caps import declared_caps

    caps = declared_caps(served_schema._schema)
    assert "Agency.kesehatanPuskesmas" in caps and "Query.agencies" in caps
    missing = sorted(name for name, cap in caps.items() if cap is None)
    assert not missing, f"list fields without a cap: {missing}"
    sdl = served_schema.as_str()
    assert "At most 50 items." in sdl


def test_frontend_operations_are_within_the_default_limit(served_schema):
    from pathlib import Path

    from graphql import OperationDefinitionNode, parse

    from kinerja_core.graphql.cost import query_cost
    from kinerja_core.settings import Settings

    limit = Settings().max_query_cost
    for path in sorted(Path("schema/operations").glob("*.graphql")):
        document = parse(path.read_text())
        for op in document.definitions:
            if isinstance(op, OperationDefinitionNode):
                name = op.name.value if op.name else None
                cost = query_cost(served_schema._schema, document, operation_name=name)
                assert cost <= limit, f"{path.name} {name} costs {cost} > {limit}"


# --- the cost in the answer ----------------------------------------------------------------


async def test_cost_is_reported_when_asked_in_extensions(client, world):
    query = "{ agencies { id units { id } } }"
    headers = {"Authorization": f"Bearer {world.staff.token}"}
    asked = await client.post(
        "/graphql", json={"query": query, "extensions": {"cost": True}}, headers=headers
    )
    cost = asked.json()["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 50 * (1 + 50)
    agencies = asked.json()["data"]["agencies"]
    assert cost["actualQueryCost"] == len(agencies) + sum(len(a["units"]) for a in agencies)
    assert cost["maxQueryCost"] == client.app.state.settings.max_query_cost
    by_header = await client.post(
        "/graphql", json={"query": query}, headers={**headers, "X-Query-Cost": "true"}
    )
    assert by_header.json()["extensions"]["cost"] == cost
    plain = await client.post("/graphql", json={"query": query}, headers=headers)
    assert "extensions" not in plain.json()


@asynccontextmanager
async def served(settings, schema=None):
    app = create_app(settings, manage_db=False, schema=schema)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_limit_is_configurable(settings, world):
    async with served(settings.replace(max_query_cost=1000)) as client:
        body = await gql(client, "{ agencies { units { id } } }", token=world.staff.token)
        assert ok(await gql(client, "{ agencies { id } }", token=world.staff.token), "agencies")
    assert body["errors"][0]["extensions"] == {
        "code": "query.too_costly",
        "kind": "QueryTooCostly",
        "cost": 2550,
        "limit": 1000,
    }


# --- list caps are enforced ----------------------------------------------------------------


@strawberry.type
class CapProbe:
    @strawberry.field(description="Ten numbers.", metadata=max_items(3))
    def numbers(self) -> list[int]:
        return list(range(10))


async def test_a_list_longer_than_its_cap_is_cut_to_the_cap(settings, db, caplog):
    schema = build_schema(
        settings, extra_parts=[("test.cap", types.SimpleNamespace(Query=CapProbe))]
    )
    async with served(settings, schema) as http:
        body = await gql(http, "{ numbers }")
    # the cut is said in the response, never silent
    assert body == {
        "data": {"numbers": [0, 1, 2]},
        "extensions": {"truncated": [{"path": ["numbers"], "cap": 3}]},
    }
    assert "Query.numbers at numbers returned more than its cap of 3" in caplog.text
    assert "At most 3 items." in schema.as_str()


@strawberry.type
class PagedProbe:
    @strawberry.field(description="Ten numbers.", metadata=max_items(3, maximum=8))
    def numbers(self) -> list[int]:
        return list(range(10))

    @strawberry.field(description="Two numbers.", metadata=max_items(3, maximum=8))
    def few(self) -> list[int]:
        return [0, 1]


async def test_a_paged_list_reaches_every_item_through_first_and_offset(settings, db, caplog):
    schema = build_schema(
        settings, extra_parts=[("test.paged", types.SimpleNamespace(Query=PagedProbe))]
    )
    async with served(settings, schema) as http:
        page = await gql(http, "{ numbers(first: 8) few }")
        rest = await gql(http, "{ numbers(first: 8, offset: 8) }")
        too_many = await gql(http, "{ numbers(first: 9) }")
        negative = await gql(http, "{ numbers(offset: -1) }")
        default = await gql(http, "{ a: numbers b: numbers(offset: 3) }")
    # a page shorter than the list says so, with the page size asked for
    assert page == {
        "data": {"numbers": list(range(8)), "few": [0, 1]},
        "extensions": {"truncated": [{"path": ["numbers"], "cap": 8}]},
    }
    assert rest == {"data": {"numbers": [8, 9]}}  # the end of the list: nothing cut
    error = too_many["errors"][0]
    assert error["extensions"]["kind"] == "ValidationError"
    assert error["extensions"]["field"] == "first"
    assert "8" in error["message"] and too_many["data"] is None
    assert negative["errors"][0]["extensions"]["field"] == "offset"
    assert default["data"] == {"a": [0, 1, 2], "b": [3, 4, 5]}
    assert default["extensions"]["truncated"] == [
        {"path": ["a"], "cap": 3},
        {"path": ["b"], "cap": 3},
    ]
    assert "first" in schema.as_str() and "up to 8" in schema.as_str()


# --- the truncation report is in document order, whatever order the lists resolve in ------

RESOLVED: list[str] = []  # which capped list resolved when, in the test below
LATE_DONE: dict[str, asyncio.Event] = {}


async def _after_late(name: str) -> list[int]:
    """Ten numbers once ``late`` has resolved: this list resolves after it."""
    await asyncio.wait_for(LATE_DONE["event"].wait(), timeout=10)
    RESOLVED.append(name)
    return list(range(10))


@strawberry.type
class OrderGroup:
    index: int

    @strawberry.field(description="Ten numbers.", metadata=max_items(2))
    async def numbers(self) -> list[int]:
        if self.index == 0:
            return await _after_late("groups.0.numbers")
        RESOLVED.append("groups.1.numbers")
        return list(range(10))


@strawberry.type
class OrderProbe:
    @strawberry.field(description="Ten numbers, late.", metadata=max_items(3))
    async def early(self) -> list[int]:
        return await _after_late("early")

    @strawberry.field(description="Two groups.")
    def groups(self) -> list[OrderGroup]:
        return [OrderGroup(index=0), OrderGroup(index=1)]

    @strawberry.field(description="Ten numbers, at once.", metadata=max_items(4))
    async def late(self) -> list[int]:
        RESOLVED.append("late")
        LATE_DONE["event"].set()
        return list(range(10))


async def test_cut_lists_are_reported_in_document_order_not_resolution_order(settings, db):
    """On PostgreSQL two cut lists load at once and resolve in either order; the report
    follows the query (field order, then list indices), so identical requests answer alike."""
    schema = build_schema(
        settings, extra_parts=[("test.order", types.SimpleNamespace(Query=OrderProbe))]
    )
    async with served(settings, schema) as http:
        RESOLVED.clear()
        LATE_DONE["event"] = asyncio.Event()
        body = await gql(http, "{ early groups { numbers } late }")
    assert RESOLVED[:2] == ["late", "groups.1.numbers"]  # against document order
    assert body["data"]["early"] == [0, 1, 2]
    assert body["extensions"]["truncated"] == [
        {"path": ["early"], "cap": 3},
        {"path": ["groups", 0, "numbers"], "cap": 2},
        {"path": ["groups", 1, "numbers"], "cap": 2},
        {"path": ["late"], "cap": 4},
    ]


def test_a_paged_list_costs_its_first(settings):
    schema = build_schema(
        settings, extra_parts=[("test.paged", types.SimpleNamespace(Query=PagedProbe))]
    )
    units = "query($n: Int) { agencies(first: $n) { units(first: 200) { id } } }"
    assert cost_of(schema, "{ agencies { id } }") == 50  # default: the cap
    assert cost_of(schema, "{ agencies(first: 7) { id } }") == 7
    assert cost_of(schema, units, {"n": 2}) == 2 * (1 + 200)
    assert cost_of(schema, "{ agencies(first: 100000) { id } }") == 500  # at most its maximum


# --- subscriptions: the same limit on every subscribe message --------------------------------


def test_subscription_above_the_limit_is_refused_on_the_socket(tmp_path):
    import asyncio

    from tests.servers import running_server
    from tests.ws.client import GraphQLWS
    from tests.ws.pg import fresh_database
    from tests.ws.seed import seed

    query = "subscription { feedbackReceived { text author { name } plan { employee { id } } } }"

    async def subscribe(server, token) -> dict:
        auth = {"authorization": f"Bearer {token}"}
        async with GraphQLWS.connect(server.websocket, auth) as socket:
            await socket.subscribe("costly", query)
            return await socket.message("costly")

    with ExitStack() as stack:
        if os.environ.get("KINERJA_TEST_DATABASE_URL", "").startswith("postgres"):
            url = stack.enter_context(fresh_database())
        else:
            url = f"sqlite://{tmp_path / 'ws.sqlite3'}"
        seeded = seed(tmp_path, url)
        env = {"KINERJA_MAX_QUERY_COST": "3"}
        server = stack.enter_context(running_server(tmp_path, url, migrate_first=False, env=env))
        message = asyncio.run(subscribe(server, seeded.world.staff.token))
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"] == {
        "code": "query.too_costly",
        "kind": "QueryTooCostly",
        "cost": 4,
        "limit": 3,
    }


def test_docs_list_every_cap_as_the_code_has_it(served_schema):
    from pathlib import Path

    from kinerja_core.graphql.list_caps import DEFAULT_LIST_CAP, Paged, declared_caps
    from kinerja_core.settings import Settings

    text = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()
    for name, cap in declared_caps(served_schema._schema).items():
        cap = DEFAULT_LIST_CAP if cap is None else cap
        row = (
            f"| `{name}` | {cap.default} | {cap.maximum} |"
            if isinstance(cap, Paged)
            else f"| `{name}` | {cap} | (fixed) |"
        )
        assert row in text, name
    defaults = Settings()
    assert f"| {defaults.max_query_cost:,} | `max_query_cost` |" in text
    assert f"| {defaults.execution_timeout_ms:,} ms | `execution_timeout_ms` |" in text
