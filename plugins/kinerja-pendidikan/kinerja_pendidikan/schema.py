"""GraphQL of the pendidikan plugin: fields start with ``pendidikan``, types with ``Pendidikan``.

Every resolver goes through :mod:`kinerja_pendidikan.services`, which checks that the plugin is
enabled for the agency first (a typed ``PluginDisabled``: a GraphQL error and ``null`` for
queries and the ``Agency`` field, the result for mutations), then access.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from kinerja_core.api import (
    Connection,
    max_items,
    mutate,
    paginate_list,
    paginate_query,
    require_plugin_data,
    result_union,
    trim,
)
from strawberry.types import Info

from kinerja_pendidikan import models, rules, services
from kinerja_pendidikan.panels import PendidikanProgrammeSummary, summary, year_results
from kinerja_pendidikan.rules import Level, SchoolStatus

PendidikanLevel = strawberry.enum(
    Level,
    name="PendidikanLevel",
    description="Level of schooling; official ages PAUD 5-6 (SPM), SD 7-12, SMP 13-15.",
)
PendidikanSchoolStatus = strawberry.enum(
    SchoolStatus, name="PendidikanSchoolStatus", description="Public (negeri) or private."
)


@strawberry.type(description="A school (satuan pendidikan) of an agency's area.")
class PendidikanSchool:
    id: strawberry.ID
    npsn: str = strawberry.field(description="Nomor Pokok Sekolah Nasional, 8 digits.")
    name: str = strawberry.field(description="The school's name.")
    level: Level = strawberry.field(description="PAUD, SD or SMP.")
    kecamatan: str = strawberry.field(description="The kecamatan it stands in.")
    status: SchoolStatus = strawberry.field(description="NEGERI or SWASTA.")


@strawberry.type(description="A programme (literasi, numerasi...) run in schools in a year.")
class PendidikanProgramme:
    id: strawberry.ID
    code: str = strawberry.field(description="Short code, e.g. LITERASI.")
    name: str = strawberry.field(description="The programme's name.")
    year: int = strawberry.field(description="The year it runs in.")
    goal: Decimal = strawberry.field(
        description="The average end score (0-100) a school must reach to meet the goal."
    )


@strawberry.type(description="The evaluation of a programme in one school.")
class PendidikanEvaluation:
    id: strawberry.ID
    programme_id: strawberry.ID = strawberry.field(description="The programme evaluated.")
    school: PendidikanSchool = strawberry.field(description="The school evaluated.")
    participants: int = strawberry.field(description="Pupils who took part.")
    completed: int = strawberry.field(description="Pupils who completed the programme.")
    baseline_score: Decimal = strawberry.field(description="Average score at the start.")
    end_score: Decimal | None = strawberry.field(description="Average score at the end.")
    evaluated_on: dt.date = strawberry.field(description="Day of the end evaluation.")
    version: int = strawberry.field(description="Pass back when correcting.")
    gain: Decimal | None = strawberry.field(description="End minus baseline score (points).")
    completion_rate: Decimal | None = strawberry.field(
        description="Completed / participants x 100."
    )
    meets_goal: bool | None = strawberry.field(
        description="End score >= the programme goal; null while there is no end score."
    )


@strawberry.type(description="A programme's results: every school and the totals.")
class PendidikanProgrammeResults:
    programme: PendidikanProgramme = strawberry.field(description="The programme.")
    schools_evaluated: int = strawberry.field(description="Schools with an evaluation.")
    schools_scored: int = strawberry.field(description="Schools with an end score.")
    participants: int = strawberry.field(description="Pupils who took part, all schools.")
    completed: int = strawberry.field(description="Pupils who completed, all schools.")
    completion_rate: Decimal | None = strawberry.field(
        description="Completed / participants x 100, all schools."
    )
    average_gain: Decimal | None = strawberry.field(
        description="Score gain averaged over the scored schools, weighted by participants."
    )
    schools_meeting_goal: int = strawberry.field(description="Scored schools meeting the goal.")
    share_meeting_goal: Decimal | None = strawberry.field(
        description="Schools meeting the goal / scored schools x 100."
    )
    rows: strawberry.Private[list[PendidikanEvaluation]]

    @strawberry.field(description="Each school's evaluation, by NPSN.")
    def evaluations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PendidikanEvaluation]:
        return paginate_list(info, self.rows, lambda row: row, first, after)


@strawberry.type(description="Pupils enrolled at a level in a kecamatan in a year.")
class PendidikanEnrolment:
    id: strawberry.ID
    year: int = strawberry.field(description="The year the figures describe.")
    level: Level = strawberry.field(description="The level.")
    kecamatan: str = strawberry.field(description="The kecamatan.")
    pupils_total: int = strawberry.field(description="Pupils at the level, any age.")
    pupils_official_age: int = strawberry.field(description="Pupils of the official age.")
    version: int = strawberry.field(description="Pass back when correcting.")


@strawberry.type(description="Children of a level's official age in a kecamatan in a year.")
class PendidikanPopulation:
    id: strawberry.ID
    year: int = strawberry.field(description="The year the figures describe.")
    level: Level = strawberry.field(description="The level whose official age group it is.")
    kecamatan: str = strawberry.field(description="The kecamatan.")
    population: int = strawberry.field(description="Children of the official age.")
    version: int = strawberry.field(description="Pass back when correcting.")


@strawberry.type(description="APK and APM of a kecamatan, or of the whole area.")
class PendidikanParticipationRow:
    kecamatan: str | None = strawberry.field(description="Null for the total.")
    pupils_total: int | None = strawberry.field(description="Pupils at the level, any age.")
    pupils_official_age: int | None = strawberry.field(description="Pupils of official age.")
    population: int | None = strawberry.field(description="Children of the official age.")
    apk: Decimal | None = strawberry.field(
        description="Angka Partisipasi Kasar: pupils total / population x 100 (may pass 100)."
    )
    apm: Decimal | None = strawberry.field(
        description="Angka Partisipasi Murni: pupils of official age / population x 100."
    )


@strawberry.type(description="School participation of a level in a year.")
class PendidikanParticipation:
    year: int = strawberry.field(description="The year.")
    level: Level = strawberry.field(description="The level.")
    official_ages: str = strawberry.field(description="The level's official ages, e.g. 7-12.")
    kecamatan: list[PendidikanParticipationRow] = strawberry.field(
        description="Each kecamatan with figures, by name.", metadata=max_items(20, maximum=100)
    )
    total: PendidikanParticipationRow = strawberry.field(
        description="The whole area: kecamatan having both figures."
    )


# -- inputs ---------------------------------------------------------------------------------------


@strawberry.input(description="A new school.")
class PendidikanAddSchoolInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency (Dinas Pendidikan).")
    npsn: str = strawberry.field(description="8 digits, unique.")
    name: str = strawberry.field(description="The school's name.")
    level: Level = strawberry.field(description="PAUD, SD or SMP.")
    kecamatan: str = strawberry.field(description="One of the agency's kecamatan.")
    status: SchoolStatus = strawberry.field(description="NEGERI or SWASTA.")


@strawberry.input(description="A new programme of a year.")
class PendidikanAddProgrammeInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency running it.")
    code: str = strawberry.field(description="Short code, e.g. LITERASI (unique per year).")
    name: str = strawberry.field(description="The programme's name.")
    year: int = strawberry.field(description="The year it runs in.")
    goal: Decimal = strawberry.field(description="End score (0-100) a school must reach.")


@strawberry.input(description="The evaluation of a programme in a school.")
class PendidikanRecordEvaluationInput:
    programme_id: strawberry.ID = strawberry.field(description="The programme.")
    school_id: strawberry.ID = strawberry.field(description="The school (same agency).")
    participants: int = strawberry.field(description="Pupils who took part.")
    completed: int = strawberry.field(description="Pupils who completed it.")
    baseline_score: Decimal = strawberry.field(description="Average start score, 0-100.")
    end_score: Decimal | None = strawberry.field(
        default=None, description="Average end score, 0-100; required once pupils completed."
    )
    evaluated_on: dt.date = strawberry.field(description="Day of the end evaluation.")


@strawberry.input(description="A correction of an evaluation; omitted values stay.")
class PendidikanCorrectEvaluationInput:
    id: strawberry.ID = strawberry.field(description="The evaluation.")
    version: int = strawberry.field(description="The version that was read.")
    participants: int | None = strawberry.field(default=None, description="Pupils who took part.")
    completed: int | None = strawberry.field(default=None, description="Pupils who completed.")
    baseline_score: Decimal | None = strawberry.field(
        default=None, description="Average start score."
    )
    end_score: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Average end score; null clears it."
    )
    evaluated_on: dt.date | None = strawberry.field(default=None, description="Evaluation day.")


@strawberry.input(description="Enrolment figures; send `version` to correct existing ones.")
class PendidikanRecordEnrolmentInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    year: int = strawberry.field(description="The year the figures describe.")
    level: Level = strawberry.field(description="The level.")
    kecamatan: str = strawberry.field(description="The kecamatan.")
    pupils_total: int = strawberry.field(description="Pupils at the level, any age.")
    pupils_official_age: int = strawberry.field(description="Pupils of the official age.")
    version: int | None = strawberry.field(
        default=None, description="The version read, to correct recorded figures."
    )


@strawberry.input(description="Population figures; send `version` to correct existing ones.")
class PendidikanRecordPopulationInput:
    agency_id: strawberry.ID = strawberry.field(description="The agency.")
    year: int = strawberry.field(description="The year the figures describe.")
    level: Level = strawberry.field(description="The level whose official age group it is.")
    kecamatan: str = strawberry.field(description="The kecamatan.")
    population: int = strawberry.field(description="Children of the official age.")
    version: int | None = strawberry.field(
        default=None, description="The version read, to correct recorded figures."
    )


PendidikanAddSchoolResult = result_union("PendidikanAddSchoolResult", PendidikanSchool)
PendidikanAddProgrammeResult = result_union("PendidikanAddProgrammeResult", PendidikanProgramme)
PendidikanRecordEvaluationResult = result_union(
    "PendidikanRecordEvaluationResult", PendidikanEvaluation
)
PendidikanCorrectEvaluationResult = result_union(
    "PendidikanCorrectEvaluationResult", PendidikanEvaluation
)
PendidikanRecordEnrolmentResult = result_union(
    "PendidikanRecordEnrolmentResult", PendidikanEnrolment
)
PendidikanRecordPopulationResult = result_union(
    "PendidikanRecordPopulationResult", PendidikanPopulation
)


# -- rows -> GraphQL objects ----------------------------------------------------------------------


def school(row: models.School) -> PendidikanSchool:
    return PendidikanSchool(
        id=strawberry.ID(str(row.id)),
        npsn=row.npsn,
        name=row.name,
        level=Level(row.level),
        kecamatan=row.kecamatan,
        status=SchoolStatus(row.status),
    )


def programme(row: models.Programme) -> PendidikanProgramme:
    return PendidikanProgramme(
        id=strawberry.ID(str(row.id)),
        code=row.code,
        name=row.name,
        year=row.year,
        goal=trim(row.goal),
    )


def evaluation(
    row: models.ProgrammeEvaluation, school_row: models.School, goal: Decimal
) -> PendidikanEvaluation:
    figures = rules.Figures(row.participants, row.completed, row.baseline_score, row.end_score)
    return PendidikanEvaluation(
        id=strawberry.ID(str(row.id)),
        programme_id=strawberry.ID(str(row.programme_id)),
        school=school(school_row),
        participants=row.participants,
        completed=row.completed,
        baseline_score=trim(row.baseline_score),
        end_score=trim(row.end_score),
        evaluated_on=row.evaluated_on,
        version=row.version,
        gain=trim(figures.gain),
        completion_rate=trim(figures.completion_rate),
        meets_goal=rules.meets_goal(row.end_score, goal),
    )


def results(found: services.ProgrammeResults) -> PendidikanProgrammeResults:
    goal = found.programme.goal
    figures = [
        rules.Figures(r.participants, r.completed, r.baseline_score, r.end_score)
        for r in found.evaluations
    ]
    completed, participants = rules.completion(figures)
    gain, weight = rules.weighted_gain(figures)
    meeting, scored = rules.goal_share(figures, goal)
    return PendidikanProgrammeResults(
        programme=programme(found.programme),
        schools_evaluated=len(figures),
        schools_scored=scored,
        participants=participants,
        completed=completed,
        completion_rate=trim(rules.percent(completed, participants)),
        average_gain=trim(rules.quotient(gain, weight)),
        schools_meeting_goal=meeting,
        share_meeting_goal=trim(rules.percent(meeting, scored)),
        rows=[evaluation(r, r.school, goal) for r in found.evaluations],
    )


def enrolment(row: models.Enrolment) -> PendidikanEnrolment:
    return PendidikanEnrolment(
        id=strawberry.ID(str(row.id)),
        year=row.year,
        level=Level(row.level),
        kecamatan=row.kecamatan,
        pupils_total=row.pupils_total,
        pupils_official_age=row.pupils_official_age,
        version=row.version,
    )


def population(row: models.Population) -> PendidikanPopulation:
    return PendidikanPopulation(
        id=strawberry.ID(str(row.id)),
        year=row.year,
        level=Level(row.level),
        kecamatan=row.kecamatan,
        population=row.population,
        version=row.version,
    )


def participation_row(row: rules.Participation) -> PendidikanParticipationRow:
    return PendidikanParticipationRow(
        kecamatan=row.kecamatan,
        pupils_total=row.pupils_total,
        pupils_official_age=row.pupils_official_age,
        population=row.population,
        apk=trim(row.apk),
        apm=trim(row.apm),
    )


# -- root fields ----------------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(description="An agency's schools (optionally of one level), by id.")
    async def pendidikan_schools(
        self,
        info: Info,
        agency_id: strawberry.ID,
        level: Level | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PendidikanSchool] | None:
        query = await services.schools_query(info.context.service, agency_id, level)
        return await paginate_query(info, query, school, first, after)

    @strawberry.field(
        description="An agency's programmes of a year, by code.",
        metadata=max_items(50, maximum=500),
    )
    async def pendidikan_programmes(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> list[PendidikanProgramme] | None:
        rows = await services.programmes(info.context.service, agency_id, year)
        return [programme(r) for r in rows]

    @strawberry.field(description="A programme's results per school, with totals.")
    async def pendidikan_programme_results(
        self, info: Info, programme_id: strawberry.ID
    ) -> PendidikanProgrammeResults | None:
        return results(await services.programme_results(info.context.service, programme_id))

    @strawberry.field(description="APK and APM of a level in a year, per kecamatan and total.")
    async def pendidikan_participation(
        self, info: Info, agency_id: strawberry.ID, year: int, level: Level
    ) -> PendidikanParticipation | None:
        report = await services.participation(info.context.service, agency_id, year, level)
        return PendidikanParticipation(
            year=report.year,
            level=report.level,
            official_ages=rules.official_ages(report.level),
            kecamatan=[participation_row(r) for r in report.rows],
            total=participation_row(report.total),
        )

    @strawberry.field(
        description="Every programme of a year with its results in one line each, by code "
        "(the dashboard panel).",
        metadata=max_items(50, maximum=500),
    )
    async def pendidikan_programme_summaries(
        self, info: Info, agency_id: strawberry.ID, year: int
    ) -> list[PendidikanProgrammeSummary] | None:
        found = await year_results(info.context.service, agency_id, year)
        return [summary(results(r)) for r in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Register a school (the agency's admins, central admins).")
    async def pendidikan_add_school(
        self, info: Info, input: PendidikanAddSchoolInput
    ) -> PendidikanAddSchoolResult:
        async def run() -> PendidikanSchool:
            row = await services.add_school(
                info.context.service,
                input.agency_id,
                npsn=input.npsn,
                name=input.name,
                level=input.level,
                kecamatan=input.kecamatan,
                status=input.status,
            )
            return school(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Set up a programme of a year.")
    async def pendidikan_add_programme(
        self, info: Info, input: PendidikanAddProgrammeInput
    ) -> PendidikanAddProgrammeResult:
        async def run() -> PendidikanProgramme:
            row = await services.add_programme(
                info.context.service,
                input.agency_id,
                code=input.code,
                name=input.name,
                year=input.year,
                goal=input.goal,
            )
            return programme(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Record a programme's evaluation in a school (once).")
    async def pendidikan_record_evaluation(
        self, info: Info, input: PendidikanRecordEvaluationInput
    ) -> PendidikanRecordEvaluationResult:
        async def run() -> PendidikanEvaluation:
            row = await services.record_evaluation(
                info.context.service,
                input.programme_id,
                input.school_id,
                participants=input.participants,
                completed=input.completed,
                baseline_score=input.baseline_score,
                end_score=input.end_score,
                evaluated_on=input.evaluated_on,
            )
            return await _evaluation_of(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Correct an evaluation read at `version` (audited).")
    async def pendidikan_correct_evaluation(
        self, info: Info, input: PendidikanCorrectEvaluationInput
    ) -> PendidikanCorrectEvaluationResult:
        async def run() -> PendidikanEvaluation:
            changes = {}
            if input.end_score is not strawberry.UNSET:
                changes["end_score"] = input.end_score
            row = await services.correct_evaluation(
                info.context.service,
                input.id,
                input.version,
                participants=input.participants,
                completed=input.completed,
                baseline_score=input.baseline_score,
                evaluated_on=input.evaluated_on,
                **changes,
            )
            return await _evaluation_of(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Record (or, with `version`, correct) enrolment figures.")
    async def pendidikan_record_enrolment(
        self, info: Info, input: PendidikanRecordEnrolmentInput
    ) -> PendidikanRecordEnrolmentResult:
        async def run() -> PendidikanEnrolment:
            row = await services.record_enrolment(
                info.context.service,
                input.agency_id,
                year=input.year,
                level=input.level,
                kecamatan=input.kecamatan,
                pupils_total=input.pupils_total,
                pupils_official_age=input.pupils_official_age,
                version=input.version,
            )
            return enrolment(row)

        return await mutate(info, run)

    @strawberry.mutation(description="Record (or, with `version`, correct) population figures.")
    async def pendidikan_record_population(
        self, info: Info, input: PendidikanRecordPopulationInput
    ) -> PendidikanRecordPopulationResult:
        async def run() -> PendidikanPopulation:
            row = await services.record_population(
                info.context.service,
                input.agency_id,
                year=input.year,
                level=input.level,
                kecamatan=input.kecamatan,
                population=input.population,
                version=input.version,
            )
            return population(row)

        return await mutate(info, run)


async def _evaluation_of(row: models.ProgrammeEvaluation) -> PendidikanEvaluation:
    await row.fetch_related("school", "programme")
    return evaluation(row, row.school, row.programme.goal)


# -- fields on core types -------------------------------------------------------------------------


@strawberry.type(description="Pendidikan fields of the core Agency type.")
class AgencyFields:
    @strawberry.field(description="The agency's schools (optionally of one level), by id.")
    async def pendidikan_schools(
        self,
        info: Info,
        level: Level | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PendidikanSchool] | None:
        # ``self`` is the core Agency object; ``self.row`` its row
        await require_plugin_data(info, services.PLUGIN, self.row.id)
        level = None if level is None else Level(level)
        # one statement for every agency of the request, through the reader
        filters = {} if level is None else {"level": level}
        rows = await info.context.reader.children(models.School, "agency_id", self.row, **filters)
        return paginate_list(info, rows, school, first, after)
