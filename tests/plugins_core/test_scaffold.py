"""``kinerja plugin new`` writes a plugin that loads, migrates and passes its own tests."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja_core.cli import main as kinerja
from kinerja_core.db import migrate
from kinerja_core.plugins.cli import make_migrations
from kinerja_core.plugins.composition import compose_schema
from kinerja_core.plugins.manager import PluginStatus, load_plugins, start_plugins
from kinerja_core.plugins.scaffold import core_requirement, write_skeleton

ROOT = Path(__file__).resolve().parents[2]


def generate(name, tmp_path, monkeypatch):
    assert kinerja(["plugin", "new", name, "--directory", str(tmp_path)]) == 0
    path = tmp_path / f"kinerja-{name.replace('_', '-')}"
    # a plugin module is imported once per process (tortoise keeps its relations): a test
    # that needs different code generates a plugin with another name
    monkeypatch.syspath_prepend(str(path))
    return path


@pytest.fixture
def skeleton(tmp_path, monkeypatch):
    return generate("gizi", tmp_path, monkeypatch)


def test_the_skeleton_has_the_pieces_of_a_plugin_distribution(skeleton):
    files = {p.relative_to(skeleton).as_posix() for p in skeleton.rglob("*") if p.is_file()}
    assert files == {
        "README.md",
        "pyproject.toml",
        "kinerja_gizi/__init__.py",
        "kinerja_gizi/plugin.py",
        "kinerja_gizi/models.py",
        "kinerja_gizi/indicators.py",
        "kinerja_gizi/schema.py",
        "kinerja_gizi/services.py",
        "kinerja_gizi/panels.py",
        "kinerja_gizi/migrations/__init__.py",
        "kinerja_gizi/migrations/0001_initial.py",
        "tests/test_gizi_plugin.py",
    }
    pyproject = (skeleton / "pyproject.toml").read_text()
    assert '[project.entry-points.kinerja]\ngizi = "kinerja_gizi.plugin"' in pyproject
    assert f'dependencies = ["kinerja{core_requirement()}"]' in pyproject


def test_the_skeleton_registers_explicitly_with_every_contribution(skeleton, settings):
    manager = load_plugins(
        settings.replace(plugins_strict=True), explicit={"gizi": "kinerja_gizi.plugin"}
    )
    record = manager.record("gizi")
    assert record.status == PluginStatus.LOADED and record.version == "0.1.0"
    assert record.hooks == (
        "kinerja_panels",
        "kinerja_register_graphql",
        "kinerja_register_indicators",
        "kinerja_register_models",
    )
    assert [i.code for i in manager.indicators()] == ["core.manual", "gizi.done_ratio"]
    assert manager.model_apps() == {
        "gizi": {"models": ["kinerja_gizi.models"], "migrations": "kinerja_gizi.migrations"}
    }
    compose_schema(settings.replace(plugins_strict=True), manager)  # the panel checks
    assert [p.key for p in manager.panels["gizi"]] == ["records-by-month"]


def test_the_skeleton_passes_its_own_tests(skeleton):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(skeleton), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=skeleton,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


async def test_migrate_applies_core_then_the_plugin_on_a_fresh_and_an_existing_database(
    skeleton, settings, tmp_path
):
    settings = settings.replace(database_url=f"sqlite://{tmp_path / 'migrated.sqlite3'}")
    apps = (await start_plugins(settings, explicit={"gizi": "kinerja_gizi.plugin"})).model_apps()
    await migrate(settings)  # an existing database with only the core
    await migrate(settings, apps)  # the plugin is installed later
    await migrate(settings, apps)  # and nothing is left to do
    with sqlite3.connect(tmp_path / "migrated.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"agency", "gizi_record"} <= tables


async def test_makemigrations_writes_only_the_plugins_own_migration(
    settings, tmp_path, monkeypatch
):
    skeleton = generate("gizi_next", tmp_path, monkeypatch)
    models = skeleton / "kinerja_gizi_next" / "models.py"
    models.write_text(
        models.read_text().replace(
            "    created_at = fields.DatetimeField(auto_now_add=True)\n",
            "    created_at = fields.DatetimeField(auto_now_add=True)\n"
            "    note = fields.TextField(default='')\n",
        )
    )
    core_migrations = sorted((ROOT / "kinerja_core/models/migrations").iterdir())
    written = await make_migrations(
        settings, "gizi_next", explicit={"gizi_next": "kinerja_gizi_next.plugin"}
    )
    assert [Path(p).parent for p in written] == [skeleton / "kinerja_gizi_next" / "migrations"]
    text = Path(written[0]).read_text()
    assert "AddField" in text and "'note'" in text and "('gizi_next', '0001_initial')" in text
    assert sorted((ROOT / "kinerja_core/models/migrations").iterdir()) == core_migrations


def test_a_bad_or_existing_name_is_refused(tmp_path, capsys):
    assert kinerja(["plugin", "new", "Bad-Name", "-d", str(tmp_path)]) == 1
    assert "cannot be a plugin name" in capsys.readouterr().err
    write_skeleton("dupe", tmp_path)
    with pytest.raises(FileExistsError):
        write_skeleton("dupe", tmp_path)
