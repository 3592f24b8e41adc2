"""SKP planning refusals: each bad input returns its typed error and writes nothing."""

from __future__ import annotations

from kinerja_core.models import AuditEntry, Indicator, PerformancePlan, WorkResult
from tests.support import YEAR, gql, ok
from tests.test_plans import (
    ADD_INDICATOR,
    ADD_RESULT,
    APPROVE,
    CREATE_PLAN,
    RETURN,
    SUBMIT,
    UPDATE_PLAN,
    add_indicator,
    add_result,
    cascade_to_kasubag,
    create_plan,
    drafted,
    mutate,
    read_plan,
    submitted,
)


async def rows() -> tuple[int, int, int, int]:
    """What a failed mutation must leave untouched."""
    return (
        await PerformancePlan.all().count(),
        await WorkResult.all().count(),
        await Indicator.all().count(),
        await AuditEntry.all().count(),
    )


async def test_target_min_above_max_is_refused_on_target_max(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])
    before = await rows()

    error = await add_indicator(
        client, world.head, result["id"], targetMin="90", targetMax="80", unit="%"
    )

    assert error["__typename"] == "ValidationError"
    assert error["code"] == "target.min_above_max"
    assert error["field"] == "targetMax"
    assert error["message"] == (
        "The maximum target (80) cannot be lower than the minimum target (90)."
    )
    assert await rows() == before


async def test_target_min_above_max_message_is_indonesian_by_default(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])

    error = await add_indicator(
        client, world.head, result["id"], lang=None, targetMin="90", targetMax="80", unit="%"
    )

    assert error["message"] == (
        "Target maksimum (80) tidak boleh lebih kecil dari target minimum (90)."
    )


async def test_qualitative_indicator_without_narrative_is_refused(client, world):
    plan = await create_plan(client, world.head, approach="KUALITATIF")
    result = await add_result(client, world.head, plan["id"])
    before = await rows()

    error = await add_indicator(client, world.head, result["id"], narrativeTarget="  ")

    assert (error["code"], error["field"]) == ("target.narrative_required", "narrativeTarget")
    assert await rows() == before


async def test_quantitative_indicator_needs_a_unit(client, world):
    plan = await create_plan(client, world.head)
    result = await add_result(client, world.head, plan["id"])

    error = await add_indicator(client, world.head, result["id"], unit=" ")

    assert (error["code"], error["field"]) == ("plan.unit_required", "unit")


async def test_second_plan_for_the_same_position_and_year_is_a_conflict(client, world):
    await create_plan(client, world.staff)
    before = await rows()

    error = await create_plan(client, world.staff)

    assert error["__typename"] == "Conflict"
    assert (error["code"], error["field"]) == ("plan.duplicate", "positionId")
    assert error["message"] == (
        f"You already have a performance plan (SKP) for {YEAR} in the position "
        "Pengadministrasi Perkantoran."
    )
    assert await rows() == before


async def test_duplicate_message_is_indonesian_by_default(client, world):
    await create_plan(client, world.staff)

    body = await gql(client, CREATE_PLAN, {"input": {"year": YEAR}}, token=world.staff.token)

    assert ok(body, "createPlan")["message"] == (
        f"Anda sudah memiliki SKP tahun {YEAR} untuk jabatan Pengadministrasi Perkantoran."
    )


async def test_plan_for_a_far_year_is_refused(client, world):
    error = await create_plan(client, world.staff, year=YEAR + 5)

    assert (error["code"], error["field"]) == ("plan.year", "year")
    assert await PerformancePlan.all().count() == 0


async def test_plan_for_a_position_not_held_is_refused(client, world):
    error = await create_plan(client, world.staff, positionId=str(world.kasubag.position.id))

    assert (error["code"], error["field"]) == ("plan.position_not_held", "positionId")
    assert await PerformancePlan.all().count() == 0


async def test_employee_cannot_approve_own_plan(client, world):
    plan_id, _, _ = await submitted(client, world)
    before = await rows()

    error = await mutate(client, world.staff, APPROVE, "approvePlan", input={"id": plan_id})

    assert error["__typename"] == "NotAllowed"
    assert error["code"] == "access.not_rater"
    assert await rows() == before
    assert ok(await read_plan(client, world.staff, plan_id, "status"), "plan", "status") == (
        "SUBMITTED"
    )


