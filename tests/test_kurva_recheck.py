# ruff: noqa: F811 - the BLOCK-mode fixture is imported from test_kurva_unit
"""The kurva after a unit is final: a keberatan decided with CHANGE, over HTTP.

Unit "umum" with organisation predikat BAIK for January (at most 70% Baik, floored; at least
one Butuh Perbaikan or Kurang), finalised through the unit step as Butuh Perbaikan (staff),
Baik (staff2), Baik (kasubag): within the kurva. The staff's appeal is decided by their
atasan pejabat penilai, the sekretaris.
"""

from __future__ import annotations

from kinerja_core.models import Appeal, AuditEntry, Evaluation, OrganizationRating
from tests.support import YEAR, gql, ok
from tests.test_evaluation import (
    SET_ORG,
    approved_plan,
    evaluate,
    finalize,
    monthly_periods,
    set_org,
)
from tests.test_evaluation_appeals import decide, file_appeal
from tests.test_kurva_unit import BP, B, block, finalize_unit, unit_with_drafts  # noqa: F401

SESUAI = "SESUAI_EKSPEKTASI"
DI_ATAS = "DI_ATAS_EKSPEKTASI"


async def final_unit(http, world):
    january, drafts = await unit_with_drafts(http, world, {"staff": BP, "staff2": B, "kasubag": B})
    done = await finalize_unit(http, world, january, world.sekretaris.token)
    assert done["__typename"] == "UnitFinalization", done
    assert done["kurvaFindings"] == []
    return january, drafts


async def stored(drafts) -> dict[str, list[tuple]]:
    found = {}
    for who, draft in sorted(drafts.items()):
        row = await Evaluation.get(id=int(draft["id"]))
        found[who] = [
            (f["code"], f["actual"], f["limit"], f["total"], f["pending"], f["missing"])
            for f in row.kurva_findings
        ]
    return found


async def test_block_an_appeal_change_leaving_the_kurva_is_refused_and_nothing_written(
    block,
    world,
):
    _, drafts = await final_unit(block, world)
    appeal = await file_appeal(block, world.staff.token, drafts["staff"]["id"])
    before = await Evaluation.get(id=int(drafts["staff"]["id"]))
    audits = await AuditEntry.all().count()
    # Butuh Perbaikan -> Baik: 3 of 3 Baik and nobody below, outside the kurva
    refused = await decide(
        block, world.sekretaris.token, appeal["id"], "CHANGE", resultRating=SESUAI
    )
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ValidationError",
        "appeal.kurva_breach",
        "resultRating",
    )
    assert (
        "the final distribution of Subbagian Umum dan Kepegawaian breaks the kurva"
        in refused["message"]
    )
    assert "at most 70% of employees (2 of 3) may be rated Baik; currently 3" in refused["message"]
    assert "Butuh Perbaikan" in refused["message"]  # the second broken rule too
    # nothing written: the appeal open, the evaluation as it was, no audit row
    assert (await Appeal.get(id=int(appeal["id"]))).status == "FILED"
    after = await Evaluation.get(id=int(drafts["staff"]["id"]))
    assert (after.predikat, after.version) == (before.predikat, before.version)
    assert await AuditEntry.all().count() == audits
    # the appeal can still be decided, with a change that keeps the kurva
    body = await decide(
        block, world.sekretaris.token, appeal["id"], "CHANGE", behaviorRating=DI_ATAS
    )
    assert body["__typename"] == "Appeal", body
    assert body["evaluation"]["predikat"] == "BUTUH_PERBAIKAN"


async def test_block_an_appeal_change_within_the_kurva_goes_through(block, world):
    _, drafts = await final_unit(block, world)
    appeal = await file_appeal(block, world.staff2.token, drafts["staff2"]["id"])
    decided = await decide(
        block,
        world.sekretaris.token,
        appeal["id"],
        "CHANGE",
        resultRating=DI_ATAS,
        behaviorRating=DI_ATAS,
    )
    assert decided["__typename"] == "Appeal", decided
    assert decided["evaluation"]["predikat"] == "SANGAT_BAIK"  # BP, SB, B: within the kurva
    assert await stored(drafts) == {"kasubag": [], "staff": [], "staff2": []}
    entry = await AuditEntry.filter(action="evaluation.kurva_recheck").get()
    assert (entry.entity, entry.entity_id) == ("Unit", str(world.units["umum"].id))
    assert (entry.after["cause"], entry.after["cause_id"]) == ("appeal.decide", int(appeal["id"]))


