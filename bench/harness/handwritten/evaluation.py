"""Hand-written ``Evaluation`` (evaluation.graphql): one evaluation with its period, rater,
appeal, frozen snapshot, the kurva findings recorded at finalisation and its SKP.

The appeal deadline (calendar days in WIB) and the findings' sentences are rules, not SQL:
they come from the core (``deadline_for``, ``translate``)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import (
    answer,
    db,
    endpoint,
    forbidden,
    iso,
    may_read_employee,
)
from kinerja_core.i18n import translate
from kinerja_core.services.evaluation import deadline_for
from kinerja_core.settings import load_settings

APPEAL_DAYS = load_settings().appeal_days
THOUSANDTHS = Decimal("0.001")


def as_json(value: Any) -> Any:
    """A JSON column (SQLite and asyncpg hand back text)."""
    return json.loads(value) if isinstance(value, str) else value


def moment(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def points(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(THOUSANDTHS))


async def may_read_plan(viewer: Any, plan: Any) -> bool:
    """Owner, rater, rater's superior, or whoever may read the employee."""
    if viewer["employee_id"] in (plan["employee_id"], plan["rater_id"], plan["rater_superior_id"]):
        return True
    return await may_read_employee(viewer, plan["employee_id"], plan["agency_id"])


@endpoint()
async def evaluation(viewer: Any, variables: dict[str, Any]) -> Response:
    evaluation_id = int(variables["id"])
    found = await db.rows(
        "SELECT e.*, pp.employee_id, pp.rater_id AS plan_rater_id, pp.rater_superior_id,"
        " pp.agency_id, pp.year AS plan_year, pp.status AS plan_status,"
        " pe.number AS period_number, pe.start_date AS period_start, pe.end_date AS period_end,"
        " r.nip AS rater_nip, r.name AS rater_name FROM evaluation e"
        " JOIN performance_plan pp ON pp.id = e.plan_id"
        " LEFT JOIN period pe ON pe.id = e.period_id LEFT JOIN employee r ON r.id = e.rater_id"
        " WHERE e.id = ?",
        evaluation_id,
    )
    if not found:
        return answer({"evaluation": None})
    e = found[0]
    plan = {
        "employee_id": e["employee_id"],
        "rater_id": e["plan_rater_id"],
        "rater_superior_id": e["rater_superior_id"],
        "agency_id": e["agency_id"],
    }
    if not await may_read_plan(viewer, plan):
        return forbidden()
    appeals = await db.rows(
        "SELECT a.*, d.name AS decided_by_name FROM appeal a"
        " LEFT JOIN employee d ON d.id = a.decided_by_id WHERE a.evaluation_id = ? ORDER BY a.id",
        evaluation_id,
    )
    fields = evaluation_fields(e, appeals[0] if appeals else None)
    snapshot = as_json(e["snapshot"])
    fields["snapshot"] = None if not snapshot else snapshot_fields(snapshot)
    fields["kurvaFindings"] = [finding(f) for f in as_json(e["kurva_findings"]) or []]
    fields["plan"] = {"id": str(e["plan_id"]), "year": e["plan_year"], "status": e["plan_status"]}
    return answer({"evaluation": fields})


@endpoint()
async def plan_evaluations(viewer: Any, variables: dict[str, Any]) -> Response:
    """``PlanEvaluations``: a plan's evaluations, periodic in period order, then annual."""
    plan_id = int(variables["planId"])
    plans = await db.rows(
        "SELECT employee_id, rater_id, rater_superior_id, agency_id FROM performance_plan"
        " WHERE id = ?",
        plan_id,
    )
    if not plans or not await may_read_plan(viewer, plans[0]):
        return forbidden()
    rows = await db.rows(
        "SELECT e.*, pe.number AS period_number, pe.start_date AS period_start,"
        " pe.end_date AS period_end, r.nip AS rater_nip, r.name AS rater_name FROM evaluation e"
        " LEFT JOIN period pe ON pe.id = e.period_id LEFT JOIN employee r ON r.id = e.rater_id"
        " WHERE e.plan_id = ?",
        plan_id,
    )
    appeals: dict[int, Any] = {}
    if rows:
        marks = ",".join(str(int(r["id"])) for r in rows)
        for a in await db.rows(
            "SELECT a.*, d.name AS decided_by_name FROM appeal a"
            f" LEFT JOIN employee d ON d.id = a.decided_by_id WHERE a.evaluation_id IN ({marks})"
            " ORDER BY a.id DESC"
        ):
            appeals[a["evaluation_id"]] = a  # the first filed wins, as the server's

    def chronological(e: Any) -> tuple:
        if e["period_id"] is None:
            return (1, "9999-12-31", e["id"])
        return (0, iso(e["period_start"]), e["id"])

    return answer(
        {
            "evaluations": [
                evaluation_fields(e, appeals.get(e["id"])) for e in sorted(rows, key=chronological)
            ]
        }
    )


