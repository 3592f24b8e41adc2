"""The kompetensi plugin's second part over HTTP (issue 13): certificates and their
verification, the rater approving the development plan, JP per unit, the effect view and the
training-needs report with its downloads. Access, typed errors, no partial writes, audit.
"""

from __future__ import annotations

import hashlib
import io
from decimal import Decimal

import pytest
from kinerja_kompetensi.models import (
    DevelopmentActivity,
    DevelopmentPlan,
    DevelopmentRecord,
)
from openpyxl import load_workbook

from kinerja_core.models import AuditEntry, Indicator, Realization, WorkResult
from tests.support import YEAR, gql, ok
from tests.test_evaluation import approved_plan, evaluate, finalize, monthly_periods
from tests.test_kompetensi import (
    PDF,
    RECORD,
    REJECT,
    VERIFY,
    certify,
    enable,
    final,
    needs,
    upload_certificate,
)

LIMIT = 64 * 1024


@pytest.fixture
def plugins():
    return {"kompetensi": "kinerja_kompetensi.plugin"}


@pytest.fixture
def settings(settings):
    """A small upload limit, so the oversized case stays quick."""
    return settings.replace(upload_max_bytes=LIMIT)


async def record(client, world, who="staff", jp=8, on=f"{YEAR}-02-10", activity=None) -> dict:
    data = {"jp": jp, "completedOn": on}
    data |= {"activityId": activity} if activity else {"kind": "COURSE", "title": "Kursus"}
    body = await gql(client, RECORD, {"input": data}, token=world.people[who].token)
    return ok(body, "kompetensiRecordCompletion")


def auth(token: str | None) -> dict:
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


# ---------------------------------------------------------------- certificates


async def test_a_certificate_is_stored_hashed_downloadable_and_verified(client, world, settings):
    await enable(client, world)
    done = await record(client, world)
    uploaded = await upload_certificate(client, world.staff.token, done["id"])
    assert uploaded["verification"] == "PENDING"
    assert uploaded["certificateContentType"] == "application/pdf"
    assert uploaded["certificateSize"] == len(PDF)
    assert uploaded["certificateSha256"] == hashlib.sha256(PDF).hexdigest()
    url = uploaded["certificateUrl"]
    for who in ("staff", "kasubag", "head", "admin", "central"):
        answer = await client.get(url, headers=auth(world.people[who].token))
        assert answer.status_code == 200, who
        assert answer.content == PDF and answer.headers["content-type"] == "application/pdf"
        assert "attachment" in answer.headers["content-disposition"]
    for who in ("staff2", "disdik_head", "disdik_admin"):  # someone else's: as if missing
        answer = await client.get(url, headers=auth(world.people[who].token))
        assert answer.status_code == 404, who
    assert (await client.get(url, headers=auth(None))).status_code == 401
    # the admin of another agency, the employee, their rater: not the verifier
    for who in ("disdik_admin", "staff", "kasubag"):
        body = await gql(client, VERIFY, {"id": done["id"]}, token=world.people[who].token)
        assert ok(body, "kompetensiVerifyRecord")["__typename"] == "NotAllowed", who
    body = await gql(client, REJECT, {"id": done["id"], "r": "  "}, token=world.admin.token)
    assert ok(body, "kompetensiRejectRecord")["field"] == "reason"
    body = await gql(
        client,
        REJECT,
        {"id": done["id"], "r": "Nama pada sertifikat berbeda"},
        token=world.admin.token,
    )
    rejected = ok(body, "kompetensiRejectRecord")
    assert (rejected["verification"], rejected["rejectionReason"]) == (
        "REJECTED",
        "Nama pada sertifikat berbeda",
    )
    body = await gql(client, VERIFY, {"id": done["id"]}, token=world.admin.token)
    assert ok(body, "kompetensiVerifyRecord")["code"] == "kompetensi.record_not_pending"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    again = await upload_certificate(
        client, world.staff.token, done["id"], png, "sertifikat.png", "image/png"
    )
    assert (again["verification"], again["rejectionReason"]) == ("PENDING", "")
    names = {p.name for p in settings.upload_dir.rglob("*") if p.is_file()}
    assert uploaded["certificateSha256"] not in names  # replaced, and nothing else named it
    assert again["certificateSha256"] in names
    body = await gql(
        client, VERIFY, {"id": done["id"], "v": again["version"] - 1}, token=world.admin.token
    )
    assert ok(body, "kompetensiVerifyRecord")["__typename"] == "Conflict"
    verified = (
        await gql(
            client, VERIFY, {"id": done["id"], "v": again["version"]}, token=world.admin.token
        )
    )["data"]["kompetensiVerifyRecord"]
    assert verified["verification"] == "VERIFIED"
    late = await upload_certificate(client, world.staff.token, done["id"])
    assert late["code"] == "kompetensi.record_verified"
    actions = await AuditEntry.filter(
        action__startswith="kompetensi.record", entity_id=done["id"]
    ).values_list("action", flat=True)
    assert sorted(actions) == [
        "kompetensi.record.certificate",
        "kompetensi.record.certificate",
        "kompetensi.record.create",
        "kompetensi.record.reject",
        "kompetensi.record.verify",
    ]


