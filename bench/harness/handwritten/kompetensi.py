"""Hand-written reads of the kompetensi plugin (schema/operations/kompetensi_*.graphql).

Each checks the token and the plugin's read rule as the server does (the employee rule, or an
agency's head and admins and central admins, or central admins for the city; the plugin on
for the agency where the plugin checks it), then reads with SQL. The rules that are not SQL
come from the plugin: the 20 JP right, what counts as verified or pending JP, the order of
the training-needs report, how an effect's outcome is judged (ranks and comparison). Lists
the server caps (25 by default, the report 100) are cut the same way and reported in
``extensions.truncated``. The training-needs export is a document (bench/documents.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bench.harness.handwritten.base import (
    RUNNING,
    answer,
    date_of,
    db,
    endpoint,
    forbidden,
    ids,
    iso,
    may_read_employee,
    sees_agency,
)
from bench.harness.handwritten.evaluation import as_json
from bench.harness.handwritten.plugins import plugin_on
from kinerja_core.domain.targets import achievement

CERTIFICATE_PATH = "/documents/plugins/kompetensi/certificate"
CAP = 25  # max_items(25, maximum=500) of the plugin's growing lists
HOURS = (
    "SELECT employee_id, SUM(CASE WHEN verification = 'VERIFIED' THEN jp ELSE 0 END) AS jp,"
    " SUM(CASE WHEN verification IN ('UNVERIFIED', 'PENDING') THEN jp ELSE 0 END) AS pending"
    " FROM kompetensi_record WHERE year = ?"
)


def _right() -> int:
    from kinerja_kompetensi import plans

    return plans.JP_RIGHT


class Cut:
    """The server's list caps: at most ``cap`` items, each cut list reported."""

    def __init__(self) -> None:
        self.truncated: list[dict[str, Any]] = []

    def __call__(self, items: list[Any], path: list[str], cap: int = CAP) -> list[Any]:
        if len(items) > cap:
            self.truncated.append({"path": path, "cap": cap})
            return items[:cap]
        return items

    def answer(self, data: dict[str, Any]) -> Response:
        return answer(data, self.truncated)


async def _employee(viewer: Any, employee_id: int) -> Any | Response | None:
    """The employee's row when the viewer may read their kompetensi data."""
    found = await db.rows("SELECT id, nip, name, agency_id FROM employee WHERE id = ?", employee_id)
    if not found:
        return None
    row = found[0]
    allowed = await may_read_employee(viewer, employee_id, row["agency_id"])
    if not allowed or not await plugin_on("kompetensi", row["agency_id"]):
        return forbidden()
    return row


async def _employee_request(viewer: Any, variables: dict[str, Any]) -> Any | Response:
    """The employee of ``employeeId`` (the viewer may read their kompetensi data), or the
    answer: forbidden, or no such employee."""
    employee = await _employee(viewer, int(variables["employeeId"]))
    if employee is None:
        return answer({"employee": None})
    return employee


async def _agency_exists(agency_id: int) -> bool:
    return bool(await db.rows("SELECT id FROM agency WHERE id = ?", agency_id))


# ---------------------------------------------------------------- records


