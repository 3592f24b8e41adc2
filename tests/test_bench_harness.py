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
