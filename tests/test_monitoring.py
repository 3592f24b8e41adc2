"""Pelaksanaan, pemantauan, pembinaan over HTTP: periods, rencana aksi, realisasi, umpan balik.

Plans are created directly as APPROVED rows (SKP planning is tested on its own); everything
else goes through /graphql the way a frontend would.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from kinerja_core.domain.enums import PeriodKind, PlanApproach, PlanForm, PlanStatus
from kinerja_core.models import (
    ActionPlan,
    Agency,
    Feedback,
    Indicator,
    PerformancePlan,
    Period,
    Realization,
    WorkResult,
)
from tests.support import YEAR, gql, ok

PERIODS = """query($agencyId: ID!, $year: Int!) {
  periods(agencyId: $agencyId, year: $year) { id number kind status label startDate endDate }
}"""
SETUP = """mutation($agencyId: ID!, $year: Int!) {
  setupPeriods(agencyId: $agencyId, year: $year) {
    __typename
    ... on PeriodSetup { periods { id number kind status label startDate endDate } }
    ... on UserError { code message }
  }
}"""
OPEN = """mutation($id: ID!) { openPeriod(id: $id) {
  __typename ... on Period { id status version } ... on UserError { code message }
} }"""
CLOSE = """mutation($id: ID!) { closePeriod(id: $id) {
  __typename ... on Period { id status } ... on UserError { code message }
} }"""
RECORD = """mutation($input: RecordRealizationInput!) { recordRealization(input: $input) {
  __typename
  ... on Realization { id value narrative version provenance period { id } indicator { id } }
  ... on ValidationError { code message field }
  ... on Conflict { code message field }
  ... on UserError { code message }
} }"""
FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename
  ... on Feedback { id target text behaviorValue author { id } period { id }
                    realization { id } workResult { id } }
  ... on ValidationError { code message field }
  ... on UserError { code message }
} }"""
ADD_ACTION = """mutation($input: AddActionPlanInput!) { addActionPlan(input: $input) {
  __typename ... on ActionPlan { id description version period { id } workResult { id } }
  ... on ValidationError { code message field } ... on UserError { code message }
} }"""


async def make_plan(
    world,
    owner: str = "staff",
    rater: str = "kasubag",
    rater_superior: str = "sekretaris",
    *,
    status: PlanStatus = PlanStatus.APPROVED,
    approach: PlanApproach = PlanApproach.KUANTITATIF,
    indicator_type: str = "core.manual",
    indicators: int = 1,
) -> tuple[PerformancePlan, WorkResult, list[Indicator]]:
    """An SKP of ``owner`` with one RHK and ``indicators`` IKI, as SKP planning leaves it."""
    person = world.people[owner]
    plan = await PerformancePlan.create(
        employee=person.employee,
        position=person.position,
        agency_id=person.position.agency_id,
        unit_id=person.position.unit_id,
        year=YEAR,
        form=PlanForm.JA_JF,
        approach=approach,
        status=status,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
        rater=world.people[rater].employee,
        rater_position=world.people[rater].position,
        rater_superior=world.people[rater_superior].employee,
    )
    work_result = await WorkResult.create(plan=plan, description="Laporan kepegawaian tersusun")
    rows = []
    for n in range(indicators):
        kualitatif = approach == PlanApproach.KUALITATIF
        rows.append(
            await Indicator.create(
                work_result=work_result,
                description=f"Jumlah laporan {n + 1}",
                target_value=None if kualitatif else Decimal(12),
                unit="" if kualitatif else "dokumen",
                narrative_target="Laporan tepat waktu" if kualitatif else "",
                indicator_type=indicator_type,
                order=n,
            )
        )
    return plan, work_result, rows


async def setup_periods(client, world, agency: str = "dinkes") -> list[dict]:
    """The year's periods of an agency, set up by an admin who may (central admin)."""
    body = await gql(
        client,
        SETUP,
        {"agencyId": str(world.agencies[agency].id), "year": YEAR},
        token=world.central.token,
    )
    return ok(body, "setupPeriods", "periods")


