"""Hand-written plugin operations: pendidikan participation (kompetensi: kompetensi.py).

Each does the plugin's read check (the viewer belongs to or oversees the agency, the plugin
is on for it) in SQL; the plugins' formulas (APK/APM, PWS coverage, the 20 JP right) are
rules, not SQL, so they come from the plugins' rules modules, as the dashboard's achievement
rule comes from the core.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import (
    answer,
    db,
    endpoint,
    forbidden,
    may_read_agency,
)
from kinerja_core.domain.numbers import trim


async def plugin_on(plugin: str, agency_id: int) -> bool:
    """The plugin's activation for the agency, else its city-wide one (``*``)."""
    found = await db.rows(
        "SELECT enabled, scope FROM plugin_activation WHERE plugin = ?"
        " AND (agency_id = ? OR scope = '*') ORDER BY agency_id IS NULL",
        plugin,
        agency_id,
    )
    return bool(found) and bool(found[0]["enabled"])


async def _agency_data(viewer: Any, variables: dict[str, Any], plugin: str) -> int | Response:
    """The ``agencyId`` of the variables when the viewer may read the agency's data of
    ``plugin`` (and the plugin is on for it), else the refusal."""
    agency_id = int(variables["agencyId"])
    if not await may_read_agency(viewer, agency_id) or not await plugin_on(plugin, agency_id):
        return forbidden()
    return agency_id


@endpoint()
async def pendidikan_participation(viewer: Any, variables: dict[str, Any]) -> Response:
    from kinerja_pendidikan import rules

    agency_id = await _agency_data(viewer, variables, "pendidikan")
    if isinstance(agency_id, Response):
        return agency_id
    year, level = int(variables["year"]), variables["level"]
    enrolments = await db.rows(
        "SELECT kecamatan, pupils_total, pupils_official_age FROM pendidikan_enrolment"
        " WHERE agency_id = ? AND year = ? AND level = ? ORDER BY kecamatan",
        agency_id,
        year,
        level,
    )
    populations = await db.rows(
        "SELECT kecamatan, population FROM pendidikan_population"
        " WHERE agency_id = ? AND year = ? AND level = ? ORDER BY kecamatan",
        agency_id,
        year,
        level,
    )
    rows, total = rules.participation(
        [(r["kecamatan"], r["pupils_total"], r["pupils_official_age"]) for r in enrolments],
        [(r["kecamatan"], r["population"]) for r in populations],
    )

    def figures(row: Any) -> dict[str, Any]:
        return {
            "pupilsTotal": row.pupils_total,
            "pupilsOfficialAge": row.pupils_official_age,
            "population": row.population,
            "apk": _decimal(row.apk),
            "apm": _decimal(row.apm),
        }

    return answer(
        {
            "pendidikanParticipation": {
                "year": year,
                "level": level,
                "officialAges": rules.official_ages(level),
                "kecamatan": [{"kecamatan": r.kecamatan, **figures(r)} for r in rows],
                "total": figures(total),
            }
        }
    )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(trim(value))


routes = [
    Route("/pendidikan-participation", pendidikan_participation, methods=["POST"]),
]
