"""Who plays which part: agency admins, the central admin and the people printed as logins.

The demo logins are chosen from Dinas Kesehatan so that one agency shows every role: its head,
its admin, a kepala seksi/subbagian with direct reports, one of them with a draft SKP, one
waiting for that kepala to approve, one with realisasi, and a functional employee already
evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TextIO

from kinerja_core.demo.org import City, EmployeeNode, PositionNode, UnitNode
from kinerja_core.domain.enums import PlanStatus, PositionType

if TYPE_CHECKING:  # plans.py imports this module
    from kinerja_core.demo.plans import PlanRec

_ADMIN_JOBS = ("Pranata Komputer", "Pengolah Data", "Pengadministrasi", "Penata Layanan")


@dataclass
class Cast:
    """The admins and the demo personas, and the SKP status each persona needs."""

    central_admin: EmployeeNode
    admins: dict[int, EmployeeNode]  # agency id -> its admin
    head: EmployeeNode
    agency_admin: EmployeeNode
    supervisor: EmployeeNode
    draft: EmployeeNode
    submitted: EmployeeNode
    approved: EmployeeNode
    functional: EmployeeNode
    forced_status: dict[int, PlanStatus] = field(default_factory=dict)

    @property
    def fully_reported(self) -> set[int]:
        """Employees whose realisasi is complete (the persona with realisasi)."""
        return {self.approved.id}


def _staff(position: PositionNode) -> bool:
    return not position.is_unit_head


def _in_sekretariat(unit: UnitNode | None) -> bool:
    while unit is not None:
        if unit.spec.short == "SEK":
            return True
        unit = unit.parent
    return False


def _pick_admin(employees: list[EmployeeNode]) -> EmployeeNode:
    """An office job in the sekretariat if there is one (they run the agency's data)."""

    def score(e: EmployeeNode) -> tuple:
        p = e.position
        office_job = any(p.name.startswith(job) for job in _ADMIN_JOBS)
        return (not _staff(p), not _in_sekretariat(p.unit), not office_job, e.id)

    return min(employees, key=score)


def choose_cast(city: City) -> Cast:
    """Pick the admins and the demo personas; deterministic for a given city."""
    admins = {
        agency.id: _pick_admin(agency.employees) for agency in city.agencies if agency.employees
    }
    bkpsdm = city.agency("BKPSDM")
    central = min(
        (e for e in bkpsdm.employees if e is not admins.get(bkpsdm.id)),
        key=lambda e: (
            not _staff(e.position),
            "Analis Sumber Daya Manusia" not in e.position.name,
            "Penilaian Kinerja" not in e.position.unit.name,
            e.id,
        ),
    )
    dinkes = city.agency("DINKES")
    admin = admins[dinkes.id]
    head = dinkes.root.head.holder if dinkes.root.head else None
    assert head is not None, "Dinas Kesehatan always has a head"

    def reports(position: PositionNode) -> list[EmployeeNode]:
        return [
            p.holder
            for p in dinkes.positions
            if p.reports_to is position and p.holder is not None and p.holder is not admin
        ]

    supervisors = [
        p
        for p in dinkes.positions
        if p.type == PositionType.PENGAWAS
        and p.holder is not None
        and p.unit.name.startswith(("Seksi", "Subbagian"))
    ]
    supervisor_pos = max(supervisors, key=lambda p: (len(reports(p)), -p.id))
    supervisor = supervisor_pos.holder
    assert supervisor is not None
    direct = sorted(reports(supervisor_pos), key=lambda e: e.id)
    taken = {admin.id, head.id, supervisor.id}
    others = [e for e in dinkes.employees if e.id not in taken and _staff(e.position)]
    draft = direct[0] if direct else others.pop(0)
    taken.add(draft.id)
    submitted = next((e for e in direct if e.id not in taken), None) or next(
        e for e in others if e.id not in taken and e.position.reports_to is not None
    )
    taken.add(submitted.id)
    approved = next((e for e in direct if e.id not in taken), None) or next(
        e for e in others if e.id not in taken
    )
    taken.add(approved.id)
    # A health professional (epidemiolog, perawat ...) rather than a planner in the sekretariat.
    functional = min(
        (e for e in others if e.id not in taken),
        key=lambda e: (
            e.position.type != PositionType.FUNGSIONAL,
            _in_sekretariat(e.position.unit),
            e.id,
        ),
    )
    cast = Cast(
        central_admin=central,
        admins=admins,
        head=head,
        agency_admin=admin,
        supervisor=supervisor,
        draft=draft,
        submitted=submitted,
        approved=approved,
        functional=functional,
    )
    cast.forced_status = {
        head.id: PlanStatus.APPROVED,
        supervisor.id: PlanStatus.APPROVED,
        draft.id: PlanStatus.DRAFT,
        submitted.id: PlanStatus.SUBMITTED,
        approved.id: PlanStatus.APPROVED,
        functional.id: PlanStatus.APPROVED,
    }
    return cast


@dataclass(frozen=True)
class Login:
    """A demo account worth trying, printed at the end of the run."""

    role: str
    nip: str
    name: str
    agency: str
    note: str = ""


def _agency_label(employee: EmployeeNode) -> str:
    name = employee.agency.name
    return name if len(name) <= 32 else employee.agency.code


def demo_logins(cast: Cast, plans: list[PlanRec], appeal_judge: EmployeeNode | None) -> list[Login]:
    """The accounts worth trying, each with what to look at; ``appeal_judge`` decides the
    keberatan still waiting."""
    main = {p.employee.id: p for p in plans if p.position is p.employee.position}
    submitted_rater = main[cast.submitted.id].rater
    direct = sum(1 for p in plans if p.rater is cast.supervisor and p.ended is None)

    def login(role: str, employee: EmployeeNode, note: str = "") -> Login:
        return Login(role, employee.nip, employee.name, _agency_label(employee), note)

    logins = [
        login("central admin (BKPSDM)", cast.central_admin, "manages every agency"),
        login("agency head", cast.head, cast.head.position.name),
        login("agency admin", cast.agency_admin, "manages units, positions, employees"),
        login(
            "supervisor", cast.supervisor, f"{cast.supervisor.position.name}; rates {direct} SKP"
        ),
        login("employee, SKP DRAFT", cast.draft, cast.draft.position.name),
        login("employee, SKP APPROVED", cast.approved, "with realisasi every period"),
        login(
            "employee, SKP SUBMITTED",
            cast.submitted,
            f"waits for rater NIP {submitted_rater.nip}" if submitted_rater else "",
        ),
        login(
            "functional, evaluated",
            cast.functional,
            f"{cast.functional.position.name}; FINAL evaluation, angka kredit",
        ),
    ]
    moved = next((p.employee for p in plans if p.ended is not None), None)
    if moved is not None:  # a mutasi this year: `employeeYear` shows both SKP
        logins.append(login("employee, two SKP (mutasi)", moved, moved.position.name))
    if appeal_judge is not None:
        known = next((i for i, x in enumerate(logins) if x.nip == appeal_judge.nip), None)
        if known is None:
            logins.append(login("atasan, appeal to decide", appeal_judge, "a keberatan waits"))
        else:
            entry = logins[known]
            logins[known] = replace(entry, note=f"{entry.note}; a keberatan waits for them")
    return logins


def print_logins(logins: list[Login], password: str, year: int, out: TextIO) -> None:
    """The logins as an aligned table (every account shares the demo password)."""
    header = ("role", "NIP", "name", "agency", "password", "note")
    rows = [(x.role, x.nip, x.name, x.agency, password, x.note) for x in logins]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    print(f"\nDemo loaded: Pemerintah Kota Pontianak {year}. Sign in with:", file=out)
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  " + "  ".join(cells) + "  " + row[-1], file=out)
