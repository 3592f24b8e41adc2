"""Hand-written ``SkpDetail`` (skp_detail.graphql): one SKP with its RHK (cascade up and
down), IKI, realisasi with bukti dukung, feedback and evaluations.

Read in a fixed number of statements whatever the SKP's size. Rules that are not SQL come
from the domain: the workflow's allowed actions, the achievement of a realisasi, period
labels, the appeal deadline (through the evaluation module), pangkat of a golongan."""

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
    ids,
    iso,
    period_label,
    sees_agency,
    superior_of,
)
from bench.harness.handwritten.evaluation import APPEAL_DAYS, as_json, moment, points
from kinerja_core.domain.enums import BehaviorValue, PlanStatus
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.golongan import pangkat_for
from kinerja_core.domain.numbers import trim
from kinerja_core.domain.targets import achievement
from kinerja_core.domain.workflow import allowed_actions
from kinerja_core.services.evaluation import deadline_for

BEHAVIOR_ORDER = {value.value: index for index, value in enumerate(BehaviorValue)}


class Readable:
    """Which SKP the viewer may read: owner, rater, rater's superior, whoever oversees the
    agency, any superior of the employee (asked once per agency and employee)."""

    def __init__(self, viewer: Any) -> None:
        self.viewer = viewer
        self.agencies: dict[int, bool] = {}
        self.superiors: dict[int, bool] = {}

    async def plan(self, plan: Any) -> bool:
        me = self.viewer["employee_id"]
        if me in (plan["employee_id"], plan["rater_id"], plan["rater_superior_id"]):
            return True
        agency = plan["agency_id"]
        if agency not in self.agencies:
            self.agencies[agency] = await sees_agency(self.viewer, agency)
        if self.agencies[agency]:
            return True
        employee = plan["employee_id"]
        if employee not in self.superiors:
            self.superiors[employee] = await superior_of(self.viewer, employee)
        return self.superiors[employee]


