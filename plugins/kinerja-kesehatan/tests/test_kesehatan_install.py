"""Installed like any third-party plugin: found through its entry point, migrated after the
core, and adding Pontianak's puskesmas to ``kinerja demo``."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import sqlite3
import uuid

import asyncpg
import pytest
from kesehatan_support import PLUGINS, YEAR, make_settings
from kinerja_core.db import migrate, tortoise_config
from kinerja_core.demo import run_demo
from kinerja_core.models import AuditEntry, Indicator, PluginActivation, Realization
from kinerja_core.plugins.manager import PluginStatus, load_plugins, start_plugins
from kinerja_core.plugins.testing import ok, plugin_app
from kinerja_core.settings import Settings

from kinerja_kesehatan.demo import PONTIANAK
from kinerja_kesehatan.models import (
    ImmunizationReport,
    ImmunizationReportLine,
    Kelurahan,
    Puskesmas,
)

TABLES = {"kesehatan_puskesmas", "kesehatan_kelurahan", "kesehatan_report", "kesehatan_report_line"}


def test_the_installed_distribution_is_found_through_its_entry_point(tmp_path):
    (entry,) = [
        ep for ep in importlib.metadata.entry_points(group="kinerja") if ep.name == "kesehatan"
    ]
    assert entry.value == "kinerja_kesehatan.plugin"
    assert entry.dist is not None and entry.dist.name == "kinerja-kesehatan"
    settings = Settings(environment="test", data_dir=tmp_path, plugins=("kesehatan",))
    manager = load_plugins(settings)  # no explicit plugins: discovery
    record = manager.record("kesehatan")
    assert record.status == PluginStatus.LOADED, record.error
    assert (record.version, record.distribution) == ("0.1.0", "kinerja-kesehatan")
    assert record.hooks == (
        "kinerja_config_schema",
        "kinerja_demo_data",
        "kinerja_panels",
        "kinerja_register_graphql",
        "kinerja_register_indicators",
        "kinerja_register_models",
    )
    assert [i.code for i in manager.indicators() if i.plugin == "kesehatan"] == [
        "kesehatan.dropout_dpt",
        "kesehatan.dropout_mr",
        "kesehatan.idl_coverage",
        "kesehatan.leftout_bcg",
    ]
    assert manager.model_apps()["kesehatan"] == {
        "models": ["kinerja_kesehatan.models"],
        "migrations": "kinerja_kesehatan.migrations",
    }
    assert [f.name for f in manager.config_schema("kesehatan")] == [
        "allow_numerator_above_denominator",
        "idl_target_percent",
        "report_deadline_day",
    ]


async def test_the_migrations_match_the_models():
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    manager = await start_plugins(Settings(environment="test"), explicit=PLUGINS)
    config = tortoise_config(Settings(database_url="sqlite://:memory:"), manager.model_apps())
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        changes = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert [w.app_label for w in changes if w.app_label == "kesehatan"] == []


async def _tables(settings: Settings) -> set[str]:
    url = settings.database_url
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as db:
            return {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await connection.close()
    return {row["table_name"] for row in rows}


async def _postgres(settings: Settings, action: str) -> None:
    """Create or drop the database of a PostgreSQL URL (connected to the maintenance one)."""
    base, _, name = settings.database_url.rpartition("/")
    connection = await asyncpg.connect(f"{base}/postgres")
    try:
        if action == "create":
            await connection.execute(f'CREATE DATABASE "{name}"')
        else:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.mark.parametrize("plugin_later", [False, True], ids=["fresh", "existing"])
async def test_migrate_applies_core_then_the_plugin(tmp_path, plugin_later):
    settings = make_settings(tmp_path)
    if not settings.database_url.startswith("postgres"):
        settings = settings.replace(
            database_url=f"sqlite://{tmp_path / f'migrated-{uuid.uuid4().hex[:6]}.sqlite3'}"
        )
    postgres = settings.database_url.startswith("postgres")
    if postgres:
        await _postgres(settings, "create")
    try:
        apps = (await start_plugins(settings, explicit=PLUGINS)).model_apps()
        if plugin_later:
            await migrate(settings)  # a database with only the core ...
            assert not TABLES & await _tables(settings)
        await migrate(settings, apps)  # ... the plugin installed later, or both at once
        await migrate(settings, apps)  # and nothing is left to do
        assert {"agency", "plugin_activation", *TABLES} <= await _tables(settings)
    finally:
        if postgres:
            await _postgres(settings, "drop")


async def _fingerprint() -> list[tuple]:
    rows = await ImmunizationReportLine.all().values(
        "target_infants",
        "idl",
        "dpt1",
        "dpt3",
        "mr1",
        "newborns",
        "bcg",
        month="report__month",
        puskesmas="report__puskesmas__code",
        kelurahan="kelurahan__code",
    )
    return sorted(tuple(sorted(r.items())) for r in rows)


async def test_kinerja_demo_adds_pontianaks_puskesmas_and_reports(tmp_path):
    today = dt.date(YEAR, 4, 15)  # April is the open period: reports January to April
    async with plugin_app(tmp_path, PLUGINS, settings=make_settings(tmp_path)) as app:
        options = {"employees": 80, "seed": 11, "today": today, "plugins": app.manager}
        await run_demo(app.settings, out=io.StringIO(), log=io.StringIO(), **options)
        assert await Puskesmas.all().count() == len(PONTIANAK) == 22
        assert await Kelurahan.all().count() == 29  # the city's 29 kelurahan, once each
        kecamatan = {p.kecamatan for p in await Puskesmas.all()}
        assert len(kecamatan) == 6
        months = sorted(set(await ImmunizationReport.all().values_list("month", flat=True)))
        assert months == [dt.date(YEAR, m, 1) for m in (1, 2, 3, 4)]
        assert await ImmunizationReport.all().count() == 22 * 4
        lines = await ImmunizationReportLine.all()
        assert len(lines) == 29 * 4
        for line in lines:  # every demo line would pass the plugin's own validation
            assert 0 <= line.idl <= line.target_infants
            assert 0 <= line.dpt3 <= line.dpt1 and 0 <= line.mr1 <= line.dpt1
            assert 0 <= line.bcg <= line.newborns and line.target_infants > 0
        first = await _fingerprint()
        activation = await PluginActivation.get(plugin="kesehatan")
        assert (
            activation.enabled is True
            and activation.agency_id == (await Puskesmas.first()).agency_id
        )
        assert await AuditEntry.filter(action="plugin.enable", entity="PluginActivation").exists()

        # the demo SKP's IDL-coverage IKI now read their realisasi from these reports
        linked = await Indicator.filter(indicator_type="kesehatan.idl_coverage")
        assert linked
        computed = await Realization.filter(indicator_id__in=[i.id for i in linked])
        computed = [r for r in computed if r.provenance.get("source") == "kesehatan.idl_coverage"]
        assert computed and all(r.provenance["records"] for r in computed)

        central = await app.person(central_admin=True)
        body = await app.gql(
            """query($a: ID!, $y: Int!) { kesehatanCoverage(agencyId: $a, year: $y, month: 4,
            level: PUSKESMAS) { reports idlCoverage dropoutDpt leftoutBcg } }""",
            {"a": str(activation.agency_id), "y": YEAR},
            token=central,
        )
        rows = ok(body, "kesehatanCoverage")
        assert len(rows) == 22 and {r["reports"] for r in rows} == {4}
        for row in rows:
            assert 0 < float(row["idlCoverage"]) < 50  # four months of an annual target
            assert 0 <= float(row["dropoutDpt"]) < 20 and 0 <= float(row["leftoutBcg"]) < 20

        # --reset clears the plugin's rows with the core's, and the same seed gives the same data
        options["reset"] = True
        await run_demo(app.settings, out=io.StringIO(), log=io.StringIO(), **options)
        assert await _fingerprint() == first
        assert await ImmunizationReport.all().count() == 22 * 4
