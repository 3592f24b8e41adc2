"""Demo penilaian: organisation predikat per unit, FINAL periodic evaluations, two appeals.

Raters do not all keep up: some units are evaluated every closed period, some only the last
two, some not yet. Within a unit the predikat follow the kurva of its organisation predikat
(best performers first); ratings are chosen for each target predikat and the predikat stored
is always :func:`~kinerja_core.domain.predikat.derive_predikat` of them. A unit head's hasil
kerja follows the unit's organisation predikat, as the evaluation service defaults it.

What is chosen here is who gets which ratings and when; every value derived from that is
built by the services' own functions and written in bulk: the draft and its predikat
(``services.evaluation.new_evaluation``), the finalisation with its snapshot, angka kredit
and kurva findings (``frozen``, ``snapshot_record``, ``services.kurva.findings_as_stored``),
the organisation predikat (``services.kurva.new_organization_rating``), the keberatan
(``services.appeals.new_appeal``, ``decided``, ``changed_by_appeal``) and the audit entry of
each of these decisions (``services.audit.entry``). The employee moved mid-year gets the
annual evaluation of both SKP once ``services.evaluation.annual_open`` allows it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from kinerja_core.demo.monitoring import PeriodRec
from kinerja_core.demo.org import City, EmployeeNode, UnitNode
from kinerja_core.demo.plans import PlanRec
from kinerja_core.demo.texts_staff import APPEAL_DECISION_NOTE, APPEAL_REASONS, EVALUATION_NOTES
from kinerja_core.demo.writer import BulkWriter
from kinerja_core.domain.enums import AppealDecision, OrgPredikat, PeriodStatus, Predikat, Rating
from kinerja_core.domain.kurva import unit_distribution
from kinerja_core.domain.predikat import derive_predikat
from kinerja_core.models import Appeal, Evaluation, OrganizationRating
from kinerja_core.services import appeals as appeal_service
from kinerja_core.services import audit, kurva
from kinerja_core.services import evaluation as evaluation_service
from kinerja_core.services.evaluation import ORG_TO_RESULT
from kinerja_core.services.kurva import new_organization_rating

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
    period: PeriodRec | None  # None: the annual evaluation
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
        # each unit and period (or year) as the kurva sees it: (org, rows, missing)
        self.groups: list[tuple[OrgPredikat | None, list[EvaluationRec], int]] = []
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
        approved: dict[int, list[PlanRec]] = defaultdict(list)  # what the kurva expects rated
        unratable: set[int] = set()  # units with an approved SKP that has no rater
        for plan in plans:
            if plan.status == "APPROVED":
                approved[plan.position.unit.id].append(plan)
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
                        unrated = {
                            p.employee.id
                            for p in approved[unit.id]
                            if p.start <= period.end and p.end >= period.start
                        } - {r.plan.employee.id for r in rows}
                        self.groups.append((org, rows, len(unrated)))
                        if period is evaluable[-1] and unit.id not in unratable:
                            self._pick_unit_step(unit, period, org, rows)
        self._mark_unit_step()
        self._annual_after_mutasi(plans, periods)

    def _annual_after_mutasi(
        self, plans: list[PlanRec], periods: dict[int, list[PeriodRec]]
    ) -> None:
        """The annual evaluation of both SKP of an employee moved this year, once the
        evaluation service allows it (``annual_open``), so ``employeeYear`` has a yearly
        predikat and shows which SKP and rule gave it."""
        today = evaluation_service.local(self.now).date()
        moved = {p.employee.id for p in plans if p.ended is not None}
        for plan in plans:
            if plan.employee.id not in moved or not plan.evaluable:
                continue
            last = periods[plan.position.agency.id][-1]
            if not evaluation_service.annual_open(last.start.year, today, last.status):
                continue
            target = small_unit_predikat(OrgPredikat.BAIK, plan.employee.performance)
            result, behavior = _weighted(self.rng, PAIRS[target])
            row = self._rec(plan, None, result, behavior, self._at(today, 0))
            self.evaluations.append(row)
            self.groups.append((None, [row], 0))  # no organisation predikat for the year

    def _pick_unit_step(
        self, unit: UnitNode, period: PeriodRec, org: OrgPredikat, rows: list[EvaluationRec]
    ) -> None:
        """Candidates for the unit step: a unit with a head above it, in its latest period;
        the largest one within its kurva wins (``_mark_unit_step``)."""
        parent = unit.parent
        head = parent.head.current_holder() if parent and parent.head else None
        if head is None or len(rows) < 2 or any(r.plan.employee is head for r in rows):
            return
        predikats = {r.plan.employee.id: r.predikat for r in rows}
        within = not unit_distribution(org, predikats, rounding=self.rounding).findings
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
        set_by = parent_head or self.central_admin
        rating = new_organization_rating(unit.id, period.id, period.start.year, org, set_by.id)
        rating.id = self.writer.next_id(OrganizationRating)
        rating.created_at = self._at(period.end, rng.randint(1, 3))
        self.org_ratings.append(rating)
        after = audit.snapshot(rating)
        self.writer.audit(
            set_by, "organization_rating.create", rating, None, after, rating.created_at
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
        rows = [
            self._rec(plan, period, result, behavior, self._at(period.end, rng.randint(3, 12)))
            for plan, result, behavior in chosen
        ]
        self.evaluations.extend(rows)
        return rows

    def _rec(
        self,
        plan: PlanRec,
        period: PeriodRec | None,
        result: Rating,
        behavior: Rating,
        finalized_at: dt.datetime,
    ) -> EvaluationRec:
        predikat = derive_predikat(result, behavior)
        row_id = self.writer.next_id(Evaluation)
        return EvaluationRec(row_id, plan, period, result, behavior, predikat, finalized_at)

    def add_appeals(self, prefer_agency: int, reserved: set[int]) -> list[EvaluationRec]:
        """Two keberatan on recent evaluations: one decided (ratings changed), one waiting."""
        periodic = [r for r in self.evaluations if r.period is not None]
        latest = max((r.period.end for r in periodic if r.period), default=None)
        pool = [
            r
            for r in periodic
            if r.period
            and r.period.end == latest
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

    def _store_findings(self) -> None:
        """The kurva findings each FINAL evaluation keeps, as the evaluation service stores
        them (``kurva.findings_as_stored``): every unit was rated first, then finalised one by
        one in WARN mode, so each finding describes the unit's whole distribution with those
        still pending; after a keberatan changed a predikat, the re-check rewrote them all on
        the final distribution."""
        for org, rows, missing in self.groups:
            final = sorted((r for r in rows if not r.draft), key=lambda r: (r.finalized_at, r.id))
            if not final:
                continue  # the unit step stores its own
            dist = unit_distribution(
                org, {r.plan.employee.id: r.predikat for r in rows}, (), missing, self.rounding
            )
            rechecked = any(r.appeal and "decided" in r.appeal for r in rows)
            keys = [r.plan.employee.id for r in final]
            for number, row in enumerate(final, start=1):
                done = keys if rechecked else keys[:number]
                row.findings = kurva.findings_as_stored(dist, done)

    async def write(self) -> None:
        for rating in self.org_ratings:
            await self.writer.add(rating)
        self._store_findings()
        for row in self.evaluations:
            await self._write(row)

    async def _write(self, rec: EvaluationRec) -> None:
        """One evaluation through the evaluation service's steps: drafted, finalised (its
        snapshot, angka kredit and kurva findings), and a keberatan filed and decided."""
        plan, period = rec.plan, rec.period
        assert plan.row is not None and plan.rater is not None
        period_row = period.row if period else None
        result, behavior = rec.appeal["original"] if rec.appeal else (rec.result, rec.behavior)
        row = evaluation_service.new_evaluation(
            plan.row,
            period.id if period else None,
            plan.rater.id,
            result,
            behavior,
            EVALUATION_NOTES.get(str(derive_predikat(result, behavior)), ""),
        )
        row.id, row.created_at = rec.id, rec.finalized_at - dt.timedelta(hours=2)
        if rec.draft:  # finalised later through the service (demo.unit_step)
            row.kurva_findings = []
            await self.writer.add(row)
            return
        snapshot = evaluation_service.snapshot_record(
            row,
            employee=plan.employee,
            position=plan.position,
            unit=plan.position.unit,
            agency=plan.position.unit.agency,
            rater=plan.rater,
            rater_position=plan.rater_position,
            period=period_row,
        )
        evaluation_service.frozen(
            row, plan.row, plan.position, period_row, snapshot, rec.findings, rec.finalized_at
        )
        row.version = 2  # created, then finalised
        # No ``evaluation.finalize`` audit entry per row: with its two copies of the snapshot
        # it would add about 17 MB to the 2,000-employee city (+45 %); the demo.load entry
        # covers them (docs/plugins-api-notes.md). The unit step's are the service's own.
        appeal = self._appeal(rec, row, period_row) if rec.appeal else None
        await self.writer.add(row)
        if appeal is not None:
            await self.writer.add(appeal)

    def _appeal(self, rec: EvaluationRec, row: Evaluation, period: Any) -> Appeal:
        """The keberatan as ``services.appeals`` files and decides it (a CHANGE)."""
        plan, appeal = rec.plan, rec.appeal
        assert appeal is not None and plan.row is not None
        filed = appeal_service.new_appeal(row, appeal["reason"])
        filed.id, filed.created_at = self.writer.next_id(Appeal), appeal["filed"]
        self.writer.audit(
            plan.employee, "appeal.file", filed, None, audit.snapshot(filed), appeal["filed"]
        )
        if "decided" in appeal:
            by, moment = appeal["by"], appeal["decided"]
            before = audit.snapshot(filed)
            note = APPEAL_DECISION_NOTE
            appeal_service.decided(filed, AppealDecision.CHANGE, note, by.id, moment)
            self.writer.audit(by, "appeal.decide", filed, before, audit.snapshot(filed), moment)
            before = audit.snapshot(row)
            appeal_service.changed_by_appeal(
                row, plan.row, plan.position, period, rec.result, rec.behavior
            )
            row.version += 1
            after = audit.snapshot(row)
            self.writer.audit(by, "evaluation.change_by_appeal", row, before, after, moment)
        return filed
