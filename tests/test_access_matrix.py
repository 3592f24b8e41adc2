"""The access matrix: every role against each main query and mutation, over /graphql.

One row per (operation, role). An allowed cell must succeed (the success type of a mutation,
data of a query); a refused cell must answer ``NotAllowed`` (mutations) or a GraphQL error
with ``extensions.code`` (queries), and a refused write must leave the database as it was.
The rules under test are in ``docs/permissions.md`` and ``kinerja_core/auth/access.py``.

State is built per case straight in the database where the flow itself is tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from kinerja_core.domain.enums import PlanStatus
from kinerja_core.models import (
    Appeal,
    AuditEntry,
    Employee,
    Evaluation,
    Feedback,
    PerformancePlan,
    Period,
    PluginActivation,
    Realization,
)
from tests.support import YEAR, World, gql
from tests.test_evaluation import approved_plan, final_evaluation, monthly_periods
from tests.test_evaluation_appeals import file_appeal
from tests.test_monitoring import make_plan

# role -> person key in the world (None: not signed in)
ROLES: dict[str, str | None] = {
    "employee": "staff",
    "peer": "staff2",
    "rater": "kasubag",
    "rater_superior": "sekretaris",
    "other_unit_rater": "kabid",
    "agency_head": "head",
    "agency_admin": "admin",
    "other_agency_admin": "disdik_admin",
    "central_admin": "central",
    "anonymous": None,
}
SIGNED_IN = frozenset(role for role, key in ROLES.items() if key)
# Who may read the employee ``staff`` and their SKP: themselves, everyone above them in the
# reporting line (the agency head is also above), their agency's admin, central admins.
READERS_OF_STAFF = frozenset(
    {"employee", "rater", "rater_superior", "agency_head", "agency_admin", "central_admin"}
)
MANAGERS_OF_DINKES = frozenset({"agency_admin", "central_admin"})

ERR = "... on UserError { code message }"


@pytest.fixture
def plugins():
    # A switchable (not built-in) plugin for the enablePlugin row.
    return {"sample": "tests.plugins_core.sample"}


Setup = Callable[[Any, World], Awaitable[tuple[dict[str, Any], Callable[[], Awaitable[Any]]]]]


@dataclass(frozen=True)
class Op:
    """One operation of the matrix: how to set it up, call it and see what it changed."""

    name: str
    document: str
    root: str
    allowed: frozenset[str]
    setup: Setup
    success: str | None = None  # success __typename of a mutation; None: a query
    check: Callable[[str, Any, World], None] | None = field(default=None)


async def _nothing() -> None:
    return None


# ---------------------------------------------------------------- setups: (variables, state)


async def read_employee(client, world):
    return {"id": world.staff.id}, _nothing


async def read_plan(client, world):
    plan, _, _ = await make_plan(world)
    return {"id": str(plan.id)}, _nothing


async def create_own_plan(client, world):
    return {"input": {"year": YEAR}}, PerformancePlan.all().count


def _plan_state(plan_id: int):
    async def state():
        row = await PerformancePlan.get(id=plan_id)
        return row.status, row.version, row.return_note

    return state


async def submitted_plan(client, world):
    plan, _, _ = await make_plan(world, status=PlanStatus.SUBMITTED)
    return {"input": {"id": str(plan.id)}}, _plan_state(plan.id)


async def submitted_plan_to_return(client, world):
    plan, _, _ = await make_plan(world, status=PlanStatus.SUBMITTED)
    return {"id": str(plan.id), "note": "Perjelas IKI."}, _plan_state(plan.id)


async def open_month(client, world):
    _, _, indicators = await make_plan(world)
    periods = await monthly_periods(world)
    variables = {
        "input": {
            "indicatorId": str(indicators[0].id),
            "periodId": str(periods[0].id),
            "value": "5",
        }
    }
    return variables, Realization.all().count


async def feedback_on_result(client, world):
    plan, work_result, _ = await make_plan(world)
    variables = {
        "input": {
            "planId": str(plan.id),
            "target": "WORK_RESULT",
            "workResultId": str(work_result.id),
            "text": "Perjelas target.",
        }
    }
    return variables, Feedback.all().count


async def plan_to_rate(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    variables = {
        "input": {
            "planId": str(plan.id),
            "periodId": str(periods[0].id),
            "resultRating": "SESUAI_EKSPEKTASI",
            "behaviorRating": "SESUAI_EKSPEKTASI",
        }
    }
    return variables, Evaluation.all().count


async def final_evaluation_of_staff(client, world):
    _, final = await final_evaluation(client, world)
    variables = {"input": {"evaluationId": final["id"], "reason": "Realisasi melampaui target."}}
    return variables, Appeal.all().count


async def filed_appeal(client, world):
    _, final = await final_evaluation(client, world)
    appeal = await file_appeal(client, world.staff.token, final["id"])
    assert appeal["__typename"] == "Appeal", appeal

    async def state():
        row = await Appeal.get(id=int(appeal["id"]))
        evaluation = await Evaluation.get(id=int(final["id"]))
        return row.status, row.decision, row.version, evaluation.predikat

    variables = {
        "input": {
            "appealId": appeal["id"],
            "decision": "CHANGE",
            "note": "Sudah diperiksa.",
            "resultRating": "DI_ATAS_EKSPEKTASI",
        }
    }
    return variables, state


async def new_employee_in_dinkes(client, world):
    nip = "198609262015051001"
    variables = {
        "input": {
            "agencyId": str(world.agencies["dinkes"].id),
            "nip": nip,
            "name": "Pegawai Baru",
            "kind": "PNS",
        }
    }
    return variables, Employee.filter(nip=nip).count


async def rename_staff(client, world):
    async def state():
        row = await Employee.get(id=world.staff.employee.id)
        return row.name, row.version

    return {"input": {"id": world.staff.id, "name": "Nama Diganti"}}, state


async def dinkes_periods(client, world):
    variables = {"agencyId": str(world.agencies["dinkes"].id), "year": YEAR}
    return variables, Period.all().count


async def dinkes(client, world):
    return {"agencyId": str(world.agencies["dinkes"].id)}, _nothing


async def no_variables(client, world):
    return {}, _nothing


async def sample_plugin_for_dinkes(client, world):
    async def state():
        return await PluginActivation.all().values_list("plugin", "enabled")

    return {"name": "sample", "agencyId": str(world.agencies["dinkes"].id)}, state


def staff_in_team_of_those_above(role: str, data: Any, world: World) -> None:
    ids = {edge["node"]["employee"]["id"] for edge in data["edges"]}
    above = role in {"rater", "rater_superior", "agency_head"}
    assert (world.staff.id in ids) is above, (role, ids)
    if role in {"employee", "peer", "agency_admin", "other_agency_admin", "central_admin"}:
        assert ids == set(), (role, ids)


OPS = [
    Op(
        "employee",
        "query($id: ID!) { employee(id: $id) { id nip } }",
        "employee",
        READERS_OF_STAFF,
        read_employee,
    ),
    Op(
        "employeeYear",
        f"query($id: ID!) {{ employeeYear(employeeId: $id, year: {YEAR}) {{ year months }} }}",
        "employeeYear",
        READERS_OF_STAFF,
        read_employee,
    ),
    Op(
        "creditPointHistory",
        "query($id: ID!) { creditPointHistory(employeeId: $id) { year cumulative } }",
        "creditPointHistory",
        READERS_OF_STAFF,
        read_employee,
    ),
    Op(
        "plan",
        "query($id: ID!) { plan(id: $id) { id status } }",
        "plan",
        READERS_OF_STAFF,
        read_plan,
    ),
    Op(
        "createPlan",
        f"""mutation($input: CreatePlanInput!) {{ createPlan(input: $input) {{
         __typename ... on PerformancePlan {{ id }} {ERR} }} }}""",
        "createPlan",
        SIGNED_IN,
        create_own_plan,
        "PerformancePlan",
    ),
    Op(
        "approvePlan",
        f"""mutation($input: ApprovePlanInput!) {{ approvePlan(input: $input) {{
         __typename ... on PerformancePlan {{ id status }} {ERR} }} }}""",
        "approvePlan",
        frozenset({"rater"}),
        submitted_plan,
        "PerformancePlan",
    ),
    Op(
        "returnPlan",
        f"""mutation($id: ID!, $note: String!) {{ returnPlan(id: $id, note: $note) {{
         __typename ... on PerformancePlan {{ id status }} {ERR} }} }}""",
        "returnPlan",
        frozenset({"rater"}),
        submitted_plan_to_return,
        "PerformancePlan",
    ),
    Op(
        "recordRealization",
        f"""mutation($input: RecordRealizationInput!) {{
         recordRealization(input: $input) {{ __typename ... on Realization {{ id }} {ERR} }} }}""",
        "recordRealization",
        frozenset({"employee"}),
        open_month,
        "Realization",
    ),
    Op(
        "giveFeedback",
        f"""mutation($input: GiveFeedbackInput!) {{ giveFeedback(input: $input) {{
         __typename ... on Feedback {{ id }} {ERR} }} }}""",
        "giveFeedback",
        frozenset({"rater"}),
        feedback_on_result,
        "Feedback",
    ),
    Op(
        "evaluate",
        f"""mutation($input: EvaluateInput!) {{ evaluate(input: $input) {{
         __typename ... on Evaluation {{ id }} {ERR} }} }}""",
        "evaluate",
        frozenset({"rater"}),
        plan_to_rate,
        "Evaluation",
    ),
    Op(
        "fileAppeal",
        f"""mutation($input: FileAppealInput!) {{ fileAppeal(input: $input) {{
         __typename ... on Appeal {{ id }} {ERR} }} }}""",
        "fileAppeal",
        frozenset({"employee"}),
        final_evaluation_of_staff,
        "Appeal",
    ),
    Op(
        "decideAppeal",
        f"""mutation($input: DecideAppealInput!) {{ decideAppeal(input: $input) {{
         __typename ... on Appeal {{ id }} {ERR} }} }}""",
        "decideAppeal",
        frozenset({"rater_superior"}),
        filed_appeal,
        "Appeal",
    ),
    Op(
        "createEmployee",
        f"""mutation($input: CreateEmployeeInput!) {{
         createEmployee(input: $input) {{ __typename ... on Employee {{ id }} {ERR} }} }}""",
        "createEmployee",
        MANAGERS_OF_DINKES,
        new_employee_in_dinkes,
        "Employee",
    ),
    Op(
        "updateEmployee",
        f"""mutation($input: UpdateEmployeeInput!) {{
         updateEmployee(input: $input) {{ __typename ... on Employee {{ id }} {ERR} }} }}""",
        "updateEmployee",
        MANAGERS_OF_DINKES,
        rename_staff,
        "Employee",
    ),
    Op(
        "setupPeriods",
        f"""mutation($agencyId: ID!, $year: Int!) {{
         setupPeriods(agencyId: $agencyId, year: $year) {{
           __typename ... on PeriodSetup {{ periods {{ id }} }} {ERR} }} }}""",
        "setupPeriods",
        MANAGERS_OF_DINKES,
        dinkes_periods,
        "PeriodSetup",
    ),
    Op(
        "agencyDashboard",
        """query($agencyId: ID!) { agencyDashboard(agencyId: $agencyId) {
         year } }""",
        "agencyDashboard",
        frozenset({"agency_head", "agency_admin", "central_admin"}),
        dinkes,
    ),
    Op(
        "team",
        "{ team { edges { node { employee { id } } } } }",
        "team",
        SIGNED_IN,
        no_variables,
        check=staff_in_team_of_those_above,
    ),
    Op(
        "auditLog",
        "{ auditLog { edges { node { action } } } }",
        "auditLog",
        frozenset({"central_admin"}),
        no_variables,
    ),
    Op(
        "enablePlugin",
        f"""mutation($name: String!, $agencyId: ID) {{
         enablePlugin(name: $name, agencyId: $agencyId) {{
           __typename ... on PluginActivation {{ name enabled }} {ERR} }} }}""",
        "enablePlugin",
        frozenset({"central_admin"}),
        sample_plugin_for_dinkes,
        "PluginActivation",
    ),
]

DOC = {op.name: op.document for op in OPS}

# Cells where the code's rule is believed wrong: (operation, role) -> reason.
KNOWN_WRONG: dict[tuple[str, str], str] = {}

CELLS = [
    pytest.param(
        op,
        role,
        id=f"{op.name}-{role}-{'allowed' if role in op.allowed else 'refused'}",
        marks=(
            [pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[(op.name, role)])]
            if (op.name, role) in KNOWN_WRONG
            else []
        ),
    )
    for op in OPS
    for role in ROLES
]


@pytest.mark.parametrize(("op", "role"), CELLS)
async def test_access_matrix(client, world, op: Op, role: str):
    variables, state = await op.setup(client, world)
    key = ROLES[role]
    token = world.people[key].token if key else None
    before = await state()

    body = await gql(client, op.document, variables, token=token, lang="en")

    allowed = role in op.allowed
    if op.success is None:  # a query
        if allowed:
            assert not body.get("errors"), body["errors"]
            data = body["data"][op.root]
            assert data is not None
            if op.check:
                op.check(role, data, world)
        else:
            errors = body.get("errors")
            assert errors, body
            extensions = errors[0]["extensions"]
            assert extensions["code"], errors
            assert extensions["kind"] == "NotAllowed", errors
            expected = "auth.required" if key is None else extensions["code"]
            assert extensions["code"] == expected
        return
    assert not body.get("errors"), body["errors"]
    result = body["data"][op.root]
    if allowed:
        assert result["__typename"] == op.success, result
        if op.check:
            op.check(role, result, world)
    else:
        assert result["__typename"] == "NotAllowed", result
        assert result["code"], result
        if key is None:
            assert result["code"] == "auth.required"
        assert await state() == before, "a refused write changed the data"


# ---------------------------------------------------------------- the named "cannot" cases


async def test_peer_cannot_read_a_peers_plan(client, world):
    plan, _, _ = await make_plan(world)
    body = await gql(
        client,
        "query($id: ID!) { plan(id: $id) { id } }",
        {"id": str(plan.id)},
        token=world.staff2.token,
    )
    assert body["errors"][0]["extensions"]["code"] == "access.denied"


async def test_employee_cannot_approve_own_plan(client, world):
    variables, state = await submitted_plan(client, world)
    before = await state()
    body = await gql(client, DOC["approvePlan"], variables, token=world.staff.token)
    assert body["data"]["approvePlan"]["code"] == "access.not_rater"
    assert await state() == before


async def test_rater_of_another_unit_cannot_rate(client, world):
    variables, _ = await plan_to_rate(client, world)
    body = await gql(client, DOC["evaluate"], variables, token=world.kabid.token)
    assert body["data"]["evaluate"]["code"] == "access.not_rater"
    assert await Evaluation.all().count() == 0


async def test_agency_admin_cannot_edit_another_agencys_employee(client, world):
    variables, state = await rename_staff(client, world)
    before = await state()
    body = await gql(client, DOC["updateEmployee"], variables, token=world.disdik_admin.token)
    assert body["data"]["updateEmployee"]["code"] == "access.agency"
    assert await state() == before
    assert not await AuditEntry.filter(action__startswith="employee.").exists()
