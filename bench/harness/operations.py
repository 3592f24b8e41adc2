"""The operations the harness measures: the query of ``schema/operations/``, its variables
picked from the demo data, the viewer who asks, and the hand-written route answering it.

Variables are chosen by SQL on the loaded demo (the same on SQLite and PostgreSQL), so that
each operation reads a realistic, well-filled object: the Dinas Kesehatan SKP with the most
feedback and evaluations (its RHK cascade to many subordinates), an appealed evaluation with
kurva findings, the functional employee with the most angka kredit, the puskesmas unit with
the most periodic evaluations in its last period, the last month of immunisation reports.

The kompetensi plugin's reads (kompetensi_*.graphql) are asked by whoever may: BKPSDM's central
admin for the city-wide and per-agency views (on the agency, or the employee, with the most
rows of the view), the head of the largest agency whose units fit in one page for JP per unit,
the rater with the most submitted development plans for the plans to approve.

Left out on purpose (measured by their own benches, see docs/performance.md): documents.graphql
and KompetensiTrainingNeedsExport of kompetensi_reports.graphql (PDF/xlsx rendering:
bench/documents.py), bulk_import.graphql (uploads and a background job:
bench/bulk_import.py) and subscriptions.graphql (WebSocket pushes: bench/scale.py), and the
mutations of the other files (they change the data the next request would read).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness.server import Data

OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"
PASSWORD = "kinerja-demo"
ME = "query Me { me { employee { name nip } } }"

HEAD_SQL = (
    "SELECT e.nip AS nip, ag.id AS agency_id FROM assignment a"
    " JOIN position p ON p.id = a.position_id"
    " JOIN unit u ON u.id = p.unit_id JOIN agency ag ON ag.id = p.agency_id"
    " JOIN employee e ON e.id = a.employee_id WHERE ag.code = '{code}' AND p.is_unit_head"
    " AND u.parent_id IS NULL AND a.end_date IS NULL ORDER BY a.id LIMIT 1"
)


@dataclass
class Operation:
    name: str
    query: str
    variables: dict
    route: str
    viewer: str = "DINKES"  # the agency whose head asks, or a label when ``nip`` is given
    operation_name: str | None = None
    results: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    nip: str | None = None  # who signs in, when not the head of ``viewer``

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"query": self.query, "variables": self.variables}
        if self.operation_name:
            body["operationName"] = self.operation_name
        return body


def rows(data: Data, sql: str) -> list[tuple[str, ...]]:
    """``sql``'s rows as text, on either engine (no driver needed for PostgreSQL)."""
    if data.database_url.startswith("sqlite"):
        with sqlite3.connect(data.database_url.split("://", 1)[1]) as conn:
            return [tuple(str(v) for v in r) for r in conn.execute(sql).fetchall()]
    out = subprocess.run(
        ["psql", data.database_url, "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout
    return [tuple(line.split("|")) for line in out.splitlines() if line]


def head_of(data: Data, code: str) -> tuple[str, int]:
    """NIP and agency id of the head of agency ``code`` (whoever heads its root unit)."""
    nip, agency_id = rows(data, HEAD_SQL.format(code=code))[0]
    return nip, int(agency_id)


def login_nip(data: Data, op: Operation) -> str:
    """The NIP that signs in to ask ``op``."""
    return op.nip or head_of(data, op.viewer)[0]


def _one(data: Data, sql: str) -> str:
    found = rows(data, sql)
    if not found:
        raise LookupError(f"the demo has nothing for: {sql}")
    return found[0][0]


def operations(data: Data) -> list[Operation]:
    """Every measured operation with its variables on ``data``."""
    year = dt.date.today().year
    _, dinkes = head_of(data, "DINKES")
    _, disdik = head_of(data, "DISDIK")

    def read(name: str) -> str:
        return (OPERATIONS / f"{name}.graphql").read_text()

    plan = _one(
        data,
        "SELECT p.id FROM performance_plan p WHERE p.agency_id = "
        f"{dinkes} AND p.year = {year} AND p.status = 'APPROVED' ORDER BY"
        " (SELECT COUNT(*) FROM feedback f WHERE f.plan_id = p.id)"
        " + (SELECT COUNT(*) FROM evaluation e WHERE e.plan_id = p.id) DESC, p.id LIMIT 1",
    )
    evaluation = _one(
        data,
        "SELECT e.id FROM evaluation e JOIN appeal a ON a.evaluation_id = e.id"
        f" JOIN performance_plan p ON p.id = e.plan_id WHERE p.agency_id = {dinkes}"
        " AND e.kurva_findings IS NOT NULL ORDER BY e.id LIMIT 1",
    )
    functional = _one(
        data,
        "SELECT p.employee_id FROM evaluation e JOIN performance_plan p ON p.id = e.plan_id"
        f" WHERE p.agency_id = {dinkes} AND p.year = {year} AND e.credit_points IS NOT NULL"
        " GROUP BY p.employee_id ORDER BY COUNT(*) DESC, p.employee_id LIMIT 1",
    )
    unit, period = rows(
        data,
        "SELECT p.unit_id, MAX(e.period_id) FROM evaluation e JOIN performance_plan p"
        f" ON p.id = e.plan_id WHERE p.agency_id = {dinkes} AND e.year = {year}"
        " AND e.kind = 'PERIODIC' GROUP BY p.unit_id ORDER BY COUNT(*) DESC, p.unit_id LIMIT 1",
    )[0]
    # what-if changes to the unit's DRAFT evaluations of that period (none in the demo's
    # unit, every evaluation of its last period being final: then the preview is the plain
    # distribution, read the same way)
    changes = [
        {"evaluationId": evaluation_id, "predikat": "BAIK" if predikat != "BAIK" else "CUKUP"}
        for evaluation_id, predikat in rows(
            data,
            "SELECT e.id, e.predikat FROM evaluation e JOIN performance_plan p"
            f" ON p.id = e.plan_id WHERE p.unit_id = {int(unit)} AND e.period_id = {int(period)}"
            " AND e.status = 'DRAFT' ORDER BY e.id LIMIT 2",
        )
    ]
    month = _one(
        data,
        f"SELECT MAX(month) FROM kesehatan_report WHERE agency_id = {dinkes}",
    )
    pendidikan_year = _one(
        data, f"SELECT MAX(year) FROM pendidikan_enrolment WHERE agency_id = {disdik}"
    )
    learner = _one(
        data,
        f"SELECT employee_id FROM kompetensi_record WHERE agency_id = {dinkes} AND year = {year}"
        " GROUP BY employee_id ORDER BY COUNT(*) DESC, employee_id LIMIT 1",
    )
    report_month = dt.date.fromisoformat(month[:10])
    return [
        Operation(
            "agency dashboard",
            read("agency_dashboard"),
            {"agencyId": str(dinkes)},
            "/agency-dashboard",
        ),
        Operation("team view (first 100)", read("team_view"), {}, "/team"),
        Operation("me (name, NIP)", ME, {}, "/me"),
        Operation("my dashboard", read("my_dashboard"), {}, "/my-dashboard"),
        Operation("skp detail", read("skp_detail"), {"id": plan}, "/skp-detail"),
        Operation(
            "evaluation",
            read("evaluation"),
            {"id": evaluation},
            "/evaluation",
            operation_name="Evaluation",
        ),
        Operation(
            "plan evaluations",
            read("evaluation"),
            {"planId": plan},
            "/plan-evaluations",
            operation_name="PlanEvaluations",
        ),
        Operation(
            "employee year",
            read("employee_year"),
            {"employeeId": functional, "year": year},
            "/employee-year",
            operation_name="EmployeeYear",
        ),
        Operation(
            "credit point history",
            read("employee_year"),
            {"employeeId": functional},
            "/credit-point-history",
            operation_name="CreditPointHistory",
        ),
        Operation(
            "unit distribution",
            read("unit_kurva"),
            {"unitId": unit, "year": year, "periodId": period},
            "/unit-distribution",
            operation_name="UnitDistribution",
        ),
        Operation(
            "kurva preview (what-if)",
            read("unit_kurva"),
            {"unitId": unit, "year": year, "periodId": period, "changes": changes},
            "/preview-unit-distribution",
            operation_name="PreviewUnitDistribution",
        ),
        Operation(
            "kurva report",
            read("evaluation"),
            {"unitId": unit, "year": year, "periodId": period},
            "/kurva-report",
            operation_name="KurvaReport",
        ),
        Operation(
            "kesehatan coverage",
            read("kesehatan_coverage"),
            {"agencyId": str(dinkes), "year": report_month.year, "month": report_month.month},
            "/kesehatan-coverage",
        ),
        Operation(
            "pendidikan participation",
            read("pendidikan_participation"),
            {"agencyId": str(disdik), "year": int(pendidikan_year), "level": "SD"},
            "/pendidikan-participation",
            viewer="DISDIK",
        ),
        Operation(
            "kompetensi records",
            read("kompetensi_certificates"),
            {"employeeId": learner, "year": year},
            "/kompetensi-my-records",
            operation_name="KompetensiMyRecords",
        ),
        *kompetensi_operations(data, read, dinkes, year),
    ]


EFFECT_ROWS = (
    "FROM kompetensi_record r JOIN kompetensi_activity_need l ON l.activity_id = r.activity_id"
    " WHERE r.verification <> 'REJECTED' AND r.year = {year}"
)


def kompetensi_operations(data: Data, read, dinkes: int, year: int) -> list[Operation]:
    """Every read of kompetensi_*.graphql but the export (a document)."""
    central = _one(
        data,
        "SELECT e.nip FROM account ac JOIN employee e ON e.id = ac.employee_id"
        " WHERE ac.is_central_admin AND ac.is_active ORDER BY ac.id LIMIT 1",
    )
    effects = EFFECT_ROWS.format(year=year)
    effects_agency = _one(
        data, f"SELECT r.agency_id {effects} GROUP BY r.agency_id ORDER BY COUNT(*) DESC, 1 LIMIT 1"
    )
    effects_employee = _one(
        data,
        f"SELECT r.employee_id {effects} GROUP BY r.employee_id ORDER BY COUNT(*) DESC, 1 LIMIT 1",
    )
    planner = _one(
        data,
        f"SELECT a.employee_id FROM kompetensi_activity a WHERE a.year = {year}"
        " GROUP BY a.employee_id, a.year ORDER BY COUNT(*) + (SELECT COUNT(*)"
        " FROM kompetensi_need n WHERE n.employee_id = a.employee_id AND n.year = a.year) DESC,"
        " 1 LIMIT 1",
    )
    rater = _one(
        data,
        "SELECT e.nip FROM kompetensi_plan k JOIN performance_plan p ON p.employee_id ="
        " k.employee_id AND p.year = k.year JOIN employee e ON e.id = p.rater_id"
        f" WHERE k.status = 'SUBMITTED' AND k.year = {year}"
        " GROUP BY e.nip ORDER BY COUNT(DISTINCT k.id) DESC, e.nip LIMIT 1",
    )
    pending_agency = _one(
        data,
        "SELECT agency_id FROM kompetensi_record WHERE verification = 'PENDING'"
        " GROUP BY agency_id ORDER BY COUNT(*) DESC, agency_id LIMIT 1",
    )
    needs_agency = _one(
        data,
        f"SELECT agency_id FROM kompetensi_need WHERE year = {year} AND status <> 'DISMISSED'"
        " GROUP BY agency_id ORDER BY COUNT(*) DESC, agency_id LIMIT 1",
    )

    # the largest agency whose units all fit in JP per unit's page: then only the people
    # below the right are cut, and the answer does not depend on which of the two fields
    # the server finishes first (extensions.truncated lists the cuts as they happen)
    units_agency = _one(
        data,
        "SELECT ag.code FROM agency ag WHERE (SELECT COUNT(*) FROM unit u WHERE u.agency_id ="
        " ag.id) < 25 ORDER BY (SELECT COUNT(*) FROM employee e WHERE e.agency_id = ag.id)"
        " DESC, ag.code LIMIT 1",
    )

    def kompetensi(name: str, op: str, file: str, variables: dict, **kw: Any) -> Operation:
        kw.setdefault("viewer", "central admin")
        if kw["viewer"] == "central admin":
            kw["nip"] = central
        route = "/kompetensi-" + name.replace("kompetensi ", "").replace(" ", "-")
        return Operation(name, read(file), variables, route, operation_name=op, **kw)

    agency = {"year": year, "agencyId": effects_agency}
    return [
        kompetensi(
            "kompetensi city summary",
            "KompetensiCitySummary",
            "kompetensi_city_summary",
            {"year": year},
        ),
        kompetensi("kompetensi effects", "KompetensiEffects", "kompetensi_effects", agency),
        kompetensi(
            "kompetensi employee effects",
            "KompetensiEmployeeEffects",
            "kompetensi_effects",
            {"employeeId": effects_employee, "year": year},
        ),
        kompetensi(
            "kompetensi programme effects",
            "KompetensiProgrammeEffects",
            "kompetensi_effects",
            agency,
        ),
        kompetensi(
            "kompetensi employee plan",
            "KompetensiEmployeePlan",
            "kompetensi_plan",
            {"employeeId": planner, "year": year},
        ),
        kompetensi(
            "kompetensi plans to approve",
            "KompetensiPlansToApprove",
            "kompetensi_plan",
            {"year": year},
            viewer="rater",
            nip=rater,
        ),
        kompetensi(
            "kompetensi jp by unit",
            "KompetensiJpByUnit",
            "kompetensi_reports",
            {"agencyId": str(head_of(data, units_agency)[1]), "year": year},
            viewer=units_agency,
        ),
        kompetensi(
            "kompetensi records to verify",
            "KompetensiRecordsToVerify",
            "kompetensi_certificates",
            {"agencyId": pending_agency},
        ),
        kompetensi(
            "kompetensi training needs",
            "KompetensiTrainingNeeds",
            "kompetensi_reports",
            {"year": year, "agencyId": needs_agency},
        ),
    ]


def operations_of(data: Data, only: str | None = None) -> list[Operation]:
    """:func:`operations`, or those whose name contains one of ``only`` (comma-separated)."""
    found = operations(data)
    if only:
        wanted = only.split(",")
        found = [o for o in found if any(w in o.name for w in wanted)]
    return found
