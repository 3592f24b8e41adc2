"""Loading: each plugin in isolation, reported when broken, the rest (and the server) unharmed."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from kinerja_core.plugins import manager as manager_module
from kinerja_core.plugins.composition import compose_schema
from kinerja_core.plugins.manager import (
    PluginLoadError,
    PluginStatus,
    load_plugins,
    start_plugins,
    version_satisfies,
)
from tests.plugins_core import broken
from tests.support import gql, ok

SAMPLE = "tests.plugins_core.sample"


def state(manager, name):
    record = manager.record(name)
    return record.status, record.error


def test_each_broken_plugin_is_reported_with_its_reason_and_the_others_load(settings):
    manager = load_plugins(
        settings,
        explicit={
            "sample": SAMPLE,
            "missing_dep": "tests.plugins_core.broken_import",
            "future": broken.NeedsNewerCore(),
            "coffee": broken.UnknownHook(),
            "signature": broken.BadSignature(),
            "stolen": broken.BadIndicatorCode(),
            "startup": broken.RaisesAtStartup(),
            "old_style": broken.OldRegisterStyle(),
            "wrong_return": broken.ReturnsTheWrongThing(),
            "Bad-Name": broken.Dup(),
        },
    )
    assert state(manager, "sample") == (PluginStatus.LOADED, "")
    expected = {
        "missing_dep": "import failed: ModuleNotFoundError",
        "future": "needs kinerja >=9.0, this is 0.1",
        "coffee": "unknown hooks: kinerja_make_coffee",
        "signature": "invalid hook implementation",
        "stolen": "indicator code 'kesehatan.stolen' must look like stolen.some_name",
        "startup": "kinerja_register_graphql: RuntimeError('no schema today')",
        "old_style": "start-up hooks take no register argument: return the contributions",
        "wrong_return": "kinerja_register_models: returns Models objects (or a list of them),"
        " not dict",
        "Bad-Name": "lower-case letters",
    }
    for name, reason in expected.items():
        status, error = state(manager, name)
        assert status == PluginStatus.FAILED, name
        assert reason in error, (name, error)
    assert [i.code for i in manager.indicators()] == ["core.manual", "sample.visit_ratio"]


def test_a_name_registered_twice_fails_both_whatever_the_order(settings):
    for pairs in (
        [("twin", broken.Dup()), ("twin", broken.DupX())],
        [("twin", broken.DupX()), ("twin", broken.Dup())],
    ):
        manager = load_plugins(settings, explicit=pairs)
        status, error = state(manager, "twin")
        assert status == PluginStatus.FAILED
        assert "used twice" in error
        assert manager.graphql() == [g for g in manager.graphql() if g.plugin == "core.activation"]


def test_entry_points_are_discovered_and_a_broken_one_is_skipped(settings, monkeypatch):
    points = [
        EntryPoint("sample", SAMPLE, "kinerja"),
        EntryPoint("missing_dep", "tests.plugins_core.broken_import", "kinerja"),
        EntryPoint("future", "tests.plugins_core.broken:FUTURE", "kinerja"),
    ]
    monkeypatch.setattr(manager_module, "_entry_points", lambda: points)
    manager = load_plugins(settings)
    assert manager.record("sample").status == PluginStatus.LOADED
    assert manager.record("sample").version == "1.2.3"
    assert manager.record("missing_dep").status == PluginStatus.FAILED
    assert "needs kinerja >=9.0" in manager.record("future").error


def test_the_same_name_from_two_distributions_is_refused(settings, monkeypatch):
    points = [EntryPoint("sample", SAMPLE, "kinerja"), EntryPoint("sample", SAMPLE, "kinerja")]
    monkeypatch.setattr(manager_module, "_entry_points", lambda: points)
    manager = load_plugins(settings)
    assert state(manager, "sample")[0] == PluginStatus.FAILED
    assert "several distributions" in state(manager, "sample")[1]


def test_kinerja_plugins_restricts_loading_by_name(settings, monkeypatch):
    points = [
        EntryPoint("sample", SAMPLE, "kinerja"),
        EntryPoint("missing_dep", "tests.plugins_core.broken_import", "kinerja"),
    ]
    monkeypatch.setattr(manager_module, "_entry_points", lambda: points)
    manager = load_plugins(settings.replace(plugins=("sample", "ghost")))
    assert manager.record("sample").status == PluginStatus.LOADED
    # never imported, so its import error does not even show
    assert state(manager, "missing_dep") == (PluginStatus.DISABLED_BY_ENV, "")
    assert state(manager, "ghost") == (PluginStatus.FAILED, "not installed")


def test_strict_mode_fails_on_any_plugin_error(settings):
    strict = settings.replace(plugins_strict=True)
    with pytest.raises(PluginLoadError, match="missing_dep: import failed"):
        load_plugins(
            strict, explicit={"sample": SAMPLE, "missing_dep": "tests.plugins_core.broken_import"}
        )
    assert load_plugins(strict, explicit={"sample": SAMPLE}).record("sample").error == ""


def test_clashing_graphql_fields_fail_both_plugins_whatever_the_order(settings):
    for pairs in (
        [("dup", broken.Dup()), ("dup_x", broken.DupX())],
        [("dup_x", broken.DupX()), ("dup", broken.Dup())],
    ):
        manager = load_plugins(settings, explicit=pairs)
        sdl = compose_schema(settings, manager).as_str()
        assert "dupXReport" not in sdl
        assert "Query.dupXReport is also defined by dup_x" in manager.record("dup").error
        assert "Query.dupXReport is also defined by dup" in manager.record("dup_x").error


def test_a_type_without_the_plugin_prefix_is_refused_loudly(settings):
    manager = load_plugins(
        settings, explicit={"misnamed": "tests.plugins_core.misnamed", "sample": SAMPLE}
    )
    sdl = compose_schema(settings, manager).as_str()
    assert "misnamedThing" not in sdl and "sampleVisits" in sdl
    assert "GraphQL type Thing must start with Misnamed" in manager.record("misnamed").error
    strict = settings.replace(plugins_strict=True)
    manager = load_plugins(strict, explicit={"misnamed": "tests.plugins_core.misnamed"})
    with pytest.raises(PluginLoadError, match="Thing must start with Misnamed"):
        compose_schema(strict, manager)


def test_registration_order_never_changes_the_result(settings):
    plugins = [("sample", SAMPLE), ("flaky", broken.Flaky()), ("coffee", broken.UnknownHook())]
    first = load_plugins(settings, explicit=plugins)
    second = load_plugins(settings, explicit=list(reversed(plugins)))

    def summary(manager):
        return [(r.name, r.status, r.error, r.hooks) for r in manager.catalog()]

    assert summary(first) == summary(second)
    assert [i.code for i in first.indicators()] == [i.code for i in second.indicators()]
    assert compose_schema(settings, first).as_str() == compose_schema(settings, second).as_str()


def test_core_version_requirements_are_read_with_packaging():
    assert version_satisfies("0.1.0", ">=0.1,<0.2")
    assert not version_satisfies("0.1.0", ">=0.2")


async def test_the_server_starts_and_lists_broken_plugins_in_the_catalog(client, world):
    body = await gql(
        client,
        "{ pluginCatalog { name version status builtin error hooks indicatorTypes { code } } }",
        token=world.central.token,
    )
    catalog = {p["name"]: p for p in ok(body, "pluginCatalog")}
    assert catalog["sample"]["status"] == "LOADED"
    assert catalog["sample"]["version"] == "1.2.3"
    assert catalog["sample"]["indicatorTypes"] == [{"code": "sample.visit_ratio"}]
    assert "kinerja_register_graphql" in catalog["sample"]["hooks"]
    assert catalog["missing_dep"]["status"] == "FAILED"
    assert "ModuleNotFoundError" in catalog["missing_dep"]["error"]
    assert catalog["core.manual"]["builtin"] is True
    # the reason is for administrators
    body = await gql(client, "{ pluginCatalog { name error } }", token=world.staff.token)
    assert all(p["error"] is None for p in ok(body, "pluginCatalog"))


@pytest.fixture
def plugins():
    return {"sample": SAMPLE, "missing_dep": "tests.plugins_core.broken_import"}


async def test_async_start_up_hooks_are_awaited_even_inside_a_running_loop(settings):
    manager = await start_plugins(
        settings, explicit={"sample": SAMPLE}
    )  # its graphql hook is async
    assert [g.plugin for g in manager.graphql()] == ["core.activation", "sample"]
    assert "sampleVisits" in compose_schema(settings, manager).as_str()
