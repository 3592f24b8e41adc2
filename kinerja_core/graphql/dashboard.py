"""Dashboards: my dashboard, the team view for supervisors, the agency dashboard for heads."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import PlanStatus, Predikat
from kinerja_core.errors import ValidationFailed
from kinerja_core.graphql.errors import query
from kinerja_core.graphql.pagination import (
    Connection,
    Edge,
    PageInfo,
    decode_cursor,
    encode_cursor,
    page_size,
)
from kinerja_core.graphql.types.base import converter, from_model
from kinerja_core.graphql.types.base import selected_names as _selected_names
from kinerja_core.graphql.types.evaluation import Evaluation, KurvaFinding, PredikatCount
from kinerja_core.graphql.types.org import Agency, Employee, Position, Unit
from kinerja_core.graphql.types.plans import PerformancePlan
from kinerja_core.services import dashboard, my_dashboard, team
from kinerja_core.services.inputs import parse_id

PeriodRef = Annotated["Period", strawberry.lazy("kinerja_core.graphql.types.monitoring")]  # noqa: F821


def _period(row: Any) -> Any:
    from kinerja_core.graphql.types.monitoring import Period

    return from_model(Period, row)


@strawberry.type(description="One person below the viewer, with their SKP progress.")
class TeamMember:
    """A line of the team view: plain reads of the read model (services/team.py)."""

    is_direct_report: bool = strawberry.field(description="Rated by the viewer (direct report).")
    year: int = strawberry.field(description="The year shown.")
    row: strawberry.Private[Any]
    entry: strawberry.Private[Any]

    @strawberry.field(description="The employee.")
    def employee(self) -> Employee:
        return from_model(Employee, self.row)

    @strawberry.field(description="The definitive position held today.")
    def position(self) -> Position | None:
        row = self.entry.position
        return from_model(Position, row) if row is not None else None

    @strawberry.field(description="The employee's open SKP of the year, if any.")
    def plan(self) -> PerformancePlan | None:
        row = self.entry.plan
        return from_model(PerformancePlan, row) if row is not None else None

    @strawberry.field(description="The latest final evaluation of that SKP.")
    def latest_evaluation(self) -> Evaluation | None:
        row = self.entry.latest_evaluation
        return from_model(Evaluation, row) if row is not None else None


@strawberry.type(description="Figures of one unit for a year or a period.")
class UnitSummary:
    """Plain attributes only, set by :meth:`build`: each is read by the fast execution path
    without a resolver call (issue 14: the dashboard lists every unit of the agency)."""

    employees: int = strawberry.field(description="Employees holding a position in the unit.")
    plans_approved: int = strawberry.field(description="SKP approved.")
    plans_submitted: int = strawberry.field(description="SKP waiting for the rater.")
    plans_draft: int = strawberry.field(description="SKP in draft or returned.")
    plans_with_realization: int = strawberry.field(
        description="SKP with at least one realisasi (in the period, if one is chosen)."
    )
    evaluations_done: int = strawberry.field(
        description="Final evaluations of the chosen period; without a period, the ANNUAL "
        "evaluations of the year only (see periodicEvaluationsDone, annualEvaluationsDone)."
    )
    predikat_distribution: list[PredikatCount] = strawberry.field(
        description="Final evaluations per predikat, best first."
    )
    organization_rating: str | None = strawberry.field(
        description="The unit's organisation predikat, if set (ISTIMEWA ... SANGAT_KURANG)."
    )
    kurva_findings: list[KurvaFinding] = strawberry.field(
        description="Kurva rules the distribution breaks (empty when fine or not rated)."
    )
    unit: Unit = strawberry.field(description="The unit.")
    periodic_evaluations_done: int = strawberry.field(
        description="Final PERIODIC evaluations: of the chosen period, or of every period of "
        "the year without one."
    )
    annual_evaluations_done: int = strawberry.field(
        description="Final ANNUAL evaluations of the year (also with a period)."
    )
    indicators_with_target: int = strawberry.field(
        description="IKI with a numeric target in the year's approved SKP."
    )
    indicators_measured: int = strawberry.field(
        description="Those IKI with a realisasi this year (up to today)."
    )
    indicator_achievement: Decimal | None = strawberry.field(
        description="IKI achievement year to date, percent: the mean over the measured IKI of "
        "the achievement their latest realisasi shows (realisasi against target); null if none."
    )
    plans_without_realization_in_last_closed_period: int | None = strawberry.field(
        description="Approved SKP covering the last CLOSED period of the year with no realisasi "
        "in it (see AgencyDashboard.lastClosedPeriod); null when no period is closed yet."
    )
    employees_without_plan: int = strawberry.field(
        description="People holding a definitive position in the unit today with no SKP of "
        "the year (closed SKP not counted)."
    )
    unit_row: strawberry.Private[Any]

    @classmethod
    def build(
        cls,
        figures: dashboard.UnitFigures,
        actions: dashboard.UnitActions,
        period_closed: bool,
    ) -> UnitSummary:
        status = figures.plans_by_status
        return cls(
            employees=figures.employees,
            plans_approved=status[PlanStatus.APPROVED],
            plans_submitted=status[PlanStatus.SUBMITTED],
            plans_draft=status[PlanStatus.DRAFT] + status[PlanStatus.RETURNED],
            plans_with_realization=figures.plans_with_realization,
            evaluations_done=figures.evaluations_done,
            predikat_distribution=[
                PredikatCount(predikat=p, count=figures.predikat[p]) for p in _PREDIKATS
            ],
            organization_rating=figures.organization_rating,
            kurva_findings=[KurvaFinding.from_finding(f) for f in figures.kurva_findings],
            unit=from_model(Unit, figures.unit),
            periodic_evaluations_done=actions.periodic_evaluations,
            annual_evaluations_done=actions.annual_evaluations,
            indicators_with_target=actions.indicators_with_target,
            indicators_measured=actions.indicators_measured,
            indicator_achievement=actions.achievement,
            plans_without_realization_in_last_closed_period=(
                actions.plans_without_realization if period_closed else None
            ),
            employees_without_plan=actions.employees_without_plan,
            unit_row=figures.unit,
        )


_PREDIKATS = tuple(Predikat)  # best first


@strawberry.type(description="An agency's progress for a year or a period, unit by unit.")
class AgencyDashboard:
    year: int = strawberry.field(description="The year shown.")
    units: list[UnitSummary] = strawberry.field(
        description="Every unit of the agency, in a stable order (by id): page with first and "
        "offset, unitCount is the total."
    )
    unit_count: int = strawberry.field(
        description="How many units the agency has (the total of units, for a pager)."
    )
    totals: UnitSummary = strawberry.field(description="The whole agency (unit: the top unit).")
    figures: strawberry.Private[Any]
    actions: strawberry.Private[Any] = None  # dashboard.AgencyActions

    @strawberry.field(description="The agency.")
    def agency(self) -> Agency:
        return from_model(Agency, self.figures.agency)

    @strawberry.field(
        description="The year's last CLOSED period, which plansWithoutRealizationInLastClosed"
        "Period is about; none while no period is closed."
    )
    def last_closed_period(self) -> PeriodRef | None:
        row = self.actions.last_closed_period
        return _period(row) if row else None

    def _unit(self, unit_id: strawberry.ID | None) -> int | None:
        if unit_id is None:
            return None
        key = parse_id(unit_id, "unitId")
        if all(u.unit.id != key for u in self.figures.units):
            raise ValidationFailed("dashboard.unit_mismatch", field="unitId")
        return key

    @strawberry.field(
        description="Who has no SKP of the year (see UnitSummary.employeesWithoutPlan), of one "
        "unit or the whole agency, to follow up."
    )
    async def employees_without_plan(
        self,
        info: Info,
        unit_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Employee]:
        async def run() -> Connection[Employee]:
            ids = dashboard.employees_without_plan(self.figures, self._unit(unit_id))
            return await _page_of_ids(info, ids, models.Employee, Employee, first, after)

        return await query(info, run)

    @strawberry.field(
        description="The approved SKP with no realisasi in the last closed period (see "
        "UnitSummary.plansWithoutRealizationInLastClosedPeriod), of one unit or the agency; "
        "null while no period is closed."
    )
    async def plans_without_realization_in_last_closed_period(
        self,
        info: Info,
        unit_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PerformancePlan] | None:
        async def run() -> Connection[PerformancePlan] | None:
            last = self.actions.last_closed_period
            ids = dashboard.plans_without_realization(self.figures, last, self._unit(unit_id))
            if ids is None:
                return None
            return await _page_of_ids(
                info, ids, models.PerformancePlan, PerformancePlan, first, after
            )

        return await query(info, run)

    @strawberry.field(description="The period shown; none for the whole year.")
    def period(self) -> PeriodRef | None:
        return _period(self.figures.period) if self.figures.period else None


async def _page_of_ids(
    info: Info, ids: list[int], model: Any, kind: Any, first: int | None, after: str | None
) -> Connection:
    """Keyset page (by id) of a kept, sorted id list: the total is its length, the page one
    statement (paginate_query would count again in SQL)."""
    size = page_size(info, first)
    after_id = decode_cursor("id", after)
    chunk = [i for i in ids if after_id is None or i > after_id][: size + 1]
    rows = await dashboard.rows_by_id(model, chunk[:size])
    convert = converter(kind)
    edges = [
        Edge(cursor=encode_cursor("id", i), node=convert(rows[i]))
        for i in chunk[:size]
        if i in rows
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(chunk) > size, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=len(ids),
    )


def _totals(figures: dashboard.AgencyFigures, actions: dashboard.AgencyActions) -> UnitSummary:
    root = next((u.unit for u in figures.units if u.unit.parent_id is None), figures.units[0].unit)
    total = dashboard.UnitFigures(unit=root)
    total_actions = dashboard.UnitActions()
    for u in figures.units:
        total.employees += u.employees
        total.plans_by_status.update(u.plans_by_status)
        total.plans_with_realization += u.plans_with_realization
        total.evaluations_done += u.evaluations_done
        total.predikat.update(u.predikat)
        total.kurva_findings.extend(u.kurva_findings)
        total_actions.add(actions.units[u.unit.id])
    return UnitSummary.build(total, total_actions, actions.last_closed_period is not None)


@strawberry.type(description="What a signed-in employee sees first.")
class MyDashboard:
    """Plain reads of the read model (services/my_dashboard.py)."""

    year: int = strawberry.field(description="The year shown.")
    viewer_employee: strawberry.Private[Any]
    data: strawberry.Private[Any]

    @strawberry.field(description="The signed-in employee.")
    def employee(self) -> Employee:
        return from_model(Employee, self.viewer_employee)

    @strawberry.field(description="My SKPs of the year, newest first (with progress).")
    def plans(self) -> list[PerformancePlan]:
        return [from_model(PerformancePlan, r) for r in self.data.plans]

    @strawberry.field(description="Open monitoring periods of my agency (record realisasi).")
    def open_periods(self) -> list[PeriodRef]:
        return [_period(r) for r in self.data.open_periods]

    @strawberry.field(description="SKPs I rate that wait for my approval.")
    def plans_to_review(self) -> list[PerformancePlan]:
        return [from_model(PerformancePlan, r) for r in self.data.plans_to_review]


def _my_dashboard_parts(info: Info) -> my_dashboard.Parts:
    selected = _selected_names(info)
    return my_dashboard.Parts(
        plans="plans" in selected,
        plans_to_review="plansToReview" in selected,
        open_periods="openPeriods" in selected,
        people="rater" in selected or "employee" in selected,
        progress="progress" in selected,
        evaluations="evaluations" in selected,
        current_position="currentPosition" in selected,
    )


@strawberry.type
class Query:
    @strawberry.field(description="My dashboard for a year (default: this year).")
    async def my_dashboard(self, info: Info, year: int | None = None) -> MyDashboard:
        async def run() -> MyDashboard:
            viewer = info.context.require_viewer()
            employee = viewer.employee_row  # read with the session in this request
            if employee is None:
                employee = await info.context.reader.one(models.Employee, viewer.employee_id)
            shown_year = year or info.context.service.today().year
            data = await my_dashboard.my_dashboard(
                info.context.reader, employee, shown_year, _my_dashboard_parts(info)
            )
            return MyDashboard(year=shown_year, viewer_employee=employee, data=data)

        return await query(info, run)

    @strawberry.field(description="Supervisors: the people below me and their SKP progress.")
    async def team(
        self,
        info: Info,
        year: int | None = None,
        direct_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TeamMember]:
        ctx = info.context.service
        shown_year = year or ctx.today().year

        async def run() -> Connection[TeamMember]:
            size = page_size(info, first)
            selected = _selected_names(info)
            page = await team.team_page(
                ctx,
                info.context.reader,
                year=shown_year,
                direct_only=direct_only,
                size=size,
                after_id=decode_cursor("id", after),
                parts=team.Parts(
                    position="position" in selected,
                    plan="plan" in selected or "latestEvaluation" in selected,
                    progress="progress" in selected,
                    latest_evaluation="latestEvaluation" in selected,
                    period="period" in selected,
                ),
            )
            edges = [
                Edge(
                    cursor=encode_cursor("id", e.employee.id),
                    node=TeamMember(
                        is_direct_report=e.is_direct_report,
                        year=shown_year,
                        row=e.employee,
                        entry=e,
                    ),
                )
                for e in page.entries
            ]
            return Connection(
                edges=edges,
                page_info=PageInfo(
                    has_next_page=page.has_next_page,
                    end_cursor=edges[-1].cursor if edges else None,
                ),
                total_count=page.total,
            )

        return await query(info, run)

    @strawberry.field(description="Heads and admins: an agency's progress per unit.")
    async def agency_dashboard(
        self,
        info: Info,
        agency_id: strawberry.ID,
        year: int | None = None,
        period_id: strawberry.ID | None = None,
    ) -> AgencyDashboard:
        ctx = info.context.service

        async def run() -> AgencyDashboard:
            figures = await dashboard.agency_dashboard(
                ctx, agency_id, year or ctx.today().year, period_id
            )
            # Unit.parent reads through the reader's loader: the agency's units are here
            units = info.context.reader.loaders.by_id(models.Unit)
            for figure in figures.units:
                units.prime(figure.unit.id, figure.unit)
            # the action figures come with the kept figures: plain fields from here on
            actions = await dashboard.agency_actions(ctx, figures)
            closed = actions.last_closed_period is not None
            return AgencyDashboard(
                year=figures.year,
                units=[
                    UnitSummary.build(u, actions.units[u.unit.id], closed) for u in figures.units
                ],
                unit_count=len(figures.units),
                totals=_totals(figures, actions),
                figures=figures,
                actions=actions,
            )

        return await query(info, run)