@endpoint()
async def kompetensi_my_records(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiMyRecords``: an employee's JP against the right and their records."""
    from kinerja_kompetensi import plans

    employee = await _employee_request(viewer, variables)
    if isinstance(employee, Response):
        return employee
    employee_id, year = employee["id"], int(variables["year"])
    records = await db.rows(
        "SELECT * FROM kompetensi_record WHERE employee_id = ? AND year = ?"
        " ORDER BY completed_on, id",
        employee_id,
        year,
    )
    hours = plans.Hours()
    for r in records:
        hours.add(r["jp"], r["verification"])
    return answer(
        {
            "employee": {
                "id": str(employee_id),
                "kompetensiTrainingHours": {
                    "year": year,
                    "jp": hours.jp,
                    "pendingJp": hours.pending_jp,
                    "right": plans.JP_RIGHT,
                    "remaining": max(plans.JP_RIGHT - hours.jp, 0),
                    "met": hours.jp >= plans.JP_RIGHT,
                },
                "kompetensiRecords": [_record(r) for r in records],
            }
        }
    )


def _record(r: Any) -> dict[str, Any]:
    has = bool(r["certificate_path"])
    return {
        "id": str(r["id"]),
        "employeeId": str(r["employee_id"]),
        "year": r["year"],
        "kind": r["kind"],
        "title": r["title"],
        "provider": r["provider"],
        "jp": r["jp"],
        "completedOn": iso(r["completed_on"]),
        "activityId": str(r["activity_id"]) if r["activity_id"] else None,
        "verification": r["verification"],
        "rejectionReason": r["rejection_reason"],
        "verifiedAt": iso(r["verified_at"]),
        "certificateFilename": r["certificate_filename"] if has else None,
        "certificateContentType": r["certificate_content_type"] if has else None,
        "certificateSize": r["certificate_size"] if has else None,
        "certificateSha256": r["certificate_sha256"] if has else None,
        "certificateUploadedAt": iso(r["certificate_uploaded_at"]) if has else None,
        "certificateUrl": f"{CERTIFICATE_PATH}?recordId={r['id']}" if has else None,
        "version": r["version"],
    }


@endpoint()
async def kompetensi_records_to_verify(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiRecordsToVerify``: the agency's admins and central admins."""
    agency_id = int(variables["agencyId"])
    manages = viewer["is_central_admin"] or viewer["admin_agency_id"] == agency_id
    if not manages or not await plugin_on("kompetensi", agency_id):
        return forbidden()
    cut = Cut()
    rows = await db.rows(
        "SELECT r.*, e.nip AS person_nip, e.name AS person_name FROM kompetensi_record r"
        " JOIN employee e ON e.id = r.employee_id WHERE r.agency_id = ?"
        " AND r.verification = 'PENDING' ORDER BY r.certificate_uploaded_at, r.id"
        f" LIMIT {CAP + 1}",
        agency_id,
    )
    return cut.answer(
        {
            "kompetensiRecordsToVerify": [
                {
                    "employeeId": str(r["employee_id"]),
                    "nip": r["person_nip"],
                    "name": r["person_name"],
                    "record": _record(r),
                }
                for r in cut(rows, ["kompetensiRecordsToVerify"])
            ]
        }
    )


# ---------------------------------------------------------------- plans


async def _activities(employee_ids: list[int], year: int) -> dict[int, list[dict[str, Any]]]:
    """Activities of the year per employee, by start date, with their needs' ids."""
    rows = await db.rows(
        f"SELECT * FROM kompetensi_activity WHERE employee_id IN {ids(employee_ids)}"
        " AND year = ? ORDER BY start_date, id",
        year,
    )
    needs: dict[int, list[int]] = defaultdict(list)
    for link in await db.rows(
        "SELECT activity_id, need_id FROM kompetensi_activity_need"
        f" WHERE activity_id IN {ids([r['id'] for r in rows])}"
    ):
        needs[link["activity_id"]].append(link["need_id"])
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in rows:
        out[a["employee_id"]].append(
            {
                "id": str(a["id"]),
                "year": a["year"],
                "kind": a["kind"],
                "title": a["title"],
                "provider": a["provider"],
                "jp": a["jp"],
                "startDate": iso(a["start_date"]),
                "endDate": iso(a["end_date"]),
                "needIds": [str(n) for n in sorted(needs[a["id"]])],
                "status": a["status"],
                "version": a["version"],
            }
        )
    return out


def _plan(employee: Any, year: int, plan: Any | None, activities: list[dict]) -> dict[str, Any]:
    return {
        "id": str(plan["id"]) if plan else None,
        "employeeId": str(employee["id"]),
        "nip": employee["nip"],
        "name": employee["name"],
        "year": year,
        "status": plan["status"] if plan else "DRAFT",
        "note": plan["note"] if plan else "",
        "submittedAt": iso(plan["submitted_at"]) if plan else None,
        "decidedAt": iso(plan["decided_at"]) if plan else None,
        "jpPlanned": sum(a["jp"] for a in activities if a["status"] == "PLANNED"),
        "version": plan["version"] if plan else 0,
        "activities": activities,
    }


@endpoint()
async def kompetensi_employee_plan(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiEmployeePlan``: the plan of a year and the needs of that year."""
    employee = await _employee_request(viewer, variables)
    if isinstance(employee, Response):
        return employee
    employee_id, year = employee["id"], int(variables["year"])
    plan = await db.rows(
        "SELECT * FROM kompetensi_plan WHERE employee_id = ? AND year = ?", employee_id, year
    )
    activities = (await _activities([employee_id], year))[employee_id]
    needs = await db.rows(
        'SELECT id, "group", title, priority, status FROM kompetensi_need WHERE employee_id = ?'
        " AND year = ? AND status <> 'DISMISSED' ORDER BY id",
        employee_id,
        year,
    )
    cut = Cut()
    return cut.answer(
        {
            "employee": {
                "id": str(employee_id),
                "kompetensiPlan": _plan(employee, year, plan[0] if plan else None, activities),
                "kompetensiDevelopmentNeeds": [
                    {
                        "id": str(n["id"]),
                        "group": n["group"],
                        "title": n["title"],
                        "priority": n["priority"],
                        "status": n["status"],
                    }
                    for n in cut(needs, ["employee", "kompetensiDevelopmentNeeds"])
                ],
            }
        }
    )


@endpoint()
async def kompetensi_plans_to_approve(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiPlansToApprove``: submitted plans of those whose SKP the viewer rates."""
    year = int(variables["year"])
    plans = await db.rows(
        "SELECT k.*, e.nip, e.name FROM kompetensi_plan k JOIN employee e ON e.id = k.employee_id"
        " WHERE k.employee_id IN (SELECT employee_id FROM performance_plan WHERE rater_id = ?"
        " AND year = ?) AND k.year = ? AND k.status = 'SUBMITTED'"
        f" ORDER BY k.submitted_at, k.id LIMIT {CAP + 1}",
        viewer["employee_id"],
        year,
        year,
    )
    cut = Cut()
    plans = cut(plans, ["kompetensiPlansToApprove"])
    activities = await _activities(sorted({p["employee_id"] for p in plans}), year)
    return cut.answer(
        {
            "kompetensiPlansToApprove": [
                _plan(
                    {"id": p["employee_id"], "nip": p["nip"], "name": p["name"]},
                    year,
                    p,
                    activities[p["employee_id"]],
                )
                for p in plans
            ]  # fmt: skip
        }
    )


# ---------------------------------------------------------------- JP figures


def _day(year: int) -> dt.date:
    today = dt.date.today()
    return today if year >= today.year else dt.date(year, 12, 31)


async def _units(employees: str, day: dt.date, *params: Any) -> dict[int, Any]:
    """The unit of each employee's definitive assignment running on ``day`` (the earliest
    started), of the employees selected by the subquery ``employees`` (of ``params``)."""
    out: dict[int, Any] = {}
    for r in await db.rows(
        "SELECT a.employee_id, p.unit_id, u.code, u.name FROM assignment a"
        " JOIN position p ON p.id = a.position_id JOIN unit u ON u.id = p.unit_id"
        f" WHERE a.employee_id IN ({employees}) AND a.kind = 'DEFINITIF' AND {RUNNING}"
        " ORDER BY a.start_date, a.id",
        *params,
        day,
        day,
    ):
        out.setdefault(r["employee_id"], r)
    return out


@endpoint()
async def kompetensi_jp_by_unit(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiJpByUnit``: JP per unit and the people below the right (the agency's head
    and admins, central admins)."""
    agency_id, year = int(variables["agencyId"]), int(variables["year"])
    if not await sees_agency(viewer, agency_id) or not await plugin_on("kompetensi", agency_id):
        return forbidden()
    right = _right()
    staff = await db.rows(
        "SELECT id, nip, name FROM employee WHERE agency_id = ? ORDER BY name", agency_id
    )
    hours = {
        r["employee_id"]: r
        for r in await db.rows(f"{HOURS} AND agency_id = ? GROUP BY employee_id", year, agency_id)
    }
    units = await _units(f"SELECT id FROM employee WHERE agency_id = {agency_id}", _day(year))
    lines: dict[Any, dict[str, Any]] = {}
    below = []
    for e in staff:
        h = hours.get(e["id"])
        jp, pending = (int(h["jp"]), int(h["pending"])) if h else (0, 0)
        u = units.get(e["id"])
        key = u["unit_id"] if u else None
        line = lines.setdefault(
            key,
            {
                "unitId": str(key) if key else None,
                "code": u["code"] if u else "",
                "name": u["name"] if u else "",
                "employees": 0,
                "jp": 0,
                "pendingJp": 0,
                "met": 0,
                "belowRight": 0,
            },
        )
        line["employees"] += 1
        line["jp"] += jp
        line["pendingJp"] += pending
        if jp >= right:
            line["met"] += 1
        else:
            line["belowRight"] += 1
            below.append(
                {
                    "employeeId": str(e["id"]),
                    "nip": e["nip"],
                    "name": e["name"],
                    "jp": jp,
                    "pendingJp": pending,
                }
            )
    ordered = sorted(lines.values(), key=lambda u: (u["unitId"] is None, u["code"], u["name"]))
    below.sort(key=lambda p: (p["jp"], p["name"]))
    cut = Cut()
    # when both lists are cut, the server names them in the order its two fields finish
    # (they run at once): the harness asks for an agency whose units fit in one page
    below = cut(below, ["kompetensiBelowRight"])
    ordered = cut(ordered, ["kompetensiJpByUnit"])
    return cut.answer({"kompetensiJpByUnit": ordered, "kompetensiBelowRight": below})


@endpoint()
async def kompetensi_city_summary(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiCitySummary``: central admins."""
    if not viewer["is_central_admin"]:
        return forbidden()
    year = int(variables["year"])
    right = _right()
    staff = {
        r["agency_id"]: r
        for r in await db.rows(
            f"WITH h AS ({HOURS} GROUP BY employee_id) SELECT e.agency_id, COUNT(*) AS n,"
            f" SUM(CASE WHEN COALESCE(h.jp, 0) < {right} THEN 1 ELSE 0 END) AS below,"
            " COALESCE(SUM(h.jp), 0) AS jp, COALESCE(SUM(h.pending), 0) AS pending"
            " FROM employee e LEFT JOIN h ON h.employee_id = e.id GROUP BY e.agency_id",
            year,
        )
    }
    people: dict[tuple[int, str], int] = defaultdict(int)
    for r in await db.rows(
        'SELECT agency_id, "group" AS grp, COUNT(DISTINCT employee_id) AS n FROM kompetensi_need'
        " WHERE year = ? AND status <> 'DISMISSED' GROUP BY agency_id, \"group\"",
        year,
    ):
        people[(r["agency_id"], r["grp"])] = r["n"]
    lines = []
    for a in await db.rows("SELECT id, code, name FROM agency ORDER BY code"):
        s = staff.get(a["id"])
        if s is None:
            continue
        lines.append(
            {
                "agencyId": str(a["id"]),
                "code": a["code"],
                "name": a["name"],
                "employees": s["n"],
                "manajerial": people[(a["id"], "MANAJERIAL")],
                "teknis": people[(a["id"], "TEKNIS")],
                "sosialKultural": people[(a["id"], "SOSIAL_KULTURAL")],
                "belowRight": int(s["below"]),
                "jp": int(s["jp"]),
                "pendingJp": int(s["pending"]),
            }
        )
    cut = Cut()
    return cut.answer({"kompetensiCitySummary": cut(lines, ["kompetensiCitySummary"], 100)})


# ---------------------------------------------------------------- training needs


async def _scope(viewer: Any, agency_id: int | None, *, enabled: bool) -> bool:
    """The city for central admins; an agency for its head and admins too (and the plugin
    on for it, where the server checks that)."""
    if agency_id is None:
        return bool(viewer["is_central_admin"])
    if not await sees_agency(viewer, agency_id):
        return False
    return not enabled or await plugin_on("kompetensi", agency_id)


@endpoint()
async def kompetensi_training_needs(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiTrainingNeeds``: the open needs of a year, HIGH first."""
    from kinerja_kompetensi.reports import PRIORITY_ORDER

    year = int(variables["year"])
    agency_id = int(variables["agencyId"]) if variables.get("agencyId") else None
    if agency_id is not None and not await _agency_exists(agency_id):
        return forbidden()
    if not await _scope(viewer, agency_id, enabled=True):
        return forbidden()
    where = ["n.year = ?", "n.status <> 'DISMISSED'"]
    params: list[Any] = [year]
    for column, name in (("agency_id", "agencyId"), ('"group"', "group"), ("priority", "priority")):
        if variables.get(name) is not None:
            where.append(f"n.{column} = ?")
            params.append(int(variables[name]) if name == "agencyId" else variables[name])
    chosen = " AND ".join(where)
    needs = await db.rows(
        'SELECT n.id, n.employee_id, n.agency_id, n."group" AS grp, n.title, n.priority, n.status,'
        " n.source, n.source_value, e.nip, e.name, ag.code AS agency_code, ag.name AS agency_name"
        " FROM kompetensi_need n JOIN employee e ON e.id = n.employee_id"
        f" JOIN agency ag ON ag.id = n.agency_id WHERE {chosen} ORDER BY n.id",
        *params,
    )
    people = f"SELECT n.employee_id FROM kompetensi_need n WHERE {chosen}"
    units = await _units(people, _day(year), *params) if needs else {}
    planned: dict[int, list[str]] = defaultdict(list)
    for r in await db.rows(
        "SELECT l.need_id, a.title, a.jp FROM kompetensi_activity_need l"
        " JOIN kompetensi_activity a ON a.id = l.activity_id WHERE a.status = 'PLANNED'"
        f" AND l.need_id IN (SELECT n.id FROM kompetensi_need n WHERE {chosen})",
        *params,
    ):
        planned[r["need_id"]].append(f"{r['title']} ({r['jp']} JP)")
    hours = {
        r["employee_id"]: r
        for r in await db.rows(
            f"{HOURS} AND employee_id IN ({people}) GROUP BY employee_id", year, *params
        )
    }
    lines = []
    for n in needs:
        h = hours.get(n["employee_id"])
        u = units.get(n["employee_id"])
        lines.append(
            {
                "needId": str(n["id"]),
                "employeeId": str(n["employee_id"]),
                "nip": n["nip"],
                "name": n["name"],
                "agencyId": str(n["agency_id"]),
                "agencyCode": n["agency_code"],
                "agencyName": n["agency_name"],
                "unitName": u["name"] if u else "",
                "group": n["grp"],
                "title": n["title"],
                "priority": n["priority"],
                "status": n["status"],
                "source": n["source"],
                "sourceValue": n["source_value"],
                "planned": sorted(planned[n["id"]]),
                "jp": int(h["jp"]) if h else 0,
                "pendingJp": int(h["pending"]) if h else 0,
            }
        )
    lines.sort(
        key=lambda r: (PRIORITY_ORDER.get(r["priority"], 9), r["agencyCode"], r["group"], r["name"])
    )
    cut = Cut()
    return cut.answer({"kompetensiTrainingNeeds": cut(lines, ["kompetensiTrainingNeeds"], 100)})


# ---------------------------------------------------------------- effects


def _ends(e: Any) -> dt.date:
    return date_of(e["end_date"]) if e["end_date"] is not None else dt.date(e["year"], 12, 31)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _achievement(indicator: Any, row: Any) -> Decimal | None:
    """The plugin's reading of a realisasi: its computed achievement, else the core's rule."""
    provenance = as_json(row["provenance"])
    if provenance and provenance.get("achievement") is not None:
        return Decimal(str(provenance["achievement"]))
    try:
        return achievement(
            _decimal(indicator["target_value"]),
            _decimal(row["value"]),
            minimum=_decimal(indicator["target_min"]),
            maximum=_decimal(indicator["target_max"]),
        )
    except Exception:  # as the plugin: a target that cannot be compared
        return None


INDICATOR = (
    "SELECT i.id, i.description, i.target_value, i.target_min, i.target_max, w.plan_id"
    " FROM indicator i JOIN work_result w ON w.id = i.work_result_id"
)


async def _achievements(pairs: list[tuple]) -> dict[tuple[int, int], tuple]:
    """(need id, record id) -> (achievement before, after) of the INDICATOR needs."""
    wanted = [p for p in pairs if p[1]["source"] == "INDICATOR" and p[1]["indicator_id"]]
    if not wanted:
        return {}
    sources = {
        i["id"]: i
        for i in await db.rows(
            f"{INDICATOR} WHERE i.id IN {ids(sorted({n['indicator_id'] for _, n, _, _ in wanted}))}"
        )
    }
    later_plans = sorted({a["plan_id"] for _, _, _, a in wanted if a is not None})
    candidates: dict[tuple[int, str], Any] = {}
    for i in await db.rows(f"{INDICATOR} WHERE w.plan_id IN {ids(later_plans)} ORDER BY i.id"):
        candidates.setdefault((i["plan_id"], i["description"].strip().lower()), i)
    chosen = {}
    for record, need, _before, after in wanted:
        source = sources.get(need["indicator_id"])
        later = None
        if source is not None and after is not None:
            if after["plan_id"] == source["plan_id"]:
                later = source
            else:
                later = candidates.get((after["plan_id"], source["description"].strip().lower()))
        chosen[(need["id"], record["id"])] = (source, later)
    indicator_ids = sorted({i["id"] for pair in chosen.values() for i in pair if i is not None})
    realised: dict[int, list[Any]] = defaultdict(list)
    for r in await db.rows(
        "SELECT r.indicator_id, r.period_id, r.value, r.provenance, pe.year, pe.end_date"
        " FROM realization r JOIN period pe ON pe.id = r.period_id"
        f" WHERE r.indicator_id IN {ids(indicator_ids)} ORDER BY r.id"
    ):
        realised[r["indicator_id"]].append(r)

    def shown(indicator: Any, evaluation: Any) -> Decimal | None:
        if indicator is None or evaluation is None:
            return None
        found = realised.get(indicator["id"], [])
        if evaluation["period_id"] is not None:
            found = [r for r in found if r["period_id"] == evaluation["period_id"]]
        else:
            found = sorted(
                (r for r in found if r["year"] == evaluation["year"]),
                key=lambda r: date_of(r["end_date"]),
            )
        return _achievement(indicator, found[-1]) if found else None

    by_key = {(n["id"], r["id"]): (b, a) for r, n, b, a in wanted}
    return {
        key: (shown(source, by_key[key][0]), shown(later, by_key[key][1]))
        for key, (source, later) in chosen.items()
    }


async def _effects(scope: str, *params: Any) -> list[dict[str, Any]]:
    """The effect view of the records selected by ``scope`` (a condition on ``r``), with the
    plugin's judgement of the outcome; the ``record`` key holds the record row."""
    from kinerja_kompetensi.effects import PREDIKAT_RANK, RATING_RANK, Outcome, _compare

    records = await db.rows(
        "SELECT r.*, e.nip AS person_nip, e.name AS person_name FROM kompetensi_record r"
        " JOIN employee e ON e.id = r.employee_id WHERE r.activity_id IS NOT NULL"
        f" AND r.verification <> 'REJECTED' AND {scope} ORDER BY r.completed_on, r.id",
        *params,
    )
    if not records:
        return []
    needs_of: dict[int, list[Any]] = defaultdict(list)
    for n in await db.rows(
        'SELECT l.activity_id, n.id, n."group" AS grp, n.title, n.source, n.behavior_value,'
        " n.source_value, n.evaluation_id, n.indicator_id FROM kompetensi_activity_need l"
        " JOIN kompetensi_need n ON n.id = l.need_id"
        f" WHERE l.activity_id IN {ids(sorted({r['activity_id'] for r in records}))}"
        " ORDER BY n.id"
    ):
        needs_of[n["activity_id"]].append(n)
    people = sorted({r["employee_id"] for r in records})
    own: dict[int, list[Any]] = defaultdict(list)
    by_id = {}
    for e in await db.rows(
        "SELECT e.id, e.plan_id, p.employee_id, e.period_id, e.year, e.kind, e.predikat,"
        " e.behavior_rating, pe.end_date FROM evaluation e JOIN performance_plan p"
        " ON p.id = e.plan_id LEFT JOIN period pe ON pe.id = e.period_id"
        f" WHERE p.employee_id IN {ids(people)} AND e.status = 'FINAL' ORDER BY e.id"
    ):
        own[e["employee_id"]].append(e)
        by_id[e["id"]] = e
    for group in own.values():
        group.sort(key=lambda e: (_ends(e), e["kind"] != "PERIODIC", e["id"]))
    pairs = []
    for record in records:
        completed = date_of(record["completed_on"])
        mine = own[record["employee_id"]]
        for need in needs_of[record["activity_id"]]:
            before = by_id.get(need["evaluation_id"]) if need["evaluation_id"] else None
            if before is None:
                earlier = [e for e in mine if _ends(e) <= completed]
                before = earlier[-1] if earlier else None
            after = next(
                (
                    e
                    for e in mine
                    if _ends(e) > completed and (before is None or e["id"] != before["id"])
                ),
                None,
            )
            pairs.append((record, need, before, after))
    achievements = await _achievements(pairs)

    def rank(ranks: dict[str, int], e: Any, field: str) -> int | None:
        return None if e is None else ranks.get(e[field])

    out = []
    for record, need, before, after in pairs:
        a_before, a_after = achievements.get((need["id"], record["id"]), (None, None))
        if after is None:
            outcome = Outcome.NOT_YET
        elif need["source"] == "INDICATOR":
            outcome = _compare(a_before, a_after)
        elif need["source"] == "BEHAVIOR":
            field = "behavior_rating"
            outcome = _compare(rank(RATING_RANK, before, field), rank(RATING_RANK, after, field))
        else:
            field = "predikat"
            outcome = _compare(
                rank(PREDIKAT_RANK, before, field), rank(PREDIKAT_RANK, after, field)
            )
        out.append(
            {
                "employeeId": str(record["employee_id"]),
                "nip": record["person_nip"],
                "name": record["person_name"],
                "agencyId": str(record["agency_id"]),
                "need": {
                    "id": str(need["id"]),
                    "group": need["grp"],
                    "title": need["title"],
                    "source": need["source"],
                    "behaviorValue": need["behavior_value"] or None,
                    "sourceValue": need["source_value"],
                },
                "record": record,
                "beforeEvaluationId": str(before["id"]) if before else None,
                "afterEvaluationId": str(after["id"]) if after else None,
                "predikatBefore": before["predikat"] if before else None,
                "predikatAfter": after["predikat"] if after else None,
                "behaviorBefore": before["behavior_rating"] if before else None,
                "behaviorAfter": after["behavior_rating"] if after else None,
                "achievementBefore": None if a_before is None else str(a_before),
                "achievementAfter": None if a_after is None else str(a_after),
                "outcome": outcome.value,
            }
        )
    return out


def _shown(effect: dict[str, Any]) -> dict[str, Any]:
    r = effect["record"]
    record = {
        "id": str(r["id"]),
        "kind": r["kind"],
        "title": r["title"],
        "provider": r["provider"],
        "jp": r["jp"],
        "completedOn": iso(r["completed_on"]),
        "verification": r["verification"],
    }
    return {**effect, "record": record}


async def _scoped_effects(
    viewer: Any, variables: dict[str, Any]
) -> list[dict[str, Any]] | Response:
    year = int(variables["year"])
    agency_id = int(variables["agencyId"]) if variables.get("agencyId") else None
    if agency_id is not None and not await _agency_exists(agency_id):
        return forbidden()
    if not await _scope(viewer, agency_id, enabled=False):
        return forbidden()
    if agency_id is None:
        return await _effects("r.year = ?", year)
    return await _effects("r.agency_id = ? AND r.year = ?", agency_id, year)


@endpoint()
async def kompetensi_effects(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiEffects``: an agency's (or the city's) effect view."""
    rows = await _scoped_effects(viewer, variables)
    if isinstance(rows, Response):
        return rows
    cut = Cut()
    return cut.answer({"kompetensiEffects": [_shown(e) for e in cut(rows, ["kompetensiEffects"])]})


@endpoint()
async def kompetensi_programme_effects(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiProgrammeEffects``: the effect view per activity kind and provider."""
    rows = await _scoped_effects(viewer, variables)
    if isinstance(rows, Response):
        return rows
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in rows:
        groups[(e["record"]["kind"], e["record"]["provider"])].append(e)
    lines = []
    for (kind, provider), group in groups.items():
        tally: dict[str, int] = defaultdict(int)
        for e in group:
            tally[e["outcome"]] += 1
        lines.append(
            {
                "kind": kind,
                "provider": provider,
                "people": len({e["employeeId"] for e in group}),
                "needs": len(group),
                "improved": tally["IMPROVED"],
                "unchanged": tally["UNCHANGED"],
                "worse": tally["WORSE"],
                "notYet": tally["NOT_YET"],
                "notComparable": tally["NOT_COMPARABLE"],
            }
        )
    lines.sort(key=lambda p: (-p["people"], p["kind"], p["provider"]))
    cut = Cut()
    return cut.answer({"kompetensiProgrammeEffects": cut(lines, ["kompetensiProgrammeEffects"])})


@endpoint()
async def kompetensi_employee_effects(viewer: Any, variables: dict[str, Any]) -> Response:
    """``KompetensiEmployeeEffects``: one employee's effect view (the employee rule)."""
    employee = await _employee_request(viewer, variables)
    if isinstance(employee, Response):
        return employee
    employee_id = employee["id"]
    year = variables.get("year")
    if year is None:
        rows = await _effects("r.employee_id = ?", employee_id)
    else:
        rows = await _effects("r.employee_id = ? AND r.year = ?", employee_id, int(year))
    cut = Cut()
    shown = [_shown(e) for e in cut(rows, ["employee", "kompetensiEffects"])]
    return cut.answer({"employee": {"id": str(employee_id), "kompetensiEffects": shown}})


routes = [
    Route(path, handler, methods=["POST"])
    for path, handler in (
        ("/kompetensi-my-records", kompetensi_my_records),
        ("/kompetensi-records-to-verify", kompetensi_records_to_verify),
        ("/kompetensi-employee-plan", kompetensi_employee_plan),
        ("/kompetensi-plans-to-approve", kompetensi_plans_to_approve),
        ("/kompetensi-jp-by-unit", kompetensi_jp_by_unit),
        ("/kompetensi-city-summary", kompetensi_city_summary),
        ("/kompetensi-training-needs", kompetensi_training_needs),
        ("/kompetensi-effects", kompetensi_effects),
        ("/kompetensi-programme-effects", kompetensi_programme_effects),
        ("/kompetensi-employee-effects", kompetensi_employee_effects),
    )
]
