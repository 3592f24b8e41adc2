"""The fast execution path (kinerja_core/graphql/execution.py) answers byte for byte what
graphql-core's own execution answers: data, errors, their messages, paths and null propagation.

Two levels:

- a small schema of its own with every shape the fast path completes or hands back (plain and
  simple fields, enums, lists with bad items, non-null violations propagating to the parent,
  resolvers that raise, async fields, unions, interfaces), each document run with the fast
  executor and with strawberry's plain one;
- the served schema on the demo city: the frontend operations (team view, SKP detail, my
  dashboard, agency dashboard, evaluation) and tricky documents (aliases, fragments, inline
  fragments, ``@include``/``@skip``, ``__typename``, nulls, a refused field), through the HTTP
  app with the fast path on and off.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import types
from enum import Enum
from pathlib import Path
from typing import Annotated

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from kinerja_core import models as m
from kinerja_core.auth.tokens import new_token, token_hash
from kinerja_core.demo import run_demo
from kinerja_core.graphql.execution import (
    CONTEXT,
    GENERAL,
    INFO,
    PLAIN,
    SIMPLE,
    FastExecutionContext,
    field_kind,
    reads_context,
)
from kinerja_core.graphql.list_caps import (
    DEFAULT_LIST_CAP,
    apply_list_caps,
    max_items,
    start_truncation_report,
    truncated_lists,
)

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"


# -- a schema of its own -------------------------------------------------------------------


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    maybe: str | None
    color: Color
    count: int
    raw: strawberry.Private[object] = None
    code: str = "c"  # plain attributes of leaf types, set wrong by some leaves below
    hue: Color | None = None
    big: int | None = 2**40  # out of Int's range: an error
    flag: int = True  # a bool in an Int field: coerced to 1
    ident: strawberry.ID = 7  # type: ignore[assignment]  # an int in an ID field

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def broken(self) -> str:
        raise ValueError(f"broken {self.name}")

    @strawberry.field
    def must(self) -> str:
        return self.raw  # type: ignore[return-value]  # None: a non-null violation

    @strawberry.field
    def bad_color(self) -> Color:
        return self.raw  # type: ignore[return-value]  # not a Color


@strawberry.type
class Other:
    label: str


Thing = Annotated[Leaf | Other, strawberry.union("Thing")]


@strawberry.type
class Node:
    id: strawberry.ID
    leaves: list[Leaf]
    optional_leaves: list[Leaf | None] | None
    strict: Leaf
    tags: tuple[str, ...]
    numbers: list[int]
    strict_numbers: list[int] | None
    things: list[Thing]
    named: list[Named]

    @strawberry.field
    async def later(self) -> Leaf:
        await asyncio.sleep(0)
        return self.leaves[0]

    @strawberry.field
    async def later_broken(self) -> Leaf | None:
        raise RuntimeError("later broken")

    @strawberry.field
    def with_info(self, info: strawberry.Info) -> str:
        return info.path.key if isinstance(info.path.key, str) else "?"

    @strawberry.field
    def pick(self, index: int) -> Leaf:
        return self.leaves[index]

    @strawberry.field
    @reads_context
    def greeting(self, info: strawberry.Info) -> str:
        return f"{info.context['greeting']} {self.id}"

    @strawberry.field
    @reads_context
    def context_broken(self, info: strawberry.Info) -> str | None:
        raise LookupError(f"no {info.context['missing']}")

    @strawberry.field
    @reads_context
    def context_later(self, info: strawberry.Info) -> Leaf:
        async def later() -> Leaf:
            await asyncio.sleep(0)
            return self.leaves[int(self.id) % 2]

        return later()  # type: ignore[return-value]

    @strawberry.field
    @reads_context
    def context_null(self, info: strawberry.Info) -> Leaf:
        return info.context.get("nothing")  # type: ignore[return-value]

    @strawberry.field
    @reads_context
    def context_with_argument(self, info: strawberry.Info, suffix: str) -> str:
        return info.context["greeting"] + suffix

    @strawberry.field(metadata=max_items(1))
    def first_leaf(self) -> list[Leaf]:  # two leaves, capped at one: cut where caps apply
        return self.leaves

    @strawberry.field(metadata=max_items(1))
    async def first_leaf_later(self) -> list[Leaf]:
        return self.leaves

    @strawberry.field(metadata=max_items(1))
    @reads_context
    def first_tag(self, info: strawberry.Info) -> tuple[str, ...]:
        return self.tags


def _leaf(name: str, raw: object = "x", maybe: str | None = None) -> Leaf:
    leaf = Leaf(name=name, maybe=maybe, color=Color.RED, count=len(name), raw=raw)
    if raw is None:  # the second leaf of a node: a null non-null attribute, a bad enum value
        leaf.code = None  # type: ignore[assignment]
        leaf.hue = "green"  # type: ignore[assignment]
    else:
        leaf.hue = Color.BLUE
    return leaf


def _node(i: int) -> Node:
    leaves = [_leaf(f"leaf{i}a", maybe="m"), _leaf(f"leaf{i}b", raw=None)]
    return Node(
        id=strawberry.ID(str(i)),
        leaves=leaves,
        optional_leaves=[leaves[0], None] if i % 2 else None,
        strict=None if i == 2 else leaves[0],  # type: ignore[arg-type]
        tags=("a", "b"),
        numbers=[1, "two", 3] if i == 1 else [1, 2],  # type: ignore[list-item]
        strict_numbers=[1, None] if i == 1 else [4],  # type: ignore[list-item]
        things=[leaves[0], Other(label="other")],
        named=[leaves[1]],
    )


@strawberry.type
class Query:
    @strawberry.field
    def nodes(self) -> list[Node]:
        return [_node(i) for i in range(4)]

    @strawberry.field
    def node(self, id: int) -> Node | None:
        return _node(id) if id >= 0 else None


def _schema(context_class: type) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, types=[Leaf, Other], execution_context_class=context_class
    )


FAST_SCHEMA = _schema(FastExecutionContext)
PLAIN_SCHEMA = _schema(StrawberryGraphQLCoreExecutionContext)


def _capped(context_class: type) -> strawberry.Schema:
    """The same schema with the served schema's list caps (every list field capped)."""
    schema = _schema(context_class)
    apply_list_caps(schema._schema)
    return schema


