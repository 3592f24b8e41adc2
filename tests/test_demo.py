"""``kinerja demo``: a consistent Pontianak that people can sign into and explore."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from kinerja_core.demo import DEMO_PASSWORD, DemoError, DemoResult, check_size, run_demo
from kinerja_core.domain.enums import (
    AppealStatus,
    EmployeeKind,
    EvaluationStatus,
    PlanStatus,
    Predikat,
)
from kinerja_core.domain.nip import validate_nip
from kinerja_core.domain.predikat import derive_predikat
from kinerja_core.models import (
    Agency,
    Appeal,
    AuditEntry,
    Employee,
    Evaluation,
    OrganizationRating,
    PerformancePlan,
    Position,
    Realization,
    Unit,
    WorkResult,
)
from kinerja_core.settings import Settings
from tests.support import TODAY, gql, ok

SIZE = 90


async def load(settings: Settings, **options) -> tuple[DemoResult, str]:
    out = io.StringIO()
    result = await run_demo(settings, employees=SIZE, seed=7, out=out, log=io.StringIO(), **options)
    return result, out.getvalue()


async def test_demo_builds_a_consistent_city(settings: Settings, db: None) -> None:
    await load(settings)

    assert await Agency.all().count() >= 12
    assert await Employee.all().count() == SIZE
    statuses = set(await PerformancePlan.all().values_list("status", flat=True))
    # a mutasi ends an approved SKP (it stays APPROVED, as services.org leaves it)
    assert statuses == set(PlanStatus) - {PlanStatus.CLOSED}
    for nip, kind in await Employee.all().values_list("nip", "kind"):
        validate_nip(nip, EmployeeKind(kind), today=TODAY)
    assert await Employee.filter(kind=EmployeeKind.PPPK).exists()

    positions = {p.id: p for p in await Position.all()}
    roots = {u.id for u in await Unit.filter(parent_id__isnull=True)}
    for position in positions.values():
        seen = {position.id}
        cursor = position
        while cursor.reports_to_id is not None:
            cursor = positions[cursor.reports_to_id]
            assert cursor.id not in seen, f"reporting cycle through {position.name}"
            seen.add(cursor.id)
        agency_head = position.is_unit_head and position.unit_id in roots
        if not agency_head:
            superior = positions[position.reports_to_id]
            assert superior.agency_id == position.agency_id, position.name

    evaluations = await Evaluation.all()
    assert evaluations and all(e.status == EvaluationStatus.FINAL for e in evaluations)
    for evaluation in evaluations:
        assert evaluation.predikat == derive_predikat(
            evaluation.result_rating, evaluation.behavior_rating
        )
    assert {a.status for a in await Appeal.all()} == {AppealStatus.FILED, AppealStatus.DECIDED}
    assert await AuditEntry.filter(action="demo.load").count() == 1
    # The demo chose ids itself; the database must still hand out fresh ones.
    extra = await Agency.create(code="DINSOS", name="Dinas Sosial")
    assert await Unit.create(agency=extra, code="DINSOS", name="Dinas Sosial")


async def test_demo_stays_inside_the_skp_list_bounds(settings: Settings, db: None) -> None:
    from collections import Counter

    from kinerja_core.domain import limits
    from kinerja_core.models import ActionPlan, Feedback, Indicator

    await load(settings)

    def most(values: list[int]) -> int:
        return max(Counter(values).values(), default=0)

    rhk = most(await WorkResult.all().values_list("plan_id", flat=True))
    iki = most(await Indicator.all().values_list("work_result_id", flat=True))
    aksi = most(await ActionPlan.all().values_list("work_result_id", flat=True))
    feedback = most(
        await Feedback.filter(realization_id__isnull=False).values_list("realization_id", flat=True)
    )
    assert 0 < rhk <= limits.RHK_PER_PLAN
    assert 0 < iki <= limits.IKI_PER_WORK_RESULT
    assert aksi <= limits.ACTION_PLANS_PER_WORK_RESULT
    assert feedback <= limits.FEEDBACK_PER_REALIZATION


async def test_every_staff_rhk_cites_an_rhk_of_its_rater(settings: Settings, db: None) -> None:
    await load(settings)

    results = await WorkResult.filter(kind="UTAMA", plan__form="JA_JF").select_related(
        "plan", "parent__plan"
    )
    cited = [r for r in results if r.parent_id is not None]
    assert len(cited) >= len(results) * 0.95
    for result in cited:
        assert result.parent.plan.employee_id == result.plan.rater_id
        assert result.intervention in ("LANGSUNG", "TIDAK_LANGSUNG")


async def test_a_rule_changed_in_a_service_changes_the_demo(
    settings: Settings, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo builds its rows with the services' own functions (no copy in demo/): change
    what a service derives and the demo's rows change with it."""
    from decimal import Decimal

    from kinerja_core.domain import records
    from kinerja_core.services import appeals as appeal_service
    from kinerja_core.services import evaluation as evaluation_service
    from kinerja_core.services import kurva as kurva_service

    identity = records.plan_identity
    monkeypatch.setattr(
        records, "plan_identity", lambda **facts: {**identity(**facts), "rule": "changed"}
    )
    monkeypatch.setattr(
        records, "manual_provenance", lambda nip: {"source": "core.manual", "by": f"x{nip}"}
    )
    for service in (evaluation_service, appeal_service):
        monkeypatch.setattr(service, "credit_points", lambda *a, **k: Decimal("7.000"))
    monkeypatch.setattr(kurva_service, "findings_as_stored", lambda dist, done: [{"pending": -1}])
    await load(settings)

    approved = await PerformancePlan.filter(approved_at__isnull=False)
    assert approved and all(p.snapshot["rule"] == "changed" for p in approved)
    realizations = await Realization.all().select_related("recorded_by")
    assert realizations
    assert all(r.provenance["by"] == f"x{r.recorded_by.nip}" for r in realizations)
    final = await Evaluation.filter(status=EvaluationStatus.FINAL)
    assert final and {e.credit_points for e in final} == {Decimal("7.000")}
    stored = {str(e.kurva_findings) for e in final}
    assert "[{'pending': -1}]" in stored
    # and each decision is audited as the service audits it, by the person who took it
    approvals = await AuditEntry.filter(action="plan.approve")
    assert len(approvals) == len(approved)
    assert all(a.after["snapshot"]["rule"] == "changed" for a in approvals)
    returned = await PerformancePlan.filter(status=PlanStatus.RETURNED).count()
    assert await AuditEntry.filter(action="plan.return").count() == returned
    ratings = await AuditEntry.filter(action="organization_rating.create").count()
    assert ratings == await OrganizationRating.all().count()


