"""Keberatan over HTTP: filing within the deadline, the final decision of the rater's superior."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja_core.models import Appeal, AuditEntry, Evaluation
from tests.support import gql, ok
from tests.test_evaluation import (
    approved_plan,
    evaluate,
    final_evaluation,
    finalize,
    monthly_periods,
)

ERROR_FIELDS = """
    ... on UserError { code message }
    ... on ValidationError { field }
    ... on Conflict { field }
"""
APPEAL_FIELDS = """
    id reason status decision decisionNote decidedAt filedAt version
    originalResultRating originalBehaviorRating decidedBy { id }
    evaluation { id predikat resultRating behaviorRating creditPoints snapshot { predikat } }
"""
FILE = f"""mutation($input: FileAppealInput!) {{
  fileAppeal(input: $input) {{ __typename ... on Appeal {{ {APPEAL_FIELDS} }} {ERROR_FIELDS} }}
}}"""
DECIDE = f"""mutation($input: DecideAppealInput!) {{
  decideAppeal(input: $input) {{ __typename ... on Appeal {{ {APPEAL_FIELDS} }} {ERROR_FIELDS} }}
}}"""


async def file_appeal(client, token, evaluation_id, reason="Realisasi saya melampaui target."):
    variables = {"input": {"evaluationId": evaluation_id, "reason": reason}}
    return ok(await gql(client, FILE, variables, token=token, lang="en"), "fileAppeal")


async def decide(client, token, appeal_id, decision, note="Sudah diperiksa.", **ratings):
    variables = {"input": {"appealId": appeal_id, "decision": decision, "note": note, **ratings}}
    return ok(await gql(client, DECIDE, variables, token=token, lang="en"), "decideAppeal")


async def finalized_days_ago(evaluation_id: str, days: int) -> None:
    """Pin the clock the simple way: move the finalisation into the past."""
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    await Evaluation.filter(id=int(evaluation_id)).update(finalized_at=moment)


async def filed_appeal(client, world):
    _, final = await final_evaluation(client, world)
    appeal = await file_appeal(client, world.staff.token, final["id"])
    assert appeal["__typename"] == "Appeal", appeal
    return final, appeal


# ---------------------------------------------------------------- filing


async def test_employee_can_appeal_on_the_14th_day(client, world):
    _, final = await final_evaluation(client, world)
    await finalized_days_ago(final["id"], 14)
    appeal = await file_appeal(client, world.staff.token, final["id"])
    assert appeal["status"] == "FILED"
    assert appeal["decision"] is None
    assert appeal["originalResultRating"] == "SESUAI_EKSPEKTASI"
    assert appeal["evaluation"]["id"] == final["id"]
    body = await gql(
        client,
        "query($id: ID!) { evaluation(id: $id) { appeal { id reason } } }",
        {"id": final["id"]},
        token=world.kasubag.token,
    )
    assert ok(body, "evaluation", "appeal") == {
        "id": appeal["id"],
        "reason": "Realisasi saya melampaui target.",
    }


async def test_appeal_after_14_days_is_refused(client, world):
    _, final = await final_evaluation(client, world)
    await finalized_days_ago(final["id"], 15)
    refused = await file_appeal(client, world.staff.token, final["id"])
    assert refused["__typename"] == "ValidationError"
    assert (refused["code"], refused["field"]) == ("appeal.too_late", "evaluationId")
    assert "within 14 days" in refused["message"]
    assert await Appeal.all().count() == 0


async def test_only_the_evaluated_employee_can_appeal(client, world):
    _, final = await final_evaluation(client, world)
    for person in (world.kasubag, world.staff2, world.sekretaris):
        refused = await file_appeal(client, person.token, final["id"])
        assert refused["__typename"] == "NotAllowed"
    assert await Appeal.all().count() == 0


async def test_a_draft_evaluation_cannot_be_appealed(client, world):
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world)
    draft = await evaluate(client, world.kasubag.token, plan, period=periods[0])
    refused = await file_appeal(client, world.staff.token, draft["id"])
    assert (refused["code"], refused["field"]) == ("appeal.not_final", "evaluationId")


async def test_an_evaluation_can_be_appealed_once(client, world):
    final, _ = await filed_appeal(client, world)
    again = await file_appeal(client, world.staff.token, final["id"], "Sekali lagi.")
    assert (again["__typename"], again["code"]) == ("Conflict", "appeal.exists")
    assert await Appeal.all().count() == 1


async def test_an_appeal_needs_a_reason(client, world):
    _, final = await final_evaluation(client, world)
    refused = await file_appeal(client, world.staff.token, final["id"], "   ")
    assert (refused["code"], refused["field"]) == ("required", "reason")


# ---------------------------------------------------------------- deciding


async def test_decision_by_the_rater_superior_changes_the_predikat(client, world):
    final, appeal = await filed_appeal(client, world)
    decided = await decide(
        client,
        world.sekretaris.token,
        appeal["id"],
        "CHANGE",
        note="Bukti dukung menunjukkan hasil di atas ekspektasi.",
        resultRating="DI_ATAS_EKSPEKTASI",
        behaviorRating="DI_ATAS_EKSPEKTASI",
    )
    assert (decided["status"], decided["decision"]) == ("DECIDED", "CHANGE")
    assert decided["decidedBy"] == {"id": world.sekretaris.id}
    assert decided["decidedAt"]
    assert decided["originalResultRating"] == "SESUAI_EKSPEKTASI"  # history kept on the appeal
    evaluation = decided["evaluation"]
    assert evaluation["predikat"] == "SANGAT_BAIK"
    assert evaluation["resultRating"] == "DI_ATAS_EKSPEKTASI"
    assert evaluation["snapshot"]["predikat"] == "SANGAT_BAIK"
    actions = (
        await AuditEntry.filter(
            entity_id__in=[final["id"], appeal["id"]], entity__in=["Appeal", "Evaluation"]
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert list(actions)[-3:] == ["appeal.file", "appeal.decide", "evaluation.change_by_appeal"]


async def test_change_keeps_the_rating_not_given(client, world):
    _, appeal = await filed_appeal(client, world)
    decided = await decide(
        client, world.sekretaris.token, appeal["id"], "CHANGE", behaviorRating="DI_BAWAH_EKSPEKTASI"
    )
    assert decided["evaluation"]["resultRating"] == "SESUAI_EKSPEKTASI"
    assert decided["evaluation"]["predikat"] == "KURANG"


async def test_change_recomputes_the_angka_kredit(client, world):
    plan = await approved_plan(world, "staff_p2p", "kabid", "head")
    await monthly_periods(world, open_months=12)
    draft = await evaluate(client, world.kabid.token, plan)  # annual BAIK
    final = (await finalize(client, world.kabid.token, draft["id"]))["evaluation"]
    assert Decimal(final["creditPoints"]) == Decimal("12.5")
    appeal = await file_appeal(client, world.staff_p2p.token, final["id"])
    decided = await decide(
        client,
        world.head.token,
        appeal["id"],
        "CHANGE",
        resultRating="DI_ATAS_EKSPEKTASI",
        behaviorRating="DI_ATAS_EKSPEKTASI",
    )
    assert Decimal(decided["evaluation"]["creditPoints"]) == Decimal("18.75")


async def test_keep_leaves_the_ratings(client, world):
    _, appeal = await filed_appeal(client, world)
    decided = await decide(client, world.sekretaris.token, appeal["id"], "KEEP")
    assert (decided["status"], decided["decision"]) == ("DECIDED", "KEEP")
    assert decided["evaluation"]["predikat"] == "BAIK"
    with_ratings = await decide(
        client, world.sekretaris.token, appeal["id"], "KEEP", resultRating="DI_ATAS_EKSPEKTASI"
    )
    assert (with_ratings["code"], with_ratings["field"]) == ("appeal.keep_with_rating", "decision")


async def test_change_without_new_ratings_is_refused(client, world):
    _, appeal = await filed_appeal(client, world)
    refused = await decide(client, world.sekretaris.token, appeal["id"], "CHANGE")
    assert refused["code"] == "appeal.change_needs_rating"
    assert (await Appeal.get(id=int(appeal["id"]))).status == "FILED"


async def test_decision_by_someone_else_is_refused(client, world):
    final, appeal = await filed_appeal(client, world)
    for person in (world.kasubag, world.staff, world.head, world.admin, world.central):
        refused = await decide(
            client, person.token, appeal["id"], "CHANGE", resultRating="DI_ATAS_EKSPEKTASI"
        )
        assert refused["__typename"] == "NotAllowed"
        assert refused["code"] == "access.not_rater_superior"
    row = await Appeal.get(id=int(appeal["id"]))
    assert (row.status, row.decision) == ("FILED", None)
    assert (await Evaluation.get(id=int(final["id"]))).predikat == "BAIK"


async def test_the_decision_is_final(client, world):
    _, appeal = await filed_appeal(client, world)
    await decide(client, world.sekretaris.token, appeal["id"], "KEEP")
    again = await decide(
        client, world.sekretaris.token, appeal["id"], "CHANGE", resultRating="DI_ATAS_EKSPEKTASI"
    )
    assert (again["__typename"], again["code"]) == ("ValidationError", "appeal.transition")
    assert again["message"] == "Cannot decide an appeal whose status is Decided."


async def test_employee_reads_the_decision_on_the_evaluation(client, world):
    final, appeal = await filed_appeal(client, world)
    await decide(client, world.sekretaris.token, appeal["id"], "KEEP", note="Sesuai bukti.")
    query = """query($id: ID!) { evaluation(id: $id) {
      appeal { status decision decisionNote decidedBy { name } } } }"""
    body = await gql(client, query, {"id": final["id"]}, token=world.staff.token)
    assert ok(body, "evaluation", "appeal") == {
        "status": "DECIDED",
        "decision": "KEEP",
        "decisionNote": "Sesuai bukti.",
        "decidedBy": {"name": "Sekretaris Test"},
    }
    denied = await gql(client, query, {"id": final["id"]}, token=world.staff2.token)
    assert denied["errors"][0]["extensions"]["code"] == "access.denied"