CAPPED_FAST_SCHEMA = _capped(FastExecutionContext)
CAPPED_PLAIN_SCHEMA = _capped(StrawberryGraphQLCoreExecutionContext)


class Context(dict):
    """A context taking attributes (the truncation report) and items (the resolvers)."""


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    """One item per field the fast path executed (object fields executed inline in
    ``execute_fields`` are counted by their value's check, ``_plain_value``)."""
    seen: list[int] = []
    for name in ("_execute_fast", "_plain_value"):
        original = getattr(FastExecutionContext, name)

        def counted(self, *args, original=original):
            seen.append(1)
            return original(self, *args)

        monkeypatch.setattr(FastExecutionContext, name, counted)
    return seen


DOCUMENTS = [
    ("plain fields", "{ nodes { id tags leaves { name maybe color count shout } } }", {}),
    (
        "aliases, fragments, typename",
        """query { all: nodes { __typename ident: id ...N } one: node(id: 1) { ...N id } }
        fragment N on Node { leaves { ... on Leaf { n: name, name } __typename c: color }
          first: pick(index: 0) { name } }""",
        {},
    ),
    (
        "directives",
        """query ($yes: Boolean!, $no: Boolean!) { nodes { id @include(if: $yes)
          leaves @skip(if: $no) { name @skip(if: $yes) count }
          ... @include(if: $no) { tags } } }""",
        {"yes": True, "no": False},
    ),
    ("raising simple resolver", "{ nodes { leaves { name broken } } }", {}),
    ("non-null violation propagates", "{ nodes { id leaves { must } } }", {}),
    ("null in a non-null field of a nullable parent", "{ node(id: 2) { id strict { name } } }", {}),
    ("null in a non-null list item", "{ nodes { id strictNumbers numbers } }", {}),
    ("bad enum value", "{ node(id: 0) { leaves { badColor } } }", {}),
    ("nullable list items", "{ nodes { optionalLeaves { name } } }", {}),
    (
        "async and info fields",
        "{ nodes { later { name shout } laterBroken { name } withInfo } }",
        {},
    ),
    (
        "unions and interfaces",
        """{ nodes { things { __typename ... on Leaf { name } ... on Other { label } }
          named { __typename name ... on Leaf { count } } } }""",
        {},
    ),
    ("missing node", "{ node(id: -1) { id } }", {}),
    ("leaf attributes, good and bad", "{ nodes { id leaves { name code } } }", {}),
    ("coerced leaf attributes", "{ nodes { leaves { name big flag ident count } } }", {}),
    (
        "enum attributes, good and bad",
        "{ nodes { leaves { hue color } optionalLeaves { hue } } }",
        {},
    ),
    (
        "context resolvers",
        """{ nodes { greeting contextBroken contextLater { name code }
          contextWithArgument(suffix: "!") } node(id: 1) { id contextNull { name } } }""",
        {},
    ),
]