async def test_demo_logins_work_and_show_their_part(client, settings: Settings) -> None:
    result, printed = await load(settings)
    assert DEMO_PASSWORD in printed

    tokens: dict[str, str] = {}
    for entry in result.logins:
        assert entry.nip in printed
        body = await gql(
            client,
            "mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) "
            "{ __typename ... on LoginSuccess { token me { roles } } } }",
            {"nip": entry.nip, "password": result.password},
            lang="en",
        )
        login = ok(body, "login")
        assert login["__typename"] == "LoginSuccess", (entry, login)
        tokens[entry.role] = login["token"]
        roles = set(login["me"]["roles"])
        expected = {
            "central admin": "CENTRAL_ADMIN", "agency head": "AGENCY_HEAD",
            "agency admin": "AGENCY_ADMIN", "supervisor": "SUPERVISOR",
        }  # fmt: skip
        for prefix, role in expected.items():
            if entry.role.startswith(prefix):
                assert role in roles, (entry.role, roles)

    submitted = result.login("employee, SKP SUBMITTED")
    waiting = ok(
        await gql(
            client,
            "{ ratedPlans(status: SUBMITTED) { nodes { employee { nip } } } }",
            token=tokens["supervisor"],
        ),
        "ratedPlans",
        "nodes",
    )
    assert submitted.nip in {plan["employee"]["nip"] for plan in waiting}

    mine = ok(
        await gql(client, "{ myPlans { id status } }", token=tokens["employee, SKP APPROVED"]),
        "myPlans",
    )
    assert [p["status"] for p in mine] == ["APPROVED"]
    realizations = ok(
        await gql(
            client,
            "query($id: ID!) { realizations(planId: $id) { value } }",
            {"id": mine[0]["id"]},
            token=tokens["employee, SKP APPROVED"],
        ),
        "realizations",
    )
    assert realizations

    token = tokens["functional, evaluated"]
    plan_id = ok(await gql(client, "{ myPlans { id } }", token=token), "myPlans")[0]["id"]
    evaluations = ok(
        await gql(
            client,
            "query($id: ID!) { evaluations(planId: $id) { status predikat creditPoints } }",
            {"id": plan_id},
            token=token,
        ),
        "evaluations",
    )
    assert evaluations and all(e["status"] == "FINAL" for e in evaluations)
    assert all(e["predikat"] in set(Predikat) and e["creditPoints"] for e in evaluations)

    # the employee moved mid-year (mutasi): one year, two SKP, months adding up to 12
    moved = result.login("employee, two SKP (mutasi)")
    me = ok(await gql(client, "{ me { employee { id } } }", token=tokens[moved.role]), "me")
    year = ok(
        await gql(
            client,
            "query($id: ID!, $year: Int!) { employeeYear(employeeId: $id, year: $year) {"
            " rule months chosenPlanId plans { planId months periodStart periodEnd } } }",
            {"id": me["employee"]["id"], "year": result.year},
            token=tokens[moved.role],
        ),
        "employeeYear",
    )
    assert len(year["plans"]) == 2 and year["months"] == 12
    assert sum(p["months"] for p in year["plans"]) == 12
    assert year["chosenPlanId"] in {p["planId"] for p in year["plans"]}


