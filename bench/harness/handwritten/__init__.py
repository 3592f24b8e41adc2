"""Hand-written endpoints: Starlette + raw SQL, answering what GraphQL answers, as fast as we can.

The yardstick of bench/compare.py and bench/instructions.py (issue 14): each endpoint returns
the bytes the GraphQL operation of ``schema/operations/`` returns for the same viewer and
variables (bench/harness/operations.py; the harness checks they are equal before it
measures), after the same token check (an unrevoked, unexpired session of an active account)
and the same read rules (base.py). Nothing here is used by the server.

    KINERJA_DATABASE_URL=sqlite:///path/kinerja.sqlite3 uvicorn bench.harness.handwritten:app

Routes (POST, ``Authorization: Bearer <token>``): ``/me``, ``/team``, ``/agency-dashboard``
(body ``{"agencyId": "..."}``), ``/my-dashboard`` here; the others in this package's modules,
their bodies the GraphQL variables: ``/skp-detail`` (skp_detail.py), ``/evaluation``
(evaluation.py), ``/employee-year`` (employee_year.py), ``/unit-distribution`` (kurva.py),
``/kesehatan-coverage`` (kesehatan.py), ``/pendidikan-participation`` (plugins.py), and every
kompetensi read, ``/kompetensi-my-records``, ``/kompetensi-effects``... (kompetensi.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten import (
    employee_year,
    evaluation,
    kesehatan,
    kompetensi,
    kurva,
    plugins,
    skp_detail,
)
from bench.harness.handwritten.base import (
    KURVA_ROUNDING,
    RUNNING,
    answer,
    cursor,
    db,
    endpoint,
    ids,
    iso,
    period_label,
)
from kinerja_core.domain.enums import OrgPredikat, Predikat
from kinerja_core.domain.golongan import pangkat_for
from kinerja_core.domain.kurva import check_distribution
from kinerja_core.i18n import translate

# the rule of which achievement a realisasi shows (its plugin's, else computed), not SQL
from kinerja_core.services.dashboard import latest_achievement


@endpoint(variables=False)
async def me(viewer: Any, _: dict[str, Any]) -> Response:
    return answer({"me": {"employee": {"name": viewer["name"], "nip": viewer["nip"]}}})


@endpoint(variables=False)
async def team(viewer: Any, _: dict[str, Any]) -> Response:
    today = dt.date.today()
    year = today.year
    mine = (
        f"SELECT a.position_id FROM assignment a WHERE a.employee_id = {int(viewer['employee_id'])}"
        f" AND {RUNNING}"
    )
    members = (
        f"WITH RECURSIVE below(id) AS (SELECT id FROM position WHERE reports_to_id IN ({mine})"
        " UNION SELECT p.id FROM position p JOIN below b ON p.reports_to_id = b.id)"
        " SELECT DISTINCT a.employee_id FROM assignment a JOIN below b ON a.position_id = b.id"
        f" WHERE {RUNNING}"
    )
    total = (await db.rows(f"SELECT COUNT(*) AS n FROM ({members}) m", today, today, today, today))[
        0
    ]["n"]
    page = await db.rows(
        f"SELECT e.id, e.nip, e.name, e.golongan FROM employee e WHERE e.id IN ({members})"
        " ORDER BY e.id LIMIT 101",
        today,
        today,
        today,
        today,
    )
    more = len(page) > 100
    page = page[:100]
    page_ids = [r["id"] for r in page]
    direct = {
        r["employee_id"]
        for r in await db.rows(
            "SELECT DISTINCT a.employee_id FROM assignment a"
            " JOIN position p ON p.id = a.position_id WHERE p.reports_to_id IN"
            f" ({mine}) AND a.employee_id IN {ids(page_ids)} AND {RUNNING}",
            today,
            today,
            today,
            today,
        )
    }
    positions: dict[int, dict[str, Any]] = {}
    for r in await db.rows(
        "SELECT a.employee_id, p.name, p.type, u.name AS unit_name FROM assignment a"
        " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
        f" WHERE a.employee_id IN {ids(page_ids)} AND a.kind = 'DEFINITIF' AND {RUNNING}"
        " ORDER BY a.start_date DESC, a.id DESC",
        today,
        today,
    ):
        positions.setdefault(
            r["employee_id"],
            {"name": r["name"], "type": r["type"], "unit": {"name": r["unit_name"]}},
        )
    plans: dict[int, Any] = {}
    for r in await db.rows(
        "SELECT id, employee_id, status FROM performance_plan"
        f" WHERE employee_id IN {ids(page_ids)} AND year = ? AND status <> 'CLOSED'"
        " ORDER BY id DESC",
        year,
    ):
        plans.setdefault(r["employee_id"], r)
    plan_ids = [p["id"] for p in plans.values()]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in await db.rows(
        "SELECT w.plan_id, COUNT(i.id) AS n FROM indicator i JOIN work_result w"
        f" ON w.id = i.work_result_id WHERE w.plan_id IN {ids(plan_ids)} GROUP BY w.plan_id"
    ):
        counts[r["plan_id"]]["indicators"] = r["n"]
    for r in await db.rows(
        "SELECT w.plan_id, COUNT(DISTINCT r.indicator_id) AS done, COUNT(r.id) AS n"
        " FROM realization r JOIN indicator i ON i.id = r.indicator_id"
        f" JOIN work_result w ON w.id = i.work_result_id WHERE w.plan_id IN {ids(plan_ids)}"
        " GROUP BY w.plan_id"
    ):
        counts[r["plan_id"]]["done"] = r["done"]
        counts[r["plan_id"]]["realizations"] = r["n"]
    for r in await db.rows(
        f"SELECT plan_id, COUNT(*) AS n FROM feedback WHERE plan_id IN {ids(plan_ids)}"
        " GROUP BY plan_id"
    ):
        counts[r["plan_id"]]["feedback"] = r["n"]
    latest: dict[int, Any] = {}
    for r in await db.rows(
        "SELECT e.plan_id, e.predikat, e.result_rating, e.behavior_rating, pe.year, pe.kind,"
        " pe.number FROM evaluation e LEFT JOIN period pe ON pe.id = e.period_id"
        f" WHERE e.plan_id IN {ids(plan_ids)} AND e.status = 'FINAL' ORDER BY e.id DESC"
    ):
        latest.setdefault(r["plan_id"], r)
    edges = []
    for e in page:
        plan = plans.get(e["id"])
        node: dict[str, Any] = {
            "isDirectReport": e["id"] in direct,
            "employee": {
                "id": str(e["id"]),
                "nip": e["nip"],
                "name": e["name"],
                "golongan": e["golongan"],
                "pangkat": pangkat_for(e["golongan"]) if e["golongan"] else None,
            },
            "position": positions.get(e["id"]),
            "plan": None,
            "latestEvaluation": None,
        }
        if plan is not None:
            c = counts[plan["id"]]
            node["plan"] = {
                "id": str(plan["id"]),
                "status": plan["status"],
                "progress": {
                    "indicators": c["indicators"],
                    "indicatorsRealized": c["done"],
                    "realizations": c["realizations"],
                    "feedback": c["feedback"],
                },
            }
            ev = latest.get(plan["id"])
            if ev is not None:
                node["latestEvaluation"] = {
                    "predikat": ev["predikat"],
                    "resultRating": ev["result_rating"],
                    "behaviorRating": ev["behavior_rating"],
                    "period": (
                        {"label": period_label(ev["year"], ev["kind"], ev["number"])}
                        if ev["kind"] is not None
                        else None
                    ),
                }
        edges.append({"node": node})
    return answer(
        {
            "team": {
                "totalCount": total,
                "pageInfo": {
                    "hasNextPage": more,
                    "endCursor": cursor(page[-1]["id"]) if page else None,
                },
                "edges": edges,
            }
        }
    )


UNITS_PAGE = 20  # schema/operations/agency_dashboard.graphql: units(first: 20, offset: ...)


@endpoint()
async def agency_dashboard(viewer: Any, body: dict[str, Any]) -> Response:
    agency_id = int(body["agencyId"])
    unit_offset = int(body.get("unitOffset") or 0)  # the operation's page: 20 units from it
    today = dt.date.today()
    year = today.year
    heads = await db.rows(
        "SELECT p.agency_id FROM assignment a JOIN position p ON p.id = a.position_id"
        " JOIN unit u ON u.id = p.unit_id WHERE a.employee_id = ? AND p.is_unit_head"
        f" AND u.parent_id IS NULL AND {RUNNING}",
        viewer["employee_id"],
        today,
        today,
    )
    allowed = (
        viewer["is_central_admin"]
        or viewer["admin_agency_id"] == agency_id
        or any(h["agency_id"] == agency_id for h in heads)
    )
    if not allowed:
        return Response('{"error":"forbidden"}', status_code=403, media_type="application/json")
    agency = (await db.rows("SELECT id, code, name FROM agency WHERE id = ?", agency_id))[0]
    units = await db.rows(
        "SELECT id, name, parent_id FROM unit WHERE agency_id = ? ORDER BY id", agency_id
    )
    figures: dict[int, dict[str, Any]] = {
        u["id"]: {"employees": 0, "status": Counter(), "real": 0, "pred": Counter(), "org": None}
        for u in units
    }
    for r in await db.rows(
        "SELECT p.unit_id, COUNT(DISTINCT a.employee_id) AS n FROM assignment a"
        " JOIN position p ON p.id = a.position_id WHERE p.agency_id = ? AND a.kind = 'DEFINITIF'"
        f" AND {RUNNING} GROUP BY p.unit_id",
        agency_id,
        today,
        today,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["employees"] = r["n"]
    for r in await db.rows(
        "SELECT unit_id, status, COUNT(*) AS n FROM performance_plan WHERE agency_id = ?"
        " AND year = ? GROUP BY unit_id, status",
        agency_id,
        year,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["status"][r["status"]] = r["n"]
    for r in await db.rows(
        "SELECT p.unit_id, COUNT(*) AS n FROM performance_plan p WHERE p.agency_id = ?"
        " AND p.year = ? AND EXISTS (SELECT 1 FROM work_result w JOIN indicator i"
        " ON i.work_result_id = w.id JOIN realization r ON r.indicator_id = i.id"
        " WHERE w.plan_id = p.id) GROUP BY p.unit_id",
        agency_id,
        year,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["real"] = r["n"]
    for r in await db.rows(
        "SELECT p.unit_id, e.predikat, COUNT(*) AS n FROM evaluation e"
        " JOIN performance_plan p ON p.id = e.plan_id WHERE p.agency_id = ? AND e.year = ?"
        " AND e.status = 'FINAL' AND e.kind = 'ANNUAL' GROUP BY p.unit_id, e.predikat",
        agency_id,
        year,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["pred"][r["predikat"]] = r["n"]
    for r in await db.rows(
        "SELECT o.unit_id, o.rating FROM organization_rating o JOIN unit u ON u.id = o.unit_id"
        " WHERE u.agency_id = ? AND o.year = ? AND o.period_id IS NULL",
        agency_id,
        year,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["org"] = r["rating"]

    actions = await _dashboard_actions(agency_id, year, today, figures)
    last = actions["last"]

    def summary(unit: Any, f: dict[str, Any], findings: list[Any]) -> dict[str, Any]:
        status = f["status"]
        a = f["actions"]
        return {
            "unit": {
                "id": str(unit["id"]),
                "name": unit["name"],
                "parent": {"id": str(unit["parent_id"])} if unit["parent_id"] else None,
            },
            "employees": f["employees"],
            "plansApproved": status["APPROVED"],
            "plansSubmitted": status["SUBMITTED"],
            "plansDraft": status["DRAFT"] + status["RETURNED"],
            "plansWithRealization": f["real"],
            "evaluationsDone": sum(f["pred"].values()),
            "periodicEvaluationsDone": a["periodic"],
            "annualEvaluationsDone": a["annual"],
            "indicatorsWithTarget": a["with_target"],
            "indicatorsMeasured": a["measured"],
            "indicatorAchievement": _mean_percent(a["sum"], a["measured"]),
            "plansWithoutRealizationInLastClosedPeriod": (
                a["without_realization"] if last is not None else None
            ),
            "employeesWithoutPlan": a["without_plan"],
            "organizationRating": f["org"],
            "predikatDistribution": [
                {"predikat": p.value, "count": f["pred"][p.value]} for p in Predikat
            ],
            "kurvaFindings": [
                {"code": k.code, "message": translate(k.code, k.params, "id")} for k in findings
            ],
        }

    out_units = []
    all_findings: list[Any] = []
    total: dict[str, Any] = {
        "employees": 0,
        "status": Counter(),
        "real": 0,
        "pred": Counter(),
        "actions": _no_actions(),
    }
    for index, unit in enumerate(units):
        f = figures[unit["id"]]
        findings = []
        if f["org"] and f["pred"]:
            findings = check_distribution(
                OrgPredikat(f["org"]),
                [Predikat(p) for p in Counter(f["pred"]).elements()],
                KURVA_ROUNDING,
            )
        all_findings.extend(findings)
        if unit_offset <= index < unit_offset + UNITS_PAGE:
            out_units.append(summary(unit, f, findings))
        total["employees"] += f["employees"]
        total["status"].update(f["status"])
        total["real"] += f["real"]
        total["pred"].update(f["pred"])
        for key, value in f["actions"].items():
            total["actions"][key] += value
    root = next((u for u in units if u["parent_id"] is None), units[0])
    totals = summary(root, {**total, "org": None}, all_findings)
    totals = {
        k: totals[k]
        for k in (
            "employees",
            "plansApproved",
            "plansSubmitted",
            "plansDraft",
            "plansWithRealization",
            "evaluationsDone",
            "periodicEvaluationsDone",
            "annualEvaluationsDone",
            "indicatorAchievement",
            "plansWithoutRealizationInLastClosedPeriod",
            "employeesWithoutPlan",
        )
    }
    # a page with more units after it is a cut list, reported as the server does (list_caps.py)
    cut = len(units) > unit_offset + UNITS_PAGE
    return answer(
        {
            "agencyDashboard": {
                "year": year,
                "agency": {"id": str(agency["id"]), "code": agency["code"], "name": agency["name"]},
                "period": None,
                "lastClosedPeriod": (
                    {
                        "id": str(last["id"]),
                        "label": period_label(last["year"], last["kind"], last["number"]),
                    }
                    if last is not None
                    else None
                ),
                "employeesWithoutPlan": actions["employees_page"],
                "plansWithoutRealizationInLastClosedPeriod": actions["plans_page"],
                "totals": totals,
                "unitCount": len(units),
                "units": out_units,
            }
        },
        [{"path": ["agencyDashboard", "units"], "cap": UNITS_PAGE}] if cut else None,
    )


def _no_actions() -> dict[str, Any]:
    return {
        "periodic": 0,
        "annual": 0,
        "with_target": 0,
        "measured": 0,
        "sum": Decimal(0),
        "without_realization": 0,
        "without_plan": 0,
    }


def _mean_percent(total: Decimal, n: int) -> str | None:
    return str((total / n).quantize(Decimal("0.01"))) if n else None


async def _dashboard_actions(
    agency_id: int, year: int, today: dt.date, figures: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """Evaluations by kind, IKI achievement, SKP without realisasi in the last closed period,
    people without SKP: per unit into ``figures[unit]["actions"]``, and the two lists."""
    for f in figures.values():
        f["actions"] = _no_actions()
    for r in await db.rows(
        "SELECT p.unit_id, e.kind, COUNT(*) AS n FROM evaluation e"
        " JOIN performance_plan p ON p.id = e.plan_id WHERE p.agency_id = ? AND e.year = ?"
        " AND e.status = 'FINAL' GROUP BY p.unit_id, e.kind",
        agency_id,
        year,
    ):
        if r["unit_id"] in figures:
            key = "annual" if r["kind"] == "ANNUAL" else "periodic"
            figures[r["unit_id"]]["actions"][key] += r["n"]
    for r in await db.rows(
        "SELECT p.unit_id, i.target_value, i.target_min, i.target_max, r.value, r.provenance"
        " FROM performance_plan p JOIN work_result w ON w.plan_id = p.id"
        " JOIN indicator i ON i.work_result_id = w.id"
        " LEFT JOIN realization r ON r.id = (SELECT x.id FROM realization x"
        "   CROSS JOIN period pe WHERE pe.id = x.period_id AND x.indicator_id = i.id"
        "   AND pe.agency_id = ? AND pe.year = ? AND pe.start_date <= ?"
        "   ORDER BY pe.end_date DESC, x.id DESC LIMIT 1)"
        " WHERE p.agency_id = ? AND p.year = ? AND p.status IN ('APPROVED', 'CLOSED')"
        " AND (i.target_value IS NOT NULL OR i.target_min IS NOT NULL)",
        agency_id,
        year,
        today,
        agency_id,
        year,
    ):
        if r["unit_id"] not in figures:
            continue
        a = figures[r["unit_id"]]["actions"]
        a["with_target"] += 1
        percent = latest_achievement(dict(r)) if r["value"] is not None else None
        if percent is not None:
            a["measured"] += 1
            a["sum"] += percent
    closed = await db.rows(
        "SELECT id, year, kind, number, start_date, end_date FROM period WHERE agency_id = ?"
        " AND year = ? AND status = 'CLOSED' ORDER BY end_date DESC LIMIT 1",
        agency_id,
        year,
    )
    last = closed[0] if closed else None
    plans_page: Any = None
    if last is not None:
        without = (
            "FROM performance_plan p WHERE p.agency_id = ? AND p.year = ? AND p.status ="
            " 'APPROVED' AND p.period_start <= ? AND p.period_end >= ? AND NOT EXISTS"
            " (SELECT 1 FROM work_result w JOIN indicator i ON i.work_result_id = w.id"
            " WHERE w.plan_id = p.id AND EXISTS (SELECT 1 FROM realization r"
            " WHERE r.indicator_id = i.id AND r.period_id = ?))"
        )
        params = (agency_id, year, last["end_date"], last["start_date"], last["id"])
        count = 0
        for r in await db.rows(
            f"SELECT p.unit_id, COUNT(*) AS n {without} GROUP BY p.unit_id", *params
        ):
            count += r["n"]
            if r["unit_id"] in figures:
                figures[r["unit_id"]]["actions"]["without_realization"] = r["n"]
        rows = await db.rows(
            "SELECT p.id, e.id AS employee_id, e.nip, e.name FROM performance_plan p"
            f" JOIN employee e ON e.id = p.employee_id WHERE p.id IN (SELECT p.id {without})"
            " ORDER BY p.id LIMIT 20",
            *params,
        )
        plans_page = {
            "totalCount": count,
            "nodes": [
                {
                    "id": str(r["id"]),
                    "employee": {"id": str(r["employee_id"]), "nip": r["nip"], "name": r["name"]},
                }
                for r in rows
            ],
        }
    no_plan = (
        "FROM assignment a JOIN position p ON p.id = a.position_id WHERE p.agency_id = ?"
        f" AND a.kind = 'DEFINITIF' AND {RUNNING} AND NOT EXISTS (SELECT 1 FROM"
        " performance_plan pp WHERE pp.employee_id = a.employee_id AND pp.year = ?"
        " AND pp.status <> 'CLOSED')"
    )
    params = (agency_id, today, today, year)
    for r in await db.rows(
        f"SELECT p.unit_id, COUNT(DISTINCT a.employee_id) AS n {no_plan} GROUP BY p.unit_id",
        *params,
    ):
        if r["unit_id"] in figures:
            figures[r["unit_id"]]["actions"]["without_plan"] = r["n"]
    people = await db.rows(
        f"SELECT e.id, e.nip, e.name FROM employee e WHERE e.id IN (SELECT a.employee_id {no_plan})"
        " ORDER BY e.id",
        *params,
    )
    return {
        "last": last,
        "plans_page": plans_page,
        "employees_page": {
            "totalCount": len(people),
            "nodes": [
                {"id": str(r["id"]), "nip": r["nip"], "name": r["name"]} for r in people[:20]
            ],
        },
    }


@endpoint(variables=False)
async def my_dashboard(viewer: Any, _: dict[str, Any]) -> Response:
    me_id = viewer["employee_id"]
    today = dt.date.today()
    year = today.year
    positions = await db.rows(
        "SELECT p.id, p.agency_id, p.is_unit_head, u.parent_id,"
        " CASE WHEN EXISTS (SELECT 1 FROM position r WHERE r.reports_to_id = p.id)"
        " THEN 1 ELSE 0 END AS has_reports FROM assignment a"
        " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
        f" WHERE a.employee_id = ? AND {RUNNING}",
        me_id,
        today,
        today,
    )
    roles = ["EMPLOYEE"]
    if any(p["has_reports"] for p in positions):
        roles.append("SUPERVISOR")
    if any(p["is_unit_head"] and p["parent_id"] is None for p in positions):
        roles.append("AGENCY_HEAD")
    if viewer["admin_agency_id"] is not None:
        roles.append("AGENCY_ADMIN")
    if viewer["is_central_admin"]:
        roles.append("CENTRAL_ADMIN")
    employee = (
        await db.rows("SELECT id, nip, name, golongan, agency_id FROM employee WHERE id = ?", me_id)
    )[0]
    current = await db.rows(
        "SELECT p.name, u.name AS unit_name FROM assignment a JOIN position p"
        " ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id WHERE a.employee_id = ?"
        f" AND a.kind = 'DEFINITIF' AND {RUNNING} ORDER BY a.start_date DESC, a.id DESC LIMIT 1",
        me_id,
        today,
        today,
    )
    periods = await db.rows(
        "SELECT id, year, kind, number, start_date, end_date FROM period WHERE agency_id = ?"
        " AND year = ? AND status = 'OPEN' ORDER BY number",
        employee["agency_id"],
        year,
    )
    plans = await db.rows(
        "SELECT pp.id, pp.status, pp.year, pp.form, pp.approach, r.name AS rater_name"
        " FROM performance_plan pp LEFT JOIN employee r ON r.id = pp.rater_id"
        " WHERE pp.employee_id = ? AND pp.year = ? ORDER BY pp.id DESC",
        me_id,
        year,
    )
    plan_ids = [p["id"] for p in plans]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in await db.rows(
        "SELECT w.plan_id, COUNT(i.id) AS n, COUNT(DISTINCT r.indicator_id) AS done,"
        " COUNT(r.id) AS realizations FROM work_result w JOIN indicator i"
        " ON i.work_result_id = w.id LEFT JOIN realization r ON r.indicator_id = i.id"
        f" WHERE w.plan_id IN {ids(plan_ids)} GROUP BY w.plan_id"
    ):
        counts[r["plan_id"]]["realizations"] = r["realizations"]
        counts[r["plan_id"]]["done"] = r["done"]
    for r in await db.rows(
        "SELECT w.plan_id, COUNT(i.id) AS n FROM work_result w JOIN indicator i"
        f" ON i.work_result_id = w.id WHERE w.plan_id IN {ids(plan_ids)} GROUP BY w.plan_id"
    ):
        counts[r["plan_id"]]["indicators"] = r["n"]
    for r in await db.rows(
        f"SELECT plan_id, COUNT(*) AS n FROM feedback WHERE plan_id IN {ids(plan_ids)}"
        " GROUP BY plan_id"
    ):
        counts[r["plan_id"]]["feedback"] = r["n"]
    evaluations: dict[int, list[Any]] = defaultdict(list)
    for r in await db.rows(
        "SELECT e.id, e.plan_id, e.kind, e.predikat, e.status, e.period_id, pe.year AS p_year,"
        " pe.kind AS p_kind, pe.number AS p_number, pe.start_date AS p_start FROM evaluation e"
        f" LEFT JOIN period pe ON pe.id = e.period_id WHERE e.plan_id IN {ids(plan_ids)}"
    ):
        evaluations[r["plan_id"]].append(r)

    def chronological(r: Any) -> tuple:
        if r["period_id"] is None:
            return (1, dt.date.max, r["id"])
        start = r["p_start"]
        return (0, dt.date.fromisoformat(start) if isinstance(start, str) else start, r["id"])

    review = await db.rows(
        "SELECT pp.id, pp.submitted_at, e.name, e.nip FROM performance_plan pp"
        " JOIN employee e ON e.id = pp.employee_id WHERE pp.rater_id = ? AND pp.year = ?"
        " AND pp.status = 'SUBMITTED' ORDER BY pp.id",
        me_id,
        year,
    )
    must_change = (
        await db.rows("SELECT must_change_password FROM account WHERE id = ?", viewer["account_id"])
    )[0]["must_change_password"]
    return answer(
        {
            "me": {"roles": roles, "mustChangePassword": bool(must_change)},
            "myDashboard": {
                "year": year,
                "employee": {
                    "id": str(employee["id"]),
                    "nip": employee["nip"],
                    "name": employee["name"],
                    "pangkat": pangkat_for(employee["golongan"]) if employee["golongan"] else None,
                    "golongan": employee["golongan"],
                    "currentPosition": (
                        {"name": current[0]["name"], "unit": {"name": current[0]["unit_name"]}}
                        if current
                        else None
                    ),
                },
                "openPeriods": [
                    {
                        "id": str(p["id"]),
                        "label": period_label(p["year"], p["kind"], p["number"]),
                        "startDate": iso(p["start_date"]),
                        "endDate": iso(p["end_date"]),
                    }
                    for p in periods
                ],
                "plans": [
                    {
                        "id": str(p["id"]),
                        "status": p["status"],
                        "year": p["year"],
                        "form": p["form"],
                        "approach": p["approach"],
                        "rater": {"name": p["rater_name"]} if p["rater_name"] else None,
                        "progress": {
                            "indicators": counts[p["id"]]["indicators"],
                            "indicatorsRealized": counts[p["id"]]["done"],
                            "realizations": counts[p["id"]]["realizations"],
                            "feedback": counts[p["id"]]["feedback"],
                        },
                        "evaluations": [
                            {
                                "kind": e["kind"],
                                "predikat": e["predikat"],
                                "status": e["status"],
                                "period": (
                                    {"label": period_label(e["p_year"], e["p_kind"], e["p_number"])}
                                    if e["period_id"] is not None
                                    else None
                                ),
                            }
                            for e in sorted(evaluations[p["id"]], key=chronological)
                        ],
                    }
                    for p in plans
                ],
                "plansToReview": [
                    {
                        "id": str(r["id"]),
                        "employee": {"name": r["name"], "nip": r["nip"]},
                        "submittedAt": iso(r["submitted_at"]),
                    }
                    for r in review
                ],
            },
        }
    )


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    await db.open()
    try:
        yield
    finally:
        await db.close()


app = Starlette(
    routes=[
        Route("/me", me, methods=["POST"]),
        Route("/team", team, methods=["POST"]),
        Route("/agency-dashboard", agency_dashboard, methods=["POST"]),
        Route("/my-dashboard", my_dashboard, methods=["POST"]),
        *employee_year.routes,
        *evaluation.routes,
        *plugins.routes,
        *kompetensi.routes,
        *kesehatan.routes,
        *kurva.routes,
        *skp_detail.routes,
    ],
    lifespan=lifespan,
)