CAPPED_DOCUMENTS = [
    *DOCUMENTS,
    (
        "lists longer than their cap",
        """{ nodes { firstLeaf { name code } firstLeafLater { name } firstTag }
          node(id: 1) { leaves { name } firstLeaf { __typename count } } }""",
        {},
    ),
]


def _answer(result: strawberry.types.ExecutionResult) -> str:
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors})


@pytest.mark.parametrize(
    ("name", "document", "variables"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS]
)
async def test_own_schema_answers_the_same(name, document, variables, calls):
    context = {"greeting": "hi"}
    fast = await FAST_SCHEMA.execute(document, variable_values=variables, context_value=context)
    plain = await PLAIN_SCHEMA.execute(document, variable_values=variables, context_value=context)
    assert _answer(fast) == _answer(plain)
    if name != "missing node":
        assert calls, "the fast path was not taken"


@pytest.mark.parametrize(
    ("name", "document", "variables"), CAPPED_DOCUMENTS, ids=[d[0] for d in CAPPED_DOCUMENTS]
)
async def test_capped_lists_answer_the_same(name, document, variables, calls):
    """With list caps (list_caps.py), as the served schema has them: the same answers and
    the same cut lists in the truncation report, capped lists on the fast path too."""
    fast_context, plain_context = Context(greeting="hi"), Context(greeting="hi")
    fast = await CAPPED_FAST_SCHEMA.execute(
        document, variable_values=variables, context_value=fast_context
    )
    plain = await CAPPED_PLAIN_SCHEMA.execute(
        document, variable_values=variables, context_value=plain_context
    )
    assert _answer(fast) == _answer(plain)
    assert truncated_lists(fast_context) == truncated_lists(plain_context)
    if name != "missing node":
        assert calls, "the fast path was not taken"
    if name == "lists longer than their cap":
        assert len(truncated_lists(fast_context)) == 4 * 3 + 1


def test_fixed_capped_lists_run_on_the_fast_path():
    schema = CAPPED_FAST_SCHEMA._schema
    node = schema.get_type("Node")
    kinds = {name: field_kind(schema, field) for name, field in node.fields.items()}
    assert kinds["leaves"][0] == PLAIN and kinds["leaves"][3][0] == DEFAULT_LIST_CAP
    assert kinds["firstLeaf"][0] == SIMPLE and kinds["firstLeaf"][3][0] == 1
    assert kinds["firstTag"][0] == CONTEXT and kinds["firstTag"][3][0] == 1
    assert kinds["firstLeafLater"][0] == GENERAL  # async: graphql-core's way, cut by the cap
    assert kinds["id"][3] is None  # not a list


def test_only_marked_resolvers_of_self_and_info_run_with_the_context():
    schema = FAST_SCHEMA._schema
    node = schema.get_type("Node")
    kinds = {name: field_kind(schema, field)[0] for name, field in node.fields.items()}
    assert kinds["greeting"] == kinds["contextLater"] == CONTEXT
    assert kinds["withInfo"] == INFO  # reads info.path: not marked, run with a full info
    assert kinds["contextWithArgument"] == GENERAL  # an argument


