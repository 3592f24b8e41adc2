"""The SIASN export: the demo city's final evaluations through the running app, every
record checked against the field list documented (and cited) in docs/documents.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus, PeriodKind
from kinerja_core.models import Account, Employee, Evaluation, PerformancePlan, Period
from tests import test_documents
from tests.support import YEAR, gql, ok
from tests.test_documents import download, evaluate_and_finalize, token_for

city = test_documents.city  # the demo city fixture

DOCS = Path(__file__).resolve().parent.parent / "docs" / "documents.md"
EXPORT = """query($agency: ID!, $year: Int!, $period: ID) {
  siasnExport(agencyId: $agency, year: $year, periodId: $period) { url contentType } }"""


def documented_fields(kind: str) -> list[str]:
    """The field column of the table between <!-- siasn-fields:kind --> markers."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split(f"<!-- siasn-fields:{kind} -->", 1)[1].split("<!-- /siasn-fields -->")[0]
    return re.findall(r"^\| `(\w+)` \|", block, flags=re.MULTILINE)


def check_common(payload: dict) -> None:
    assert payload["hasilKinerjaNilai"] in (1, 2, 3)
    assert payload["perilakuKerjaNilai"] in (1, 2, 3)
    assert payload["kuadranKinerjaNilai"] in (1, 2, 3, 4, 5)
    assert payload["id"] is None and payload["path"] is None
    assert re.fullmatch(r"\d{18}", payload["penilaiNipNrp"])
    assert payload["penilaiNama"] and payload["statusPenilai"] == "ASN"
    gol = payload["penilaiGolongan"]
    assert gol is None or re.fullmatch(r"[1-4][1-5]", gol)
    assert payload["tahun"] == YEAR


async def agency_with_evaluations() -> int:
    counts: dict[int, int] = {}
    for plan_id in await Evaluation.filter(status=EvaluationStatus.FINAL).values_list(
        "plan_id", flat=True
    ):
        agency_id = (await PerformancePlan.get(id=plan_id)).agency_id
        counts[agency_id] = counts.get(agency_id, 0) + 1
    return max(counts, key=counts.get)


async def export(client: httpx.AsyncClient, token: str, **variables) -> dict:
    link = ok(await gql(client, EXPORT, variables, token=token), "siasnExport")
    response = await download(client, link["url"], token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert ".json" in response.headers["content-disposition"]
    return json.loads(response.content)


async def test_siasn_export_matches_the_documented_fields(
    client: httpx.AsyncClient, city: None
) -> None:
    skp22_fields = documented_fields("skp22")
    periodic_fields = documented_fields("kinerjaPeriodik")
    assert len(skp22_fields) == 13 and len(periodic_fields) == 19
    agency_id = await agency_with_evaluations()
    rated = await Evaluation.filter(kind="ANNUAL").values_list("plan_id", flat=True)
    plan = await (
        PerformancePlan.filter(agency_id=agency_id, status="APPROVED", rater_id__not_isnull=True)
        .exclude(id__in=[*rated, 0])  # not through the reverse relation: see test_documents
        .first()
    )
    annual, _ = await evaluate_and_finalize(client, plan, None)
    central = await Account.filter(is_central_admin=True).first()
    token = await token_for(central.employee_id)

    data = await export(client, token, agency=str(agency_id), year=YEAR)

    assert data["format"] == "kinerja-siasn-export/1" and data["tahun"] == YEAR
    final = await Evaluation.filter(
        plan__agency_id=agency_id, year=YEAR, status=EvaluationStatus.FINAL
    ).order_by("id").prefetch_related("period")
    periodic = [e for e in final if e.kind == EvaluationKind.PERIODIC]
    mapped = [e for e in periodic if e.period.kind != PeriodKind.SEMESTER]
    assert len(data["kinerjaPeriodik"]) == len(mapped) > 0
    assert len(data["tidakDiekspor"]) == len(periodic) - len(mapped)
    # every FINAL annual evaluation once (the demo's moved employee has two of them)
    assert sorted(r["sumber"]["evaluationId"] for r in data["skp22"]) == sorted(
        e.id for e in final if e.kind == EvaluationKind.ANNUAL
    )
    for record in data["skp22"]:
        assert list(record["payload"]) == skp22_fields
        check_common(record["payload"])
        assert record["payload"]["pnsDinilaiOrang"] is None
    for record in data["kinerjaPeriodik"]:
        payload = record["payload"]
        assert list(payload) == periodic_fields
        check_common(payload)
        assert payload["periodikId"] in ("1", "2")
        assert 1 <= payload["bulanMulaiPenilaian"] <= payload["bulanSelesaiPenilaian"] <= 12
        assert payload["tahunMulaiPenilaian"] == payload["tahunSelesaiPenilaian"] == YEAR
        assert re.fullmatch(r"\d{18}", record["pegawai"]["nip"])

    # one record checked value by value: SESUAI x DI_ATAS -> Baik (kuadran 2)
    ours = next(r for r in data["skp22"] if r["sumber"]["evaluationId"] == annual.id)
    employee = await Employee.get(id=plan.employee_id)
    rater = await Employee.get(id=plan.rater_id)
    assert ours["pegawai"]["nip"] == employee.nip
    assert ours["payload"]["hasilKinerjaNilai"] == 2
    assert ours["payload"]["perilakuKerjaNilai"] == 1
    assert ours["payload"]["kuadranKinerjaNilai"] == 2
    assert ours["payload"]["penilaiNipNrp"] == rater.nip
    assert ours["payload"]["penilaiNama"] == annual.snapshot["rater"]["name"]


async def test_siasn_export_of_one_period_and_its_access(
    client: httpx.AsyncClient, city: None
) -> None:
    agency_id = await agency_with_evaluations()
    period = await Period.filter(
        agency_id=agency_id, year=YEAR, evaluations__status=EvaluationStatus.FINAL
    ).first()
    central = await Account.filter(is_central_admin=True).first()
    token = await token_for(central.employee_id)
    data = await export(client, token, agency=str(agency_id), year=YEAR, period=str(period.id))
    assert data["periode"]["id"] == period.id and data["skp22"] == []
    expected = await Evaluation.filter(period_id=period.id, status=EvaluationStatus.FINAL).count()
    assert len(data["kinerjaPeriodik"]) + len(data["tidakDiekspor"]) == expected
    for record in data["kinerjaPeriodik"]:
        assert record["payload"]["bulanMulaiPenilaian"] == period.start_date.month

    staff = None
    for plan in await PerformancePlan.filter(agency_id=agency_id, position__type="PELAKSANA"):
        account = await Account.get_or_none(employee_id=plan.employee_id)
        if account is None or not (account.is_central_admin or account.admin_agency_id):
            staff = plan.employee_id
            break
    plain = await token_for(staff)
    body = await gql(client, EXPORT, {"agency": str(agency_id), "year": YEAR}, token=plain)
    assert body["errors"][0]["extensions"]["code"] == "access.agency"
    url = f"/documents/siasn.json?agencyId={agency_id}&year={YEAR}"
    assert (await download(client, url, plain)).status_code == 403
    assert (await download(client, url, None)).status_code == 401
    bad = await download(client, f"/documents/siasn.json?agencyId=x&year={YEAR}", token)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "document.parameter_number"
