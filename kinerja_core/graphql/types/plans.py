"""SKP types: PerformancePlan, WorkResult (RHK), Indicator (IKI), BehaviorExpectation, snapshot.

Relations resolve through the per-request DataLoaders; whoever may read a plan may read its
relations. Lists reached from elsewhere (an employee's plans, the subordinate RHK that
intervene an RHK) only show the plans the viewer may read.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.domain.enums import (
    Aspect,
    BehaviorValue,
    Intervention,
    Perspective,
    PlanAction,
    PlanApproach,
    PlanForm,
    PlanStatus,
    PositionType,
    WorkResultKind,
)
from kinerja_core.domain.numbers import trim
from kinerja_core.domain.workflow import allowed_actions
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.types.base import from_model, read_children, read_one
from kinerja_core.graphql.types.org import Agency, Employee, Position, Unit
from kinerja_core.graphql.types.org import employee_of as _employee
from kinerja_core.services.dashboard import plan_progress
from kinerja_core.services.loaders import NOT_READY, loaded

if TYPE_CHECKING:
    from kinerja_core.graphql.types.evaluation import Evaluation
    from kinerja_core.graphql.types.monitoring import ActionPlan, Feedback, Realization

PlanFormEnum = strawberry.enum(PlanForm, description="SKP form: JPT or JA/JF (cascading).")
PlanApproachEnum = strawberry.enum(
    PlanApproach, description="Numeric targets (KUANTITATIF) or narrative ones (KUALITATIF)."
)
PlanStatusEnum = strawberry.enum(
    PlanStatus, description="DRAFT -> SUBMITTED -> APPROVED, or RETURNED -> DRAFT; CLOSED."
)
PlanActionEnum = strawberry.enum(PlanAction, description="What can be done to an SKP.")
WorkResultKindEnum = strawberry.enum(WorkResultKind, description="RHK utama or tambahan.")
InterventionEnum = strawberry.enum(
    Intervention, description="How an RHK supports the superior's: a share or a support."
)
PerspectiveEnum = strawberry.enum(Perspective, description="Perspective of a JPT result.")
AspectEnum = strawberry.enum(Aspect, description="What an IKI measures: quantity, quality...")
BehaviorValueEnum = strawberry.enum(BehaviorValue, description="The seven BerAKHLAK values.")

_BEHAVIOR_ORDER = {value: index for index, value in enumerate(BehaviorValue)}


@strawberry.type(description="A person as named on an approved SKP.")
class PlanSnapshotPerson:
    nip: str = strawberry.field(description="NIP at approval.")
    name: str = strawberry.field(description="Name at approval.")
    golongan: str = strawberry.field(description="Golongan at approval.")
    pangkat: str | None = strawberry.field(description="Pangkat of that golongan.")
    position: str | None = strawberry.field(description="Position name at approval.")


@strawberry.type(description="The employee's position as it stood at approval.")
class PlanSnapshotPosition:
    name: str = strawberry.field(description="Position name.")
    type: PositionType = strawberry.field(description="JPT, ADMINISTRATOR, PENGAWAS, ...")
    level: str = strawberry.field(description="Level, e.g. PRATAMA or AHLI_PERTAMA.")


@strawberry.type(description="A unit or agency as named at approval.")
class PlanSnapshotOrg:
    code: str = strawberry.field(description="Code at approval.")
    name: str = strawberry.field(description="Name at approval.")


@strawberry.type(description="The SKP identity frozen at approval; later changes leave it.")
class PlanSnapshot:
    employee: PlanSnapshotPerson = strawberry.field(description="The employee.")
    position: PlanSnapshotPosition = strawberry.field(description="The employee's position.")
    unit: PlanSnapshotOrg = strawberry.field(description="The unit of the position.")
    agency: PlanSnapshotOrg = strawberry.field(description="The agency (OPD).")
    rater: PlanSnapshotPerson | None = strawberry.field(description="Pejabat penilai.")
    rater_superior: PlanSnapshotPerson | None = strawberry.field(
        description="Atasan pejabat penilai."
    )
    period_start: dt.date = strawberry.field(description="First day of the SKP period.")
    period_end: dt.date = strawberry.field(description="Last day of the SKP period.")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanSnapshot:
        def person(value: dict[str, Any] | None) -> PlanSnapshotPerson | None:
            return PlanSnapshotPerson(**value) if value else None

        position = data["position"]
        return cls(
            employee=PlanSnapshotPerson(**data["employee"]),
            position=PlanSnapshotPosition(
                name=position["name"], type=PositionType(position["type"]), level=position["level"]
            ),
            unit=PlanSnapshotOrg(**data["unit"]),
            agency=PlanSnapshotOrg(**data["agency"]),
            rater=person(data.get("rater")),
            rater_superior=person(data.get("rater_superior")),
            period_start=dt.date.fromisoformat(data["period_start"]),
            period_end=dt.date.fromisoformat(data["period_end"]),
        )


@strawberry.type(description="Progress of an SKP's monitoring.")
class PlanProgress:
    indicators: int = strawberry.field(description="IKI in the SKP.")
    indicators_realized: int = strawberry.field(description="IKI with at least one realisasi.")
    realizations: int = strawberry.field(description="Realisasi recorded, all periods.")
    feedback: int = strawberry.field(description="Umpan balik received.")

    @classmethod
    def of(cls, data: Any) -> PlanProgress:
        return cls(
            indicators=data.indicators,
            indicators_realized=data.indicators_realized,
            realizations=data.realizations,
            feedback=data.feedback,
        )


async def _progress_later(loader: Any, plan_id: int) -> PlanProgress:
    return PlanProgress.of(await loader.load(plan_id))


@strawberry.type(description="An SKP (Sasaran Kinerja Pegawai): one employee, position, year.")
class PerformancePlan:
    id: strawberry.ID
    year: int = strawberry.field(description="The year the SKP covers.")
    form: PlanForm = strawberry.field(description="JPT or JA_JF.")
    approach: PlanApproach = strawberry.field(description="KUANTITATIF or KUALITATIF.")
    status: PlanStatus = strawberry.field(description="Where the SKP is in its workflow.")
    period_start: dt.date = strawberry.field(description="First day covered.")
    period_end: dt.date = strawberry.field(description="Last day covered.")
    return_note: str = strawberry.field(description="The rater's note when last returned.")
    resource_support: str = strawberry.field(description="Lampiran: dukungan sumber daya.")
    accountability_scheme: str = strawberry.field(description="Lampiran: skema pertanggungjawaban.")
    consequences: str = strawberry.field(description="Lampiran: konsekuensi.")
    submitted_at: dt.datetime | None = strawberry.field(description="When last submitted.")
    approved_at: dt.datetime | None = strawberry.field(description="When approved.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Identity frozen at approval; none before.")
    def snapshot(self) -> PlanSnapshot | None:
        return PlanSnapshot.from_json(self.row.snapshot) if self.row.snapshot else None

    @strawberry.field(description="Workflow actions the status allows (who may act aside).")
    def allowed_actions(self) -> list[PlanAction]:
        return allowed_actions(PlanStatus(self.row.status))

    @strawberry.field(description="The employee whose SKP this is.")
    @reads_context
    def employee(self, info: Info) -> Employee:
        return _employee(info, self.row.employee_id)

    @strawberry.field(description="The position the SKP is for.")
    @reads_context
    def position(self, info: Info) -> Position:
        return read_one(
            info, models.Position, self.row.position_id, lambda row: from_model(Position, row)
        )

    @strawberry.field(description="The unit of the position.")
    @reads_context
    def unit(self, info: Info) -> Unit:
        return read_one(info, models.Unit, self.row.unit_id, lambda row: from_model(Unit, row))

    @strawberry.field(description="The agency (OPD).")
    @reads_context
    def agency(self, info: Info) -> Agency:
        return read_one(
            info, models.Agency, self.row.agency_id, lambda row: from_model(Agency, row)
        )

    @strawberry.field(description="Pejabat penilai: approves, returns and rates the SKP.")
    @reads_context
    def rater(self, info: Info) -> Employee | None:
        return _employee(info, self.row.rater_id)

    @strawberry.field(description="The position the rater held when the SKP was drafted.")
    @reads_context
    def rater_position(self, info: Info) -> Position | None:
        return read_one(
            info, models.Position, self.row.rater_position_id, lambda row: from_model(Position, row)
        )

    @strawberry.field(description="Atasan pejabat penilai: decides appeals.")
    @reads_context
    def rater_superior(self, info: Info) -> Employee | None:
        return _employee(info, self.row.rater_superior_id)

    @strawberry.field(description="RHK: utama first, then tambahan, each in entry order.")
    @reads_context
    def work_results(self, info: Info) -> list[WorkResult]:
        return read_children(
            info, models.WorkResult, "plan_id", self.row, _work_results, ("order", "id")
        )

    @strawberry.field(description="The rater's expectation per BerAKHLAK value (at approval).")
    @reads_context
    def behavior_expectations(self, info: Info) -> list[BehaviorExpectation]:
        return read_children(
            info, models.BehaviorExpectation, "plan_id", self.row, _behavior_expectations
        )

    @strawberry.field(description="Umpan balik of the rater on this SKP, oldest first.")
    @reads_context
    def feedback(
        self, info: Info
    ) -> list[Annotated[Feedback, strawberry.lazy("kinerja_core.graphql.types.monitoring")]]:
        from kinerja_core.graphql.types import monitoring

        return read_children(info, models.Feedback, "plan_id", self.row, monitoring.feedback_list)

    @strawberry.field(description="How far realisasi and feedback got (batched per request).")
    @reads_context
    def progress(self, info: Info) -> PlanProgress:
        # a module-level import and no closure: ~100 calls a team page (issue 14)
        loader = info.context.loaders.custom("plan_progress", plan_progress)
        data = loaded(loader, self.row.id)  # primed by the team view's read model
        if data is NOT_READY:
            return _progress_later(loader, self.row.id)  # type: ignore[return-value]
        return PlanProgress.of(data)

    @strawberry.field(description="Evaluations (penilaian): periodic in period order, then annual.")
    @reads_context
    def evaluations(
        self, info: Info
    ) -> list[Annotated[Evaluation, strawberry.lazy("kinerja_core.graphql.types.evaluation")]]:
        from kinerja_core.graphql.types import evaluation

        # at once when primed (my dashboard's read model), else the batched awaitable
        return evaluation.evaluations_of_plan_now(info, self.row)  # type: ignore[return-value]


@strawberry.type(description="An RHK (Rencana Hasil Kerja): a planned work result.")
class WorkResult:
    id: strawberry.ID
    kind: WorkResultKind = strawberry.field(description="UTAMA or TAMBAHAN.")
    description: str = strawberry.field(description="The work result.")
    intervention: Intervention | None = strawberry.field(
        description="How it supports the parent RHK: LANGSUNG or TIDAK_LANGSUNG."
    )
    perspective: Perspective | None = strawberry.field(description="JPT perspective.")
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(
        description="The SKP this RHK belongs to; none when the viewer may not read that SKP"
        " (a superior's RHK shown because the viewer's own RHK intervenes it)."
    )
    @reads_context
    def plan(self, info: Info) -> PerformancePlan | None:
        return read_one(info, models.PerformancePlan, self.row.plan_id, _plan_or_none)

    @strawberry.field(
        description="The superior's RHK this one intervenes (cascade upwards). Its own fields"
        " only, unless the viewer may read the superior's SKP."
    )
    @reads_context
    def parent(self, info: Info) -> WorkResult | None:
        reader = info.context.reader
        row = reader.cited_parent_now(self.row)
        if row is NOT_READY:

            async def later() -> WorkResult | None:
                row = await reader.cited_parent(self.row)
                return None if row is None else from_model(WorkResult, row)

            return later()  # type: ignore[return-value]
        return None if row is None else from_model(WorkResult, row)

    @strawberry.field(
        description="Subordinates' RHK that intervene this one (cascade downwards), "
        "limited to plans the viewer may read."
    )
    @reads_context
    def children(self, info: Info) -> list[WorkResult]:
        return read_children(
            info,
            models.WorkResult,
            "parent_id",
            self.row,
            _work_result_list,
            ("plan_id", "order", "id"),
        )

    @strawberry.field(description="IKI of this RHK, in entry order.")
    @reads_context
    def indicators(self, info: Info) -> list[Indicator]:
        return read_children(
            info, models.Indicator, "work_result_id", self.row, _indicators, ("order", "id")
        )

    @strawberry.field(description="Rencana aksi for this RHK, optionally of one period.")
    async def action_plans(
        self, info: Info, period_id: strawberry.ID | None = None
    ) -> list[Annotated[ActionPlan, strawberry.lazy("kinerja_core.graphql.types.monitoring")]]:
        from kinerja_core.graphql.types import monitoring

        rows = await info.context.reader.children(
            models.ActionPlan, "work_result_id", self.row, order_by=("period_id", "id")
        )
        if period_id is not None:
            rows = [r for r in rows if str(r.period_id) == str(period_id)]
        return [from_model(monitoring.ActionPlan, r) for r in rows]


@strawberry.type(description="An IKI (Indikator Kinerja Individu) with its target.")
class Indicator:
    id: strawberry.ID
    aspect: Aspect = strawberry.field(description="KUANTITAS, KUALITAS, WAKTU or BIAYA.")
    description: str = strawberry.field(description="The indicator.")
    unit: str = strawberry.field(description="Target unit: dokumen, %, bulan, orang, rupiah.")
    narrative_target: str = strawberry.field(description="Written target (KUALITATIF).")
    perspective: Perspective | None = strawberry.field(description="JPT perspective.")
    indicator_type: str = strawberry.field(
        description="`core.manual`, or the plugin indicator computing the realisasi."
    )
    parameters: JSON = strawberry.field(
        description="The indicator type's parameters (which kelurahan, which school...)."
    )
    version: int = strawberry.field(description="Pass back on update to avoid lost changes.")
    row: strawberry.Private[Any]

    @strawberry.field(description="Single target value (KUANTITATIF).")
    def target_value(self) -> Decimal | None:
        return trim(self.row.target_value)

    @strawberry.field(description="Lower end of a target range.")
    def target_min(self) -> Decimal | None:
        return trim(self.row.target_min)

    @strawberry.field(description="Upper end of a target range.")
    def target_max(self) -> Decimal | None:
        return trim(self.row.target_max)

    @strawberry.field(description="The RHK this IKI measures.")
    @reads_context
    def work_result(self, info: Info) -> WorkResult:
        return read_one(
            info,
            models.WorkResult,
            self.row.work_result_id,
            lambda row: from_model(WorkResult, row),
        )

    @strawberry.field(description="Realisasi of this IKI per period, optionally of one period.")
    @reads_context
    def realizations(
        self, info: Info, period_id: strawberry.ID | None = None
    ) -> list[Annotated[Realization, strawberry.lazy("kinerja_core.graphql.types.monitoring")]]:
        from kinerja_core.graphql.types import monitoring

        def convert(rows: list[Any]) -> list[Any]:
            if period_id is not None:
                rows = [r for r in rows if str(r.period_id) == str(period_id)]
            return [from_model(monitoring.Realization, r) for r in rows]

        # at once when a read model holds them (SKP detail), else the batched awaitable
        return read_children(
            info, models.Realization, "indicator_id", self.row, convert, ("period_id",)
        )


@strawberry.type(description="The rater's ekspektasi khusus pimpinan for one BerAKHLAK value.")
class BehaviorExpectation:
    id: strawberry.ID
    value: BehaviorValue = strawberry.field(description="The BerAKHLAK value.")
    expectation: str = strawberry.field(description="The expectation, may be empty.")


def _plan_or_none(row: Any) -> PerformancePlan | None:
    return None if row is None else from_model(PerformancePlan, row)


def _work_result_list(rows: list[Any]) -> list[WorkResult]:
    return [from_model(WorkResult, r) for r in rows]


def _work_results(rows: list[Any]) -> list[WorkResult]:
    """An SKP's RHK: utama first, then tambahan, each in the order given."""
    return _work_result_list(sorted(rows, key=lambda r: r.kind != WorkResultKind.UTAMA))


def _behavior_expectations(rows: list[Any]) -> list[BehaviorExpectation]:
    rows = sorted(rows, key=lambda r: _BEHAVIOR_ORDER[BehaviorValue(r.value)])
    return [from_model(BehaviorExpectation, r) for r in rows]


def _indicators(rows: list[Any]) -> list[Indicator]:
    return [from_model(Indicator, r) for r in rows]


async def employee_plans(info: Info, employee_id: int, year: int | None) -> list[PerformancePlan]:
    """An employee's SKPs, newest first, that the viewer may read (for ``Employee.plans``)."""
    filters = {} if year is None else {"year": year}
    rows = await info.context.reader.children(
        models.PerformancePlan, "employee_id", employee_id, order_by=("-year", "-id"), **filters
    )
    return [from_model(PerformancePlan, r) for r in rows]
