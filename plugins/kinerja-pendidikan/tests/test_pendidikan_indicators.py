"""The indicator types: hand-computed values with provenance, listed for an agency, and an IKI
linked to one computed through the core's planning and monitoring API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from kinerja_core.domain.enums import PeriodKind, PlanStatus, PositionType
from kinerja_core.domain.periods import build_period
from kinerja_core.domain.targets import achievement
from kinerja_core.models import (
    Assignment,
    Employee,
    PerformancePlan,
    Position,
    Realization,
    Unit,
)
from kinerja_core.plugins.indicator import RecordRef, Scope
from kinerja_core.plugins.testing import ok
from pendidikan_support import (
    CORRECT_EVALUATION,
    RECORD_ENROLMENT,
    RECORD_POPULATION,
    YEAR,
    EventSpy,
    add_programme,
    add_school,
    mutation,
    pendidikan_app,
    people,
    record_evaluation,
)

from kinerja_pendidikan.indicators import (
    APK,
    APM,
    COMPLETION_RATE,
    SCHOOLS_MEETING_GOAL,
    SCORE_GAIN,
)


@pytest.fixture
def spy() -> EventSpy:
    return EventSpy()


@pytest.fixture
async def app(tmp_path, spy):
    async with pendidikan_app(tmp_path, spy) as app:
        yield app


D = Decimal
S1 = build_period(YEAR, PeriodKind.SEMESTER, 1)
S2 = build_period(YEAR, PeriodKind.SEMESTER, 2)
MARCH = build_period(YEAR, PeriodKind.MONTHLY, 3)
JANUARY = build_period(YEAR, PeriodKind.MONTHLY, 1)
EVALUATIONS = [  # npsn, participants, completed, baseline, end, evaluated on
    ("30100001", 40, 38, "50", "62", dt.date(YEAR, 3, 10)),  # +12, meets goal 60
    ("30100002", 60, 54, "55", "60", dt.date(YEAR, 5, 5)),  # +5, meets (equal)
    ("30100003", 30, 0, "60", None, dt.date(YEAR, 6, 1)),  # running: no end score
    ("30100004", 20, 20, "58", "59", dt.date(YEAR, 9, 15)),  # +1, below; second semester
]


async def evaluated(app, p):
    """Disdik's LITERASI (goal 60) evaluated in four schools, NUMERASI in one."""
    literasi = await add_programme(app, p.admin, p.disdik, "LITERASI", goal="60")
    numerasi = await add_programme(app, p.admin, p.disdik, "NUMERASI", name="Numerasi")
    ids = {}
    for npsn, participants, completed, baseline, end, on in EVALUATIONS:
        school = await add_school(app, p.admin, p.disdik, npsn)
        made = await record_evaluation(
            app,
            p.admin,
            literasi["id"],
            school["id"],
            participants=participants,
            completed=completed,
            baseline=baseline,
            end=end,
            on=on,
        )
        assert made["__typename"] == "PendidikanEvaluation", made
        ids[npsn] = made["id"]
    other = await record_evaluation(
        app, p.admin, numerasi["id"], school["id"], participants=99, completed=1, end="10"
    )
    assert other["__typename"] == "PendidikanEvaluation", other
    return ids


def refs(ids, *npsns):
    return tuple(
        RecordRef("ProgrammeEvaluation", ids[n], f"{n} SD Negeri {n[-2:]} Pontianak Kota")
        for n in npsns
    )


async def test_programme_indicators_count_the_evaluations_of_the_year_up_to_the_period(app):
    p = await people(app)
    ids = await evaluated(app, p)
    scope = Scope(agency_id=p.disdik.id, parameters={"programme": "LITERASI"})

    gain = await SCORE_GAIN.compute(scope, S1)  # (40x12 + 60x5) / 100
    assert (gain.value, gain.numerator, gain.denominator) == (D("7.8"), D(780), D(100))
    assert gain.records == refs(ids, "30100001", "30100002")  # the running school has no score
    gain = await SCORE_GAIN.compute(scope, S2)  # (780 + 20x1) / 120, the whole year so far
    assert (gain.value, gain.numerator, gain.denominator) == (D("6.6667"), D(800), D(120))

    rate = await COMPLETION_RATE.compute(scope, S1)  # (38 + 54 + 0) / (40 + 60 + 30)
    assert (rate.value, rate.numerator, rate.denominator) == (D("70.7692"), D(92), D(130))
    assert rate.records == refs(ids, "30100001", "30100002", "30100003")
    rate = await COMPLETION_RATE.compute(scope, MARCH)  # 38 / 40: only what was known by then
    assert (rate.value, rate.records) == (D(95), refs(ids, "30100001"))
    rate = await COMPLETION_RATE.compute(scope, S2)
    assert (rate.value, rate.numerator, rate.denominator) == (D("74.6667"), D(112), D(150))

    share = await SCHOOLS_MEETING_GOAL.compute(scope, S1)  # 62 and 60 reach the goal 60
    assert (share.value, share.numerator, share.denominator) == (D(100), D(2), D(2))
    assert share.note == "goal: end score >= 60.00"
    share = await SCHOOLS_MEETING_GOAL.compute(scope, S2)  # 59 does not
    assert (share.value, share.numerator, share.denominator) == (D("66.6667"), D(2), D(3))
    assert share.records == refs(ids, "30100001", "30100002", "30100004")


