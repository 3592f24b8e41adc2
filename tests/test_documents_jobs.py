"""Export jobs (startExport / exportJob / GET /documents/jobs/{id}): the recap and the SIASN
export made in the background on the demo city, polled through the API until DONE,
downloaded and opened; access and bad input."""

from __future__ import annotations

import io
import json

import httpx
from openpyxl import load_workbook

from kinerja_core.models import Account, AuditEntry, Employee, ImportJob, PerformancePlan
from kinerja_core.services.bulk_import.jobs import wait_for_jobs
from tests import test_documents
from tests.support import YEAR, gql, ok
from tests.test_documents import download, token_for
from tests.test_documents_recap import busiest_agency, central_token

city = test_documents.city  # the demo city fixture
plugins = test_documents.plugins

START = """mutation($input: StartExportInput!) { startExport(input: $input) {
  __typename
  ... on ExportJob { id kind status done total progress downloadUrl filename size error }
  ... on UserError { code message }
  ... on ValidationError { field }
  ... on NotFound { field }
} }"""
JOB = """query($id: ID!) { exportJob(id: $id) {
  id kind status done total progress downloadUrl filename contentType size error } }"""
MAX_POLLS = 20


async def start(client: httpx.AsyncClient, token: str, **input) -> dict:
    return ok(await gql(client, START, {"input": input}, token=token), "startExport")


async def poll_until_done(client: httpx.AsyncClient, token: str, job_id: str) -> dict:
    """Poll exportJob, letting the background job run between polls (bounded, no sleeps)."""
    for _ in range(MAX_POLLS):
        job = ok(await gql(client, JOB, {"id": job_id}, token=token), "exportJob")
        if job["status"] in ("DONE", "FAILED"):
            return job
        assert job["status"] in ("QUEUED", "RUNNING"), job
        await wait_for_jobs()
    raise AssertionError(f"export job {job_id} not finished after {MAX_POLLS} polls")


async def plain_staff_token(agency_id: int) -> str:
    for plan in await PerformancePlan.filter(agency_id=agency_id, position__type="PELAKSANA"):
        account = await Account.get_or_none(employee_id=plan.employee_id)
        if account is None or not (account.is_central_admin or account.admin_agency_id):
            return await token_for((await Employee.get(id=plan.employee_id)).id)
    raise AssertionError("no plain staff member")


