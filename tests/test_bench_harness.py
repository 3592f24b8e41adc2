"""The benchmark harness's own arithmetic and naming (bench/; no server, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import instructions
from bench.harness import server


@pytest.mark.parametrize(
    ("directory", "name"),
    [
        ("/tmp/kinerja-bench", "kinerja_bench"),
        ("/tmp/kinerja-bench-harness", "kinerja_bench_harness"),
        ("/tmp/Bench.Mine 2", "kinerja_bench_mine_2"),
    ],
)
def test_bench_databases_are_named_after_the_bench_directory(
    monkeypatch: pytest.MonkeyPatch, directory: str, name: str
) -> None:
    monkeypatch.setattr(server, "BENCH_DIR", Path(directory))
    assert server.bench_database_name() == name


def test_instructions_per_request_subtract_the_empty_group() -> None:
    # per operation three dumps: what came before, an empty group, N requests
    totals = [900, 7, 3_007, 50, 7, 6_007]
    assert instructions.per_request(totals, operations=2, requests=3) == [1_000.0, 2_000.0]


def test_instructions_refuse_missing_dumps() -> None:
    with pytest.raises(SystemExit):
        instructions.per_request([1, 2], operations=1, requests=3)


def test_hand_written_lists_are_cut_and_reported_as_the_server_does() -> None:
    import json

    from bench.harness.handwritten.kompetensi import Cut

    cut = Cut()
    assert cut([1, 2], ["short"], 2) == [1, 2]
    assert cut(list(range(30)), ["employee", "kompetensiEffects"]) == list(range(25))
    body = json.loads(cut.answer({"x": 1}).body)
    assert body == {
        "data": {"x": 1},
        "extensions": {"truncated": [{"path": ["employee", "kompetensiEffects"], "cap": 25}]},
    }
    assert json.loads(Cut().answer({"x": 1}).body) == {"data": {"x": 1}}


async def test_hand_written_endpoints_check_the_token_first_then_read_the_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prelude of every hand-written endpoint (base.endpoint): 401 without a session,
    before the body is read; the viewer and the body's variables to the handler; no body
    read for an operation without variables."""
    import httpx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from bench.harness.handwritten import base

    async def session_of(request: Request) -> dict | None:  # stands in for the SQL check
        good = request.headers.get("authorization") == "Bearer good"
        return {"nip": "1"} if good else None

    monkeypatch.setattr(base, "session_of", session_of)
    seen = []

    @base.endpoint()
    async def with_variables(viewer: dict, variables: dict) -> Response:
        seen.append((viewer, variables))
        return base.answer({"ok": True})

    @base.endpoint(variables=False)
    async def without(viewer: dict, variables: dict) -> Response:
        seen.append((viewer, variables))
        return base.answer({"ok": True})

    app = Starlette(
        routes=[
            Route("/v", with_variables, methods=["POST"]),
            Route("/w", without, methods=["POST"]),
        ]
    )
    good = {"Authorization": "Bearer good"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        refused = await http.post("/v", content=b"not json")
        asked = await http.post("/v", json={"year": 2026}, headers=good)
        plain = await http.post("/w", content=b"not json", headers=good)
    assert refused.status_code == 401 and refused.json() == {"error": "unauthenticated"}
    assert asked.json() == plain.json() == {"data": {"ok": True}}
    assert seen == [({"nip": "1"}, {"year": 2026}), ({"nip": "1"}, {})]