async def open_period(client, world, period_id: str) -> None:
    body = await gql(client, OPEN, {"id": period_id}, token=world.admin.token)
    assert ok(body, "openPeriod", "status") == "OPEN"


async def record(client, token: str, indicator, period_id: str, **fields) -> dict:
    variables = {"input": {"indicatorId": str(indicator.id), "periodId": period_id, **fields}}
    return ok(await gql(client, RECORD, variables, token=token, lang="en"), "recordRealization")


# --- periods ---------------------------------------------------------------------------------


async def test_agency_admin_sets_up_twelve_monthly_periods_idempotently(client, world):
    variables = {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR}
    first = ok(await gql(client, SETUP, variables, token=world.admin.token), "setupPeriods")
    assert first["__typename"] == "PeriodSetup"
    periods = first["periods"]
    assert [p["number"] for p in periods] == list(range(1, 13))
    assert periods[0]["label"] == f"Januari {YEAR}"
    assert periods[1]["startDate"] == f"{YEAR}-02-01"
    assert {p["status"] for p in periods} == {"UPCOMING"}

    again = ok(await gql(client, SETUP, variables, token=world.admin.token), "setupPeriods")
    assert [p["id"] for p in again["periods"]] == [p["id"] for p in periods]
    listed = ok(
        await gql(client, PERIODS, variables, token=world.staff.token, lang="en"), "periods"
    )
    assert len(listed) == 12 and listed[0]["label"] == f"January {YEAR}"


async def test_quarterly_agency_gets_four_periods_and_semester_two(client, world):
    await Agency.filter(id=world.agencies["disdik"].id).update(period_kind=PeriodKind.QUARTERLY)
    quarters = await setup_periods(client, world, "disdik")
    assert [(p["kind"], p["number"]) for p in quarters] == [("QUARTERLY", n) for n in (1, 2, 3, 4)]
    assert quarters[0]["label"] == f"Triwulan I {YEAR}"
    assert quarters[1]["startDate"] == f"{YEAR}-04-01" and quarters[1]["endDate"] == f"{YEAR}-06-30"

    # Unused quarters are replaced when the agency switches to semesters.
    await Agency.filter(id=world.agencies["disdik"].id).update(period_kind=PeriodKind.SEMESTER)
    semesters = await setup_periods(client, world, "disdik")
    assert [p["kind"] for p in semesters] == ["SEMESTER", "SEMESTER"]
    assert await Period.filter(agency_id=world.agencies["disdik"].id).count() == 2


async def test_period_kind_cannot_change_once_realisasi_exists(client, world):
    _, _, (indicator,) = await make_plan(world)
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    assert (await record(client, world.staff.token, indicator, periods[0]["id"], value="1"))[
        "__typename"
    ] == "Realization"

    await Agency.filter(id=world.agencies["dinkes"].id).update(period_kind=PeriodKind.QUARTERLY)
    body = await gql(
        client,
        SETUP,
        {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR},
        token=world.admin.token,
        lang="en",
    )
    result = ok(body, "setupPeriods")
    assert result["code"] == "period.kind_in_use"
    assert "cannot be changed" in result["message"]
    assert await Period.filter(agency_id=world.agencies["dinkes"].id).count() == 12


async def test_admin_of_another_agency_cannot_set_up_periods(client, world):
    body = await gql(
        client,
        SETUP,
        {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR},
        token=world.disdik_admin.token,
    )
    assert ok(body, "setupPeriods", "__typename") == "NotAllowed"
    assert await Period.all().count() == 0


async def test_period_opens_closes_and_only_central_admin_reopens(client, world):
    period_id = (await setup_periods(client, world))[0]["id"]
    # An UPCOMING period cannot be closed.
    body = await gql(client, CLOSE, {"id": period_id}, token=world.admin.token, lang="en")
    assert ok(body, "closePeriod", "code") == "period.transition"

    await open_period(client, world, period_id)
    body = await gql(client, CLOSE, {"id": period_id}, token=world.admin.token)
    assert ok(body, "closePeriod", "status") == "CLOSED"

    body = await gql(client, OPEN, {"id": period_id}, token=world.admin.token)
    assert ok(body, "openPeriod", "code") == "access.central_admin"
    body = await gql(client, OPEN, {"id": period_id}, token=world.central.token)
    assert ok(body, "openPeriod", "status") == "OPEN"
    # A plain employee cannot open or close periods.
    body = await gql(client, CLOSE, {"id": period_id}, token=world.staff.token)
    assert ok(body, "closePeriod", "__typename") == "NotAllowed"