async def test_recap_job_runs_in_the_background_and_downloads(client, city) -> None:
    token = await central_token()
    agency = await busiest_agency()
    plans = await PerformancePlan.filter(agency_id=agency.id, year=YEAR).count()
    job = await start(client, token, kind="RECAP", agencyId=str(agency.id), year=YEAR)
    assert job["__typename"] == "ExportJob", job
    assert (job["kind"], job["total"], job["downloadUrl"]) == ("RECAP", plans, None)
    assert job["status"] in ("QUEUED", "RUNNING", "DONE")

    final = await poll_until_done(client, token, job["id"])
    assert (final["status"], final["progress"], final["done"]) == ("DONE", 1.0, plans)
    assert final["downloadUrl"] == f"/documents/jobs/{job['id']}"
    response = await download(client, final["downloadUrl"], token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == final["contentType"]
    assert final["filename"] in response.headers["content-disposition"]
    assert len(response.content) == final["size"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ringkasan", "Pegawai", "Unit"]
    # a Range resumes the stored file (ETag: its SHA-256), as an evidence download does
    etag = response.headers["etag"]
    assert response.headers["accept-ranges"] == "bytes" and len(etag) == 66
    rest = await client.get(
        final["downloadUrl"],
        headers={"Authorization": f"Bearer {token}", "Range": "bytes=100-", "If-Range": etag},
    )
    assert rest.status_code == 206 and rest.content == response.content[100:]
    assert rest.headers["content-range"] == f"bytes 100-{final['size'] - 1}/{final['size']}"
    summary = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(values_only=True) if r[0]}
    assert summary["Perangkat Daerah"] == agency.name and summary["Jumlah SKP"] == plans

    actions = await AuditEntry.filter(entity="ExportJob", entity_id=job["id"]).values_list(
        "action", flat=True
    )
    # the whole download and the resumed part: each request audited
    assert sorted(actions) == ["export.done", "export.download", "export.download", "export.start"]
    # an export job is no import job
    body = await gql(
        client, "query($id: ID!) { importJob(id: $id) { id } }", {"id": job["id"]}, token=token
    )
    assert body["errors"][0]["extensions"]["code"] == "not_found"


async def test_siasn_job_holds_the_same_file_as_the_direct_export(client, city) -> None:
    token = await central_token()
    agency = await busiest_agency()
    job = await start(client, token, kind="SIASN", agencyId=str(agency.id), year=YEAR)
    final = await poll_until_done(client, token, job["id"])
    assert final["status"] == "DONE", final
    data = json.loads((await download(client, final["downloadUrl"], token)).content)
    direct = await download(
        client, f"/documents/siasn.json?agencyId={agency.id}&year={YEAR}", token
    )
    expected = json.loads(direct.content)
    assert data["instansi"] == expected["instansi"]
    assert (
        data["skp22"] == expected["skp22"]
        and data["kinerjaPeriodik"] == expected["kinerjaPeriodik"]
    )
    assert (
        final["total"]
        == final["done"]
        == (len(data["skp22"]) + len(data["kinerjaPeriodik"]) + len(data["tidakDiekspor"]))
    )


async def test_export_jobs_follow_the_export_access_rule(client, city) -> None:
    agency = await busiest_agency()
    plain = await plain_staff_token(agency.id)
    refused = await start(client, plain, kind="RECAP", agencyId=str(agency.id), year=YEAR)
    assert (refused["__typename"], refused["code"]) == ("NotAllowed", "access.agency")
    assert await ImportJob.filter(kind__in=["recap", "siasn"]).count() == 0

    token = await central_token()
    job = await start(client, token, kind="RECAP", agencyId=str(agency.id), year=YEAR)
    final = await poll_until_done(client, token, job["id"])
    body = await gql(client, JOB, {"id": job["id"]}, token=plain)
    assert body["errors"][0]["extensions"]["code"] == "not_found"
    assert (await download(client, final["downloadUrl"], plain)).status_code == 404
    assert (await download(client, final["downloadUrl"], None)).status_code == 401
    assert (await download(client, "/documents/jobs/abc", token)).status_code == 404


async def test_bad_input_is_a_typed_error_and_records_nothing(client, city) -> None:
    token = await central_token()
    agency = await busiest_agency()
    unit = await PerformancePlan.filter(agency_id=agency.id).first()
    siasn_unit = await start(
        client, token, kind="SIASN", agencyId=str(agency.id), year=YEAR, unitId=str(unit.unit_id)
    )
    assert (siasn_unit["__typename"], siasn_unit["code"], siasn_unit["field"]) == (
        "ValidationError",
        "export.unit_not_for_siasn",
        "unitId",
    )
    missing = await start(client, token, kind="RECAP", agencyId="999999", year=YEAR)
    assert (missing["__typename"], missing["field"]) == ("NotFound", "agencyId")
    other = await start(
        client, token, kind="RECAP", agencyId=str(agency.id), year=YEAR, periodId="999999"
    )
    assert (other["__typename"], other["field"]) == ("NotFound", "periodId")
    assert await ImportJob.filter(kind__in=["recap", "siasn"]).count() == 0
    assert await AuditEntry.filter(action="export.start").count() == 0


async def test_a_failing_export_is_failed_with_a_reason_and_no_file(client, city, monkeypatch):
    from kinerja_core.services.documents import recap

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(recap, "recap_workbook", broken)
    token = await central_token()
    agency = await busiest_agency()
    job = await start(client, token, kind="RECAP", agencyId=str(agency.id), year=YEAR)
    final = await poll_until_done(client, token, job["id"])
    assert (final["status"], final["downloadUrl"], final["progress"]) == ("FAILED", None, 1.0)
    assert "kesalahan tak terduga" in final["error"]  # Indonesian by default
    response = await download(client, f"/documents/jobs/{job['id']}", token)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "export.not_ready"
    assert await AuditEntry.filter(action="export.done").count() == 0


async def test_a_period_job_and_english_messages(client, city) -> None:
    from kinerja_core.domain.enums import EvaluationStatus
    from kinerja_core.models import Evaluation

    token = await central_token()
    agency = await busiest_agency()
    final_row = await Evaluation.filter(
        plan__agency_id=agency.id,
        year=YEAR,
        status=EvaluationStatus.FINAL,
        period_id__not_isnull=True,
    ).first()
    assert final_row is not None, "the demo city has final periodic evaluations"
    expected = await Evaluation.filter(
        plan__agency_id=agency.id,
        year=YEAR,
        status=EvaluationStatus.FINAL,
        period_id=final_row.period_id,
    ).count()
    job = await start(
        client,
        token,
        kind="SIASN",
        agencyId=str(agency.id),
        year=YEAR,
        periodId=str(final_row.period_id),
    )
    final = await poll_until_done(client, token, job["id"])
    assert (final["status"], final["total"]) == ("DONE", expected)
    data = json.loads((await download(client, final["downloadUrl"], token)).content)
    assert data["periode"]["id"] == final_row.period_id

    body = await gql(
        client,
        START,
        {"input": {"kind": "SIASN", "agencyId": str(agency.id), "year": YEAR, "unitId": "1"}},
        token=token,
        lang="en",
    )
    refused = ok(body, "startExport")
    assert refused["message"] == "The SIASN export is made per agency; a unit cannot be chosen."
