"""SKP planning over HTTP: drafting, RHK cascade, IKI, submit/return/approve, snapshot, reading.

The helpers at the top are shared with ``test_plans_errors.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kinerja_core.db import count_statements
from kinerja_core.models import AuditEntry, BehaviorExpectation
from tests.support import YEAR, gql, ok

ERR = """... on UserError { message code }
  ... on ValidationError { field } ... on NotFound { field } ... on Conflict { field }"""

PLAN = """id year form approach status periodStart periodEnd returnNote version
  submittedAt approvedAt resourceSupport
  employee { id } rater { id } raterSuperior { id } unit { name } agency { code }"""

CREATE_PLAN = f"""mutation($input: CreatePlanInput!) {{
  createPlan(input: $input) {{ __typename ... on PerformancePlan {{ {PLAN} }} {ERR} }} }}"""

UPDATE_PLAN = f"""mutation($input: UpdatePlanInput!) {{
  updatePlan(input: $input) {{ __typename ... on PerformancePlan {{ {PLAN} }} {ERR} }} }}"""

ADD_RESULT = f"""mutation($input: AddWorkResultInput!) {{
  addWorkResult(input: $input) {{ __typename
    ... on WorkResult {{ id kind description intervention parent {{ id }} }} {ERR} }} }}"""

ADD_INDICATOR = f"""mutation($input: AddIndicatorInput!) {{
  addIndicator(input: $input) {{ __typename
    ... on Indicator {{ id aspect targetValue targetMin targetMax unit narrativeTarget }}
    {ERR} }} }}"""

SUBMIT = f"""mutation($id: ID!) {{
  submitPlan(id: $id) {{ __typename ... on PerformancePlan {{ {PLAN} }} {ERR} }} }}"""

RETURN = f"""mutation($id: ID!, $note: String!) {{
  returnPlan(id: $id, note: $note) {{ __typename ... on PerformancePlan {{ {PLAN} }} {ERR} }} }}"""

APPROVE = f"""mutation($input: ApprovePlanInput!) {{
  approvePlan(input: $input) {{ __typename ... on PerformancePlan {{ {PLAN}
    behaviorExpectations {{ value expectation }} }} {ERR} }} }}"""

SNAPSHOT = """snapshot {
  employee { nip name golongan pangkat position }
  position { name type level } unit { code name } agency { code name }
  rater { nip name position } raterSuperior { nip name } periodStart periodEnd }"""


async def create_plan(client, person, **values: Any) -> dict[str, Any]:
    values.setdefault("year", YEAR)
    body = await gql(client, CREATE_PLAN, {"input": values}, token=person.token, lang="en")
    return ok(body, "createPlan")


async def add_result(
    client,
    person,
    plan_id: str,
    description: str = "Laporan kepegawaian tersusun",
    *,
    lang: str = "en",
    **values: Any,
) -> dict[str, Any]:
    values = {"planId": plan_id, "description": description, **values}
    body = await gql(client, ADD_RESULT, {"input": values}, token=person.token, lang=lang)
    return ok(body, "addWorkResult")


async def add_indicator(
    client, person, work_result_id: str, *, lang: str = "en", **values: Any
) -> dict[str, Any]:
    values = {
        "workResultId": work_result_id,
        "description": "Jumlah laporan yang tersusun",
        "unit": "dokumen",
        **values,
    }
    if not {"targetValue", "targetMin", "targetMax", "narrativeTarget"} & values.keys():
        values["targetValue"] = "12"
    body = await gql(client, ADD_INDICATOR, {"input": values}, token=person.token, lang=lang)
    return ok(body, "addIndicator")


async def mutate(client, person, document: str, name: str, lang: str = "en", **variables):
    body = await gql(client, document, variables, token=person.token, lang=lang)
    return ok(body, name)


async def drafted(client, person, parent_id: str | None = None, **result: Any) -> tuple[str, str]:
    """A draft SKP of ``person`` with one RHK utama (citing ``parent_id``) and one IKI."""
    plan = await create_plan(client, person)
    assert plan["__typename"] == "PerformancePlan", plan
    if parent_id is not None:
        result.setdefault("parentWorkResultId", parent_id)
        result.setdefault("intervention", "LANGSUNG")
    work_result = await add_result(client, person, plan["id"], **result)
    assert work_result["__typename"] == "WorkResult", work_result
    indicator = await add_indicator(client, person, work_result["id"])
    assert indicator["__typename"] == "Indicator", indicator
    return plan["id"], work_result["id"]


async def cascade_to_kasubag(client, world) -> tuple[str, str]:
    """Draft SKPs down the line head (JPT) -> sekretaris -> kasubag; kasubag's plan and RHK."""
    _, head_result = await drafted(client, world.head, description="Cakupan layanan meningkat")
    _, sek_result = await drafted(client, world.sekretaris, head_result)
    return await drafted(client, world.kasubag, sek_result, description="Layanan umum tertib")


