"""Printable SKP and Dokumen Evaluasi Kinerja: rendered from the demo city through the running
app, opened with pypdf, checked against the audit trail and the access rules."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from kinerja_core.auth.tokens import new_token, token_hash
from kinerja_core.demo import run_demo
from kinerja_core.domain.enums import EvaluationStatus, PlanStatus
from kinerja_core.models import (
    Account,
    AuditEntry,
    BehaviorExpectation,
    Employee,
    Evaluation,
    PerformancePlan,
    Realization,
    Session,
    WorkResult,
)
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.settings import Settings
from tests.support import _PASSWORD_HASH, gql, ok

pytest.importorskip("kinerja_kesehatan.plugin", reason="pip install -e plugins/*")

LINK = "url filename contentType title reference sha256"
PLAN_DOCUMENT = f"query($id: ID!) {{ planDocument(planId: $id) {{ {LINK} }} }}"
EVALUATION_DOCUMENT = f"query($id: ID!) {{ evaluationDocument(evaluationId: $id) {{ {LINK} }} }}"
VERIFY = """query($ref: String!) { verifyDocument(reference: $ref) {
  reference valid kind title sha256 firstIssuedAt issueCount current } }"""


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


@pytest.fixture
async def city(settings: Settings, db: None, plugin_manager: PluginManager) -> None:
    await run_demo(
        settings,
        employees=90,
        seed=7,
        out=io.StringIO(),
        log=io.StringIO(),
        plugins=plugin_manager,
    )


async def token_for(employee_id: int) -> str:
    """A bearer token for this employee (a session as ``login`` would make)."""
    account = await Account.get_or_none(employee_id=employee_id)
    if account is None:  # the demo gives accounts to some people only
        account = await Account.create(employee_id=employee_id, password_hash=_PASSWORD_HASH)
    token = new_token()
    await Session.create(
        account=account,
        token_hash=token_hash(token),
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
    )
    return token


async def download(client: httpx.AsyncClient, url: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.get(url, headers=headers)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


async def issued(client: httpx.AsyncClient, query: str, subject_id: int, token: str) -> tuple:
    link = ok(await gql(client, query, {"id": str(subject_id)}, token=token))
    link = next(iter(link.values()))
    response = await download(client, link["url"], token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert link["filename"] in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF")
    return link, squash(pdf_text(response.content))


async def outsider_for(plan: PerformancePlan) -> Employee:
    """A plain employee of another agency: may not read the plan."""
    heads = await Account.filter(is_central_admin=True).values_list("employee_id", flat=True)
    return (
        await Employee.filter(
            agency_id__not=plan.agency_id, id__not_in=list(heads), account__id__not_isnull=True
        )
        .exclude(id__in=[plan.rater_id or 0, plan.rater_superior_id or 0])
        .order_by("-id")
        .first()
    )


@pytest.mark.parametrize("form", ["JA_JF", "JPT"])
async def test_skp_pdf_prints_the_approved_plan_with_reference_and_hash(
    client: httpx.AsyncClient, city: None, form: str
) -> None:
    plan = await (
        PerformancePlan.filter(status=PlanStatus.APPROVED, form=form, rater_id__not_isnull=True)
        .order_by("id")
        .first()
    )
    snap = plan.snapshot
    token = await token_for(plan.employee_id)

    link, text = await issued(client, PLAN_DOCUMENT, plan.id, token)

    assert link["url"] == f"/documents/skp/{plan.id}.pdf"
    assert link["reference"].startswith(f"SKP-{plan.id}-")
    assert "SASARAN KINERJA PEGAWAI" in text
    title = (
        "PEJABAT PIMPINAN TINGGI"
        if form == "JPT"
        else "PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"
    )
    assert title in text
    assert snap["employee"]["name"] in text and snap["employee"]["nip"] in text
    assert snap["rater"]["name"] in text and snap["rater"]["nip"] in text
    for result in await WorkResult.filter(plan_id=plan.id):
        assert squash(result.description)[:40] in text
        if result.parent_id:  # the cascade column: the superior's RHK it intervenes
            parent = await WorkResult.get(id=result.parent_id)
            assert squash(parent.description)[:40] in text
    assert "EKSPEKTASI KHUSUS PIMPINAN" in text and "Berorientasi Pelayanan" in text
    for expectation in await BehaviorExpectation.filter(plan_id=plan.id).exclude(expectation=""):
        assert squash(expectation.expectation)[:30] in text
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in text and "DUKUNGAN SUMBER DAYA" in text
    assert "Pontianak, " in text  # document_place on the signature line
    assert link["reference"] in text and link["sha256"] in text.replace(" ", "")

    entry = await AuditEntry.get(action="document.issue", entity_id=link["reference"])
    assert entry.after["sha256"] == link["sha256"] and entry.actor_nip == snap["employee"]["nip"]

    checked = ok(await gql(client, VERIFY, {"ref": link["reference"].lower()}), "verifyDocument")
    assert checked["valid"] and checked["current"] and checked["kind"] == "SKP"
    assert checked["sha256"] == link["sha256"] and checked["issueCount"] == 1
    public = await client.get(f"/documents/verify/{link['reference']}")
    assert public.status_code == 200 and public.json()["valid"] is True


async def test_skp_pdf_follows_the_plan_read_rule(client: httpx.AsyncClient, city: None) -> None:
    plan = await (
        PerformancePlan.filter(status=PlanStatus.APPROVED, rater_id__not_isnull=True)
        .order_by("id")
        .first()
    )
    url = f"/documents/skp/{plan.id}.pdf"
    rater = await token_for(plan.rater_id)
    assert (await download(client, url, rater)).status_code == 200

    outsider = await token_for((await outsider_for(plan)).id)
    refused = await download(client, url, outsider)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "access.denied"
    body = await gql(client, PLAN_DOCUMENT, {"id": str(plan.id)}, token=outsider)
    assert body["errors"][0]["extensions"]["code"] == "access.denied"

    anonymous = await download(client, url, None)
    assert anonymous.status_code == 401
    assert (await download(client, "/documents/skp/abc.pdf", rater)).status_code == 404
    assert (await download(client, "/documents/skp/999999.pdf", rater)).status_code == 404
    issues = await AuditEntry.filter(action="document.issue").count()
    assert issues == 1  # only the allowed download was issued

    draft = await PerformancePlan.filter(
        status=PlanStatus.DRAFT, employee__account__id__not_isnull=True
    ).first()
    owner = await token_for(draft.employee_id)
    response = await client.get(
        f"/documents/skp/{draft.id}.pdf",
        headers={"Authorization": f"Bearer {owner}", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "document.plan_not_approved"
    assert "approved" in response.json()["error"]["message"]


async def evaluate_and_finalize(
    client: httpx.AsyncClient, plan: PerformancePlan, period_id: int | None
) -> tuple[Evaluation, str]:
    """The rater evaluates (a period, or the year) and finalises, through the API."""
    rater = await token_for(plan.rater_id)
    data: dict[str, Any] = {
        "planId": str(plan.id),
        "resultRating": "SESUAI_EKSPEKTASI",
        "behaviorRating": "DI_ATAS_EKSPEKTASI",
    }
    if period_id is not None:
        data["periodId"] = str(period_id)
    created = ok(
        await gql(
            client,
            """mutation($input: EvaluateInput!) { evaluate(input: $input) { __typename
              ... on Evaluation { id } ... on UserError { code message } } }""",
            {"input": data},
            token=rater,
        ),
        "evaluate",
    )
    assert created["__typename"] == "Evaluation", created
    final = ok(
        await gql(
            client,
            "mutation($id: ID!) { finalizeEvaluation(id: $id) { __typename } }",
            {"id": created["id"]},
            token=rater,
        ),
        "finalizeEvaluation",
    )
    assert final["__typename"] == "EvaluationPayload", final
    return await Evaluation.get(id=int(created["id"])), rater


async def test_evaluation_pdf_shows_ratings_predikat_and_plugin_provenance(
    client: httpx.AsyncClient, city: None
) -> None:
    computed = None
    for row in await Realization.all().order_by("id"):
        if row.provenance and "annualTarget" in row.provenance:
            computed = row
            break
    assert computed is not None, "the demo city has plugin-computed realisasi"
    plan = await PerformancePlan.filter(work_results__indicators__id=computed.indicator_id).first()
    await Evaluation.filter(plan_id=plan.id, period_id=computed.period_id).delete()
    evaluation, _ = await evaluate_and_finalize(client, plan, computed.period_id)
    realization = computed
    token = await token_for(plan.employee_id)

    link, text = await issued(client, EVALUATION_DOCUMENT, evaluation.id, token)

    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text
    assert evaluation.snapshot["period"]["label"].upper() in text
    assert evaluation.snapshot["employee"]["nip"] in text
    assert evaluation.snapshot["rater"]["name"] in text
    assert "CAPAIAN KINERJA ORGANISASI" in text and "PREDIKAT KINERJA PEGAWAI" in text
    from kinerja_core.services.documents import labels

    assert labels.predikat(evaluation.predikat) in text
    assert labels.rating(evaluation.result_rating) in text
    from kinerja_core.services.documents.content import number

    assert "Dihitung otomatis oleh plugin kesehatan (kesehatan.idl_coverage)" in text
    provenance = realization.provenance
    assert f"pembilang {number(provenance['numerator'])}" in text
    assert f"penyebut {number(provenance['denominator'])}" in text
    assert f"capaian {number(provenance['achievement'])}%" in text
    assert link["reference"].startswith(f"EVK-{evaluation.id}-") and link["reference"] in text

    # a later change (e.g. an appeal's decision) makes the printout outdated, still genuine
    before = ok(await gql(client, VERIFY, {"ref": link["reference"]}), "verifyDocument")
    assert before["current"] is True
    await Evaluation.filter(id=evaluation.id).update(note="diubah setelah keberatan")
    after = ok(await gql(client, VERIFY, {"ref": link["reference"]}), "verifyDocument")
    assert after["valid"] is True and after["current"] is False


async def test_annual_evaluation_pdf(client: httpx.AsyncClient, city: None) -> None:
    # (an exclude through the reverse relation keeps a plan that has periodic ones too)
    rated = await Evaluation.filter(kind="ANNUAL").values_list("plan_id", flat=True)
    plan = await (
        PerformancePlan.filter(status=PlanStatus.APPROVED, rater_id__not_isnull=True)
        .exclude(id__in=[*rated, 0])
        .order_by("id")
        .first()
    )
    evaluation, rater = await evaluate_and_finalize(client, plan, None)

    link, text = await issued(client, EVALUATION_DOCUMENT, evaluation.id, rater)
    assert "PERIODE: TAHUNAN" in text and "REALISASI (PER PERIODE)" in text
    assert "Baik" in text  # SESUAI x DI_ATAS -> Baik


async def test_unfinished_and_unknown_documents(client: httpx.AsyncClient, city: None) -> None:
    draft = await Evaluation.filter(status=EvaluationStatus.DRAFT).first()
    if draft is not None:
        plan = await PerformancePlan.get(id=draft.plan_id)
        body = await gql(
            client, EVALUATION_DOCUMENT, {"id": str(draft.id)}, token=await token_for(plan.rater_id)
        )
        assert body["errors"][0]["extensions"]["code"] == "document.evaluation_not_final"
    central = await token_for((await Account.filter(is_central_admin=True).first()).employee_id)
    for query, name in ((PLAN_DOCUMENT, "planId"), (EVALUATION_DOCUMENT, "evaluationId")):
        for raw, code in (("abc", None), ("999999", "not_found")):
            body = await gql(client, query, {"id": raw}, token=central, lang="en")
            extensions = body["errors"][0]["extensions"]
            assert extensions["field"] == name, body
            assert code is None or extensions["code"] == code
    anonymous = await gql(client, PLAN_DOCUMENT, {"id": "1"})
    assert anonymous["errors"][0]["extensions"]["code"] == "auth.required"
    assert await AuditEntry.filter(action="document.issue").count() == 0  # nothing issued
    bad = await gql(client, VERIFY, {"ref": "not a reference"}, lang="en")
    error: dict[str, Any] = bad["errors"][0]
    assert error["extensions"]["code"] == "document.reference_format"
    assert error["extensions"]["field"] == "reference" and "verification number" in error["message"]
    unknown = ok(await gql(client, VERIFY, {"ref": "SKP-1-0123456789"}), "verifyDocument")
    assert unknown["valid"] is False and unknown["sha256"] == ""
    assert (await client.get("/documents/verify/SKP-1-0123456789")).status_code == 404
    assert (await client.get("/documents/verify/xyz")).status_code == 400


async def test_cli_exports_every_kind(city: None, settings: Settings, tmp_path) -> None:
    import asyncio

    from openpyxl import load_workbook

    from tests.test_bulk_import import run_cli

    plan = await (
        PerformancePlan.filter(status=PlanStatus.APPROVED, rater_id__not_isnull=True)
        .order_by("id")
        .first()
    )
    owner = await Employee.get(id=plan.employee_id)
    if not await Account.filter(employee_id=owner.id).exists():
        await Account.create(employee_id=owner.id, password_hash=_PASSWORD_HASH)
    pdf = tmp_path / "skp.pdf"
    done = await asyncio.to_thread(
        run_cli, settings, "export", "skp", str(plan.id), "-o", str(pdf), "--as", owner.nip
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SASARAN KINERJA PEGAWAI" in squash(pdf_text(pdf.read_bytes()))
    entry = await AuditEntry.get(action="document.issue")
    assert entry.actor_nip == owner.nip and entry.entity_id in done.stdout

    evaluation = await Evaluation.filter(status=EvaluationStatus.FINAL).first()
    out = tmp_path / "evk.pdf"
    done = await asyncio.to_thread(
        run_cli, settings, "export", "evaluation", str(evaluation.id), "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "DOKUMEN EVALUASI KINERJA" in squash(pdf_text(out.read_bytes()))

    book = tmp_path / "rekap.xlsx"
    done = await asyncio.to_thread(
        run_cli, settings, "export", "recap", str(plan.agency_id), str(plan.year), "-o", str(book)
    )
    assert done.returncode == 0, done.stderr
    assert load_workbook(book).sheetnames == ["Ringkasan", "Pegawai", "Unit"]

    export = tmp_path / "siasn.json"
    done = await asyncio.to_thread(
        run_cli,
        settings,
        "export",
        "siasn",
        str(plan.agency_id),
        str(plan.year),
        "-o",
        str(export),
    )
    assert done.returncode == 0, done.stderr
    assert '"kinerjaPeriodik"' in export.read_text(encoding="utf-8")

    draft = await PerformancePlan.filter(status=PlanStatus.DRAFT).first()
    refused = await asyncio.to_thread(
        run_cli,
        settings,
        "export",
        "skp",
        str(draft.id),
        "--lang",
        "en",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert refused.returncode == 1 and "approved" in refused.stderr
