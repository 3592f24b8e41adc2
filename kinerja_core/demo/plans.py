"""Demo SKP: one plan per employee for the year, cascaded from the Sekretaris Daerah down.

Plans are made top-down so every RHK UTAMA can cite an RHK of its rater's plan (LANGSUNG or
TIDAK_LANGSUNG). Statuses: unit leaders are almost all APPROVED, staff mostly APPROVED with
some DRAFT, SUBMITTED and RETURNED; a mutasi ends an approved SKP mid-year (it stays
APPROVED, as ``services.org.assign_position`` leaves it) and opens a new one. Each plan goes
through the planning service's own steps (``services.plans.new_plan``, ``submitted``,
``returned``, ``approved``: the snapshot, the rater fields and the expectations) and the
audit entries of its decisions, built by ``services.audit.entry``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja_core.demo.bulk import light_row
from kinerja_core.demo.cast import Cast
from kinerja_core.demo.jobs import STAFF as STAFF_JOBS
from kinerja_core.demo.org import City, EmployeeNode, PositionNode
from kinerja_core.demo.texts import Iki, Rhk
from kinerja_core.demo.texts_leaders import GENERIC_UNIT, GOALS, TOPICS
from kinerja_core.demo.texts_staff import (
    EXPECTATIONS,
    GENERIC_STAFF,
    RETURN_NOTES,
    STAFF,
    TAMBAHAN,
)
from kinerja_core.demo.writer import BulkWriter
from kinerja_core.domain import records
from kinerja_core.domain.enums import (
    AssignmentKind,
    BehaviorValue,
    Intervention,
    Perspective,
    PlanApproach,
    PlanStatus,
    PositionType,
    WorkResultKind,
)
from kinerja_core.models import (
    BehaviorExpectation,
    Indicator,
    PerformancePlan,
    Position,
    WorkResult,
)
from kinerja_core.services import audit
from kinerja_core.services import org as org_service
from kinerja_core.services import plans as plan_service

PLACES = Decimal("0.0001")
_LAMPIRAN = (
    "Anggaran DPA {agency} tahun {year}, sarana kerja, SRIKANDI dan e-Kinerja.",
    "Realisasi dilaporkan setiap periode kepada atasan langsung melalui e-Kinerja dengan bukti "
    "dukung.",
    "Capaian kinerja menjadi dasar pemberian TPP, pengembangan kompetensi dan karier.",
)


@dataclass(eq=False)
class IndicatorRec:
    """An IKI with its target (one value, a min..max range, or a narrative)."""

    id: int
    template: Iki
    text: str
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    narrative: str = ""

    @property
    def goal(self) -> float:
        """The number realisasi is measured against (the top of a range)."""
        return float(self.value if self.value is not None else self.maximum or 0)


@dataclass(eq=False)
class ResultRec:
    """An RHK; ``parent`` is the rater's RHK it intervenes."""

    id: int
    kind: WorkResultKind
    template: Rhk
    text: str
    parent: ResultRec | None
    intervention: Intervention | None
    perspective: Perspective | None
    indicators: list[IndicatorRec] = field(default_factory=list)


@dataclass(eq=False)
class PlanRec:
    """An SKP as built, kept for the monitoring and evaluation stages."""

    id: int
    employee: EmployeeNode
    position: PositionNode
    status: PlanStatus
    approach: PlanApproach
    start: dt.date
    end: dt.date
    rater: EmployeeNode | None
    rater_position: PositionNode | None
    rater_superior: EmployeeNode | None
    results: list[ResultRec] = field(default_factory=list)
    created_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    ended: dt.date | None = None  # the last day in the position, when a mutasi ended the SKP
    row: PerformancePlan | None = None  # as written, built by services.plans

    @property
    def evaluable(self) -> bool:
        """Only an approved SKP with a pejabat penilai in the system can be rated."""
        return self.status == PlanStatus.APPROVED and self.rater is not None

    @property
    def was_approved(self) -> bool:
        return self.approved_at is not None


def _nice(value: float) -> float:
    for step, above in ((50, 1000), (10, 100), (5, 20)):
        if value > above:
            return round(value / step) * step
    return max(1, round(value))


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(PLACES)


