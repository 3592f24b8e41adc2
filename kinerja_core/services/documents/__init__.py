"""Printable documents (SKP, Dokumen Evaluasi Kinerja), their verification, recaps, exports.

- :func:`plan_document` / :func:`evaluation_document`: what a PDF will say, for a viewer who
  may read the SKP (the same rule as reading the plan); :func:`issue_pdf` renders it and
  records the issue in the audit log (``document.issue``, entity ``Document``, id = the
  verification reference printed on it).
- :func:`verify_document`: a printout's reference -> whether it was issued, its content hash,
  and whether today's data still says the same (e.g. not after an appeal changed the rating).
- Recap (.xlsx): :mod:`.recap`; export for BKN e-Kinerja / SIASN: :mod:`.siasn`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import EvaluationStatus, PlanStatus
from kinerja_core.errors import NotFound, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import AuditEntry, Evaluation, PerformancePlan
from kinerja_core.services import audit
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.documents.content import evaluation_content, skp_content
from kinerja_core.services.documents.render import (
    PDF_CONTENT_TYPE,
    Document,
    content_hash,
    render_pdf,
)
from kinerja_core.settings import Settings

__all__ = [
    "PDF_CONTENT_TYPE",
    "Document",
    "Verification",
    "evaluation_document",
    "issue_pdf",
    "plan_document",
    "verify_document",
]

SKP_PATH = "/documents/skp/{id}.pdf"
EVALUATION_PATH = "/documents/evaluation/{id}.pdf"
VERIFY_PATH = "/documents/verify/{reference}"
REFERENCE = re.compile(r"^(SKP|EVK)-([1-9][0-9]{0,9})-([0-9A-F]{10})$")
ISSUED_PLAN = (PlanStatus.APPROVED, PlanStatus.CLOSED)


def public_link(settings: Settings, path: str) -> str:
    """``path`` on this server, absolute when ``public_url`` is set (printed on documents)."""
    return settings.public_url.rstrip("/") + path if settings.public_url else path


async def _skp(plan: PerformancePlan, settings: Settings) -> Document:
    content = await skp_content(plan, settings.document_place)
    nip = content["employee"]["nip"]
    form = "JPT" if content["form"] == "JPT" else "JA-JF"
    return Document(
        kind="SKP",
        subject_id=plan.id,
        title=f"SKP {plan.year} {content['employee']['name']} ({nip})",
        filename=f"SKP-{plan.year}-{form}-{nip}.pdf",
        template="skp.html",
        content=content,
    ).seal()


async def _evaluation(row: Evaluation, plan: PerformancePlan, settings: Settings) -> Document:
    content = await evaluation_content(row, plan, settings.document_place)
    nip = content["employee"]["nip"]
    which = "tahunan" if content["annual"] else f"periode-{row.period_id}"
    return Document(
        kind="EVK",
        subject_id=row.id,
        title=f"Dokumen Evaluasi Kinerja {content['period_label']} "
        f"{content['employee']['name']} ({nip})",
        filename=f"Evaluasi-Kinerja-{row.year}-{which}-{nip}.pdf",
        template="evaluation.html",
        content=content,
    ).seal()


async def plan_document(ctx: ServiceContext, plan_id: Any, field: str = "planId") -> Document:
    """The SKP document of an approved plan, for whoever may read the plan."""
    viewer = ctx.require_viewer()
    plan = await get_or_404(PerformancePlan, plan_id, field)
    await access.require_read_plan(viewer, plan)
    if plan.status not in ISSUED_PLAN or plan.snapshot is None:
        raise ValidationFailed("document.plan_not_approved", field=field)
    return await _skp(plan, ctx.settings)


async def evaluation_document(
    ctx: ServiceContext, evaluation_id: Any, field: str = "evaluationId"
) -> Document:
    """The Dokumen Evaluasi Kinerja of a final evaluation, for whoever may read its SKP."""
    viewer = ctx.require_viewer()
    row = await get_or_404(Evaluation, evaluation_id, field)
    plan = await PerformancePlan.get(id=row.plan_id)
    await access.require_read_plan(viewer, plan)
    if row.status != EvaluationStatus.FINAL or row.snapshot is None:
        raise ValidationFailed("document.evaluation_not_final", field=field)
    return await _evaluation(row, plan, ctx.settings)


def government(settings: Settings) -> str:
    return f"PEMERINTAH KOTA {settings.document_place.upper()}"


async def issue_pdf(ctx: ServiceContext, document: Document) -> bytes:
    """Render the PDF and record its issue (who, when, reference, hash) in the audit log."""
    now = ctx.now()
    document.extra.update(
        issued_at=now.strftime("%Y-%m-%d %H:%M UTC"),
        verify_url=public_link(ctx.settings, VERIFY_PATH.format(reference=document.reference)),
        government=government(ctx.settings),
        orientation="landscape" if document.kind == "SKP" else "portrait",
    )
    pdf = await render_pdf(document)
    async with ctx.transaction():
        await audit.record(
            ctx,
            "document.issue",
            "Document",
            document.reference,
            after={
                "kind": document.kind,
                "subject_id": document.subject_id,
                "sha256": document.sha256,
                "title": document.title,
                "filename": document.filename,
                "bytes": len(pdf),
            },
        )
    return pdf


@dataclass
class Verification:
    reference: str
    valid: bool  # issued by this server (an audit entry says so)
    kind: str = ""
    title: str = ""
    sha256: str = ""
    first_issued_at: Any = None
    issue_count: int = 0
    current: bool = False  # today's data gives the same content hash


async def verify_document(ctx: ServiceContext, reference: str) -> Verification:
    """Check a printed reference against the audit trail and today's data (no sign-in:
    whoever holds the printout has the reference; unguessable by its 40-bit hash part)."""
    ref = (reference or "").strip().upper()
    found = REFERENCE.match(ref)
    if not found:
        raise ValidationFailed("document.reference_format", field="reference")
    issues = await AuditEntry.filter(
        action="document.issue", entity="Document", entity_id=ref
    ).order_by("id")
    if not issues:
        return Verification(reference=ref, valid=False)
    first = issues[0].after or {}
    kind, subject_id = found.group(1), int(found.group(2))
    current_hash = await _current_hash(ctx.settings, kind, subject_id)
    return Verification(
        reference=ref,
        valid=True,
        kind=kind,
        title=first.get("title", ""),
        sha256=first.get("sha256", ""),
        first_issued_at=issues[0].at,
        issue_count=len(issues),
        current=current_hash == first.get("sha256"),
    )


async def _current_hash(settings: Settings, kind: str, subject_id: int) -> str | None:
    if kind == "SKP":
        plan = await PerformancePlan.get_or_none(id=subject_id)
        if plan is None or plan.snapshot is None:
            return None
        return content_hash((await _skp(plan, settings)).content)
    row = await Evaluation.get_or_none(id=subject_id)
    if row is None or row.snapshot is None:
        return None
    plan = await PerformancePlan.get(id=row.plan_id)
    return content_hash((await _evaluation(row, plan, settings)).content)


def not_found(reference: str) -> NotFound:
    return NotFound("document.not_issued", field="reference", reference=reference[:40])


register_messages(
    {
        "document.plan_not_approved": (
            "Dokumen SKP baru dapat dicetak setelah SKP disetujui pejabat penilai.",
            "The SKP document can only be printed once the rater has approved the plan.",
        ),
        "document.evaluation_not_final": (
            "Dokumen evaluasi kinerja baru dapat dicetak setelah penilaian difinalkan.",
            "The performance evaluation document can only be printed once the evaluation is final.",
        ),
        "document.reference_format": (
            "Nomor verifikasi tidak dikenali; bentuknya seperti SKP-123-0A1B2C3D4E atau "
            "EVK-45-0A1B2C3D4E.",
            "The verification number is not recognised; it looks like SKP-123-0A1B2C3D4E "
            "or EVK-45-0A1B2C3D4E.",
        ),
        "document.parameter_required": (
            "Parameter {name} wajib diisi.",
            "The parameter {name} is required.",
        ),
        "document.parameter_number": (
            "Parameter {name} harus berupa bilangan bulat positif.",
            "The parameter {name} must be a positive whole number.",
        ),
        "document.not_issued": (
            "Tidak ada dokumen yang diterbitkan dengan nomor verifikasi {reference}.",
            "No document was issued with the verification number {reference}.",
        ),
    }
)
