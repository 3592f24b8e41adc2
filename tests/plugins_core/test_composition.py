"""Composing the schema: once, from the collected contributions, the plugin at fault named.

Also: the core's strawberry types are never changed, and async start-up hooks run on the loop
the server answers requests on (the app's lifespan).
"""

from __future__ import annotations

import httpx
import pytest
from strawberry.types.base import get_object_definition

from kinerja_core.app import create_app
from kinerja_core.errors import ValidationFailed
from kinerja_core.graphql.types.org import Agency
from kinerja_core.plugins import composition
from kinerja_core.plugins.activation import is_plugin_enabled
from kinerja_core.plugins.composition import check_contributions, compose_schema
from kinerja_core.plugins.manager import (
    PluginLoadError,
    PluginStatus,
    discover_plugins,
    load_plugins,
    start_plugins,
)
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.plugins import switchable_plugin
from tests.plugins_core import composing
from tests.support import gql, ok

SAMPLE = "tests.plugins_core.sample"
BROKEN = {
    "root": composing.CoreClash,
    "twin": composing.Twin,
    "twin_a": composing.TwinA,
    "unresolved": composing.Unresolved,
    "plain": composing.Plain,
    "nowhere": composing.Nowhere,
    "bare": composing.Bare,
    "misnamed": "tests.plugins_core.misnamed",
    "loose": composing.Loose,
}
REASONS = {
    "root": "GraphQL field Agency.rootUnit is also defined by core",
    "twin": "GraphQL type TwinAThing is also defined by twin_a",
    "twin_a": "GraphQL type TwinAThing is also defined by twin",
    "unresolved": "Query part UnresolvedQuery: field unresolvedThing: its type cannot be resolved",
    "plain": "Query part PlainQuery: field plainThing: ",
    "nowhere": "extends: Plugin is not a core type (",
    "bare": "Agency part BareFields: field flag must start with bare",
    "misnamed": "GraphQL type Thing must start with Misnamed",
    "loose": "GraphQL type Outcome must start with Loose",
}


def test_each_plugin_that_breaks_composition_is_named_and_the_schema_built_once(
    settings, monkeypatch
):
    builds = []
    real = composition.build_schema
    monkeypatch.setattr(
        composition, "build_schema", lambda *a, **k: builds.append(1) or real(*a, **k)
    )
    manager = load_plugins(settings, explicit={"sample": SAMPLE, **BROKEN})
    sdl = compose_schema(settings, manager).as_str()
    assert len(builds) == 1  # checked from the contributions: no build to find a culprit
    for name, reason in REASONS.items():
        record = manager.record(name)
        assert record.status == PluginStatus.FAILED, name
        assert reason in record.error, (name, record.error)
    assert "not a GraphQL type" in manager.record("plain").error
    assert manager.record("sample").status == PluginStatus.LOADED
    assert "sampleVisits(agencyId: ID!)" in sdl and "sampleVisitCount: Int" in sdl
    for gone in ("TwinAThing", "twinThing", "unresolvedThing", "plainThing", "nowhereFlag"):
        assert gone not in sdl


def test_the_check_reads_the_contributions_only_and_is_the_same_in_any_order(settings):
    pairs = [("sample", SAMPLE), *BROKEN.items()]
    first = check_contributions(load_plugins(settings, explicit=pairs))
    second = check_contributions(load_plugins(settings, explicit=list(reversed(pairs))))
    assert first == second
    assert sorted(first) == sorted(REASONS)


def test_strict_mode_names_the_plugin_that_breaks_composition(settings):
    strict = settings.replace(plugins_strict=True)
    manager = load_plugins(strict, explicit={"root": composing.CoreClash})
    with pytest.raises(PluginLoadError, match="root: GraphQL field Agency.rootUnit"):
        compose_schema(strict, manager)


def test_composing_leaves_the_core_types_as_they_are(settings):
    definition = get_object_definition(Agency, strict=True)
    before = list(definition.fields)
    manager = load_plugins(settings, explicit={"sample": SAMPLE})
    sdl = compose_schema(settings, manager).as_str()
    assert "sampleVisitCount: Int" in sdl and "): [PluginActivation!]!" in sdl
    assert definition.fields == before  # not patched, not even for the build
    assert "sampleVisitCount" not in {f.python_name for f in definition.fields}
    assert not hasattr(Agency, "sample_visit_count")


async def test_a_plugin_always_on_may_have_non_null_fields_and_is_never_switched(settings):
    manager = await start_plugins(settings, explicit={"steady": composing.Steady})
    assert "steadyAnswer: Int!" in compose_schema(settings, manager).as_str()
    assert manager.record("steady").always_on
    assert "steady" not in manager.gated_plugins()
    ctx = ServiceContext(settings=settings, plugins=manager)
    assert await is_plugin_enabled(ctx, "steady", 1)  # no activation row read, none exists
    with pytest.raises(ValidationFailed) as refused:
        switchable_plugin(manager, "steady")  # what enablePlugin / disablePlugin check
    assert refused.value.code == "plugin.always_on"
    # without the declaration the same field is refused (an agency may switch it off)
    manager = await start_plugins(settings, explicit={"steady": composing.Switchable})
    assert "field steadyAnswer must be nullable" in manager.record("steady").error


async def test_async_start_up_hooks_run_on_the_loop_that_serves_requests(settings, db):
    watch = composing.LoopWatch()
    manager = discover_plugins(settings, explicit={"loopwatch": watch})
    app = create_app(settings, manage_db=False, plugins=manager)  # not started: the lifespan
    assert not manager.started and watch.startup_loop is None and app.state.schema is None
    async with app.router.lifespan_context(app):  # what uvicorn runs before serving
        assert manager.started and watch.startup_loop is not None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            body = await gql(http, "{ loopwatchSameLoop }")
    assert ok(body, "loopwatchSameLoop") is True
    assert "loopwatchSameLoop: Boolean" in app.state.schema.as_str()
