"""GraphQL of the kompetensi plugin: fields start with ``kompetensi`` (root) or are the
issue's names on the core ``Employee`` (``kompetensiDevelopmentNeeds``...), types with
``Kompetensi``. Employee data is gated by the core's employee rule, then enablement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import strawberry
from kinerja_core.api import (
    check_year,
    max_items,
    mutate,
    parse_id,
    require_plugin_enabled,
    result_union,
)
from strawberry.types import Info

from kinerja_kompetensi import models, plans, services
from kinerja_kompetensi.models import (
    ActivityKind,
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
KompetensiActivityKind = strawberry.enum(
    ActivityKind,
    name="KompetensiActivityKind",
    description="Forms of competency development (training, course, coaching, mentoring,"
    " secondment, self-study).",
)


@strawberry.type(description="A planned activity of an employee's development plan.")
class KompetensiActivity:
    id: strawberry.ID
    year: int
    kind: ActivityKind
    title: str
    provider: str
    jp: int = strawberry.field(description="Jam pelajaran planned.")
    start_date: dt.date
    end_date: dt.date
    need_ids: list[strawberry.ID] = strawberry.field(description="The needs it answers.")
    version: int

    @staticmethod
    def from_row(row: models.DevelopmentActivity, need_ids: Sequence[int]) -> KompetensiActivity:
        return KompetensiActivity(
            id=strawberry.ID(str(row.id)),
            year=row.year,
            kind=ActivityKind(row.kind),
            title=row.title,
            provider=row.provider,
            jp=row.jp,
            start_date=row.start_date,
            end_date=row.end_date,
            need_ids=[strawberry.ID(str(n)) for n in need_ids],
            version=row.version,
        )


@strawberry.type(description="A completed development activity with the JP earned.")
class KompetensiRecord:
    id: strawberry.ID
    year: int
    kind: ActivityKind
    title: str
    provider: str
    jp: int = strawberry.field(description="Jam pelajaran completed.")
    completed_on: dt.date
    activity_id: strawberry.ID | None = strawberry.field(description="The planned activity.")

    @staticmethod
    def from_row(row: models.DevelopmentRecord) -> KompetensiRecord:
        return KompetensiRecord(
            id=strawberry.ID(str(row.id)),
            year=row.year,
            kind=ActivityKind(row.kind),
            title=row.title,
            provider=row.provider,
            jp=row.jp,
            completed_on=row.completed_on,
            activity_id=strawberry.ID(str(row.activity_id)) if row.activity_id else None,
        )


@strawberry.type(description="JP completed in a year against the 20 JP right.")
class KompetensiTrainingHours:
    year: int
    jp: int = strawberry.field(description="JP of the completed records of the year.")
    right: int = strawberry.field(description="The yearly right: 20 JP (see the plugin README).")
    remaining: int = strawberry.field(description="JP still to reach the right (0 when met).")
    met: bool


@strawberry.type(description="Open needs of an agency's year in one competency group.")
class KompetensiGroupCount:
    group: CompetencyGroup
    needs: int = strawberry.field(description="Proposed or confirmed needs.")
    people: int = strawberry.field(description="People with at least one of them.")


@strawberry.type(description="An employee below the 20 JP right in a year.")
class KompetensiPersonHours:
    employee_id: strawberry.ID
    nip: str
    name: str
    jp: int


@strawberry.type(description="One agency in the BKPSDM view of a year.")
class KompetensiAgencyLine:
    agency_id: strawberry.ID
    code: str
    name: str
    employees: int
    manajerial: int = strawberry.field(description="People with an open managerial need.")
    teknis: int = strawberry.field(description="People with an open technical need.")
    sosial_kultural: int = strawberry.field(description="People with an open socio-cultural need.")
    below_right: int = strawberry.field(description="People below 20 JP so far this year.")


KompetensiActivityResult = result_union("KompetensiActivityResult", KompetensiActivity)
KompetensiRecordResult = result_union("KompetensiRecordResult", KompetensiRecord)


@strawberry.input(name="KompetensiNewActivity", description="A planned activity.")
class KompetensiNewActivity:
    year: int
    kind: ActivityKind
    title: str
    jp: int
    start_date: dt.date
    end_date: dt.date
    provider: str | None = None
    need_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input(name="KompetensiNewRecord", description="A completed activity.")
class KompetensiNewRecord:
    completed_on: dt.date
    jp: int
    activity_id: strawberry.ID | None = None
    kind: ActivityKind | None = None
    title: str | None = None
    provider: str | None = None


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

    @strawberry.field(
        description="Planned development activities of a year.", metadata=max_items(25, maximum=500)
    )
    async def kompetensi_activities(self, info: Info, year: int) -> list[KompetensiActivity] | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        rows = await info.context.loaders.custom("kompetensi.activities", _activities).load(
            self.row.id
        )
        return [KompetensiActivity.from_row(r, links) for r, links in rows if r.year == year]

    @strawberry.field(
        description="Completed development activities of a year.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_records(self, info: Info, year: int) -> list[KompetensiRecord] | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        rows = await info.context.loaders.custom("kompetensi.records", _records).load(self.row.id)
        return [KompetensiRecord.from_row(r) for r in rows if r.year == year]

    @strawberry.field(description="JP completed in the year against the 20 JP right.")
    async def kompetensi_training_hours(
        self, info: Info, year: int
    ) -> KompetensiTrainingHours | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        rows = await info.context.loaders.custom("kompetensi.records", _records).load(self.row.id)
        jp = sum(r.jp for r in rows if r.year == year)
        return KompetensiTrainingHours(
            year=year,
            jp=jp,
            right=plans.JP_RIGHT,
            remaining=max(plans.JP_RIGHT - jp, 0),
            met=jp >= plans.JP_RIGHT,
        )


async def _activities(keys: Sequence[int]):
    rows = await models.DevelopmentActivity.filter(employee_id__in=list(keys)).order_by(
        "start_date", "id"
    )
    links = (
        await models.ActivityNeed.filter(activity_id__in=[r.id for r in rows]).values(
            "activity_id", "need_id"
        )
        if rows
        else []
    )
    needs: dict[int, list[int]] = defaultdict(list)
    for link in links:
        needs[link["activity_id"]].append(link["need_id"])
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.employee_id].append((row, sorted(needs[row.id])))
    return [grouped.get(k, []) for k in keys]


async def _records(keys: Sequence[int]):
    rows = await models.DevelopmentRecord.filter(employee_id__in=list(keys)).order_by(
        "completed_on", "id"
    )
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.employee_id].append(row)
    return [grouped.get(k, []) for k in keys]


async def _agency(info: Info, agency_id: strawberry.ID) -> int:
    key = parse_id(agency_id, "agencyId")
    plans.require_sees_agency(info.context.service, key)  # access first, then enabled
    await require_plugin_enabled(info.context.service, "kompetensi", key)
    return key


@strawberry.type
class Query:
    @strawberry.field(
        description="Open development needs of an agency's year by competency"
        " group (its head and admins, central admins).",
        metadata=max_items(3),
    )
    async def kompetensi_needs_by_group(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> list[KompetensiGroupCount] | None:
        key = await _agency(info, agency_id)
        rows = await plans.agency_summary(info.context.service, key, check_year(year))
        return [KompetensiGroupCount(group=r.group, needs=r.needs, people=r.people) for r in rows]

    @strawberry.field(
        description="The agency's employees below 20 JP in the year, fewest"
        " first (its head and admins, central admins).",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_below_right(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> list[KompetensiPersonHours] | None:
        key = await _agency(info, agency_id)
        rows = await plans.below_right(info.context.service, key, check_year(year))
        return [
            KompetensiPersonHours(
                employee_id=strawberry.ID(str(r.employee_id)), nip=r.nip, name=r.name, jp=r.jp
            )
            for r in rows
        ]

    @strawberry.field(
        description="BKPSDM: every agency's people with open needs per"
        " competency group and people below 20 JP (central admins).",
        metadata=max_items(100),
    )
    async def kompetensi_city_summary(
        self, info: Info, year: int
    ) -> list[KompetensiAgencyLine] | None:
        rows = await plans.city_summary(info.context.service, year)
        return [
            KompetensiAgencyLine(
                agency_id=strawberry.ID(str(r.agency_id)),
                code=r.code,
                name=r.name,
                employees=r.employees,
                manajerial=r.manajerial,
                teknis=r.teknis,
                sosial_kultural=r.sosial_kultural,
                below_right=r.below_right,
            )
            for r in rows
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

    @strawberry.mutation(description="The employee plans a development activity of a year.")
    async def kompetensi_plan_activity(
        self, info: Info, input: KompetensiNewActivity
    ) -> KompetensiActivityResult:
        async def run() -> KompetensiActivity:
            row, needs = await plans.plan_activity(
                info.context.service,
                year=input.year,
                kind=input.kind,
                title=input.title,
                provider=input.provider,
                jp=input.jp,
                start_date=input.start_date,
                end_date=input.end_date,
                need_ids=list(input.need_ids),
            )
            return KompetensiActivity.from_row(row, needs)

        return await mutate(info, run)

    @strawberry.mutation(description="The employee records a completed activity with its JP.")
    async def kompetensi_record_completion(
        self, info: Info, input: KompetensiNewRecord
    ) -> KompetensiRecordResult:
        async def run() -> KompetensiRecord:
            row = await plans.record_completion(
                info.context.service,
                completed_on=input.completed_on,
                jp=input.jp,
                activity_id=input.activity_id,
                kind=input.kind,
                title=input.title,
                provider=input.provider,
            )
            return KompetensiRecord.from_row(row)

        return await mutate(info, run)


TYPES = [
    KompetensiNeed,
    KompetensiCompetencyGroup,
    KompetensiNeedSource,
    KompetensiNeedStatus,
    KompetensiPriority,
    KompetensiActivity,
    KompetensiRecord,
    KompetensiActivityKind,
    KompetensiTrainingHours,
]
