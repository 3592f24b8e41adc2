"""Per-agency enablement and settings: central admins only, validated, masked, audited."""

from __future__ import annotations

import json

import pytest

from kinerja_core.models import AuditEntry, PluginActivation
from tests.plugins_core import sample
from tests.support import gql, ok

RESULT = """__typename ... on PluginActivation { name agencyId enabled inherited config }
  ... on UserError { code message } ... on ValidationError { field }
  ... on NotFound { field }"""
ENABLE = f"""mutation($name: String!, $agency: ID) {{
  enablePlugin(name: $name, agencyId: $agency) {{ {RESULT} }} }}"""
DISABLE = ENABLE.replace("enablePlugin", "disablePlugin")
CONFIGURE = f"""mutation($name: String!, $agency: ID, $config: JSON!) {{
  configurePlugin(name: $name, agencyId: $agency, config: $config) {{ {RESULT} }} }}"""
AUDIT = """{ auditLog(filter: {action: "plugin.*"}) { edges { node {
  action actorNip entity entityId before after } } } }"""


@pytest.fixture
def plugins():
    return {
        "sample": "tests.plugins_core.sample",
        "missing_dep": "tests.plugins_core.broken_import",
    }


async def run(client, world, query, token=None, **variables):
    variables.setdefault("name", "sample")
    variables["agency"] = (
        str(world.agencies[variables["agency"]].id) if variables.get("agency") else None
    )
    body = await gql(client, query, variables, token=token or world.central.token, lang="en")
    return ok(body, next(iter(body["data"])))


async def audit_log(client, world):
    body = await gql(client, AUDIT, token=world.central.token)
    return [e["node"] for e in ok(body, "auditLog", "edges")]


async def test_central_admin_enables_and_disables_with_audit_rows(client, world):
    on = await run(client, world, ENABLE, agency="dinkes")
    assert on["enabled"] is True and on["agencyId"] == str(world.agencies["dinkes"].id)
    off = await run(client, world, DISABLE, agency="dinkes")
    assert off["enabled"] is False
    entries = await audit_log(client, world)  # newest first
    assert [e["action"] for e in entries] == ["plugin.disable", "plugin.enable"]
    assert all(e["actorNip"] == world.central.employee.nip for e in entries)
    assert all(e["entity"] == "PluginActivation" for e in entries)
    assert entries[1]["before"] is None
    assert json.loads(entries[0]["before"])["enabled"] is True
    assert json.loads(entries[0]["after"])["enabled"] is False


async def test_enabling_twice_changes_nothing_and_writes_no_audit_row(client, world):
    await run(client, world, ENABLE)
    again = await run(client, world, ENABLE)
    assert again["enabled"] is True
    assert len(await audit_log(client, world)) == 1


@pytest.mark.parametrize("who", ["admin", "head", "staff"])
async def test_only_central_admins_switch_plugins(client, world, who):
    result = await run(client, world, ENABLE, token=getattr(world, who).token, agency="dinkes")
    assert result["__typename"] == "NotAllowed"
    assert result["message"] == "Only a central administrator (BKPSDM) can do this."
    assert await PluginActivation.all().count() == 0
    assert await AuditEntry.filter(action__startswith="plugin.").count() == 0


async def test_built_in_and_unknown_plugins_cannot_be_switched(client, world):
    builtin = await run(client, world, DISABLE, name="core.manual")
    assert builtin == {
        "__typename": "ValidationError",
        "code": "plugin.builtin",
        "field": "name",
        "message": "The built-in plugin core.manual is always on and cannot be changed.",
    }
    unknown = await run(client, world, ENABLE, name="nope")
    assert (unknown["__typename"], unknown["code"], unknown["field"]) == (
        "NotFound",
        "plugin.unknown",
        "name",
    )


