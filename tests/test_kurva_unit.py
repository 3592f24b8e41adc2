"""The kurva as a unit-level step over HTTP: review, what-if, finalise the unit at once.

Unit "umum" (Subbagian Umum) with organisation predikat BAIK for January: at most 70% Baik
(floor), at least one Butuh Perbaikan or Kurang. Its head (kasubag) is rated by the
sekretaris, the head one level up, who also set the organisation predikat.
"""

from __future__ import annotations

import httpx
import pytest

from kinerja_core.models import AuditEntry, Evaluation
from tests.support import YEAR, World, gql, ok
from tests.test_evaluation import (
    ERROR_FIELDS,
    approved_plan,
    evaluate,
    finalize,
    monthly_periods,
    set_org,
)

FINDING = "code total pending missing actual limit message"
DISTRIBUTION = f"""
    year kind kurvaMode total finalCount draftCount missingCount
    unit {{ id }} period {{ id }} organizationRating {{ rating }}
    counts {{ predikat count }}
    bounds {{ code predikats atMost percent limit actual total met message }}
    findings {{ {FINDING} }}
    finalizeRefusal {{ code message }}
    entries {{ predikat changed final evaluation {{ id status version }} employee {{ id }} }}
    unrated {{ id employee {{ id }} }}
"""
UNIT_DISTRIBUTION = f"""query($unitId: ID!, $year: Int!, $periodId: ID) {{
  unitDistribution(unitId: $unitId, year: $year, periodId: $periodId) {{ {DISTRIBUTION} }}
}}"""
PREVIEW = f"""query($unitId: ID!, $year: Int!, $periodId: ID, $changes: [PredikatChangeInput!]!) {{
  previewUnitDistribution(unitId: $unitId, year: $year, periodId: $periodId,
                          changes: $changes) {{ {DISTRIBUTION} }}
}}"""
FINALIZE_UNIT = f"""mutation($input: FinalizeUnitEvaluationsInput!) {{
  finalizeUnitEvaluations(input: $input) {{ __typename
    ... on UnitFinalization {{
      evaluations {{ id status snapshot {{ predikat }} kurvaFindings {{ {FINDING} }} }}
      kurvaFindings {{ {FINDING} }}
      distribution {{ total finalCount draftCount findings {{ code }} finalizeRefusal {{ code }} }}
    }}
    {ERROR_FIELDS}
  }}
}}"""

# a unit's distribution read by the head above: session, unit, the unit line, period,
# organisation predikat, SKP, evaluations, who is still in post, the people named
KURVA_STATEMENTS = 9

SB = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")  # (result, behaviour) -> SANGAT_BAIK
B = ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")  # BAIK
BP = ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")  # BUTUH_PERBAIKAN


