"""Two people writing the same record at once: one wins, the other gets a typed Conflict.

Nothing is lost silently: a correction based on a version someone else has replaced is
refused (optimistic versioning, ``UPDATE ... WHERE version = <read>``), and a write that loses
a race to a unique index, a serialization failure or a deadlock answers ``Conflict`` instead
of an internal error. Runs on SQLite and PostgreSQL (requests of one test run concurrently on
PostgreSQL's connection pool; SQLite runs one write transaction at a time).
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from types import SimpleNamespace

import asyncpg
import pytest
from tortoise import connections

from kinerja_core.errors import Conflict
from kinerja_core.graphql.errors import UserError, concurrent_write, mutate
from kinerja_core.models import Agency, AuditEntry, Evaluation, Realization
from kinerja_core.services.common import bump
from tests.support import YEAR, gql, ok
from tests.test_evaluation import EVALUATE, approved_plan, monthly_periods
from tests.test_monitoring import RECORD, make_plan

RATED = {"resultRating": "SESUAI_EKSPEKTASI", "behaviorRating": "SESUAI_EKSPEKTASI"}
CREATE_AGENCY = """mutation($input: CreateAgencyInput!) { createAgency(input: $input) {
  __typename ... on Agency { id code } ... on UserError { code message }
} }"""


def info(lang: str = "en") -> SimpleNamespace:
    """What :func:`mutate` reads of a resolver's ``info``."""
    return SimpleNamespace(
        context=SimpleNamespace(lang=lang, service=SimpleNamespace(request_id="t"))
    )


async def record(client, token, indicator, period, value, version=None) -> dict:
    data = {"indicatorId": str(indicator.id), "periodId": str(period.id), "value": value}
    if version is not None:
        data["version"] = version
    return ok(
        await gql(client, RECORD, {"input": data}, token=token, lang="en"), "recordRealization"
    )


async def updates_of(entity: str, entity_id) -> list[AuditEntry]:
    return await AuditEntry.filter(
        entity=entity, entity_id=str(entity_id), action__endswith=".update"
    ).order_by("id")


async def test_two_corrections_from_the_same_version_one_wins_the_other_gets_conflict(
    client, world
):
    _, _, (indicator,) = await make_plan(world)
    (period, *_) = await monthly_periods(world)
    first = await record(client, world.staff.token, indicator, period, "1")
    assert first["version"] == 1

    answers = await asyncio.gather(
        record(client, world.staff.token, indicator, period, "2", version=1),
        record(client, world.staff.token, indicator, period, "3", version=1),
    )

    kinds = sorted(a["__typename"] for a in answers)
    assert kinds == ["Conflict", "Realization"], answers
    won = next(a for a in answers if a["__typename"] == "Realization")
    lost = next(a for a in answers if a["__typename"] == "Conflict")
    assert (lost["code"], lost["field"]) == ("conflict.version", "version")
    assert "reload" in lost["message"]
    row = await Realization.get(id=first["id"])
    assert (row.value, row.version) == (Decimal(won["value"]), 2)
    # the loser reloads and corrects again: both corrections are in the history, in order
    retry_value = "3" if won["value"].startswith("2") else "2"
    retried = await record(client, world.staff.token, indicator, period, retry_value, version=2)
    assert retried["version"] == 3
    history = await updates_of("Realization", first["id"])
    assert [(h.before["version"], h.after["version"]) for h in history] == [(1, 2), (2, 3)]
    assert [Decimal(h.after["value"]) for h in history] == [
        Decimal(won["value"]),
        Decimal(retry_value),
    ]


async def test_a_write_based_on_a_stale_read_is_refused_even_without_a_client_version(
    client, world
):
    _, _, (indicator,) = await make_plan(world)
    (period, *_) = await monthly_periods(world)
    created = await record(client, world.staff.token, indicator, period, "1")
    stale = await Realization.get(id=created["id"])  # read at version 1 ...
    await record(client, world.staff.token, indicator, period, "5")  # ... replaced meanwhile

    stale.value = Decimal("9")
    with pytest.raises(Conflict) as refused:
        await bump(stale, "value")  # UPDATE ... WHERE id = ? AND version = 1: no row

    assert (refused.value.code, refused.value.params) == ("conflict.version", {"current": 2})
    row = await Realization.get(id=created["id"])
    assert (row.value, row.version) == (Decimal("5"), 2)