# --- realisasi -------------------------------------------------------------------------------


async def test_owner_records_realisasi_and_corrects_it_with_its_version(client, world):
    plan, _, (indicator,) = await make_plan(world)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    events = []

    async def listen(event):
        events.append(event)

    client.app.state.bus.subscribe(listen)

    first = await record(client, world.staff.token, indicator, period_id, value="3.50")
    assert first["__typename"] == "Realization"
    assert first["value"] == "3.5" and first["version"] == 1
    assert first["provenance"] == {"source": "core.manual", "enteredBy": world.staff.employee.nip}
    assert [e.name for e in events] == ["realization_recorded"]
    assert events[0].payload == {
        "realization_id": int(first["id"]),
        "plan_id": plan.id,
        "employee_id": world.staff.employee.id,
        "rater_id": world.kasubag.employee.id,
    }

    second = await record(
        client,
        world.staff.token,
        indicator,
        period_id,
        value="4",
        narrative="Dua laporan",
        version=1,
    )
    assert second["id"] == first["id"] and second["version"] == 2 and second["value"] == "4"

    stale = await record(client, world.staff.token, indicator, period_id, value="5", version=1)
    assert stale["__typename"] == "Conflict" and stale["code"] == "conflict.version"
    row = await Realization.get(id=int(first["id"]))
    assert row.value == Decimal("4") and row.version == 2


async def test_realisasi_on_a_plan_not_yet_approved_is_refused(client, world):
    _, _, (indicator,) = await make_plan(world, status=PlanStatus.SUBMITTED)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    result = await record(client, world.staff.token, indicator, period_id, value="1")
    assert result["__typename"] == "ValidationError"
    assert result["code"] == "realization.plan_not_approved"
    assert result["field"] == "indicatorId"
    assert "Submitted" in result["message"]
    assert await Realization.all().count() == 0


async def test_realisasi_in_an_upcoming_or_closed_period_is_refused(client, world):
    _, _, (indicator,) = await make_plan(world)
    periods = await setup_periods(client, world)
    result = await record(client, world.staff.token, indicator, periods[1]["id"], value="1")
    assert (result["code"], result["field"]) == ("realization.period_not_open", "periodId")
    assert f"February {YEAR}" in result["message"] and "Upcoming" in result["message"]

    await open_period(client, world, periods[0]["id"])
    await gql(client, CLOSE, {"id": periods[0]["id"]}, token=world.admin.token)
    result = await record(client, world.staff.token, indicator, periods[0]["id"], value="1")
    assert result["code"] == "realization.period_not_open"
    assert await Realization.all().count() == 0


async def test_only_the_plan_owner_records_realisasi(client, world):
    _, _, (indicator,) = await make_plan(world)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    for intruder in ("staff2", "kasubag", "central"):
        result = await record(client, world.people[intruder].token, indicator, period_id, value="1")
        assert (result["__typename"], result["code"]) == ("NotAllowed", "access.not_own")
    assert await Realization.all().count() == 0


async def test_realisasi_needs_a_period_of_the_plans_agency_and_year(client, world):
    _, _, (indicator,) = await make_plan(world)
    other = await setup_periods(client, world, "disdik")
    await gql(client, OPEN, {"id": other[0]["id"]}, token=world.central.token)
    result = await record(client, world.staff.token, indicator, other[0]["id"], value="1")
    assert (result["code"], result["field"]) == ("period.not_of_plan", "periodId")
    assert await Realization.all().count() == 0


