"""Demo data of the kompetensi plugin (``kinerja demo``): on city-wide, needs proposed from the
demo's finalised evaluations by the plugin's own rules, some confirmed and planned, and
completed learning for most people so the BKPSDM view shows people above and below 20 JP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kinerja_core.api import Employee, Evaluation, ServiceContext, set_plugin_enabled

from kinerja_kompetensi.models import (
    ActivityKind,
    ActivityNeed,
    DevelopmentActivity,
    DevelopmentNeed,
    DevelopmentRecord,
    NeedStatus,
)
from kinerja_kompetensi.services import gather_proposals, need_row

PLUGIN = "kompetensi"
PLANNED = 300
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


async def load_demo(ctx: ServiceContext, rng: Any) -> None:
    await set_plugin_enabled(ctx, PLUGIN, None, True, operator=True)  # city-wide default
    today = ctx.today()
    # needs: the latest finalised evaluation of each plan, by the plugin's own rules (in bulk:
    # the demo has thousands; the event path proposes one evaluation at a time, audited)
    latest: dict[int, Evaluation] = {}
    for row in await Evaluation.filter(status="FINAL").order_by("id"):
        latest[row.plan_id] = row
    proposed = await gather_proposals(ctx, list(latest.values()))
    await DevelopmentNeed.bulk_create(
        [need_row(e, plan, agency, p) for e, plan, agency, ps in proposed for p in ps],
        batch_size=500,
    )
    # the raters confirmed about two thirds of the proposals; a planned activity for some
    # (at most PLANNED, one statement each: the demo hook runs under the plugin time limit)
    needs = await DevelopmentNeed.filter(status=NeedStatus.PROPOSED).order_by("id")
    activities: list[tuple[DevelopmentActivity, DevelopmentNeed]] = []
    confirmed = [n for n in needs if rng.random() < 2 / 3]
    ids = [n.id for n in confirmed]
    for start in range(0, len(ids), 500):
        await DevelopmentNeed.filter(id__in=ids[start : start + 500]).update(
            status=NeedStatus.CONFIRMED, decided_at=ctx.now()
        )
    for need in rng.sample(confirmed, min(PLANNED, len(confirmed))):
        title, kind, jp = COURSES[str(need.group)]
        start = dt.date(need.year, rng.randint(1, 11), rng.randint(1, 20))
        activity = await DevelopmentActivity.create(
            employee_id=need.employee_id,
            agency_id=need.agency_id,
            year=need.year,
            kind=kind,
            title=title,
            provider=rng.choice(PROVIDERS),
            jp=jp,
            start_date=start,
            end_date=start + dt.timedelta(days=max(jp // 8, 1)),
        )
        await ActivityNeed.create(activity=activity, need=need, agency_id=need.agency_id)
        activities.append((activity, need))
    records: list[DevelopmentRecord] = []
    for activity, _need in activities:  # a third of the planned ones are done already
        if activity.end_date <= today and rng.random() < 1 / 3:
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
                )
            )
    # learning of their own this year: most people some JP, about half reach 20 JP
    days = max((today - dt.date(today.year, 1, 1)).days, 1)
    for row in await Employee.all().order_by("id").values("id", "agency_id"):
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
                )
            )
    await DevelopmentRecord.bulk_create(records, batch_size=500)
