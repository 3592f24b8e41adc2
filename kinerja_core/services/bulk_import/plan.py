"""Check every row against the rules and the database; the changes to make, or the problems.

The row rules are the ones the one-by-one use cases of :mod:`kinerja_core.services.org` and
:mod:`kinerja_core.services.accounts` apply (the same functions: NIP, golongan, codes, text
limits, functional levels, password strength), plus what only a whole file can break:
duplicates, references to rows further down, cycles in the unit tree or the reporting line,
two holders of one head position. Every problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kinerja_core.auth.viewer import Viewer
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PositionType
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.domain.golongan import validate_golongan
from kinerja_core.domain.nip import validate_nip
from kinerja_core.errors import KinerjaError
from kinerja_core.services.bulk_import.state import State, name_key
from kinerja_core.services.bulk_import.workbook import (
    Problem,
    Row,
    Workbook,
    header_of,
    parse_bool,
    parse_date,
)
from kinerja_core.services.common import clean_text
from kinerja_core.services.org import check_level, clean_code

UnitKey = tuple[int, str]  # (agency id, unit code)
PositionKey = tuple[int, str, str]  # (agency id, unit code, name key)
ACTIONS = ("created", "updated", "unchanged")


@dataclass
class Plan:
    """The writes an import makes, by kind, and what each sheet's rows amount to."""

    units_new: list[dict[str, Any]] = field(default_factory=list)
    units_changed: list[dict[str, Any]] = field(default_factory=list)
    positions_new: list[dict[str, Any]] = field(default_factory=list)
    positions_changed: list[dict[str, Any]] = field(default_factory=list)
    employees_new: list[dict[str, Any]] = field(default_factory=list)
    employees_changed: list[dict[str, Any]] = field(default_factory=list)
    assignments_new: list[dict[str, Any]] = field(default_factory=list)
    assignments_changed: list[dict[str, Any]] = field(default_factory=list)
    assignments_ended: list[dict[str, Any]] = field(default_factory=list)  # by a mutasi
    accounts_new: list[dict[str, Any]] = field(default_factory=list)
    accounts_changed: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def count(self, sheet: str, action: str) -> None:
        sheet_counts = self.counts.setdefault(sheet, dict.fromkeys(ACTIONS, 0))
        sheet_counts[action] = sheet_counts.get(action, 0) + 1


class RowError(Exception):
    """A bad cell: stops checking the row (its other cells are checked before when they can)."""

    def __init__(self, column: str | None, message: str, /, **params: Any) -> None:
        super().__init__(message)
        self.column, self.code, self.params = column, message, params


def _choice(text: str, enum: type, column: str, default: Any = None) -> Any:
    value = text.strip().upper().replace(" ", "_")
    if not value and default is not None:
        return default
    if value not in enum.__members__:
        raise RowError(column, "import.choice", value=text, allowed=", ".join(enum.__members__))
    return enum(value)