async def test_no_data_gives_no_value_and_says_why(app):
    p = await people(app)
    await evaluated(app, p)
    scope = Scope(agency_id=p.disdik.id, parameters={"programme": "LITERASI"})
    early = await COMPLETION_RATE.compute(scope, JANUARY)
    assert (early.value, early.records) == (None, ())
    assert early.note == f"no evaluations up to {YEAR}-01-31"
    early = await SCORE_GAIN.compute(scope, JANUARY)
    assert (early.value, early.note) == (
        None,
        f"no evaluations with an end score up to {YEAR}-01-31",
    )
    other_year = build_period(YEAR + 1, PeriodKind.SEMESTER, 1)
    none = await COMPLETION_RATE.compute(scope, other_year)
    assert (none.value, none.note) == (None, f"no programme LITERASI in {YEAR + 1}")
    other_agency = Scope(agency_id=p.dinkes.id, parameters={"programme": "LITERASI"})
    assert (await SCHOOLS_MEETING_GOAL.compute(other_agency, S1)).value is None


async def record_figures(app, p, year, level, kecamatan, total, official, population):
    common = {"agencyId": str(p.disdik.id), "year": year, "level": level, "kecamatan": kecamatan}
    if total is not None:
        made = await mutation(
            app,
            RECORD_ENROLMENT,
            p.admin,
            **common,
            pupilsTotal=total,
            pupilsOfficialAge=official,
        )
        assert made["__typename"] == "PendidikanEnrolment", made
    if population is not None:
        made = await mutation(app, RECORD_POPULATION, p.admin, **common, population=population)
        assert made["__typename"] == "PendidikanPopulation", made


async def test_apk_and_apm_from_enrolment_and_population_with_provenance(app):
    p = await people(app)
    await record_figures(app, p, YEAR, "SD", "Pontianak Kota", 1100, 950, 1000)
    await record_figures(app, p, YEAR, "SD", "Pontianak Barat", 800, 760, 1000)
    await record_figures(app, p, YEAR, "SD", "Pontianak Timur", 500, 450, None)
    await record_figures(app, p, YEAR, "SMP", "Pontianak Kota", 10, 9, 10)  # another level
    await record_figures(app, p, YEAR - 1, "SD", "Pontianak Kota", 1, 1, 1000)  # another year
    year = build_period(YEAR, PeriodKind.MONTHLY, 12)

    kota = Scope(agency_id=p.disdik.id, parameters={"level": "SD", "kecamatan": "Pontianak Kota"})
    value = await APK.compute(kota, year)
    assert (value.value, value.numerator, value.denominator) == (D(110), D(1100), D(1000))
    assert [(r.entity, r.label) for r in value.records] == [
        ("Enrolment", f"{YEAR} SD Pontianak Kota"),
        ("Population", f"{YEAR} SD Pontianak Kota"),
    ]
    assert (await APM.compute(kota, year)).value == D(95)

    city = Scope(agency_id=p.disdik.id, parameters={"level": "SD"})
    value = await APK.compute(city, year)  # (1100 + 800) / 2000; Timur has no population
    assert (value.value, value.numerator, value.denominator) == (D(95), D(1900), D(2000))
    assert value.note == "left out (one figure missing): Pontianak Timur"
    assert len(value.records) == 4
    value = await APM.compute(city, year)  # (950 + 760) / 2000
    assert (value.value, value.numerator) == (D("85.5"), D(1710))

    paud = Scope(agency_id=p.disdik.id, parameters={"level": "PAUD"})
    value = await APK.compute(paud, year)
    assert (value.value, value.note) == (None, f"no enrolment with population for PAUD in {YEAR}")