async def test_bad_certificates_are_refused_naming_the_file_and_leave_nothing(
    client, world, settings
):
    await enable(client, world)
    done = await record(client, world)
    for content, name, kind, code in (
        (b"MZ\x90\x00", "tool.exe", "application/x-msdownload", "evidence.content_type"),
        (b"MZ\x90\x00 not a pdf", "sertifikat.pdf", "application/pdf", "evidence.content_mismatch"),
        (b"%PDF-" + b"x" * LIMIT, "big.pdf", "application/pdf", "evidence.too_large"),
        (b"", "empty.pdf", "application/pdf", "evidence.empty"),
    ):
        result = await upload_certificate(
            client, world.staff.token, done["id"], content, name, kind
        )
        assert (result["__typename"], result["field"], result["code"]) == (
            "ValidationError",
            "file",
            code,
        ), name
    someone_else = await upload_certificate(client, world.staff2.token, done["id"])
    assert someone_else["__typename"] == "NotAllowed"
    row = await DevelopmentRecord.get(id=done["id"])
    assert (row.certificate_path, row.verification) == ("", "UNVERIFIED")
    assert not [p for p in settings.upload_dir.rglob("*") if p.is_file()]


async def test_nobody_verifies_their_own_record_and_disabled_agencies_answer_typed(client, world):
    await enable(client, world)
    own = await record(client, world, who="admin")
    await upload_certificate(client, world.admin.token, own["id"])
    body = await gql(client, VERIFY, {"id": own["id"]}, token=world.admin.token)
    assert ok(body, "kompetensiVerifyRecord")["code"] == "kompetensi.verify_own"
    await certify(client, world, own["id"], who="admin", admin="central")  # BKPSDM may
    done = await record(client, world)
    await upload_certificate(client, world.staff.token, done["id"])
    disable = """mutation($a: ID) { disablePlugin(name: "kompetensi", agencyId: $a) {
      __typename } }"""
    await gql(client, disable, {"a": str(world.agencies["dinkes"].id)}, token=world.central.token)
    body = await gql(client, VERIFY, {"id": done["id"]}, token=world.admin.token)
    assert ok(body, "kompetensiVerifyRecord")["__typename"] == "PluginDisabled"


# ---------------------------------------------------------------- the plan and its approval

PLAN_FIELDS = """id status note version jpPlanned activities { id status jp title version }"""
PLAN_RESULT = f"""__typename ... on KompetensiPlan {{ {PLAN_FIELDS} }}
  ... on ValidationError {{ code field message }} ... on UserError {{ code message }}"""
ACTIVITY_RESULT = """__typename ... on KompetensiActivity { id status jp title version needIds }
  ... on ValidationError { code field message } ... on UserError { code message }"""
PLAN_ACTIVITY = f"""mutation($input: KompetensiNewActivity!) {{
  kompetensiPlanActivity(input: $input) {{ {ACTIVITY_RESULT} }} }}"""
UPDATE = f"""mutation($id: ID!, $c: KompetensiActivityChange!, $v: Int) {{
  kompetensiUpdateActivity(id: $id, change: $c, version: $v) {{ {ACTIVITY_RESULT} }} }}"""
CANCEL = f"""mutation($id: ID!, $v: Int) {{
  kompetensiCancelActivity(id: $id, version: $v) {{ {ACTIVITY_RESULT} }} }}"""
