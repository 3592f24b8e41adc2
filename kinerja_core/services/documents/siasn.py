"""Export for the national system (BKN SIASN / e-Kinerja): the results of an agency for a
year or a period, in the fields of the SIASN web-service payloads, so BKPSDM can submit them
without retyping (docs/documents.md, "Export for SIASN", cites the sources of the fields).

- ``skp22``: one record per final **annual** evaluation, the fields of ``POST
  /apisiasn/1.0/skp22/save``;
- ``kinerjaPeriodik``: one record per final **periodic** evaluation, the fields of ``POST
  /apisiasn/1.0/kinerjaperiodik/save``.

Each record is ``{"payload": {...exactly the SIASN fields...}, "pegawai": {...}, "sumber":
{...}}``: the payload goes to SIASN as it is; ``pegawai`` and ``sumber`` say who and which
Kinerja evaluation it comes from. SIASN's own ids (``pnsDinilaiOrang`` / ``pnsDinilaiId``,
the PNS's SIASN id) are not known to Kinerja: they are ``null`` and looked up by NIP when
submitting. The signed PDF (``path``) is uploaded separately, so it is ``null`` too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from kinerja_core.domain.enums import EvaluationKind, EvaluationStatus, PeriodKind, PositionType
from kinerja_core.models import Employee, Evaluation, PerformancePlan, Period, Position
from kinerja_core.services import dashboard
from kinerja_core.services.context import ServiceContext

SIASN_PATH = "/documents/siasn.json"
JSON_CONTENT_TYPE = "application/json"
FORMAT = "kinerja-siasn-export/1"

# The payload fields, in the order the sources list them (docs/documents.md cites them).
SKP22_FIELDS = (
    "hasilKinerjaNilai",
    "id",
    "kuadranKinerjaNilai",
    "path",
    "penilaiGolongan",
    "penilaiJabatan",
    "penilaiNama",
    "penilaiNipNrp",
    "penilaiUnorNama",
    "perilakuKerjaNilai",
    "pnsDinilaiOrang",
    "statusPenilai",
    "tahun",
)
KINERJA_PERIODIK_FIELDS = (
    "bulanMulaiPenilaian",
    "bulanSelesaiPenilaian",
    "hasilKinerjaNilai",
    "id",
    "koefisienId",
    "kuadranKinerjaNilai",
    "path",
    "penilaiGolongan",
    "penilaiJabatanNama",
    "penilaiNama",
    "penilaiNipNrp",
    "penilaiUnorNama",
    "perilakuKerjaNilai",
    "periodikId",
    "pnsDinilaiId",
    "statusPenilai",
    "tahun",
    "tahunMulaiPenilaian",
    "tahunSelesaiPenilaian",
)
# SIASN reference tables (referensi perilakuDanKinerja, kuadranNilai, periodik, koefisien)
RATING_CODE = {"DI_ATAS_EKSPEKTASI": 1, "SESUAI_EKSPEKTASI": 2, "DI_BAWAH_EKSPEKTASI": 3}
KUADRAN_CODE = {
    "SANGAT_BAIK": 1,
    "BAIK": 2,
    "BUTUH_PERBAIKAN": 3,
    "KURANG": 4,
    "SANGAT_KURANG": 5,
}
PERIODIK_CODE = {PeriodKind.MONTHLY: "1", PeriodKind.QUARTERLY: "2"}  # no semester in SIASN
# koefisien: the jenjang's coefficient at predikat Baik (the only rows the reference lists)
KOEFISIEN_ID = {
    "AHLI_PERTAMA": "12",
    "AHLI_MUDA": "22",
    "AHLI_MADYA": "32",
    "AHLI_UTAMA": "42",
    "PEMULA": "52",
    "TERAMPIL": "62",
    "MAHIR": "72",
    "PENYELIA": "82",
}
_GOLONGAN = re.compile(r"^(IV|III|II|I)/([a-e])$", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def golongan_code(golongan: str) -> str | None:
    """SIASN's golonganPns id: ``III/a`` -> ``"31"``, ``IV/e`` -> ``"45"``; None for PPPK."""
    found = _GOLONGAN.match((golongan or "").strip())
    if not found:
        return None
    return f"{_ROMAN[found.group(1).upper()]}{'abcde'.index(found.group(2).lower()) + 1}"


@dataclass
class SiasnExport:
    filename: str
    data: bytes
    skp22: int
    periodic: int


def siasn_url(agency_id: int, year: int, period_id: int | None) -> str:
    query: dict[str, Any] = {"agencyId": agency_id, "year": year}
    if period_id is not None:
        query["periodId"] = period_id
    return SIASN_PATH + "?" + urlencode(query)


async def check_siasn(ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None) -> str:
    """The download URL once access and filters are checked (the agency dashboard's rule)."""
    agency, period = await dashboard.agency_scope(ctx, agency_id, year, period_id)
    return siasn_url(agency.id, year, period.id if period else None)