async def test_rater_of_another_unit_cannot_approve(client, world):
    plan_id, _, _ = await submitted(client, world)
    before = await rows()

    error = await mutate(client, world.kabid, APPROVE, "approvePlan", input={"id": plan_id})

    assert error["__typename"] == "NotAllowed"
    assert await rows() == before


async def test_rater_superior_cannot_approve_in_the_raters_place(client, world):
    plan_id, _, _ = await submitted(client, world)

    error = await mutate(client, world.sekretaris, APPROVE, "approvePlan", input={"id": plan_id})

    assert error["__typename"] == "NotAllowed"


async def test_only_the_rater_returns_and_a_note_is_required(client, world):
    plan_id, _, _ = await submitted(client, world)
    before = await rows()

    by_owner = await mutate(client, world.staff, RETURN, "returnPlan", id=plan_id, note="x")
    no_note = await mutate(client, world.kasubag, RETURN, "returnPlan", id=plan_id, note="  ")

    assert by_owner["__typename"] == "NotAllowed"
    assert (no_note["code"], no_note["field"]) == ("plan.return_note_required", "note")
    assert await rows() == before


async def test_peer_cannot_read_peers_plan(client, world):
    plan = await create_plan(client, world.staff)

    body = await read_plan(client, world.staff2, plan["id"], "id")

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["kind"] == "NotAllowed"
    assert body["errors"][0]["message"] == "You are not allowed to do this."


async def test_peer_does_not_see_peers_plans_through_the_employee(client, world):
    await create_plan(client, world.staff)

    # Another unit's kabid sees no plan of the staff member through any relation.
    query = "query($id: ID!) { plan(id: $id) { rater { plans { id } } } }"
    own = await create_plan(client, world.staff_p2p)
    body = await gql(client, query, {"id": own["id"]}, token=world.staff_p2p.token)

    assert ok(body, "plan", "rater", "plans") == []


async def test_unknown_ids_are_not_found_naming_the_field(client, world):
    plan = await create_plan(client, world.staff)
    before = await rows()

    body = await read_plan(client, world.staff, "999999", "id")
    assert body["errors"][0]["extensions"] == {
        "code": "not_found",
        "kind": "NotFound",
        "field": "id",
    }
    assert body["errors"][0]["message"] == "Performance plan with id 999999 was not found."

    result = await add_result(client, world.staff, "999999")
    assert (result["__typename"], result["field"]) == ("NotFound", "planId")

    parent = await add_result(
        client, world.staff, plan["id"], parentWorkResultId="999999", intervention="LANGSUNG"
    )
    assert (parent["__typename"], parent["field"]) == ("NotFound", "parentWorkResultId")

    indicator = await add_indicator(client, world.staff, "999999")
    assert (indicator["__typename"], indicator["field"]) == ("NotFound", "workResultId")

    position = await create_plan(client, world.staff, positionId="999999")
    assert (position["__typename"], position["field"]) == ("NotFound", "positionId")

    submit = await mutate(client, world.staff, SUBMIT, "submitPlan", id="999999")
    assert (submit["__typename"], submit["field"]) == ("NotFound", "id")

    assert await rows() == before


async def test_submitting_an_empty_plan_names_what_is_missing(client, world):
    plan = await create_plan(client, world.staff)
    await add_result(client, world.staff, plan["id"], kind="TAMBAHAN")
    before = await rows()

    error = await mutate(client, world.staff, SUBMIT, "submitPlan", id=plan["id"])

    assert error["code"] == "plan.no_main_result"
    assert "main work result" in error["message"]
    assert await rows() == before


async def test_plan_without_rater_cannot_be_submitted(client, world):
    plan_id, _ = await drafted(client, world.head)

    error = await mutate(client, world.head, SUBMIT, "submitPlan", id=plan_id)

    assert error["code"] == "plan.no_rater"


