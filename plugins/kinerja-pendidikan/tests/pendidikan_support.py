"""Shared pieces of the pendidikan tests: the app, the people, the GraphQL documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kinerja_core import hookimpl
from kinerja_core.models import AuditEntry
from kinerja_core.plugins.testing import PluginTestApp, ok, plugin_app

from kinerja_pendidikan.models import (
    Enrolment,
    Population,
    Programme,
    ProgrammeEvaluation,
    School,
)

YEAR = dt.date.today().year


class EventSpy:
    """A tiny plugin that remembers the events it hears."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    @hookimpl
    def kinerja_on_event(self, event):
        self.events.append((event.name, dict(event.payload)))


def pendidikan_app(tmp_path, spy: EventSpy | None = None):
    """The app with the pendidikan plugin (and the event spy), on a fresh database."""
    plugins: dict[str, Any] = {"pendidikan": "kinerja_pendidikan.plugin"}
    if spy is not None:
        plugins["spy"] = spy
    return plugin_app(tmp_path, plugins)


@dataclass
class People:
    """Dinas Pendidikan (plugin on) and Dinas Kesehatan (off), and who may do what there."""

    disdik: Any
    dinkes: Any
    central: str  # central admin (BKPSDM)
    admin: str  # Disdik's agency admin
    staff: str  # a Disdik employee, no admin rights
    dinkes_admin: str
    dinkes_staff: str


async def people(app: PluginTestApp) -> People:
    disdik = await app.agency("DISDIK", "Dinas Pendidikan")
    dinkes = await app.agency("DINKES", "Dinas Kesehatan")
    await app.enable("pendidikan", disdik)
    return People(
        disdik=disdik,
        dinkes=dinkes,
        central=await app.person(central_admin=True),
        admin=await app.person(disdik, admin_of=disdik),
        staff=await app.person(disdik),
        dinkes_admin=await app.person(dinkes, admin_of=dinkes),
        dinkes_staff=await app.person(dinkes),
    )


ERR = """... on UserError { __typename code message }
  ... on ValidationError { field } ... on NotFound { field } ... on Conflict { field }
  ... on PluginDisabled { plugin agencyId }"""
SCHOOL = "id npsn name level kecamatan status"
EVALUATION = """id programmeId school { npsn } participants completed baselineScore endScore
  evaluatedOn version gain completionRate meetsGoal"""

ADD_SCHOOL = f"""mutation($input: PendidikanAddSchoolInput!) {{
  pendidikanAddSchool(input: $input) {{ __typename
    ... on PendidikanSchool {{ {SCHOOL} }} {ERR} }} }}"""
ADD_PROGRAMME = f"""mutation($input: PendidikanAddProgrammeInput!) {{
  pendidikanAddProgramme(input: $input) {{ __typename
    ... on PendidikanProgramme {{ id code name year goal }} {ERR} }} }}"""
RECORD_EVALUATION = f"""mutation($input: PendidikanRecordEvaluationInput!) {{
  pendidikanRecordEvaluation(input: $input) {{ __typename
    ... on PendidikanEvaluation {{ {EVALUATION} }} {ERR} }} }}"""
CORRECT_EVALUATION = f"""mutation($input: PendidikanCorrectEvaluationInput!) {{
  pendidikanCorrectEvaluation(input: $input) {{ __typename
    ... on PendidikanEvaluation {{ {EVALUATION} }} {ERR} }} }}"""
RECORD_ENROLMENT = f"""mutation($input: PendidikanRecordEnrolmentInput!) {{
  pendidikanRecordEnrolment(input: $input) {{ __typename
    ... on PendidikanEnrolment {{ id year level kecamatan pupilsTotal pupilsOfficialAge version }}
    {ERR} }} }}"""
RECORD_POPULATION = f"""mutation($input: PendidikanRecordPopulationInput!) {{
  pendidikanRecordPopulation(input: $input) {{ __typename
    ... on PendidikanPopulation {{ id year level kecamatan population version }} {ERR} }} }}"""
SCHOOLS = f"""query($a: ID!, $level: PendidikanLevel, $first: Int, $after: String) {{
  pendidikanSchools(agencyId: $a, level: $level, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {SCHOOL} }} }} }}"""
PROGRAMMES = """query($a: ID!, $year: Int!) { pendidikanProgrammes(agencyId: $a, year: $year) {
  id code name year goal } }"""
RESULTS = f"""query($p: ID!) {{ pendidikanProgrammeResults(programmeId: $p) {{
  programme {{ code goal }} schoolsEvaluated schoolsScored participants completed
  completionRate averageGain schoolsMeetingGoal shareMeetingGoal
  evaluations {{ totalCount nodes {{ {EVALUATION} }} }} }} }}"""
PARTICIPATION = """query($a: ID!, $year: Int!, $level: PendidikanLevel!) {
  pendidikanParticipation(agencyId: $a, year: $year, level: $level) {
    year level officialAges
    kecamatan { kecamatan pupilsTotal pupilsOfficialAge population apk apm }
    total { kecamatan pupilsTotal pupilsOfficialAge population apk apm } } }"""


async def mutation(app: PluginTestApp, document: str, token: str, **values: Any) -> dict:
    """Run a mutation with ``input`` = ``values``; its result object."""
    body = await app.gql(document, {"input": values}, token=token)
    name = document.split("{", 2)[1].split("(")[0].strip()
    return ok(body, name)


async def add_school(
    app: PluginTestApp,
    token: str,
    agency: Any,
    npsn: str,
    *,
    name: str = "",
    level: str = "SD",
    kecamatan: str = "Pontianak Kota",
    status: str = "NEGERI",
) -> dict:
    return await mutation(
        app,
        ADD_SCHOOL,
        token,
        agencyId=str(agency.id),
        npsn=npsn,
        name=name or f"SD Negeri {npsn[-2:]} {kecamatan}",
        level=level,
        kecamatan=kecamatan,
        status=status,
    )


async def add_programme(
    app: PluginTestApp,
    token: str,
    agency: Any,
    code: str = "LITERASI",
    *,
    goal: str = "70",
    year: int = YEAR,
    name: str = "Gerakan Literasi Sekolah",
) -> dict:
    return await mutation(
        app,
        ADD_PROGRAMME,
        token,
        agencyId=str(agency.id),
        code=code,
        name=name,
        year=year,
        goal=goal,
    )


async def record_evaluation(
    app: PluginTestApp,
    token: str,
    programme_id: str,
    school_id: str,
    *,
    participants: int = 40,
    completed: int = 30,
    baseline: str = "50",
    end: str | None = "62",
    on: dt.date | None = None,
) -> dict:
    return await mutation(
        app,
        RECORD_EVALUATION,
        token,
        programmeId=programme_id,
        schoolId=school_id,
        participants=participants,
        completed=completed,
        baselineScore=baseline,
        endScore=end,
        evaluatedOn=(on or dt.date(YEAR, 3, 10)).isoformat(),
    )


async def row_counts() -> dict[str, int]:
    """Rows of every pendidikan table and of the audit log: 'nothing was written' checks."""
    return {
        "school": await School.all().count(),
        "programme": await Programme.all().count(),
        "evaluation": await ProgrammeEvaluation.all().count(),
        "enrolment": await Enrolment.all().count(),
        "population": await Population.all().count(),
        "audit": await AuditEntry.filter(action__startswith="pendidikan.").count(),
    }
