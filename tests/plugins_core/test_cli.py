"""``kinerja plugins list|enable|disable|config``: the operator's view, audited like the API."""

from __future__ import annotations

import asyncio
import json
from importlib.metadata import EntryPoint

import pytest
from tortoise import Tortoise

from kinerja_core.cli import main as kinerja
from kinerja_core.db import tortoise_config
from kinerja_core.models import Agency, AuditEntry, PluginActivation
from kinerja_core.plugins import manager as manager_module
from kinerja_core.plugins.manager import start_plugins
from kinerja_core.settings import Settings

POINTS = [
    EntryPoint("sample", "tests.plugins_core.sample", "kinerja"),
    EntryPoint("missing_dep", "tests.plugins_core.broken_import", "kinerja"),
]


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """The command against a fresh database with two agencies; installed: sample, a broken one."""
    url = f"sqlite://{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("KINERJA_DATABASE_URL", url)
    monkeypatch.setenv("KINERJA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KINERJA_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setattr(manager_module, "_entry_points", lambda: POINTS)
    settings = Settings(database_url=url, data_dir=tmp_path / "data")

    async def setup():
        apps = (await start_plugins(settings)).model_apps()
        await Tortoise.init(config=tortoise_config(settings, apps), _create_db=True)
        await Tortoise.generate_schemas()
        await Agency.create(code="DINKES", name="Dinas Kesehatan")
        await Agency.create(code="DISDIK", name="Dinas Pendidikan")
        await Tortoise.close_connections()

    asyncio.run(setup())
    return settings


async def _rows(settings, model, **filters):
    await Tortoise.init(
        config=tortoise_config(settings, (await start_plugins(settings)).model_apps())
    )
    try:
        return await model.filter(**filters).order_by("id")
    finally:
        await Tortoise.close_connections()


def rows(settings, model, **filters):
    return asyncio.run(_rows(settings, model, **filters))


def test_enable_for_one_agency_is_listed_and_audited(cli, capsys):
    assert kinerja(["plugins", "enable", "sample", "--agency", "dinkes"]) == 0
    assert capsys.readouterr().out.startswith("sample [DINKES]: on\n")
    assert kinerja(["plugins", "list"]) == 0
    out = capsys.readouterr().out
    assert "sample               1.2.3      LOADED" in out
    assert "default off; on for DINKES" in out
    assert "missing_dep" in out and "error: import failed: ModuleNotFoundError" in out
    assert "core.manual" in out and "LOADED (built-in)" in out
    (entry,) = rows(cli, AuditEntry, action="plugin.enable")
    assert entry.request_id.startswith("cli-") and entry.actor_nip == ""


def test_disable_by_default_and_config_with_secrets_masked(cli, capsys):
    assert kinerja(["plugins", "disable", "sample"]) == 0
    assert capsys.readouterr().out.startswith("sample [default]: off\n")
    assert (
        kinerja(
            [
                "plugins",
                "config",
                "sample",
                "--agency",
                "DISDIK",
                "--set",
                "api_key=abc123",
                "--set",
                "threshold=3",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    shown = json.loads(out[out.index("{") :])
    assert shown == {"api_key": "********", "mode": "strict", "threshold": 3}
    assert "abc123" not in out
    assert (
        kinerja(["plugins", "config", "sample", "--agency", "DISDIK", "--unset", "threshold"]) == 0
    )
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{") :])["threshold"] == 5
    (row,) = rows(cli, PluginActivation, scope__not="*")
    assert row.config == {"api_key": "abc123"} and row.enabled is None
    assert "abc123" not in json.dumps([e.after for e in rows(cli, AuditEntry)])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plugins", "enable", "core.manual"], "built-in plugin core.manual is always on"),
        (["plugins", "enable", "nope"], "The plugin nope is not installed."),
        (["plugins", "enable", "sample", "--agency", "XYZ"], "no agency with code XYZ"),
        (
            ["plugins", "config", "sample", "--set", "threshold=many"],
            "The setting 'threshold' must be INTEGER.",
        ),
        (["plugins", "config", "missing_dep"], None),
    ],
)
def test_mistakes_are_explained_and_change_nothing(cli, capsys, argv, message):
    code = kinerja(argv)
    err = capsys.readouterr().err
    if message is None:  # showing a failed plugin's (empty) settings is harmless
        assert code == 0
    else:
        assert code == 1 and message in err
    assert rows(cli, PluginActivation) == []
