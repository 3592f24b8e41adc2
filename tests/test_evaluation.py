"""Penilaian over HTTP: organisation predikat, the matrix, finalising, kurva, angka kredit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx
import pytest

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    PeriodKind,
    PeriodStatus,
    PlanForm,
    PlanStatus,
    PositionType,
)
from kinerja_core.models import AuditEntry, Evaluation, OrganizationRating, PerformancePlan, Period
from tests.support import YEAR, Person, World, gql, ok

EVALUATION_FIELDS = """
    id kind year resultRating behaviorRating predikat note status finalizedAt creditPoints
    version appealDeadline period { id } plan { id } rater { id }
"""
ERROR_FIELDS = """
    ... on UserError { code message }
    ... on ValidationError { field }
    ... on Conflict { field }
"""

SET_ORG = f"""
mutation($input: SetOrganizationRatingInput!) {{
  setOrganizationRating(input: $input) {{ __typename
    ... on OrganizationRating {{
      id year rating version unit {{ id }} period {{ id }} setBy {{ id }}
    }}
    {ERROR_FIELDS}
  }}
}}"""

EVALUATE = f"""
mutation($input: EvaluateInput!) {{
  evaluate(input: $input) {{ __typename
    ... on Evaluation {{ {EVALUATION_FIELDS} }}
    {ERROR_FIELDS}
  }}
}}"""

FINALIZE = f"""
mutation($id: ID!) {{
  finalizeEvaluation(id: $id) {{ __typename
    ... on EvaluationPayload {{
      evaluation {{
        {EVALUATION_FIELDS}
        snapshot {{
          kind year predikat resultRating behaviorRating
          employee {{ id nip name }} position {{ name type level }} unit {{ name }}
          agency {{ code }} rater {{ id name position }} period {{ number label startDate }}
        }}
      }}
      kurvaFindings {{
        code message atMost percent actual limit total predikats organizationRating
        pending missing
      }}
    }}
    {ERROR_FIELDS}
  }}
}}"""


# ---------------------------------------------------------------- helpers (shared by the
# appeal tests): plans and periods are written straight to the database, as the SKP and
# monitoring parts have their own tests.


async def approved_plan(
    world: World, who: str, rater: str, rater_superior: str, year: int = YEAR
) -> PerformancePlan:
    """An APPROVED SKP of ``who`` rated by ``rater``, appeals to ``rater_superior``."""
    person: Person = world.people[who]
    position = person.position
    return await PerformancePlan.create(
        employee=person.employee,
        position=position,
        agency_id=position.agency_id,
        unit_id=position.unit_id,
        year=year,
        form=PlanForm.JPT if position.type == PositionType.JPT else PlanForm.JA_JF,
        status=PlanStatus.APPROVED,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        rater=world.people[rater].employee,
        rater_position=world.people[rater].position,
        rater_superior=world.people[rater_superior].employee,
    )


async def monthly_periods(
    world: World, agency: str = "dinkes", open_months: int = 1, year: int = YEAR
) -> list[Period]:
    """The 12 months of ``year``: the first ``open_months`` OPEN, the rest UPCOMING.

    Months already made by an earlier call are returned as they are.
    """
    existing = await Period.filter(agency=world.agencies[agency], year=year).order_by("number")
    if existing:
        return list(existing)
    periods = []
    for month in range(1, 13):
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        periods.append(
            await Period.create(
                agency=world.agencies[agency],
                year=year,
                kind=PeriodKind.MONTHLY,
                number=month,
                start_date=dt.date(year, month, 1),
                end_date=dt.date(year, month, last),
                status=PeriodStatus.OPEN if month <= open_months else PeriodStatus.UPCOMING,
            )
        )
    return periods


async def evaluate(
    client: httpx.AsyncClient,
    token: str,
    plan: PerformancePlan,
    behavior: str = "SESUAI_EKSPEKTASI",
    result: str | None = "SESUAI_EKSPEKTASI",
    period: Period | None = None,
    **extra,
) -> dict:
    data = {"planId": str(plan.id), "behaviorRating": behavior, **extra}
    if result is not None:
        data["resultRating"] = result
    if period is not None:
        data["periodId"] = str(period.id)
    body = await gql(client, EVALUATE, {"input": data}, token=token, lang="en")
    return ok(body, "evaluate")


async def finalize(client: httpx.AsyncClient, token: str, evaluation_id: str) -> dict:
    body = await gql(client, FINALIZE, {"id": evaluation_id}, token=token, lang="en")
    return ok(body, "finalizeEvaluation")


async def set_org(client, token, unit, rating, year=YEAR, period=None) -> dict:
    data = {"unitId": str(unit.id), "year": year, "rating": rating}
    if period is not None:
        data["periodId"] = str(period.id)
    return ok(
        await gql(client, SET_ORG, {"input": data}, token=token, lang="en"), "setOrganizationRating"
    )


async def final_evaluation(
    client,
    world,
    who="staff",
    rater="kasubag",
    superior="sekretaris",
    result="SESUAI_EKSPEKTASI",
    behavior="SESUAI_EKSPEKTASI",
):
    """A FINAL periodic evaluation of ``who`` for January (no organisation predikat set)."""
    plan = await approved_plan(world, who, rater, superior)
    periods = await monthly_periods(world)
    draft = await evaluate(client, world.people[rater].token, plan, behavior, result, periods[0])
    done = await finalize(client, world.people[rater].token, draft["id"])
    return plan, done["evaluation"]


# ---------------------------------------------------------------- the matrix


@pytest.mark.parametrize(
    ("result", "behavior", "predikat"),
    [
        ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "SANGAT_BAIK"),
        ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
        ("DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
        ("SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BAIK"),
        ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BAIK"),
        ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "KURANG"),
        ("DI_BAWAH_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "BUTUH_PERBAIKAN"),
        ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI", "BUTUH_PERBAIKAN"),
        ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", "SANGAT_KURANG"),
    ],
)
async def test_predikat_follows_the_matrix(client, world, result, behavior, predikat):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    saved = await evaluate(client, world.kasubag.token, plan, behavior, result, periods[0])
    assert saved["__typename"] == "Evaluation"
    assert (saved["resultRating"], saved["behaviorRating"]) == (result, behavior)
    assert saved["predikat"] == predikat
    assert saved["status"] == "DRAFT"
    assert saved["kind"] == "PERIODIC"


async def test_predikat_cannot_be_typed_in(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    body = await gql(
        client,
        EVALUATE,
        {
            "input": {
                "planId": str(plan.id),
                "behaviorRating": "SESUAI_EKSPEKTASI",
                "resultRating": "SESUAI_EKSPEKTASI",
                "predikat": "SANGAT_BAIK",
            }
        },
        token=world.kasubag.token,
    )
    assert "predikat" in body["errors"][0]["message"]


async def test_saving_again_updates_the_draft(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    first = await evaluate(client, world.kasubag.token, plan, period=periods[0], note="awal")
    second = await evaluate(
        client,
        world.kasubag.token,
        plan,
        "DI_ATAS_EKSPEKTASI",
        "DI_ATAS_EKSPEKTASI",
        periods[0],
        version=first["version"],
    )
    assert second["id"] == first["id"]
    assert second["predikat"] == "SANGAT_BAIK"
    assert second["note"] == "awal"  # omitted note is kept
    assert await Evaluation.all().count() == 1
    stale = await evaluate(client, world.kasubag.token, plan, period=periods[0], version=1)
    assert stale["code"] == "conflict.version"


# ---------------------------------------------------------------- who may rate, and when


async def test_only_the_rater_can_rate_and_nothing_is_written(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    for person in (world.staff, world.staff2, world.sekretaris, world.head, world.central):
        refused = await evaluate(client, person.token, plan, period=periods[0])
        assert refused["__typename"] == "NotAllowed"
        assert refused["code"] == "access.not_rater"
    assert await Evaluation.all().count() == 0


async def test_a_plan_not_yet_approved_cannot_be_evaluated(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    plan.status = PlanStatus.SUBMITTED
    await plan.save()
    periods = await monthly_periods(world)
    refused = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    assert refused["code"] == "evaluation.plan_not_approved"
    assert refused["field"] == "planId"


async def test_evaluation_of_an_upcoming_period_is_refused(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=1)
    refused = await evaluate(client, world.kasubag.token, plan, period=periods[1])
    assert refused["__typename"] == "ValidationError"
    assert refused["code"] == "evaluation.period_not_open"
    assert refused["field"] == "periodId"
    assert "evaluation of a period not yet open" in refused["message"].lower()
    assert f"February {YEAR}" in refused["message"]
    assert await Evaluation.all().count() == 0


async def test_a_period_of_another_agency_is_refused(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    other = await monthly_periods(world, agency="disdik")
    refused = await evaluate(client, world.kasubag.token, plan, period=other[0])
    assert (refused["code"], refused["field"]) == ("evaluation.period_mismatch", "periodId")


async def test_annual_evaluation_waits_for_the_last_period_of_the_year(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=11)
    refused = await evaluate(client, world.kasubag.token, plan)
    assert (refused["code"], refused["field"]) == ("evaluation.year_not_over", "periodId")
    periods[11].status = PeriodStatus.OPEN
    await periods[11].save()
    saved = await evaluate(client, world.kasubag.token, plan)
    assert saved["kind"] == "ANNUAL"
    assert saved["period"] is None


async def test_annual_evaluation_of_a_past_year_needs_no_period(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris", year=YEAR - 1)
    saved = await evaluate(client, world.kasubag.token, plan)
    assert (saved["kind"], saved["year"]) == ("ANNUAL", YEAR - 1)


# ---------------------------------------------------------------- organisation predikat


async def test_head_of_the_parent_unit_sets_the_organisation_rating(client, world):
    periods = await monthly_periods(world)
    umum = world.units["umum"]
    first = await set_org(client, world.sekretaris.token, umum, "BAIK", period=periods[0])
    assert first["rating"] == "BAIK"
    assert first["setBy"]["id"] == world.sekretaris.id
    assert first["period"]["id"] == str(periods[0].id)
    again = await set_org(client, world.sekretaris.token, umum, "ISTIMEWA", period=periods[0])
    assert again["id"] == first["id"]  # one per unit and period: the second call updates
    assert again["rating"] == "ISTIMEWA"
    annual = await set_org(client, world.sekretaris.token, umum, "KURANG")
    assert annual["id"] != first["id"]
    assert annual["period"] is None
    assert await OrganizationRating.all().count() == 2
    actions = await AuditEntry.filter(entity="OrganizationRating").values_list("action", flat=True)
    assert sorted(actions) == sorted(
        ["organization_rating.create"] * 2 + ["organization_rating.update"]
    )


async def test_organisation_rating_set_by_the_wrong_person_is_refused(client, world):
    umum = world.units["umum"]
    for person in (world.kasubag, world.staff, world.head, world.admin):
        refused = await set_org(client, person.token, umum, "BAIK")
        assert refused["__typename"] == "NotAllowed", person
        assert refused["code"] == "access.org_rating"
    assert "one level up" in refused["message"]
    top = await set_org(client, world.head.token, world.units["dinkes"], "BAIK")
    assert (top["__typename"], top["code"]) == ("NotAllowed", "access.org_rating_top")
    assert await OrganizationRating.all().count() == 0
    ok_top = await set_org(client, world.central.token, world.units["dinkes"], "BAIK")
    assert ok_top["rating"] == "BAIK"
    ok_p2p = await set_org(client, world.head.token, world.units["p2p"], "ISTIMEWA")
    assert ok_p2p["rating"] == "ISTIMEWA"


@pytest.mark.parametrize(
    ("org", "result"),
    [
        ("ISTIMEWA", "DI_ATAS_EKSPEKTASI"),
        ("BAIK", "SESUAI_EKSPEKTASI"),
        ("BUTUH_PERBAIKAN", "DI_BAWAH_EKSPEKTASI"),
        ("SANGAT_KURANG", "DI_BAWAH_EKSPEKTASI"),
    ],
)
async def test_unit_head_result_rating_defaults_from_the_organisation_rating(
    client, world, org, result
):
    plan = await approved_plan(world, "kasubag", "sekretaris", "head")
    periods = await monthly_periods(world)
    await set_org(client, world.sekretaris.token, world.units["umum"], org, period=periods[0])
    saved = await evaluate(
        client, world.sekretaris.token, plan, "SESUAI_EKSPEKTASI", None, periods[0]
    )
    assert saved["resultRating"] == result


async def test_unit_head_without_organisation_rating_needs_a_result_rating(client, world):
    plan = await approved_plan(world, "kasubag", "sekretaris", "head")
    periods = await monthly_periods(world)
    refused = await evaluate(client, world.sekretaris.token, plan, result=None, period=periods[0])
    assert (refused["code"], refused["field"]) == (
        "evaluation.no_organization_rating",
        "resultRating",
    )
    assert "Subbagian Umum" in refused["message"]
    given = await evaluate(
        client, world.sekretaris.token, plan, result="DI_ATAS_EKSPEKTASI", period=periods[0]
    )
    assert given["resultRating"] == "DI_ATAS_EKSPEKTASI"


async def test_staff_result_rating_is_required(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    refused = await evaluate(client, world.kasubag.token, plan, result=None, period=periods[0])
    assert (refused["code"], refused["field"]) == (
        "evaluation.result_rating_required",
        "resultRating",
    )


# ---------------------------------------------------------------- finalising


async def test_finalising_freezes_a_snapshot_and_emits_an_event(client, world):
    events = []

    async def listen(event):
        events.append(event)

    client.app.state.bus.subscribe(listen)
    plan, final = await final_evaluation(client, world)
    assert final["status"] == "FINAL"
    assert final["finalizedAt"]
    assert final["creditPoints"] is None  # a pelaksana earns no angka kredit
    snapshot = final["snapshot"]
    assert snapshot["employee"]["nip"] == world.staff.employee.nip
    assert snapshot["position"]["name"] == "Pengadministrasi Perkantoran"
    assert snapshot["unit"]["name"] == "Subbagian Umum dan Kepegawaian"
    assert snapshot["rater"] == {
        "id": world.kasubag.id,
        "name": "Kasubag Test",
        "position": "Kepala Subbagian Umum",
    }
    assert snapshot["period"]["number"] == 1
    assert snapshot["period"]["label"] == f"January {YEAR}"
    assert snapshot["predikat"] == "BAIK"
    assert final["appealDeadline"]
    finalized = [e for e in events if e.name == "evaluation_finalized"]
    assert [e.payload for e in finalized] == [
        {
            "evaluation_id": int(final["id"]),
            "plan_id": plan.id,
            "employee_id": world.staff.employee.id,
            "rater_id": world.kasubag.employee.id,
        }
    ]


async def test_a_final_evaluation_cannot_be_changed(client, world):
    plan, final = await final_evaluation(client, world)
    period = await Period.get(id=int(final["period"]["id"]))
    changed = await evaluate(
        client, world.kasubag.token, plan, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", period
    )
    assert (changed["__typename"], changed["code"]) == ("Conflict", "evaluation.final")
    assert "final" in changed["message"]
    again = await finalize(client, world.kasubag.token, final["id"])
    assert again["code"] == "evaluation.transition"
    row = await Evaluation.get(id=int(final["id"]))
    assert row.predikat == "BAIK"


async def test_only_the_rater_can_finalise(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    refused = await finalize(client, world.sekretaris.token, draft["id"])
    assert refused["__typename"] == "NotAllowed"
    assert (await Evaluation.get(id=int(draft["id"]))).status == "DRAFT"


async def test_kurva_warn_returns_findings_and_still_finalises(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    await set_org(client, world.sekretaris.token, world.units["umum"], "BAIK", period=periods[0])
    draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    done = await finalize(client, world.kasubag.token, draft["id"])
    assert done["evaluation"]["status"] == "FINAL"
    # Organisation BAIK needs at least one Butuh Perbaikan or Kurang; the only one is Baik.
    [finding] = done["kurvaFindings"]
    assert finding["code"] == "kurva.at_least_count"
    assert (finding["actual"], finding["limit"], finding["total"]) == (0, 1, 1)
    # the unit's whole distribution: nobody else has a draft or an unrated approved SKP
    assert (finding["pending"], finding["missing"]) == (0, 0)
    assert finding["predikats"] == ["BUTUH_PERBAIKAN", "KURANG"]
    assert finding["atMost"] is False
    assert finding["message"] == (
        "Unit rated Baik: at least 1 employee(s) must be rated Butuh Perbaikan / Kurang; "
        "currently 0 of 1."
    )
    stored = ok(
        await gql(
            client,
            "query($id: ID!) { evaluation(id: $id) { kurvaFindings { code message } } }",
            {"id": draft["id"]},
            token=world.staff.token,
        ),
        "evaluation",
        "kurvaFindings",
    )
    assert stored[0]["message"].startswith("Unit berpredikat organisasi Baik")


async def test_kurva_counts_the_unit_whole_distribution(client, world):
    """Final and draft evaluations of the unit both count (tests/test_kurva_unit.py has more)."""
    periods = await monthly_periods(world)
    await set_org(client, world.sekretaris.token, world.units["umum"], "BAIK", period=periods[0])
    plan2 = await approved_plan(world, "staff2", "kasubag", "sekretaris")
    first = await evaluate(
        client, world.kasubag.token, plan2, "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", periods[0]
    )
    assert first["predikat"] == "BUTUH_PERBAIKAN"
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    # the Butuh Perbaikan is still a draft, yet the Baik finalised first is within the kurva
    done = await finalize(client, world.kasubag.token, draft["id"])
    assert done["kurvaFindings"] == []  # one Baik, one Butuh Perbaikan: within the kurva
    done = await finalize(client, world.kasubag.token, first["id"])
    assert done["kurvaFindings"] == []


async def test_kurva_block_refuses_and_writes_nothing(settings, world):
    """The unit's only open evaluation, so judged alone; the unit step: test_kurva_unit.py."""
    from kinerja_core.app import create_app

    app = create_app(settings.replace(kurva_mode="BLOCK"), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
        periods = await monthly_periods(world)
        await set_org(
            client, world.sekretaris.token, world.units["umum"], "BAIK", period=periods[0]
        )
        draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
        audits_before = await AuditEntry.all().count()
        refused = await finalize(client, world.kasubag.token, draft["id"])
    assert refused["__typename"] == "ValidationError"
    assert refused["code"] == "evaluation.kurva_breach"
    assert "at least 1 employee(s) must be rated Butuh Perbaikan / Kurang" in refused["message"]
    row = await Evaluation.get(id=int(draft["id"]))
    assert (row.status, row.finalized_at, row.snapshot) == ("DRAFT", None, None)
    assert await AuditEntry.all().count() == audits_before


async def test_angka_kredit_of_ahli_pertama_annual_sangat_baik_is_18_75(client, world):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")
    await monthly_periods(world, open_months=12)
    draft = await evaluate(
        client, world.kabid.token, plan, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"
    )
    done = await finalize(client, world.kabid.token, draft["id"])
    evaluation = done["evaluation"]
    assert (evaluation["kind"], evaluation["predikat"]) == ("ANNUAL", "SANGAT_BAIK")
    assert Decimal(evaluation["creditPoints"]) == Decimal("18.75")
    assert evaluation["snapshot"]["position"]["level"] == "AHLI_PERTAMA"
    assert evaluation["snapshot"]["period"] is None


async def test_angka_kredit_of_a_month_is_a_twelfth(client, world):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")
    periods = await monthly_periods(world)
    draft = await evaluate(client, world.kabid.token, plan, period=periods[0])  # BAIK
    done = await finalize(client, world.kabid.token, draft["id"])
    assert Decimal(done["evaluation"]["creditPoints"]) == Decimal("1.042")  # 12.5 / 12


# ---------------------------------------------------------------- reading

READ = """query($id: ID!) { evaluation(id: $id) { id predikat status } }"""
LIST = """query($planId: ID!) { evaluations(planId: $planId) {
  id kind predikat period { id } rater { name } appeal { id } plan { id } } }"""


async def test_evaluation_is_readable_by_whoever_may_read_the_plan(client, world):
    plan, final = await final_evaluation(client, world)
    for person in (
        world.staff,
        world.kasubag,
        world.sekretaris,
        world.head,
        world.admin,
        world.central,
    ):
        body = await gql(client, READ, {"id": final["id"]}, token=person.token)
        assert ok(body, "evaluation", "predikat") == "BAIK"
    for person in (world.staff2, world.kabid, world.disdik_head):
        body = await gql(client, READ, {"id": final["id"]}, token=person.token, lang="en")
        assert body["errors"][0]["extensions"]["code"] == "access.denied"
        assert body["data"] is None


async def test_evaluations_of_a_plan_come_in_period_order_then_annual(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=12)
    await evaluate(client, world.kasubag.token, plan)  # annual first, listed last
    await evaluate(client, world.kasubag.token, plan, period=periods[2])
    await evaluate(client, world.kasubag.token, plan, period=periods[0])
    rows = ok(
        await gql(client, LIST, {"planId": str(plan.id)}, token=world.staff.token), "evaluations"
    )
    assert [r["period"]["id"] if r["period"] else None for r in rows] == [
        str(periods[0].id),
        str(periods[2].id),
        None,
    ]
    assert rows[-1]["kind"] == "ANNUAL"
    assert {r["rater"]["name"] for r in rows} == {"Kasubag Test"}


async def test_listing_evaluations_costs_the_same_statements_for_more_rows(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=12)
    await evaluate(client, world.kasubag.token, plan, period=periods[0])
    with count_statements() as one:
        ok(
            await gql(client, LIST, {"planId": str(plan.id)}, token=world.staff.token),
            "evaluations",
        )
    for period in periods[1:6]:
        await evaluate(client, world.kasubag.token, plan, period=period)
    with count_statements() as six:
        rows = ok(
            await gql(client, LIST, {"planId": str(plan.id)}, token=world.staff.token),
            "evaluations",
        )
    assert len(rows) == 6
    assert len(six.statements) == len(one.statements)


KURVA = """query($unitId: ID!, $year: Int!, $periodId: ID) {
  kurvaReport(unitId: $unitId, year: $year, periodId: $periodId) {
    year kind total unit { id } period { id } organizationRating { rating }
    counts { predikat count } findings { code message }
  } }"""


async def test_kurva_report_counts_final_predikat_against_the_organisation_rating(client, world):
    periods = await monthly_periods(world)
    umum = world.units["umum"]
    await set_org(client, world.sekretaris.token, umum, "BAIK", period=periods[0])
    _, final = await final_evaluation(client, world, "staff2")  # BAIK, finalised
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    await evaluate(client, world.kasubag.token, plan, period=periods[0])  # draft: not counted
    variables = {"unitId": str(umum.id), "year": YEAR, "periodId": str(periods[0].id)}
    report = ok(
        await gql(client, KURVA, variables, token=world.sekretaris.token, lang="en"), "kurvaReport"
    )
    assert report["kind"] == "PERIODIC"
    assert report["organizationRating"] == {"rating": "BAIK"}
    assert report["total"] == 1
    assert {c["predikat"]: c["count"] for c in report["counts"]} == {
        "SANGAT_BAIK": 0,
        "BAIK": 1,
        "BUTUH_PERBAIKAN": 0,
        "KURANG": 0,
        "SANGAT_KURANG": 0,
    }
    assert [f["code"] for f in report["findings"]] == ["kurva.at_least_count"]
    annual = ok(
        await gql(client, KURVA, {"unitId": str(umum.id), "year": YEAR}, token=world.kasubag.token),
        "kurvaReport",
    )
    assert (annual["kind"], annual["total"], annual["organizationRating"]) == ("ANNUAL", 0, None)


async def test_kurva_report_is_refused_outside_the_unit_line(client, world):
    body = await gql(
        client,
        KURVA,
        {"unitId": str(world.units["umum"].id), "year": YEAR},
        token=world.kabid.token,
        lang="en",
    )
    assert body["errors"][0]["extensions"]["code"] == "access.unit_report"
    body = await gql(
        client,
        KURVA,
        {"unitId": str(world.units["umum"].id), "year": YEAR},
        token=world.staff.token,
        lang="en",
    )
    assert body["errors"][0]["extensions"]["code"] == "access.unit_report"


async def test_plan_lists_its_evaluations_in_period_order_then_annual(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=12)
    annual = await evaluate(client, world.kasubag.token, plan)
    await evaluate(client, world.kasubag.token, plan, period=periods[4])
    await evaluate(client, world.kasubag.token, plan, period=periods[1])
    query = """query($id: ID!) { evaluation(id: $id) { plan { id evaluations {
      kind period { number } } } } }"""
    body = await gql(client, query, {"id": annual["id"]}, token=world.staff.token)
    listed = ok(body, "evaluation", "plan", "evaluations")
    assert [(e["kind"], e["period"] and e["period"]["number"]) for e in listed] == [
        ("PERIODIC", 2),
        ("PERIODIC", 5),
        ("ANNUAL", None),
    ]