SUBMIT = f"""mutation($y: Int!, $v: Int) {{
  kompetensiSubmitPlan(year: $y, version: $v) {{ {PLAN_RESULT} }} }}"""
APPROVE = f"""mutation($id: ID!, $v: Int) {{
  kompetensiApprovePlan(id: $id, version: $v) {{ {PLAN_RESULT} }} }}"""
RETURN = f"""mutation($id: ID!, $n: String!, $v: Int) {{
  kompetensiReturnPlan(id: $id, note: $n, version: $v) {{ {PLAN_RESULT} }} }}"""
MY_PLAN = f"""query($id: ID!, $y: Int!) {{ employee(id: $id) {{
  kompetensiPlan(year: $y) {{ {PLAN_FIELDS} }} }} }}"""
TO_APPROVE = """query($y: Int!) { kompetensiPlansToApprove(year: $y) { id nip status } }"""


def activity(title="Pelatihan analisis data", jp=16, **extra) -> dict:
    return {
        "year": YEAR,
        "kind": "TRAINING",
        "title": title,
        "jp": jp,
        "startDate": f"{YEAR}-04-06",
        "endDate": f"{YEAR}-04-08",
        **extra,
    }


async def test_the_rater_approves_or_returns_the_plan_and_an_approved_plan_is_locked(client, world):
    await enable(client, world)
    await approved_plan(world, "staff", "kasubag", "sekretaris")
    staff = world.staff.token
    empty = ok(
        await gql(client, MY_PLAN, {"id": world.staff.id, "y": YEAR}, token=staff), "employee"
    )
    assert empty["kompetensiPlan"] == {
        "id": None,
        "status": "DRAFT",
        "note": "",
        "version": 0,
        "jpPlanned": 0,
        "activities": [],
    }
    assert (
        ok(await gql(client, SUBMIT, {"y": YEAR}, token=staff), "kompetensiSubmitPlan")["code"]
        == "kompetensi.plan_empty"
    )
    first = ok(
        await gql(client, PLAN_ACTIVITY, {"input": activity()}, token=staff),
        "kompetensiPlanActivity",
    )
    second = ok(
        await gql(client, PLAN_ACTIVITY, {"input": activity("Coaching", 4)}, token=staff),
        "kompetensiPlanActivity",
    )
    submitted = ok(await gql(client, SUBMIT, {"y": YEAR}, token=staff), "kompetensiSubmitPlan")
    assert (submitted["status"], submitted["jpPlanned"]) == ("SUBMITTED", 20)
    listed = ok(
        await gql(client, TO_APPROVE, {"y": YEAR}, token=world.kasubag.token),
        "kompetensiPlansToApprove",
    )
    assert [p["id"] for p in listed] == [submitted["id"]]
    assert (
        ok(
            await gql(client, TO_APPROVE, {"y": YEAR}, token=world.sekretaris.token),
            "kompetensiPlansToApprove",
        )
        == []
    )
    # changing a submitted plan takes it back to DRAFT: the rater approves only what they saw
    changed = ok(
        await gql(
            client, UPDATE, {"id": first["id"], "c": {"jp": 24}, "v": first["version"]}, token=staff
        ),
        "kompetensiUpdateActivity",
    )
    assert changed["jp"] == 24
    plan = await DevelopmentPlan.get(id=submitted["id"])
    assert plan.status == "DRAFT"
    again = ok(
        await gql(client, SUBMIT, {"y": YEAR, "v": plan.version}, token=staff),
        "kompetensiSubmitPlan",
    )
    for who in ("staff", "sekretaris", "head", "staff2"):  # only the rater decides
        body = await gql(client, APPROVE, {"id": again["id"]}, token=world.people[who].token)
        assert ok(body, "kompetensiApprovePlan")["__typename"] == "NotAllowed", who
    approved = ok(
        await gql(
            client, APPROVE, {"id": again["id"], "v": again["version"]}, token=world.kasubag.token
        ),
        "kompetensiApprovePlan",
    )
    assert approved["status"] == "APPROVED"
    # locked: no new activity, no change, no cancellation
    locked = ok(
        await gql(client, PLAN_ACTIVITY, {"input": activity("Lagi")}, token=staff),
        "kompetensiPlanActivity",
    )
    assert (locked["code"], locked["field"]) == ("kompetensi.plan_approved", "year")
    for query, variables, name in (
        (UPDATE, {"id": second["id"], "c": {"jp": 2}}, "kompetensiUpdateActivity"),
        (CANCEL, {"id": second["id"]}, "kompetensiCancelActivity"),
    ):
        result = ok(await gql(client, query, variables, token=staff), name)
        assert result["code"] == "kompetensi.plan_approved", name
    assert await DevelopmentActivity.filter(employee_id=world.staff.employee.id).count() == 2
    # returned with a note (a note is required), then the employee cancels and resubmits
    body = await gql(client, RETURN, {"id": approved["id"], "n": " "}, token=world.kasubag.token)
    assert ok(body, "kompetensiReturnPlan")["field"] == "note"
    returned = ok(
        await gql(
            client,
            RETURN,
            {"id": approved["id"], "n": "Kurangi coaching"},
            token=world.kasubag.token,
        ),
        "kompetensiReturnPlan",
    )
    assert (returned["status"], returned["note"]) == ("RETURNED", "Kurangi coaching")
    cancelled = ok(
        await gql(client, CANCEL, {"id": second["id"], "v": second["version"]}, token=staff),
        "kompetensiCancelActivity",
    )
    assert cancelled["status"] == "CANCELLED"
    body = await gql(client, CANCEL, {"id": second["id"]}, token=staff)
    assert ok(body, "kompetensiCancelActivity")["code"] == "kompetensi.activity_cancelled"
    body = await gql(
        client,
        RECORD,
        {"input": {"activityId": second["id"], "jp": 4, "completedOn": f"{YEAR}-04-08"}},
        token=staff,
    )
    assert ok(body, "kompetensiRecordCompletion")["field"] == "activityId"
    mine = ok(
        await gql(client, MY_PLAN, {"id": world.staff.id, "y": YEAR}, token=staff),
        "employee",
        "kompetensiPlan",
    )
    assert (mine["status"], mine["jpPlanned"]) == ("RETURNED", 24)
    assert [a["status"] for a in mine["activities"]] == ["PLANNED", "CANCELLED"]
    # someone else's activity: not theirs
    body = await gql(client, CANCEL, {"id": first["id"]}, token=world.staff2.token)
    assert ok(body, "kompetensiCancelActivity")["__typename"] == "NotAllowed"
    actions = await AuditEntry.filter(action__startswith="kompetensi.plan").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "kompetensi.plan.approve",
        "kompetensi.plan.create",
        "kompetensi.plan.reopen",
        "kompetensi.plan.return",
        "kompetensi.plan.submit",
        "kompetensi.plan.submit",
    ]


