"""GraphQL of the kompetensi plugin: fields start with ``kompetensi`` (root) or are the
issue's names on the core ``Employee`` (``kompetensiDevelopmentNeeds``...), types with
``Kompetensi``. Employee data is gated by the core's employee rule, then enablement."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

import strawberry
from kinerja_core.api import (
    Agency,
    check_year,
    get_or_404,
    list_window,
    max_items,
    mutate,
    parse_id,
    query,
    require_plugin_enabled,
    result_union,
)
from strawberry.file_uploads import Upload
from strawberry.types import Info

from kinerja_kompetensi import effects, models, plans, reports, services
from kinerja_kompetensi.models import (
    ActivityKind,
    ActivityStatus,
    CompetencyGroup,
    NeedSource,
    NeedStatus,
    PlanStatus,
    Priority,
    Verification,
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

KompetensiActivityStatus = strawberry.enum(
    ActivityStatus,
    name="KompetensiActivityStatus",
    description="A planned activity, or one the employee cancelled.",
)
KompetensiPlanStatus = strawberry.enum(
    PlanStatus,
    name="KompetensiPlanStatus",
    description="DRAFT (planning), SUBMITTED (waiting for the rater), APPROVED (locked until"
    " returned), RETURNED (back to the employee with the rater's note).",
)
KompetensiVerification = strawberry.enum(
    Verification,
    name="KompetensiVerification",
    description="A record's certificate: none yet (UNVERIFIED), waiting for the agency admin"
    " (PENDING), VERIFIED (its JP count toward the 20 JP right) or REJECTED (with a reason).",
)
KompetensiOutcome = strawberry.enum(
    effects.Outcome,
    name="KompetensiOutcome",
    description="The next final evaluation's outcome on a need: IMPROVED, UNCHANGED, WORSE;"
    " NOT_YET (no later final evaluation), NOT_COMPARABLE (the IKI is not in the later SKP).",
)


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


KompetensiExportFormat = strawberry.enum(
    ExportFormat, name="KompetensiExportFormat", description="XLSX (workbook) or CSV."
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
    status: ActivityStatus
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
            status=ActivityStatus(row.status),
            version=row.version,
        )


@strawberry.type(
    description="A completed development activity with the JP earned and its certificate."
)
class KompetensiRecord:
    id: strawberry.ID
    employee_id: strawberry.ID
    year: int
    kind: ActivityKind
    title: str
    provider: str
    jp: int = strawberry.field(description="Jam pelajaran completed.")
    completed_on: dt.date
    activity_id: strawberry.ID | None = strawberry.field(description="The planned activity.")
    verification: Verification = strawberry.field(
        description="Only VERIFIED records count toward the 20 JP right."
    )
    rejection_reason: str = strawberry.field(description="Why the agency admin rejected it.")
    verified_at: dt.datetime | None
    certificate_filename: str | None
    certificate_content_type: str | None
    certificate_size: int | None = strawberry.field(description="Bytes.")
    certificate_sha256: str | None = strawberry.field(description="SHA-256 (hex) of the file.")
    certificate_uploaded_at: dt.datetime | None
    certificate_url: str | None = strawberry.field(
        description="GET it with your bearer token (whoever may read the record)."
    )
    version: int

    @staticmethod
    def from_row(row: models.DevelopmentRecord) -> KompetensiRecord:
        has = bool(row.certificate_path)
        return KompetensiRecord(
            id=strawberry.ID(str(row.id)),
            employee_id=strawberry.ID(str(row.employee_id)),
            year=row.year,
            kind=ActivityKind(row.kind),
            title=row.title,
            provider=row.provider,
            jp=row.jp,
            completed_on=row.completed_on,
            activity_id=strawberry.ID(str(row.activity_id)) if row.activity_id else None,
            verification=Verification(row.verification),
            rejection_reason=row.rejection_reason,
            verified_at=row.verified_at,
            certificate_filename=row.certificate_filename if has else None,
            certificate_content_type=row.certificate_content_type if has else None,
            certificate_size=row.certificate_size if has else None,
            certificate_sha256=row.certificate_sha256 if has else None,
            certificate_uploaded_at=row.certificate_uploaded_at if has else None,
            certificate_url=f"{reports.CERTIFICATE_PATH}?recordId={row.id}" if has else None,
            version=row.version,
        )


@strawberry.type(description="An employee's development plan of a year and its activities.")
class KompetensiPlan:
    id: strawberry.ID | None = strawberry.field(
        description="Null until the first activity of the year is planned."
    )
    employee_id: strawberry.ID
    nip: str
    name: str
    year: int
    status: PlanStatus
    note: str = strawberry.field(description="The rater's note (why it was returned).")
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    jp_planned: int = strawberry.field(description="JP of the planned (not cancelled) activities.")
    activities: list[KompetensiActivity] = strawberry.field(
        description="Planned and cancelled activities of the year, by start date."
    )
    version: int


@strawberry.type(description="JP completed in a year against the 20 JP right.")
class KompetensiTrainingHours:
    year: int
    jp: int = strawberry.field(description="Verified JP of the year: what counts toward the right.")
    pending_jp: int = strawberry.field(
        description="JP of records not verified yet (no certificate, or waiting)."
    )
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
    jp: int = strawberry.field(description="Verified JP.")
    pending_jp: int = strawberry.field(description="JP not verified yet.")


@strawberry.type(description="JP of a year in one unit of an agency.")
class KompetensiUnitHours:
    unit_id: strawberry.ID | None = strawberry.field(
        description="Null: employees without a definitive assignment."
    )
    code: str
    name: str
    employees: int
    jp: int = strawberry.field(description="Verified JP of the unit's employees.")
    pending_jp: int = strawberry.field(description="JP not verified yet.")
    met: int = strawberry.field(description="People with 20 verified JP or more.")
    below_right: int = strawberry.field(description="People below 20 verified JP.")


@strawberry.type(description="A completed activity for a need, and the next evaluation's outcome.")
class KompetensiEffect:
    employee_id: strawberry.ID
    nip: str
    name: str
    agency_id: strawberry.ID
    need: KompetensiNeed
    record: KompetensiRecord
    before_evaluation_id: strawberry.ID | None = strawberry.field(
        description="The evaluation the need came from (or the latest before the completion)."
    )
    after_evaluation_id: strawberry.ID | None = strawberry.field(
        description="The first final evaluation whose period ends after the completion."
    )
    predikat_before: str | None
    predikat_after: str | None
    behavior_before: str | None = strawberry.field(description="Behaviour rating before.")
    behavior_after: str | None
    achievement_before: Decimal | None = strawberry.field(
        description="The IKI's achievement in percent (INDICATOR needs)."
    )
    achievement_after: Decimal | None
    outcome: effects.Outcome = strawberry.field(
        description="Judged on what the need's source names: predikat, behaviour rating or IKI."
    )

    @staticmethod
    def of(e: effects.Effect) -> KompetensiEffect:
        return KompetensiEffect(
            employee_id=strawberry.ID(str(e.employee_id)),
            nip=e.nip,
            name=e.name,
            agency_id=strawberry.ID(str(e.agency_id)),
            need=KompetensiNeed.from_row(e.need),
            record=KompetensiRecord.from_row(e.record),
            before_evaluation_id=_id(e.before_evaluation_id),
            after_evaluation_id=_id(e.after_evaluation_id),
            predikat_before=e.predikat_before,
            predikat_after=e.predikat_after,
            behavior_before=e.behavior_before,
            behavior_after=e.behavior_after,
            achievement_before=e.achievement_before,
            achievement_after=e.achievement_after,
            outcome=e.outcome,
        )


def _id(value: int | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))


def _copy(cls, row, /, **overrides):
    """A strawberry type from a service dataclass with the same field names; ``*_id``
    fields become IDs, ``overrides`` (enums, nested types) are given as they are."""
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in overrides:
            continue
        value = getattr(row, f.name)
        values[f.name] = _id(value) if f.name.endswith("_id") else value
    return cls(**values, **overrides)


@strawberry.type(description="Outcomes per activity kind and provider: which programmes help.")
class KompetensiProgrammeEffect:
    kind: ActivityKind
    provider: str
    people: int
    needs: int = strawberry.field(description="Completed (record, need) pairs.")
    improved: int
    unchanged: int
    worse: int
    not_yet: int
    not_comparable: int


@strawberry.type(description="One open need in the training-needs report.")
class KompetensiTrainingNeed:
    need_id: strawberry.ID
    employee_id: strawberry.ID
    nip: str
    name: str
    agency_id: strawberry.ID
    agency_code: str
    agency_name: str
    unit_name: str
    group: CompetencyGroup
    title: str
    priority: Priority
    status: NeedStatus
    source: NeedSource
    source_value: str
    planned: list[str] = strawberry.field(description="Planned activities for it (title, JP).")
    jp: int = strawberry.field(description="The person's verified JP of the year.")
    pending_jp: int

    @staticmethod
    def of(r: reports.NeedLine) -> KompetensiTrainingNeed:
        """The report's line (hundreds per report: each field set directly, the enums'
        members looked up by their text)."""
        return KompetensiTrainingNeed(
            need_id=strawberry.ID(str(r.need_id)),
            employee_id=strawberry.ID(str(r.employee_id)),
            nip=r.nip,
            name=r.name,
            agency_id=strawberry.ID(str(r.agency_id)),
            agency_code=r.agency_code,
            agency_name=r.agency_name,
            unit_name=r.unit_name,
            group=_GROUPS[r.group],
            title=r.title,
            priority=_PRIORITIES[r.priority],
            status=_NEED_STATUSES[r.status],
            source=_NEED_SOURCES[r.source],
            source_value=r.source_value,
            planned=r.planned,
            jp=r.jp,
            pending_jp=r.pending_jp,
        )


# members of the report's enums by their text (a dict look-up, not an enum call per line)
_GROUPS = {m.value: m for m in CompetencyGroup}
_PRIORITIES = {m.value: m for m in Priority}
_NEED_STATUSES = {m.value: m for m in NeedStatus}
_NEED_SOURCES = {m.value: m for m in NeedSource}


@strawberry.type(description="A file to download: GET its url with your bearer token.")
class KompetensiExport:
    url: str
    content_type: str


@strawberry.type(description="A record waiting for the agency admin's verification.")
class KompetensiRecordToVerify:
    employee_id: strawberry.ID
    nip: str
    name: str
    record: KompetensiRecord


@strawberry.type(description="One agency in the BKPSDM view of a year.")
class KompetensiAgencyLine:
    agency_id: strawberry.ID
    code: str
    name: str
    employees: int
    manajerial: int = strawberry.field(description="People with an open managerial need.")
    teknis: int = strawberry.field(description="People with an open technical need.")
    sosial_kultural: int = strawberry.field(description="People with an open socio-cultural need.")
    below_right: int = strawberry.field(description="People below 20 verified JP this year.")
    jp: int = strawberry.field(description="Verified JP of the agency's employees.")
    pending_jp: int = strawberry.field(description="JP not verified yet.")


KompetensiActivityResult = result_union("KompetensiActivityResult", KompetensiActivity)
KompetensiRecordResult = result_union("KompetensiRecordResult", KompetensiRecord)
KompetensiPlanResult = result_union("KompetensiPlanResult", KompetensiPlan)


@strawberry.input(
    name="KompetensiActivityChange", description="Changes to a planned activity; omitted stay."
)
class KompetensiActivityChange:
    kind: ActivityKind | None = None
    title: str | None = None
    jp: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    provider: str | None = None
    need_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the linked needs when given."
    )


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


def _needs(year: int | None, include_dismissed: bool):
    """The batch of ``kompetensiDevelopmentNeeds(year, includeDismissed)``: the needs of
    every employee in the batch, filtered in SQL, one statement (plain rows)."""

    async def batch(keys: Sequence[int]) -> list[list[plans.NeedRow]]:
        found = await plans.need_rows(keys, year, include_dismissed)
        return [found.get(k, []) for k in keys]

    return batch


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
        loader = info.context.loaders.custom(
            ("kompetensi.needs", year, include_dismissed), _needs(year, include_dismissed)
        )
        return [KompetensiNeed.from_row(r) for r in await loader.load(self.row.id)]

    @strawberry.field(
        description="Planned development activities of a year.", metadata=max_items(25, maximum=500)
    )
    async def kompetensi_activities(self, info: Info, year: int) -> list[KompetensiActivity] | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        loader = info.context.loaders.custom(("kompetensi.activities", year), _activities(year))
        rows = await loader.load(self.row.id)
        return [KompetensiActivity.from_row(r, links) for r, links in rows]

    @strawberry.field(
        description="Completed development activities of a year.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_records(self, info: Info, year: int) -> list[KompetensiRecord] | None:
        await services.readable_employee(info.context.service, self.row)
        rows = await _records_of(info, self.row.id, check_year(year))
        return [KompetensiRecord.from_row(r) for r in rows]

    @strawberry.field(description="JP completed in the year against the 20 JP right.")
    async def kompetensi_training_hours(
        self, info: Info, year: int
    ) -> KompetensiTrainingHours | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        hours = plans.Hours()
        for r in await _records_of(info, self.row.id, year):
            hours.add(r.jp, r.verification)
        jp = hours.jp
        return KompetensiTrainingHours(
            year=year,
            jp=jp,
            pending_jp=hours.pending_jp,
            right=plans.JP_RIGHT,
            remaining=max(plans.JP_RIGHT - jp, 0),
            met=jp >= plans.JP_RIGHT,
        )

    @strawberry.field(
        description="The development plan of a year: its state and activities (an empty DRAFT"
        " when nothing is planned yet)."
    )
    async def kompetensi_plan(self, info: Info, year: int) -> KompetensiPlan | None:
        await services.readable_employee(info.context.service, self.row)
        year = check_year(year)
        loader = info.context.loaders.custom(("kompetensi.plans", year), _plans(year))
        plan, activities = await loader.load(self.row.id)
        return plan_view(self.row, year, plan, activities)

    @strawberry.field(
        description="Completed activities for the employee's needs and the next final"
        " evaluation's outcome on each (the effect view), of a year or every year.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_effects(
        self, info: Info, year: int | None = None
    ) -> list[KompetensiEffect] | None:
        await services.readable_employee(info.context.service, self.row)
        ctx = info.context.service
        year = None if year is None else check_year(year)

        async def batch(keys: Sequence[int]) -> list[list[effects.Effect]]:
            rows = await effects.effects(ctx, employee_ids=list(keys), year=year)
            grouped: dict[int, list[effects.Effect]] = defaultdict(list)
            for e in rows:
                grouped[e.employee_id].append(e)
            return [grouped.get(k, []) for k in keys]

        loader = info.context.loaders.custom(("kompetensi.effects", year), batch)
        return [KompetensiEffect.of(e) for e in await loader.load(self.row.id)]


def plan_view(employee, year: int, plan, activities) -> KompetensiPlan:
    return KompetensiPlan(
        id=strawberry.ID(str(plan.id)) if plan else None,
        employee_id=strawberry.ID(str(employee.id)),
        nip=employee.nip,
        name=employee.name,
        year=year,
        status=PlanStatus(plan.status) if plan else PlanStatus.DRAFT,
        note=plan.note if plan else "",
        submitted_at=plan.submitted_at if plan else None,
        decided_at=plan.decided_at if plan else None,
        jp_planned=sum(a.jp for a, _ in activities if a.status == ActivityStatus.PLANNED),
        activities=[KompetensiActivity.from_row(a, n) for a, n in activities],
        version=plan.version if plan else 0,
    )


async def plan_of(row: models.DevelopmentPlan) -> KompetensiPlan:
    """A plan with its employee and activities (after a mutation): two statements."""
    person = (await plans.people([row.employee_id]))[row.employee_id]
    activities = await plans.activity_rows([row.employee_id], row.year)
    return plan_view(person, row.year, row, activities[row.employee_id])


def _plans(year: int):
    """The batch of ``kompetensiPlan(year)``: each employee's plan of the year (or None) and
    its activities, one statement for any number of employees (plain rows)."""

    async def batch(keys: Sequence[int]) -> list[tuple[plans.PlanRow | None, list]]:
        found = await plans.plan_views(keys, year)
        return [found[k] for k in keys]

    return batch


def _activities(year: int):
    """The batch of ``kompetensiActivities(year)``: activities of the year of every employee
    with their needs' ids, one statement (plain rows)."""

    async def batch(keys: Sequence[int]) -> list[list]:
        found = await plans.activity_rows(keys, year)
        return [found[k] for k in keys]

    return batch