async def test_fast_path_is_off_when_an_extension_wraps_resolvers():
    from strawberry.extensions import SchemaExtension

    seen = []

    class Every(SchemaExtension):
        def resolve(self, _next, root, info, *args, **kwargs):
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    schema = strawberry.Schema(
        query=Query,
        types=[Leaf, Other],
        extensions=[Every],
        execution_context_class=FastExecutionContext,
    )
    result = await schema.execute("{ node(id: 0) { id leaves { name } } }")
    assert not result.errors
    assert seen.count("name") == 2  # every plain field still reached the extension


# -- list fields under their cap (list_caps) ---------------------------------------------


@strawberry.type
class Lists:
    numbers: list[int] = strawberry.field(metadata=max_items(2))  # a plain attribute
    few: list[int] = strawberry.field(metadata=max_items(5))

    @strawberry.field(metadata=max_items(2, maximum=5))
    def paged(self) -> list[Leaf]:
        return [_leaf(f"p{i}") for i in range(4)]

    @strawberry.field(metadata=max_items(3))
    def items(self) -> tuple[Leaf, ...]:
        return (_leaf("a"), _leaf("b", raw=1))

    @strawberry.field(metadata=max_items(2))
    @reads_context
    def greetings(self, info: strawberry.Info) -> list[str]:
        return [info.context.greeting] * 3

    @strawberry.field(metadata=max_items(2))
    def broken(self) -> list[int]:
        raise ValueError("broken list")

    @strawberry.field(metadata=max_items(2))
    async def later(self) -> list[Leaf]:
        await asyncio.sleep(0)
        return [_leaf("l1"), _leaf("l2"), _leaf("l3")]

    @strawberry.field(metadata=max_items(2))
    def lazy(self) -> list[Leaf] | None:
        async def later() -> list[Leaf]:
            return [_leaf("z1"), _leaf("z2"), _leaf("z3")]

        return later()  # type: ignore[return-value]


@strawberry.type
class ListsQuery:
    @strawberry.field
    def lists(self) -> Lists:
        return Lists(numbers=[1, 2, 3], few=[4, 5])


def _lists_schema(context_class: type) -> strawberry.Schema:
    schema = strawberry.Schema(
        query=ListsQuery, types=[Leaf], execution_context_class=context_class
    )
    apply_list_caps(schema._schema)
    return schema


CAPPED_FAST, CAPPED_PLAIN = (
    _lists_schema(FastExecutionContext),
    _lists_schema(StrawberryGraphQLCoreExecutionContext),
)


class ListsContext:
    greeting = "hi"


LISTS_DOCUMENTS = [
    ("cut attribute and uncut one", "{ lists { numbers few } }"),
    ("paged, default page", "{ lists { paged { name } } }"),
    ("paged with first and offset", "{ lists { paged(first: 3, offset: 1) { name } } }"),
    ("refused first", "{ lists { paged(first: 9) { name } } }"),
    ("tuple with a bad item", "{ lists { items { name code } } }"),
    ("context resolver cut", "{ lists { greetings } }"),
    ("raising resolver", "{ lists { broken numbers } }"),
    ("async resolver", "{ lists { later { name } } }"),
    ("awaitable from a simple resolver", "{ lists { lazy { name } } }"),
    ("fragments", "{ lists { ...L } } fragment L on Lists { few paged { ... on Leaf { name } } }"),
]


@pytest.mark.parametrize(
    ("name", "document"), LISTS_DOCUMENTS, ids=[d[0] for d in LISTS_DOCUMENTS]
)
async def test_lists_under_their_cap_answer_the_same(name, document, monkeypatch):
    seen: list[str] = []
    original = FastExecutionContext._execute_fast

    def counted(self, *args):
        if args[-1].__class__ is tuple:  # a capped list: (count, where)
            seen.append(args[2][0].node.name.value)
        return original(self, *args)

    monkeypatch.setattr(FastExecutionContext, "_execute_fast", counted)
    fast_context, plain_context = ListsContext(), ListsContext()
    fast = await CAPPED_FAST.execute(document, context_value=fast_context)
    plain = await CAPPED_PLAIN.execute(document, context_value=plain_context)
    assert _answer(fast) == _answer(plain)
    # a cut list is named in extensions.truncated by either path, with the same path and cap
    assert truncated_lists(fast_context) == truncated_lists(plain_context)
    if "first" not in document and "later" not in document:
        assert seen, "the capped fast path was not taken"
    if "first" in document:
        assert "paged" not in seen  # `first`/`offset` given: the capped resolver reads them