async def test_two_raters_saving_one_evaluation_from_the_same_version_one_gets_conflict(
    client, world
):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    (period, *_) = await monthly_periods(world)
    variables = {"planId": str(plan.id), "periodId": str(period.id)}
    draft = ok(
        await gql(
            client,
            EVALUATE,
            {"input": {**variables, **RATED}},
            token=world.kasubag.token,
        ),
        "evaluate",
    )

    async def save(behavior: str) -> dict:
        data = {**variables, **RATED, "behaviorRating": behavior, "version": draft["version"]}
        body = await gql(client, EVALUATE, {"input": data}, token=world.kasubag.token)
        return ok(body, "evaluate")

    answers = await asyncio.gather(save("DI_ATAS_EKSPEKTASI"), save("DI_BAWAH_EKSPEKTASI"))

    assert sorted(a["__typename"] for a in answers) == ["Conflict", "Evaluation"], answers
    won = next(a for a in answers if a["__typename"] == "Evaluation")
    row = await Evaluation.get(id=draft["id"])
    assert (str(row.behavior_rating), row.version) == (won["behaviorRating"], 2)
    assert len(await updates_of("Evaluation", draft["id"])) == 1


async def test_two_annual_evaluations_saved_at_once_make_one_row(client, world):
    # the annual evaluation has no period: the unique index (plan, kind, period) cannot tell
    # two of them apart, the plan's row lock does
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris", year=YEAR - 1)

    async def save(behavior: str) -> dict:
        data = {"planId": str(plan.id), **RATED, "behaviorRating": behavior}
        body = await gql(client, EVALUATE, {"input": data}, token=world.kasubag.token)
        return ok(body, "evaluate")

    answers = await asyncio.gather(*(save("SESUAI_EKSPEKTASI") for _ in range(3)))

    assert {a["__typename"] for a in answers} == {"Evaluation"}, answers
    assert len({a["id"] for a in answers}) == 1
    assert await Evaluation.filter(plan_id=plan.id).count() == 1


async def test_two_agencies_created_with_one_code_at_once_make_one_and_a_conflict(client, world):
    async def create(name: str) -> dict:
        data = {"input": {"code": "DISPORA", "name": name}}
        body = await gql(client, CREATE_AGENCY, data, token=world.central.token, lang="en")
        return ok(body, "createAgency")

    answers = await asyncio.gather(create("Dinas Pemuda"), create("Dinas Olahraga"))

    assert sorted(a["__typename"] for a in answers) == ["Agency", "Conflict"], answers
    lost = next(a for a in answers if a["__typename"] == "Conflict")
    # refused by the service's own check, or by the unique index when both checked at once
    assert lost["code"] in ("conflict.exists", "conflict.concurrent")
    assert await Agency.filter(code="DISPORA").count() == 1


async def test_an_insert_that_loses_to_the_unique_index_answers_conflict(db):
    await Agency.create(code="DINSOS", name="Dinas Sosial")

    async def late_insert() -> Agency:  # what a service does after its check said "free"
        return await Agency.create(code="DINSOS", name="Dinas Sosial (kedua)")

    answer = await mutate(info(), late_insert)

    assert isinstance(answer, UserError) and type(answer).__name__ == "Conflict"
    assert answer.code == "conflict.concurrent"
    assert answer.message.startswith("Another request changed this data at the same moment")
    assert await Agency.filter(code="DINSOS").count() == 1


async def test_a_bug_is_not_dressed_up_as_a_conflict(db):
    agency = await Agency.create(code="DINSOS", name="Dinas Sosial")

    async def broken() -> None:  # a NOT NULL violation is a programming error, not a race
        await connections.get("default").execute_query(
            "UPDATE agency SET name = NULL WHERE id = $1"
            if connections.get("default").capabilities.dialect == "postgres"
            else "UPDATE agency SET name = NULL WHERE id = ?",
            [agency.id],
        )

    with pytest.raises(Exception) as raised:
        await mutate(info(), broken)
    assert not concurrent_write(raised.value)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.SerializationError("could not serialize access"),
        asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
        asyncpg.exceptions.LockNotAvailableError("could not obtain lock"),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_serialization_failures_and_deadlocks_answer_conflict_in_the_users_language(error):
    async def lost() -> None:
        raise error

    answer = await mutate(info("id"), lost)

    assert answer.code == "conflict.concurrent"
    assert answer.message.startswith("Data ini diubah oleh permintaan lain")


CREATE_POSITION = """mutation($input: CreatePositionInput!) { createPosition(input: $input) {
  __typename ... on UserError { code } } }"""


async def test_two_head_posts_for_one_unit_at_once_make_one_and_a_conflict(client, world):
    # no index says "one head per unit": the unit's row lock makes the second request wait
    from kinerja_core.models import Position, Unit

    umum = world.units["umum"]
    unit = await Unit.create(agency_id=umum.agency_id, parent=umum, code="SB", name="Seksi Baru")

    async def create(name: str) -> dict:
        data = {"unitId": str(unit.id), "name": name, "type": "PENGAWAS", "isUnitHead": True}
        body = await gql(client, CREATE_POSITION, {"input": data}, token=world.central.token)
        return ok(body, "createPosition")

    answers = await asyncio.gather(create("Kepala Seksi Baru"), create("Kepala Seksi Lain"))

    assert sorted(a["__typename"] for a in answers) == ["Conflict", "Position"], answers
    assert await Position.filter(unit_id=unit.id, is_unit_head=True).count() == 1
