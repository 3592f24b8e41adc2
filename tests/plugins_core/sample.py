"""Sample plugin for the core's plugin tests: clinic visits against targets, per agency."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from strawberry.types import Info

from kinerja_core.api import (
    Agency,
    Choice,
    ConfigField,
    ConfigType,
    GraphQL,
    IndicatorType,
    Models,
    ParameterKind,
    ParameterSpec,
    RecordRef,
    ValidationFailed,
    events,
    hookimpl,
    mutate,
    plugin_config,
    ratio,
    require_plugin_enabled,
    result_union,
)
from tests.plugins_core.sample_models import SampleVisit

KINERJA_CORE_VERSION = ">=0.1,<1"
__version__ = "1.2.3"

EVENTS: list[tuple[str, dict[str, Any]]] = []
CLINICS = [Choice("K1", "Klinik Satu"), Choice("K2", "Klinik Dua")]


async def clinics(agency_id: int) -> list[Choice]:
    return CLINICS


async def visit_ratio(scope, period):
    rows = await SampleVisit.filter(
        agency_id=scope.agency_id,
        clinic=scope.parameters["clinic"],
        month__gte=dt.date(period.year, 1, 1),
        month__lte=period.end,
    ).order_by("month")
    return ratio(
        sum(r.visits for r in rows),
        sum(r.target for r in rows),
        records=[RecordRef("SampleVisit", str(r.id), r.month.isoformat()) for r in rows],
    )


VISIT_RATIO = IndicatorType(
    code="sample.visit_ratio",
    name="Visit ratio",
    definition="Visits / target visits x 100, year to date.",
    compute=visit_ratio,
    numerator_label="Visits",
    denominator_label="Target visits",
    cumulative=True,
    parameters=(ParameterSpec("clinic", "Clinic", ParameterKind.CHOICE, choices=clinics),),
)


@strawberry.type(name="SampleVisit", description="Visits to a clinic in a month.")
class SampleVisitRow:
    clinic: str = strawberry.field(description="Clinic code.")
    month: dt.date = strawberry.field(description="First day of the month.")
    visits: int = strawberry.field(description="Visits.")
    target: int = strawberry.field(description="Target.")


SampleRecordVisitResult = result_union("SampleRecordVisitResult", SampleVisitRow)


def _row(r: SampleVisit) -> SampleVisitRow:
    return SampleVisitRow(clinic=r.clinic, month=r.month, visits=r.visits, target=r.target)


@strawberry.type
class SampleQuery:
    @strawberry.field(description="Visits recorded for an agency.")
    async def sample_visits(
        self, info: Info, agency_id: strawberry.ID
    ) -> list[SampleVisitRow] | None:
        await require_plugin_enabled(info, "sample", int(agency_id))
        rows = await SampleVisit.filter(agency_id=int(agency_id)).order_by("month", "id")
        return [_row(r) for r in rows]

    @strawberry.field(description="Fails on purpose.")
    async def sample_broken(self, info: Info) -> int | None:
        raise RuntimeError("sample exploded")


@strawberry.type
class SampleMutation:
    @strawberry.mutation(description="Record visits of a clinic for a month.")
    async def sample_record_visit(
        self,
        info: Info,
        agency_id: strawberry.ID,
        clinic: str,
        month: dt.date,
        visits: int,
        target: int,
    ) -> SampleRecordVisitResult:
        async def run() -> SampleVisitRow:
            await require_plugin_enabled(info, "sample", int(agency_id))
            limit = (await plugin_config(info, "sample", int(agency_id)))["threshold"]
            if visits > limit * 1000:
                raise ValidationFailed("required", field="visits")
            row = await SampleVisit.create(
                agency_id=int(agency_id), clinic=clinic, month=month, visits=visits, target=target
            )
            return _row(row)

        return await mutate(info, run)


async def _counts(agency_ids: list[int]) -> list[int]:
    counts: dict[int, int] = defaultdict(int)
    for row in await SampleVisit.filter(agency_id__in=list(agency_ids)):
        counts[row.agency_id] += row.visits
    return [counts[i] for i in agency_ids]


@strawberry.type(description="Sample fields of Agency.")
class SampleAgencyFields:
    @strawberry.field(description="Visits recorded for the agency.")
    async def sample_visit_count(self, info: Info) -> int | None:
        await require_plugin_enabled(info, "sample", self.row.id)
        return await info.context.loaders.custom("sample.visits", _counts).load(self.row.id)


async def _sees_visits(viewer, event) -> bool:
    """Who is told of an agency's visits: its own staff and who sees the agency."""
    agency_id = event.id_of("agency_id")
    return agency_id is not None and (
        viewer.agency_id == agency_id or viewer.sees_agency(agency_id)
    )


@strawberry.type
class SampleSubscription:
    @strawberry.subscription(description="Visits of an agency, as they are recorded.")
    async def sample_visit_recorded(
        self, info: Info, agency_id: strawberry.ID
    ) -> AsyncGenerator[SampleVisitRow, None]:
        agency = int(agency_id)
        await require_plugin_enabled(info, "sample", agency)

        async def visible(viewer, event) -> bool:
            return event.id_of("agency_id") == agency and await _sees_visits(viewer, event)

        async def to_row(event):
            row = await event.load(SampleVisit, event.id_of("visit_id"))
            return None if row is None else _row(row)

        return events(info, "sample_visit_recorded", visible=visible).map(to_row)


@hookimpl
def kinerja_register_indicators():
    return VISIT_RATIO  # one contribution alone is fine too


@hookimpl
def kinerja_register_models():
    return Models(app="sample", models="tests.plugins_core.sample_models")


@hookimpl
async def kinerja_register_graphql():  # async on purpose: start-up awaits it
    return GraphQL(
        query=SampleQuery,
        mutation=SampleMutation,
        subscription=SampleSubscription,
        types=[SampleVisitRow],
        extends={"Agency": SampleAgencyFields},
    )


@hookimpl
def kinerja_config_schema():
    return [
        ConfigField("threshold", ConfigType.INTEGER, 5, "Visits per target, x1000."),
        ConfigField("api_key", description="Key of the clinic system.", secret=True),
        ConfigField(
            "mode", ConfigType.CHOICE, "strict", "How strict.", choices=("strict", "lenient")
        ),
    ]


@hookimpl
async def kinerja_on_event(event):
    EVENTS.append((event.name, dict(event.payload)))


@hookimpl
async def kinerja_authenticate(request):
    return request.headers.get("x-sample-sso") or None


@hookimpl
async def kinerja_demo_data(ctx, rng):
    agency = await Agency.get(code="DINKES")
    await SampleVisit.create(
        agency=agency, clinic="K1", month=dt.date(2026, 1, 1), visits=rng.randint(1, 9), target=10
    )
