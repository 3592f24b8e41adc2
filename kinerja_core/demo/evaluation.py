"""Demo penilaian: organisation predikat per unit, FINAL periodic evaluations, two appeals.

Raters do not all keep up: some units are evaluated every closed period, some only the last
two, some not yet. Within a unit the predikat follow the kurva of its organisation predikat
(best performers first); ratings are chosen for each target predikat and the predikat stored
is always :func:`~kinerja_core.domain.predikat.derive_predikat` of them. A unit head's hasil
kerja follows the unit's organisation predikat, as the evaluation service defaults it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kinerja_core.demo.monitoring import PeriodRec
from kinerja_core.demo.org import City, EmployeeNode, UnitNode
from kinerja_core.demo.plans import PlanRec
from kinerja_core.demo.texts_staff import APPEAL_DECISION_NOTE, APPEAL_REASONS, EVALUATION_NOTES
from kinerja_core.demo.writer import BulkWriter
from kinerja_core.domain import records
from kinerja_core.domain.angka_kredit import angka_kredit
from kinerja_core.domain.enums import (
    AppealDecision,
    AppealStatus,
    EvaluationKind,
    EvaluationStatus,
    OrgPredikat,
    PeriodStatus,
    PositionType,
    Predikat,
    Rating,
)
from kinerja_core.domain.kurva import check_distribution
from kinerja_core.domain.periods import months_in_span
from kinerja_core.domain.predikat import derive_predikat
from kinerja_core.models import Appeal, Evaluation, OrganizationRating
from kinerja_core.services.evaluation import ORG_TO_RESULT
from kinerja_core.services.organization_rating import finding_json

ATAS, SESUAI, BAWAH = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)
# Rating pairs (hasil kerja, perilaku) that give each predikat, with how often raters use them.
PAIRS: dict[Predikat, tuple[tuple[tuple[Rating, Rating], float], ...]] = {
    Predikat.SANGAT_BAIK: (((ATAS, ATAS), 1.0),),
    Predikat.BAIK: (((SESUAI, SESUAI), 0.7), ((ATAS, SESUAI), 0.15), ((SESUAI, ATAS), 0.15)),
    Predikat.BUTUH_PERBAIKAN: (((BAWAH, SESUAI), 0.85), ((BAWAH, ATAS), 0.15)),
    Predikat.KURANG: (((SESUAI, BAWAH), 0.7), ((ATAS, BAWAH), 0.3)),
    Predikat.SANGAT_KURANG: (((BAWAH, BAWAH), 1.0),),
}
ZERO = Decimal("0.000")  # angka kredit of a month whose 15th the SKP does not cover
UNIT_HABITS = (("all", 0.3), ("recent", 0.45), ("none", 0.25))
ORG_RATINGS = (
    (OrgPredikat.ISTIMEWA, 0.15),
    (OrgPredikat.BAIK, 0.78),
    (OrgPredikat.BUTUH_PERBAIKAN, 0.07),
)


@dataclass(eq=False)
class EvaluationRec:
    """An evaluation to write; ``appeal`` holds the keberatan filed against it, if any."""

    id: int
    plan: PlanRec
    period: PeriodRec
    result: Rating
    behavior: Rating
    predikat: Predikat
    finalized_at: dt.datetime
    findings: list[dict[str, Any]] = field(default_factory=list)
    appeal: dict[str, Any] | None = None
    draft: bool = False  # left DRAFT for the unit kurva step (``demo.unit_step``)


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights)[0]


def target_counts(org: OrgPredikat, n: int) -> Counter[Predikat]:
    """How many of ``n`` (5 or more) staff get each predikat so the unit respects its kurva."""
    counts: Counter[Predikat] = Counter()
    if org == OrgPredikat.ISTIMEWA:
        counts[Predikat.SANGAT_BAIK] = round(0.3 * n)
        counts[Predikat.BUTUH_PERBAIKAN] = 1 if n >= 8 else 0
    elif org == OrgPredikat.BUTUH_PERBAIKAN:
        counts[Predikat.BUTUH_PERBAIKAN] = math.ceil(0.6 * n)
    else:
        counts[Predikat.BUTUH_PERBAIKAN] = max(1, round(0.1 * n))
        counts[Predikat.SANGAT_BAIK] = round(0.1 * n)
        baik = n - counts[Predikat.BUTUH_PERBAIKAN] - counts[Predikat.SANGAT_BAIK]
        counts[Predikat.SANGAT_BAIK] += max(0, baik - math.floor(0.7 * n))
    counts[Predikat.BAIK] = n - sum(counts.values())
    return counts


def small_unit_predikat(org: OrgPredikat, performance: float) -> Predikat:
    """Under 5 people the kurva's shares cannot be met; raters judge each on their merits
    (the evaluation keeps the kurva finding, as the service does in WARN mode)."""
    if performance >= (1.05 if org == OrgPredikat.ISTIMEWA else 1.12):
        return Predikat.SANGAT_BAIK
    if performance <= (0.95 if org == OrgPredikat.BUTUH_PERBAIKAN else 0.86):
        return Predikat.BUTUH_PERBAIKAN
    return Predikat.BAIK


class EvaluationBuilder:
    """Organisation predikat and FINAL periodic evaluations per unit and period, appeals."""

    def __init__(
        self,
        rng: random.Random,
        writer: BulkWriter,
        now: dt.datetime,
        rounding: str,
        central_admin: EmployeeNode,
        always: set[int],
    ) -> None:
        self.rng = rng
        self.writer = writer
        self.now = now
        self.rounding = rounding
        self.central_admin = central_admin
        self.always = always  # units evaluated every period (a demo persona works there)
        self.org_ratings: list[OrganizationRating] = []
        self.evaluations: list[EvaluationRec] = []
        # one unit and period whose evaluations are written as drafts and then finalised
        # through the unit step, by the head one level up: (unit, period, head, moment)
        self.unit_step: tuple[UnitNode, PeriodRec, EmployeeNode, dt.datetime] | None = None
        self._best_step: tuple | None = None

    def _at(self, day: dt.date, days: int) -> dt.datetime:
        moment = dt.datetime.combine(
            day + dt.timedelta(days=days),
            dt.time(self.rng.randint(1, 9), self.rng.randint(0, 59)),
            dt.UTC,
        )
        return min(moment, self.now)

    def build(self, city: City, plans: list[PlanRec], periods: dict[int, list[PeriodRec]]) -> None:
        by_unit: dict[int, list[PlanRec]] = defaultdict(list)
        unratable: set[int] = set()  # units with an approved SKP that has no rater
        for plan in plans:
            if plan.evaluable:
                by_unit[plan.position.unit.id].append(plan)
            elif plan.status == "APPROVED":
                unratable.add(plan.position.unit.id)
        for agency in city.agencies:
            started = [p for p in periods[agency.id] if p.status != PeriodStatus.UPCOMING]
            closed = [p for p in started if p.status == PeriodStatus.CLOSED]
            evaluable = closed or started[-1:]  # in the first period only the open one
            for unit in agency.units:
                habit = "all" if unit.id in self.always else _weighted(self.rng, UNIT_HABITS)
                if habit == "none" or not by_unit.get(unit.id):
                    continue
                base = _weighted(self.rng, ORG_RATINGS)
                for period in evaluable if habit == "all" else evaluable[-2:]:
                    members = [
                        p
                        for p in by_unit[unit.id]
                        if p.start <= period.end and p.end >= period.start
                    ]
                    if members:
                        org = base if self.rng.random() < 0.85 else _weighted(self.rng, ORG_RATINGS)
                        rows = self._unit_period(unit, period, org, members)
                        if period is evaluable[-1] and unit.id not in unratable:
                            self._pick_unit_step(unit, period, org, rows)
        self._mark_unit_step()

    def _pick_unit_step(
        self, unit: UnitNode, period: PeriodRec, org: OrgPredikat, rows: list[EvaluationRec]
    ) -> None:
        """Candidates for the unit step: a unit with a head above it, in its latest period;
        the largest one within its kurva wins (``_mark_unit_step``)."""
        parent = unit.parent
        head = parent.head.current_holder() if parent and parent.head else None
        if head is None or len(rows) < 2 or any(r.plan.employee is head for r in rows):
            return
        within = not check_distribution(org, [r.predikat for r in rows], self.rounding)
        score = (within, len(rows), -unit.id)
        if self._best_step is None or score > self._best_step[0]:
            self._best_step = (score, unit, period, head, rows)

    def _mark_unit_step(self) -> None:
        """Leave the chosen unit's evaluations of that period in DRAFT for the unit step."""
        if self._best_step is None:
            return
        _, unit, period, head, rows = self._best_step
        for row in rows:
            row.draft = True
            row.findings = []
        self.unit_step = (unit, period, head, max(r.finalized_at for r in rows))

    def _unit_period(
        self, unit: UnitNode, period: PeriodRec, org: OrgPredikat, members: list[PlanRec]
    ) -> list[EvaluationRec]:
        rng = self.rng
        parent_head = (
            unit.parent.head.current_holder() if unit.parent and unit.parent.head else None
        )
        self.org_ratings.append(
            OrganizationRating(
                id=self.writer.next_id(OrganizationRating),
                unit_id=unit.id,
                period_id=period.id,
                year=period.start.year,
                rating=org,
                set_by_id=(parent_head or self.central_admin).id,
                created_at=self._at(period.end, rng.randint(1, 3)),
            )
        )
        heads = [p for p in members if p.position.is_unit_head]
        scored = sorted(
            (
                (p.employee.performance + rng.gauss(0, 0.03), p)
                for p in members
                if not p.position.is_unit_head
            ),
            key=lambda item: -item[0],
        )
        chosen: list[tuple[PlanRec, Rating, Rating]] = []
        counts = target_counts(org, len(members)) if len(members) >= 5 else None
        for plan in heads:
            result = ORG_TO_RESULT[org]
            behavior = _weighted(rng, ((ATAS, 0.25), (SESUAI, 0.73), (BAWAH, 0.02)))
            predikat = derive_predikat(result, behavior)
            if counts is not None:
                spent = predikat if counts[predikat] > 0 else max(counts, key=counts.__getitem__)
                counts[spent] -= 1
            chosen.append((plan, result, behavior))
        if counts is None:
            targets = [small_unit_predikat(org, score) for score, _ in scored]
        else:
            order = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN)
            targets = [p for p in order for _ in range(max(0, counts[p]))]
            targets += [Predikat.BAIK] * (len(scored) - len(targets))
        for (_, plan), target in zip(scored, targets, strict=False):
            if target == Predikat.BUTUH_PERBAIKAN:
                roll = rng.random()
                if roll < 0.06:  # poor conduct rather than poor results
                    target = Predikat.SANGAT_KURANG if roll < 0.01 else Predikat.KURANG
            result, behavior = _weighted(rng, PAIRS[target])
            chosen.append((plan, result, behavior))
        rows = []
        for plan, result, behavior in chosen:
            row = EvaluationRec(
                id=self.writer.next_id(Evaluation),
                plan=plan,
                period=period,
                result=result,
                behavior=behavior,
                predikat=derive_predikat(result, behavior),
                finalized_at=self._at(period.end, rng.randint(3, 12)),
            )
            rows.append(row)
        # The finding the last finalisation saw: the unit's whole distribution.
        last = max(rows, key=lambda r: (r.finalized_at, r.id))
        findings = check_distribution(org, [r.predikat for r in rows], self.rounding)
        last.findings = [finding_json(f) for f in findings]
        self.evaluations.extend(rows)
        return rows

    def add_appeals(self, prefer_agency: int, reserved: set[int]) -> list[EvaluationRec]:
        """Two keberatan on recent evaluations: one decided (ratings changed), one waiting."""
        latest = max((r.period.end for r in self.evaluations), default=None)
        pool = [
            r
            for r in self.evaluations
            if r.period.end == latest
            and not r.draft
            and r.plan.rater_superior is not None
            and r.plan.employee.id not in reserved
        ]
        pool.sort(
            key=lambda r: (
                r.plan.employee.agency.id != prefer_agency,
                r.predikat != Predikat.BUTUH_PERBAIKAN,
                r.id,
            )
        )
        chosen: list[EvaluationRec] = []
        for row in pool:
            if all(row.plan.employee is not c.plan.employee for c in chosen):
                chosen.append(row)
            if len(chosen) == 2:
                break
        for number, row in enumerate(chosen):
            filed = min(row.finalized_at + dt.timedelta(days=2), self.now)
            row.appeal = {
                "reason": APPEAL_REASONS[number],
                "filed": filed,
                "original": (row.result, row.behavior),
            }
            if number == 0:
                row.appeal["decided"] = min(filed + dt.timedelta(days=4), self.now)
                row.appeal["by"] = row.plan.rater_superior
                row.result = Rating.SESUAI_EKSPEKTASI if row.result == BAWAH else ATAS
                row.predikat = derive_predikat(row.result, row.behavior)
        return chosen

    async def write(self) -> None:
        for rating in self.org_ratings:
            await self.writer.add(rating)
        for row in self.evaluations:
            plan, period = row.plan, row.period
            position = plan.position
            credit = None
            if position.type == PositionType.FUNGSIONAL and position.level:
                # as services.evaluation.credit_points: the months of the period the SKP covers
                months = months_in_span(max(plan.start, period.start), min(plan.end, period.end))
                credit = angka_kredit(row.predikat, position.level, months) if months else ZERO
            note = EVALUATION_NOTES.get(str(row.predikat), "")
            if row.draft:  # finalised later through the service (demo.unit_step)
                await self.writer.add(
                    Evaluation(
                        id=row.id,
                        plan_id=plan.id,
                        kind=EvaluationKind.PERIODIC,
                        period_id=period.id,
                        year=period.start.year,
                        rater_id=plan.rater.id if plan.rater else None,
                        result_rating=row.result,
                        behavior_rating=row.behavior,
                        predikat=row.predikat,
                        note=note,
                        status=EvaluationStatus.DRAFT,
                        kurva_findings=[],
                        created_at=row.finalized_at - dt.timedelta(hours=2),
                        version=1,
                    )
                )
                continue
            await self.writer.add(
                Evaluation(
                    id=row.id,
                    plan_id=plan.id,
                    kind=EvaluationKind.PERIODIC,
                    period_id=period.id,
                    year=period.start.year,
                    rater_id=plan.rater.id if plan.rater else None,
                    result_rating=row.result,
                    behavior_rating=row.behavior,
                    predikat=row.predikat,
                    note=note,
                    status=EvaluationStatus.FINAL,
                    finalized_at=row.finalized_at,
                    snapshot=evaluation_snapshot(row),
                    credit_points=credit,
                    kurva_findings=row.findings,
                    created_at=row.finalized_at - dt.timedelta(hours=2),
                    version=3 if row.appeal and "decided" in row.appeal else 2,
                )
            )
            if row.appeal is not None:
                await self._appeal(row)

    async def _appeal(self, row: EvaluationRec) -> None:
        appeal = row.appeal
        assert appeal is not None
        decided = "decided" in appeal
        original_result, original_behavior = appeal["original"]
        await self.writer.add(
            Appeal(
                id=self.writer.next_id(Appeal),
                evaluation_id=row.id,
                reason=appeal["reason"],
                status=AppealStatus.DECIDED if decided else AppealStatus.FILED,
                decided_by_id=appeal["by"].id if decided else None,
                decided_at=appeal.get("decided"),
                decision=AppealDecision.CHANGE if decided else None,
                decision_note=APPEAL_DECISION_NOTE if decided else "",
                original_result_rating=original_result,
                original_behavior_rating=original_behavior,
                created_at=appeal["filed"],
            )
        )


def evaluation_snapshot(row: EvaluationRec) -> dict[str, Any]:
    """What ``services.evaluation`` freezes when finalising, built by the same function."""
    plan, period = row.plan, row.period
    position = plan.position
    assert plan.rater is not None
    return records.evaluation_identity(
        kind=EvaluationKind.PERIODIC,
        year=period.start.year,
        employee=plan.employee,
        position=position,
        unit=position.unit,
        agency=position.unit.agency,
        rater=plan.rater,
        rater_position=plan.rater_position,
        period=records.period_record(
            id=period.id,
            kind=period.kind,
            number=period.number,
            start=period.start,
            end=period.end,
            label=period.label,
            label_en=period.label_en,
        ),
        result_rating=row.result,
        behavior_rating=row.behavior,
        predikat=row.predikat,
    )
