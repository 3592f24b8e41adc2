"""``kinerja demo``: Pontianak's puskesmas, their kelurahan and monthly immunisation reports.

Runs after the core's demo (``kinerja_demo_data``) for the agency DINKES: 22 puskesmas over the
29 kelurahan of the city's 6 kecamatan, plausible reports from January to the demo's current
month (the DINKES period that is OPEN), and the plugin enabled for DINKES (audited like
``kinerja plugins enable``). The same seed gives the same data. The assignment of kelurahan to
puskesmas is illustrative (see the README).
"""

from __future__ import annotations

import datetime as dt
import random
import re

from kinerja_core.api import (
    Agency,
    Indicator,
    Period,
    PeriodStatus,
    ServiceContext,
    audit,
    refresh_computed,
    set_plugin_enabled,
)

from kinerja_kesehatan.models import (
    ImmunizationReport,
    ImmunizationReportLine,
    Kelurahan,
    Puskesmas,
)

AGENCY_CODE = "DINKES"
PLUGIN = "kesehatan"
IDL_TYPE = "kesehatan.idl_coverage"
IDL_IKI_PREFIX = "Cakupan imunisasi dasar lengkap"

# (puskesmas, kecamatan, kelurahan of its working area). Names of puskesmas and kelurahan are
# Pontianak's; which puskesmas serves which kelurahan is simplified to one puskesmas per
# kelurahan (in reality some kelurahan are shared between puskesmas).
PONTIANAK: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Alianyang", "Pontianak Kota", ("Sungai Bangkong",)),
    ("Kampung Bali", "Pontianak Kota", ("Darat Sekip", "Tengah")),
    ("Pal III", "Pontianak Kota", ("Sungai Jawi", "Mariana")),
    ("Kom Yos Sudarso", "Pontianak Barat", ("Sungai Jawi Luar",)),
    ("Perumnas I", "Pontianak Barat", ("Sungai Jawi Dalam",)),
    ("Perumnas II", "Pontianak Barat", ("Sungai Beliung",)),
    ("Pal V", "Pontianak Barat", ("Pal Lima",)),
    ("Purnama", "Pontianak Selatan", ("Parit Tokaya",)),
    ("Gang Sehat", "Pontianak Selatan", ("Benua Melayu Darat", "Akcaya")),
    ("Kampung Bangka", "Pontianak Selatan", ("Benua Melayu Laut", "Kota Baru")),
    ("Paris II", "Pontianak Tenggara", ("Bangka Belitung Laut", "Bansir Darat")),
    ("Parit Haji Husin II", "Pontianak Tenggara", ("Bangka Belitung Darat",)),
    ("Karya Mulia", "Pontianak Tenggara", ("Bansir Laut",)),
    ("Kampung Dalam", "Pontianak Timur", ("Dalam Bugis", "Tanjung Hilir")),
    ("Tanjung Hulu", "Pontianak Timur", ("Tanjung Hulu",)),
    ("Saigon", "Pontianak Timur", ("Saigon",)),
    ("Banjar Serasan", "Pontianak Timur", ("Banjar Serasan", "Parit Mayor")),
    ("Tambelan Sampit", "Pontianak Timur", ("Tambelan Sampit",)),
    ("Siantan Hilir", "Pontianak Utara", ("Siantan Hilir",)),
    ("Siantan Tengah", "Pontianak Utara", ("Siantan Tengah",)),
    ("Siantan Hulu", "Pontianak Utara", ("Siantan Hulu",)),
    ("Khatulistiwa", "Pontianak Utara", ("Batu Layang",)),
)


def code_of(name: str) -> str:
    """``Parit Haji Husin II`` -> ``PARIT-HAJI-HUSIN-II``."""
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")


async def last_month(ctx: ServiceContext, agency: Agency) -> dt.date | None:
    """The demo's current month: the agency's OPEN period (the core demo pins "today")."""
    periods = await Period.filter(agency_id=agency.id).order_by("year", "start_date")
    if not periods:
        return ctx.today().replace(day=1)
    current = next((p for p in periods if p.status == PeriodStatus.OPEN), None)
    if current is not None:
        return current.start_date.replace(day=1)
    closed = [p for p in periods if p.status == PeriodStatus.CLOSED]
    return closed[-1].end_date.replace(day=1) if closed else None