@pytest.fixture
async def block(settings):
    """A client of an app with the kurva in BLOCK mode."""
    from kinerja_core.app import create_app

    app = create_app(settings.replace(kurva_mode="BLOCK"), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def unit_with_drafts(client, world: World, ratings: dict[str, tuple[str, str]]):
    """Organisation BAIK for January on "umum", and a draft of each person in ``ratings``."""
    periods = await monthly_periods(world)
    january = periods[0]
    await set_org(client, world.sekretaris.token, world.units["umum"], "BAIK", period=january)
    drafts = {}
    for who, (result, behavior) in ratings.items():
        rater = "sekretaris" if who == "kasubag" else "kasubag"
        superior = "head" if who == "kasubag" else "sekretaris"
        plan = await approved_plan(world, who, rater, superior)
        drafts[who] = await evaluate(
            client, world.people[rater].token, plan, behavior, result, january
        )
    return january, drafts


def variables(world: World, period, **extra) -> dict:
    return {"unitId": str(world.units["umum"].id), "year": YEAR, "periodId": str(period.id)}


async def distribution(client, world, period, token, lang="en") -> dict:
    body = await gql(client, UNIT_DISTRIBUTION, variables(world, period), token=token, lang=lang)
    return ok(body, "unitDistribution")


async def finalize_unit(client, world, period, token) -> dict:
    body = await gql(
        client, FINALIZE_UNIT, {"input": variables(world, period)}, token=token, lang="en"
    )
    return ok(body, "finalizeUnitEvaluations")


async def statuses(drafts: dict) -> dict[str, str]:
    return {
        who: (await Evaluation.get(id=int(d["id"]))).status for who, d in sorted(drafts.items())
    }


# ---------------------------------------------------------------- reviewing


async def test_the_head_above_reviews_the_unit_draft_distribution(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": B, "kasubag": B})
    unrated = await approved_plan(world, "admin", "sekretaris", "head")  # another unit: ignored
    assert unrated.unit_id != world.units["umum"].id
    dist = await distribution(client, world, january, world.sekretaris.token)
    assert (dist["kind"], dist["kurvaMode"], dist["organizationRating"]) == (
        "PERIODIC",
        "WARN",
        {"rating": "BAIK"},
    )
    assert (dist["total"], dist["finalCount"], dist["draftCount"], dist["missingCount"]) == (
        3,
        0,
        3,
        0,
    )
    assert {c["predikat"]: c["count"] for c in dist["counts"]}["BAIK"] == 3
    assert [(b["code"], b["limit"], b["actual"], b["met"]) for b in dist["bounds"]] == [
        ("kurva.at_most_share", 2, 3, False),  # 70% of 3 is 2.1, floored
        ("kurva.at_least_count", 1, 0, False),
    ]
    assert dist["bounds"][0]["message"] == (
        "Unit rated Baik: at most 70% of employees (2 of 3) may be rated Baik; currently 3."
    )
    assert [(f["code"], f["total"], f["pending"], f["missing"]) for f in dist["findings"]] == [
        ("kurva.at_most_share", 3, 3, 0),
        ("kurva.at_least_count", 3, 3, 0),
    ]
    assert dist["finalizeRefusal"] is None  # WARN mode refuses nothing
    assert sorted(e["evaluation"]["id"] for e in dist["entries"]) == sorted(
        d["id"] for d in drafts.values()
    )
    assert {e["final"] for e in dist["entries"]} == {False}
    # the unit's own head may review it too
    assert (await distribution(client, world, january, world.kasubag.token))["total"] == 3


async def test_unrated_approved_skp_are_listed_and_counted_apart(client, world):
    january, _ = await unit_with_drafts(client, world, {"staff": B, "kasubag": BP})
    plan = await approved_plan(world, "staff2", "kasubag", "sekretaris")
    dist = await distribution(client, world, january, world.sekretaris.token)
    assert (dist["total"], dist["missingCount"]) == (2, 1)
    assert dist["unrated"] == [{"id": str(plan.id), "employee": {"id": world.staff2.id}}]


@pytest.mark.parametrize("who", ["staff", "kabid", "disdik_admin"])
async def test_the_distribution_is_refused_outside_the_unit_line(client, world, who):
    january, _ = await unit_with_drafts(client, world, {"staff": B})
    body = await gql(
        client,
        UNIT_DISTRIBUTION,
        variables(world, january),
        token=world.people[who].token,
        lang="en",
    )
    assert body["errors"][0]["extensions"]["code"] == "access.unit_report"
    assert body["data"] is None


async def test_a_period_of_another_agency_is_refused_with_the_field(client, world):
    await unit_with_drafts(client, world, {"staff": B})
    other = (await monthly_periods(world, "disdik"))[0]
    body = await gql(
        client, UNIT_DISTRIBUTION, variables(world, other), token=world.sekretaris.token
    )
    error = body["errors"][0]["extensions"]
    assert (error["code"], error["field"]) == ("evaluation.period_mismatch", "periodId")


# ---------------------------------------------------------------- what-if


async def test_preview_counts_changed_predikat_and_writes_nothing(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": B, "kasubag": B})
    audits = await AuditEntry.all().count()
    changes = [{"evaluationId": drafts["staff2"]["id"], "predikat": "BUTUH_PERBAIKAN"}]
    body = await gql(
        client,
        PREVIEW,
        {**variables(world, january), "changes": changes},
        token=world.sekretaris.token,
        lang="en",
    )
    preview = ok(body, "previewUnitDistribution")
    assert preview["findings"] == []  # Baik 2 of 3, one Butuh Perbaikan: within the kurva
    changed = {e["evaluation"]["id"]: (e["predikat"], e["changed"]) for e in preview["entries"]}
    assert changed[drafts["staff2"]["id"]] == ("BUTUH_PERBAIKAN", True)
    assert changed[drafts["staff"]["id"]] == ("BAIK", False)
    # nothing written: the draft keeps its predikat and version, no audit row
    row = await Evaluation.get(id=int(drafts["staff2"]["id"]))
    assert (row.predikat, row.version) == ("BAIK", drafts["staff2"]["version"])
    assert await AuditEntry.all().count() == audits
    assert (
        len((await distribution(client, world, january, world.sekretaris.token))["findings"]) == 2
    )


async def test_preview_refuses_changing_a_final_or_foreign_evaluation(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": BP, "staff2": B})
    other = await approved_plan(world, "staff_p2p", "kabid", "head")
    foreign = await evaluate(client, world.kabid.token, other, period=january)
    await finalize(client, world.kasubag.token, drafts["staff"]["id"])  # WARN: allowed
    for evaluation_id, code in [
        (drafts["staff"]["id"], "kurva.change_final"),
        (foreign["id"], "kurva.change_unknown"),
    ]:
        body = await gql(
            client,
            PREVIEW,
            {
                **variables(world, january),
                "changes": [{"evaluationId": evaluation_id, "predikat": "BAIK"}],
            },
            token=world.sekretaris.token,
            lang="id",
        )
        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, "changes")
        assert "penilaian" in error["message"].lower()


# ---------------------------------------------------------------- BLOCK mode: the unit step


async def test_block_a_valid_distribution_is_reached_whatever_is_finalised_first(block, world):
    """The issue's case: finalising a Baik employee first was refused on a unit of one."""
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "staff2": BP, "kasubag": B})
    refused = await finalize(block, world.kasubag.token, drafts["staff"]["id"])
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ValidationError",
        "evaluation.kurva_unit_step",
        "id",
    )
    assert "finalise the whole unit at once" in refused["message"]
    refused = await finalize(block, world.kasubag.token, drafts["staff2"]["id"])  # BP first
    assert refused["code"] == "evaluation.kurva_unit_step"
    dist = await distribution(block, world, january, world.sekretaris.token)
    assert (dist["findings"], dist["finalizeRefusal"]) == ([], None)

    audits = await AuditEntry.all().count()
    done = await finalize_unit(block, world, january, world.sekretaris.token)
    assert done["__typename"] == "UnitFinalization"
    assert sorted(e["id"] for e in done["evaluations"]) == sorted(d["id"] for d in drafts.values())
    assert {e["status"] for e in done["evaluations"]} == {"FINAL"}
    assert done["kurvaFindings"] == []
    assert done["distribution"] == {
        "total": 3,
        "finalCount": 3,
        "draftCount": 0,
        "findings": [],
        "finalizeRefusal": {"code": "evaluation.unit_nothing_open"},
    }
    assert await statuses(drafts) == {"kasubag": "FINAL", "staff": "FINAL", "staff2": "FINAL"}
    # one audit row per evaluation and one for the unit step
    entries = await AuditEntry.filter(id__gt=0).order_by("-id").limit(4)
    assert sorted(e.action for e in entries) == [
        "evaluation.finalize",
        "evaluation.finalize",
        "evaluation.finalize",
        "evaluation.finalize_unit",
    ]
    assert await AuditEntry.all().count() == audits + 4
    unit_entry = next(e for e in entries if e.action == "evaluation.finalize_unit")
    assert (unit_entry.entity, unit_entry.entity_id) == ("Unit", str(world.units["umum"].id))
    assert unit_entry.actor_nip == world.sekretaris.employee.nip


