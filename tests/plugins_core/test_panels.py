"""The ``kinerja_panels`` hook: panels checked against the composed schema, bad ones named."""

from __future__ import annotations

import dataclasses
import types

import pytest

from kinerja_core import hookimpl
from kinerja_core.i18n import register_messages
from kinerja_core.plugins.composition import compose_schema
from kinerja_core.plugins.manager import PluginLoadError, PluginStatus, load_plugins
from kinerja_core.plugins.panels import Panel, PanelColumn, PanelKind
from tests.plugins_core import sample
from tests.support import gql, ok

register_messages(
    {
        "sample.panel.visits": ("Kunjungan per bulan", "Visits per month"),
        "sample.panel.month": ("Bulan", "Month"),
        "sample.panel.count": ("Kunjungan", "Visits"),
        "sample.panel.target": ("Target", "Target"),
    }
)

GOOD = Panel(
    key="visits-by-month",
    title="sample.panel.visits",
    kind=PanelKind.LINE,
    operation="query SampleVisitsPanel($agencyId: ID!) {"
    " sampleVisits(agencyId: $agencyId) { month visits target } }",
    rows_path="sampleVisits",
    columns=(
        PanelColumn("month", "sample.panel.month"),
        PanelColumn("visits", "sample.panel.count"),
        PanelColumn("target", "sample.panel.target"),
    ),
)


def plugin_with(*panels, raises: Exception | None = None, is_async: bool = False):
    """The sample plugin (its fields, models...) plus a ``kinerja_panels`` hook."""
    hooks = {name: getattr(sample, name) for name in dir(sample) if name.startswith("kinerja_")}

    if is_async:

        async def kinerja_panels():
            return list(panels)
    else:

        def kinerja_panels():
            if raises is not None:
                raise raises
            return list(panels)

    return types.SimpleNamespace(
        **hooks,
        kinerja_panels=hookimpl(kinerja_panels),
        KINERJA_CORE_VERSION=sample.KINERJA_CORE_VERSION,
        __version__=sample.__version__,
    )


@pytest.fixture
def plugins():
    return {"sample": plugin_with(GOOD, is_async=True)}


async def test_hook_kinerja_panels(client, world):
    """A checked panel is listed for the agency where the plugin is on; its operation runs."""
    dinkes = str(world.agencies["dinkes"].id)
    query = """query($a: ID!) { pluginPanels(agencyId: $a) {
      plugin key title kind operation rowsPath columns { field label } } }"""
    assert ok(await gql(client, query, {"a": dinkes}, token=world.head.token), "pluginPanels") == []

    enable = 'mutation($a: ID) { enablePlugin(name: "sample", agencyId: $a) { __typename } }'
    await gql(client, enable, {"a": dinkes}, token=world.central.token)
    record = """mutation($a: ID!) { sampleRecordVisit(agencyId: $a, clinic: "K1",
      month: "2026-01-01", visits: 8, target: 10) { __typename } }"""
    await gql(client, record, {"a": dinkes}, token=world.head.token)

    body = await gql(client, query, {"a": dinkes}, token=world.head.token, lang="en")
    (panel,) = ok(body, "pluginPanels")
    assert panel["plugin"] == "sample" and panel["kind"] == "LINE"
    assert panel["title"] == "Visits per month"
    assert [c["label"] for c in panel["columns"]] == ["Month", "Visits", "Target"]
    variables = {"agencyId": dinkes, "year": 2026}
    answer = await gql(client, panel["operation"], variables, token=world.head.token)
    assert ok(answer, panel["rowsPath"]) == [{"month": "2026-01-01", "visits": 8, "target": 10}]


def _bad(**changes):
    return dataclasses.replace(GOOD, **changes)


def _operation(body: str) -> str:
    return "query($agencyId: ID!) { " + body + " }"