async def submitted(client, world) -> tuple[str, str, str]:
    """Staff's SKP citing kasubag's RHK, submitted; (staff plan, staff RHK, kasubag RHK)."""
    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan_id, result_id = await drafted(client, world.staff, kasubag_result)
    done = await mutate(client, world.staff, SUBMIT, "submitPlan", id=plan_id)
    assert done["status"] == "SUBMITTED", done
    return plan_id, result_id, kasubag_result


async def read_plan(client, person, plan_id: str, fields: str = PLAN) -> dict[str, Any]:
    body = await gql(
        client,
        f"query($id: ID!) {{ plan(id: $id) {{ {fields} }} }}",
        {"id": plan_id},
        token=person.token,
        lang="en",
    )
    return body


# --- drafting -------------------------------------------------------------------------------


async def test_staff_drafts_plan_rated_by_the_holder_of_the_superior_position(client, world):
    plan = await create_plan(client, world.staff)

    assert plan["__typename"] == "PerformancePlan"
    assert plan["form"] == "JA_JF"
    assert plan["approach"] == "KUANTITATIF"
    assert plan["status"] == "DRAFT"
    assert plan["periodStart"] == f"{YEAR}-01-01"
    assert plan["periodEnd"] == f"{YEAR}-12-31"
    assert plan["employee"]["id"] == world.staff.id
    assert plan["rater"]["id"] == world.kasubag.id
    assert plan["raterSuperior"]["id"] == world.sekretaris.id
    assert plan["unit"]["name"] == "Subbagian Umum dan Kepegawaian"
    assert plan["agency"]["code"] == "DINKES"


async def test_agency_head_drafts_a_jpt_plan(client, world):
    plan = await create_plan(client, world.head, approach="KUALITATIF")

    assert plan["form"] == "JPT"
    assert plan["approach"] == "KUALITATIF"
    assert plan["rater"] is None


async def test_plan_period_starts_with_an_assignment_that_starts_mid_year(client, world):
    start = dt.date(YEAR, 4, 1)
    await world.person(
        "newcomer", "umum", "Pengadministrasi Umum", reports_to="kasubag", start=start
    )

    plan = await create_plan(client, world.newcomer)

    assert plan["periodStart"] == start.isoformat()
    assert plan["rater"]["id"] == world.kasubag.id


async def test_acting_official_drafts_plan_for_the_plt_position(client, world):
    # The kasubag's superior position gets a Plt: the staff member of another unit.
    admin = world.admin
    assign = """mutation($input: AssignPositionInput!) { assignPosition(input: $input) {
      __typename ... on UserError { message } } }"""
    body = await gql(
        client,
        assign,
        {
            "input": {
                "employeeId": world.staff_p2p.id,
                "positionId": str(world.sekretaris.position.id),
                "startDate": f"{YEAR}-01-01",
                "kind": "PLT",
            }
        },
        token=admin.token,
    )
    assert ok(body, "assignPosition")["__typename"] == "Assignment"

    plan = await create_plan(client, world.staff_p2p, positionId=str(world.sekretaris.position.id))

    assert plan["form"] == "JA_JF"
    assert plan["rater"]["id"] == world.head.id


