"""The indicator types of Dinas Kesehatan, computed from the monthly immunisation reports.

All four are cumulative (PWS): the value for a period counts from 1 January to the end of the
period, and the core compares it with the year-to-date target. An IKI may narrow the scope to
one ``puskesmas`` or one ``kelurahan`` (both optional: none is the whole agency).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kinerja_core.api import (
    Choice,
    Compute,
    Direction,
    IndicatorType,
    IndicatorValue,
    ParameterKind,
    ParameterSpec,
    Periodicity,
    PeriodSpec,
    Scope,
)

from kinerja_kesehatan.coverage import Totals, aggregate, fetch_lines
from kinerja_kesehatan.models import Kelurahan, Puskesmas

DATA_SOURCE = "Laporan bulanan imunisasi puskesmas (PWS), plugin kesehatan"


async def puskesmas_choices(agency_id: int) -> list[Choice]:
    """The agency's puskesmas, by code."""
    rows = await Puskesmas.filter(agency_id=agency_id).order_by("code")
    return [Choice(p.code, p.name) for p in rows]


async def kelurahan_choices(agency_id: int) -> list[Choice]:
    """The agency's kelurahan, by code, labelled with their puskesmas."""
    rows = (
        await Kelurahan.filter(agency_id=agency_id)
        .order_by("code")
        .values("code", "name", puskesmas_name="puskesmas__name")
    )
    return [Choice(r["code"], f"{r['name']} ({r['puskesmas_name']})") for r in rows]


PARAMETERS = (
    ParameterSpec(
        "puskesmas",
        "Puskesmas",
        ParameterKind.CHOICE,
        "Hanya wilayah kerja puskesmas ini; kosong: seluruh kota.",
        required=False,
        choices=puskesmas_choices,
    ),
    ParameterSpec(
        "kelurahan",
        "Kelurahan",
        ParameterKind.CHOICE,
        "Hanya kelurahan ini; kosong: seluruh wilayah.",
        required=False,
        choices=kelurahan_choices,
    ),
)


def _computation(formula: Callable[[Totals, str], IndicatorValue], denominator: str) -> Compute:
    async def compute(scope: Scope, period: PeriodSpec) -> IndicatorValue:
        rows = await fetch_lines(
            scope.agency_id,
            period.year,
            period.end,
            puskesmas_code=scope.parameters.get("puskesmas") or None,
            kelurahan_code=scope.parameters.get("kelurahan") or None,
        )
        totals = aggregate(rows)
        since = f"1 Januari sampai {period.end.isoformat()}"
        if not totals.records:
            note = f"Belum ada laporan imunisasi untuk cakupan ini ({since})."
        elif not getattr(totals, denominator):
            note = f"Penyebut bernilai 0 ({since}): nilai belum dapat dihitung."
        else:
            note = f"Kumulatif {since}, {totals.reports} laporan."
        return formula(totals, note)

    return compute


def _pws_indicator(**definition: Any) -> IndicatorType:
    """A PWS indicator: a percentage per month, cumulative from January, by area."""
    return IndicatorType(
        multiplier=Decimal(100),
        unit="%",
        periodicity=Periodicity.MONTHLY,
        cumulative=True,
        parameters=PARAMETERS,
        data_source=DATA_SOURCE,
        **definition,
    )


IDL_COVERAGE = _pws_indicator(
    code="kesehatan.idl_coverage",
    name="Cakupan Imunisasi Dasar Lengkap (IDL)",
    definition=(
        "Bayi 0-11 bulan yang mendapat imunisasi dasar lengkap sejak 1 Januari dibagi sasaran "
        "bayi setahun, x 100. Target 100% setahun, dipantau kumulatif (PWS)."
    ),
    compute=_computation(Totals.idl_coverage, "target_infants"),
    numerator_label="Bayi 0-11 bulan imunisasi dasar lengkap (kumulatif)",
    denominator_label="Sasaran bayi (setahun)",
    direction=Direction.HIGHER_IS_BETTER,
)

DROPOUT_DPT = _pws_indicator(
    code="kesehatan.dropout_dpt",
    name="Angka drop-out DPT-HB-Hib1 - DPT-HB-Hib3",
    definition=(
        "(DPT-HB-Hib1 - DPT-HB-Hib3) / DPT-HB-Hib1 x 100, kumulatif sejak 1 Januari. "
        "Makin rendah makin baik."
    ),
    compute=_computation(Totals.dropout_dpt, "dpt1"),
    numerator_label="DPT-HB-Hib1 dikurangi DPT-HB-Hib3 (kumulatif)",
    denominator_label="Bayi DPT-HB-Hib1 (kumulatif)",
    direction=Direction.LOWER_IS_BETTER,
)

DROPOUT_MR = _pws_indicator(
    code="kesehatan.dropout_mr",
    name="Angka drop-out DPT-HB-Hib1 - MR1",
    definition=(
        "(DPT-HB-Hib1 - MR1) / DPT-HB-Hib1 x 100, kumulatif sejak 1 Januari. "
        "Makin rendah makin baik."
    ),
    compute=_computation(Totals.dropout_mr, "dpt1"),
    numerator_label="DPT-HB-Hib1 dikurangi MR1 (kumulatif)",
    denominator_label="Bayi DPT-HB-Hib1 (kumulatif)",
    direction=Direction.LOWER_IS_BETTER,
)

LEFTOUT_BCG = _pws_indicator(
    code="kesehatan.leftout_bcg",
    name="Angka left-out BCG",
    definition=(
        "(Bayi lahir hidup - BCG) / bayi lahir hidup x 100, kumulatif sejak 1 Januari. "
        "Makin rendah makin baik."
    ),
    compute=_computation(Totals.leftout_bcg, "newborns"),
    numerator_label="Bayi lahir hidup dikurangi BCG (kumulatif)",
    denominator_label="Bayi lahir hidup (kumulatif)",
    direction=Direction.LOWER_IS_BETTER,
)

INDICATOR_TYPES = (IDL_COVERAGE, DROPOUT_DPT, DROPOUT_MR, LEFTOUT_BCG)