async def test_a_completed_activity_cannot_be_cancelled(client, world):
    await enable(client, world)
    planned = ok(
        await gql(client, PLAN_ACTIVITY, {"input": activity()}, token=world.staff.token),
        "kompetensiPlanActivity",
    )
    await record(client, world, jp=16, on=f"{YEAR}-04-08", activity=planned["id"])
    body = await gql(client, CANCEL, {"id": planned["id"]}, token=world.staff.token)
    assert ok(body, "kompetensiCancelActivity")["code"] == "kompetensi.activity_done"
    body = await gql(client, SUBMIT, {"y": YEAR}, token=world.staff.token)  # no SKP, no rater
    assert ok(body, "kompetensiSubmitPlan")["code"] == "kompetensi.plan_no_rater"


# ---------------------------------------------------------------- JP per unit

BY_UNIT = """query($a: ID!, $y: Int!) { kompetensiJpByUnit(agencyId: $a, year: $y) {
  code employees jp pendingJp met belowRight } }"""


async def test_jp_per_unit_counts_verified_jp_and_shows_pending_apart(client, world):
    await enable(client, world)
    done = await record(client, world, who="staff2", jp=24)
    await certify(client, world, done["id"], who="staff2")
    await record(client, world, who="staff", jp=6)  # no certificate yet: pending
    dinkes = str(world.agencies["dinkes"].id)
    rows = ok(
        await gql(client, BY_UNIT, {"a": dinkes, "y": YEAR}, token=world.head.token),
        "kompetensiJpByUnit",
    )
    umum = next(r for r in rows if r["code"] == world.units["umum"].code)
    assert (umum["jp"], umum["pendingJp"], umum["met"]) == (24, 6, 1)
    assert umum["belowRight"] == umum["employees"] - 1
    assert (
        sum(r["employees"] for r in rows) == await world.agencies["dinkes"].employees.all().count()
    )
    for who in ("staff", "disdik_head"):
        body = await gql(client, BY_UNIT, {"a": dinkes, "y": YEAR}, token=world.people[who].token)
        assert body["data"]["kompetensiJpByUnit"] is None and body["errors"], who