async def test_demo_finalises_one_unit_through_the_kurva_unit_step(client, settings) -> None:
    result, printed = await load(settings, today=TODAY)
    [step] = await AuditEntry.filter(action="evaluation.finalize_unit")
    head = result.login("head above a unit")
    assert head.nip in printed and step.actor_nip == head.nip
    ids = step.after["evaluation_ids"]
    assert len(ids) >= 2 and step.after["missing"] == 0
    finalized = await Evaluation.filter(id__in=ids)
    assert {e.status for e in finalized} == {EvaluationStatus.FINAL}
    assert all(e.snapshot and e.kurva_findings == step.after["kurva_findings"] for e in finalized)
    assert await AuditEntry.filter(
        action="evaluation.finalize", entity_id__in=[str(i) for i in ids]
    ).count() == len(ids)
    body = await gql(
        client,
        "mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) "
        "{ ... on LoginSuccess { token } } }",
        {"nip": head.nip, "password": result.password},
    )
    token = ok(body, "login", "token")
    query = """query($unitId: ID!, $year: Int!, $periodId: ID) {
      unitDistribution(unitId: $unitId, year: $year, periodId: $periodId) {
        total finalCount draftCount missingCount findings { code } organizationRating { rating }
      } }"""
    variables = {
        "unitId": step.entity_id,
        "year": step.after["year"],
        "periodId": str(step.after["period_id"]),
    }
    dist = ok(await gql(client, query, variables, token=token), "unitDistribution")
    assert (dist["total"], dist["finalCount"], dist["draftCount"]) == (len(ids), len(ids), 0)
    assert dist["findings"] == []  # the demo picks a unit within its kurva


