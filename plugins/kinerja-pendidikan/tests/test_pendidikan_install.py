"""The plugin as a distribution: found through its entry point once pip-installed, its
migrations apply after the core's and match the models, and its demo data."""

from __future__ import annotations

import importlib.metadata
import os
import random
import sqlite3
import uuid

import pytest
from kinerja_core.db import migrate, tortoise_config
from kinerja_core.models import AuditEntry, PluginActivation
from kinerja_core.plugins.manager import PluginStatus, load_plugins, start_plugins
from kinerja_core.plugins.testing import ok
from kinerja_core.settings import Settings
from pendidikan_support import (
    PARTICIPATION,
    RESULTS,
    EventSpy,
    pendidikan_app,
    row_counts,
)

from kinerja_pendidikan.models import (
    Enrolment,
    Population,
    Programme,
    ProgrammeEvaluation,
    School,
)


@pytest.fixture
def spy() -> EventSpy:
    return EventSpy()


@pytest.fixture
async def app(tmp_path, spy):
    async with pendidikan_app(tmp_path, spy) as app:
        yield app


PLUGIN = {"pendidikan": "kinerja_pendidikan.plugin"}
TABLES = {
    "pendidikan_school",
    "pendidikan_programme",
    "pendidikan_evaluation",
    "pendidikan_enrolment",
    "pendidikan_population",
}


def test_the_installed_distribution_is_found_through_the_kinerja_entry_point(tmp_path):
    points = importlib.metadata.entry_points(group="kinerja", name="pendidikan")
    assert [(p.value, p.dist.name) for p in points] == [
        ("kinerja_pendidikan.plugin", "kinerja-pendidikan")
    ]
    settings = Settings(environment="test", data_dir=tmp_path)
    manager = load_plugins(settings)  # no explicit plugins: what is installed
    record = manager.record("pendidikan")
    assert record.status == PluginStatus.LOADED, record.error
    assert (record.distribution, record.version) == ("kinerja-pendidikan", "0.1.0")
    assert record.hooks == (
        "kinerja_config_schema",
        "kinerja_demo_data",
        "kinerja_panels",
        "kinerja_register_graphql",
        "kinerja_register_indicators",
        "kinerja_register_models",
    )
    assert sorted(k.code for k in manager.indicators() if k.plugin == "pendidikan") == [
        "pendidikan.apk",
        "pendidikan.apm",
        "pendidikan.completion_rate",
        "pendidikan.schools_meeting_goal",
        "pendidikan.score_gain",
    ]
    assert manager.model_apps()["pendidikan"] == {
        "models": ["kinerja_pendidikan.models"],
        "migrations": "kinerja_pendidikan.migrations",
    }
    assert [f.name for f in manager.config_schema("pendidikan")] == [
        "allow_completed_above_participants",
        "apm_above_apk_check",
        "kecamatan",
    ]


async def _postgres(url: str, sql: str) -> list:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return await connection.fetch(sql)
    finally:
        await connection.close()