def month_counts(rng: random.Random, target: int, quality: float) -> dict[str, int]:
    """One kelurahan's counts in a month, from its annual target and its puskesmas' quality."""
    monthly = target / 12
    newborns = round(monthly * 1.03 * rng.uniform(0.85, 1.15))
    dpt1 = round(monthly * rng.uniform(0.85, 1.1) * min(1.0, quality + 0.1))
    return {
        "target_infants": target,
        "idl": min(target, round(monthly * quality * rng.uniform(0.8, 1.08))),
        "dpt1": dpt1,
        "dpt3": min(dpt1, round(dpt1 * rng.uniform(0.88, 1.0))),
        "mr1": min(dpt1, round(dpt1 * rng.uniform(0.84, 0.99))),
        "newborns": newborns,
        "bcg": min(newborns, round(newborns * rng.uniform(0.9, 1.0))),
    }


async def load_demo(ctx: ServiceContext, rng: random.Random) -> dict[str, int]:
    """Write the demo rows for DINKES (nothing when it is missing or already has puskesmas)."""
    agency = await Agency.get_or_none(code=AGENCY_CODE)
    if agency is None or await Puskesmas.filter(agency_id=agency.id).exists():
        return {}
    until = await last_month(ctx, agency)
    counts = {"puskesmas": 0, "kelurahan": 0, "reports": 0, "lines": 0}
    async with ctx.transaction():
        await set_plugin_enabled(ctx, PLUGIN, agency.id, True, operator=True)
        reports: list[tuple[ImmunizationReport, list[ImmunizationReportLine]]] = []
        for name, kecamatan, kelurahan_names in PONTIANAK:
            puskesmas = await Puskesmas.create(
                agency_id=agency.id,
                code=code_of(name),
                name=f"Puskesmas {name}",
                kecamatan=kecamatan,
            )
            counts["puskesmas"] += 1
            area = []
            for kelurahan_name in kelurahan_names:
                row = await Kelurahan.create(
                    agency_id=agency.id,
                    puskesmas_id=puskesmas.id,
                    code=code_of(kelurahan_name),
                    name=kelurahan_name,
                )
                area.append((row, rng.randint(180, 750)))
                counts["kelurahan"] += 1
            quality = rng.uniform(0.8, 1.04)
            if until is None:
                continue
            for number in range(1, until.month + 1):
                month = dt.date(until.year, number, 1)
                report = ImmunizationReport(
                    agency_id=agency.id, puskesmas_id=puskesmas.id, month=month
                )
                lines = [
                    ImmunizationReportLine(kelurahan_id=k.id, **month_counts(rng, target, quality))
                    for k, target in area
                ]
                reports.append((report, lines))
        await ImmunizationReport.bulk_create([r for r, _ in reports])
        saved = {
            (r.puskesmas_id, r.month): r.id
            for r in await ImmunizationReport.filter(agency_id=agency.id)
        }
        lines = []
        for report, report_lines in reports:
            for line in report_lines:
                line.report_id = saved[(report.puskesmas_id, report.month)]
                lines.append(line)
        await ImmunizationReportLine.bulk_create(lines, batch_size=500)
        counts["reports"], counts["lines"] = len(reports), len(lines)
        await audit.record(ctx, "kesehatan.demo.load", "Agency", agency.id, after=counts)
    counts["linked_iki"] = await _link_idl_indicators(ctx, agency)
    return counts


async def _link_idl_indicators(ctx: ServiceContext, agency: Agency) -> int:
    """The demo SKP's IDL-coverage IKI of the agency read their realisasi from the reports.

    Their IKI were drafted as typed-in ones (the core demo knows no plugin); linking them to
    ``kesehatan.idl_coverage`` (the whole city) and refreshing stores the computed realisasi
    for the open periods, with provenance. Closed periods keep what was typed in then.
    """
    indicators = await Indicator.filter(
        work_result__plan__agency_id=agency.id,
        description__istartswith=IDL_IKI_PREFIX,
        indicator_type="core.manual",
    )
    for indicator in indicators:
        indicator.indicator_type, indicator.parameters = IDL_TYPE, {}
        await indicator.save(update_fields=["indicator_type", "parameters"])
    if indicators:
        await refresh_computed(ctx, PLUGIN, agency.id)
    return len(indicators)