def evaluation_fields(e: Any, appeal: Any | None) -> dict[str, Any]:
    """``EvaluationFields`` of a row joined with its period (period_*) and rater (rater_*)."""
    finalized = moment(e["finalized_at"])
    deadline = deadline_for(SimpleNamespace(finalized_at=finalized), APPEAL_DAYS)
    return {
        "id": str(e["id"]),
        "kind": e["kind"],
        "year": e["year"],
        "status": e["status"],
        "resultRating": e["result_rating"],
        "behaviorRating": e["behavior_rating"],
        "predikat": e["predikat"],
        "note": e["note"],
        "finalizedAt": iso(finalized),
        "appealDeadline": iso(deadline),
        "creditPoints": points(e["credit_points"]),
        "version": e["version"],
        "period": (
            {
                "id": str(e["period_id"]),
                "number": e["period_number"],
                "startDate": iso(e["period_start"]),
                "endDate": iso(e["period_end"]),
            }
            if e["period_id"] is not None
            else None
        ),
        "rater": (
            {"id": str(e["rater_id"]), "nip": e["rater_nip"], "name": e["rater_name"]}
            if e["rater_id"] is not None
            else None
        ),
        "appeal": (
            {
                "id": str(appeal["id"]),
                "status": appeal["status"],
                "reason": appeal["reason"],
                "filedAt": iso(appeal["created_at"]),
                "decision": appeal["decision"],
                "decisionNote": appeal["decision_note"],
                "decidedAt": iso(appeal["decided_at"]),
                "decidedBy": (
                    {"id": str(appeal["decided_by_id"]), "name": appeal["decided_by_name"]}
                    if appeal["decided_by_id"] is not None
                    else None
                ),
            }
            if appeal is not None
            else None
        ),
    }


def snapshot_fields(s: dict[str, Any]) -> dict[str, Any]:
    def org(o: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(o["id"]), "code": o["code"], "name": o["name"]}

    employee, position, rater, period = s["employee"], s["position"], s["rater"], s.get("period")
    return {
        "kind": s["kind"],
        "year": s["year"],
        "resultRating": s["result_rating"],
        "behaviorRating": s["behavior_rating"],
        "predikat": s["predikat"],
        "employee": {
            "id": str(employee["id"]),
            "nip": employee["nip"],
            "name": employee["name"],
            "golongan": employee["golongan"],
        },
        "position": {
            "id": str(position["id"]),
            "name": position["name"],
            "type": position["type"],
            "level": position["level"],
        },
        "unit": org(s["unit"]),
        "agency": org(s["agency"]),
        "rater": {
            "id": str(rater["id"]),
            "nip": rater["nip"],
            "name": rater["name"],
            "position": rater["position"],
        },
        "period": (
            {
                "id": str(period["id"]),
                "kind": period["kind"],
                "number": period["number"],
                "label": period["label"],
                "startDate": period["start_date"],
                "endDate": period["end_date"],
            }
            if period
            else None
        ),
    }


def finding(f: dict[str, Any], *, organization: bool = True) -> dict[str, Any]:
    """A recorded kurva finding as ``KurvaFindingFields`` (Indonesian sentence)."""
    out: dict[str, Any] = {"code": f["code"], "message": translate(f["code"], f["params"], "id")}
    if organization:
        out["organizationRating"] = f["org"]
    out.update(
        predikats=f["predikats"],
        atMost=f["bound"] == "at_most",
        percent=f["percent"],
        actual=f["actual"],
        limit=f["limit"],
        total=f["total"],
        pending=f.get("pending"),
        missing=f.get("missing"),
    )
    return out


routes = [
    Route("/evaluation", evaluation, methods=["POST"]),
    Route("/plan-evaluations", plan_evaluations, methods=["POST"]),
]