async def test_an_awaited_general_field_is_completed_by_the_fast_path(monkeypatch):
    # the awaited list of an async resolver (a plugin's root list) is completed like the
    # others, without graphql-core's calls per item, and answers the same
    shapes: list[object] = []
    original = FastExecutionContext._complete

    def counted(self, return_type, *args):
        shapes.append(return_type)
        return original(self, return_type, *args)

    monkeypatch.setattr(FastExecutionContext, "_complete", counted)
    document = "{ lists { later { name } } }"
    fast = await CAPPED_FAST.execute(document, context_value=ListsContext())
    plain = await CAPPED_PLAIN.execute(document, context_value=ListsContext())
    assert _answer(fast) == _answer(plain)
    later = CAPPED_FAST._schema.type_map["Lists"].fields["later"].type
    assert later in shapes


def test_capped_lists_run_fast_only_with_a_fast_resolver_of_their_own():
    kinds = {
        name: field_kind(CAPPED_FAST._schema, field)
        for name, field in CAPPED_FAST._schema.type_map["Lists"].fields.items()
    }
    fast = {name for name, kind in kinds.items() if kind[0] != GENERAL and kind[3] is not None}
    assert fast == {"numbers", "few", "paged", "items", "greetings", "broken", "lazy"}
    assert kinds["later"][0] == GENERAL  # async: graphql-core's way, cut by the cap


# -- the served schema on the demo city ----------------------------------------------------


@pytest.fixture
def settings(settings):
    return settings.replace(rate_limit_per_token=0)


TRICKY = """
query Tricky($yes: Boolean!, $no: Boolean!) {
  me { roles mustChangePassword employee { ...Person nip @skip(if: $no) } }
  myDashboard {
    year
    openPeriods { __typename id label @include(if: $yes) startDate endDate }
    plans {
      ...PlanLine
      again: status
      evaluations { kind predikat period { label } ... on Evaluation { status finalizedAt } }
    }
    plansToReview { id employee { ...Person } submittedAt }
  }
  team(first: 30) {
    totalCount
    edges { cursor node {
      __typename
      isDirectReport
      who: employee { ...Person golongan pangkat }
      position { ... on Position { name type } unit { name __typename } }
      plan { ...PlanLine progress @skip(if: $no) { indicators feedback } }
      latestEvaluation { predikat resultRating behaviorRating period { label number } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
fragment Person on Employee { id name }
fragment PlanLine on PerformancePlan { id status year approach rater { ...Person } }
"""