async def test_editing_the_lampiran_changes_the_draft(client, world):
    plan = await create_plan(client, world.staff)

    updated = await mutate(
        client,
        world.staff,
        UPDATE_PLAN,
        "updatePlan",
        input={
            "id": plan["id"],
            "resourceSupport": "Laptop dan akses SIMPEG",
            "version": plan["version"],
        },
    )

    assert updated["resourceSupport"] == "Laptop dan akses SIMPEG"
    assert updated["version"] == plan["version"] + 1


# --- the workflow ---------------------------------------------------------------------------


async def test_draft_submit_return_edit_submit_approve(client, world):
    events: list[Any] = []

    async def listen(event):
        events.append(event)

    client.app.state.bus.subscribe(listen)
    plan_id, _, _ = await submitted(client, world)

    returned = await mutate(
        client, world.kasubag, RETURN, "returnPlan", id=plan_id, note="Target terlalu rendah."
    )
    assert returned["status"] == "RETURNED"
    assert returned["returnNote"] == "Target terlalu rendah."

    edited = await mutate(
        client,
        world.staff,
        UPDATE_PLAN,
        "updatePlan",
        input={"id": plan_id, "consequences": "Teguran bila target tidak tercapai"},
    )
    assert edited["status"] == "DRAFT"

    resubmitted = await mutate(client, world.staff, SUBMIT, "submitPlan", id=plan_id)
    assert resubmitted["status"] == "SUBMITTED"
    assert resubmitted["submittedAt"] is not None

    approved = await mutate(
        client,
        world.kasubag,
        APPROVE,
        "approvePlan",
        input={
            "id": plan_id,
            "expectations": [
                {"value": "AKUNTABEL", "expectation": "Laporan tepat waktu"},
                {"value": "KOLABORATIF"},
            ],
        },
    )
    assert approved["__typename"] == "PerformancePlan", approved
    assert approved["status"] == "APPROVED"
    assert approved["approvedAt"] is not None
    assert approved["returnNote"] == ""
    expectations = {e["value"]: e["expectation"] for e in approved["behaviorExpectations"]}
    assert len(expectations) == 7
    assert expectations["AKUNTABEL"] == "Laporan tepat waktu"
    assert expectations["KOLABORATIF"] == ""
    assert expectations["BERORIENTASI_PELAYANAN"] == ""

    changes = [
        e.payload["status"]
        for e in events
        if e.name == "plan_status_changed" and e.payload["plan_id"] == int(plan_id)
    ]
    assert changes == ["SUBMITTED", "RETURNED", "DRAFT", "SUBMITTED", "APPROVED"]
    approved_events = [e for e in events if e.name == "plan_approved"]
    assert [e.payload for e in approved_events] == [{"plan_id": int(plan_id)}]
    last = [e for e in events if e.name == "plan_status_changed"][-1]
    assert last.payload["employee_id"] == world.staff.employee.id
    assert last.payload["rater_id"] == world.kasubag.employee.id


async def test_rater_finds_submitted_plans_to_review(client, world):
    plan_id, _, _ = await submitted(client, world)

    body = await gql(
        client,
        "{ ratedPlans(status: SUBMITTED) { totalCount nodes { id employee { id } } } }",
        token=world.kasubag.token,
    )

    page = ok(body, "ratedPlans")
    assert page["totalCount"] == 1
    assert page["nodes"][0] == {"id": plan_id, "employee": {"id": world.staff.id}}


