"""``kinerja_on_event(event, ctx)``: a handler asking for ``ctx`` gets a system service context
of its own (no viewer, the event's request id) and writes audited rows with it (issue 13:
the kompetensi plugin proposes needs when an evaluation is finalised)."""

from __future__ import annotations

import pytest

from kinerja_core.api import audit, hookimpl
from kinerja_core.models import AuditEntry
from tests.support import gql, ok


class Listener:
    """Writes an audit row for every plugin_enabled event it hears."""

    KINERJA_CORE_VERSION = ">=0.1,<0.2"

    def __init__(self) -> None:
        self.seen: list[tuple[str, object, str]] = []

    @hookimpl
    async def kinerja_on_event(self, event, ctx):
        self.seen.append((event.name, ctx.viewer, ctx.request_id == event.request_id))
        if event.name == "plugin_enabled":
            async with ctx.transaction():
                await audit.record(ctx, "listener.heard", "Event", event.name)


class OldStyle:
    """Asks for the event only, as before: still called."""

    def __init__(self) -> None:
        self.names: list[str] = []

    @hookimpl
    def kinerja_on_event(self, event):
        self.names.append(event.name)


LISTENER = Listener()
OLD = OldStyle()


@pytest.fixture
def plugins():
    return {"listener": LISTENER, "oldstyle": OLD}


async def test_an_event_handler_gets_a_system_context_for_audited_writes(client, world):
    LISTENER.seen.clear()
    OLD.names.clear()
    body = await gql(
        client,
        'mutation { enablePlugin(name: "listener", agencyId: null) { __typename } }',
        token=world.central.token,
    )
    assert ok(body, "enablePlugin")["__typename"] == "PluginActivation"
    assert LISTENER.seen == [("plugin_enabled", None, True)]
    assert OLD.names == ["plugin_enabled"]
    enabled = await AuditEntry.get(action="plugin.enable")
    heard = await AuditEntry.get(action="listener.heard")
    # the plugin's row: no actor, the request id of the write that raised the event
    assert (heard.actor_nip, heard.request_id) == ("", enabled.request_id)