async def test_served_schema_answers_the_same(client, settings, plugin_manager, monkeypatch, calls):
    await run_demo(
        settings,
        employees=80,
        seed=2026,
        out=io.StringIO(),
        log=io.StringIO(),
        plugins=plugin_manager,
    )
    agency = await m.Agency.get(code="DINKES")
    head_position = await m.Position.get(
        agency_id=agency.id, is_unit_head=True, unit__parent_id=None
    )
    head = await m.Assignment.filter(position_id=head_position.id, end_date=None).first()
    plan = await m.PerformancePlan.filter(employee_id=head.employee_id).order_by("-id").first()
    staff_plan = (
        await m.PerformancePlan.filter(employee__agency_id=agency.id, status="APPROVED")
        .exclude(employee_id=head.employee_id)
        .order_by("id")
        .first()
    )
    evaluation = await m.Evaluation.filter(plan_id=staff_plan.id).order_by("id").first()
    token = new_token()
    await m.Session.create(
        account=await m.Account.get(employee_id=head.employee_id),
        token_hash=token_hash(token),
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )

    requests = [
        ((OPERATIONS / "team_view.graphql").read_text(), {}),
        ((OPERATIONS / "my_dashboard.graphql").read_text(), {}),
        ((OPERATIONS / "agency_dashboard.graphql").read_text(), {"agencyId": str(agency.id)}),
        ((OPERATIONS / "skp_detail.graphql").read_text(), {"id": str(staff_plan.id)}),
        ((OPERATIONS / "skp_detail.graphql").read_text(), {"id": str(plan.id)}),
        (TRICKY, {"yes": True, "no": False}),
        (TRICKY, {"yes": False, "no": True}),
        ("{ team(first: 0) { totalCount } }", {}),  # a refused argument: a typed error
    ]
    if evaluation is not None:
        document = (OPERATIONS / "evaluation.graphql").read_text()
        requests.append((document, {"id": str(evaluation.id)}))

    for document, variables in requests:
        name = "Evaluation" if "query Evaluation(" in document else None
        body = {"query": document, "variables": variables, "operationName": name}
        headers = {"Authorization": f"Bearer {token}"}
        monkeypatch.setattr(FastExecutionContext, "enabled", True)
        before = len(calls)
        fast = await client.post("/graphql", json=body, headers=headers)
        assert len(calls) > before or "first: 0" in document, "the fast path was not taken"
        monkeypatch.setattr(FastExecutionContext, "enabled", False)
        plain = await client.post("/graphql", json=body, headers=headers)
        assert fast.status_code == plain.status_code == 200
        assert fast.content == plain.content, document[:60]
        answer = fast.json()
        if "first: 0" in document:
            assert answer["errors"][0]["extensions"]["code"] == "page.size"
        else:
            assert "errors" not in answer, answer["errors"]
    assert sum(calls) > 1000  # most fields of these pages went the fast way


# -- capped lists and optional arguments on the fast path ----------------------------------


@strawberry.type
class CappedLeaf:
    name: str


@strawberry.type
class Capped:
    plain: list[CappedLeaf] = strawberry.field(metadata=max_items(2))
    tags: tuple[str, ...] = strawberry.field(metadata=max_items(2))
    short: list[str] = strawberry.field(metadata=max_items(5))

    @strawberry.field(metadata=max_items(2))
    def simple(self) -> list[CappedLeaf]:
        return list(self.plain)

    @strawberry.field(metadata=max_items(3))
    @reads_context
    def later(self, info: strawberry.Info) -> list[str]:
        async def items() -> list[str]:
            return [f"{info.context.greeting}{i}" for i in range(5)]

        return items()  # type: ignore[return-value]


@strawberry.type
class CappedQuery:
    @strawberry.field(metadata=max_items(2))
    def fixed(self) -> list[Leaf]:
        return [_leaf(f"fixed{i}") for i in range(3)]  # one more than the cap: cut, reported

    @strawberry.field(metadata=max_items(2, maximum=5))
    @reads_context
    def paged(self, info: strawberry.Info) -> list[Leaf]:
        return [_leaf(f"paged{i}") for i in range(3)]

    @strawberry.field(metadata=max_items(5))
    @reads_context
    def later(self, info: strawberry.Info) -> list[int]:
        async def later() -> list[int]:
            return list(range(7))

        return later()  # type: ignore[return-value]

    @strawberry.field(metadata=max_items(5))
    @reads_context
    def optional(self, info: strawberry.Info, suffix: str | None = None) -> list[str]:
        return [info.context.greeting + (suffix or ".")]

    @strawberry.field
    @reads_context
    def leaf(self, info: strawberry.Info, bad: bool | None = None) -> Color:
        return "green" if bad else Color.BLUE  # type: ignore[return-value]


def _capped_schema(context_class: type) -> strawberry.Schema:
    schema = strawberry.Schema(query=CappedQuery, execution_context_class=context_class)
    apply_list_caps(schema._schema)
    return schema


CAPPED = {
    kind: _capped_schema(kind)
    for kind in (FastExecutionContext, StrawberryGraphQLCoreExecutionContext)
}


