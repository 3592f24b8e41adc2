"""Demo periods, rencana aksi, realisasi, bukti dukung and umpan balik.

Periods before today's are CLOSED, the running one OPEN, later ones UPCOMING. For each approved
SKP the owner writes rencana aksi and realisasi for the closed and open periods, not always
(some forget, a late month is often still empty), so dashboards have gaps to show. Realisasi
follow the employee's performance: cumulative targets (orang, dokumen) accrue a share per
period, levels (%, nilai) are measured each time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from kinerja_core.demo.bulk import light_row
from kinerja_core.demo.org import City
from kinerja_core.demo.plans import IndicatorRec, PlanRec
from kinerja_core.demo.texts_staff import (
    BEHAVIOR_FEEDBACK,
    NARRATIVE_REALIZATIONS,
    REALIZATION_FEEDBACK,
    WORK_RESULT_FEEDBACK,
)
from kinerja_core.demo.writer import BulkWriter
from kinerja_core.domain.enums import (
    BehaviorValue,
    EvidenceKind,
    FeedbackTarget,
    PeriodKind,
    PeriodStatus,
    PlanApproach,
    PlanStatus,
)
from kinerja_core.domain.periods import build_periods
from kinerja_core.models import ActionPlan, Evidence, Feedback, Period, Realization
from kinerja_core.services.monitoring import typed_realization

PLACES = Decimal("0.0001")


@dataclass(eq=False)
class PeriodRec:
    """A written period, as the later stages need it."""

    id: int
    agency_id: int
    kind: PeriodKind
    number: int
    months: int
    start: dt.date
    end: dt.date
    status: PeriodStatus
    label: str
    label_en: str
    row: Period | None = None  # as written, for the services' row builders


def period_status(start: dt.date, end: dt.date, today: dt.date) -> PeriodStatus:
    if end < today:
        return PeriodStatus.CLOSED
    return PeriodStatus.OPEN if start <= today else PeriodStatus.UPCOMING


async def write_periods(
    city: City, writer: BulkWriter, year: int, today: dt.date
) -> dict[int, list[PeriodRec]]:
    """Every agency's periods of ``year`` in its own period length; by agency id."""
    periods: dict[int, list[PeriodRec]] = {}
    for agency in city.agencies:
        rows = []
        for spec in build_periods(year, agency.spec.period_kind):
            rec = PeriodRec(
                writer.next_id(Period),
                agency.id,
                spec.kind,
                spec.number,
                spec.months,
                spec.start,
                spec.end,
                period_status(spec.start, spec.end, today),
                spec.label,
                spec.label_en,
            )
            rows.append(rec)
            rec.row = Period(
                id=rec.id,
                agency_id=agency.id,
                year=year,
                kind=agency.spec.period_kind,
                number=spec.number,
                start_date=spec.start,
                end_date=spec.end,
                status=rec.status,
            )
            await writer.add(rec.row)
        periods[agency.id] = rows
    return periods


