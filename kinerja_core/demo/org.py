"""The demo org chart in memory: which units a run fills, their positions and their people.

Each agency gets a share of the employees by size; its unit tree is filled in priority order
(head, sekretariat, the first seksi of each bidang, UPTs, then the rest) while there are people
left to staff it, so 80 employees give a thin but complete city and 20,000 a full one.
Reporting lines follow the unit tree; agency heads report to the Sekretaris Daerah, whose
own SKP is approved by the Wali Kota (an elected official, not in the system).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tortoise.models import Model

from kinerja_core.demo.agencies import AgencySpec, UnitSpec
from kinerja_core.demo.jobs import STAFF, Job
from kinerja_core.demo.people import PeopleFactory
from kinerja_core.demo.writer import BulkWriter
from kinerja_core.domain.enums import AssignmentKind, EmployeeKind, PositionType
from kinerja_core.models import Account, Agency, Assignment, Employee, Position, Unit

# Pontianak appointed many teachers and nurses as PPPK since 2021.
PPPK_MIN_SHARE = 0.08
_STOP_WORDS = {"dan", "bidang", "seksi", "subbagian", "subbidang", "bagian", "upt", "asisten"}


@dataclass(eq=False)
class AgencyNode:
    """An OPD being built: its share of the employees, units, positions and people."""

    id: int
    spec: AgencySpec
    quota: int = 0
    units: list[UnitNode] = field(default_factory=list)
    positions: list[PositionNode] = field(default_factory=list)
    employees: list[EmployeeNode] = field(default_factory=list)
    admin: EmployeeNode | None = None

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def root(self) -> UnitNode:
        return self.units[0]


@dataclass(eq=False)
class UnitNode:
    """A unit the run fills, with its head position."""

    id: int
    agency: AgencyNode
    parent: UnitNode | None
    spec: UnitSpec
    code: str
    head: PositionNode | None = None
    staff_count: int = 0
    vacant: bool = False  # head position without a definitive holder (a Plt acts)
    acting_by: UnitNode | None = None  # the unit whose head is the Plt

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(eq=False)
class PositionNode:
    """A position; ``reports_to`` is the tree the default pejabat penilai follows."""

    id: int
    agency: AgencyNode
    unit: UnitNode
    name: str
    type: PositionType
    level: str
    is_unit_head: bool
    reports_to: PositionNode | None
    job: Job | None = None  # staff only
    holder: EmployeeNode | None = None
    acting: EmployeeNode | None = None  # Plt

    @property
    def depth(self) -> int:
        depth, cursor = 0, self.reports_to
        while cursor is not None:
            depth, cursor = depth + 1, cursor.reports_to
        return depth

    def current_holder(self) -> EmployeeNode | None:
        """Who acts in this position: the definitive holder, else the Plt."""
        return self.holder or self.acting


@dataclass(eq=False)
class EmployeeNode:
    """A person in the city, with how well (``performance``) and how faithfully
    (``diligence``) they work, which the realisasi and ratings follow."""

    id: int
    nip: str
    name: str
    kind: EmployeeKind
    golongan: str
    agency: AgencyNode
    position: PositionNode
    start: dt.date
    performance: float  # ~1.0: drives realisasi and ratings
    diligence: float  # share of periods with realisasi filled in
    acting_in: PositionNode | None = None  # the position held as Plt
    acting_since: dt.date | None = None
    extra_positions: list[tuple[PositionNode, dt.date, dt.date]] = field(default_factory=list)
    account_id: int | None = None  # the actor of the audit entries of their decisions


@dataclass
class City:
    """Every agency of the run, Sekretariat Daerah first."""

    agencies: list[AgencyNode]

    @property
    def employees(self) -> list[EmployeeNode]:
        return [e for agency in self.agencies for e in agency.employees]

    @property
    def positions(self) -> list[PositionNode]:
        return [p for agency in self.agencies for p in agency.positions]

    @property
    def units(self) -> list[UnitNode]:
        return [u for agency in self.agencies for u in agency.units]

    def agency(self, code: str) -> AgencyNode:
        return next(a for a in self.agencies if a.code == code)


def allocate(specs: list[AgencySpec], total: int) -> list[int]:
    """People per agency by weight, each at least its minimum, summing to ``total``."""
    weight = sum(s.weight for s in specs)
    raw = [total * s.weight / weight for s in specs]
    quotas = [max(s.minimum, math.floor(r)) for s, r in zip(specs, raw, strict=True)]
    by_remainder = sorted(range(len(specs)), key=lambda i: (-(raw[i] % 1), i))
    while sum(quotas) < total:
        for i in by_remainder:
            if sum(quotas) == total:
                break
            quotas[i] += 1
    while sum(quotas) > total:
        i = max((i for i, s in enumerate(specs) if quotas[i] > s.minimum), key=lambda i: quotas[i])
        quotas[i] -= 1
    return quotas


def _priority(spec: UnitSpec) -> list[tuple[UnitSpec, UnitSpec | None]]:
    """Units in the order a small run fills them: first children first, tier by tier."""
    found: list[tuple[tuple[int, tuple[int, ...]], UnitSpec, UnitSpec | None]] = []

    def walk(node: UnitSpec, parent: UnitSpec | None, path: tuple[int, ...]) -> None:
        tier = max(path[1:], default=0)
        found.append(((tier, path), node, parent))
        for index, child in enumerate(node.children):
            walk(child, node, (*path, index))

    walk(spec, None, ())
    found.sort(key=lambda item: item[0])
    return [(node, parent) for _, node, parent in found]


def _select(spec: AgencySpec, quota: int) -> list[tuple[UnitSpec, UnitSpec | None]]:
    """The units to fill: a unit is taken while its staff can still be half-filled."""
    chosen: list[tuple[UnitSpec, UnitSpec | None]] = []
    taken: set[int] = set()
    capacity = 0
    for node, parent in _priority(spec.root):
        if parent is not None and id(parent) not in taken:
            continue
        heads = len(chosen) + 1
        forced = len(chosen) < 2  # the head and the first unit below, always
        if not forced and quota - heads < math.ceil((capacity + node.cap) * 0.5):
            continue
        if heads > quota:
            break
        chosen.append((node, parent))
        taken.add(id(node))
        capacity += node.cap
    return chosen


def _code(parent_code: str, spec: UnitSpec, used: set[str]) -> str:
    short = (
        spec.short
        or "".join(
            word[0].upper()
            for word in re.findall(r"[A-Za-z]+", spec.name)
            if word.lower() not in _STOP_WORDS
        )[:6]
    )
    code, n = f"{parent_code}-{short}", 1
    while code in used:
        n += 1
        code = f"{parent_code}-{short}{n}"
    used.add(code)
    return code


def _spread(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by ``weights`` (largest remainder), deterministic."""
    if total <= 0 or not any(weights):
        return [0] * len(weights)
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    counts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] % 1), i))[: total - sum(counts)]:
        counts[i] += 1
    return counts