async def test_realisasi_values_are_checked_against_the_approach(client, world):
    _, _, (indicator,) = await make_plan(world)
    _, _, (narrative_only,) = await make_plan(world, "staff2", approach=PlanApproach.KUALITATIF)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)

    missing = await record(client, world.staff.token, indicator, period_id, narrative="Sudah")
    assert (missing["code"], missing["field"]) == ("realization.value_required", "value")
    negative = await record(client, world.staff.token, indicator, period_id, value="-1")
    assert (negative["code"], negative["field"]) == ("realization.negative_value", "value")
    huge = await record(client, world.staff.token, indicator, period_id, value="1e20")
    assert huge["code"] == "realization.value_range"

    no_text = await record(client, world.staff2.token, narrative_only, period_id, narrative=" ")
    assert (no_text["code"], no_text["field"]) == ("realization.narrative_required", "narrative")
    written = await record(
        client, world.staff2.token, narrative_only, period_id, narrative="Laporan terkirim"
    )
    assert written["__typename"] == "Realization" and written["value"] is None
    assert await Realization.all().count() == 1


async def test_indicator_computed_by_a_plugin_refuses_manual_entry(client, world):
    _, _, (indicator,) = await make_plan(world, indicator_type="kesehatan.imunisasi_idl")
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    result = await record(client, world.staff.token, indicator, period_id, value="90")
    assert (result["code"], result["field"]) == ("realization.computed_indicator", "indicatorId")
    assert "kesehatan.imunisasi_idl" in result["message"]
    assert await Realization.all().count() == 0


async def test_realisasi_is_read_by_rater_and_refused_to_a_peer(client, world):
    plan, _, (indicator,) = await make_plan(world)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    await record(client, world.staff.token, indicator, period_id, value="2")
    query = """query($planId: ID!, $periodId: ID) {
      realizations(planId: $planId, periodId: $periodId) {
        value period { label } indicator { id } recordedBy { id } } }"""
    variables = {"planId": str(plan.id), "periodId": period_id}
    rows = ok(await gql(client, query, variables, token=world.kasubag.token), "realizations")
    assert rows == [
        {
            "value": "2",
            "period": {"label": f"Januari {YEAR}"},
            "indicator": {"id": str(indicator.id)},
            "recordedBy": {"id": world.staff.id},
        }
    ]
    body = await gql(client, query, variables, token=world.staff2.token)
    assert body["errors"][0]["extensions"]["code"] == "access.denied"


async def test_reading_realisasi_costs_the_same_statements_for_more_rows(client, world, caplog):
    periods = await setup_periods(client, world)
    for p in periods[:3]:
        await open_period(client, world, p["id"])
    small, _, (one,) = await make_plan(world)
    big, _, many = await make_plan(world, "staff2", indicators=3)
    for p in periods[:1]:
        await record(client, world.staff.token, one, p["id"], value="1")
    for p in periods[:3]:
        for indicator in many:
            await record(client, world.staff2.token, indicator, p["id"], value="1")
    query = """query($planId: ID!) { realizations(planId: $planId) {
      value period { label agency { code } } indicator { id } recordedBy { name }
      evidence { id uploadedBy { id } } feedback { id author { id } } } }"""

    async def statements(plan, token) -> tuple[int, int]:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            rows = ok(
                await gql(client, query, {"planId": str(plan.id)}, token=token), "realizations"
            )
        selects = [
            r for r in caplog.records if r.getMessage().lstrip().upper().startswith("SELECT")
        ]
        return len(rows), len(selects)

    rows_small, cost_small = await statements(small, world.kasubag.token)
    rows_big, cost_big = await statements(big, world.kasubag.token)
    assert (rows_small, rows_big) == (1, 9)
    assert cost_small > 0 and cost_big == cost_small


# --- rencana aksi ----------------------------------------------------------------------------


