"""A migrated database with the test org chart and the rows the subscription tests use, made
before `kinerja serve` starts on it (tests/servers.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from kinerja_core.db import tortoise_config
from kinerja_core.domain.enums import PlanStatus
from kinerja_core.settings import Settings
from tests.servers import migrate
from tests.support import World, build_world
from tests.ws.data import draft_evaluation, make_plan, open_period


@dataclass
class Seeded:
    """What the tests refer to: the people (tokens, ids) and the rows, by name."""

    world: World
    rows: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.rows[key]


async def _rows(world: World) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for owner in ("staff", "staff2"):
        rows[f"feedback_{owner}"] = await make_plan(world, owner)
        rows[f"submitted_{owner}"] = (await make_plan(world, owner, status=PlanStatus.SUBMITTED))[0]
    period = rows["period"] = await open_period(world, "dinkes")
    for owner in ("staff", "staff2"):
        plan = (await make_plan(world, owner))[0]
        rows[f"evaluation_{owner}"] = await draft_evaluation(world, plan, period)
        rows[f"realization_{owner}"] = await make_plan(world, owner)
    rows["disdik_period"] = await open_period(world, "disdik")
    rows["realization_disdik_staff"] = await make_plan(
        world, "disdik_staff", "disdik_head", "disdik_head"
    )
    return rows


async def _build(settings: Settings) -> Seeded:
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    try:
        world = await build_world()
        return Seeded(world, await _rows(world))
    finally:
        await Tortoise.close_connections()


@contextmanager
def own_statement_cache() -> Iterator[None]:
    """tortoise caches each model's INSERT/DELETE statements per connection *name*, across
    ``Tortoise.init`` calls: seeding PostgreSQL after SQLite tests in one pytest process (or the
    other way round) would reuse the other dialect's SQL. Seed with an empty cache and give
    the other tests theirs back afterwards."""
    saved = dict(EXECUTOR_CACHE)
    EXECUTOR_CACHE.clear()
    try:
        yield
    finally:
        EXECUTOR_CACHE.clear()
        EXECUTOR_CACHE.update(saved)


def seed(tmp_path: Path, database_url: str) -> Seeded:
    """Migrate ``database_url`` (as `kinerja migrate` does) and fill it; from sync code."""
    migrate(tmp_path, database_url)
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    with own_statement_cache():
        return asyncio.run(_build(settings))