@pytest.mark.parametrize(
    "document",
    [
        "{ fixed { name } paged { name } later optional leaf }",
        '{ paged(first: 3) { name } skip: paged(offset: 2) { name } optional(suffix: "!") later }',
        "{ other: leaf leaf(bad: true) }",
    ],
)
async def test_capped_lists_and_optional_arguments_answer_the_same(document, calls):
    answers = []
    for schema in CAPPED.values():
        context = types.SimpleNamespace(greeting="hi")
        start_truncation_report(context)
        result = await schema.execute(document, context_value=context)
        answers.append((_answer(result), truncated_lists(context)))
    assert answers[0] == answers[1]
    assert calls, "the fast path was not taken"


def test_capped_fields_without_arguments_given_run_on_the_fast_path():
    schema = CAPPED[FastExecutionContext]._schema
    query = schema.query_type
    kinds = {name: field_kind(schema, field) for name, field in query.fields.items()}
    assert kinds["paged"][0] == kinds["optional"][0] == kinds["later"][0] == CONTEXT
    assert kinds["paged"][3] == (2, "CappedQuery.paged")
    assert kinds["later"][3] == (5, "CappedQuery.later")
    assert kinds["leaf"][0] == CONTEXT and kinds["leaf"][3] is None


def test_agency_dashboard_units_run_on_the_fast_path(settings):
    """Per unit of the agency dashboard nothing goes through graphql-core's field machinery:
    its capped lists and the unit's parent run on the fast path (issue 14: per-unit cost)."""
    from kinerja_core.graphql.compose import build_schema

    schema = build_schema(settings)._schema
    summary, unit = schema.get_type("UnitSummary"), schema.get_type("Unit")
    kinds = {name: field_kind(schema, field)[0] for name, field in summary.fields.items()}
    assert GENERAL not in kinds.values(), kinds
    assert field_kind(schema, unit.fields["parent"])[0] == CONTEXT



@strawberry.type
class CappedParentQuery:
    @strawberry.field
    def capped(self) -> Capped:
        leaves = [CappedLeaf(name=f"l{i}") for i in range(4)]
        return Capped(plain=leaves, tags=("a", "b", "c"), short=["x", "y"])


def _parent_schema(context_class: type) -> strawberry.Schema:
    schema = strawberry.Schema(query=CappedParentQuery, execution_context_class=context_class)
    apply_list_caps(schema._schema)
    return schema


class _Context:
    greeting = "hi"


async def test_capped_lists_are_cut_and_reported_the_same_on_the_fast_path(calls):
    """A fixed-cap list of a plain, simple or context field runs on the fast path (branch
    personreads) and is cut at its cap, reported in the truncation report, as the capped
    resolver of graphql-core's path does."""
    document = "{ capped { plain { name } tags short simple { name } later } }"
    answers = []
    for context_class in (FastExecutionContext, StrawberryGraphQLCoreExecutionContext):
        context = _Context()
        start_truncation_report(context)
        result = await _parent_schema(context_class).execute(document, context_value=context)
        answers.append((_answer(result), truncated_lists(context)))
    assert answers[0] == answers[1]
    data, truncated = answers[0]
    assert json.loads(data)["data"]["capped"]["plain"] == [{"name": "l0"}, {"name": "l1"}]
    assert [t["path"] for t in truncated] == [
        ["capped", "plain"],
        ["capped", "tags"],
        ["capped", "simple"],
        ["capped", "later"],
    ]
    schema = _parent_schema(FastExecutionContext)._schema
    fields = schema.get_type("Capped").fields
    assert field_kind(schema, fields["later"])[0] == CONTEXT
    assert field_kind(schema, fields["simple"])[0] != GENERAL


# -- the shapes kept across requests (DocumentShape) -----------------------------------------


async def _run_parsed(schema: strawberry.Schema, document, variables=None, operation=None):
    """One execution of an already parsed ``document`` (as the pipeline runs its cached one),
    so that a second run meets the shape the first one kept."""
    from graphql import execute as graphql_execute
    from strawberry.execution import optimized_is_awaitable

    result = graphql_execute(
        schema._schema,
        document,
        variable_values=variables,
        operation_name=operation,
        context_value=Context(greeting="hi"),
        executor_class=schema.execution_context_class,
        is_awaitable=optimized_is_awaitable,
    )
    if optimized_is_awaitable(result):
        result = await result
    return result