async def test_migrations_apply_after_the_core_on_a_fresh_and_an_existing_database(tmp_path):
    template = os.environ.get("KINERJA_TEST_DATABASE_URL", "")
    name = f"kt_{uuid.uuid4().hex[:12]}"
    if template:
        url = template.replace("{}", name.removeprefix("kt_"))
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        await _postgres(admin_url, f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    else:
        url = f"sqlite://{tmp_path / 'migrated.sqlite3'}"
    settings = Settings(environment="test", data_dir=tmp_path / "data", database_url=url)
    apps = (await start_plugins(settings, explicit=PLUGIN)).model_apps()
    try:
        await migrate(settings)  # a database with only the core
        await migrate(settings, apps)  # the plugin is installed later
        await migrate(settings, apps)  # and nothing is left to do
        if template:
            rows = await _postgres(url, "SELECT tablename FROM pg_tables")
            tables = {r["tablename"] for r in rows}
        else:
            with sqlite3.connect(tmp_path / "migrated.sqlite3") as db:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert {"agency", *TABLES} <= tables
    finally:
        if template:
            await _postgres(admin_url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')


async def test_the_migrations_match_the_models():
    """No change is waiting for ``kinerja plugin makemigrations pendidikan``."""
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    settings = Settings(database_url="sqlite://:memory:")
    manager = await start_plugins(settings, explicit=PLUGIN)
    config = tortoise_config(settings, manager.model_apps())
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        detector = MigrationAutodetector(ctx.apps, config["apps"])
        pending = [w.app_label for w in await detector.changes()]
    assert "pendidikan" not in pending


async def demo_rows() -> list[tuple]:
    """The demo's rows without ids and timestamps: what must follow from the seed."""
    schools = {s.id: s.npsn for s in await School.all()}  # evaluations name schools by NPSN
    programmes = {p.id: p.code for p in await Programme.all()}
    rows: list[tuple] = [
        (s.npsn, s.name, s.level, s.kecamatan, s.status)
        for s in await School.all().order_by("npsn")
    ]
    rows += [(p.code, p.name, p.year, p.goal) for p in await Programme.all().order_by("code")]
    rows += sorted(
        (
            programmes[e.programme_id],
            schools[e.school_id],
            e.participants,
            e.completed,
            e.baseline_score,
            e.end_score,
            e.evaluated_on,
        )
        for e in await ProgrammeEvaluation.all()
    )
    rows += sorted(
        (e.year, e.level, e.kecamatan, e.pupils_total, e.pupils_official_age)
        for e in await Enrolment.all()
    )
    rows += sorted((p.year, p.level, p.kecamatan, p.population) for p in await Population.all())
    return rows


async def clear_demo() -> None:
    await ProgrammeEvaluation.all().delete()
    for model in (Programme, School, Enrolment, Population, PluginActivation):
        await model.all().delete()


async def test_hook_kinerja_demo_data_fills_dinas_pendidikan_deterministically(app):
    disdik = await app.agency("DISDIK", "Dinas Pendidikan")
    central = await app.person(central_admin=True)
    ctx = app.context(request_id="demo-test")
    assert await app.manager.run_demo_data(ctx, random.Random(2026)) == []

    counts = await row_counts()
    assert counts["school"] == 48  # 8 schools in each of the 6 kecamatan
    assert counts["programme"] == 2 and counts["evaluation"] > 40
    assert counts["enrolment"] == counts["population"] == 36  # 2 years x 6 kecamatan x 3 levels
    assert set(await School.all().values_list("kecamatan", flat=True)) == {
        "Pontianak Barat",
        "Pontianak Kota",
        "Pontianak Selatan",
        "Pontianak Tenggara",
        "Pontianak Timur",
        "Pontianak Utara",
    }
    switch = await PluginActivation.get(plugin="pendidikan")
    assert (switch.agency_id, switch.enabled) == (disdik.id, True)
    enabled = await AuditEntry.get(action="plugin.enable", entity_id=str(switch.id))
    assert enabled.after["enabled"] is True and enabled.request_id == "demo-test"

    # the data are usable: the plugin is on for DISDIK and its reports answer
    year = (await Programme.first()).year
    body = await app.gql(
        PARTICIPATION, {"a": str(disdik.id), "year": year, "level": "SD"}, token=central
    )
    report = ok(body, "pendidikanParticipation")
    assert len(report["kecamatan"]) == 6
    assert 90 <= float(report["total"]["apk"]) <= 115
    assert float(report["total"]["apm"]) < float(report["total"]["apk"])
    literasi = await Programme.get(code="LITERASI")
    body = await app.gql(RESULTS, {"p": str(literasi.id)}, token=central)
    results = ok(body, "pendidikanProgrammeResults")
    assert (
        results["schoolsEvaluated"]
        == await ProgrammeEvaluation.filter(programme_id=literasi.id).count()
    )

    # a second run leaves the data alone; the same seed gives the same rows, another differs
    first = await demo_rows()
    assert await app.manager.run_demo_data(ctx, random.Random(2026)) == []
    assert await demo_rows() == first
    await clear_demo()
    assert await app.manager.run_demo_data(ctx, random.Random(2026)) == []
    assert await demo_rows() == first
    await clear_demo()
    assert await app.manager.run_demo_data(ctx, random.Random(7)) == []
    assert await demo_rows() != first


async def test_the_demo_hook_does_nothing_without_a_dinas_pendidikan(app):
    await app.agency("DINKES", "Dinas Kesehatan")
    ctx = app.context()
    assert await app.manager.run_demo_data(ctx, random.Random(1)) == []
    assert set((await row_counts()).values()) == {0}
    assert not await PluginActivation.exists()