class PlanBuilder:
    """Builds and writes every SKP of the city for ``year``."""

    def __init__(
        self, rng: random.Random, writer: BulkWriter, year: int, now: dt.datetime, cast: Cast
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.year = year
        self.now = now
        self.cast = cast
        self.main: dict[int, PlanRec] = {}  # employee id -> the current plan
        self.plans: list[PlanRec] = []

    # --- mutasi ----------------------------------------------------------------------------

    def add_mutasi(self, city: City, mutasi_day: dt.date) -> list[EmployeeNode]:
        """Move a few pelaksana to another unit on ``mutasi_day`` (their old SKP closes)."""
        reserved = {e.id for e in vars(self.cast).values() if isinstance(e, EmployeeNode)}
        candidates = [
            e
            for e in city.employees
            if e.position.type == PositionType.PELAKSANA
            and e.id not in reserved
            and sum(1 for u in e.agency.units if u.head and u.head.holder) >= 3
        ]
        count = max(1, len(city.employees) // 250)
        moved = self.rng.sample(candidates, min(count, len(candidates)))
        for employee in moved:
            units = [
                u
                for u in employee.agency.units
                if u is not employee.position.unit
                and u.parent is not None
                and u.head is not None
                and u.head.holder is not None
            ]
            unit = self.rng.choice(units)
            # Same kind of job, another unit: a pelaksana moves as a pelaksana.
            job = next(
                (j for j in STAFF_JOBS[unit.spec.staff] if j.type == PositionType.PELAKSANA),
                employee.position.job,
            )
            assert job is not None
            old = PositionNode(
                self.writer.next_id(Position),
                employee.agency,
                unit,
                job.title,
                job.type,
                job.level,
                False,
                unit.head,
                job,
            )
            employee.agency.positions.append(old)
            employee.extra_positions.append((old, employee.start, mutasi_day - dt.timedelta(1)))
            employee.start = mutasi_day
        return moved

    # --- building -------------------------------------------------------------------------

    def build(self, city: City) -> list[PlanRec]:
        """Every employee's plans, superiors first so the cascade has parents to cite."""
        first_day, last_day = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        employees = sorted(city.employees, key=lambda e: (e.position.depth, e.id))
        # The SKP of a position left by a mutasi was drafted first: it gets the lower id, as
        # it would through the services (its plan is built last, once every parent is).
        earlier = {
            employee.id: [self.writer.next_id(PerformancePlan) for _ in employee.extra_positions]
            for employee in employees
            if employee.extra_positions
        }
        for employee in employees:
            status = self.cast.forced_status.get(employee.id) or self._status(employee)
            start = max(employee.start, first_day)
            self.main[employee.id] = self._plan(
                employee, employee.position, status, start, last_day
            )
        # Approved earlier in the year in the position left behind, ended by the mutasi.
        for employee in employees:
            for plan_id, (old, _start, end) in zip(
                earlier.get(employee.id, ()), employee.extra_positions, strict=True
            ):
                plan = self._plan(employee, old, PlanStatus.APPROVED, first_day, last_day, plan_id)
                plan.ended = end
        return self.plans

    def _status(self, employee: EmployeeNode) -> PlanStatus:
        roll = self.rng.random()
        if employee.position.is_unit_head or employee.position.type == PositionType.JPT:
            return PlanStatus.APPROVED if roll < 0.97 else PlanStatus.SUBMITTED
        if roll < 0.78:
            return PlanStatus.APPROVED
        if roll < 0.86:
            return PlanStatus.SUBMITTED
        if roll < 0.94:
            return PlanStatus.DRAFT
        return PlanStatus.RETURNED

    @staticmethod
    def _holder(position: PositionNode | None, exclude: EmployeeNode) -> EmployeeNode | None:
        """The rater choice of ``services.plans``: the definitive holder, else the Plt."""
        if position is None:
            return None
        since = dt.date.min
        holdings = [(position.holder, AssignmentKind.DEFINITIF, since)]
        holdings.append((position.acting, AssignmentKind.PLT, since))
        return records.pick_holder(holdings, exclude=exclude)

    def _plan(
        self,
        employee: EmployeeNode,
        position: PositionNode,
        status: PlanStatus,
        start: dt.date,
        end: dt.date,
        plan_id: int | None = None,
    ) -> PlanRec:
        rater_position = position.reports_to
        rater = self._holder(rater_position, employee)
        superior = self._holder(rater_position.reports_to if rater_position else None, employee)
        kualitatif = position.type == PositionType.PELAKSANA and self.rng.random() < 0.04
        plan = PlanRec(
            id=plan_id or self.writer.next_id(PerformancePlan),
            employee=employee,
            position=position,
            status=status,
            approach=PlanApproach.KUALITATIF if kualitatif else PlanApproach.KUANTITATIF,
            start=start,
            end=end,
            rater=rater,
            rater_position=rater_position if rater else None,
            rater_superior=superior,
        )
        self._dates(plan)
        parent_plan = self.main.get(rater.id) if rater else None
        self._results(plan, parent_plan)
        self.plans.append(plan)
        return plan

    def _at(self, day: dt.date, extra_days: int = 0) -> dt.datetime:
        """Office hours (WIB) on ``day`` + ``extra_days``, never after now."""
        moment = dt.datetime.combine(
            day + dt.timedelta(days=extra_days),
            dt.time(1 + self.rng.randint(0, 8), self.rng.randint(0, 59)),
            tzinfo=dt.UTC,
        )
        return min(moment, self.now)

    def _dates(self, plan: PlanRec) -> None:
        rng = self.rng
        plan.created_at = self._at(plan.start, rng.randint(1, 12))
        if plan.status == PlanStatus.DRAFT:
            return
        plan.submitted_at = min(plan.created_at + dt.timedelta(days=rng.randint(1, 10)), self.now)
        if plan.status == PlanStatus.APPROVED:
            delay = dt.timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 6))
            plan.approved_at = min(plan.submitted_at + delay, self.now)

    def _templates(self, plan: PlanRec) -> list[tuple[WorkResultKind, Rhk]]:
        rng, position = self.rng, plan.position
        unit = position.unit
        if position.type == PositionType.JPT:
            if unit.agency.code == "SETDA":
                theme = "setda" if unit.parent is None else "asisten"
            else:
                theme = unit.agency.spec.theme
            chosen = list(GOALS[theme])[: rng.choice((3, 4))]
        elif position.is_unit_head:
            generic = list(GENERIC_UNIT)
            rng.shuffle(generic)
            chosen = (list(TOPICS.get(unit.spec.topic, ())) + generic)[: rng.choice((2, 3, 3, 4))]
        else:
            job = position.job
            base = "Guru" if job and job.base.startswith("Guru") else (job.base if job else "")
            pool = list(STAFF.get(base, ()))
            if len(pool) < 2:
                pool.append(GENERIC_STAFF)
            chosen = pool[: rng.choice((2, 3))]
        kinds = [(WorkResultKind.UTAMA, t) for t in chosen]
        staff = not position.is_unit_head and position.type != PositionType.JPT
        if staff and rng.random() < 0.2:
            kinds.append((WorkResultKind.TAMBAHAN, rng.choice(TAMBAHAN)))
        return kinds

    def _results(self, plan: PlanRec, parent_plan: PlanRec | None) -> None:
        rng = self.rng
        unit = plan.position.unit
        focus = unit.spec.focus or unit.name.lower()
        unit_name = unit.agency.name if unit.parent is None else unit.name
        parents = [r for r in (parent_plan.results if parent_plan else []) if r.kind == "UTAMA"]
        jpt = plan.position.type == PositionType.JPT
        templates = self._templates(plan)
        # A draft still being written: its last RHK has no IKI yet.
        unfinished = plan.status == PlanStatus.DRAFT and len(templates) > 1 and rng.random() < 0.3
        for order, (kind, template) in enumerate(templates):
            parent = parents[order % len(parents)] if parents and kind == "UTAMA" else None
            intervention = None
            if parent is not None:
                direct = rng.random() < (0.75 if order == 0 else 0.5)
                intervention = Intervention.LANGSUNG if direct else Intervention.TIDAK_LANGSUNG
            result = ResultRec(
                id=self.writer.next_id(WorkResult),
                kind=kind,
                template=template,
                text=template.text.format(unit=unit_name, focus=focus),
                parent=parent,
                intervention=intervention,
                perspective=template.ikis[0].perspective if jpt else None,
            )
            plan.results.append(result)
            if unfinished and order == len(templates) - 1:
                continue
            for iki in template.ikis[: rng.choice((1, 2, 2, 3))]:
                result.indicators.append(self._indicator(plan, iki, focus, unit_name))

    def _indicator(self, plan: PlanRec, iki: Iki, focus: str, unit: str) -> IndicatorRec:
        rng = self.rng
        text = iki.text.format(focus=focus, unit=unit)
        row_id = self.writer.next_id(Indicator)
        if plan.approach == PlanApproach.KUALITATIF:
            narrative = f"{text} sesuai ekspektasi pimpinan"
            return IndicatorRec(row_id, iki, text, None, None, None, narrative)
        value: float | None = iki.target
        low = high = None
        if iki.unit == "%" and not iki.lower and iki.target > 50 and rng.random() < 0.12:
            value, low, high = None, iki.target - 10, iki.target
        elif iki.cumulative and iki.target > 12:
            value = _nice(iki.target * rng.uniform(0.75, 1.3))
        return IndicatorRec(row_id, iki, text, _dec(value), _dec(low), _dec(high))

    # --- writing --------------------------------------------------------------------------

    async def write(self) -> None:
        """Plans in the order built, so a parent RHK is always written before its children."""
        for plan in self.plans:
            row, expectations = self._plan_row(plan)
            await self.writer.add(row)
            for order, result in enumerate(plan.results):
                await self.writer.add(
                    light_row(
                        WorkResult,
                        id=result.id,
                        plan_id=plan.id,
                        kind=result.kind,
                        description=result.text,
                        parent_id=result.parent.id if result.parent else None,
                        intervention=result.intervention,
                        perspective=result.perspective,
                        order=order,
                        created_at=plan.created_at,
                    )
                )
                for number, ind in enumerate(result.indicators):
                    await self.writer.add(
                        light_row(
                            Indicator,
                            id=ind.id,
                            work_result_id=result.id,
                            aspect=ind.template.aspect,
                            description=ind.text,
                            target_value=ind.value,
                            target_min=ind.minimum,
                            target_max=ind.maximum,
                            unit="" if ind.narrative else ind.template.unit,
                            narrative_target=ind.narrative,
                            perspective=result.perspective and ind.template.perspective,
                            order=number,
                            created_at=plan.created_at,
                        )
                    )
            for expectation in expectations:
                expectation.id = self.writer.next_id(BehaviorExpectation)
                await self.writer.add(expectation)

    def _plan_row(self, plan: PlanRec) -> tuple[PerformancePlan, list[BehaviorExpectation]]:
        """The SKP through its steps as ``services.plans`` takes them (drafted, submitted,
        returned or approved, ended by a mutasi), and its expectation rows; the audit entries
        of its decisions are queued."""
        position, employee = plan.position, plan.employee
        row = plan_service.new_plan(
            employee_id=employee.id,
            position=position,
            agency_id=position.agency.id,
            unit_id=position.unit.id,
            year=self.year,
            approach=plan.approach,
            period_start=plan.start,
            period_end=plan.end,
            rater=plan.rater,
            rater_position=plan.rater_position,
            rater_superior=plan.rater_superior,
        )
        row.id, row.created_at = plan.id, plan.created_at
        plan.row = row
        if plan.status == PlanStatus.DRAFT:
            return row, []
        row.resource_support, row.accountability_scheme, row.consequences = (
            t.format(agency=employee.agency.name, year=self.year) for t in _LAMPIRAN
        )
        assert plan.submitted_at is not None
        plan_service.submitted(row, plan.submitted_at)
        rater = plan.rater
        if plan.status == PlanStatus.RETURNED:
            before = audit.snapshot(row)
            plan_service.returned(row, self.rng.choice(RETURN_NOTES))
            after = audit.snapshot(row)
            self.writer.audit(rater, "plan.return", row, before, after, row.submitted_at)
        if plan.status != PlanStatus.APPROVED:
            return row, []
        # an SKP without a rater in the system (the Sekda's: the Wali Kota approves it) is
        # approved outside it; the audit entry then names no actor
        assert plan.approved_at is not None
        texts = {
            value: self.rng.choice(EXPECTATIONS[value]) if self.rng.random() < 0.25 else ""
            for value in BehaviorValue
        }
        before = audit.snapshot(row)
        expectations = plan_service.approved(row, identity_snapshot(plan), texts, plan.approved_at)
        after = plan_service.approval_audit(row, texts)
        self.writer.audit(rater, "plan.approve", row, before, after, plan.approved_at)
        if plan.ended is not None:  # the mutasi, as services.org.assign_position ends it
            before = audit.snapshot(row)
            org_service.ended_on_mutasi(row, plan.ended)
            moment = dt.datetime.combine(plan.ended + dt.timedelta(1), dt.time(1), dt.UTC)
            self.writer.audit(
                self.cast.central_admin, "plan.end_on_mutasi", row, before,
                audit.snapshot(row), min(moment, self.now),
            )  # fmt: skip
            plan.end = plan.ended
        return row, expectations


def identity_snapshot(plan: PlanRec) -> dict[str, Any]:
    """What ``services.plans`` freezes at approval, built by the same function."""
    position = plan.position
    return records.plan_identity(
        employee=plan.employee,
        position=position,
        unit=position.unit,
        agency=position.unit.agency,
        rater=plan.rater,
        rater_position=plan.rater_position,
        rater_superior=plan.rater_superior,
        superior_position=plan.rater_position.reports_to if plan.rater_position else None,
        period_start=plan.start,
        period_end=plan.end,
    )