async def test_block_an_invalid_final_distribution_is_refused_and_nothing_written(block, world):
    """The issue's second case, the other way: BP, B, B, B is outside the kurva (3 of 4 Baik),
    so it must never become final, in whatever order."""
    await world.person("staff3", "umum", "Arsiparis", reports_to="kasubag")
    january, drafts = await unit_with_drafts(
        block, world, {"staff": BP, "staff2": B, "staff3": B, "kasubag": B}
    )
    dist = await distribution(block, world, january, world.sekretaris.token)
    assert dist["finalizeRefusal"]["code"] == "evaluation.kurva_breach"
    audits = await AuditEntry.all().count()
    refused = await finalize_unit(block, world, january, world.sekretaris.token)
    assert (refused["__typename"], refused["code"], refused["field"]) == (
        "ValidationError",
        "evaluation.kurva_breach",
        "unitId",
    )
    assert "at most 70% of employees (2 of 4) may be rated Baik; currently 3" in refused["message"]
    assert set((await statuses(drafts)).values()) == {"DRAFT"}
    assert await AuditEntry.all().count() == audits
    # re-rating one Baik to Butuh Perbaikan makes it valid; then the unit step goes through
    plan = await Evaluation.get(id=int(drafts["staff3"]["id"]))
    await evaluate(
        block,
        world.kasubag.token,
        await plan.plan,
        BP[1],
        BP[0],
        january,
        version=drafts["staff3"]["version"],
    )
    done = await finalize_unit(block, world, january, world.sekretaris.token)
    assert done["__typename"] == "UnitFinalization"
    assert len(done["evaluations"]) == 4