# ---------------------------------------------------------------- effect view

EFFECTS = """query($y: Int!, $a: ID) { kompetensiEffects(year: $y, agencyId: $a) {
  nip need { source } record { provider } predikatBefore predikatAfter behaviorBefore
  behaviorAfter achievementBefore achievementAfter outcome } }"""
PROGRAMMES = """query($y: Int!, $a: ID) { kompetensiProgrammeEffects(year: $y, agencyId: $a) {
  kind provider people needs improved unchanged worse notYet notComparable } }"""
MY_EFFECTS = """query($id: ID!) { employee(id: $id) { kompetensiEffects { need { source }
  outcome } } }"""


async def test_the_next_evaluation_shows_whether_a_programme_helped(client, world):
    await enable(client, world)
    plan = await approved_plan(world, "staff", "kasubag", "sekretaris")
    periods = await monthly_periods(world, open_months=2)
    work = await WorkResult.create(plan=plan, description="Layanan administrasi")
    iki = await Indicator.create(
        work_result=work, description="Surat terlayani tepat waktu", target_value=100
    )
    for period, value in ((periods[0], "30"), (periods[1], "90")):
        await Realization.create(
            indicator=iki, period=period, value=Decimal(value), recorded_by=world.staff.employee
        )
    rater = world.kasubag.token
    january = await evaluate(
        client, rater, plan, "DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI", periods[0]
    )
    await finalize(client, rater, january["id"])
    proposed = await needs(client, world)
    assert {n["source"] for n in proposed} == {"PREDIKAT", "BEHAVIOR", "INDICATOR"}
    planned = ok(
        await gql(
            client,
            PLAN_ACTIVITY,
            {
                "input": activity(
                    provider="BKPSDM Kota Pontianak",
                    needIds=[n["id"] for n in proposed],
                    startDate=f"{YEAR}-02-02",
                    endDate=f"{YEAR}-02-04",
                )
            },
            token=world.staff.token,
        ),
        "kompetensiPlanActivity",
    )
    done = await record(client, world, jp=16, on=f"{YEAR}-02-04", activity=planned["id"])
    await certify(client, world, done["id"])
    dinkes = str(world.agencies["dinkes"].id)
    before = ok(
        await gql(client, EFFECTS, {"y": YEAR, "a": dinkes}, token=world.head.token),
        "kompetensiEffects",
    )
    assert {e["outcome"] for e in before} == {"NOT_YET"}
    february = await evaluate(
        client, rater, plan, "SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI", periods[1]
    )
    await finalize(client, rater, february["id"])
    rows = ok(
        await gql(client, EFFECTS, {"y": YEAR, "a": dinkes}, token=world.head.token),
        "kompetensiEffects",
    )
    by_source = {e["need"]["source"]: e for e in rows}
    assert set(by_source) == {"PREDIKAT", "BEHAVIOR", "INDICATOR"}
    assert {e["outcome"] for e in rows} == {"IMPROVED"}
    predikat = by_source["PREDIKAT"]
    assert (predikat["predikatBefore"], predikat["predikatAfter"]) == ("SANGAT_KURANG", "BAIK")
    behaviour = by_source["BEHAVIOR"]
    assert (behaviour["behaviorBefore"], behaviour["behaviorAfter"]) == (
        "DI_BAWAH_EKSPEKTASI",
        "SESUAI_EKSPEKTASI",
    )
    indicator = by_source["INDICATOR"]
    assert (Decimal(indicator["achievementBefore"]), Decimal(indicator["achievementAfter"])) == (
        Decimal(30),
        Decimal(90),
    )
    programmes = ok(
        await gql(client, PROGRAMMES, {"y": YEAR}, token=world.central.token),
        "kompetensiProgrammeEffects",
    )
    assert programmes == [
        {
            "kind": "TRAINING",
            "provider": "BKPSDM Kota Pontianak",
            "people": 1,
            "needs": 3,
            "improved": 3,
            "unchanged": 0,
            "worse": 0,
            "notYet": 0,
            "notComparable": 0,
        }
    ]
    mine = ok(
        await gql(client, MY_EFFECTS, {"id": world.staff.id}, token=world.staff.token),
        "employee",
        "kompetensiEffects",
    )
    assert len(mine) == 3
    # the city: BKPSDM only; an agency: its head and admins
    for who, variables in (
        ("head", {"y": YEAR}),
        ("staff", {"y": YEAR, "a": dinkes}),
        ("disdik_head", {"y": YEAR, "a": dinkes}),
    ):
        body = await gql(client, PROGRAMMES, variables, token=world.people[who].token)
        assert body["data"]["kompetensiProgrammeEffects"] is None and body["errors"], who