async def test_owner_writes_updates_and_removes_a_rencana_aksi(client, world):
    plan, work_result, _ = await make_plan(world)
    periods = await setup_periods(client, world)
    variables = {
        "input": {
            "workResultId": str(work_result.id),
            "periodId": periods[0]["id"],
            "description": "Menyusun laporan kepegawaian bulanan",
        }
    }
    created = ok(await gql(client, ADD_ACTION, variables, token=world.staff.token), "addActionPlan")
    assert created["__typename"] == "ActionPlan"
    assert created["workResult"] == {"id": str(work_result.id)}

    update = """mutation($input: UpdateActionPlanInput!) { updateActionPlan(input: $input) {
      __typename ... on ActionPlan { description version } ... on UserError { code } } }"""
    changed = ok(
        await gql(
            client,
            update,
            {"input": {"id": created["id"], "description": "Menyusun dua laporan", "version": 1}},
            token=world.staff.token,
        ),
        "updateActionPlan",
    )
    assert changed == {
        "__typename": "ActionPlan",
        "description": "Menyusun dua laporan",
        "version": 2,
    }

    listed = """query($planId: ID!) { actionPlans(planId: $planId) { description } }"""
    rows = ok(
        await gql(client, listed, {"planId": str(plan.id)}, token=world.kasubag.token),
        "actionPlans",
    )
    assert rows == [{"description": "Menyusun dua laporan"}]

    remove = """mutation($id: ID!) { removeActionPlan(id: $id) {
      __typename ... on UserError { code } } }"""
    body = await gql(client, remove, {"id": created["id"]}, token=world.staff2.token)
    assert ok(body, "removeActionPlan", "code") == "access.not_own"
    body = await gql(client, remove, {"id": created["id"]}, token=world.staff.token)
    assert ok(body, "removeActionPlan", "__typename") == "Done"
    assert await ActionPlan.all().count() == 0


async def test_rencana_aksi_is_refused_on_a_draft_plan_or_a_closed_period(client, world):
    _, draft_result, _ = await make_plan(world, status=PlanStatus.DRAFT)
    _, work_result, _ = await make_plan(world, "staff2")
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    await gql(client, CLOSE, {"id": periods[0]["id"]}, token=world.admin.token)

    def action(result, period):
        return {
            "input": {"workResultId": str(result.id), "periodId": period, "description": "Rapat"}
        }

    body = await gql(
        client, ADD_ACTION, action(draft_result, periods[1]["id"]), token=world.staff.token
    )
    assert ok(body, "addActionPlan", "code") == "action_plan.plan_not_approved"
    body = await gql(
        client, ADD_ACTION, action(work_result, periods[0]["id"]), token=world.staff2.token
    )
    assert ok(body, "addActionPlan", "code") == "action_plan.period_closed"
    # An upcoming period can be planned ahead.
    body = await gql(
        client, ADD_ACTION, action(work_result, periods[1]["id"]), token=world.staff2.token
    )
    assert ok(body, "addActionPlan", "__typename") == "ActionPlan"
    assert await ActionPlan.all().count() == 1


# --- umpan balik -----------------------------------------------------------------------------


async def test_rater_gives_feedback_on_realisasi_and_the_owner_reads_it(client, world):
    plan, work_result, (indicator,) = await make_plan(world)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    realization = await record(client, world.staff.token, indicator, period_id, value="2")
    events = []

    async def listen(event):
        events.append(event)

    client.app.state.bus.subscribe(listen)
    variables = {
        "input": {
            "planId": str(plan.id),
            "target": "REALIZATION",
            "realizationId": realization["id"],
            "text": "Lampirkan daftar hadir sebagai bukti dukung.",
        }
    }
    given = ok(await gql(client, FEEDBACK, variables, token=world.kasubag.token), "giveFeedback")
    assert given["__typename"] == "Feedback"
    assert given["author"] == {"id": world.kasubag.id}
    assert given["period"] == {"id": period_id}  # taken from the realisasi
    assert [e.name for e in events] == ["feedback_given"]
    assert events[0].payload["employee_id"] == world.staff.employee.id

    behaviour = {
        "input": {
            "planId": str(plan.id),
            "target": "BEHAVIOR",
            "behaviorValue": "KOLABORATIF",
            "text": "Bagus dalam kerja tim.",
        }
    }
    assert (
        ok(
            await gql(client, FEEDBACK, behaviour, token=world.kasubag.token),
            "giveFeedback",
            "behaviorValue",
        )
        == "KOLABORATIF"
    )

    listed = """query($planId: ID!) { feedback(planId: $planId) { totalCount nodes { target text } }
      realizations(planId: $planId) { feedback { text } } }"""
    data = ok(await gql(client, listed, {"planId": str(plan.id)}, token=world.staff.token))
    assert data["feedback"]["totalCount"] == 2
    assert [n["target"] for n in data["feedback"]["nodes"]] == ["REALIZATION", "BEHAVIOR"]
    assert data["realizations"][0]["feedback"] == [
        {"text": "Lampirkan daftar hadir sebagai bukti dukung."}
    ]


