"""SKP detail, one evaluation and an SKP's evaluations as read models (services/plan_reads.py):
a fixed number of statements whatever the SKP's size, the same answers as the general edges
(``Employee.plans``, the reader's loaders over ORM rows), the same access rules."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja_core.db import count_statements
from kinerja_core.domain.enums import (
    AppealStatus,
    BehaviorValue,
    EvaluationKind,
    EvaluationStatus,
    EvidenceKind,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
    PlanForm,
    PlanStatus,
    Predikat,
    Rating,
)
from kinerja_core.models import (
    Appeal,
    BehaviorExpectation,
    Evaluation,
    Evidence,
    Feedback,
    Indicator,
    PerformancePlan,
    Period,
    Realization,
    WorkResult,
)
from tests.support import YEAR, gql, ok

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"
SKP_DETAIL = (OPERATIONS / "skp_detail.graphql").read_text()
EVALUATIONS = (OPERATIONS / "evaluation.graphql").read_text()
# the selection of SkpDetail on a plan, to ask it through the general edges too
PLAN_FIELDS = SKP_DETAIL[SKP_DETAIL.index("plan(id: $id) {") + len("plan(id: $id) {") :]
PLAN_FIELDS = PLAN_FIELDS[: PLAN_FIELDS.rindex("}", 0, PLAN_FIELDS.rindex("}"))]
GENERAL_PLANS = "query Plans($id: ID!) { employee(id: $id) { plans { " + PLAN_FIELDS + " } } }"
# the fragments of evaluation.graphql (those of the queries) under the general edges
GENERAL_EVALUATIONS = EVALUATIONS[
    EVALUATIONS.index("fragment KurvaFindingFields") : EVALUATIONS.index("query Evaluation(")
] + """
query General($id: ID!) { employee(id: $id) { plans { evaluations {
  ...EvaluationFields
  snapshot { ...EvaluationSnapshotFields }
  kurvaFindings { ...KurvaFindingFields }
  plan { id year status }
} } } }
"""
# session, plan with people and org, RHK with cited RHK, citing RHK with SKP and employee,
# IKI, realisasi with periods, evidence, expectations, feedback with authors, evaluations
# with periods and raters, appeals with deciders, and the viewer's scope (once) for citing
# SKPs they are neither named on nor oversee the agency of (main made 21 on the bench's SKP)
SKP_DETAIL_STATEMENTS = 12
EVALUATION_STATEMENTS = 3  # session, evaluation with SKP, period and rater, appeal (main: 8)
PLAN_EVALUATIONS_STATEMENTS = 4  # session, SKP, evaluations with periods and raters, appeals


@pytest.fixture
def settings(settings):
    # the general edges' SkpDetail under Employee.plans (20 SKP) costs more than the default
    # limit (docs/limits.md); these tests compare answers and count statements
    return settings.replace(max_query_cost=10_000_000)


async def periods(world, count: int) -> list[Period]:
    agency_id = world.units["umum"].agency_id
    return [
        await Period.create(
            agency_id=agency_id, year=YEAR, kind=PeriodKind.MONTHLY, number=n,
            start_date=dt.date(YEAR, n, 1), end_date=dt.date(YEAR, n, 28),
            status=PeriodStatus.OPEN,
        )
        for n in range(1, count + 1)
    ]


async def plan_of(world, person, rater, agency: str = "umum") -> PerformancePlan:
    unit = world.units[agency]
    return await PerformancePlan.create(
        employee=person.employee, position=person.position, agency_id=unit.agency_id, unit=unit,
        year=YEAR, form=PlanForm.JA_JF, status=PlanStatus.APPROVED,
        period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
        rater=rater.employee, rater_position=rater.position,
        rater_superior=world.head.employee,
    )


async def fill(world, plan, person, rater, made: list[Period], results: int) -> list[WorkResult]:
    """``results`` RHK of two IKI each, a realisasi per period with a link, feedback, an
    evaluation per period (newest first) and an annual one, an appeal on the first."""
    out = []
    for r in range(results):
        result = await WorkResult.create(plan=plan, description=f"Hasil {r}", order=results - r)
        out.append(result)
        for i in range(2):
            indicator = await Indicator.create(
                work_result=result, description=f"IKI {r}.{i}", target_value=Decimal(10),
                unit="dokumen", order=i,
            )
            for period in reversed(made):
                realization = await Realization.create(
                    indicator=indicator, period=period, value=Decimal(3),
                    recorded_by=person.employee,
                )
                await Evidence.create(
                    realization=realization, kind=EvidenceKind.LINK,
                    url=f"https://arsip.example/{realization.id}", uploaded_by=person.employee,
                )
                await Feedback.create(
                    plan=plan, author=rater.employee, target=FeedbackTarget.REALIZATION,
                    realization=realization, period=period, text="Bagus",
                )
    for value in (BehaviorValue.KOLABORATIF, BehaviorValue.AKUNTABEL):
        await BehaviorExpectation.create(plan=plan, value=value, expectation="Tepat waktu")
    evaluations = []
    for period in reversed(made):
        evaluations.append(
            await Evaluation.create(
                plan=plan, kind=EvaluationKind.PERIODIC, period=period, year=YEAR,
                rater=rater.employee, result_rating=Rating.SESUAI_EKSPEKTASI,
                behavior_rating=Rating.SESUAI_EKSPEKTASI, predikat=Predikat.BAIK,
                status=EvaluationStatus.FINAL, finalized_at=dt.datetime(YEAR, 3, 1, tzinfo=dt.UTC),
                credit_points=Decimal("1.250"),
            )
        )
    await Evaluation.create(
        plan=plan, kind=EvaluationKind.ANNUAL, year=YEAR, rater=rater.employee,
        result_rating=Rating.DI_ATAS_EKSPEKTASI, behavior_rating=Rating.SESUAI_EKSPEKTASI,
        predikat=Predikat.BAIK, status=EvaluationStatus.DRAFT,
    )
    if evaluations:
        await Appeal.create(
            evaluation=evaluations[0], reason="Tidak sesuai", status=AppealStatus.FILED,
            original_result_rating=Rating.SESUAI_EKSPEKTASI,
            original_behavior_rating=Rating.SESUAI_EKSPEKTASI,
        )
    return out


async def cite(world, person, rater, parent: WorkResult, agency: str = "umum") -> None:
    """An SKP of ``person`` whose RHK cites ``parent``."""
    plan = await plan_of(world, person, rater, agency)
    await WorkResult.create(plan=plan, description="Turunan", parent=parent)


def same(mine: object, general: object) -> None:
    """Byte for byte the same JSON (the first difference shown when not)."""
    a, b = json.dumps(mine), json.dumps(general)
    if a != b:
        at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
        mine_at, general_at = a[at - 150 : at + 80], b[at - 150 : at + 80]
        raise AssertionError(f"read model {mine_at!r}\ngeneral {general_at!r}")


async def detail(client, plan, person) -> tuple[int, dict]:
    # once before counting: the viewer's subtree is then kept (auth/subtree.py), as it is
    # between org writes
    await gql(client, SKP_DETAIL, {"id": str(plan.id)}, token=person.token)
    with count_statements() as log:
        answer = await gql(client, SKP_DETAIL, {"id": str(plan.id)}, token=person.token)
    return len(log.statements), ok(answer, "plan")


async def general_plan(client, plan, person) -> dict:
    answer = await gql(client, GENERAL_PLANS, {"id": str(plan.employee_id)}, token=person.token)
    return next(p for p in ok(answer, "employee", "plans") if p["id"] == str(plan.id))


async def test_skp_detail_makes_the_same_statements_for_a_large_skp_as_for_a_small_one(
    client, world
):
    viewer = world.sekretaris  # the rater: reads the SKP, not the other agency's citing one
    made = await periods(world, 3)
    small = await plan_of(world, world.kasubag, viewer)
    (cited,) = await fill(world, small, world.kasubag, viewer, made[:1], 1)
    await cite(world, world.staff, world.kasubag, cited)
    few, answer = await detail(client, small, viewer)
    assert len(answer["workResults"]) == 1 and answer["evaluations"][-1]["kind"] == "ANNUAL"
    assert few == SKP_DETAIL_STATEMENTS
    same(answer, await general_plan(client, small, viewer))

    large = await plan_of(world, world.staff, world.kasubag)
    results = await fill(world, large, world.staff, world.kasubag, made, 3)
    await cite(world, world.staff2, world.kasubag, results[0])
    await cite(world, world.disdik_staff, world.disdik_head, results[0], "disdik")
    many, answer = await detail(client, large, viewer)
    assert many == few
    assert len(answer["workResults"]) == 3
    realizations = answer["workResults"][0]["indicators"][0]["realizations"]
    assert [r["period"]["label"] for r in realizations] == [
        p["period"]["label"] for p in answer["evaluations"][:3]
    ]
    assert all(len(r["evidence"]) == 1 for r in realizations)
    children = next(w for w in answer["workResults"] if w["id"] == str(results[0].id))["children"]
    # the Dinas Pendidikan SKP citing it is not the viewer's to read
    assert [c["plan"]["employee"]["name"] for c in children] == [world.staff2.employee.name]
    filed = {"status": "FILED", "decision": None}  # on the last period's evaluation
    assert [e["appeal"] for e in answer["evaluations"]] == [None, None, filed, None]
    assert [e["kind"] for e in answer["evaluations"]] == ["PERIODIC"] * 3 + ["ANNUAL"]
    # the read model answers what the general edges answer, byte for byte
    same(answer, await general_plan(client, large, viewer))
    # the owner (who does not read staff2's citing SKP), the head, an agency admin and
    # BKPSDM read it as the general edges show it to them
    for person in (world.staff, world.head, world.admin, world.central):
        _, theirs = await detail(client, large, person)
        same(theirs, await general_plan(client, large, person))
    mine = (await detail(client, large, world.staff))[1]["workResults"]
    assert next(w for w in mine if w["id"] == str(results[0].id))["children"] == []


async def test_evaluation_reads_make_fixed_statements_and_answer_as_the_general_edges(
    client, world
):
    plan = await plan_of(world, world.staff, world.kasubag)
    await fill(world, plan, world.staff, world.kasubag, await periods(world, 4), 1)
    viewer = world.head
    general = await gql(
        client, GENERAL_EVALUATIONS, {"id": str(plan.employee_id)}, token=viewer.token
    )
    (general_plan,) = ok(general, "employee", "plans")
    by_id = {e["id"]: e for e in general_plan["evaluations"]}
    assert len(by_id) == 5

    with count_statements() as log:
        answer = await ask(client, "PlanEvaluations", {"planId": str(plan.id)}, viewer)
    assert len(log.statements) == PLAN_EVALUATIONS_STATEMENTS
    fields = set(ok(answer, "evaluations")[0])
    assert json.dumps(ok(answer, "evaluations")) == json.dumps(
        [{k: v for k, v in e.items() if k in fields} for e in general_plan["evaluations"]]
    )
    for evaluation_id, expected in by_id.items():
        with count_statements() as log:
            answer = await ask(client, "Evaluation", {"id": evaluation_id}, viewer)
        assert len(log.statements) == EVALUATION_STATEMENTS
        assert json.dumps(ok(answer, "evaluation")) == json.dumps(expected)


async def ask(client, name: str | None, variables: dict, person) -> dict:
    """One operation of evaluation.graphql (or SkpDetail when ``name`` is None)."""
    body = {"query": SKP_DETAIL if name is None else EVALUATIONS, "variables": variables}
    if name is not None:
        body["operationName"] = name
    response = await client.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {person.token}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_skp_and_evaluations_are_refused_to_whom_may_not_read_them(client, world):
    plan = await plan_of(world, world.staff, world.kasubag)
    await fill(world, plan, world.staff, world.kasubag, await periods(world, 1), 1)
    evaluation = await Evaluation.filter(plan=plan).first()
    for person in (world.staff2, world.disdik_head, world.staff_p2p):
        for name, variables in (
            (None, {"id": str(plan.id)}),
            ("Evaluation", {"id": str(evaluation.id)}),
            ("PlanEvaluations", {"planId": str(plan.id)}),
        ):
            answer = await ask(client, name, variables, person)
            assert answer["data"] is None
            assert answer["errors"][0]["extensions"]["code"] == "access.denied"
    missing = await gql(client, SKP_DETAIL, {"id": "999999"}, token=world.head.token)
    assert missing["errors"][0]["extensions"]["code"] == "not_found"
    assert missing["errors"][0]["extensions"]["field"] == "id"
