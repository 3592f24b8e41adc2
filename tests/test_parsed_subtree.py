"""The process's parsed kept subtrees (auth/subtree.py ``_Parsed``, mem100k): a kept row whose
JSON text is the one parsed before answers the same ``Subtree``; any other text is parsed
afresh; what is held stays under its bound. And ``sql.fetch_each`` gives what ``fetch_all``
gives."""

from __future__ import annotations

import json

from kinerja_core.auth.subtree import _parse, _Parsed
from kinerja_core.sql import fetch_all, fetch_each


def _text(ids) -> str:
    return json.dumps(list(ids))


def test_same_text_same_subtree_other_text_fresh() -> None:
    parsed = _Parsed()
    members, direct = _text(range(1000, 0, -1)), _text([5, 7])
    first = parsed.get("1", members, direct)
    assert first == _parse(members, direct)
    assert parsed.get("1", members, direct) is first
    moved = _text([*range(1000, 1, -1), 2000])  # someone left, someone came
    second = parsed.get("1", moved, direct)
    assert second is not first and second == _parse(moved, direct)
    assert parsed.get("1", moved, _text([5])).direct == frozenset({5})
    assert parsed.get("1", None, None).ids == ()


def test_small_subtrees_not_held_and_bound_kept() -> None:
    parsed = _Parsed()
    small = _text(range(10))
    assert parsed.get("a", small, None) is not parsed.get("a", small, None)
    big = parsed.MAX_IDS // 2 + 1
    for key in "xyz":
        parsed.get(key, _text(range(big)), None)
    assert parsed._ids <= parsed.MAX_IDS
    assert list(parsed._rows) == ["z"]


async def test_fetch_each_as_fetch_all(db) -> None:
    sql = "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y' ORDER BY a"
    assert list(await fetch_each(sql)) == await fetch_all(sql)