async def test_demo_refuses_a_second_load_unless_reset(settings: Settings, db: None) -> None:
    first, _ = await load(settings, today=TODAY)

    with pytest.raises(DemoError, match="--reset"):
        await load(settings, today=TODAY)

    again, _ = await load(settings, today=TODAY, reset=True)
    assert [x.nip for x in again.logins] == [x.nip for x in first.logins]  # same seed, same city
    assert await Employee.all().count() == SIZE
    assert await AuditEntry.filter(action="demo.load").count() == 2


async def test_demo_early_in_january_evaluates_the_open_period(
    settings: Settings, db: None
) -> None:
    await load(settings, today=dt.date(TODAY.year, 1, 6))

    statuses = set(await PerformancePlan.all().values_list("status", flat=True))
    assert statuses == set(PlanStatus) - {PlanStatus.CLOSED}
    assert not await Realization.filter(period__status="UPCOMING").exists()
    assert await Evaluation.filter(period__number=1).exists()
    # the year's last period is not open: no annual evaluation yet (services.evaluation)
    assert not await Evaluation.filter(kind="ANNUAL").exists()


async def test_demo_in_december_gives_the_moved_employee_a_yearly_predikat(
    client, settings: Settings
) -> None:
    """Both SKP of the employee moved mid-year get their annual evaluation once the year's
    last period is open; ``employeeYear`` shows the yearly predikat, its SKP and its rule."""
    result, _ = await load(settings, today=dt.date(TODAY.year, 12, 10))
    moved = result.login("employee, two SKP (mutasi)")
    body = await gql(
        client,
        "mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) "
        "{ ... on LoginSuccess { token me { employee { id } } } } }",
        {"nip": moved.nip, "password": result.password},
    )
    token, me = ok(body, "login", "token"), ok(body, "login", "me", "employee")
    year = ok(
        await gql(
            client,
            "query($id: ID!, $year: Int!) { employeeYear(employeeId: $id, year: $year) {"
            " predikat rule months chosenPlanId plans { planId months predikat"
            " annualEvaluation { status snapshot { kind position { name } } } } } }",
            {"id": me["id"], "year": result.year},
            token=token,
        ),
        "employeeYear",
    )
    assert year["rule"] == "MOST_MONTHS" and year["months"] == 12
    assert len(year["plans"]) == 2
    annual = [p["annualEvaluation"] for p in year["plans"]]
    assert all(a["status"] == "FINAL" and a["snapshot"]["kind"] == "ANNUAL" for a in annual)
    assert len({a["snapshot"]["position"]["name"] for a in annual}) <= 2  # frozen per post
    chosen = next(p for p in year["plans"] if p["planId"] == year["chosenPlanId"])
    assert year["predikat"] is not None and year["predikat"] == chosen["predikat"]
    # a tie in months goes to the later SKP; otherwise the one covering more months
    later = max(year["plans"], key=lambda p: (p["months"], p["planId"]))
    assert chosen["planId"] == later["planId"]


def test_demo_refuses_sizes_it_is_not_made_for() -> None:
    with pytest.raises(DemoError, match="between 80 and 100000"):
        check_size(100_001)
    with pytest.raises(DemoError, match="between 80 and 100000"):
        check_size(10)
    check_size(SIZE)


class RecordingPlugins:
    """Stands in for the plugin manager: records the call, one plugin fails."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, int]] = []

    async def run_demo_data(self, ctx, rng) -> list[str]:
        self.calls.append((ctx, await Employee.all().count()))
        return ["kinerja-flaky"]


async def test_plugins_add_their_demo_data_after_the_core(settings: Settings, db: None) -> None:
    plugins = RecordingPlugins()
    log = io.StringIO()

    await run_demo(settings, employees=SIZE, seed=7, out=io.StringIO(), log=log, plugins=plugins)

    assert len(plugins.calls) == 1 and plugins.calls[0][1] == SIZE
    assert "kinerja-flaky" in log.getvalue()
    assert await Employee.all().count() == SIZE  # a failing plugin keeps the core data
