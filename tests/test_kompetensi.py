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
from kinerja_core.models import (
    AuditEntry,
    Employee,
    Feedback,
    Indicator,
    Realization,
    WorkResult,
)
from tests.support import YEAR, gql, ok, upload_file
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


# ---------------------------------------------------------------- plans, records, JP

PLAN = """mutation($input: KompetensiNewActivity!) { kompetensiPlanActivity(input: $input) {
  __typename ... on KompetensiActivity { id year kind title provider jp startDate endDate needIds }
  ... on ValidationError { code field message } ... on UserError { code message } } }"""
RECORD = """mutation($input: KompetensiNewRecord!) { kompetensiRecordCompletion(input: $input) {
  __typename ... on KompetensiRecord { id year kind title jp completedOn activityId }
  ... on ValidationError { code field message } ... on UserError { code message } } }"""
HOURS = """query($id: ID!, $y: Int!) { employee(id: $id) {
  kompetensiTrainingHours(year: $y) { year jp pendingJp right remaining met }
  kompetensiActivities(year: $y) { title jp needIds }
  kompetensiRecords(year: $y) { title jp activityId } } }"""
BY_GROUP = """query($a: ID!, $y: Int!) { kompetensiNeedsByGroup(agencyId: $a, year: $y) {
  group needs people } }"""
BELOW = """query($a: ID!, $y: Int!) { kompetensiBelowRight(agencyId: $a, year: $y) {
  employeeId name jp } }"""
CITY = """query($y: Int!) { kompetensiCitySummary(year: $y) {
  code employees manajerial teknis sosialKultural belowRight jp pendingJp } }"""
RECORD_FIELDS = """id version verification rejectionReason certificateFilename
  certificateContentType certificateSize certificateSha256 certificateUrl jp"""
RECORD_RESULT = f"""__typename ... on KompetensiRecord {{ {RECORD_FIELDS} }}
  ... on ValidationError {{ code field message }} ... on UserError {{ code message }}"""
UPLOAD = f"""mutation($recordId: ID!, $file: Upload!) {{
  kompetensiUploadCertificate(recordId: $recordId, file: $file) {{ {RECORD_RESULT} }} }}"""
VERIFY = f"""mutation($id: ID!, $v: Int) {{
  kompetensiVerifyRecord(id: $id, version: $v) {{ {RECORD_RESULT} }} }}"""
REJECT = f"""mutation($id: ID!, $v: Int, $r: String!) {{
  kompetensiRejectRecord(id: $id, version: $v, reason: $r) {{ {RECORD_RESULT} }} }}"""
PDF = b"%PDF-1.4\n% sertifikat pelatihan\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


async def upload_certificate(
    client, token, record_id, content=PDF, filename="sertifikat.pdf", content_type="application/pdf"
) -> dict:
    """The certificate as a GraphQL multipart request (operations, map, the file part)."""
    file = (filename, content, content_type)
    body = await upload_file(client, UPLOAD, {"recordId": record_id}, file, token=token)
    return ok(body, "kompetensiUploadCertificate")


async def certify(client, world, record_id, who="staff", admin="admin") -> dict:
    """The employee uploads a certificate, the agency admin verifies it."""
    uploaded = await upload_certificate(client, world.people[who].token, record_id)
    assert uploaded["verification"] == "PENDING", uploaded
    body = await gql(
        client,
        VERIFY,
        {"id": record_id, "v": uploaded["version"]},
        token=world.people[admin].token,
    )
    verified = ok(body, "kompetensiVerifyRecord")
    assert verified["verification"] == "VERIFIED", verified
    return verified