class CityBuilder:
    """Builds the whole :class:`City`; ids come from ``next_id(kind)``."""

    def __init__(
        self, rng: random.Random, year: int, next_id: Callable[[type[Model]], int]
    ) -> None:
        self.rng = rng
        self.year = year
        self.next_id = next_id
        self.people = PeopleFactory(rng, year)

    def build(self, specs: list[AgencySpec], total: int) -> City:
        city = City([])
        sekda: PositionNode | None = None
        for spec, quota in zip(specs, allocate(specs, total), strict=True):
            agency = self._agency(spec, quota, sekda)
            city.agencies.append(agency)
            if sekda is None:
                sekda = agency.root.head
        self._plt(city)
        for agency in city.agencies:
            self._staff(agency)
        pppk = self._pppk(city)
        for agency in city.agencies:
            self._people(agency, pppk)
        return city

    def _pppk(self, city: City) -> set[int]:
        """Positions held by PPPK: drawn per job, at least ``PPPK_MIN_SHARE`` of everyone."""
        rng = self.rng
        shares = [(p.id, p.job.pppk) for p in city.positions if p.job and p.job.pppk > 0]
        chosen = {position_id for position_id, share in shares if rng.random() < share}
        wanted = math.ceil(PPPK_MIN_SHARE * len(city.positions))
        rest = [position_id for position_id, _ in shares if position_id not in chosen]
        chosen.update(rng.sample(rest, min(len(rest), max(0, wanted - len(chosen)))))
        return chosen

    def _agency(self, spec: AgencySpec, quota: int, sekda: PositionNode | None) -> AgencyNode:
        agency = AgencyNode(self.next_id(Agency), spec, quota)
        nodes: dict[int, UnitNode] = {}
        used: set[str] = set()
        for unit_spec, parent_spec in _select(spec, quota):
            parent = nodes[id(parent_spec)] if parent_spec is not None else None
            code = spec.code if parent is None else _code(parent.code, unit_spec, used)
            unit = UnitNode(self.next_id(Unit), agency, parent, unit_spec, code)
            nodes[id(unit_spec)] = unit
            agency.units.append(unit)
            reports_to = parent.head if parent else sekda
            unit.head = self._position(
                agency,
                unit,
                unit_spec.head,
                unit_spec.head_type,
                unit_spec.head_level,
                head=True,
                reports_to=reports_to,
            )
        return agency

    def _position(
        self,
        agency: AgencyNode,
        unit: UnitNode,
        name: str,
        type_: PositionType,
        level: str,
        *,
        head: bool = False,
        reports_to: PositionNode | None,
        job: Job | None = None,
    ) -> PositionNode:
        position = PositionNode(
            self.next_id(Position), agency, unit, name, type_, level, head, reports_to, job
        )
        agency.positions.append(position)
        return position

    def _plt(self, city: City) -> None:
        """Two vacant unit-head positions held by a Plt, where the run is big enough."""
        dinkes = city.agency("DINKES")
        bidangs = [
            u for u in dinkes.units if u.parent is dinkes.root and u.name.startswith("Bidang")
        ]
        sekretariat = next((u for u in dinkes.units if u.name == "Sekretariat"), None)
        if len(bidangs) >= 2 and sekretariat is not None:
            bidangs[-1].vacant = True
            bidangs[-1].acting_by = sekretariat
        for agency in reversed(city.agencies):  # Pontianak Utara first
            if not agency.code.startswith("KEC-"):
                continue
            kelurahan = [u for u in agency.units if u.name.startswith("Kelurahan")]
            seksi = next((u for u in agency.units if u.name.startswith("Seksi Pemerintahan")), None)
            acting = seksi or next((u for u in agency.units if u.parent is agency.root), None)
            if kelurahan and acting is not None and acting is not kelurahan[-1]:
                kelurahan[-1].vacant = True
                kelurahan[-1].acting_by = acting
                break

    def _staff(self, agency: AgencyNode) -> None:
        """Staff positions: what the heads leave of the agency's quota, spread by capacity."""
        filled_heads = sum(1 for u in agency.units if not u.vacant)
        counts = _spread(agency.quota - filled_heads, [float(u.spec.cap) for u in agency.units])
        for unit, count in zip(agency.units, counts, strict=True):
            unit.staff_count = count
            jobs = STAFF[unit.spec.staff]
            weights = [j.weight for j in jobs]
            for job in self.rng.choices(jobs, weights, k=count):
                self._position(
                    agency, unit, job.title, job.type, job.level, reports_to=unit.head, job=job
                )

    def _people(self, agency: AgencyNode, pppk_positions: set[int]) -> None:
        rng = self.rng
        for position in agency.positions:
            if position.is_unit_head and position.unit.vacant:
                continue
            pppk = position.id in pppk_positions
            person = self.people.person(
                position.type, position.level, position.name, pppk, agency.spec.theme
            )
            tmt_year = int(person.nip[8:12])
            first = max(tmt_year + (0 if pppk else 1), self.year - 8)
            start_year = rng.randint(min(first, self.year - 1), self.year - 1)
            late = rng.random() < 0.1
            employee = EmployeeNode(
                id=self.next_id(Employee),
                nip=person.nip,
                name=person.name,
                kind=person.kind,
                golongan=person.golongan,
                agency=agency,
                position=position,
                start=dt.date(start_year, rng.randint(1, 12), 1),
                performance=min(1.25, max(0.7, rng.gauss(1.0, 0.08))),
                diligence=rng.uniform(0.55, 0.85) if late else rng.uniform(0.92, 1.0),
            )
            position.holder = employee
            agency.employees.append(employee)
        for unit in agency.units:
            acting_unit = unit.acting_by
            if unit.vacant and acting_unit is not None and unit.head is not None:
                acting = acting_unit.head.holder if acting_unit.head else None
                if acting is not None:
                    unit.head.acting = acting
                    acting.acting_in = unit.head
                    # The definitive holder retired at the end of last year.
                    acting.acting_since = dt.date(self.year - 1, 12, 1)


