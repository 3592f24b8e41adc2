"""``kinerja demo`` lets each plugin add its own demo rows after the core's."""

from __future__ import annotations

import random

import pytest

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