async def test_hook_kinerja_config_schema(client, world):
    """The declared settings show in the catalog; values are typed, patched and layered."""
    body = await gql(
        client,
        "{ pluginCatalog { name configSchema { name type default secret choices } } }",
        token=world.central.token,
    )
    schema = next(p for p in ok(body, "pluginCatalog") if p["name"] == "sample")["configSchema"]
    assert schema == [
        {"name": "threshold", "type": "INTEGER", "default": 5, "secret": False, "choices": []},
        {"name": "api_key", "type": "STRING", "default": None, "secret": True, "choices": []},
        {
            "name": "mode",
            "type": "CHOICE",
            "default": "strict",
            "secret": False,
            "choices": ["strict", "lenient"],
        },
    ]
    await run(client, world, CONFIGURE, config={"threshold": 7, "mode": "lenient"})
    own = await run(client, world, CONFIGURE, agency="dinkes", config={"threshold": 9})
    assert own["config"] == {"threshold": 9, "api_key": None, "mode": "lenient"}
    assert own["enabled"] is False and own["inherited"] is True  # settings alone switch nothing
    reset = await run(client, world, CONFIGURE, agency="dinkes", config={"threshold": None})
    assert reset["config"]["threshold"] == 7


@pytest.mark.parametrize(
    ("config", "code", "message"),
    [
        (
            {"colour": "red"},
            "plugin.config_unknown",
            "There is no setting 'colour'; the settings are: api_key, mode, threshold.",
        ),
        ({"threshold": "many"}, "plugin.config_type", "The setting 'threshold' must be INTEGER."),
        ({"mode": "wild"}, "plugin.config_type", "The setting 'mode' must be strict | lenient."),
        ({"api_key": 12}, "plugin.config_type", "The setting 'api_key' must be STRING."),
        ([1, 2], "plugin.config_object", "Plugin settings must be a JSON object."),
    ],
)
async def test_settings_are_checked_against_the_schema_and_nothing_is_written(
    client, world, config, code, message
):
    result = await run(client, world, CONFIGURE, agency="dinkes", config=config)
    assert result == {
        "__typename": "ValidationError",
        "code": code,
        "field": "config",
        "message": message,
    }
    assert await PluginActivation.all().count() == 0


async def test_secrets_are_stored_but_masked_everywhere_they_leave(client, world):
    result = await run(client, world, CONFIGURE, agency="dinkes", config={"api_key": "s3cr3t"})
    assert result["config"]["api_key"] == "********"
    row = await PluginActivation.get(plugin="sample")
    assert row.config == {"api_key": "s3cr3t"}
    # sending the mask back keeps the secret; other keys still change
    result = await run(
        client, world, CONFIGURE, agency="dinkes", config={"api_key": "********", "threshold": 3}
    )
    assert result["config"] == {"threshold": 3, "api_key": "********", "mode": "strict"}
    assert (await PluginActivation.get(plugin="sample")).config["api_key"] == "s3cr3t"
    body = await gql(
        client, "{ agencies { code plugins { name config } } }", token=world.head.token
    )
    assert "s3cr3t" not in json.dumps(body)
    entries = await audit_log(client, world)
    assert [e["action"] for e in entries] == ["plugin.configure", "plugin.configure"]
    assert "s3cr3t" not in json.dumps(entries)


async def test_settings_of_a_plugin_that_failed_to_load_cannot_be_changed(client, world):
    result = await run(client, world, CONFIGURE, name="missing_dep", config={})
    assert (result["__typename"], result["code"]) == ("ValidationError", "plugin.not_loaded")


async def test_hook_kinerja_on_event(client, world):
    """Plugins hear about domain events after the write commits (here: plugin enabled)."""
    sample.EVENTS.clear()
    await run(client, world, ENABLE, agency="disdik")
    await run(client, world, DISABLE, agency="disdik")
    assert sample.EVENTS == [
        ("plugin_enabled", {"plugin": "sample", "agency_id": world.agencies["disdik"].id}),
        ("plugin_disabled", {"plugin": "sample", "agency_id": world.agencies["disdik"].id}),
    ]