SHAPED = {
    "directives with variables": (
        """query ($a: Boolean!, $b: Boolean!) { nodes { id @include(if: $a)
          leaves @skip(if: $b) { name @skip(if: $a) count }
          ... @include(if: $b) { tags } ...F @skip(if: $a) } }
        fragment F on Node { strict { name @include(if: $b) } }""",
        [
            ({"a": True, "b": False}, None),
            ({"a": False, "b": True}, None),
            ({"a": True, "b": True}, None),
            ({"a": True, "b": False}, None),
        ],
    ),
    "fragments on interfaces and unions": (
        """{ nodes { things { __typename ...L ... on Other { label } }
          named { ... on Named { name } ...L } } }
        fragment L on Leaf { name count ... on Named { n: name } }""",
        [({}, None), ({}, None)],
    ),
    "two operations in one document": (
        """query A { nodes { id leaves { name } } }
        query B($yes: Boolean!) { node(id: 1) { leaves { count @include(if: $yes) } id } }""",
        [({}, "A"), ({"yes": True}, "B"), ({"yes": False}, "B"), ({}, "A")],
    ),
    "errors in fields and in variables": (
        """query ($yes: Boolean!) { nodes { id leaves { must broken @include(if: $yes) } } }""",
        [({"yes": True}, None), ({}, None), ({"yes": False}, None), ({"yes": True}, None)],
    ),
    "a null propagating to the root, twice": (
        "{ nodes { id leaves { must } } }",
        [({}, None), ({}, None)],
    ),
    "async fields, twice": (
        "{ nodes { later { name } laterBroken { name } contextLater { code } } }",
        [({}, None), ({}, None)],
    ),
}


@pytest.mark.parametrize("name", list(SHAPED))
async def test_a_document_run_again_answers_the_same(name):
    """The same parsed document run several times, with other values of the variables that
    its directives read, another operation, errors: each answer as graphql-core's own."""
    from graphql import parse

    text, runs = SHAPED[name]
    document = parse(text)
    for variables, operation in runs:
        fast = await _run_parsed(FAST_SCHEMA, document, variables, operation)
        plain = await _run_parsed(PLAIN_SCHEMA, document, variables, operation)
        assert _answer(fast) == _answer(plain), (variables, operation)


async def test_a_document_run_again_collects_its_fields_once(monkeypatch):
    from graphql import parse
    from graphql.execution import executor

    document = parse("{ nodes { id leaves { name } strict { count } } }")
    collected: list[int] = []
    for name in ("collect_fields", "collect_subfields"):  # the root's and the others'
        original = getattr(executor, name)

        def counted(*args, original=original, **kwargs):
            collected.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(executor, name, counted)
    first = await _run_parsed(FAST_SCHEMA, document)
    once = len(collected)
    again = await _run_parsed(FAST_SCHEMA, document)
    assert once and len(collected) == once  # nothing collected the second time
    assert _answer(first) == _answer(again)


async def test_the_kept_shapes_are_bounded():
    from graphql import parse

    from kinerja_core.graphql import execution

    for i in range(execution.SHAPE_CACHE_SIZE + 20):
        result = await _run_parsed(FAST_SCHEMA, parse(f"{{ node(id: {i % 4}) {{ id }} }}"))
        assert not result.errors
    assert len(execution._SHAPES) <= execution.SHAPE_CACHE_SIZE
    names = [f"v{i}" for i in range(6)]  # 64 combinations of values
    document = parse(
        f"query ({', '.join(f'${n}: Boolean!' for n in names)}) {{ nodes {{ "
        + " ".join(f"{n}: id @include(if: ${n})" for n in names)
        + " } }"
    )
    for combination in range(2 ** len(names)):
        values = {n: bool(combination >> i & 1) for i, n in enumerate(names)}
        fast = await _run_parsed(FAST_SCHEMA, document, values)
        plain = await _run_parsed(PLAIN_SCHEMA, document, values)
        assert _answer(fast) == _answer(plain)
    kept = execution._SHAPES[id(document.definitions[0])]
    assert len(kept.by_values) <= execution.SHAPES_PER_OPERATION