async def siasn_export(
    ctx: ServiceContext, agency_id: Any, year: int, period_id: Any = None
) -> SiasnExport:
    """The export file of an agency for ``year`` (annual and every period) or one period."""
    agency, period = await dashboard.agency_scope(ctx, agency_id, year, period_id)
    rows = Evaluation.filter(plan__agency_id=agency.id, year=year, status=EvaluationStatus.FINAL)
    if period is not None:
        rows = rows.filter(period_id=period.id)
    evaluations = await rows.order_by("id")
    plans = {
        p.id: p
        for p in await PerformancePlan.filter(id__in=[e.plan_id for e in evaluations] or [0])
    }
    people = {
        e.id: e
        for e in await Employee.filter(
            id__in={i for p in plans.values() for i in (p.employee_id, p.rater_id) if i} or [0]
        )
    }
    positions = {
        p.id: p
        for p in await Position.filter(
            id__in={i for p in plans.values() for i in (p.position_id, p.rater_position_id) if i}
            or [0]
        ).select_related("unit")
    }
    periods = {
        p.id: p
        for p in await Period.filter(
            id__in={e.period_id for e in evaluations if e.period_id} or [0]
        )
    }
    skp22, periodic, skipped = [], [], []
    for evaluation in evaluations:
        plan = plans[evaluation.plan_id]
        record = _record(evaluation, plan, people, positions, periods.get(evaluation.period_id))
        if record is None:
            skipped.append({"evaluationId": evaluation.id, "reason": "semester"})
        elif evaluation.kind == EvaluationKind.ANNUAL:
            skp22.append(record)
        else:
            periodic.append(record)
    document = {
        "format": FORMAT,
        "instansi": {"kode": agency.code, "nama": agency.name},
        "tahun": year,
        "periode": (
            {
                "id": period.id,
                "jenis": str(period.kind),
                "nomor": period.number,
                "mulai": period.start_date.isoformat(),
                "selesai": period.end_date.isoformat(),
            }
            if period
            else None
        ),
        "dibuat": ctx.now().isoformat(timespec="seconds"),
        "endpoint": {
            "skp22": "POST /apisiasn/1.0/skp22/save",
            "kinerjaPeriodik": "POST /apisiasn/1.0/kinerjaperiodik/save",
        },
        "skp22": skp22,
        "kinerjaPeriodik": periodic,
        "tidakDiekspor": skipped,
    }
    which = f"periode-{period.number}" if period else "tahun"
    return SiasnExport(
        filename=f"siasn-{agency.code}-{year}-{which}.json",
        data=json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        skp22=len(skp22),
        periodic=len(periodic),
    )


def _record(
    evaluation: Evaluation,
    plan: PerformancePlan,
    people: dict[int, Employee],
    positions: dict[int, Position],
    period: Period | None,
) -> dict[str, Any] | None:
    snap = evaluation.snapshot or {}
    employee = people[plan.employee_id]
    rater = people.get(evaluation.rater_id) or people.get(plan.rater_id or 0)
    rater_position = positions.get(plan.rater_position_id or 0)
    position = positions.get(plan.position_id)
    rater_snap = snap.get("rater") or {}
    common = {
        "hasilKinerjaNilai": RATING_CODE[str(evaluation.result_rating)],
        "id": None,
        "kuadranKinerjaNilai": KUADRAN_CODE[str(evaluation.predikat)],
        "path": None,
        "penilaiGolongan": golongan_code(rater.golongan) if rater else None,
        "penilaiNama": rater_snap.get("name") or (rater.name if rater else ""),
        "penilaiNipNrp": rater_snap.get("nip") or (rater.nip if rater else ""),
        "penilaiUnorNama": rater_position.unit.name if rater_position else "",
        "perilakuKerjaNilai": RATING_CODE[str(evaluation.behavior_rating)],
        "statusPenilai": "ASN",
        "tahun": evaluation.year,
    }
    rater_position_name = rater_snap.get("position") or (
        rater_position.name if rater_position else ""
    )
    if evaluation.kind == EvaluationKind.ANNUAL:
        payload = {**common, "penilaiJabatan": rater_position_name, "pnsDinilaiOrang": None}
        fields = SKP22_FIELDS
    else:
        if period is None or period.kind not in PERIODIK_CODE:
            return None
        koefisien = None
        if position and position.type == PositionType.FUNGSIONAL:
            koefisien = KOEFISIEN_ID.get(position.level)
        payload = {
            **common,
            "bulanMulaiPenilaian": period.start_date.month,
            "bulanSelesaiPenilaian": period.end_date.month,
            "koefisienId": koefisien,
            "penilaiJabatanNama": rater_position_name,
            "periodikId": PERIODIK_CODE[period.kind],
            "pnsDinilaiId": None,
            "tahunMulaiPenilaian": period.start_date.year,
            "tahunSelesaiPenilaian": period.end_date.year,
        }
        fields = KINERJA_PERIODIK_FIELDS
    return {
        "payload": {name: payload[name] for name in fields},
        "pegawai": {
            "nip": employee.nip,
            "nama": employee.name,
            "jabatan": position.name if position else "",
            "golongan": employee.golongan,
        },
        "sumber": {
            "evaluationId": evaluation.id,
            "planId": plan.id,
            "predikat": str(evaluation.predikat),
            "angkaKredit": None
            if evaluation.credit_points is None
            else format(evaluation.credit_points.normalize(), "f"),
        },
    }