async def test_only_the_rater_gives_feedback(client, world):
    plan, work_result, _ = await make_plan(world)
    variables = {
        "input": {
            "planId": str(plan.id),
            "target": "WORK_RESULT",
            "workResultId": str(work_result.id),
            "text": "Perjelas target.",
        }
    }
    for other in ("staff", "staff2", "sekretaris", "head", "central"):
        body = await gql(client, FEEDBACK, variables, token=world.people[other].token)
        assert ok(body, "giveFeedback", "code") == "access.not_rater", other
    assert await Feedback.all().count() == 0


async def test_feedback_must_reference_its_own_plan_and_have_text(client, world):
    plan, _, _ = await make_plan(world)
    _, foreign_result, _ = await make_plan(world, "staff2")

    async def give(**fields):
        base = {"planId": str(plan.id), "target": "WORK_RESULT", "text": "Catatan"}
        body = await gql(client, FEEDBACK, {"input": {**base, **fields}}, token=world.kasubag.token)
        return ok(body, "giveFeedback")

    wrong = await give(workResultId=str(foreign_result.id))
    assert (wrong["code"], wrong["field"]) == ("feedback.work_result_not_of_plan", "workResultId")
    missing = await give()
    assert (missing["code"], missing["field"]) == ("required", "workResultId")
    empty = await give(workResultId=str((await WorkResult.get(plan_id=plan.id)).id), text="  ")
    assert (empty["code"], empty["field"]) == ("required", "text")
    assert await Feedback.all().count() == 0


async def test_plan_shows_rencana_aksi_realisasi_and_feedback_nested(client, world):
    plan, work_result, (indicator,) = await make_plan(world)
    periods = await setup_periods(client, world)
    await open_period(client, world, periods[0]["id"])
    action = {
        "input": {
            "workResultId": str(work_result.id),
            "periodId": periods[0]["id"],
            "description": "Rekap absensi",
        }
    }
    await gql(client, ADD_ACTION, action, token=world.staff.token)
    await record(client, world.staff.token, indicator, periods[0]["id"], value="7")
    feedback = {
        "input": {
            "planId": str(plan.id),
            "target": "WORK_RESULT",
            "workResultId": str(work_result.id),
            "periodId": periods[0]["id"],
            "text": "Sudah sesuai rencana.",
        }
    }
    await gql(client, FEEDBACK, feedback, token=world.kasubag.token)
    query = """query($id: ID!, $periodId: ID) { plan(id: $id) {
      feedback { text period { number } workResult { id } }
      workResults {
        actionPlans(periodId: $periodId) { description period { number } }
        indicators { realizations(periodId: $periodId) { value } }
      } } }"""
    variables = {"id": str(plan.id), "periodId": periods[0]["id"]}
    data = ok(await gql(client, query, variables, token=world.sekretaris.token), "plan")
    assert data["feedback"] == [
        {
            "text": "Sudah sesuai rencana.",
            "period": {"number": 1},
            "workResult": {"id": str(work_result.id)},
        }
    ]
    (rhk,) = data["workResults"]
    assert rhk["actionPlans"] == [{"description": "Rekap absensi", "period": {"number": 1}}]
    assert rhk["indicators"] == [{"realizations": [{"value": "7"}]}]
    variables["periodId"] = periods[1]["id"]
    data = ok(await gql(client, query, variables, token=world.staff.token), "plan")
    assert data["workResults"][0]["actionPlans"] == []
    assert data["workResults"][0]["indicators"] == [{"realizations": []}]