TYPES = """query($a: ID!) { indicatorTypes(agencyId: $a) { code unit multiplier periodicity
  cumulative parameters { name kind required choices(agencyId: $a) { value label } } } }"""


async def test_the_types_are_listed_for_the_agency_with_their_choices(app):
    p = await people(app)
    await evaluated(app, p)
    await record_figures(app, p, YEAR, "SD", "Pontianak Utara", 10, 9, None)
    await record_figures(app, p, YEAR, "SD", "Pontianak Barat", None, None, 12)
    body = await app.gql(TYPES, {"a": str(p.disdik.id)}, token=p.staff)
    kinds = {k["code"]: k for k in ok(body, "indicatorTypes")}
    assert sorted(kinds) == [
        "core.manual",
        "pendidikan.apk",
        "pendidikan.apm",
        "pendidikan.completion_rate",
        "pendidikan.schools_meeting_goal",
        "pendidikan.score_gain",
    ]
    gain = kinds["pendidikan.score_gain"]
    assert (gain["unit"], gain["multiplier"], gain["cumulative"]) == ("poin", "1", False)
    assert kinds["pendidikan.completion_rate"]["parameters"] == [
        {
            "name": "programme",
            "kind": "CHOICE",
            "required": True,
            "choices": [
                {"value": "LITERASI", "label": "Gerakan Literasi Sekolah"},
                {"value": "NUMERASI", "label": "Numerasi"},
            ],
        }
    ]
    level, kecamatan = kinds["pendidikan.apk"]["parameters"]
    assert [c["value"] for c in level["choices"]] == ["PAUD", "SD", "SMP"]
    assert level["choices"][1]["label"] == "SD (usia 7-12)"
    assert kecamatan["required"] is False
    assert [c["value"] for c in kecamatan["choices"]] == ["Pontianak Barat", "Pontianak Utara"]
    body = await app.gql(TYPES, {"a": str(p.dinkes.id)}, token=p.central)
    assert [k["code"] for k in ok(body, "indicatorTypes")] == ["core.manual"]


# -- an IKI linked to pendidikan.completion_rate, through the core API ------------------------

CREATE_PLAN = """mutation($input: CreatePlanInput!) { createPlan(input: $input) {
  __typename ... on PerformancePlan { id form } ... on UserError { code message } } }"""
ADD_RESULT = """mutation($input: AddWorkResultInput!) { addWorkResult(input: $input) {
  __typename ... on WorkResult { id } ... on UserError { code message } } }"""
ADD_INDICATOR = """mutation($input: AddIndicatorInput!) { addIndicator(input: $input) {
  __typename ... on Indicator { id indicatorType }
  ... on UserError { code message } ... on ValidationError { field } } }"""
SETUP = """mutation($a: ID!, $year: Int!) { setupPeriods(agencyId: $a, year: $year) {
  __typename ... on PeriodSetup { periods { id number } } ... on UserError { code message } } }"""
OPEN = """mutation($id: ID!) { openPeriod(id: $id) {
  __typename ... on Period { status } ... on UserError { code message } } }"""
COMPUTED = """query($i: ID!, $p: ID!) { computedRealization(indicatorId: $i, periodId: $p) {
  indicatorType plugin value numerator denominator unit cumulative
  records { entity id label } annualTarget target achievement } }"""


async def head_of(app, agency, name):
    """The agency's head: a JPT position heading its top unit (an SKP needs a position)."""
    token = await app.person(agency, name=name)
    unit = await Unit.get(agency_id=agency.id, parent_id=None)
    position = await Position.create(
        agency=agency, unit=unit, name=name, type=PositionType.JPT, is_unit_head=True
    )
    employee = await Employee.get(name=name)
    await Assignment.create(employee=employee, position=position, start_date=dt.date(YEAR, 1, 1))
    return token


async def linked_iki(app, p, token, agency=None, parameters=None):
    plan = ok(await app.gql(CREATE_PLAN, {"input": {"year": YEAR}}, token=token), "createPlan")
    assert plan["__typename"] == "PerformancePlan", plan
    result = ok(
        await app.gql(
            ADD_RESULT,
            {"input": {"planId": plan["id"], "description": "Literasi siswa meningkat"}},
            token=token,
        ),
        "addWorkResult",
    )
    assert result["__typename"] == "WorkResult", result
    values = {
        "workResultId": result["id"],
        "description": "Persentase siswa yang menuntaskan program literasi",
        "unit": "%",
        "targetValue": "85",
        "indicatorType": "pendidikan.completion_rate",
        "parameters": {"programme": "LITERASI"} if parameters is None else parameters,
    }
    body = await app.gql(ADD_INDICATOR, {"input": values}, token=token)
    return plan, ok(body, "addIndicator")


