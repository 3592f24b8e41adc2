"""Rows read by position (branch teamview, issue 14): ``sql.fetch_all`` answers what
``dict(row)`` of every driver row answered, repeated names included; read-model rows made by
position equal those made by name; a GraphQL object built from a read-model row copies the
row's attributes but none a field or method of its type would be shadowed by."""

from __future__ import annotations

import datetime as dt

from kinerja_core import models
from kinerja_core.graphql.types.base import from_model
from kinerja_core.graphql.types.org import Employee
from kinerja_core.graphql.types.plans import PerformancePlan
from kinerja_core.services.rows import columns, fetch_rows, to_row
from kinerja_core.sql import fetch_all, fetch_each, fetch_tuples
from tests.support import World


async def _plan(world: World) -> None:
    await models.PerformancePlan.create(
        employee=world.staff.employee, position=world.staff.position,
        agency_id=world.units["umum"].agency_id, unit=world.units["umum"], year=2026,
        form="JA_JF", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
        rater=world.kasubag.employee, rater_position=world.kasubag.position,
        snapshot={"frozen": True}, submitted_at=dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC),
    )  # fmt: skip


async def test_fetch_all_is_dict_of_each_row(db) -> None:
    sql = "SELECT 1 AS a, 'x' AS b, NULL AS c UNION ALL SELECT 2, 'y', 'z' ORDER BY a"
    rows = await fetch_all(sql)
    assert rows == [{"a": 1, "b": "x", "c": None}, {"a": 2, "b": "y", "c": "z"}]
    assert rows == [dict(r) for r in await fetch_tuples(sql)]
    assert await fetch_all("SELECT 1 AS a WHERE 1 = 0") == []


async def test_a_repeated_name_gives_what_the_driver_gives(db) -> None:
    sql = "SELECT 1 AS a, 2 AS a, 3 AS b"
    # dict(row): the first of the repeated columns on SQLite, the last on asyncpg
    expected = [dict(r) for r in await fetch_tuples(sql)]
    assert expected in ([{"a": 1, "b": 3}], [{"a": 2, "b": 3}])
    assert await fetch_all(sql) == expected
    assert list(await fetch_each(sql)) == expected


async def test_rows_by_position_equal_rows_by_name(world: World) -> None:
    sql = f"SELECT {columns(models.PerformancePlan, 'pp')} FROM performance_plan pp ORDER BY pp.id"
    await _plan(world)
    by_position = await fetch_rows(models.PerformancePlan, sql)
    by_name = [to_row(models.PerformancePlan, r) for r in await fetch_all(sql)]
    assert by_position and [vars(r) for r in by_position] == [vars(r) for r in by_name]
    plan = by_position[-1]
    assert plan.snapshot == {"frozen": True}  # the JSON column, parsed when read
    assert plan.submitted_at == dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)


async def test_an_object_from_a_row_shadows_none_of_its_fields(world: World) -> None:
    employee_sql = f"SELECT {columns(models.Employee, 'e')} FROM employee e ORDER BY e.id"
    row = (await fetch_rows(models.Employee, employee_sql))[0]
    employee = from_model(Employee, row)
    assert (employee.id, employee.nip, employee.row) == (row.id, row.nip, row)
    assert employee.agency_id == row.agency_id  # came along with the copy
    plan_sql = f"SELECT {columns(models.PerformancePlan, 'pp')} FROM performance_plan pp"
    await _plan(world)
    plan_row = (await fetch_rows(models.PerformancePlan, plan_sql))[0]
    assert plan_row.snapshot == {"frozen": True}  # parsed: now in the row's __dict__
    plan = from_model(PerformancePlan, plan_row)
    # PerformancePlan defines snapshot (a resolver): the row's value is not copied over it
    assert "snapshot" not in vars(plan) and "_json_snapshot" not in vars(plan)
    assert plan.period_start == dt.date(2026, 1, 1) and plan.row is plan_row
