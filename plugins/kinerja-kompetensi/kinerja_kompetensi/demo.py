"""Demo data of the kompetensi plugin (``kinerja demo``): on city-wide, needs proposed from the
demo's finalised evaluations by the plugin's own rules, most confirmed by the rater, plans of
every state (draft, submitted, approved, returned), completed learning with certificates
(small generated PDFs and PNGs in the evidence store) verified, waiting or rejected by the
agency admins, so the BKPSDM view, the JP figures and the effect view are not empty.

Every row written is audited as the real write it stands for (``audit.record_many``: no actor,
the demo's request id), in bulk: the hook runs under the plugin time limit.

Effect view: needs are proposed from the **first** final evaluation of an SKP that has a later
one; for a sample of them the activity is done between the two, so the later evaluation is
the "after" of the effect view.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from kinerja_core.api import (
    Employee,
    Evaluation,
    PerformancePlan,
    Period,
    ServiceContext,
    agency_admin_ids,
    audit,
    set_plugin_enabled,
    store_upload,
)

from kinerja_kompetensi.models import (
    ActivityKind,
    ActivityNeed,
    DevelopmentActivity,
    DevelopmentNeed,
    DevelopmentPlan,
    DevelopmentRecord,
    NeedStatus,
    PlanStatus,
    Verification,
)
from kinerja_kompetensi.services import gather_proposals, need_row

PLUGIN = "kompetensi"
PLANNED = 300
# SKP whose evaluations propose needs: all of them up to this many, else an even spread of
# this many (every k-th by id). Proposing reads every IKI and realisasi of those SKP; at
# 100,000 employees all of them would be ~3 million rows in memory, past the time limit.
PROPOSING_SKP = 2500
CERTIFICATES = 60  # certificates with the person's name; the rest share a course template
PROVIDERS = (
    "BKPSDM Kota Pontianak",
    "BPSDM Provinsi Kalimantan Barat",
    "LAN RI (e-learning ASN Unggul)",
    "Pusdiklat Kemendagri Regional Bukittinggi",
)
COURSES = {
    "MANAJERIAL": ("Pelatihan Kepemimpinan Pengawas", ActivityKind.TRAINING, 40),
    "TEKNIS": ("Pelatihan teknis penyusunan SKP dan indikator kinerja", ActivityKind.TRAINING, 24),
    "SOSIAL_KULTURAL": ("Coaching nilai dasar BerAKHLAK", ActivityKind.COACHING, 8),
}
SELF_STUDY = (
    ("E-learning Manajemen ASN", ActivityKind.COURSE),
    ("Webinar pelayanan publik", ActivityKind.SELF_STUDY),
    ("Mentoring penyusunan laporan kinerja", ActivityKind.MENTORING),
    ("Kursus Microsoft Excel untuk analisis data", ActivityKind.COURSE),
)
RETURN_NOTES = (
    "Tambahkan kegiatan untuk kebutuhan kompetensi teknis.",
    "Jadwal pelatihan bertabrakan dengan penyusunan laporan akhir tahun; mohon disesuaikan.",
)
REJECT_REASONS = (
    "Nama pada sertifikat tidak sesuai dengan nama pegawai.",
    "Sertifikat tidak terbaca; unggah ulang hasil pindaian yang jelas.",
)


def certificate_pdf(name: str, title: str, provider: str, jp: int, day: dt.date) -> bytes:
    """A one-page PDF certificate (valid structure, Helvetica text)."""
    text = [
        "SERTIFIKAT",
        f"diberikan kepada {name}",
        f"telah menyelesaikan {title}",
        f"{jp} JP, {provider}, {day.isoformat()}",
    ]
    lines = "".join(
        f"BT /F1 {16 if i == 0 else 11} Tf 60 {760 - 30 * i} Td ({_pdf_text(t)}) Tj ET\n"
        for i, t in enumerate(text)
    ).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(lines) + lines + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def certificate_png(seed: int, width: int = 48, height: int = 32) -> bytes:
    """A small PNG (a scanned-looking stripe pattern that differs per ``seed``)."""
    rows = b"".join(
        b"\x00" + bytes(((x * 7 + y * 3 + seed) % 64 + 160) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def _first_with_next(ctx: ServiceContext):
    """Per SKP the first final evaluation (its proposals), the next one when there is, and
    the day each evaluated period ends."""
    final = (
        await Evaluation.filter(status="FINAL")
        .order_by("id")
        .only("id", "plan_id", "period_id", "year")
    )  # the whole rows (snapshots) only of those chosen
    periods = {
        p["id"]: p["end_date"]
        for p in await Period.filter(
            id__in=sorted({e.period_id for e in final if e.period_id})
        ).values("id", "end_date")
    }

    def ends(e: Evaluation) -> dt.date:
        return periods.get(e.period_id) or dt.date(e.year, 12, 31)

    by_plan: dict[int, list[Evaluation]] = defaultdict(list)
    for e in final:
        by_plan[e.plan_id].append(e)
    first, after = [], {}
    for group in by_plan.values():
        group.sort(key=lambda e: (ends(e), e.id))
        first.append(group[0].id)
        if len(group) > 1:
            after[group[0].id] = group[1]
    if len(first) > PROPOSING_SKP:
        first = sorted(first)[:: -(-len(first) // PROPOSING_SKP)]
    chosen = await Evaluation.filter(id__in=first).order_by("id")
    return chosen, after, {e.id: ends(e) for e in final}


async def load_demo(ctx: ServiceContext, rng: Any) -> None:
    await set_plugin_enabled(ctx, PLUGIN, None, True, operator=True)  # city-wide default
    today = ctx.today()
    trail: list[tuple] = []  # the audit rows of everything written
    chosen, after, ends = await _first_with_next(ctx)
    first_need = await _next_id(DevelopmentNeed)
    proposed = await gather_proposals(ctx, chosen)
    await DevelopmentNeed.bulk_create(
        [need_row(e, plan, agency, p) for e, plan, agency, ps in proposed for p in ps],
        batch_size=500,
    )
    needs = await DevelopmentNeed.filter(id__gte=first_need).order_by("id")
    trail += [("kompetensi.need.propose", "KompetensiNeed", n.id, None, audit.snapshot(n))
              for n in needs]  # fmt: skip
    # the raters confirm about two thirds of the proposals
    raters = dict(
        await Evaluation.filter(id__in=sorted({n.evaluation_id for n in needs})).values_list(
            "id", "rater_id"
        )
    )
    confirmed = [n for n in needs if rng.random() < 2 / 3]
    for need in confirmed:
        before = audit.snapshot(need)
        need.status, need.decided_at = NeedStatus.CONFIRMED, ctx.now()
        need.decided_by_id, need.version = raters.get(need.evaluation_id), 2
        trail.append(
            ("kompetensi.need.confirm", "KompetensiNeed", need.id, before, audit.snapshot(need))
        )
    await DevelopmentNeed.bulk_update(
        confirmed, fields=["status", "decided_at", "decided_by_id", "version"], batch_size=500
    )
    # planned activities for some confirmed needs; those with a later evaluation are done
    # between the two, so the effect view has an "after"
    evaluation_of = {e.id: e for e in chosen}
    activities: list[tuple[DevelopmentActivity, DevelopmentNeed, bool]] = []
    for need in rng.sample(confirmed, min(PLANNED, len(confirmed))):
        title, kind, jp = COURSES[str(need.group)]
        nxt = after.get(need.evaluation_id)
        source = evaluation_of.get(need.evaluation_id)
        start = None
        if nxt is not None and source is not None:
            first = ends[source.id] + dt.timedelta(days=rng.randint(2, 6))
            last = min(ends[nxt.id], today) - dt.timedelta(days=max(jp // 8, 1) + 1)
            if first <= last and first.year == need.year:
                start = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        done = start is not None and rng.random() < 0.8
        if start is None:
            start = dt.date(need.year, rng.randint(1, 11), rng.randint(1, 20))
            done = start + dt.timedelta(days=max(jp // 8, 1)) <= today and rng.random() < 1 / 3
        activity = DevelopmentActivity(
            employee_id=need.employee_id,
            agency_id=need.agency_id,
            year=need.year,
            kind=kind,
            title=title,
            provider=rng.choice(PROVIDERS),
            jp=jp,
            start_date=start,
            end_date=start + dt.timedelta(days=max(jp // 8, 1)),
            created_by_id=need.employee_id,
        )
        activities.append((activity, need, done))
    first_activity = await _next_id(DevelopmentActivity)
    await DevelopmentActivity.bulk_create([a for a, _, _ in activities], batch_size=500)
    saved = await DevelopmentActivity.filter(id__gte=first_activity).order_by("id")
    for (activity, _need, _done), row in zip(activities, saved, strict=True):
        activity.id = row.id
    await ActivityNeed.bulk_create(
        [ActivityNeed(activity_id=a.id, need_id=n.id, agency_id=n.agency_id)
         for a, n, _ in activities],
        batch_size=500,
    )  # fmt: skip
    trail += [
        ("kompetensi.activity.plan", "KompetensiActivity", a.id, None,
         {**audit.snapshot(a), "need_ids": [n.id]})
        for a, n, _ in activities
    ]  # fmt: skip
    await _plans(ctx, rng, activities, trail)
    await _records(ctx, rng, activities, trail, today)
    await audit.record_many(ctx, trail)


async def _plans(ctx, rng, activities, trail) -> None:
    """One plan per employee and year with activities: about half approved by the SKP's
    rater, a quarter submitted, some returned with a note, the rest drafts."""
    years = sorted({(a.employee_id, a.year, a.agency_id) for a, _, _ in activities})
    raters = {
        (p["employee_id"], p["year"]): p["rater_id"]
        for p in await PerformancePlan.filter(
            employee_id__in=sorted({e for e, _, _ in years})
        ).values("employee_id", "year", "rater_id")
    }
    rows = []
    for employee_id, year, agency_id in years:
        draw = rng.random()
        status = (
            PlanStatus.APPROVED if draw < 0.5 else PlanStatus.SUBMITTED if draw < 0.75
            else PlanStatus.RETURNED if draw < 0.85 else PlanStatus.DRAFT
        )  # fmt: skip
        decided = status in (PlanStatus.APPROVED, PlanStatus.RETURNED)
        rows.append(
            DevelopmentPlan(
                employee_id=employee_id,
                agency_id=agency_id,
                year=year,
                status=status,
                note=rng.choice(RETURN_NOTES) if status == PlanStatus.RETURNED else "",
                submitted_at=ctx.now() if status != PlanStatus.DRAFT else None,
                decided_by_id=raters.get((employee_id, year)) if decided else None,
                decided_at=ctx.now() if decided else None,
                version=1 + (status != PlanStatus.DRAFT) + decided,
            )
        )
    first = await _next_id(DevelopmentPlan)
    await DevelopmentPlan.bulk_create(rows, batch_size=500)
    for row in await DevelopmentPlan.filter(id__gte=first).order_by("id"):
        trail.append(("kompetensi.plan.create", "KompetensiPlan", row.id, None,
                      {**audit.snapshot(row), "status": "DRAFT"}))  # fmt: skip
        if row.status != PlanStatus.DRAFT:
            trail.append(("kompetensi.plan.submit", "KompetensiPlan", row.id, None,
                          {"status": "SUBMITTED"}))  # fmt: skip
        if row.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
            action = "approve" if row.status == PlanStatus.APPROVED else "return"
            trail.append((f"kompetensi.plan.{action}", "KompetensiPlan", row.id, None,
                          audit.snapshot(row)))  # fmt: skip


async def _records(ctx, rng, activities, trail, today) -> None:
    """Completed records: the planned activities that are done, learning of their own for
    most people; certificates for most, verified by the agency admins (some waiting, some
    rejected), so about a third of the people reach 20 verified JP."""
    records: list[DevelopmentRecord] = []
    for activity, _need, done in activities:
        if done:
            records.append(
                DevelopmentRecord(
                    employee_id=activity.employee_id,
                    agency_id=activity.agency_id,
                    activity_id=activity.id,
                    year=activity.year,
                    kind=activity.kind,
                    title=activity.title,
                    provider=activity.provider,
                    jp=activity.jp,
                    completed_on=activity.end_date,
                    created_by_id=activity.employee_id,
                )
            )
    days = max((today - dt.date(today.year, 1, 1)).days, 1)
    staff = await Employee.all().order_by("id").values("id", "agency_id", "name")
    names = {e["id"]: e["name"] for e in staff}
    for row in staff:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            title, kind = rng.choice(SELF_STUDY)
            records.append(
                DevelopmentRecord(
                    employee_id=row["id"],
                    agency_id=row["agency_id"],
                    year=today.year,
                    kind=kind,
                    title=title,
                    provider=rng.choice(PROVIDERS),
                    jp=rng.choice((2, 4, 6, 8, 10, 12)),
                    completed_on=dt.date(today.year, 1, 1) + dt.timedelta(rng.randrange(days)),
                    created_by_id=row["id"],
                )
            )
    admins = await agency_admin_ids(sorted({r.agency_id for r in records}))
    made: dict[Any, Any] = {}
    for index, record in enumerate(records):
        if rng.random() < 0.15:
            continue  # no certificate yet: pending JP
        png = rng.random() < 0.3
        personal = record.activity_id is not None or len(made) < CERTIFICATES // 2
        key = (index,) if personal and len(made) < CERTIFICATES else (
            record.title, record.provider, record.jp, png)  # fmt: skip
        if key not in made:
            data = (
                certificate_png(index)
                if png
                else certificate_pdf(
                    names[record.employee_id] if personal else "Peserta",
                    record.title,
                    record.provider,
                    record.jp,
                    record.completed_on,
                )
            )
            kind = "image/png" if png else "application/pdf"
            upload = SimpleNamespace(
                file=io.BytesIO(data),
                content_type=kind,
                filename=f"sertifikat-{index + 1}.{'png' if png else 'pdf'}",
            )
            made[key] = await store_upload(ctx.settings, upload)  # the checks uploads pass
        stored = made[key]
        record.certificate_filename = stored.filename
        record.certificate_content_type = stored.content_type
        record.certificate_size, record.certificate_sha256 = stored.size, stored.sha256
        record.certificate_path = stored.storage_path
        record.certificate_uploaded_at = ctx.now()
        draw = rng.random()
        verifier = (admins.get(record.agency_id) or [None])[0]
        if draw < 0.75 and verifier != record.employee_id:
            record.verification = Verification.VERIFIED
        elif draw < 0.9 or verifier == record.employee_id:
            record.verification = Verification.PENDING
        else:
            record.verification = Verification.REJECTED
            record.rejection_reason = rng.choice(REJECT_REASONS)
        if record.verification != Verification.PENDING:
            record.verified_by_id, record.verified_at = verifier, ctx.now()
    first = await _next_id(DevelopmentRecord)
    await DevelopmentRecord.bulk_create(records, batch_size=500)
    for row in await DevelopmentRecord.filter(id__gte=first).order_by("id"):
        trail.append(("kompetensi.record.create", "KompetensiRecord", row.id, None,
                      audit.snapshot(row)))  # fmt: skip
        if row.certificate_path:
            trail.append(("kompetensi.record.certificate", "KompetensiRecord", row.id, None,
                          {"certificate_sha256": row.certificate_sha256}))  # fmt: skip
        if row.verification in (Verification.VERIFIED, Verification.REJECTED):
            action = "verify" if row.verification == Verification.VERIFIED else "reject"
            trail.append((f"kompetensi.record.{action}", "KompetensiRecord", row.id, None,
                          {"verification": str(row.verification)}))  # fmt: skip


async def _next_id(model) -> int:
    """Ids above every row already there: what a bulk insert of the demo gets."""
    last = await model.all().order_by("-id").first()
    return (last.id if last else 0) + 1