async def write_city(
    city: City,
    writer: BulkWriter,
    password_hash: str,
    central_admin: EmployeeNode,
    admins: dict[int, EmployeeNode],
) -> None:
    """Agencies, units, positions, employees, assignments (Plt too) and one account each.

    Every account shares ``password_hash`` (argon2 is slow on purpose: hashed once).
    ``admins`` maps an agency id to its admin.
    """
    admin_of = {employee.id: agency_id for agency_id, employee in admins.items()}
    for agency in city.agencies:
        await writer.add(
            Agency(
                id=agency.id,
                code=agency.code,
                name=agency.name,
                period_kind=agency.spec.period_kind,
            )
        )
    for unit in city.units:
        await writer.add(
            Unit(
                id=unit.id,
                agency_id=unit.agency.id,
                parent_id=unit.parent.id if unit.parent else None,
                code=unit.code,
                name=unit.name,
            )
        )
    for position in city.positions:
        await writer.add(
            Position(
                id=position.id,
                agency_id=position.agency.id,
                unit_id=position.unit.id,
                name=position.name,
                type=position.type,
                level=position.level,
                is_unit_head=position.is_unit_head,
                reports_to_id=position.reports_to.id if position.reports_to else None,
            )
        )
    for employee in city.employees:
        await writer.add(
            Employee(
                id=employee.id,
                nip=employee.nip,
                name=employee.name,
                kind=employee.kind,
                golongan=employee.golongan,
                agency_id=employee.agency.id,
            )
        )
    for employee in city.employees:
        for old, start, end in employee.extra_positions:
            await _assign(writer, employee, old.id, AssignmentKind.DEFINITIF, start, end)
        await _assign(
            writer, employee, employee.position.id, AssignmentKind.DEFINITIF, employee.start
        )
        if employee.acting_in is not None:
            await _assign(
                writer, employee, employee.acting_in.id, AssignmentKind.PLT, employee.acting_since
            )
        employee.account_id = writer.next_id(Account)
        await writer.add(
            Account(
                id=employee.account_id,
                employee_id=employee.id,
                password_hash=password_hash,
                is_central_admin=employee is central_admin,
                admin_agency_id=admin_of.get(employee.id),
            )
        )


async def _assign(
    writer: BulkWriter,
    employee: EmployeeNode,
    position_id: int,
    kind: AssignmentKind,
    start: dt.date,
    end: dt.date | None = None,
) -> None:
    await writer.add(
        Assignment(
            id=writer.next_id(Assignment),
            employee_id=employee.id,
            position_id=position_id,
            kind=kind,
            start_date=start,
            end_date=end,
        )
    )