async def test_submitting_names_the_rhk_without_indicator(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan_id, _ = await drafted(client, world.staff, kasubag_result)
    await add_result(client, world.staff, plan_id, "Notulen rapat tersusun", kind="TAMBAHAN")
    before = await rows()

    error = await mutate(client, world.staff, SUBMIT, "submitPlan", id=plan_id)

    assert error["code"] == "plan.result_without_indicator"
    assert "'Notulen rapat tersusun'" in error["message"]
    assert await rows() == before


async def test_main_rhk_of_ja_jf_plan_needs_the_raters_rhk(client, world):
    plan = await create_plan(client, world.staff)
    before = await rows()

    error = await add_result(client, world.staff, plan["id"])

    assert error["__typename"] == "ValidationError"
    assert (error["code"], error["field"]) == ("plan.parent_required", "parentWorkResultId")
    assert await rows() == before


async def test_additional_rhk_may_go_without_parent(client, world):
    plan = await create_plan(client, world.staff)

    result = await add_result(client, world.staff, plan["id"], kind="TAMBAHAN")

    assert result["__typename"] == "WorkResult"


async def test_parent_rhk_needs_an_intervention_type(client, world):
    _, kasubag_result = await cascade_to_kasubag(client, world)
    plan = await create_plan(client, world.staff)

    error = await add_result(client, world.staff, plan["id"], parentWorkResultId=kasubag_result)

    assert (error["code"], error["field"]) == ("plan.intervention_required", "intervention")


async def test_parent_rhk_must_belong_to_the_raters_plan(client, world):
    # The kabid of another unit is not the staff member's rater.
    _, kabid_result = await drafted(client, world.kabid, kind="TAMBAHAN")
    plan = await create_plan(client, world.staff)
    before = await rows()

    error = await add_result(
        client, world.staff, plan["id"], parentWorkResultId=kabid_result, intervention="LANGSUNG"
    )

    assert (error["code"], error["field"]) == ("plan.parent_not_rater", "parentWorkResultId")
    assert await rows() == before


async def test_perspective_is_only_for_jpt_plans(client, world):
    plan = await create_plan(client, world.staff)

    error = await add_result(
        client, world.staff, plan["id"], kind="TAMBAHAN", perspective="ANGGARAN"
    )

    assert (error["code"], error["field"]) == ("plan.perspective_jpt_only", "perspective")


async def test_submitted_plan_cannot_be_edited(client, world):
    plan_id, result_id, _ = await submitted(client, world)
    before = await rows()

    update = await mutate(
        client, world.staff, UPDATE_PLAN, "updatePlan", input={"id": plan_id, "consequences": "x"}
    )
    indicator = await add_indicator(client, world.staff, result_id)

    assert update["code"] == "plan.not_editable"
    assert indicator["code"] == "plan.not_editable"
    assert await rows() == before


async def test_only_the_owner_edits_the_plan(client, world):
    plan_id, result_id = await drafted(client, world.head)

    body = await gql(
        client,
        ADD_INDICATOR,
        {
            "input": {
                "workResultId": result_id,
                "description": "x",
                "targetValue": "1",
                "unit": "dokumen",
            }
        },
        token=world.central.token,
    )
    other = await gql(
        client,
        ADD_RESULT,
        {"input": {"planId": plan_id, "description": "x"}},
        token=world.sekretaris.token,
    )

    assert ok(body, "addIndicator")["code"] == "access.not_own"
    assert ok(other, "addWorkResult")["code"] == "access.not_own"


async def test_rhk_cited_by_a_subordinate_cannot_be_removed(client, world):
    kasubag_plan, kasubag_result = await cascade_to_kasubag(client, world)
    await drafted(client, world.staff, kasubag_result)
    before = await rows()

    remove = """mutation($id: ID!) { removeWorkResult(id: $id) {
      __typename ... on Conflict { code field } } }"""
    body = await gql(client, remove, {"id": kasubag_result}, token=world.kasubag.token)

    assert ok(body, "removeWorkResult") == {
        "__typename": "Conflict",
        "code": "plan.work_result_cited",
        "field": "id",
    }
    assert await rows() == before


async def test_stale_version_is_a_conflict(client, world):
    plan = await create_plan(client, world.staff)
    await mutate(
        client,
        world.staff,
        UPDATE_PLAN,
        "updatePlan",
        input={"id": plan["id"], "consequences": "a", "version": plan["version"]},
    )

    stale = await mutate(
        client,
        world.staff,
        UPDATE_PLAN,
        "updatePlan",
        input={"id": plan["id"], "consequences": "b", "version": plan["version"]},
    )

    assert (stale["__typename"], stale["field"]) == ("Conflict", "version")