class ActivityWriter:
    """Streams rencana aksi, realisasi, evidence and feedback; nothing is kept in memory."""

    def __init__(
        self, rng: random.Random, writer: BulkWriter, now: dt.datetime, complete: set[int]
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.now = now
        self.complete = complete  # employees who never miss a period (a demo persona)

    def _at(self, day: dt.date) -> dt.datetime:
        hour = self.rng.randint(1, 9)  # 08:00-16:00 WIB
        return min(
            dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)), dt.UTC), self.now
        )

    async def plan_activity(self, plan: PlanRec, periods: list[PeriodRec]) -> None:
        rng = self.rng
        employee = plan.employee
        active = [
            p
            for p in periods
            if p.status != PeriodStatus.UPCOMING and p.end >= plan.start and p.start <= plan.end
        ]
        complete = employee.id in self.complete
        for period in active:
            chance = employee.diligence if period.status == PeriodStatus.CLOSED else 0.45
            reported = complete or rng.random() < chance
            if not reported and rng.random() < 0.5:
                continue  # not even a rencana aksi this period
            unit = plan.position.unit
            focus = unit.spec.focus or unit.name.lower()
            for result in plan.results:
                aksi = result.template.aksi
                if aksi:
                    text = aksi[(period.number - 1) % len(aksi)].format(focus=focus, unit=unit.name)
                else:
                    text = action_for(result.text)
                await self.writer.add(
                    light_row(
                        ActionPlan,
                        id=self.writer.next_id(ActionPlan),
                        work_result_id=result.id,
                        period_id=period.id,
                        description=text,
                        created_at=self._at(period.start + dt.timedelta(rng.randint(0, 6))),
                    )
                )
                if not reported:
                    continue
                for indicator in result.indicators:
                    await self._realization(plan, indicator, period)
        if plan.rater is not None and active:
            await self._plan_feedback(plan, active)

    async def _realization(self, plan: PlanRec, ind: IndicatorRec, period: PeriodRec) -> None:
        rng = self.rng
        employee = plan.employee
        narrative = ""
        value: Decimal | None = None
        if plan.approach == PlanApproach.KUALITATIF:
            narrative = rng.choice(NARRATIVE_REALIZATIONS)
        else:
            value = _value(ind, period, employee.performance * rng.uniform(0.95, 1.05))
        due = period.end if period.status == PeriodStatus.CLOSED else self.now.date()
        recorded = self._at(max(period.start, due - dt.timedelta(rng.randint(0, 4))))
        row_id = self.writer.next_id(Realization)
        row = typed_realization(ind.id, period.id, employee.id, employee.nip, value, narrative)
        row.id, row.created_at = row_id, recorded
        await self.writer.add(row)
        if rng.random() < 0.12:
            await self.writer.add(
                light_row(
                    Evidence,
                    id=self.writer.next_id(Evidence),
                    realization_id=row_id,
                    kind=EvidenceKind.LINK,
                    url=f"https://arsip.pontianak.example/bukti/{employee.agency.code.lower()}/"
                    f"{employee.nip}/{period.start:%Y-%m}-{ind.id}.pdf",
                    title=f"Laporan kegiatan {period.label}",
                    uploaded_by_id=employee.id,
                    created_at=recorded,
                )
            )
        if plan.rater is not None and rng.random() < 0.03:
            await self.writer.add(
                light_row(
                    Feedback,
                    id=self.writer.next_id(Feedback),
                    plan_id=plan.id,
                    author_id=plan.rater.id,
                    target=FeedbackTarget.REALIZATION,
                    realization_id=row_id,
                    period_id=period.id,
                    text=rng.choice(REALIZATION_FEEDBACK),
                    created_at=min(recorded + dt.timedelta(days=rng.randint(1, 4)), self.now),
                )
            )

    async def _plan_feedback(self, plan: PlanRec, active: list[PeriodRec]) -> None:
        rng = self.rng
        assert plan.rater is not None
        if rng.random() < 0.08 and plan.results:
            await self.writer.add(
                light_row(
                    Feedback,
                    id=self.writer.next_id(Feedback),
                    plan_id=plan.id,
                    author_id=plan.rater.id,
                    target=FeedbackTarget.WORK_RESULT,
                    work_result_id=plan.results[0].id,
                    text=rng.choice(WORK_RESULT_FEEDBACK),
                    created_at=plan.approved_at or self.now,
                )
            )
        if rng.random() < 0.04:
            value = rng.choice(list(BehaviorValue))
            period = rng.choice(active)
            await self.writer.add(
                light_row(
                    Feedback,
                    id=self.writer.next_id(Feedback),
                    plan_id=plan.id,
                    author_id=plan.rater.id,
                    target=FeedbackTarget.BEHAVIOR,
                    behavior_value=value,
                    period_id=period.id,
                    text=BEHAVIOR_FEEDBACK[value],
                    created_at=self._at(period.end),
                )
            )


# An RHK names a state ("Tersusunnya dokumen ..."); its rencana aksi names the deed.
_DEEDS = (
    ("Terlaksananya ", "Melaksanakan "),
    ("Terselenggaranya ", "Menyelenggarakan "),
    ("Tersusunnya ", "Menyusun "),
    ("Terkelolanya ", "Mengelola "),
    ("Tersedianya ", "Menyediakan "),
    ("Terkoordinasinya ", "Mengoordinasikan "),
    ("Terjaganya ", "Menjaga "),
    ("Terjaminnya ", "Menjamin "),
    ("Terbangunnya ", "Membangun "),
    ("Tersebarnya ", "Menyebarluaskan "),
    ("Terpenuhinya ", "Memenuhi "),
    ("Tertindaklanjutinya ", "Menindaklanjuti "),
    ("Meningkatnya ", "Melaksanakan program peningkatan "),
    ("Menurunnya ", "Melaksanakan upaya penurunan "),
)


def action_for(rhk: str) -> str:
    """A rencana aksi for an RHK without written ones: its state turned into a deed."""
    for state, deed in _DEEDS:
        if rhk.startswith(state):
            return deed + rhk[len(state) :]
    return f"Melaksanakan kegiatan untuk mencapai: {rhk[0].lower()}{rhk[1:]}"


def _value(ind: IndicatorRec, period: PeriodRec, factor: float) -> Decimal:
    """A realisasi for one period at ``factor`` (1.0 = exactly on track)."""
    goal, template = ind.goal, ind.template
    if template.cumulative:
        # The share due by the end of this period minus the share due before it, so small
        # annual targets (4 laporan a year) land in the right months instead of as 0.33.
        end_month = period.end.month
        start_month = period.start.month - 1
        number = round(goal * end_month / 12 * factor) - round(goal * start_month / 12 * factor)
        return Decimal(max(0, number)).quantize(PLACES)
    level = goal * (2 - factor) if template.lower else goal * factor
    if template.unit == "%":
        level = min(100.0, level)
    return Decimal(str(round(max(0.0, level), 2))).quantize(PLACES)


def plans_with_activity(plans: list[PlanRec]) -> list[PlanRec]:
    """Approved plans, those a mutasi ended too."""
    return [p for p in plans if p.status == PlanStatus.APPROVED]