async def test_block_an_incomplete_unit_is_refused_naming_who_is_not_rated(block, world):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "kasubag": BP})
    await approved_plan(world, "staff2", "kasubag", "sekretaris")  # approved, not rated
    refused = await finalize_unit(block, world, january, world.sekretaris.token)
    assert (refused["code"], refused["field"]) == ("evaluation.kurva_unit_incomplete", "unitId")
    assert world.staff2.employee.name in refused["message"]
    assert set((await statuses(drafts)).values()) == {"DRAFT"}


async def test_block_the_last_open_evaluation_is_judged_on_the_final_distribution(block, world):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "kasubag": BP})
    done = await finalize_unit(block, world, january, world.sekretaris.token)
    assert done["__typename"] == "UnitFinalization"
    # a late SKP: the only open evaluation, finalised alone against the whole unit
    late = await approved_plan(world, "staff2", "kasubag", "sekretaris")
    draft = await evaluate(block, world.kasubag.token, late, B[1], B[0], january)
    refused = await finalize(block, world.kasubag.token, draft["id"])  # Baik 2 of 3: fine
    assert refused["__typename"] == "EvaluationPayload"
    assert refused["kurvaFindings"] == []


async def test_block_the_last_open_evaluation_outside_the_kurva_is_refused(block, world):
    await world.person("staff3", "umum", "Arsiparis", reports_to="kasubag")
    january, _ = await unit_with_drafts(block, world, {"staff": B, "staff2": BP, "kasubag": B})
    await finalize_unit(block, world, january, world.sekretaris.token)  # Baik 2 of 3: fine
    late = await approved_plan(world, "staff3", "kasubag", "sekretaris")
    draft = await evaluate(block, world.kasubag.token, late, B[1], B[0], january)
    refused = await finalize(block, world.kasubag.token, draft["id"])  # Baik 3 of 4: not
    assert (refused["__typename"], refused["code"]) == (
        "ValidationError",
        "evaluation.kurva_breach",
    )
    assert "(2 of 4)" in refused["message"]
    assert (await Evaluation.get(id=int(draft["id"]))).status == "DRAFT"


# ---------------------------------------------------------------- access and bad input


async def test_a_unit_head_cannot_finalise_a_unit_holding_their_own_draft(block, world):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "kasubag": BP})
    refused = await finalize_unit(block, world, january, world.kasubag.token)
    assert (refused["__typename"], refused["code"]) == ("NotAllowed", "access.unit_own_evaluation")
    assert set((await statuses(drafts)).values()) == {"DRAFT"}


@pytest.mark.parametrize("who", ["staff", "kabid", "disdik_head"])
async def test_finalising_a_unit_outside_the_line_is_refused(block, world, who):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "kasubag": BP})
    refused = await finalize_unit(block, world, january, world.people[who].token)
    assert (refused["__typename"], refused["code"]) == ("NotAllowed", "access.unit_report")
    assert set((await statuses(drafts)).values()) == {"DRAFT"}


@pytest.mark.parametrize("who", ["admin", "central", "head"])
async def test_the_agency_admin_bkpsdm_and_the_agency_head_may_finalise_a_unit(block, world, who):
    january, drafts = await unit_with_drafts(block, world, {"staff": B, "kasubag": BP})
    done = await finalize_unit(block, world, january, world.people[who].token)
    assert done["__typename"] == "UnitFinalization"


