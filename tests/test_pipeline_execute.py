"""The served schema runs its request pipeline without strawberry's per-request extension
machinery (kinerja_core/graphql/pipeline.py, ``execute``), and answers as strawberry's own
``Schema.execute`` does: the same data, errors, masking, extensions and raised exceptions."""

from __future__ import annotations

import logging
import types

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from kinerja_core.graphql.compose import ComposedSchema, build_schema
from tests.support import gql, ok


@strawberry.type
class Query:
    @strawberry.field
    def one(self) -> int:
        return 1

    @strawberry.field
    def boom(self) -> int:
        raise RuntimeError("a secret in the message")


PART = ("test.pipeline", types.SimpleNamespace(Query=Query))


def _context() -> types.SimpleNamespace:
    service = types.SimpleNamespace(request_id="req-1", viewer=None)
    return types.SimpleNamespace(lang="en", service=service)


async def _answer(schema: ComposedSchema, query: str, **kwargs) -> tuple:
    try:
        result = await schema.execute(query, context_value=_context(), **kwargs)
    except Exception as exc:  # the exceptions strawberry lets through
        return ("raised", type(exc), str(exc))
    errors = [e.formatted for e in result.errors] if result.errors else None
    return (result.data, errors, result.extensions)


CASES = [
    ("{ one }", {}),
    ("query Named { one }", {}),
    ("{ one }", {"operation_extensions": {"cost": True}}),
    ("{ boom }", {}),  # unexpected: masked, with the request id
    ("{ one boom }", {}),
    ("{ one", {}),  # syntax error
    ("{ nope }", {}),  # validation error
    ("{ one } { one }", {}),  # anonymous operations: validation error
    ("query A { one } query B { one }", {"operation_name": "C"}),  # raised
    ("query A { one } query B { one }", {"operation_name": "B"}),
    ("mutation { logout { __typename } }", {"allowed_operation_types": (OperationType.QUERY,)}),
    ("", {}),  # no query: raised
    ("{ " + "one " * 30_000 + "}", {}),  # over the token limit
]


@pytest.mark.parametrize(("query", "kwargs"), CASES)
async def test_the_pipeline_answers_as_strawberry_does(
    settings, monkeypatch, caplog, query, kwargs
):
    schema = build_schema(settings, extra_parts=[PART])
    assert schema._lean() is not None  # the served schema takes the direct path
    caplog.set_level(logging.INFO, logger="kinerja.graphql")
    direct = await _answer(schema, query, **kwargs)
    direct_log = [(r.levelname, r.getMessage()) for r in caplog.records]
    caplog.clear()
    monkeypatch.setattr(ComposedSchema, "_lean", lambda self: None)  # strawberry's execute
    through_strawberry = await _answer(schema, query, **kwargs)
    assert direct == through_strawberry
    assert direct_log == [(r.levelname, r.getMessage()) for r in caplog.records]


async def test_operation_errors_reach_the_caller(settings):
    schema = build_schema(settings, extra_parts=[PART])
    with pytest.raises(CannotGetOperationTypeError):
        await schema.execute("query A { one }", context_value=_context(), operation_name="B")
    with pytest.raises(InvalidOperationTypeError):
        await schema.execute(
            "mutation { logout { __typename } }",
            context_value=_context(),
            allowed_operation_types=(OperationType.QUERY,),
        )


async def test_a_served_request_makes_no_extension_runner(client, world, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("strawberry's per-request extension machinery was used")

    monkeypatch.setattr(ComposedSchema, "create_extensions_runner", refuse)
    monkeypatch.setattr(ComposedSchema, "_get_middleware_manager", refuse)
    body = await gql(client, "{ me { employee { nip } } }", token=world.staff.token)
    assert ok(body, "me", "employee", "nip") == world.staff.employee.nip
    refused = await gql(client, "{ me { nope } }", token=world.staff.token)
    assert "data" not in refused and refused["errors"]


async def test_another_extension_goes_through_strawberry(settings):
    seen: list[str] = []

    class Watch(SchemaExtension):
        def on_execute(self):
            seen.append("execute")
            yield

    schema = build_schema(settings, extra_parts=[PART], schema_extensions=[Watch])
    assert schema._lean() is None
    result = await schema.execute("{ one }", context_value=_context())
    assert result.data == {"one": 1} and seen == ["execute"]


def test_a_header_is_read_as_starlette_reads_it():
    from starlette.requests import Request

    from kinerja_core.graphql.http import header

    raw = [(b"accept", b"application/json"), (b"x-twice", b"first"), (b"x-twice", b"second")]
    request = Request({"type": "http", "headers": raw})
    for name in ("accept", "x-twice", "x-missing"):
        assert header(request, name) == request.headers.get(name, "")
    assert header(request, "x-missing", None) is None