async def periods(app, p, agency=None):
    agency = agency or p.disdik
    body = await app.gql(SETUP, {"a": str(agency.id), "year": YEAR}, token=p.central)
    return {row["number"]: row["id"] for row in ok(body, "setupPeriods", "periods")}


async def test_an_iki_linked_to_completion_rate_is_computed_by_the_core(app):
    p = await people(app)
    head = await head_of(app, p.disdik, "Kepala Dinas Pendidikan")
    ids = await evaluated(app, p)
    _, indicator = await linked_iki(app, p, head)
    assert indicator["indicatorType"] == "pendidikan.completion_rate", indicator
    june = (await periods(app, p))[6]
    body = await app.gql(COMPUTED, {"i": indicator["id"], "p": june}, token=head, lang="en")
    computed = ok(body, "computedRealization")
    assert computed == {
        "indicatorType": "pendidikan.completion_rate",
        "plugin": "pendidikan",
        "value": "70.7692",  # (38 + 54 + 0) / 130 x 100: evaluations up to 30 June
        "numerator": "92",
        "denominator": "130",
        "unit": "%",
        "cumulative": False,
        "records": [
            {"entity": r.entity, "id": r.id, "label": r.label}
            for r in refs(ids, "30100001", "30100002", "30100003")
        ],
        "annualTarget": "85",
        "target": "85",  # a rate: the target is not prorated
        "achievement": str(achievement(D(85), D("70.7692"), True)),
    }
    assert D(computed["achievement"]).quantize(D("0.1")) == D("83.3")  # 70.7692 / 85 x 100


async def test_an_iki_needs_a_known_programme_and_the_plugin_on_for_the_agency(app):
    p = await people(app)
    await evaluated(app, p)
    head = await head_of(app, p.disdik, "Kepala Dinas Pendidikan")
    _, refused = await linked_iki(app, p, head, parameters={"programme": "MATEMATIKA"})
    assert (refused["code"], refused["field"]) == ("indicator_type.parameter_choice", "parameters")
    dinkes_head = await head_of(app, p.dinkes, "Kepala Dinas Kesehatan")
    _, refused = await linked_iki(app, p, dinkes_head)
    assert (refused["code"], refused["field"]) == ("plugin.disabled", "indicatorType")


async def test_saving_an_evaluation_refreshes_the_stored_realisasi_of_linked_ikis(app):
    p = await people(app)
    head = await head_of(app, p.disdik, "Kepala Dinas Pendidikan")
    literasi = await add_programme(app, p.admin, p.disdik, "LITERASI", goal="60")
    plan, indicator = await linked_iki(app, p, head)
    # planning is tested by the core: here the SKP is simply approved
    await PerformancePlan.filter(id=int(plan["id"])).update(status=PlanStatus.APPROVED)
    march = (await periods(app, p))[3]
    body = await app.gql(OPEN, {"id": march}, token=p.central)
    assert ok(body, "openPeriod")["status"] == "OPEN"
    school = await add_school(app, p.admin, p.disdik, "30100001")
    made = await record_evaluation(
        app, p.admin, literasi["id"], school["id"], participants=40, completed=38
    )

    stored = await Realization.get(indicator_id=int(indicator["id"]), period_id=int(march))
    assert stored.value == D(95)
    assert stored.provenance["source"] == "pendidikan.completion_rate"
    assert (stored.provenance["numerator"], stored.provenance["denominator"]) == ("38", "40")
    assert stored.provenance["records"] == [
        {
            "entity": "ProgrammeEvaluation",
            "id": made["id"],
            "label": refs({"30100001": made["id"]}, "30100001")[0].label,
        }
    ]
    # a correction recomputes it
    fixed = await mutation(app, CORRECT_EVALUATION, p.admin, id=made["id"], version=1, completed=40)
    assert fixed["version"] == 2
    stored = await Realization.get(indicator_id=int(indicator["id"]), period_id=int(march))
    assert stored.value == D(100)
    # an evaluation dated after March does not change March
    later = await add_school(app, p.admin, p.disdik, "30100002")
    await record_evaluation(
        app,
        p.admin,
        literasi["id"],
        later["id"],
        participants=10,
        completed=0,
        end=None,
        on=dt.date(YEAR, 4, 2),
    )
    stored = await Realization.get(indicator_id=int(indicator["id"]), period_id=int(march))
    assert (stored.value, stored.version) == (D(100), 2)