def _records_of(info: Info, employee_id: int, year: int):
    """The employee's records of ``year`` by completion (plain rows), batched over the
    employees of the request: one statement per year for any number of them, shared by
    ``kompetensiRecords`` and ``kompetensiTrainingHours``."""

    async def batch(keys: Sequence[int]) -> list[list]:
        rows = await plans.records_of(list(keys), year)
        grouped: dict[int, list] = defaultdict(list)
        for row in rows:
            grouped[row.employee_id].append(row)
        return [grouped.get(k, []) for k in keys]

    return info.context.loaders.custom(("kompetensi.records", year), batch).load(employee_id)


def _agency_hours(info: Info, agency_id: int, year: int):
    """The agency's staff and hours of ``year`` (plans.AgencyHours), read once per request
    for kompetensiJpByUnit and kompetensiBelowRight asked together."""

    async def batch(keys: Sequence[int]) -> list[plans.AgencyHours]:
        return [await plans.agency_hours(k, year) for k in keys]

    return info.context.loaders.custom(("kompetensi.agency_hours", year), batch).load(agency_id)


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
        year = check_year(year)
        read = await _agency_hours(info, key, year)
        rows = await plans.below_right(info.context.service, key, year, read)
        offset, count = list_window(info)  # the cap keeps these: one more shows a cut
        return [_copy(KompetensiPersonHours, r) for r in rows[: offset + count + 1]]

    @strawberry.field(
        description="BKPSDM: every agency's people with open needs per"
        " competency group and people below 20 JP (central admins).",
        metadata=max_items(100),
    )
    async def kompetensi_city_summary(
        self, info: Info, year: int
    ) -> list[KompetensiAgencyLine] | None:
        rows = await plans.city_summary(info.context.service, year)
        return [_copy(KompetensiAgencyLine, r) for r in rows]

    @strawberry.field(
        description="JP of the agency's year per unit: employees, verified and pending JP,"
        " people at 20 JP or more and below (its head and admins, central admins).",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_jp_by_unit(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> list[KompetensiUnitHours] | None:
        key = await _agency(info, agency_id)
        year = check_year(year)
        read = await _agency_hours(info, key, year)
        rows = await plans.unit_hours(info.context.service, key, year, read)
        return [_copy(KompetensiUnitHours, r) for r in rows]

    @strawberry.field(
        description="Records whose certificate waits for verification in an agency, oldest"
        " first (its admins, central admins).",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_records_to_verify(
        self, info: Info, agency_id: strawberry.ID
    ) -> list[KompetensiRecordToVerify] | None:
        key = parse_id(agency_id, "agencyId")
        offset, count = list_window(info)  # the cap keeps these: read one more to see a cut
        rows = await plans.records_to_verify(info.context.service, key, offset + count + 1)
        return [
            KompetensiRecordToVerify(
                employee_id=strawberry.ID(str(r.employee_id)),
                nip=nip,
                name=name,
                record=KompetensiRecord.from_row(r),
            )
            for r, nip, name in rows
        ]

    @strawberry.field(
        description="Development plans of a year submitted to the viewer as their rater.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_plans_to_approve(
        self, info: Info, year: int
    ) -> list[KompetensiPlan] | None:
        year = check_year(year)
        rows = await plans.plans_to_approve(info.context.service, year)
        return [plan_view(person, year, p, activities) for p, person, activities in rows]

    @strawberry.field(
        description="The effect view of an agency (its head and admins, central admins) or"
        " of the whole city (agencyId null: central admins): records completed in the year"
        " for a need, and the next final evaluation's outcome on it.",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_effects(
        self, info: Info, year: int, agency_id: strawberry.ID | None = None
    ) -> list[KompetensiEffect] | None:
        rows = await effects.scoped_effects(
            info.context.service, await _scope(info, agency_id), year
        )
        return [KompetensiEffect.of(e) for e in rows]

    @strawberry.field(
        description="Which programmes help: the effect view aggregated per activity kind and"
        " provider (same access as kompetensiEffects).",
        metadata=max_items(25, maximum=500),
    )
    async def kompetensi_programme_effects(
        self, info: Info, year: int, agency_id: strawberry.ID | None = None
    ) -> list[KompetensiProgrammeEffect] | None:
        rows = await effects.scoped_effects(
            info.context.service, await _scope(info, agency_id), year
        )
        return [
            _copy(KompetensiProgrammeEffect, p, kind=ActivityKind(p.kind))
            for p in effects.programmes(rows)
        ]

    @strawberry.field(
        description="The training-needs report: open needs of a year (who, which competency,"
        " which agency, priority), HIGH first; the city for central admins (agencyId null),"
        " an agency for its head and admins too.",
        metadata=max_items(100, maximum=5000),
    )
    async def kompetensi_training_needs(
        self,
        info: Info,
        year: int,
        agency_id: strawberry.ID | None = None,
        group: CompetencyGroup | None = None,
        priority: Priority | None = None,
    ) -> list[KompetensiTrainingNeed] | None:
        rows = await reports.training_needs(
            info.context.service,
            year,
            await _scope(info, agency_id),
            group=None if group is None else str(group.value),
            priority=None if priority is None else str(priority.value),
        )
        return [KompetensiTrainingNeed.of(r) for r in rows]

    @strawberry.field(
        description="The training-needs report as a file (XLSX: sheets Kebutuhan and"
        " Ringkasan, or CSV); same access as kompetensiTrainingNeeds."
    )
    async def kompetensi_training_needs_export(
        self,
        info: Info,
        year: int,
        agency_id: strawberry.ID | None = None,
        format: ExportFormat = ExportFormat.XLSX,
    ) -> KompetensiExport | None:
        ctx = info.context.service

        async def run() -> KompetensiExport:
            key = await _scope(info, agency_id)
            await reports.require_scope(ctx, key)
            fmt = ExportFormat(format).value
            url = reports.report_url(check_year(year), key, fmt)
            base = ctx.settings.public_url.rstrip("/") if ctx.settings.public_url else ""
            kind = reports.XLSX if fmt == "xlsx" else reports.CSV
            return KompetensiExport(url=base + url, content_type=kind)

        return await query(info, run)


async def _scope(info: Info, agency_id: strawberry.ID | None) -> int | None:
    """An agency id that exists (a NotFound naming agencyId otherwise), or None: the city."""
    if agency_id is None:
        return None
    row = await get_or_404(Agency, parse_id(agency_id, "agencyId"), "agencyId")
    return row.id


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

    @strawberry.mutation(
        description="The employee changes a planned activity while the plan is not approved"
        " (a SUBMITTED plan goes back to DRAFT)."
    )
    async def kompetensi_update_activity(
        self,
        info: Info,
        id: strawberry.ID,
        change: KompetensiActivityChange,
        version: int | None = None,
    ) -> KompetensiActivityResult:
        async def run() -> KompetensiActivity:
            row, needs = await plans.update_activity(
                info.context.service,
                id,
                version,
                kind=change.kind,
                title=change.title,
                provider=change.provider,
                jp=change.jp,
                start_date=change.start_date,
                end_date=change.end_date,
                need_ids=None if change.need_ids is None else list(change.need_ids),
            )
            return KompetensiActivity.from_row(row, needs)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The employee cancels a planned activity while the plan is not approved."
    )
    async def kompetensi_cancel_activity(
        self, info: Info, id: strawberry.ID, version: int | None = None
    ) -> KompetensiActivityResult:
        async def run() -> KompetensiActivity:
            row, needs = await plans.cancel_activity(info.context.service, id, version)
            return KompetensiActivity.from_row(row, needs)

        return await mutate(info, run)

    @strawberry.mutation(description="The employee submits their plan of a year to their rater.")
    async def kompetensi_submit_plan(
        self, info: Info, year: int, version: int | None = None
    ) -> KompetensiPlanResult:
        async def run() -> KompetensiPlan:
            return await plan_of(await plans.submit_plan(info.context.service, year, version))

        return await mutate(info, run)

    @strawberry.mutation(description="The rater approves a submitted plan (locked until returned).")
    async def kompetensi_approve_plan(
        self, info: Info, id: strawberry.ID, version: int | None = None, note: str | None = None
    ) -> KompetensiPlanResult:
        async def run() -> KompetensiPlan:
            row = await plans.decide_plan(info.context.service, id, version, True, note)
            return await plan_of(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The rater returns a submitted or approved plan with a note saying why."
    )
    async def kompetensi_return_plan(
        self, info: Info, id: strawberry.ID, note: str, version: int | None = None
    ) -> KompetensiPlanResult:
        async def run() -> KompetensiPlan:
            row = await plans.decide_plan(info.context.service, id, version, False, note)
            return await plan_of(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The employee uploads the certificate of a completed record (PDF or image,"
        " the limits of bukti dukung), sent as a GraphQL multipart request; it then waits for"
        " the agency admin."
    )
    async def kompetensi_upload_certificate(
        self, info: Info, record_id: strawberry.ID, file: Upload
    ) -> KompetensiRecordResult:
        async def run() -> KompetensiRecord:
            row = await plans.upload_certificate(info.context.service, record_id, file)
            return KompetensiRecord.from_row(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The agency admin verifies a record's certificate: its JP count toward the"
        " 20 JP right."
    )
    async def kompetensi_verify_record(
        self, info: Info, id: strawberry.ID, version: int | None = None
    ) -> KompetensiRecordResult:
        async def run() -> KompetensiRecord:
            row = await plans.verify_record(info.context.service, id, version, True, None)
            return KompetensiRecord.from_row(row)

        return await mutate(info, run)

    @strawberry.mutation(
        description="The agency admin rejects a record's certificate with a reason the employee"
        " sees (they may upload another)."
    )
    async def kompetensi_reject_record(
        self, info: Info, id: strawberry.ID, reason: str, version: int | None = None
    ) -> KompetensiRecordResult:
        async def run() -> KompetensiRecord:
            row = await plans.verify_record(info.context.service, id, version, False, reason)
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
    KompetensiPlan,
    KompetensiPlanStatus,
    KompetensiActivityStatus,
    KompetensiVerification,
    KompetensiOutcome,
    KompetensiExportFormat,
    KompetensiUnitHours,
    KompetensiEffect,
    KompetensiProgrammeEffect,
    KompetensiTrainingNeed,
    KompetensiExport,
    KompetensiRecordToVerify,
]