async def test_approved_plan_snapshot_stays_when_name_and_position_change(client, world):
    plan_id, _, _ = await submitted(client, world)
    await mutate(client, world.kasubag, APPROVE, "approvePlan", input={"id": plan_id})
    before = ok(await read_plan(client, world.staff, plan_id, SNAPSHOT), "plan", "snapshot")

    admin = world.admin
    rename = """mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) {
      __typename } }"""
    body = await gql(
        client, rename, {"input": {"id": world.staff.id, "name": "Nama Baru"}}, token=admin.token
    )
    assert ok(body, "updateEmployee")["__typename"] == "Employee"
    move = """mutation($input: UpdatePositionInput!) { updatePosition(input: $input) {
      __typename } }"""
    body = await gql(
        client,
        move,
        {"input": {"id": str(world.staff.position.id), "name": "Jabatan Baru"}},
        token=admin.token,
    )
    assert ok(body, "updatePosition")["__typename"] == "Position"

    after = await read_plan(
        client, world.staff, plan_id, f"{SNAPSHOT} employee {{ name }} position {{ name }}"
    )
    plan = ok(after, "plan")
    assert plan["employee"]["name"] == "Nama Baru"
    assert plan["position"]["name"] == "Jabatan Baru"
    assert plan["snapshot"] == before
    assert before["employee"] == {
        "nip": world.staff.employee.nip,
        "name": "Staff Test",
        "golongan": "III/a",
        "pangkat": "Penata Muda",
        "position": "Pengadministrasi Perkantoran",
    }
    assert before["position"] == {
        "name": "Pengadministrasi Perkantoran",
        "type": "PELAKSANA",
        "level": "",
    }
    assert before["unit"]["name"] == "Subbagian Umum dan Kepegawaian"
    assert before["agency"] == {"code": "DINKES", "name": "Dinas Kesehatan"}
    assert before["rater"] == {
        "nip": world.kasubag.employee.nip,
        "name": "Kasubag Test",
        "position": "Kepala Subbagian Umum",
    }
    assert before["raterSuperior"] == {
        "nip": world.sekretaris.employee.nip,
        "name": "Sekretaris Test",
    }
    assert (before["periodStart"], before["periodEnd"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31")


async def test_plan_has_no_snapshot_before_approval(client, world):
    plan = await create_plan(client, world.staff)

    assert (
        ok(
            await read_plan(client, world.staff, plan["id"], "snapshot { periodEnd }"),
            "plan",
            "snapshot",
        )
        is None
    )


# --- cascade and reading --------------------------------------------------------------------

CASCADE = """workResults { id description
  parent { id description plan { employee { id } } }
  children { id description plan { employee { id } } }
  indicators { description targetValue unit workResult { id } } }"""


async def test_cascade_is_readable_down_from_the_rater_and_cited_rhk_up_from_staff(client, world):
    kasubag_plan, kasubag_result = await cascade_to_kasubag(client, world)
    staff_plan, staff_result = await drafted(
        client, world.staff, kasubag_result, description="Arsip surat tertata"
    )
    _, staff2_result = await drafted(
        client,
        world.staff2,
        kasubag_result,
        description="Data pegawai mutakhir",
        intervention="TIDAK_LANGSUNG",
    )

    down = ok(await read_plan(client, world.kasubag, kasubag_plan, CASCADE), "plan")
    children = down["workResults"][0]["children"]
    assert [c["id"] for c in children] == [staff_result, staff2_result]
    assert children[0]["plan"]["employee"]["id"] == world.staff.id

    up = ok(await read_plan(client, world.staff, staff_plan, CASCADE), "plan")
    result = up["workResults"][0]
    assert result["parent"]["id"] == kasubag_result
    assert result["parent"]["description"] == "Layanan umum tertib"
    # the cited RHK shows its own fields; the rater's SKP stays the rater's (issue 8)
    assert result["parent"]["plan"] is None
    assert result["indicators"] == [
        {
            "description": "Jumlah laporan yang tersusun",
            "targetValue": "12",
            "unit": "dokumen",
            "workResult": {"id": staff_result},
        }
    ]


async def test_staff_sees_only_own_rhk_among_the_parents_children(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    staff_plan, staff_result = await drafted(client, world.staff, kasubag_result)
    await drafted(client, world.staff2, kasubag_result)

    fields = "workResults { parent { children { id } } }"
    up = ok(await read_plan(client, world.staff, staff_plan, fields), "plan")

    assert up["workResults"][0]["parent"]["children"] == [{"id": staff_result}]


async def test_staff_lists_the_raters_rhk_to_cite(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan = await create_plan(client, world.staff)

    body = await gql(
        client,
        "query($id: ID!) { parentWorkResultCandidates(planId: $id) { id description } }",
        {"id": plan["id"]},
        token=world.staff.token,
    )

    assert ok(body, "parentWorkResultCandidates") == [
        {"id": kasubag_result, "description": "Layanan umum tertib"}
    ]


async def test_my_plans_and_employee_plans_list_readable_plans(client, world):
    plan = await create_plan(client, world.staff)

    mine = ok(
        await gql(client, f"{{ myPlans(year: {YEAR}) {{ id }} }}", token=world.staff.token),
        "myPlans",
    )
    assert mine == [{"id": plan["id"]}]
    other_year = ok(
        await gql(client, f"{{ myPlans(year: {YEAR - 1}) {{ id }} }}", token=world.staff.token),
        "myPlans",
    )
    assert other_year == []

    query = "query($id: ID!) { employee(id: $id) { plans { id status } } }"
    body = await gql(client, query, {"id": world.staff.id}, token=world.kasubag.token)
    assert ok(body, "employee", "plans") == [{"id": plan["id"], "status": "DRAFT"}]


async def test_superiors_and_agency_head_read_the_plan(client, world):
    plan = await create_plan(client, world.staff)

    for reader in (world.kasubag, world.sekretaris, world.head, world.admin, world.central):
        body = await read_plan(client, reader, plan["id"], "id")
        assert ok(body, "plan", "id") == plan["id"], reader


async def test_reading_a_plan_costs_the_same_statements_however_many_rows(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan_id, _ = await drafted(client, world.staff, kasubag_result)
    fields = f"{PLAN} behaviorExpectations {{ value }} {CASCADE}"

    async def statements() -> int:
        with count_statements() as log:
            ok(await read_plan(client, world.kasubag, plan_id, fields), "plan")
        return len(log.statements)

    small = await statements()
    for n in range(5):
        extra = await add_result(
            client,
            world.staff,
            plan_id,
            f"RHK {n}",
            parentWorkResultId=kasubag_result,
            intervention="LANGSUNG",
        )
        await add_indicator(client, world.staff, extra["id"])
        await add_indicator(client, world.staff, extra["id"], aspect="WAKTU", unit="bulan")

    assert await statements() == small


async def test_writes_leave_audit_rows(client, world):
    plan_id, _, _ = await submitted(client, world)
    await mutate(client, world.kasubag, APPROVE, "approvePlan", input={"id": plan_id})

    actions = set(await AuditEntry.filter(entity_id__in=[plan_id]).values_list("action", flat=True))
    assert {"plan.create", "plan.submit", "plan.approve"} <= actions
    all_actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"work_result.create", "indicator.create"} <= all_actions
    approve = await AuditEntry.get(action="plan.approve", entity_id=plan_id)
    assert approve.actor_nip == world.kasubag.employee.nip
    assert approve.before["status"] == "SUBMITTED"
    assert approve.after["status"] == "APPROVED"
    assert await BehaviorExpectation.filter(plan_id=int(plan_id)).count() == 7


async def test_jpt_plan_takes_results_without_parent_and_with_perspective(client, world):
    plan = await create_plan(client, world.head)

    result = await add_result(
        client, world.head, plan["id"], "IKM puskesmas meningkat", perspective="PENERIMA_LAYANAN"
    )

    assert result["__typename"] == "WorkResult"
    assert result["parent"] is None


async def test_qualitative_indicator_keeps_the_narrative_target(client, world):
    plan = await create_plan(client, world.head, approach="KUALITATIF")
    result = await add_result(client, world.head, plan["id"])

    indicator = await add_indicator(
        client,
        world.head,
        result["id"],
        unit="",
        narrativeTarget="Seluruh puskesmas terakreditasi paripurna",
    )

    assert indicator["narrativeTarget"] == "Seluruh puskesmas terakreditasi paripurna"
    assert indicator["targetValue"] is None


async def test_indicator_range_target_reads_back_as_entered(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])

    indicator = await add_indicator(
        client, world.head, result["id"], targetMin="80", targetMax="92.5", unit="%"
    )

    assert (indicator["targetMin"], indicator["targetMax"]) == ("80", "92.5")


UPDATE_RESULT = f"""mutation($input: UpdateWorkResultInput!) {{
  updateWorkResult(input: $input) {{ __typename
    ... on WorkResult {{ id kind description intervention parent {{ id }} plan {{ status }} }}
    {ERR} }} }}"""

UPDATE_INDICATOR = f"""mutation($input: UpdateIndicatorInput!) {{
  updateIndicator(input: $input) {{ __typename
    ... on Indicator {{ id targetValue targetMin targetMax unit }} {ERR} }} }}"""


async def test_editing_an_rhk_of_a_returned_plan_moves_it_back_to_draft(client, world):
    plan_id, result_id, _ = await submitted(client, world)
    await mutate(client, world.kasubag, RETURN, "returnPlan", id=plan_id, note="Perjelas RHK.")

    edited = await mutate(
        client,
        world.staff,
        UPDATE_RESULT,
        "updateWorkResult",
        input={
            "id": result_id,
            "description": "Arsip surat masuk dan keluar tertata",
            "intervention": "TIDAK_LANGSUNG",
        },
    )

    assert edited["description"] == "Arsip surat masuk dan keluar tertata"
    assert edited["intervention"] == "TIDAK_LANGSUNG"
    assert edited["plan"]["status"] == "DRAFT"


async def test_returned_plan_may_be_submitted_again_unchanged(client, world):
    plan_id, _, _ = await submitted(client, world)
    await mutate(client, world.kasubag, RETURN, "returnPlan", id=plan_id, note="Cek lagi.")

    again = await mutate(client, world.staff, SUBMIT, "submitPlan", id=plan_id)

    assert again["status"] == "SUBMITTED"


async def test_rhk_becomes_additional_and_drops_its_parent(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    _, result_id = await drafted(client, world.staff, kasubag_result)

    edited = await mutate(
        client,
        world.staff,
        UPDATE_RESULT,
        "updateWorkResult",
        input={"id": result_id, "kind": "TAMBAHAN", "parentWorkResultId": None},
    )

    assert (edited["kind"], edited["parent"], edited["intervention"]) == ("TAMBAHAN", None, None)


async def test_indicator_switches_from_single_target_to_range(client, world):
    plan_id, _ = await drafted(client, world.head)
    fields = "workResults { indicators { id } }"
    plan = ok(await read_plan(client, world.head, plan_id, fields), "plan")
    indicator_id = plan["workResults"][0]["indicators"][0]["id"]

    edited = await mutate(
        client,
        world.head,
        UPDATE_INDICATOR,
        "updateIndicator",
        input={"id": indicator_id, "targetValue": None, "targetMin": "10", "targetMax": "15"},
    )

    assert edited == {
        "__typename": "Indicator",
        "id": indicator_id,
        "targetValue": None,
        "targetMin": "10",
        "targetMax": "15",
        "unit": "dokumen",
    }


async def test_removing_rhk_and_indicator(client, world):
    plan_id, result_id = await drafted(client, world.head)
    extra = await add_result(client, world.head, plan_id, "Dokumen renstra tersusun")
    indicator = await add_indicator(client, world.head, extra["id"])

    removed_indicator = await gql(
        client,
        "mutation($id: ID!) { removeIndicator(id: $id) { __typename "
        "... on WorkResult { id indicators { id } } } }",
        {"id": indicator["id"]},
        token=world.head.token,
    )
    assert ok(removed_indicator, "removeIndicator") == {
        "__typename": "WorkResult",
        "id": extra["id"],
        "indicators": [],
    }

    removed_result = await gql(
        client,
        "mutation($id: ID!) { removeWorkResult(id: $id) { __typename "
        "... on PerformancePlan { workResults { id } } } }",
        {"id": result_id},
        token=world.head.token,
    )
    assert ok(removed_result, "removeWorkResult") == {
        "__typename": "PerformancePlan",
        "workResults": [{"id": extra["id"]}],
    }
    deletes = AuditEntry.filter(action__in=["indicator.delete", "work_result.delete"])
    assert await deletes.count() == 2
