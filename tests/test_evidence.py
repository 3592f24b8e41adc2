"""Bukti dukung over HTTP: links, uploads (GraphQL multipart request spec), downloads."""

from __future__ import annotations

import hashlib
import json

import pytest

from kinerja_core.models import Evidence
from kinerja_core.services import audit
from tests.support import gql, ok, upload_file
from tests.test_monitoring import make_plan, open_period, record, setup_periods

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
UPLOAD = """mutation($realizationId: ID!, $file: Upload!) {
  uploadEvidence(realizationId: $realizationId, file: $file) {
    __typename
    ... on Evidence { id kind filename contentType size sha256 downloadUrl uploadedBy { id } }
    ... on ValidationError { code message field }
    ... on UserError { code message }
  }
}"""
LINK = """mutation($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) {
  __typename
  ... on Evidence { id kind url title downloadUrl }
  ... on ValidationError { code message field }
  ... on UserError { code message }
} }"""
REMOVE = """mutation($id: ID!) { removeEvidence(id: $id) {
  __typename ... on UserError { code } } }"""
LIMIT = 64 * 1024


@pytest.fixture
def settings(settings):
    """A small upload limit, so the oversized case stays quick."""
    return settings.replace(upload_max_bytes=LIMIT)


async def upload(client, token, realization_id, filename, content, content_type) -> dict:
    """POST a GraphQL multipart request: operations, map, then the file part."""
    variables = {"realizationId": realization_id}
    body = await upload_file(
        client, UPLOAD, variables, (filename, content, content_type), token=token
    )
    return ok(body, "uploadEvidence")


def stored_files(settings) -> list:
    """Every file under the upload directory (temporary ones included)."""
    return [p for p in settings.upload_dir.rglob("*") if p.is_file()]


@pytest.fixture
async def realisasi(client, world):
    """An approved SKP of staff (rater kasubag) with a realisasi in an open January."""
    plan, _, (indicator,) = await make_plan(world)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    row = await record(client, world.staff.token, indicator, period_id, value="1")
    return {"plan": plan, "id": row["id"], "period_id": period_id}


async def test_owner_attaches_a_link_and_a_pdf_that_the_rater_downloads(
    client, world, settings, realisasi
):
    link = ok(
        await gql(
            client,
            LINK,
            {
                "input": {
                    "realizationId": realisasi["id"],
                    "url": "https://drive.pontianak.go.id/laporan-januari",
                    "title": "Laporan Januari",
                }
            },
            token=world.staff.token,
        ),
        "addEvidenceLink",
    )
    assert link["kind"] == "LINK" and link["downloadUrl"] is None

    evidence = await upload(
        client, world.staff.token, realisasi["id"], "laporan januari.pdf", PDF, "application/pdf"
    )
    assert evidence["__typename"] == "Evidence"
    digest = hashlib.sha256(PDF).hexdigest()
    assert evidence["sha256"] == digest and evidence["size"] == len(PDF)
    assert evidence["contentType"] == "application/pdf"
    assert evidence["filename"] == "laporan januari.pdf"
    assert evidence["downloadUrl"] == f"/evidence/{evidence['id']}"
    assert evidence["uploadedBy"] == {"id": world.staff.id}
    stored = settings.upload_dir / digest[:2] / digest
    assert stored.read_bytes() == PDF

    query = """query($planId: ID!) { realizations(planId: $planId) {
      evidence { kind title sha256 } } }"""
    rows = ok(
        await gql(client, query, {"planId": str(realisasi["plan"].id)}, token=world.kasubag.token),
        "realizations",
    )
    assert [e["kind"] for e in rows[0]["evidence"]] == ["LINK", "FILE"]

    url = evidence["downloadUrl"]
    response = await client.get(url, headers={"Authorization": f"Bearer {world.kasubag.token}"})
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert "laporan%20januari.pdf" in response.headers["content-disposition"]

    anonymous = await client.get(url)
    assert anonymous.status_code == 401
    # someone else's file answers like a missing one: the URL tells nothing (issue 8)
    peer = await client.get(url, headers={"Authorization": f"Bearer {world.staff2.token}"})
    missing_id = "999999"
    missing = await client.get(
        f"/evidence/{missing_id}", headers={"Authorization": f"Bearer {world.staff2.token}"}
    )
    assert peer.status_code == missing.status_code == 404
    assert peer.json()["error"]["code"] == missing.json()["error"]["code"] == "not_found"
    evidence_id = url.rsplit("/", 1)[1]
    assert peer.json()["error"]["message"].replace(evidence_id, "?") == missing.json()["error"][
        "message"
    ].replace(missing_id, "?")