BAD = {
    "key": (_bad(key="Visits By Month"), "the key is lower-case words"),
    "parse": (_bad(operation="query { sampleVisits("), "does not parse"),
    "validate": (
        _bad(operation=_operation("sampleVisits(agencyId: $agencyId) { month visitz }")),
        "does not validate: Cannot query field 'visitz'",
    ),
    "mutation": (
        _bad(
            operation='mutation { sampleRecordVisit(agencyId: 1, clinic: "K1", '
            'month: "2026-01-01", visits: 1, target: 1) { __typename } }'
        ),
        "must be exactly one query",
    ),  # fmt: skip
    "foreign field": (
        _bad(operation=_operation("sampleVisits(agencyId: $agencyId) { month } me { roles }")),
        "root field me is not the plugin's own",
    ),
    "variable": (
        _bad(
            operation="query($agency: ID!) "
            "{ sampleVisits(agencyId: $agency) { month visits target } }"
        ),
        "variable $agency: ID!; only $agencyId: ID!, $year: Int! are sent",
    ),  # fmt: skip
    "rows path": (_bad(rows_path="sampleVisits.month"), "is a list; the rows must be last"),
    "rows path missing": (_bad(rows_path="sampleRows"), "'sampleRows' is not selected"),
    "column": (
        _bad(columns=(*GOOD.columns, PanelColumn("clinic", "sample.panel.month"))),
        "column 'clinic' is not selected on the rows",
    ),
    "label": (
        _bad(columns=(PanelColumn("month", "sample.panel.nothing"), *GOOD.columns[1:])),
        "'sample.panel.nothing' is not a registered message",
    ),
    "one series": (_bad(kind=PanelKind.BAR, columns=GOOD.columns[:1]), "at least 2 column"),
    "kind": (_bad(kind="PIE"), "kind must be a PanelKind"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_panel_fails_its_plugin_with_the_reason(settings, case):
    panel, reason = BAD[case]
    manager = load_plugins(settings, explicit={"sample": plugin_with(panel)})
    sdl = compose_schema(settings, manager).as_str()
    record = manager.record("sample")
    assert record.status == PluginStatus.FAILED
    assert record.error.startswith("kinerja_panels: panel '"), record.error
    assert reason in record.error, record.error
    assert "sampleVisits" not in sdl  # the plugin is out, the core composes without it
    assert manager.panels == {}


def test_a_panel_too_costly_to_run_fails_its_plugin(settings):
    cheap = settings.replace(max_query_cost=50)  # sampleVisits: 100 rows by default
    manager = load_plugins(cheap, explicit={"sample": plugin_with(GOOD)})
    compose_schema(cheap, manager)
    error = manager.record("sample").error
    assert "the operation costs 100, above max_query_cost 50" in error, error


@pytest.mark.parametrize(
    ("plugin", "reason"),
    [
        (plugin_with(GOOD, GOOD), "panel 'visits-by-month': the key is used twice"),
        (plugin_with(raises=RuntimeError("no panels today")), "kinerja_panels: RuntimeError"),
        (plugin_with("not a panel"), "must return Panel objects, got str"),
    ],
)
def test_a_bad_answer_of_the_hook_fails_the_plugin(settings, plugin, reason):
    manager = load_plugins(settings, explicit={"sample": plugin})
    compose_schema(settings, manager)
    assert manager.record("sample").status == PluginStatus.FAILED
    assert reason in manager.record("sample").error


def test_strict_mode_stops_start_up_naming_the_plugin(settings):
    strict = settings.replace(plugins_strict=True)
    manager = load_plugins(strict, explicit={"sample": plugin_with(BAD["validate"][0])})
    with pytest.raises(PluginLoadError, match="sample: kinerja_panels: panel 'visits-by-month'"):
        compose_schema(strict, manager)


def test_good_panels_are_kept_per_plugin(settings):
    manager = load_plugins(settings, explicit={"sample": plugin_with(GOOD)})
    compose_schema(settings, manager)
    assert manager.record("sample").status == PluginStatus.LOADED
    assert manager.panels == {"sample": (GOOD,)}