class Planner:
    """Builds a :class:`Plan` from a :class:`Workbook` for ``viewer`` over ``state``."""

    def __init__(
        self,
        book: Workbook,
        state: State,
        viewer: Viewer,
        today: dt.date,
        progress: Callable[[int], None] | None = None,
        check_password: Callable[[str, str], None] | None = None,
    ) -> None:
        self.book, self.state, self.viewer, self.today = book, state, viewer, today
        # the password policy of createAccount (needs the settings: length, common list)
        self.check_password = check_password or (lambda password, nip: None)
        self.plan = Plan(problems=list(book.problems))
        self.progress = progress or (lambda n: None)
        self.done = 0
        # final picture after the import, by natural key
        self.unit_parent: dict[UnitKey, UnitKey | None] = {}
        self.unit_lines: dict[UnitKey, int] = {}
        self.position_head: dict[PositionKey, bool] = {}
        self.position_superior: dict[PositionKey, PositionKey | None] = {}
        self.position_lines: dict[PositionKey, int] = {}
        self.employee_agency: dict[str, int] = {}
        self.employee_lines: dict[str, int] = {}
        self._assignment_seen: dict[tuple, int] = {}  # (nip, position, kind) -> line
        self._open_definitive: dict[str, int] = {}  # nip -> line of its open definitive row
        self._head_holders: dict[tuple, tuple[str, int]] = {}  # (position, kind) -> nip, line
        self._account_lines: dict[str, int] = {}
        self._nip_by_id = {e["id"]: nip for nip, e in state.employees.items()}
        # NIPs given a new, open definitive post in the file: they leave their head posts
        self._definitive_rows = {
            row.text("nip").replace(" ", "")
            for row in book.sheets.get("Penempatan", ())
            if (row.text("kind").upper() or "DEFINITIF") == "DEFINITIF" and not row.text("end")
        }
        for (agency_id, code), unit in state.units.items():
            parent = state.units_by_id.get(unit["parent_id"]) if unit["parent_id"] else None
            self.unit_parent[(agency_id, code)] = (
                (parent["agency_id"], parent["code"]) if parent else None
            )

    # --- helpers ----------------------------------------------------------------------------

    def problem(self, row: Row, key: str | None, message: str, /, **params: Any) -> None:
        column = header_of(row.sheet, key) if key else None
        self.plan.problems.append(Problem(row.sheet, row.line, column, message, params))

    @staticmethod
    def _rule(row: Row | None, key: str, check: Callable[[], Any]) -> Any:
        """Run a shared rule; its error becomes a problem in column ``key``."""
        try:
            return check()
        except (RuleViolation, KinerjaError) as exc:
            params = dict(getattr(exc, "params", {}) or {})
            raise RowError(key, exc.code, **params) from None

    def _agency(self, row: Row, key: str = "agency") -> dict[str, Any]:
        code = row.text(key).upper()
        if not code:
            raise RowError(key, "required")
        agency = self.state.agencies.get(code)
        if agency is None:
            raise RowError(key, "import.unknown_agency", code=code)
        if not self.viewer.manages_agency(agency["id"]):
            raise RowError(key, "import.other_agency", code=code)
        return agency

    def _existing_position(self, key: PositionKey) -> dict[str, Any] | None:
        agency_id, unit_code, name = key
        unit = self.state.units.get((agency_id, unit_code))
        if unit is None:
            return None
        found = self.state.positions.get((unit["id"], name)) or []
        return found[0] if found else None

    def _position_key_of(self, position: dict[str, Any]) -> PositionKey:
        unit = self.state.units_by_id[position["unit_id"]]
        return (unit["agency_id"], unit["code"], name_key(position["name"]))

    def _tick(self) -> None:
        self.done += 1
        if self.done % 500 == 0:
            self.progress(self.done)

    def _each(self, sheet: str, check: Callable[[Row], None]) -> None:
        for row in self.book.sheets.get(sheet, ()):
            try:
                check(row)
            except RowError as exc:
                self.problem(row, exc.column, exc.code, **exc.params)
            self._tick()

    # --- the sheets -------------------------------------------------------------------------

    def build(self) -> Plan:
        units = self._collect(self.book.sheets.get("Unit", ()), self._unit_row)
        self._finish_units(units)
        positions = self._collect(self.book.sheets.get("Jabatan", ()), self._position_row)
        self._finish_positions(positions)
        self._each("Pegawai", self._employee_row)
        self._each("Penempatan", self._assignment_row)
        self._each("Akun", self._account_row)
        self.progress(self.done)
        return self.plan

    def _collect(self, rows: Any, check: Callable[[Row], Any]) -> list[tuple[Row, Any]]:
        collected = []
        for row in rows:
            try:
                item = check(row)
            except RowError as exc:
                self.problem(row, exc.column, exc.code, **exc.params)
            else:
                if item is not None:
                    collected.append((row, item))
            self._tick()
        return collected

    # Unit ------------------------------------------------------------------------------------

    def _unit_row(self, row: Row) -> dict[str, Any] | None:
        agency = self._agency(row)
        code = self._rule(row, "code", lambda: clean_code(row.text("code"), "code"))
        name = self._rule(
            row, "name", lambda: clean_text(row.text("name"), "name", required=True, max_len=200)
        )
        parent_text = row.text("parent")
        parent_code = (
            self._rule(row, "parent", lambda: clean_code(parent_text, "parent"))
            if parent_text
            else None
        )
        key = (agency["id"], code)
        if key in self.unit_lines:
            raise RowError("code", "import.duplicate", line=self.unit_lines[key])
        self.unit_lines[key] = row.line
        root = self.state.roots.get(agency["id"])
        is_root = root is not None and root["code"] == code
        if is_root and parent_code:
            raise RowError("parent", "org.root_unit")
        return {"key": key, "name": name, "parent_code": parent_code, "root": is_root}

    def _finish_units(self, items: list[tuple[Row, dict[str, Any]]]) -> None:
        known = set(self.unit_parent) | {item["key"] for _, item in items}
        resolved: list[tuple[Row, dict[str, Any]]] = []
        for row, item in items:
            agency_id, code = item["key"]
            if item["root"]:
                item["parent"] = None
            else:
                parent_code = item["parent_code"] or self._root_code(agency_id)
                parent = (agency_id, parent_code)
                if parent not in known or parent == item["key"]:
                    code_ = "org.unit_cycle" if parent == item["key"] else "import.unknown_unit"
                    self.problem(row, "parent", code_, code=parent_code)
                    continue
                item["parent"] = parent
                self.unit_parent[item["key"]] = parent
            resolved.append((row, item))
        for row, item in resolved:
            if self._cycles(item["key"], self.unit_parent):
                self.problem(row, "parent", "org.unit_cycle")
                continue
            existing = self.state.units.get(item["key"])
            if existing is None:
                self.plan.units_new.append(
                    {"key": item["key"], "name": item["name"], "parent": item["parent"]}
                )
                self.plan.count("Unit", "created")
                continue
            old_parent = self.state.units_by_id.get(existing["parent_id"] or 0)
            old_parent_key = (old_parent["agency_id"], old_parent["code"]) if old_parent else None
            changes: dict[str, Any] = {}
            if existing["name"] != item["name"]:
                changes["name"] = item["name"]
            if not item["root"] and old_parent_key != item["parent"]:
                changes["parent"] = item["parent"]
            if changes:
                self.plan.units_changed.append({"row": existing, "changes": changes})
                self.plan.count("Unit", "updated")
            else:
                self.plan.count("Unit", "unchanged")

    def _root_code(self, agency_id: int) -> str:
        root = self.state.roots.get(agency_id)
        return root["code"] if root else self.state.agency_codes.get(agency_id, "")

    @staticmethod
    def _cycles(start: Any, parent_of: dict[Any, Any]) -> bool:
        seen = {start}
        cursor = parent_of.get(start)
        while cursor is not None:
            if cursor in seen:
                return True
            seen.add(cursor)
            cursor = parent_of.get(cursor)
        return False

    # Jabatan ---------------------------------------------------------------------------------

    def _unit_key(self, agency: dict[str, Any], code_text: str, column: str) -> UnitKey:
        code = self._rule(None, column, lambda: clean_code(code_text, column))
        key = (agency["id"], code)
        if key not in self.unit_parent:
            raise RowError(column, "import.unknown_unit", code=code)
        return key

    def _position_row(self, row: Row) -> dict[str, Any] | None:
        agency = self._agency(row)
        unit_key = self._unit_key(agency, row.text("unit"), "unit")
        name = self._rule(
            row, "name", lambda: clean_text(row.text("name"), "name", required=True, max_len=200)
        )
        type_ = _choice(row.text("type"), PositionType, "type")
        level = self._rule(row, "level", lambda: check_level(type_, row.text("level")))
        head = parse_bool(row.text("head"))
        if head is None:
            raise RowError("head", "import.yes_no", value=row.text("head"))
        superior: PositionKey | None = None
        if row.text("superior_unit") or row.text("superior_name"):
            if not (row.text("superior_unit") and row.text("superior_name")):
                missing = "superior_name" if row.text("superior_unit") else "superior_unit"
                raise RowError(missing, "required")
            superior_agency = (
                self._known_agency(row.text("superior_agency"))
                if row.text("superior_agency")
                else agency
            )
            if not self.viewer.manages_agency(superior_agency["id"]):
                # a reporting line into another agency is BKPSDM's call (as createPosition)
                raise RowError(
                    "superior_agency", "import.other_agency", code=superior_agency["code"]
                )
            s_unit = self._unit_key(superior_agency, row.text("superior_unit"), "superior_unit")
            superior = (*s_unit, name_key(row.text("superior_name")))
        key = (*unit_key, name_key(name))
        if key in self.position_lines:
            raise RowError("name", "import.duplicate", line=self.position_lines[key])
        self.position_lines[key] = row.line
        existing = self._existing_position(key)
        if existing is not None:
            unit = self.state.units[unit_key]
            if len(self.state.positions[(unit["id"], key[2])]) > 1:
                raise RowError("name", "import.ambiguous_position", name=name)
            if str(existing["type"]) != type_.value:
                raise RowError("type", "import.position_type_fixed", current=str(existing["type"]))
            if bool(existing["is_unit_head"]) != head:
                raise RowError("head", "import.position_head_fixed")
        return {
            "key": key,
            "name": name,
            "type": type_,
            "level": level,
            "head": head,
            "superior": superior,
            "existing": existing,
        }

    def _known_agency(self, code_text: str) -> dict[str, Any]:
        agency = self.state.agencies.get(code_text.strip().upper())
        if agency is None:
            raise RowError("superior_agency", "import.unknown_agency", code=code_text)
        return agency

    def _finish_positions(self, items: list[tuple[Row, dict[str, Any]]]) -> None:
        for position in self.state.positions_by_id.values():
            key = self._position_key_of(position)
            superior = self.state.positions_by_id.get(position["reports_to_id"] or 0)
            self.position_superior[key] = self._position_key_of(superior) if superior else None
            self.position_head[key] = bool(position["is_unit_head"])
        heads: dict[UnitKey, int] = {}
        for position in self.state.positions_by_id.values():
            if position["is_unit_head"]:
                key = self._position_key_of(position)
                heads[key[:2]] = -1  # held by a position already in the database
        ok: list[tuple[Row, dict[str, Any]]] = []
        for row, item in items:
            key = item["key"]
            if item["head"] and item["existing"] is None:
                unit_key = key[:2]
                if unit_key in heads:
                    self.problem(row, "head", "org.unit_has_head")
                    continue
                heads[unit_key] = row.line
            self.position_head[key] = item["head"]
            ok.append((row, item))
        known = set(self.position_head)
        for row, item in ok:
            superior = item["superior"]
            if superior is not None and superior not in known:
                self.problem(row, "superior_name", "import.unknown_position", name=superior[2])
                item["bad"] = True
                continue
            self.position_superior[item["key"]] = superior
        for row, item in ok:
            if item.get("bad"):
                continue
            if self._cycles(item["key"], self.position_superior):
                self.problem(row, "superior_name", "org.position_cycle")
                continue
            existing = item["existing"]
            if existing is None:
                self.plan.positions_new.append(item)
                self.plan.count("Jabatan", "created")
                continue
            old_superior = self.state.positions_by_id.get(existing["reports_to_id"] or 0)
            old_key = self._position_key_of(old_superior) if old_superior else None
            changes: dict[str, Any] = {}
            if existing["name"] != item["name"]:
                changes["name"] = item["name"]
            if (existing["level"] or "") != item["level"]:
                changes["level"] = item["level"]
            if old_key != item["superior"]:
                changes["superior"] = item["superior"]
            if changes:
                self.plan.positions_changed.append({"row": existing, "changes": changes})
                self.plan.count("Jabatan", "updated")
            else:
                self.plan.count("Jabatan", "unchanged")

    # Pegawai ---------------------------------------------------------------------------------

    def _nip_text(self, row: Row) -> str:
        raw = row.values.get("nip")
        if isinstance(raw, float) or (isinstance(raw, int) and len(str(raw)) > 15):
            raise RowError("nip", "import.nip_as_number")
        return row.text("nip").replace(" ", "")

    def _employee_row(self, row: Row) -> None:
        agency = self._agency(row)
        kind = _choice(row.text("kind"), EmployeeKind, "kind")
        nip_text = self._nip_text(row)
        nip = self._rule(row, "nip", lambda: validate_nip(nip_text, kind, today=self.today))
        nip = nip.normalized
        name = self._rule(
            row, "name", lambda: clean_text(row.text("name"), "name", required=True, max_len=200)
        )
        golongan_text = row.text("golongan")
        golongan = (
            self._rule(row, "golongan", lambda: validate_golongan(golongan_text, kind))
            if golongan_text
            else ""
        )
        email = self._rule(
            row, "email", lambda: clean_text(row.text("email"), "email", max_len=200)
        )
        if nip in self.employee_lines:
            raise RowError("nip", "import.duplicate", line=self.employee_lines[nip])
        self.employee_lines[nip] = row.line
        existing = self.state.employees.get(nip)
        values = {"name": name, "golongan": golongan, "email": email, "agency_id": agency["id"]}
        if existing is None:
            self.plan.employees_new.append({"nip": nip, "kind": kind, **values})
            self.employee_agency[nip] = agency["id"]
            self.plan.count("Pegawai", "created")
            return
        if str(existing["kind"]) != kind.value:
            raise RowError("kind", "import.employee_kind_fixed", current=str(existing["kind"]))
        if existing["agency_id"] != agency["id"] and not self.viewer.manages_agency(
            existing["agency_id"]
        ):
            raise RowError(
                "nip",
                "import.employee_other_agency",
                code=self.state.agency_codes.get(existing["agency_id"], "?"),
            )
        self.employee_agency[nip] = agency["id"]
        changes = {k: v for k, v in values.items() if (existing[k] or "") != v}
        if changes:
            self.plan.employees_changed.append({"row": existing, "changes": changes})
            self.plan.count("Pegawai", "updated")
        else:
            self.plan.count("Pegawai", "unchanged")

    def _known_nip(self, row: Row) -> tuple[str, dict[str, Any] | None]:
        """An employee of this file or of the database (NIP as typed, spaces dropped)."""
        nip = self._nip_text(row)
        if not nip:
            raise RowError("nip", "required")
        if nip in self.employee_lines:
            if nip not in self.employee_agency:  # its Pegawai row is bad: reported there
                raise RowError("nip", "import.bad_employee_row", line=self.employee_lines[nip])
            return nip, self.state.employees.get(nip)
        existing = self.state.employees.get(nip)
        if existing is None:
            raise RowError("nip", "import.unknown_employee", nip=nip)
        self.employee_agency[nip] = existing["agency_id"]
        return nip, existing

    # Penempatan ------------------------------------------------------------------------------

    def _assignment_row(self, row: Row) -> None:
        nip, employee = self._known_nip(row)
        agency = self._agency(row)
        home = self.employee_agency[nip]
        if not self.viewer.manages_agency(home):
            # both the employee's and the position's agency, as assignPosition
            code = self.state.agency_codes.get(home, "?")
            raise RowError("nip", "import.employee_other_agency", code=code)
        unit_key = self._unit_key(agency, row.text("unit"), "unit")
        key = (*unit_key, name_key(row.text("position")))
        if not row.text("position"):
            raise RowError("position", "required")
        if key not in self.position_head:
            raise RowError("position", "import.unknown_position", name=row.text("position"))
        kind = _choice(row.text("kind"), AssignmentKind, "kind", AssignmentKind.DEFINITIF)
        start = parse_date(row.values.get("start"))
        if start is None:
            raise RowError("start", "import.date", value=row.text("start"))
        end = None
        if row.text("end"):
            end = parse_date(row.values.get("end"))
            if end is None:
                raise RowError("end", "import.date", value=row.text("end"))
            if end < start:
                raise RowError("end", "org.assignment_dates")
        seen = self._assignment_seen
        if (nip, key, kind) in seen:
            raise RowError("position", "import.duplicate", line=seen[(nip, key, kind)])
        seen[(nip, key, kind)] = row.line
        if kind is AssignmentKind.DEFINITIF and end is None:
            if nip in self._open_definitive:
                raise RowError("kind", "import.two_definitive", line=self._open_definitive[nip])
            self._open_definitive[nip] = row.line
        position = self._existing_position(key)
        current = (employee and self.state.assignments.get(employee["id"])) or []
        same = [
            a
            for a in current
            if position is not None
            and a["position_id"] == position["id"]
            and str(a["kind"]) == kind.value
        ]
        match = next((a for a in same if a["start_date"] == start), None) or next(
            (a for a in same if a["end_date"] is None), None
        )
        if self.position_head[key] and end is None:
            holder = self._head_holders.get((key, kind))
            if holder is not None and holder[0] != nip:
                raise RowError("position", "org.position_taken", line=holder[1])
            self._head_holders[(key, kind)] = (nip, row.line)
            if position is not None:
                others = self.state.open_holders.get((position["id"], kind.value), set()) - (
                    {employee["id"]} if employee else set()
                )
                if any(not self._moved_away(other, kind) for other in others):
                    raise RowError("position", "org.position_taken", line=None)
        if match is not None:
            changes = {}
            if match["start_date"] != start:
                changes["start_date"] = start
            if match["end_date"] != end:
                changes["end_date"] = end
            if changes:
                self.plan.assignments_changed.append({"row": match, "changes": changes})
                self.plan.count("Penempatan", "updated")
            else:
                self.plan.count("Penempatan", "unchanged")
            return
        if kind is AssignmentKind.DEFINITIF and employee is not None:
            for old in current:
                if str(old["kind"]) == kind.value and old["end_date"] is None:
                    if old["start_date"] >= start:
                        raise RowError("start", "org.assignment_overlap")
                    self.plan.assignments_ended.append(
                        {"row": old, "end_date": start - dt.timedelta(days=1)}
                    )
        self.plan.assignments_new.append(
            {"nip": nip, "position": key, "kind": kind, "start_date": start, "end_date": end}
        )
        self.plan.count("Penempatan", "created")

    def _moved_away(self, employee_id: int, kind: AssignmentKind) -> bool:
        """The current holder of a head position gets a new definitive post in this file."""
        if kind is not AssignmentKind.DEFINITIF:
            return False
        nip = self._nip_by_id.get(employee_id)
        return nip is not None and nip in self._definitive_rows

    # Akun ------------------------------------------------------------------------------------

    def _account_row(self, row: Row) -> None:
        nip, employee = self._known_nip(row)
        agency_id = self.employee_agency[nip]
        if not self.viewer.manages_agency(agency_id):
            raise RowError("nip", "import.other_agency", code=self.state.agency_codes[agency_id])
        admin = parse_bool(row.text("agency_admin"))
        if admin is None:
            raise RowError("agency_admin", "import.yes_no", value=row.text("agency_admin"))
        if nip in self._account_lines:
            raise RowError("nip", "import.duplicate", line=self._account_lines[nip])
        self._account_lines[nip] = row.line
        account = self.state.accounts.get(employee["id"]) if employee else None
        if account is None:
            password = str(row.values.get("password") or "")
            if not password:
                raise RowError("password", "import.password_required")
            self._rule(row, "password", lambda: self.check_password(password, nip))
            self.plan.accounts_new.append(
                {"nip": nip, "password": password, "admin_agency_id": agency_id if admin else None}
            )
            self.plan.count("Akun", "created")
            return
        # the import never changes a password (resetPassword does); only the admin role
        wanted = agency_id if admin else None
        if account["admin_agency_id"] != wanted and not account["is_central_admin"]:
            self.plan.accounts_changed.append(
                {"row": account, "changes": {"admin_agency_id": wanted}}
            )
            self.plan.count("Akun", "updated")
        else:
            self.plan.count("Akun", "unchanged")