def number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def shown(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def person(row: Any, prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_id"] is None:
        return None
    return {"name": row[f"{prefix}_name"], "nip": row[f"{prefix}_nip"]}


@endpoint()
async def skp_detail(viewer: Any, variables: dict[str, Any]) -> Response:
    plan_id = int(variables["id"])
    found = await db.rows(
        "SELECT pp.*, e.nip AS employee_nip, e.name AS employee_name, e.golongan,"
        " p.name AS position_name, p.type AS position_type, p.level AS position_level,"
        " u.name AS unit_name, ag.name AS agency_name, r.name AS rater_name, r.nip AS rater_nip,"
        " s.name AS rater_superior_name, s.nip AS rater_superior_nip FROM performance_plan pp"
        " JOIN employee e ON e.id = pp.employee_id JOIN position p ON p.id = pp.position_id"
        " JOIN unit u ON u.id = pp.unit_id JOIN agency ag ON ag.id = pp.agency_id"
        " LEFT JOIN employee r ON r.id = pp.rater_id"
        " LEFT JOIN employee s ON s.id = pp.rater_superior_id WHERE pp.id = ?",
        plan_id,
    )
    readable = Readable(viewer)
    if not found or not await readable.plan(found[0]):
        return answer({"plan": None}) if not found else forbidden()
    plan = found[0]
    snapshot = as_json(plan["snapshot"])
    work = await db.rows(
        'SELECT w.id, w.kind, w.description, w.intervention, w.perspective, w."order",'
        " w.parent_id, pw.description AS parent_description FROM work_result w"
        " LEFT JOIN work_result pw ON pw.id = w.parent_id WHERE w.plan_id = ?"
        ' ORDER BY w."order", w.id',
        plan_id,
    )
    work = sorted(work, key=lambda w: w["kind"] != "UTAMA")
    work_ids = [w["id"] for w in work]
    children: dict[int, list[Any]] = {}
    for c in await db.rows(
        "SELECT c.id, c.description, c.parent_id, c.plan_id, pp.employee_id, pp.rater_id,"
        " pp.rater_superior_id, pp.agency_id, e.name AS employee_name FROM work_result c"
        " JOIN performance_plan pp ON pp.id = c.plan_id JOIN employee e ON e.id = pp.employee_id"
        f' WHERE c.parent_id IN {ids(work_ids)} ORDER BY c.plan_id, c."order", c.id'
    ):
        if await readable.plan(c):
            children.setdefault(c["parent_id"], []).append(
                {
                    "id": str(c["id"]),
                    "description": c["description"],
                    "plan": {"employee": {"name": c["employee_name"]}},
                }
            )
    indicators: dict[int, list[Any]] = {}
    indicator_rows = await db.rows(
        f'SELECT * FROM indicator WHERE work_result_id IN {ids(work_ids)} ORDER BY "order", id'
    )
    for i in indicator_rows:
        indicators.setdefault(i["work_result_id"], []).append(i)
    indicator_ids = [i["id"] for i in indicator_rows]
    realizations: dict[int, list[Any]] = {}
    realization_rows = await db.rows(
        "SELECT r.id, r.indicator_id, r.value, r.narrative, r.version, r.provenance,"
        " r.period_id, pe.year, pe.kind, pe.number FROM realization r"
        " JOIN period pe ON pe.id = r.period_id"
        f" WHERE r.indicator_id IN {ids(indicator_ids)} ORDER BY r.period_id, r.id"
    )
    for r in realization_rows:
        realizations.setdefault(r["indicator_id"], []).append(r)
    evidence: dict[int, list[Any]] = {}
    for x in await db.rows(
        "SELECT id, realization_id, kind, url, title, filename, content_type, size, sha256"
        " FROM evidence WHERE realization_id IN"
        f" {ids([r['id'] for r in realization_rows])} ORDER BY id"
    ):
        evidence.setdefault(x["realization_id"], []).append(
            {
                "id": str(x["id"]),
                "kind": x["kind"],
                "url": x["url"],
                "title": x["title"],
                "filename": x["filename"],
                "contentType": x["content_type"],
                "size": x["size"],
                "sha256": x["sha256"],
                "downloadUrl": f"/evidence/{x['id']}" if x["kind"] == "FILE" else None,
            }
        )
    expectations = await db.rows(
        "SELECT value, expectation FROM behavior_expectation WHERE plan_id = ? ORDER BY id",
        plan_id,
    )
    feedback = await db.rows(
        "SELECT f.id, f.target, f.text, f.created_at, a.name AS author_name FROM feedback f"
        " JOIN employee a ON a.id = f.author_id WHERE f.plan_id = ? ORDER BY f.id",
        plan_id,
    )
    evaluations = await db.rows(
        "SELECT e.id, e.kind, e.predikat, e.result_rating, e.behavior_rating, e.status,"
        " e.finalized_at, e.credit_points, e.period_id, pe.year, pe.kind AS period_kind,"
        " pe.number, pe.start_date FROM evaluation e LEFT JOIN period pe ON pe.id = e.period_id"
        " WHERE e.plan_id = ? ORDER BY e.id",
        plan_id,
    )
    appeals = {
        a["evaluation_id"]: a
        for a in await db.rows(
            "SELECT evaluation_id, status, decision FROM appeal WHERE evaluation_id IN"
            f" {ids([e['id'] for e in evaluations])} ORDER BY id DESC"
        )
    }

    def indicator(i: Any) -> dict[str, Any]:
        return {
            "id": str(i["id"]),
            "aspect": i["aspect"],
            "description": i["description"],
            "targetValue": shown(trim(number(i["target_value"]))),
            "targetMin": shown(trim(number(i["target_min"]))),
            "targetMax": shown(trim(number(i["target_max"]))),
            "unit": i["unit"],
            "narrativeTarget": i["narrative_target"],
            "indicatorType": i["indicator_type"],
            "parameters": as_json(i["parameters"]),
            "realizations": [realization(r, i) for r in realizations.get(i["id"], [])],
        }

    def realization(r: Any, i: Any) -> dict[str, Any]:
        provenance = as_json(r["provenance"])
        computed = isinstance(provenance, dict) and "annualTarget" in provenance
        value = number(r["value"])
        if computed:
            target = trim(_from_text(provenance.get("target")))
            percent = _from_text(provenance.get("achievement"))
        else:
            target = trim(number(i["target_value"]))
            try:
                percent = achievement(
                    number(i["target_value"]),
                    value,
                    minimum=number(i["target_min"]),
                    maximum=number(i["target_max"]),
                )
            except RuleViolation:
                percent = None
        if value is not None:
            value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
            value = value if value == value.to_integral_value() else value.normalize()
        return {
            "id": str(r["id"]),
            "value": shown(value),
            "narrative": r["narrative"],
            "version": r["version"],
            "target": shown(target),
            "achievement": shown(percent),
            "computed": computed,
            "provenance": provenance,
            "period": {
                "id": str(r["period_id"]),
                "label": period_label(r["year"], r["kind"], r["number"]),
            },
            "evidence": evidence.get(r["id"], []),
        }

    def chronological(e: Any) -> tuple:
        if e["period_id"] is None:
            return (1, "9999-12-31", e["id"])
        return (0, iso(e["start_date"]), e["id"])

    def evaluation(e: Any) -> dict[str, Any]:
        appeal = appeals.get(e["id"])
        finalized = moment(e["finalized_at"])
        return {
            "id": str(e["id"]),
            "kind": e["kind"],
            "predikat": e["predikat"],
            "resultRating": e["result_rating"],
            "behaviorRating": e["behavior_rating"],
            "status": e["status"],
            "finalizedAt": iso(finalized),
            "creditPoints": points(e["credit_points"]),
            "appealDeadline": iso(deadline_for(_Finalized(finalized), APPEAL_DAYS)),
            "period": (
                {"label": period_label(e["year"], e["period_kind"], e["number"])}
                if e["period_id"] is not None
                else None
            ),
            "appeal": (
                {"status": appeal["status"], "decision": appeal["decision"]} if appeal else None
            ),
        }

    return answer(
        {
            "plan": {
                "id": str(plan["id"]),
                "year": plan["year"],
                "form": plan["form"],
                "approach": plan["approach"],
                "status": plan["status"],
                "version": plan["version"],
                "returnNote": plan["return_note"],
                "allowedActions": [a.value for a in allowed_actions(PlanStatus(plan["status"]))],
                "periodStart": iso(plan["period_start"]),
                "periodEnd": iso(plan["period_end"]),
                "submittedAt": iso(plan["submitted_at"]),
                "approvedAt": iso(plan["approved_at"]),
                "resourceSupport": plan["resource_support"],
                "accountabilityScheme": plan["accountability_scheme"],
                "consequences": plan["consequences"],
                "employee": {
                    "id": str(plan["employee_id"]),
                    "nip": plan["employee_nip"],
                    "name": plan["employee_name"],
                    "pangkat": pangkat_for(plan["golongan"]) if plan["golongan"] else None,
                },
                "position": {
                    "name": plan["position_name"],
                    "type": plan["position_type"],
                    "level": plan["position_level"],
                },
                "unit": {"name": plan["unit_name"]},
                "agency": {"name": plan["agency_name"]},
                "rater": person(plan, "rater"),
                "raterSuperior": person(plan, "rater_superior"),
                "snapshot": _snapshot(snapshot) if snapshot else None,
                "behaviorExpectations": [
                    {"value": b["value"], "expectation": b["expectation"]}
                    for b in sorted(expectations, key=lambda b: BEHAVIOR_ORDER[b["value"]])
                ],
                "workResults": [
                    {
                        "id": str(w["id"]),
                        "kind": w["kind"],
                        "description": w["description"],
                        "intervention": w["intervention"],
                        "perspective": w["perspective"],
                        "parent": (
                            {"id": str(w["parent_id"]), "description": w["parent_description"]}
                            if w["parent_id"] is not None
                            else None
                        ),
                        "children": children.get(w["id"], []),
                        "indicators": [indicator(i) for i in indicators.get(w["id"], [])],
                    }
                    for w in work
                ],
                "feedback": [
                    {
                        "id": str(f["id"]),
                        "target": f["target"],
                        "text": f["text"],
                        "createdAt": iso(f["created_at"]),
                        "author": {"name": f["author_name"]},
                    }
                    for f in feedback
                ],
                "evaluations": [evaluation(e) for e in sorted(evaluations, key=chronological)],
            }
        }
    )


class _Finalized:
    def __init__(self, finalized_at: Any) -> None:
        self.finalized_at = finalized_at


def _from_text(text: Any) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def _snapshot(s: dict[str, Any]) -> dict[str, Any]:
    rater = s.get("rater")
    return {
        "employee": {"nip": s["employee"]["nip"], "name": s["employee"]["name"]},
        "position": {"name": s["position"]["name"]},
        "rater": {"nip": rater["nip"], "name": rater["name"]} if rater else None,
    }


routes = [Route("/skp-detail", skp_detail, methods=["POST"])]