# ---------------------------------------------------------------- training-needs report

REPORT = """query($y: Int!, $a: ID, $g: KompetensiCompetencyGroup) {
  kompetensiTrainingNeeds(year: $y, agencyId: $a, group: $g) {
  nip agencyCode unitName group priority status planned jp } }"""
EXPORT = """query($y: Int!, $a: ID, $f: KompetensiExportFormat) {
  kompetensiTrainingNeedsExport(year: $y, agencyId: $a, format: $f) { url contentType } }"""


async def test_the_training_needs_report_and_its_downloads(client, world):
    await enable(client, world)
    await final(client, world, result="DI_BAWAH_EKSPEKTASI", behavior="DI_BAWAH_EKSPEKTASI")
    rows = ok(
        await gql(client, REPORT, {"y": YEAR}, token=world.central.token), "kompetensiTrainingNeeds"
    )
    nip = world.staff.employee.nip
    assert [(r["nip"], r["group"], r["priority"]) for r in rows] == [
        (nip, "TEKNIS", "HIGH"),
        (nip, "SOSIAL_KULTURAL", "MEDIUM"),
    ]  # HIGH first
    assert {r["agencyCode"] for r in rows} == {"DINKES"}
    assert {r["unitName"] for r in rows} == {world.units["umum"].name}
    dinkes = str(world.agencies["dinkes"].id)
    only = ok(
        await gql(client, REPORT, {"y": YEAR, "a": dinkes, "g": "TEKNIS"}, token=world.head.token),
        "kompetensiTrainingNeeds",
    )
    assert [r["group"] for r in only] == ["TEKNIS"]
    for who, variables in (
        ("head", {"y": YEAR}),
        ("staff", {"y": YEAR, "a": dinkes}),
        ("disdik_head", {"y": YEAR, "a": dinkes}),
    ):
        body = await gql(client, REPORT, variables, token=world.people[who].token)
        assert body["data"]["kompetensiTrainingNeeds"] is None and body["errors"], who
    link = ok(
        await gql(client, EXPORT, {"y": YEAR}, token=world.central.token),
        "kompetensiTrainingNeedsExport",
    )
    assert link["url"] == f"/documents/plugins/kompetensi/training-needs.xlsx?year={YEAR}"
    answer = await client.get(link["url"], headers=auth(world.central.token))
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Kebutuhan", "Ringkasan"]
    sheet = [list(r) for r in book["Kebutuhan"].iter_rows(values_only=True)]
    assert sheet[0][:3] == ["NIP", "Nama", "Perangkat Daerah"] and len(sheet) == 3
    assert {r[0] for r in sheet[1:]} == {nip}
    link = ok(
        await gql(client, EXPORT, {"y": YEAR, "a": dinkes, "f": "CSV"}, token=world.admin.token),
        "kompetensiTrainingNeedsExport",
    )
    answer = await client.get(link["url"], headers=auth(world.admin.token))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("NIP,Nama,") and len(lines) == 3 and nip in lines[1]
    for token, status in ((None, 401), (world.staff.token, 403), (world.head.token, 403)):
        answer = await client.get(
            f"/documents/plugins/kompetensi/training-needs.csv?year={YEAR}", headers=auth(token)
        )
        assert answer.status_code == status, token
    answer = await client.get(
        "/documents/plugins/kompetensi/training-needs.xlsx?year=abc",
        headers=auth(world.central.token),
    )
    assert answer.status_code == 400 and "year" in answer.json()["error"]["message"]
    assert await AuditEntry.filter(action__startswith="kompetensi.record").count() == 0
