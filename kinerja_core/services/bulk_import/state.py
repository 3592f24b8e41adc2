"""What the database holds now, loaded in a handful of queries, keyed by natural keys.

The import matches rows by natural keys, never by ids: a unit by (agency, unit code), a
position by (unit, name, case-insensitive), an employee by NIP, an assignment by (employee,
position, kind, start date), an account by its employee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kinerja_core.models import Account, Agency, Assignment, Employee, Position, Unit


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class State:
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> row
    agency_codes: dict[int, str] = field(default_factory=dict)
    units: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    units_by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    roots: dict[int, dict[str, Any]] = field(default_factory=dict)  # agency id -> top unit
    positions: dict[tuple[int, str], list[dict[str, Any]]] = field(default_factory=dict)
    positions_by_id: dict[int, dict[str, Any]] = field(default_factory=dict)
    employees: dict[str, dict[str, Any]] = field(default_factory=dict)  # nip -> row
    assignments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # by employee
    open_holders: dict[tuple[int, str], set[int]] = field(default_factory=dict)
    accounts: dict[int, dict[str, Any]] = field(default_factory=dict)  # by employee id


async def load_state(agency_codes: set[str], nips: set[str]) -> State:
    """The rows an import of these agencies and NIPs can touch (plus every agency)."""
    state = State()
    for row in await Agency.all().values("id", "code", "name"):
        state.agencies[row["code"]] = row
        state.agency_codes[row["id"]] = row["code"]
    agency_ids = [state.agencies[c]["id"] for c in agency_codes if c in state.agencies]
    # reporting lines may cross agencies (a kepala dinas reports to the sekda): all units and
    # positions are few next to the employees
    for row in await Unit.all().values("id", "agency_id", "code", "name", "parent_id"):
        state.units[(row["agency_id"], row["code"])] = row
        state.units_by_id[row["id"]] = row
        if row["parent_id"] is None:
            state.roots[row["agency_id"]] = row
    for row in await Position.all().values(
        "id", "agency_id", "unit_id", "name", "type", "level", "is_unit_head", "reports_to_id"
    ):
        state.positions.setdefault((row["unit_id"], name_key(row["name"])), []).append(row)
        state.positions_by_id[row["id"]] = row
    employee_rows = []
    if nips:
        for chunk in _chunks(sorted(nips)):
            employee_rows += await Employee.filter(nip__in=chunk).values(
                "id", "nip", "name", "kind", "golongan", "agency_id", "email"
            )
    for row in employee_rows:
        state.employees[row["nip"]] = row
    ids = [row["id"] for row in employee_rows]
    for chunk in _chunks(ids):
        for row in await Assignment.filter(employee_id__in=chunk).values(
            "id", "employee_id", "position_id", "kind", "start_date", "end_date"
        ):
            state.assignments.setdefault(row["employee_id"], []).append(row)
        for row in await Account.filter(employee_id__in=chunk).values(
            "id", "employee_id", "admin_agency_id", "is_central_admin"
        ):
            state.accounts[row["employee_id"]] = row
    # who holds each head position now (also people outside the file)
    head_ids = [p["id"] for p in state.positions_by_id.values() if p["is_unit_head"]]
    for chunk in _chunks(head_ids):
        for row in await Assignment.filter(position_id__in=chunk, end_date__isnull=True).values(
            "employee_id", "position_id", "kind"
        ):
            key = (row["position_id"], str(row["kind"]))
            state.open_holders.setdefault(key, set()).add(row["employee_id"])
    del agency_ids
    return state


def _chunks(values: list, size: int = 900) -> list[list]:
    """SQLite allows 999 parameters per statement in old builds; stay under it."""
    return [values[i : i + size] for i in range(0, len(values), size)]
