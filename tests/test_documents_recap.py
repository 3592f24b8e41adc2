"""The recap workbook: the demo city's agency through the running app, opened back with
openpyxl and checked cell by cell against the database and the agency dashboard."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import httpx
from openpyxl import load_workbook

from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus
from kinerja_core.models import (
    Account,
    Agency,
    Employee,
    Evaluation,
    PerformancePlan,
    Period,
    Unit,
)
from kinerja_core.services.documents import labels
from kinerja_core.services.documents.recap import NO_PLAN, PEGAWAI_HEADERS, UNIT_HEADERS
from tests import test_documents
from tests.support import YEAR, gql, ok
from tests.test_documents import download, token_for

city = test_documents.city  # the demo city fixture

RECAP = """query($agency: ID!, $year: Int!, $period: ID, $unit: ID) {
  recapExport(agencyId: $agency, year: $year, periodId: $period, unitId: $unit) {
    url contentType } }"""
DASHBOARD = """query($agency: ID!, $year: Int, $period: ID) {
  agencyDashboard(agencyId: $agency, year: $year, periodId: $period) {
    units { unit { code } employees plansApproved plansSubmitted plansDraft
            plansWithRealization evaluationsDone organizationRating } } }"""


async def central_token() -> str:
    account = await Account.filter(is_central_admin=True).first()
    return await token_for(account.employee_id)


async def busiest_agency() -> Agency:
    counts: dict[int, int] = {}
    for agency_id in await PerformancePlan.filter(year=YEAR).values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    return await Agency.get(id=max(counts, key=counts.get))


async def fetch(client: httpx.AsyncClient, token: str, **variables) -> tuple:
    link = ok(await gql(client, RECAP, variables, token=token), "recapExport")
    response = await download(client, link["url"], token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == link["contentType"]
    assert ".xlsx" in response.headers["content-disposition"]
    return link, load_workbook(io.BytesIO(response.content)), response.content


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


async def test_recap_of_an_agency_for_the_year(client: httpx.AsyncClient, city: None) -> None:
    token = await central_token()
    agency = await busiest_agency()
    link, book, _ = await fetch(client, token, agency=str(agency.id), year=YEAR)

    assert parse_qs(urlparse(link["url"]).query) == {
        "agencyId": [str(agency.id)],
        "year": [str(YEAR)],
    }
    assert book.sheetnames == ["Ringkasan", "Pegawai", "Unit"]
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r[0]}
    assert summary["Perangkat Daerah"] == agency.name and summary["Tahun"] == YEAR
    plans = await PerformancePlan.filter(agency_id=agency.id, year=YEAR).select_related(
        "employee", "position", "unit"
    )
    assert summary["Jumlah SKP"] == len(plans)

    people = book["Pegawai"]
    assert [c.value for c in people[1]] == list(PEGAWAI_HEADERS)
    listed = rows(people)
    by_nip = {r[10]: r for r in listed if r[4] != NO_PLAN}
    assert len(by_nip) == len(plans)
    annual = {
        e.plan_id: e
        for e in await Evaluation.filter(
            plan__agency_id=agency.id, kind=EvaluationKind.ANNUAL, status=EvaluationStatus.FINAL
        )
    }
    for plan in plans:
        row = by_nip[plan.id]
        assert isinstance(row[0], str) and len(row[0]) == 18  # the NIP stays text
        assert row[1:5] == [
            plan.employee.name,
            plan.position.name,
            plan.unit.name,
            labels.PLAN_STATUS[plan.status],
        ]
        evaluation = annual.get(plan.id)
        assert row[8] == (labels.predikat(evaluation.predikat) if evaluation else None)
    without = [r for r in listed if r[4] == NO_PLAN]
    assert summary["Pegawai tanpa SKP"] == len(without)
    for row in without:
        employee = await Employee.get(nip=row[0])
        assert not await PerformancePlan.filter(employee_id=employee.id, year=YEAR).exists()

    dashboard = ok(
        await gql(client, DASHBOARD, {"agency": str(agency.id), "year": YEAR}, token=token),
        "agencyDashboard",
    )
    per_unit = book["Unit"]
    assert [c.value for c in per_unit[1]] == list(UNIT_HEADERS)
    sheet_units = {r[0]: r for r in rows(per_unit)}
    for unit in dashboard["units"]:
        row = sheet_units[unit["unit"]["code"]]
        assert row[2:6] + row[7:9] == [
            unit["employees"],
            unit["plansApproved"],
            unit["plansSubmitted"],
            unit["plansDraft"],
            unit["plansWithRealization"],
            unit["evaluationsDone"],
        ]
        assert row[-1] == (labels.org_predikat(unit["organizationRating"]) or None)


async def test_recap_of_a_unit_for_a_period(client: httpx.AsyncClient, city: None) -> None:
    token = await central_token()
    agency = await busiest_agency()
    period = await Period.filter(
        agency_id=agency.id, year=YEAR, evaluations__status=EvaluationStatus.FINAL
    ).first()
    plan = await PerformancePlan.filter(
        agency_id=agency.id, year=YEAR, evaluations__period_id=period.id
    ).first()
    unit = await Unit.get(id=plan.unit_id)
    _, book, _ = await fetch(
        client, token, agency=str(agency.id), year=YEAR, period=str(period.id), unit=str(unit.id)
    )
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r[0]}
    assert unit.name in summary["Unit"]
    listed = rows(book["Pegawai"])
    evaluation = await Evaluation.get(plan_id=plan.id, period_id=period.id)
    employee = await Employee.get(id=plan.employee_id)
    row = next(r for r in listed if r[0] == employee.nip)
    assert row[8] == labels.predikat(evaluation.predikat)
    others = (
        await Unit.filter(agency_id=agency.id).exclude(id=unit.id).values_list("name", flat=True)
    )
    children = await Unit.filter(parent_id=unit.id).values_list("name", flat=True)
    assert all(r[3] in {unit.name, *children} or r[3] not in others for r in listed)
    unit_names = [r[1] for r in rows(book["Unit"])]
    assert unit.name in unit_names and len(unit_names) <= 1 + len(children) + 50


async def test_recap_follows_the_dashboard_rule(client: httpx.AsyncClient, city: None) -> None:
    agency = await busiest_agency()
    staff = None
    for plan in await PerformancePlan.filter(agency_id=agency.id, position__type="PELAKSANA"):
        account = await Account.get_or_none(employee_id=plan.employee_id)
        if account is None or not (account.is_central_admin or account.admin_agency_id):
            staff = await Employee.get(id=plan.employee_id)
            break
    plain = await token_for(staff.id)
    body = await gql(client, RECAP, {"agency": str(agency.id), "year": YEAR}, token=plain)
    assert body["errors"][0]["extensions"]["code"] == "access.agency"
    url = f"/documents/recap.xlsx?agencyId={agency.id}&year={YEAR}"
    assert (await download(client, url, plain)).status_code == 403
    assert (await download(client, url, None)).status_code == 401

    token = await central_token()
    missing = await client.get(
        f"/documents/recap.xlsx?agencyId={agency.id}",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    assert missing.status_code == 400 and "year" in missing.json()["error"]["message"]
    other_unit = await Unit.exclude(agency_id=agency.id).first()
    body = await gql(
        client,
        RECAP,
        {"agency": str(agency.id), "year": YEAR, "unit": str(other_unit.id)},
        token=token,
    )
    assert body["errors"][0]["extensions"]["code"] == "recap.unit_mismatch"
    assert body["errors"][0]["extensions"]["field"] == "unitId"
    other_period = await Period.exclude(agency_id=agency.id).first()
    body = await gql(
        client,
        RECAP,
        {"agency": str(agency.id), "year": YEAR, "period": str(other_period.id)},
        token=token,
    )
    assert body["errors"][0]["extensions"]["code"] == "dashboard.period_mismatch"