async def test_warn_an_appeal_change_rewrites_the_findings_of_the_final_unit(client, world):
    _, drafts = await final_unit(client, world)
    assert await stored(drafts) == {"kasubag": [], "staff": [], "staff2": []}
    appeal = await file_appeal(client, world.staff.token, drafts["staff"]["id"])
    decided = await decide(
        client, world.sekretaris.token, appeal["id"], "CHANGE", resultRating=SESUAI
    )
    assert decided["__typename"] == "Appeal", decided
    assert decided["evaluation"]["predikat"] == "BAIK"
    # every final evaluation of the unit now describes the distribution B, B, B
    findings = [("kurva.at_most_share", 3, 2, 3, 0, 0), ("kurva.at_least_count", 0, 1, 3, 0, 0)]
    assert await stored(drafts) == {"kasubag": findings, "staff": findings, "staff2": findings}
    entry = await AuditEntry.filter(action="evaluation.kurva_recheck").get()
    assert entry.after["kurva_mode"] == "WARN"
    assert sorted(entry.after["evaluation_ids"]) == sorted(int(d["id"]) for d in drafts.values())
    assert entry.after["counts"]["BAIK"] == 3
    # read back through the API too
    body = await read_findings(client, world, drafts["kasubag"]["id"])
    assert [f["code"] for f in body] == ["kurva.at_most_share", "kurva.at_least_count"]


async def test_an_appeal_kept_rechecks_nothing(
    block,
    world,
):
    _, drafts = await final_unit(block, world)
    appeal = await file_appeal(block, world.staff.token, drafts["staff"]["id"])
    kept = await decide(block, world.sekretaris.token, appeal["id"], "KEEP")
    assert kept["__typename"] == "Appeal"
    assert not await AuditEntry.filter(action="evaluation.kurva_recheck").exists()


async def read_findings(client, world, evaluation_id) -> list[dict]:
    body = await gql(
        client,
        "query($id: ID!) { evaluation(id: $id) { kurvaFindings { code pending missing } } }",
        {"id": evaluation_id},
        token=world.sekretaris.token,
        lang="en",
    )
    return ok(body, "evaluation", "kurvaFindings")


# ---------------------------------------------------------------- the organisation predikat


async def set_org_rating(http, world, period, rating, lang="en") -> dict:
    data = {
        "unitId": str(world.units["umum"].id),
        "year": period.year,
        "periodId": str(period.id),
        "rating": rating,
    }
    body = await gql(http, SET_ORG, {"input": data}, token=world.sekretaris.token, lang=lang)
    return ok(body, "setOrganizationRating")


async def org_rating(world, period) -> str:
    row = await OrganizationRating.get(unit_id=world.units["umum"].id, period_id=period.id)
    return row.rating


async def test_block_an_organisation_predikat_the_final_unit_no_longer_fits_is_refused(
    block, world
):
    january, drafts = await final_unit(block, world)
    # ISTIMEWA: Sangat Baik at most 70% - BP, B, B fits; goes through
    assert (await set_org_rating(block, world, january, "ISTIMEWA"))["__typename"] == (
        "OrganizationRating"
    )
    audits = await AuditEntry.all().count()
    # KURANG: Kurang at least 60% (1 of 3, floored) - nobody is rated Kurang
    refused = await set_org_rating(block, world, january, "KURANG", lang="id")
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ValidationError",
        "organization_rating.kurva_breach",
        "rating",
    )
    assert "sudah final" in refused["message"]
    assert "Kurang" in refused["message"]
    assert "keberatan" in refused["message"]
    assert await org_rating(world, january) == "ISTIMEWA"  # nothing written
    assert await AuditEntry.all().count() == audits


async def test_block_finalising_first_and_setting_the_organisation_predikat_later_is_refused(
    block, world
):
    """No organisation predikat, no kurva: finalising first must not get around BLOCK."""
    periods = await monthly_periods(world)
    january = periods[0]
    drafts = {}
    for who in ("staff", "staff2", "kasubag"):
        rater = "sekretaris" if who == "kasubag" else "kasubag"
        superior = "head" if who == "kasubag" else "sekretaris"
        plan = await approved_plan(world, who, rater, superior)
        drafts[who] = await evaluate(block, world.people[rater].token, plan, B[1], B[0], january)
        done = await finalize(block, world.people[rater].token, drafts[who]["id"])
        assert done["__typename"] == "EvaluationPayload", done  # no kurva applies yet
    refused = await set_org_rating(block, world, january, "BAIK")  # B, B, B: not within BAIK
    assert (refused["code"], refused["field"]) == ("organization_rating.kurva_breach", "rating")
    assert "at most 70% of employees (2 of 3) may be rated Baik; currently 3" in refused["message"]
    assert not await OrganizationRating.filter(unit_id=world.units["umum"].id).exists()


async def test_block_a_unit_with_drafts_open_takes_any_organisation_predikat(block, world):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "staff2": B})
    done = await set_org_rating(block, world, january, "SANGAT_KURANG")
    assert done["__typename"] == "OrganizationRating"  # the unit step will judge it