async def test_a_unit_with_nothing_open_is_refused_with_the_field(client, world):
    january, _ = await unit_with_drafts(client, world, {})
    refused = await finalize_unit(client, world, january, world.sekretaris.token)
    assert (refused["code"], refused["field"]) == ("evaluation.unit_nothing_open", "unitId")
    body = await gql(
        client,
        FINALIZE_UNIT,
        {"input": {"unitId": "x", "year": YEAR}},
        token=world.sekretaris.token,
        lang="en",
    )
    error = ok(body, "finalizeUnitEvaluations")
    assert (error["__typename"], error["field"]) == ("ValidationError", "unitId")


# ---------------------------------------------------------------- WARN mode


async def test_warn_the_unit_step_stores_findings_of_the_final_distribution(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": B, "kasubag": B})
    done = await finalize_unit(client, world, january, world.sekretaris.token)
    assert done["__typename"] == "UnitFinalization"  # WARN: finalised despite the breach
    expected = [
        ("kurva.at_most_share", 3, 0, 0),
        ("kurva.at_least_count", 3, 0, 0),
    ]
    for evaluation in done["evaluations"]:
        found = [
            (f["code"], f["total"], f["pending"], f["missing"]) for f in evaluation["kurvaFindings"]
        ]
        assert found == expected
    assert [(f["code"], f["total"]) for f in done["kurvaFindings"]] == [e[:2] for e in expected]


async def test_warn_a_single_finalisation_says_how_much_of_the_unit_is_still_draft(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": BP})
    done = await finalize(client, world.kasubag.token, drafts["staff"]["id"])
    # measured on the whole unit (2 employees, the other still a draft), not on a unit of one:
    # one Baik and one Butuh Perbaikan is within the kurva, where "1 of 1 Baik" was not
    assert done["kurvaFindings"] == []


async def test_warn_stored_findings_say_which_distribution_they_describe(client, world):
    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": B, "kasubag": B})
    await approved_plan(world, "admin", "sekretaris", "head")  # another unit: not missing
    done = await finalize(client, world.kasubag.token, drafts["staff"]["id"])
    assert [(f["code"], f["total"]) for f in done["kurvaFindings"]] == [
        ("kurva.at_most_share", 3),
        ("kurva.at_least_count", 3),
    ]
    body = await gql(
        client,
        f"query($id: ID!) {{ evaluation(id: $id) {{ kurvaFindings {{ {FINDING} }} }} }}",
        {"id": drafts["staff"]["id"]},
        token=world.staff.token,
        lang="en",
    )
    stored = ok(body, "evaluation", "kurvaFindings")
    # of the 3 counted, 2 were still drafts when this one was finalised
    assert [(f["total"], f["pending"], f["missing"]) for f in stored] == [(3, 2, 0), (3, 2, 0)]


async def test_the_distribution_costs_the_same_statements_for_a_bigger_unit(client, world):
    from kinerja_core.db import count_statements

    january, _ = await unit_with_drafts(client, world, {"staff": B})
    await approved_plan(world, "staff2", "kasubag", "sekretaris")  # one unrated, in both
    with count_statements() as small:
        await distribution(client, world, january, world.sekretaris.token)
    for n in range(4):
        await world.person(f"extra{n}", "umum", "Pengadministrasi", reports_to="kasubag")
        plan = await approved_plan(world, f"extra{n}", "kasubag", "sekretaris")
        await evaluate(client, world.kasubag.token, plan, BP[1], BP[0], january)
    with count_statements() as bigger:
        dist = await distribution(client, world, january, world.sekretaris.token)
    assert (dist["total"], dist["missingCount"]) == (5, 1)
    # the unit's SKP, their evaluations and the people named are read once each, as plain
    # rows, before the fields run (branch personreads): the same statements for any size
    assert len(bigger.statements) == len(small.statements), bigger.statements
    assert len(bigger.statements) <= KURVA_STATEMENTS, bigger.statements


@pytest.mark.parametrize(
    ("unit_id", "year", "period_id", "field", "kind"),
    [
        ("abc", YEAR, None, "unitId", "ValidationError"),
        ("0", YEAR, None, "unitId", "ValidationError"),
        ("99999999999", YEAR, None, "unitId", "ValidationError"),
        ("umum", YEAR, "-1", "periodId", "ValidationError"),
        ("umum", YEAR, "999999", "periodId", "NotFound"),
        ("umum", 2**31 - 1, "jan", "periodId", "ValidationError"),  # a period of another year
    ],
)
async def test_bad_ids_answer_a_typed_error_naming_the_field(
    client, world, unit_id, year, period_id, field, kind
):
    january, drafts = await unit_with_drafts(client, world, {"staff": B})
    unit = str(world.units["umum"].id) if unit_id == "umum" else unit_id
    period = str(january.id) if period_id == "jan" else period_id
    data = {"unitId": unit, "year": year, "periodId": period}
    body = await gql(client, UNIT_DISTRIBUTION, data, token=world.central.token, lang="en")
    error = body["errors"][0]["extensions"]
    assert (error["field"], error["kind"]) == (field, kind)
    changes = [{"evaluationId": "x", "predikat": "BAIK"}]
    body = await gql(client, PREVIEW, {**data, "changes": changes}, token=world.central.token)
    assert body["errors"][0]["extensions"]["field"] == field  # the unit and period first
    body = await gql(client, FINALIZE_UNIT, {"input": data}, token=world.central.token)
    done = ok(body, "finalizeUnitEvaluations")
    assert done["__typename"] == kind and done["code"] == error["code"]
    assert (await Evaluation.get(id=int(drafts["staff"]["id"]))).status == "DRAFT"


async def test_a_bad_evaluation_id_in_changes_names_the_field(client, world):
    january, _ = await unit_with_drafts(client, world, {"staff": B})
    changes = [{"evaluationId": "x", "predikat": "BAIK"}]
    body = await gql(
        client,
        PREVIEW,
        {**variables(world, january), "changes": changes},
        token=world.sekretaris.token,
        lang="en",
    )
    error = body["errors"][0]["extensions"]
    assert (error["field"], error["kind"]) == ("changes", "ValidationError")


# ---------------------------------------------------------------- at the same time


async def test_two_unit_steps_at_once_finalise_each_evaluation_exactly_once(block, world):
    import asyncio

    january, drafts = await unit_with_drafts(block, world, {"staff": B, "staff2": BP, "kasubag": B})
    first, second = await asyncio.gather(
        finalize_unit(block, world, january, world.sekretaris.token),
        finalize_unit(block, world, january, world.admin.token),
    )
    kinds = sorted([first["__typename"], second["__typename"]])
    assert kinds == ["UnitFinalization", "ValidationError"], (first, second)
    loser = first if first["__typename"] == "ValidationError" else second
    assert loser["code"] == "evaluation.unit_nothing_open"
    ids = [d["id"] for d in drafts.values()]
    audits = await AuditEntry.filter(action="evaluation.finalize", entity_id__in=ids).count()
    assert audits == 3
    assert await AuditEntry.filter(action="evaluation.finalize_unit").count() == 1


async def test_a_single_and_a_unit_finalisation_at_once_finalise_each_once(client, world):
    import asyncio

    january, drafts = await unit_with_drafts(client, world, {"staff": B, "staff2": BP})
    single, unit = await asyncio.gather(
        finalize(client, world.kasubag.token, drafts["staff"]["id"]),
        finalize_unit(client, world, january, world.sekretaris.token),
    )
    assert unit["__typename"] == "UnitFinalization", unit
    # the single one either went first (the unit step then finalised the other) or lost
    assert single["__typename"] in ("EvaluationPayload", "Conflict", "ValidationError"), single
    ids = [d["id"] for d in drafts.values()]
    assert await AuditEntry.filter(action="evaluation.finalize", entity_id__in=ids).count() == 2
    assert set((await statuses(drafts)).values()) == {"FINAL"}


async def test_someone_who_left_the_unit_before_the_period_is_not_missing(client, world):
    import datetime as dt

    from kinerja_core.models import Assignment

    periods = await monthly_periods(world, open_months=2)
    february = periods[1]
    umum = world.units["umum"]
    await set_org(client, world.sekretaris.token, umum, "BAIK", period=february)
    await approved_plan(world, "staff2", "kasubag", "sekretaris")  # stays APPROVED
    await Assignment.filter(employee_id=world.staff2.employee.id).update(
        end_date=dt.date(YEAR, 1, 20)  # mutasi out of the unit in January
    )
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    await evaluate(client, world.kasubag.token, plan, BP[1], BP[0], february)
    dist = await distribution(client, world, february, world.sekretaris.token)
    assert (dist["total"], dist["missingCount"], dist["unrated"]) == (1, 0, [])
    january = await distribution(client, world, periods[0], world.sekretaris.token)
    assert january["missingCount"] == 2  # both were in the unit in January
