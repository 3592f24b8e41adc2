"""Hand-written ``KesehatanCoverage`` (plugin kesehatan): immunisation coverage per puskesmas
from January to a month (PWS), and the year's reports with their lines.

The PWS arithmetic (cumulative counts, the latest annual target per kelurahan, the ratios) is
the plugin's rule: :func:`kinerja_kesehatan.coverage.group` on rows read here in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import answer, date_of, db, endpoint, iso
from bench.harness.handwritten.plugins import _agency_data, _decimal

COUNTS = ("target_infants", "idl", "dpt1", "dpt3", "mr1", "newborns", "bcg")
REPORTS_CAP = 300  # the schema's list cap of kesehatanReports (max_items(300))
LINES_CAP = 10  # and of KesehatanReport.lines


@endpoint()
async def kesehatan_coverage(viewer: Any, variables: dict[str, Any]) -> Response:
    from kinerja_kesehatan import coverage

    agency_id = await _agency_data(viewer, variables, "kesehatan")
    if isinstance(agency_id, Response):
        return agency_id
    year, month = int(variables["year"]), int(variables["month"])
    until = dt.date(year, month, 1)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    lines = await db.rows(
        "SELECT l.target_infants, l.idl, l.dpt1, l.dpt3, l.mr1, l.newborns, l.bcg,"
        " l.report_id, l.kelurahan_id, r.month, r.puskesmas_id, p.name AS puskesmas_name"
        " FROM kesehatan_report_line l JOIN kesehatan_report r ON r.id = l.report_id"
        " JOIN kesehatan_puskesmas p ON p.id = r.puskesmas_id"
        " WHERE r.agency_id = ? AND r.month >= ? AND r.month <= ?"
        " ORDER BY r.month, l.report_id, l.kelurahan_id",
        agency_id,
        first,
        until,
    )
    rows = [{**dict(r), "month": date_of(r["month"])} for r in lines]
    by_area = coverage.group(rows, lambda r: r["puskesmas_id"])
    areas = await db.rows(
        "SELECT id, code, name FROM kesehatan_puskesmas WHERE agency_id = ? ORDER BY code",
        agency_id,
    )
    out = []
    for area in areas:
        t = by_area.get(area["id"]) or coverage.Totals()
        out.append(
            {
                "level": "PUSKESMAS",
                "areaId": str(area["id"]),
                "areaCode": area["code"],
                "areaName": area["name"],
                "month": until.isoformat(),
                "reports": t.reports,
                "targetInfants": t.target_infants,
                "targetInfantsYearToDate": _decimal(coverage.year_to_date(t.target_infants, month)),
                "idl": t.idl,
                "newborns": t.newborns,
                "bcg": t.bcg,
                "idlCoverage": _value(t.idl_coverage()),
                "dropoutDpt": _value(t.dropout_dpt()),
                "dropoutMr": _value(t.dropout_mr()),
                "leftoutBcg": _value(t.leftout_bcg()),
            }
        )
    reports = await db.rows(
        "SELECT r.id, r.month, r.version, p.code, p.name FROM kesehatan_report r"
        " JOIN kesehatan_puskesmas p ON p.id = r.puskesmas_id"
        " WHERE r.agency_id = ? AND r.month >= ? AND r.month <= ?"
        f" ORDER BY r.month, r.puskesmas_id LIMIT {REPORTS_CAP}",
        agency_id,
        first,
        last,
    )
    report_lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if reports:
        ids = ",".join(str(int(r["id"])) for r in reports)
        for line in await db.rows(
            "SELECT l.report_id, k.code, k.name, l.target_infants, l.idl, l.dpt1, l.dpt3,"
            " l.mr1, l.newborns, l.bcg FROM kesehatan_report_line l"
            " JOIN kesehatan_kelurahan k ON k.id = l.kelurahan_id"
            f" WHERE l.report_id IN ({ids}) ORDER BY l.report_id, l.kelurahan_id, l.id"
        ):
            mine = report_lines[line["report_id"]]
            if len(mine) < LINES_CAP:
                mine.append(
                    {
                        "kelurahan": {"code": line["code"], "name": line["name"]},
                        **{
                            "targetInfants" if c == "target_infants" else c: line[c] for c in COUNTS
                        },
                    }
                )
    return answer(
        {
            "kesehatanCoverage": out,
            "kesehatanReports": [
                {
                    "id": str(r["id"]),
                    "month": iso(date_of(r["month"])),
                    "version": r["version"],
                    "puskesmas": {"code": r["code"], "name": r["name"]},
                    "lines": report_lines[r["id"]],
                }
                for r in reports
            ],
        }
    )


def _value(value: Any) -> str | None:
    number = value.value
    return None if number is None else _decimal(Decimal(number))


routes = [Route("/kesehatan-coverage", kesehatan_coverage, methods=["POST"])]
