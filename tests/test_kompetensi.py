"""The kompetensi plugin (issue 13) over HTTP: needs proposed when an evaluation is finalised,
the rater deciding them, the employee adding one, access and typed errors.

In the core's tests (not the plugin's own) because it needs the core's evaluation flow: the
small city of ``tests/support.py`` and the evaluation helpers of ``tests/test_evaluation.py``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from kinerja_kompetensi.models import DevelopmentNeed

from kinerja_core.domain.enums import BehaviorValue, FeedbackTarget
from kinerja_core.models import AuditEntry, Feedback, Indicator, Realization, WorkResult
from tests.support import YEAR, gql, ok
from tests.test_evaluation import approved_plan, evaluate, finalize, monthly_periods


@pytest.fixture
def plugins():
    return {"kompetensi": "kinerja_kompetensi.plugin"}


ENABLE = """mutation($a: ID) { enablePlugin(name: "kompetensi", agencyId: $a) { __typename } }"""
DISABLE = """mutation($a: ID) { disablePlugin(name: "kompetensi", agencyId: $a) { __typename } }"""
CONFIGURE = """mutation($a: ID, $c: JSON!) { configurePlugin(name: "kompetensi", agencyId: $a,
  config: $c) { __typename } }"""

NEED_FIELDS = """id year group title source evaluationId indicatorId behaviorValue sourceValue
  priority status note version"""
NEEDS = f"""query($id: ID!) {{ employee(id: $id) {{
  kompetensiDevelopmentNeeds(includeDismissed: true) {{ {NEED_FIELDS} }} }} }}"""
RESULT = f"""__typename ... on KompetensiNeed {{ {NEED_FIELDS} }}
  ... on ValidationError {{ code field message }} ... on Conflict {{ code field message }}
  ... on PluginDisabled {{ code plugin }} ... on UserError {{ code message }}"""
CONFIRM = f"""mutation($id: ID!, $v: Int, $c: KompetensiNeedChange) {{
  kompetensiConfirmNeed(id: $id, version: $v, change: $c) {{ {RESULT} }} }}"""
DISMISS = f"""mutation($id: ID!, $v: Int, $c: KompetensiNeedChange) {{
  kompetensiDismissNeed(id: $id, version: $v, change: $c) {{ {RESULT} }} }}"""
ADD = f"""mutation($input: KompetensiNewNeed!) {{
  kompetensiAddNeed(input: $input) {{ {RESULT} }} }}"""


async def enable(client, world, agency=None):
    a = None if agency is None else str(world.agencies[agency].id)
    body = await gql(client, ENABLE, {"a": a}, token=world.central.token)
    assert ok(body, "enablePlugin")["__typename"] == "PluginActivation"


async def final(
    client,
    world,
    who="staff",
    rater="kasubag",
    superior="sekretaris",
    result="SESUAI_EKSPEKTASI",
    behavior="SESUAI_EKSPEKTASI",
    achieved=None,
):
    """A FINAL January evaluation of ``who``; ``achieved``: realisasi of one IKI (target 100)."""
    plan = await approved_plan(world, who, rater, superior)
    periods = await monthly_periods(world)
    if achieved is not None:
        work = await WorkResult.create(plan=plan, description="Layanan administrasi")
        iki = await Indicator.create(
            work_result=work, description="Surat terlayani tepat waktu", target_value=100
        )
        await Realization.create(
            indicator=iki,
            period=periods[0],
            value=Decimal(achieved),
            recorded_by=world.people[who].employee,
        )
    draft = await evaluate(client, world.people[rater].token, plan, behavior, result, periods[0])
    done = await finalize(client, world.people[rater].token, draft["id"])
    return plan, done["evaluation"]


async def needs(client, world, who="staff", token=None):
    body = await gql(
        client, NEEDS, {"id": world.people[who].id}, token=token or world.people[who].token
    )
    return ok(body, "employee", "kompetensiDevelopmentNeeds")


async def test_a_finalised_evaluation_proposes_needs_from_every_source(client, world):
    await enable(client, world)
    plan, evaluation = await final(
        client, world, result="DI_BAWAH_EKSPEKTASI", behavior="DI_BAWAH_EKSPEKTASI", achieved="30"
    )
    assert evaluation["predikat"] == "SANGAT_KURANG"
    rows = await needs(client, world)
    by_source = {(n["source"], n["group"]): n for n in rows}
    assert set(by_source) == {
        ("PREDIKAT", "TEKNIS"),
        ("BEHAVIOR", "SOSIAL_KULTURAL"),
        ("INDICATOR", "TEKNIS"),
    }
    predikat = by_source[("PREDIKAT", "TEKNIS")]
    assert predikat["priority"] == "HIGH" and predikat["sourceValue"] == "SANGAT_KURANG"
    assert predikat["evaluationId"] == evaluation["id"] and predikat["status"] == "PROPOSED"
    iki = by_source[("INDICATOR", "TEKNIS")]
    assert iki["sourceValue"] == "30%" and iki["priority"] == "MEDIUM" and iki["indicatorId"]
    assert by_source[("BEHAVIOR", "SOSIAL_KULTURAL")]["behaviorValue"] is None
    audited = await AuditEntry.filter(action="kompetensi.need.propose").count()
    assert audited == 3


async def test_feedback_on_berakhlak_values_names_the_values(client, world):
    await enable(client, world)
    plan = await approved_plan(world, "kasubag", "sekretaris", "head")
    periods = await monthly_periods(world)
    for value in (BehaviorValue.AKUNTABEL, BehaviorValue.KOLABORATIF):
        await Feedback.create(
            plan=plan,
            author=world.sekretaris.employee,
            target=FeedbackTarget.BEHAVIOR,
            behavior_value=value,
            period=periods[0],
            text="Perlu ditingkatkan",
        )
    draft = await evaluate(
        client,
        world.sekretaris.token,
        plan,
        "DI_BAWAH_EKSPEKTASI",
        "DI_BAWAH_EKSPEKTASI",
        periods[0],
    )
    await finalize(client, world.sekretaris.token, draft["id"])
    rows = await needs(client, world, "kasubag")
    assert sorted((n["group"], n["behaviorValue"]) for n in rows) == [
        ("MANAJERIAL", None),  # a pengawas: managerial
        ("SOSIAL_KULTURAL", "AKUNTABEL"),
        ("SOSIAL_KULTURAL", "KOLABORATIF"),
    ]


async def test_a_good_evaluation_proposes_nothing(client, world):
    await enable(client, world)
    await final(client, world, achieved="80")
    assert await needs(client, world) == []


async def test_the_iki_threshold_is_a_per_agency_setting(client, world):
    await enable(client, world)
    body = await gql(
        client,
        CONFIGURE,
        {"a": str(world.agencies["dinkes"].id), "c": {"iki_low_achievement_percent": 90}},
        token=world.central.token,
    )
    assert ok(body, "configurePlugin")["__typename"] == "PluginActivation"
    await final(client, world, achieved="80")
    rows = await needs(client, world)
    assert [(n["source"], n["sourceValue"], n["priority"]) for n in rows] == [
        ("INDICATOR", "80%", "MEDIUM")
    ]


async def test_nothing_is_proposed_where_the_plugin_is_off(client, world):
    await enable(client, world)
    body = await gql(
        client, DISABLE, {"a": str(world.agencies["dinkes"].id)}, token=world.central.token
    )
    assert ok(body, "disablePlugin")["__typename"] == "PluginActivation"
    await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    assert await DevelopmentNeed.all().count() == 0
    body = await gql(client, NEEDS, {"id": world.staff.id}, token=world.staff.token)
    assert body["data"]["employee"]["kompetensiDevelopmentNeeds"] is None
    assert body["errors"][0]["extensions"]["kind"] == "PluginDisabled"


async def test_the_rater_confirms_edits_and_dismisses(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI", achieved="10")
    rows = {n["source"]: n for n in await needs(client, world)}
    predikat, iki = rows["PREDIKAT"], rows["INDICATOR"]

    body = await gql(
        client,
        CONFIRM,
        {
            "id": predikat["id"],
            "v": predikat["version"],
            "c": {"title": "Pelatihan tata naskah dinas", "priority": "HIGH"},
        },
        token=world.kasubag.token,
    )
    done = ok(body, "kompetensiConfirmNeed")
    assert (done["status"], done["title"], done["priority"]) == (
        "CONFIRMED",
        "Pelatihan tata naskah dinas",
        "HIGH",
    )
    # a stale version is a typed conflict and writes nothing
    body = await gql(
        client, DISMISS, {"id": predikat["id"], "v": predikat["version"]}, token=world.kasubag.token
    )
    assert ok(body, "kompetensiDismissNeed")["__typename"] == "Conflict"

    body = await gql(
        client,
        DISMISS,
        {"id": iki["id"], "v": iki["version"], "c": {"note": "Target tidak realistis"}},
        token=world.kasubag.token,
    )
    assert ok(body, "kompetensiDismissNeed")["status"] == "DISMISSED"
    actions = [
        a.action
        for a in await AuditEntry.filter(entity="KompetensiNeed")
        .exclude(action="kompetensi.need.propose")
        .order_by("id")
    ]
    assert actions == ["kompetensi.need.confirm", "kompetensi.need.dismiss"]


async def test_only_the_rater_decides(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    (need,) = await needs(client, world)
    for who, code in (
        ("staff", "kompetensi.not_rater"),
        ("sekretaris", "kompetensi.not_rater"),
        ("disdik_head", "access.denied"),
        ("admin", "kompetensi.not_rater"),
    ):
        body = await gql(client, CONFIRM, {"id": need["id"]}, token=world.people[who].token)
        assert ok(body, "kompetensiConfirmNeed")["code"] == code, who
    assert (await DevelopmentNeed.get(id=need["id"])).status == "PROPOSED"


async def test_the_employee_adds_a_need_and_bad_input_names_the_field(client, world):
    await enable(client, world)
    new = {"year": YEAR, "group": "TEKNIS", "title": "Analisis data kepegawaian"}
    body = await gql(client, ADD, {"input": new}, token=world.staff.token)
    added = ok(body, "kompetensiAddNeed")
    assert (added["source"], added["status"], added["priority"]) == (
        "EMPLOYEE",
        "PROPOSED",
        "MEDIUM",
    )
    for bad, field in (({"title": "  "}, "title"), ({"year": 1800}, "year")):
        body = await gql(client, ADD, {"input": {**new, **bad}}, token=world.staff.token)
        result = ok(body, "kompetensiAddNeed")
        assert (result["__typename"], result["field"]) == ("ValidationError", field)
    body = await gql(
        client, ADD, {"input": {**new, "title": " "}}, token=world.staff.token, lang="id"
    )
    assert "wajib" in ok(body, "kompetensiAddNeed")["message"].lower()
    assert await DevelopmentNeed.all().count() == 1
    # the rater of the year's SKP decides it
    await approved_plan(world, "staff", "kasubag", "sekretaris")
    body = await gql(client, CONFIRM, {"id": added["id"]}, token=world.kasubag.token)
    assert ok(body, "kompetensiConfirmNeed")["status"] == "CONFIRMED"


async def test_who_reads_an_employees_needs(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    for who in ("staff", "kasubag", "sekretaris", "head", "admin", "central"):
        assert len(await needs(client, world, token=world.people[who].token)) == 1, who
    for who in ("staff2", "disdik_head", "disdik_admin", "kabid"):
        body = await gql(client, NEEDS, {"id": world.staff.id}, token=world.people[who].token)
        employee = (body.get("data") or {}).get("employee")
        assert employee is None or employee["kompetensiDevelopmentNeeds"] is None, who
        assert body["errors"], who