async def test_warn_a_new_organisation_predikat_rewrites_the_stored_findings(client, world):
    january, drafts = await final_unit(client, world)
    done = await set_org_rating(client, world, january, "KURANG")
    assert done["__typename"] == "OrganizationRating", done
    found = await stored(drafts)
    assert found["staff"] == found["staff2"] == found["kasubag"]
    assert [f[0] for f in found["staff"]] == ["kurva.at_least_share"]  # Kurang 0 of 3
    assert {f[3:] for f in found["staff"]} == {(3, 0, 0)}  # the final, complete distribution
    entry = await AuditEntry.filter(action="evaluation.kurva_recheck").get()
    assert (entry.after["cause"], entry.after["organization_rating"]) == (
        "organization_rating.set",
        "KURANG",
    )
    # and back: BAIK again, the findings are empty again
    await set_org_rating(client, world, january, "BAIK")
    assert await stored(drafts) == {"kasubag": [], "staff": [], "staff2": []}


async def test_block_an_appeal_change_in_a_unit_not_yet_complete_goes_through(block, world):
    """Someone with an approved SKP is not rated yet: the unit is not final, and the last
    finalisation will be judged on the final distribution with the appeal's predikat."""
    _, drafts = await final_unit(block, world)
    await world.person("staff3", "umum", "Arsiparis", reports_to="kasubag")
    await approved_plan(world, "staff3", "kasubag", "sekretaris")  # approved, not rated
    appeal = await file_appeal(block, world.staff.token, drafts["staff"]["id"])
    decided = await decide(
        block, world.sekretaris.token, appeal["id"], "CHANGE", resultRating=SESUAI
    )
    assert decided["__typename"] == "Appeal", decided
    found = await stored(drafts)
    assert {f[0] for f in found["staff"]} == {"kurva.at_most_share", "kurva.at_least_count"}
    assert {f[3:] for f in found["staff"]} == {(3, 0, 1)}  # 3 counted, 1 missing


async def test_block_the_annual_organisation_predikat_is_checked_on_the_annual_evaluations(
    block, world
):
    """The year (no period): the annual evaluations of a past year, all Baik, finalised
    before any organisation predikat; BAIK for the year no longer fits, ISTIMEWA does."""
    year = YEAR - 1
    for who in ("staff", "staff2", "kasubag"):
        rater = "sekretaris" if who == "kasubag" else "kasubag"
        superior = "head" if who == "kasubag" else "sekretaris"
        plan = await approved_plan(world, who, rater, superior, year=year)
        draft = await evaluate(block, world.people[rater].token, plan, B[1], B[0])
        assert (draft["kind"], draft["predikat"]) == ("ANNUAL", "BAIK"), draft
        done = await finalize(block, world.people[rater].token, draft["id"])
        assert done["__typename"] == "EvaluationPayload", done
    umum = world.units["umum"]
    refused = await set_org(block, world.sekretaris.token, umum, "BAIK", year=year)
    assert (refused["code"], refused["field"]) == ("organization_rating.kurva_breach", "rating")
    assert not await OrganizationRating.filter(unit_id=umum.id).exists()
    done = await set_org(block, world.sekretaris.token, umum, "ISTIMEWA", year=year)
    assert (done["__typename"], done["period"]) == ("OrganizationRating", None)
    entry = await AuditEntry.filter(action="evaluation.kurva_recheck").get()
    assert (entry.after["year"], entry.after["period_id"], entry.after["total"]) == (year, None, 3)


async def test_an_appeal_and_a_new_organisation_predikat_at_once_end_consistent(client, world):
    """Both re-check the same unit; the unit's row lock serialises them, so the findings
    stored at the end describe the end state (B, B, B under ISTIMEWA: none), whichever
    went first. Unlocked, the appeal could store the findings of B, B, B under BAIK."""
    import asyncio

    january, drafts = await final_unit(client, world)
    appeal = await file_appeal(client, world.staff.token, drafts["staff"]["id"])
    decided, rated = await asyncio.gather(
        decide(client, world.sekretaris.token, appeal["id"], "CHANGE", resultRating=SESUAI),
        set_org_rating(client, world, january, "ISTIMEWA"),
    )
    assert (decided["__typename"], rated["__typename"]) == ("Appeal", "OrganizationRating")
    assert (await Evaluation.get(id=int(drafts["staff"]["id"]))).predikat == "BAIK"
    assert await org_rating(world, january) == "ISTIMEWA"
    assert await stored(drafts) == {"kasubag": [], "staff": [], "staff2": []}
    assert await AuditEntry.filter(action="evaluation.kurva_recheck").count() == 2
