"""``kinerja demo`` lets each plugin add its own demo rows after the core's."""

from __future__ import annotations

import random

import pytest

from kinerja_core import hookimpl
from kinerja_core.services.context import ServiceContext
from tests.plugins_core import broken
from tests.plugins_core.sample_models import SampleVisit


@pytest.fixture
def plugins():
    return {"sample": "tests.plugins_core.sample", "flaky": broken.Flaky()}


async def test_hook_kinerja_demo_data(world, plugin_manager, settings):
    ctx = ServiceContext(settings=settings, plugins=plugin_manager)
    failed = await plugin_manager.run_demo_data(ctx, random.Random(7))
    assert failed == []
    rows = await SampleVisit.filter(agency_id=world.agencies["dinkes"].id)
    assert len(rows) == 1 and 1 <= rows[0].visits <= 9


class SlowDemo:
    """Demo data that takes longer than a request may (plugin_timeout), waiting on an event
    it sets itself only after a later loop turn: no sleep as synchronisation."""

    @hookimpl
    async def kinerja_demo_data(self, ctx, rng):
        import asyncio

        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        started = loop.time()

        def check():
            if loop.time() - started > 0.05:
                done.set()
            else:
                loop.call_soon(check)

        loop.call_soon(check)
        await done.wait()


async def test_demo_data_runs_under_its_own_longer_time_limit(db, settings):
    from kinerja_core.plugins.manager import start_plugins

    quick = settings.replace(plugin_timeout=0.01, plugin_demo_timeout=30)
    manager = await start_plugins(quick, explicit={"slowdemo": SlowDemo()})
    assert await manager.run_demo_data(ServiceContext(settings=quick, plugins=manager), random.Random(1)) == []
    strict = settings.replace(plugin_timeout=30, plugin_demo_timeout=0.01)
    manager = await start_plugins(strict, explicit={"slowdemo": SlowDemo()})
    assert await manager.run_demo_data(ServiceContext(settings=strict, plugins=manager), random.Random(1)) == [
        "slowdemo"
    ]