async def test_oversized_upload_is_refused_and_leaves_nothing(client, world, settings, realisasi):
    big = PDF + b"0" * LIMIT
    result = await upload(
        client, world.staff.token, realisasi["id"], "besar.pdf", big, "application/pdf"
    )
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        "evidence.too_large",
        "file",
    )
    assert "0.0625 MB" in result["message"]
    assert await Evidence.all().count() == 0
    assert stored_files(settings) == []


async def test_disallowed_type_and_disguised_executable_are_refused(
    client, world, settings, realisasi
):
    exe = await upload(
        client, world.staff.token, realisasi["id"], "setup.exe", EXE, "application/x-msdownload"
    )
    assert (exe["code"], exe["field"]) == ("evidence.content_type", "file")
    assert ".pdf" in exe["message"]

    disguised = await upload(
        client, world.staff.token, realisasi["id"], "foto.png", EXE, "image/png"
    )
    assert (disguised["code"], disguised["field"]) == ("evidence.content_mismatch", "file")

    as_text = await upload(client, world.staff.token, realisasi["id"], "x.txt", EXE, "text/plain")
    assert as_text["code"] == "evidence.content_mismatch"
    assert await Evidence.all().count() == 0
    assert stored_files(settings) == []


async def test_someone_else_cannot_upload_to_a_realisasi(client, world, settings, realisasi):
    result = await upload(
        client, world.staff2.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    assert (result["__typename"], result["code"]) == ("NotAllowed", "access.not_own")
    assert await Evidence.all().count() == 0
    assert stored_files(settings) == []


async def test_failed_database_write_removes_the_uploaded_file(
    client, world, settings, realisasi, monkeypatch
):
    async def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", broken)
    operations = {"query": UPLOAD, "variables": {"realizationId": realisasi["id"], "file": None}}
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("a.pdf", PDF, "application/pdf")},
        headers={"Authorization": f"Bearer {world.staff.token}"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "internal"
    assert await Evidence.all().count() == 0
    assert stored_files(settings) == []


async def test_link_must_be_http_or_https(client, world, realisasi):
    for url in ("javascript:alert(1)", "ftp://files.example/a.pdf", "https://", "not a url"):
        body = await gql(
            client,
            LINK,
            {"input": {"realizationId": realisasi["id"], "url": url}},
            token=world.staff.token,
        )
        result = ok(body, "addEvidenceLink")
        assert (result["code"], result["field"]) == ("evidence.url", "url"), url
    assert await Evidence.all().count() == 0


async def test_removing_evidence_keeps_a_file_another_evidence_shares(
    client, world, settings, realisasi
):
    first = await upload(
        client, world.staff.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    second = await upload(
        client, world.staff.token, realisasi["id"], "b.pdf", PDF, "application/pdf"
    )
    assert first["sha256"] == second["sha256"]
    stored = settings.upload_dir / first["sha256"][:2] / first["sha256"]

    body = await gql(client, REMOVE, {"id": first["id"]}, token=world.staff2.token)
    assert ok(body, "removeEvidence", "code") == "access.not_own"

    body = await gql(client, REMOVE, {"id": first["id"]}, token=world.staff.token)
    assert ok(body, "removeEvidence", "__typename") == "Done"
    assert stored.exists()
    body = await gql(client, REMOVE, {"id": second["id"]}, token=world.staff.token)
    assert ok(body, "removeEvidence", "__typename") == "Done"
    assert not stored.exists()
    assert await Evidence.all().count() == 0


async def test_evidence_cannot_change_once_the_period_is_closed(client, world, realisasi):
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "a.pdf", PDF, "application/pdf"
    )
    close = """mutation($id: ID!) { closePeriod(id: $id) { __typename } }"""
    await gql(client, close, {"id": realisasi["period_id"]}, token=world.admin.token)

    body = await gql(client, REMOVE, {"id": evidence["id"]}, token=world.staff.token)
    assert ok(body, "removeEvidence", "code") == "realization.period_not_open"
    late = await upload(client, world.staff.token, realisasi["id"], "b.pdf", PDF, "application/pdf")
    assert late["code"] == "realization.period_not_open"
    assert await Evidence.all().count() == 1
