"""GraphQL of the kompetensi plugin: fields start with ``kompetensi`` (root) or are the
issue's names on the core ``Employee`` (``kompetensiDevelopmentNeeds``...), types with
``Kompetensi``. Employee data is gated by the core's employee rule, then enablement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import strawberry
from kinerja_core.api import max_items, mutate, result_union
from strawberry.types import Info

from kinerja_kompetensi import models, services
from kinerja_kompetensi.models import (
    CompetencyGroup,
    NeedSource,
    NeedStatus,
    Priority,
)

KompetensiCompetencyGroup = strawberry.enum(
    CompetencyGroup,
    name="KompetensiCompetencyGroup",
    description="Competency groups of the ASN competency standard (PermenPANRB 38/2017).",
)
KompetensiNeedSource = strawberry.enum(
    NeedSource,
    name="KompetensiNeedSource",
    description="Where a need came from: the predikat, the behaviour rating, an IKI, the employee.",
)
KompetensiNeedStatus = strawberry.enum(
    NeedStatus, name="KompetensiNeedStatus", description="Proposed, confirmed or dismissed."
)
KompetensiPriority = strawberry.enum(
    Priority, name="KompetensiPriority", description="How urgent the development is."
)


@strawberry.type(description="A competency development need of an employee for a year.")
class KompetensiNeed:
    id: strawberry.ID
    year: int
    group: CompetencyGroup = strawberry.field(description="Competency group.")
    title: str = strawberry.field(description="What is to be developed.")
    source: NeedSource = strawberry.field(description="Where the need came from.")
    evaluation_id: strawberry.ID | None = strawberry.field(
        description="The finalised evaluation it was proposed from."
    )
    indicator_id: strawberry.ID | None = strawberry.field(
        description="The IKI far below target it was proposed from."
    )
    behavior_value: str | None = strawberry.field(
        description="The BerAKHLAK value (e.g. AKUNTABEL) it was proposed from."
    )
    source_value: str = strawberry.field(
        description="The value behind the proposal: the predikat, the behaviour rating, the"
        " IKI's achievement in percent."
    )
    priority: Priority
    status: NeedStatus
    note: str
    decided_at: dt.datetime | None
    version: int

    @staticmethod
    def from_row(row: models.DevelopmentNeed) -> KompetensiNeed:
        return KompetensiNeed(
            id=strawberry.ID(str(row.id)),
            year=row.year,
            group=CompetencyGroup(row.group),
            title=row.title,
            source=NeedSource(row.source),
            evaluation_id=strawberry.ID(str(row.evaluation_id)) if row.evaluation_id else None,
            indicator_id=strawberry.ID(str(row.indicator_id)) if row.indicator_id else None,
            behavior_value=row.behavior_value or None,
            source_value=row.source_value,
            priority=Priority(row.priority),
            status=NeedStatus(row.status),
            note=row.note,
            decided_at=row.decided_at,
            version=row.version,
        )


KompetensiNeedResult = result_union("KompetensiNeedResult", KompetensiNeed)


@strawberry.input(name="KompetensiNeedChange", description="Changes to a need; omitted stay.")
class KompetensiNeedChange:
    group: CompetencyGroup | None = None
    title: str | None = None
    priority: Priority | None = None
    note: str | None = None


@strawberry.input(name="KompetensiNewNeed", description="A need the employee adds for a year.")
class KompetensiNewNeed:
    year: int
    group: CompetencyGroup
    title: str
    priority: Priority | None = None
    note: str | None = None


async def _needs(keys: Sequence[int]) -> list[list[models.DevelopmentNeed]]:
    """Needs of every employee in the batch, one statement."""
    rows = await models.DevelopmentNeed.filter(employee_id__in=list(keys)).order_by("-year", "id")
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.employee_id].append(row)
    return [grouped.get(k, []) for k in keys]


@strawberry.type(description="Kompetensi fields of the core Employee type.")
class EmployeeFields:
    @strawberry.field(
        description="Development needs of the employee (newest year first), DISMISSED ones"
        " only when asked.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_development_needs(
        self, info: Info, year: int | None = None, include_dismissed: bool = False
    ) -> list[KompetensiNeed] | None:
        await services.readable_employee(info.context.service, self.row)
        rows = await info.context.loaders.custom("kompetensi.needs", _needs).load(self.row.id)
        return [
            KompetensiNeed.from_row(r)
            for r in rows
            if (year is None or r.year == year)
            and (include_dismissed or r.status != NeedStatus.DISMISSED)
        ]


def _decide(status: NeedStatus):
    async def resolver(
        info: Info,
        id: strawberry.ID,
        version: int | None = None,
        change: KompetensiNeedChange | None = None,
    ):
        async def run() -> KompetensiNeed:
            c = change or KompetensiNeedChange()
            row = await services.decide_need(
                info.context.service,
                id,
                version,
                status,
                group=c.group,
                title=c.title,
                priority=c.priority,
                note=c.note,
            )
            return KompetensiNeed.from_row(row)

        return await mutate(info, run)

    return resolver


@strawberry.type
class Mutation:
    @strawberry.mutation(description="The rater confirms a proposed need, with changes if given.")
    async def kompetensi_confirm_need(
        self,
        info: Info,
        id: strawberry.ID,
        version: int | None = None,
        change: KompetensiNeedChange | None = None,
    ) -> KompetensiNeedResult:
        return await _decide(NeedStatus.CONFIRMED)(info, id, version, change)

    @strawberry.mutation(description="The rater edits a need without deciding it.")
    async def kompetensi_update_need(
        self,
        info: Info,
        id: strawberry.ID,
        change: KompetensiNeedChange,
        version: int | None = None,
    ) -> KompetensiNeedResult:
        return await _decide(NeedStatus.PROPOSED)(info, id, version, change)

    @strawberry.mutation(description="The rater dismisses a need (a note says why).")
    async def kompetensi_dismiss_need(
        self,
        info: Info,
        id: strawberry.ID,
        version: int | None = None,
        change: KompetensiNeedChange | None = None,
    ) -> KompetensiNeedResult:
        return await _decide(NeedStatus.DISMISSED)(info, id, version, change)

    @strawberry.mutation(description="The employee adds a development need of their own.")
    async def kompetensi_add_need(
        self, info: Info, input: KompetensiNewNeed
    ) -> KompetensiNeedResult:
        async def run() -> KompetensiNeed:
            row = await services.add_own_need(
                info.context.service,
                input.year,
                input.group,
                input.title,
                input.priority,
                input.note,
            )
            return KompetensiNeed.from_row(row)

        return await mutate(info, run)


TYPES = [
    KompetensiNeed,
    KompetensiCompetencyGroup,
    KompetensiNeedSource,
    KompetensiNeedStatus,
    KompetensiPriority,
]