async def test_plan_record_and_training_hours_against_the_right(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    (need,) = await needs(client, world)
    activity = {
        "year": YEAR,
        "kind": "TRAINING",
        "title": "Pelatihan tata naskah dinas",
        "provider": "BKPSDM Kota Pontianak",
        "jp": 16,
        "startDate": f"{YEAR}-03-02",
        "endDate": f"{YEAR}-03-04",
        "needIds": [need["id"]],
    }
    body = await gql(client, PLAN, {"input": activity}, token=world.staff.token)
    planned = ok(body, "kompetensiPlanActivity")
    assert (planned["kind"], planned["jp"], planned["needIds"]) == ("TRAINING", 16, [need["id"]])
    body = await gql(
        client,
        RECORD,
        {"input": {"activityId": planned["id"], "jp": 16, "completedOn": f"{YEAR}-03-04"}},
        token=world.staff.token,
    )
    recorded = ok(body, "kompetensiRecordCompletion")
    assert (recorded["title"], recorded["activityId"]) == (activity["title"], planned["id"])
    hours = ok(
        await gql(client, HOURS, {"id": world.staff.id, "y": YEAR}, token=world.kasubag.token),
        "employee",
    )
    # recorded, not verified: pending, nothing counts toward the right yet
    assert hours["kompetensiTrainingHours"] == {
        "year": YEAR,
        "jp": 0,
        "pendingJp": 16,
        "right": 20,
        "remaining": 20,
        "met": False,
    }
    await certify(client, world, recorded["id"])
    hours = ok(
        await gql(client, HOURS, {"id": world.staff.id, "y": YEAR}, token=world.kasubag.token),
        "employee",
    )
    assert hours["kompetensiTrainingHours"] == {
        "year": YEAR,
        "jp": 16,
        "pendingJp": 0,
        "right": 20,
        "remaining": 4,
        "met": False,
    }
    body = await gql(
        client,
        RECORD,
        {
            "input": {
                "kind": "SELF_STUDY",
                "title": "E-learning SIASN",
                "jp": 4,
                "completedOn": f"{YEAR}-05-01",
            }
        },
        token=world.staff.token,
    )
    second = ok(body, "kompetensiRecordCompletion")
    assert second["year"] == YEAR
    await certify(client, world, second["id"])
    hours = ok(
        await gql(client, HOURS, {"id": world.staff.id, "y": YEAR}, token=world.staff.token),
        "employee",
    )
    assert hours["kompetensiTrainingHours"]["met"] is True
    assert [r["jp"] for r in hours["kompetensiRecords"]] == [16, 4]
    assert hours["kompetensiActivities"] == [
        {"title": activity["title"], "jp": 16, "needIds": [need["id"]]}
    ]
    actions = (
        await AuditEntry.filter(action__startswith="kompetensi.")
        .exclude(action="kompetensi.need.propose")
        .values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "kompetensi.activity.plan",
        "kompetensi.plan.create",
        "kompetensi.record.certificate",
        "kompetensi.record.certificate",
        "kompetensi.record.create",
        "kompetensi.record.create",
        "kompetensi.record.verify",
        "kompetensi.record.verify",
    ]


async def test_bad_plans_and_records_name_the_field_and_write_nothing(client, world):
    await enable(client, world)
    await final(client, world, who="staff2", result="DI_BAWAH_EKSPEKTASI")
    (other,) = await needs(client, world, "staff2")
    good = {
        "year": YEAR,
        "kind": "COURSE",
        "title": "Kursus",
        "jp": 8,
        "startDate": f"{YEAR}-03-02",
        "endDate": f"{YEAR}-03-04",
    }
    for bad, field in (
        ({"jp": 0}, "jp"),
        ({"jp": 5000}, "jp"),
        ({"title": ""}, "title"),
        ({"endDate": f"{YEAR}-03-01"}, "endDate"),
        ({"startDate": f"{YEAR - 1}-12-01"}, "startDate"),
        ({"needIds": [other["id"]]}, "needIds"),
        ({"needIds": ["x"]}, "needIds"),
    ):
        body = await gql(client, PLAN, {"input": {**good, **bad}}, token=world.staff.token)
        result = ok(body, "kompetensiPlanActivity")
        assert (result["__typename"], result["field"]) == ("ValidationError", field), bad
    body = await gql(
        client,
        RECORD,
        {"input": {"jp": 3, "completedOn": f"{YEAR}-01-05"}},
        token=world.staff.token,
    )
    assert ok(body, "kompetensiRecordCompletion")["field"] == "kind"
    from kinerja_kompetensi.models import DevelopmentActivity, DevelopmentRecord

    assert await DevelopmentActivity.all().count() == 0
    assert await DevelopmentRecord.all().count() == 0


async def test_the_agency_and_city_views(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI", behavior="DI_BAWAH_EKSPEKTASI")
    body = await gql(
        client,
        RECORD,
        {"input": {"kind": "COURSE", "title": "Kursus", "jp": 24, "completedOn": f"{YEAR}-02-01"}},
        token=world.staff2.token,
    )
    await certify(client, world, ok(body, "kompetensiRecordCompletion")["id"], "staff2")
    dinkes = str(world.agencies["dinkes"].id)
    rows = ok(
        await gql(client, BY_GROUP, {"a": dinkes, "y": YEAR}, token=world.head.token),
        "kompetensiNeedsByGroup",
    )
    assert rows == [
        {"group": "MANAJERIAL", "needs": 0, "people": 0},
        {"group": "TEKNIS", "needs": 1, "people": 1},
        {"group": "SOSIAL_KULTURAL", "needs": 1, "people": 1},
    ]
    below = ok(
        await gql(client, BELOW, {"a": dinkes, "y": YEAR}, token=world.admin.token),
        "kompetensiBelowRight",
    )
    assert world.staff.id in {r["employeeId"] for r in below}
    assert world.staff2.id not in {r["employeeId"] for r in below}
    city = ok(
        await gql(client, CITY, {"y": YEAR}, token=world.central.token), "kompetensiCitySummary"
    )
    line = next(r for r in city if r["code"] == "DINKES")
    assert (line["teknis"], line["sosialKultural"], line["belowRight"]) == (
        1,
        1,
        line["employees"] - 1,
    )
    assert (line["jp"], line["pendingJp"]) == (24, 0)
    # names of the agency: not for its staff, nor another agency; the city view: BKPSDM only
    for who in ("staff", "disdik_head"):
        body = await gql(client, BELOW, {"a": dinkes, "y": YEAR}, token=world.people[who].token)
        assert body["data"]["kompetensiBelowRight"] is None and body["errors"], who
    body = await gql(client, CITY, {"y": YEAR}, token=world.head.token)
    assert body["data"]["kompetensiCitySummary"] is None and body["errors"]


PANELS = """query($agencyId: ID!) { pluginPanels(agencyId: $agencyId) {
  plugin key title kind operation rowsPath columns { field label } } }"""


async def test_the_dashboard_panels_run_their_operations(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    dinkes = str(world.agencies["dinkes"].id)
    panels = ok(
        await gql(client, PANELS, {"agencyId": dinkes}, token=world.head.token), "pluginPanels"
    )
    assert [(p["plugin"], p["key"], p["kind"]) for p in panels] == [
        ("kompetensi", "needs-by-group", "BAR"),
        ("kompetensi", "below-twenty-jp", "TABLE"),
    ]
    assert panels[0]["title"] == "Kebutuhan pengembangan kompetensi per kelompok"  # id default
    bars = ok(
        await gql(
            client,
            panels[0]["operation"],
            {"agencyId": dinkes, "year": YEAR},
            token=world.head.token,
        ),
        panels[0]["rowsPath"],
    )
    assert {r["group"]: r["people"] for r in bars}["TEKNIS"] == 1
    table = ok(
        await gql(
            client,
            panels[1]["operation"],
            {"agencyId": dinkes, "year": YEAR},
            token=world.head.token,
        ),
        panels[1]["rowsPath"],
    )
    assert world.staff.employee.nip in {r["nip"] for r in table}


async def test_the_demo_city_has_needs_plans_and_records(settings, db, plugin_manager):
    import io

    from kinerja_kompetensi.models import DevelopmentActivity, DevelopmentPlan, DevelopmentRecord

    from kinerja_core.demo import run_demo
    from kinerja_core.models import Agency, PluginActivation

    log = io.StringIO()
    await run_demo(
        settings, employees=90, seed=7, out=io.StringIO(), log=log, plugins=plugin_manager
    )
    assert "failed" not in log.getvalue()
    default = await PluginActivation.get(plugin="kompetensi", scope="*")
    assert default.enabled is True  # on city-wide
    assert await DevelopmentNeed.filter(status="CONFIRMED").count() > 0
    assert await DevelopmentNeed.filter(status="PROPOSED").count() > 0
    assert await DevelopmentActivity.all().count() > 0
    records = await DevelopmentRecord.all().values("employee_id", "jp", "verification")
    per_person: dict[int, int] = {}
    for r in records:
        if r["verification"] == "VERIFIED":  # only verified JP count
            per_person[r["employee_id"]] = per_person.get(r["employee_id"], 0) + r["jp"]
    assert any(v >= 20 for v in per_person.values()) and any(v < 20 for v in per_person.values())
    assert {r["verification"] for r in records} == {"UNVERIFIED", "PENDING", "VERIFIED", "REJECTED"}
    plans = set(await DevelopmentPlan.all().values_list("status", flat=True))
    assert {"APPROVED", "SUBMITTED"} <= plans
    # certificates are real files of the evidence store with the hash they are listed with
    import hashlib

    from kinerja_core.storage import evidence_store

    store = evidence_store(settings)
    sample = await DevelopmentRecord.exclude(certificate_path="").order_by("id").limit(5)
    assert sample
    for row in sample:
        data = b"".join([chunk async for chunk in await store.open(row.certificate_path)])
        assert hashlib.sha256(data).hexdigest() == row.certificate_sha256
        assert data.startswith(b"%PDF-" if row.certificate_content_type.endswith("pdf") else
                               b"\x89PNG")  # fmt: skip
    # every row is audited as the write it stands for
    assert await AuditEntry.filter(action="kompetensi.need.propose").count() == (
        await DevelopmentNeed.all().count()
    )
    assert await AuditEntry.filter(action="kompetensi.record.verify").count() == sum(
        r["verification"] == "VERIFIED" for r in records
    )
    assert await AuditEntry.filter(action="kompetensi.plan.approve").count() == (
        await DevelopmentPlan.filter(status="APPROVED").count()
    )
    # the effect view has an "after" for some people
    from kinerja_kompetensi.effects import Outcome, effects

    from kinerja_core.services.context import ServiceContext

    rows = await effects(ServiceContext(settings=settings))
    assert rows and any(e.outcome != Outcome.NOT_YET for e in rows)
    assert await Agency.all().count() > 1


async def test_an_appeal_that_changes_the_ratings_changes_the_proposals(client, world):
    from tests.test_evaluation_appeals import decide, file_appeal

    await enable(client, world)
    _, evaluation = await final(client, world, result="DI_BAWAH_EKSPEKTASI")
    (need,) = await needs(client, world)
    assert need["source"] == "PREDIKAT"
    appeal = await file_appeal(client, world.staff.token, evaluation["id"])
    await decide(
        client,
        world.sekretaris.token,
        appeal["id"],
        "CHANGE",
        resultRating="SESUAI_EKSPEKTASI",
        behaviorRating="DI_BAWAH_EKSPEKTASI",
    )
    rows = {(n["source"], n["status"]) for n in await needs(client, world)}
    assert rows == {("PREDIKAT", "DISMISSED"), ("BEHAVIOR", "PROPOSED")}
    assert await AuditEntry.filter(action="kompetensi.need.supersede").count() == 1


TEAM = """query($year: Int!) { team(year: $year, first: 100) { totalCount edges { node {
  employee { nip kompetensiDevelopmentNeeds { group } kompetensiActivities(year: $year) { jp }
    kompetensiTrainingHours(year: $year) { jp pendingJp }
    kompetensiPlan(year: $year) { status jpPlanned activities { jp } }
    kompetensiRecords(year: $year) { verification certificateUrl }
    kompetensiEffects(year: $year) { outcome } } } } } }"""


AGENCY_VIEWS = """query($year: Int!, $a: ID!) {
  kompetensiTrainingNeeds(year: $year, agencyId: $a, first: 5000) { nip unitName planned jp }
  kompetensiEffects(year: $year, agencyId: $a, first: 500) { nip outcome need { id } }
  kompetensiProgrammeEffects(year: $year, agencyId: $a) { kind people notYet }
  kompetensiJpByUnit(agencyId: $a, year: $year) { code jp pendingJp }
  kompetensiBelowRight(agencyId: $a, year: $year, first: 500) { nip pendingJp } }"""


@pytest.fixture
def settings(settings):
    return settings.replace(max_query_cost=10_000_000)  # counts statements, not the cost limit


async def test_the_team_view_with_kompetensi_fields_costs_the_same_for_200_as_for_10(client, world):
    from kinerja_kompetensi.models import (
        ActivityNeed,
        DevelopmentActivity,
        DevelopmentPlan,
        DevelopmentRecord,
    )

    from kinerja_core.db import count_statements
    from tests.test_statement_counts import add_staff, open_period

    await enable(client, world)
    period = await open_period(world)

    async def grow(start, count):
        await add_staff(world, period, start, count)
        for e in await Employee.filter(nip__startswith="199001012015011"):
            if not await DevelopmentNeed.filter(employee_id=e.id).exists():
                need = await DevelopmentNeed.create(
                    employee_id=e.id,
                    agency_id=e.agency_id,
                    year=YEAR,
                    group="TEKNIS",
                    title="T",
                    source="EMPLOYEE",
                    priority="LOW",
                )
                await DevelopmentPlan.create(employee_id=e.id, agency_id=e.agency_id, year=YEAR)
                activity = await DevelopmentActivity.create(
                    employee_id=e.id,
                    agency_id=e.agency_id,
                    year=YEAR,
                    kind="COURSE",
                    title="K",
                    jp=4,
                    start_date=period.start_date,
                    end_date=period.start_date,
                )
                await ActivityNeed.create(activity=activity, need=need, agency_id=e.agency_id)
                await DevelopmentRecord.create(
                    employee_id=e.id,
                    agency_id=e.agency_id,
                    activity=activity,
                    year=YEAR,
                    kind="COURSE",
                    title="K",
                    jp=4,
                    completed_on=period.start_date,
                    certificate_path="ab/" + "ab" * 32,
                    verification="PENDING",
                )

    async def statements():
        with count_statements() as log:
            body = await gql(client, TEAM, {"year": YEAR}, token=world.head.token)
        nodes = [e["node"]["employee"] for e in ok(body, "team")["edges"]]
        return len(log.statements), nodes

    async def agency_statements():
        variables = {"year": YEAR, "a": str(world.agencies["dinkes"].id)}
        with count_statements() as log:
            body = await gql(client, AGENCY_VIEWS, variables, token=world.head.token)
        return len(log.statements), ok(body)

    await grow(0, 10)
    ten, nodes = await statements()
    agency_ten, views = await agency_statements()
    await grow(10, 90)
    hundred, more = await statements()
    agency_hundred, bigger = await agency_statements()
    assert agency_hundred == agency_ten, (agency_ten, agency_hundred)
    assert len(bigger["kompetensiTrainingNeeds"]) == len(views["kompetensiTrainingNeeds"]) + 90
    assert len(bigger["kompetensiEffects"]) == len(views["kompetensiEffects"]) + 90
    assert len(more) > len(nodes)
    assert hundred == ten, (ten, hundred)
    grown = [n for n in more if n["kompetensiPlan"]["activities"]]
    assert len(grown) >= 90 and all(n["kompetensiEffects"] for n in grown)
    assert all(n["kompetensiTrainingHours"]["pendingJp"] == 4 for n in grown)


async def test_a_large_demo_city_proposes_from_an_even_spread_of_skp(
    settings, db, plugin_manager, monkeypatch
):
    """Above PROPOSING_SKP SKP the demo proposes needs from every k-th one only (at 100,000
    employees all of them would mean ~3 million realisasi read)."""
    import io

    from kinerja_kompetensi import demo as kompetensi_demo

    from kinerja_core.demo import run_demo
    from kinerja_core.models import Evaluation

    monkeypatch.setattr(kompetensi_demo, "PROPOSING_SKP", 10)
    log = io.StringIO()
    await run_demo(
        settings, employees=90, seed=7, out=io.StringIO(), log=log, plugins=plugin_manager
    )
    assert "failed" not in log.getvalue()
    evaluated = {e.plan_id for e in await Evaluation.filter(status="FINAL")}
    assert len(evaluated) > 10
    proposing = set(
        await Evaluation.filter(
            id__in=await DevelopmentNeed.all().values_list("evaluation_id", flat=True)
        ).values_list("plan_id", flat=True)
    )
    assert 0 < len(proposing) <= 10
