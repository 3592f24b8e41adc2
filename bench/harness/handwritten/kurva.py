"""Hand-written ``UnitDistribution`` (unit_kurva.graphql): a unit's predikat distribution for a
period against the kurva of its organisation predikat, with every evaluation and who is not
rated yet.

The data is read in SQL; the kurva itself (bounds, findings, whether finalising would be
refused) and its sentences are rules, from ``kinerja_core.domain.kurva`` and the i18n table,
as the dashboard's check_distribution is."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import (
    answer,
    date_of,
    db,
    endpoint,
    forbidden,
    iso,
    sees_agency,
)
from bench.harness.handwritten.evaluation import finding
from kinerja_core.domain.enums import KurvaMode, OrgPredikat, Predikat
from kinerja_core.domain.kurva import (
    KurvaFinding,
    check_distribution,
    finalisation_refusal,
    unit_distribution,
)
from kinerja_core.domain.predikat import PREDIKAT_ORDER
from kinerja_core.i18n import translate
from kinerja_core.services.organization_rating import finding_json
from kinerja_core.settings import load_settings

SETTINGS = load_settings()
CAP = 300  # UNIT_EVALUATIONS_CAP of the schema


async def heads_unit_or_above(viewer: Any, unit_id: int) -> bool:
    """The viewer holds the head position of the unit or of a unit above it today."""
    today = dt.date.today()
    found = await db.rows(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT u.parent_id FROM unit u"
        " JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)"
        " SELECT 1 AS x FROM assignment a JOIN position p ON p.id = a.position_id"
        " JOIN up ON p.unit_id = up.id WHERE a.employee_id = ? AND p.is_unit_head"
        " AND a.start_date <= ? AND (a.end_date IS NULL OR a.end_date >= ?) LIMIT 1",
        unit_id,
        viewer["employee_id"],
        today,
        today,
    )
    return bool(found)


async def _unit_and_period(viewer: Any, variables: dict[str, Any]) -> tuple[Any, ...] | Response:
    """The unit, year and period of the variables (readable: the unit's head or a head above
    it, the agency's head or admin, central admins), or the refusal."""
    unit_id, year = int(variables["unitId"]), int(variables["year"])
    period_id = int(variables["periodId"]) if variables.get("periodId") else None
    units = await db.rows("SELECT id, code, name, agency_id FROM unit WHERE id = ?", unit_id)
    if not units:
        return forbidden()
    unit = units[0]
    if not (
        await sees_agency(viewer, unit["agency_id"]) or await heads_unit_or_above(viewer, unit_id)
    ):
        return forbidden()
    period = None
    if period_id is not None:
        found = await db.rows(
            "SELECT id, number, start_date, end_date FROM period WHERE id = ? AND agency_id = ?"
            " AND year = ?",
            period_id,
            unit["agency_id"],
            year,
        )
        if not found:
            return forbidden()
        period = found[0]
    return unit, year, period


def _period_key(period: Any) -> tuple[str, tuple[Any, ...]]:
    if period is None:
        return "period_id IS NULL", ()
    return "period_id = ?", (period["id"],)


@endpoint()
async def kurva_report(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KurvaReport`` (evaluation.graphql): the FINAL predikat of a unit counted per employee
    (the latest finalised one) against the kurva of its organisation predikat."""
    checked = await _unit_and_period(viewer, variables)
    if isinstance(checked, Response):
        return checked
    unit, year, period = checked
    same_period, key = _period_key(period)
    org = await db.rows(
        "SELECT o.id, o.rating, o.version, o.set_by_id, e.name AS set_by_name"
        " FROM organization_rating o LEFT JOIN employee e ON e.id = o.set_by_id"
        f" WHERE o.unit_id = ? AND o.year = ? AND o.{same_period} ORDER BY o.id LIMIT 1",
        unit["id"],
        year,
        *key,
    )
    org = org[0] if org else None
    rows = await db.rows(
        "SELECT pp.employee_id, e.predikat FROM evaluation e"
        " JOIN performance_plan pp ON pp.id = e.plan_id WHERE pp.unit_id = ? AND e.kind = ?"
        f" AND e.year = ? AND e.status = 'FINAL' AND e.{same_period}"
        " ORDER BY e.finalized_at, e.id",
        unit["id"],
        "PERIODIC" if period else "ANNUAL",
        year,
        *key,
    )
    predikats = list({r["employee_id"]: Predikat(r["predikat"]) for r in rows}.values())
    findings = (
        check_distribution(OrgPredikat(org["rating"]), predikats, SETTINGS.kurva_rounding)
        if org
        else []
    )
    counted = Counter(predikats)
    return answer(
        {
            "kurvaReport": {
                "year": year,
                "kind": "PERIODIC" if period else "ANNUAL",
                "total": len(predikats),
                "unit": {"id": str(unit["id"]), "name": unit["name"]},
                "period": (
                    {"id": str(period["id"]), "number": period["number"]} if period else None
                ),
                "organizationRating": (
                    {
                        "id": str(org["id"]),
                        "rating": org["rating"],
                        "version": org["version"],
                        "setBy": (
                            {"id": str(org["set_by_id"]), "name": org["set_by_name"]}
                            if org["set_by_id"] is not None
                            else None
                        ),
                    }
                    if org
                    else None
                ),
                "counts": [
                    {"predikat": p.value, "count": counted.get(p, 0)} for p in PREDIKAT_ORDER
                ],
                "findings": [finding(finding_json(f)) for f in findings[:20]],
            }
        }
    )


@endpoint()
async def unit_distribution_view(viewer: Any, variables: dict[str, Any]) -> Response:
    return await _distribution_view(viewer, variables, "unitDistribution")


@endpoint()
async def preview_view(viewer: Any, variables: dict[str, Any]) -> Response:
    return await _distribution_view(viewer, variables, "previewUnitDistribution")


async def _distribution_view(viewer: Any, variables: dict[str, Any], root: str) -> Response:
    """``UnitDistribution``, or ``PreviewUnitDistribution`` with its what-if ``changes`` to
    DRAFT evaluations (the harness sends only valid ones)."""
    checked = await _unit_and_period(viewer, variables)
    if isinstance(checked, Response):
        return checked
    unit, year, period = checked
    unit_id = unit["id"]
    changes = {int(c["evaluationId"]): c["predikat"] for c in variables.get("changes") or ()}
    kind = "PERIODIC" if period else "ANNUAL"
    same_period, key = _period_key(period)
    org = await db.rows(
        "SELECT id, rating FROM organization_rating WHERE unit_id = ? AND year = ?"
        f" AND {same_period} ORDER BY id LIMIT 1",
        unit_id,
        year,
        *key,
    )
    org = org[0] if org else None
    plans = {
        p["id"]: p
        for p in await db.rows(
            "SELECT id, employee_id, position_id, status, period_start, period_end"
            " FROM performance_plan WHERE unit_id = ? AND year = ?",
            unit_id,
            year,
        )
    }
    rows = await db.rows(
        "SELECT e.id, e.plan_id, e.status, e.result_rating, e.behavior_rating, e.predikat,"
        " e.version, pp.employee_id, pp.period_start, em.nip, em.name FROM evaluation e"
        " JOIN performance_plan pp ON pp.id = e.plan_id JOIN employee em ON em.id = pp.employee_id"
        f" WHERE pp.unit_id = ? AND pp.year = ? AND e.kind = ? AND e.{same_period}"
        " ORDER BY pp.employee_id, e.id",
        unit_id,
        year,
        kind,
        *key,
    )
    by_employee: dict[int, list[Any]] = {}
    for r in rows:
        by_employee.setdefault(r["employee_id"], []).append(r)
    predikats, final = {}, set()
    for employee_id, own in by_employee.items():
        later = max(own, key=lambda r: (date_of(r["period_start"]), r["plan_id"]))
        predikats[employee_id] = Predikat(changes.get(later["id"], later["predikat"]))
        if all(r["status"] == "FINAL" for r in own):
            final.add(employee_id)
    rated = {r["plan_id"] for r in rows}
    start = date_of(period["start_date"]) if period else dt.date(year, 1, 1)
    end = date_of(period["end_date"]) if period else dt.date(year, 12, 31)
    unrated = [
        p
        for p in plans.values()
        if p["status"] == "APPROVED"
        and p["id"] not in rated
        and p["employee_id"] not in by_employee
        and date_of(p["period_start"]) <= end
        and date_of(p["period_end"]) >= start
    ]
    unrated = await _still_in_post(unrated, start, end)
    unrated.sort(key=lambda p: (p["employee_id"], p["id"]))
    dist = unit_distribution(
        OrgPredikat(org["rating"]) if org else None,
        predikats,
        final,
        len({p["employee_id"] for p in unrated}),
        SETTINGS.kurva_rounding,
    )
    mode = KurvaMode(SETTINGS.kurva_mode)
    drafts = [r for r in rows if r["status"] == "DRAFT"]
    refusal = _refusal(unit, dist, mode, drafts)
    return answer(
        {
            root: {
                "year": year,
                "kind": kind,
                "kurvaMode": mode.value,
                "unit": {"id": str(unit["id"]), "code": unit["code"], "name": unit["name"]},
                "period": (
                    {
                        "id": str(period["id"]),
                        "number": period["number"],
                        "startDate": iso(period["start_date"]),
                        "endDate": iso(period["end_date"]),
                    }
                    if period
                    else None
                ),
                "organizationRating": (
                    {"id": str(org["id"]), "rating": org["rating"]} if org else None
                ),
                "total": dist.total,
                "finalCount": len(dist.final),
                "draftCount": len(dist.open),
                "missingCount": dist.missing,
                "counts": [{"predikat": p.value, "count": dist.counts[p]} for p in PREDIKAT_ORDER],
                "bounds": [_bound(dist, b) for b in dist.bounds[:20]],
                "findings": [_finding(dist, f) for f in dist.findings[:20]],
                "finalizeRefusal": refusal,
                "entries": [
                    {
                        "predikat": changes.get(r["id"], r["predikat"]),
                        "changed": changes.get(r["id"], r["predikat"]) != r["predikat"],
                        "final": r["status"] == "FINAL",
                        "employee": {
                            "id": str(r["employee_id"]),
                            "nip": r["nip"],
                            "name": r["name"],
                        },
                        "evaluation": {
                            "id": str(r["id"]),
                            "status": r["status"],
                            "resultRating": r["result_rating"],
                            "behaviorRating": r["behavior_rating"],
                            "predikat": r["predikat"],
                            "version": r["version"],
                        },
                    }
                    for r in rows[:CAP]
                ],
                "unrated": await _unrated(unrated[:CAP]),
            }
        }
    )


async def _still_in_post(plans: list[Any], start: dt.date, end: dt.date) -> list[Any]:
    """Plans whose employee held the SKP's position during the period (after a mutasi the
    old SKP stays APPROVED, its holder is not missing there)."""
    if not plans:
        return []
    employees = ",".join(str(int(p["employee_id"])) for p in plans)
    positions = ",".join(str(int(p["position_id"])) for p in plans)
    held = await db.rows(
        "SELECT employee_id, position_id, end_date FROM assignment"
        f" WHERE employee_id IN ({employees}) AND position_id IN ({positions})"
        " AND start_date <= ?",
        end,
    )
    in_post = {
        (h["employee_id"], h["position_id"])
        for h in held
        if h["end_date"] is None or date_of(h["end_date"]) >= start
    }
    return [p for p in plans if (p["employee_id"], p["position_id"]) in in_post]


async def _unrated(plans: list[Any]) -> list[dict[str, Any]]:
    if not plans:
        return []
    ids = ",".join(str(int(p["employee_id"])) for p in plans)
    people = {
        e["id"]: e for e in await db.rows(f"SELECT id, nip, name FROM employee WHERE id IN ({ids})")
    }
    return [
        {
            "id": str(p["id"]),
            "employee": {
                "id": str(p["employee_id"]),
                "nip": people[p["employee_id"]]["nip"],
                "name": people[p["employee_id"]]["name"],
            },
        }
        for p in plans
    ]


def _bound(dist: Any, b: Any) -> dict[str, Any]:
    params = KurvaFinding(
        code=b.code,
        org=dist.org,
        predikats=b.predikats,
        bound=b.bound,
        percent=b.percent,
        actual=b.actual,
        limit=b.limit,
        total=b.total,
    ).params
    return {
        "code": b.code,
        "message": translate(b.code, params, "id"),
        "predikats": [Predikat(p).value for p in b.predikats],
        "atMost": b.bound == "at_most",
        "percent": b.percent,
        "limit": b.limit,
        "actual": b.actual,
        "total": b.total,
        "met": b.met,
    }


def _finding(dist: Any, f: Any) -> dict[str, Any]:
    data = {**finding_json(f), "pending": len(dist.open), "missing": dist.missing}
    return {
        "code": data["code"],
        "message": translate(data["code"], data["params"], "id"),
        "predikats": data["predikats"],
        "atMost": data["bound"] == "at_most",
        "percent": data["percent"],
        "actual": data["actual"],
        "limit": data["limit"],
        "total": data["total"],
        "pending": data["pending"],
        "missing": data["missing"],
    }


def _refusal(unit: Any, dist: Any, mode: KurvaMode, drafts: list[Any]) -> dict[str, str] | None:
    """Why finalising the unit's drafts now would be refused (the service's order of checks);
    the names of the unrated are not read: this unit's demo data has nobody missing."""
    if not drafts:
        code, params = "evaluation.unit_nothing_open", {"unit": unit["name"]}
    else:
        verdict = finalisation_refusal(dist, dist.open, mode)
        if verdict is None:
            return None
        if verdict == "breach":
            code = "evaluation.kurva_breach"
            params = {
                "breaches_id": " ".join(f.message("id") for f in dist.findings),
                "breaches_en": " ".join(f.message("en") for f in dist.findings),
            }
        else:
            code = f"evaluation.kurva_{verdict}"
            params = {"unit": unit["name"], "missing": dist.missing, "open": len(dist.open)}
    return {"code": code, "message": translate(code, params, "id", field="unitId")}


routes = [
    Route("/unit-distribution", unit_distribution_view, methods=["POST"]),
    Route("/preview-unit-distribution", preview_view, methods=["POST"]),
    Route("/kurva-report", kurva_report, methods=["POST"]),
]
