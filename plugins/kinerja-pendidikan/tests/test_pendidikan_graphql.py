"""The pendidikan plugin over /graphql, the way a frontend uses it: entering and reading data,
validation, corrections with their audit, per-agency gating and access."""

from __future__ import annotations

import datetime as dt

import pytest
from kinerja_core.db import count_statements
from kinerja_core.models import AuditEntry
from kinerja_core.plugins.testing import ok
from pendidikan_support import (
    CORRECT_EVALUATION,
    PARTICIPATION,
    PROGRAMMES,
    RECORD_ENROLMENT,
    RECORD_EVALUATION,
    RECORD_POPULATION,
    RESULTS,
    SCHOOLS,
    YEAR,
    EventSpy,
    add_programme,
    add_school,
    mutation,
    pendidikan_app,
    people,
    record_evaluation,
    row_counts,
)

from kinerja_pendidikan.models import ProgrammeEvaluation, School


@pytest.fixture
def spy() -> EventSpy:
    return EventSpy()


@pytest.fixture
async def app(tmp_path, spy):
    async with pendidikan_app(tmp_path, spy) as app:
        yield app


async def test_an_agency_admin_registers_schools_that_its_employees_list(app):
    p = await people(app)
    first = await add_school(app, p.admin, p.disdik, "30100001", kecamatan="pontianak  kota")
    assert first == {
        "__typename": "PendidikanSchool",
        "id": first["id"],
        "npsn": "30100001",
        "name": "SD Negeri 01 pontianak  kota",
        "level": "SD",
        "kecamatan": "Pontianak Kota",  # as configured: case and spaces forgiven
        "status": "NEGERI",
    }
    await add_school(app, p.central, p.disdik, "30100002", level="SMP", kecamatan="Pontianak Utara")
    await add_school(app, p.admin, p.disdik, "30100003", level="SD", status="SWASTA")
    variables = {"a": str(p.disdik.id), "first": 2}
    page = ok(await app.gql(SCHOOLS, variables, token=p.staff), "pendidikanSchools")
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    assert [s["npsn"] for s in page["nodes"]] == ["30100001", "30100002"]
    variables["after"] = page["pageInfo"]["endCursor"]
    rest = ok(await app.gql(SCHOOLS, variables, token=p.staff), "pendidikanSchools")
    assert [s["npsn"] for s in rest["nodes"]] == ["30100003"]
    smp = await app.gql(SCHOOLS, {"a": str(p.disdik.id), "level": "SMP"}, token=p.admin)
    assert [s["npsn"] for s in ok(smp, "pendidikanSchools", "nodes")] == ["30100002"]
    audit = await AuditEntry.filter(action="pendidikan.school.create").order_by("id")
    assert [a.after["npsn"] for a in audit] == ["30100001", "30100002", "30100003"]
    assert audit[0].entity == "PendidikanSchool" and audit[0].before is None


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"npsn": "3010001"}, "pendidikan.npsn", "npsn"),
        ({"npsn": "3010000A"}, "pendidikan.npsn", "npsn"),
        ({"name": "  "}, "required", "name"),
        ({"kecamatan": "Sungai Kakap"}, "pendidikan.kecamatan", "kecamatan"),
        ({"npsn": "30100001"}, "pendidikan.school_exists", "npsn"),
    ],
)
async def test_a_bad_school_is_refused_naming_the_field_and_nothing_is_written(
    app, values, code, field
):
    p = await people(app)
    await add_school(app, p.admin, p.disdik, "30100001")
    before = await row_counts()
    school = {"npsn": "30100009", "kecamatan": "Pontianak Barat", **values}
    result = await add_school(app, p.admin, p.disdik, **school)
    assert (result["code"], result["field"]) == (code, field)
    assert await row_counts() == before


async def test_programmes_are_unique_per_agency_code_and_year(app):
    p = await people(app)
    made = await add_programme(app, p.admin, p.disdik, " literasi ", goal="70.5")
    assert (made["code"], made["goal"], made["year"]) == ("LITERASI", "70.5", YEAR)
    again = await add_programme(app, p.admin, p.disdik, "LITERASI")
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "pendidikan.programme_exists",
        "code",
    )
    next_year = await add_programme(app, p.admin, p.disdik, "LITERASI", year=YEAR + 1)
    assert next_year["__typename"] == "PendidikanProgramme"
    for goal, field in (("100.5", "goal"), ("-1", "goal"), ("70.125", "goal")):
        bad = await add_programme(app, p.admin, p.disdik, "NUMERASI", goal=goal)
        assert (bad["code"], bad["field"]) == ("pendidikan.score", field)
    bad = await add_programme(app, p.admin, p.disdik, "X", goal="60")
    assert (bad["code"], bad["field"]) == ("pendidikan.programme_code", "code")
    bad = await add_programme(app, p.admin, p.disdik, "NUMERASI", year=1999)
    assert (bad["code"], bad["field"]) == ("pendidikan.year", "year")
    body = await app.gql(PROGRAMMES, {"a": str(p.disdik.id), "year": YEAR}, token=p.staff)
    assert [(g["code"], g["goal"]) for g in ok(body, "pendidikanProgrammes")] == [
        ("LITERASI", "70.5")
    ]


async def school_and_programme(app, p, npsn="30100001"):
    school = await add_school(app, p.admin, p.disdik, npsn)
    programme = await add_programme(app, p.admin, p.disdik)
    return school, programme


async def test_an_evaluation_is_recorded_once_per_programme_and_school(app, spy):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    made = await record_evaluation(app, p.admin, programme["id"], school["id"])
    assert made == {
        "__typename": "PendidikanEvaluation",
        "id": made["id"],
        "programmeId": programme["id"],
        "school": {"npsn": "30100001"},
        "participants": 40,
        "completed": 30,
        "baselineScore": "50",
        "endScore": "62",
        "evaluatedOn": f"{YEAR}-03-10",
        "version": 1,
        "gain": "12",
        "completionRate": "75",
        "meetsGoal": False,  # 62 < goal 70
    }
    assert (
        "pendidikan_evaluation_saved",
        {
            "agency_id": p.disdik.id,
            "programme_id": int(programme["id"]),
            "school_id": int(school["id"]),
            "evaluation_id": int(made["id"]),
        },
    ) in spy.events
    before = await row_counts()
    again = await record_evaluation(app, p.admin, programme["id"], school["id"], completed=1)
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "pendidikan.evaluation_exists",
        "schoolId",
    )
    assert await row_counts() == before
    saved = [e for e in spy.events if e[0] == "pendidikan_evaluation_saved"]
    assert len(saved) == 1  # the refused write announced nothing


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"participants": -1}, "pendidikan.negative", "participants"),
        ({"completed": -2}, "pendidikan.negative", "completed"),
        ({"completed": 41}, "pendidikan.completed_above_participants", "completed"),
        ({"baseline": "100.01"}, "pendidikan.score", "baselineScore"),
        ({"end": "-0.5"}, "pendidikan.score", "endScore"),
        ({"end": "62.005"}, "pendidikan.score", "endScore"),
        ({"end": None}, "pendidikan.end_score_required", "endScore"),
        (
            {"on": dt.date(YEAR - 1, 12, 31)},
            "pendidikan.evaluated_in_programme_year",
            "evaluatedOn",
        ),
    ],
)
async def test_a_bad_evaluation_is_refused_naming_the_field_and_nothing_is_written(
    app, values, code, field
):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    before = await row_counts()
    result = await record_evaluation(app, p.admin, programme["id"], school["id"], **values)
    assert (result["__typename"], result["code"], result["field"]) == (
        "ValidationError",
        code,
        field,
    )
    assert await row_counts() == before


async def test_a_concurrent_duplicate_caught_by_the_database_is_a_conflict(app, monkeypatch):
    """Two requests both pass the existence check; the unique key stops the second one."""
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    await record_evaluation(app, p.admin, programme["id"], school["id"])
    before = await row_counts()

    async def nothing_there(*args, **kwargs):
        return False  # what the second request saw before the first one committed

    monkeypatch.setattr(ProgrammeEvaluation, "exists", nothing_there)
    monkeypatch.setattr(School, "exists", nothing_there)
    again = await record_evaluation(app, p.admin, programme["id"], school["id"])
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "pendidikan.evaluation_exists",
        "schoolId",
    )
    again = await add_school(app, p.admin, p.disdik, "30100001")
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "pendidikan.school_exists",
        "npsn",
    )
    assert await row_counts() == before


async def test_unknown_ids_and_a_school_of_another_agency_are_refused(app):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    await app.enable("pendidikan", p.dinkes)
    other = await add_school(app, p.central, p.dinkes, "30200001")
    result = await record_evaluation(app, p.admin, programme["id"], other["id"])
    assert (result["code"], result["field"]) == ("pendidikan.school_other_agency", "schoolId")
    result = await record_evaluation(app, p.admin, "999999", school["id"])
    assert (result["__typename"], result["field"]) == ("NotFound", "programmeId")
    result = await record_evaluation(app, p.admin, programme["id"], "abc")
    assert (result["__typename"], result["field"]) == ("ValidationError", "schoolId")
    assert await ProgrammeEvaluation.all().count() == 0


async def test_messages_are_indonesian_first_and_english_on_request(app):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    variables = {
        "input": {
            "programmeId": programme["id"],
            "schoolId": school["id"],
            "participants": 40,
            "completed": 41,
            "baselineScore": "50",
            "endScore": "60",
            "evaluatedOn": f"{YEAR}-03-10",
        }
    }
    messages = []
    for lang in ("id", "en"):
        body = await app.gql(RECORD_EVALUATION, variables, token=p.admin, lang=lang)
        messages.append(ok(body, "pendidikanRecordEvaluation")["message"])
    assert messages == [
        "Jumlah peserta yang tuntas (41) melebihi jumlah peserta (40).",
        "Completed (41) cannot be more than participants (40).",
    ]


async def test_completed_above_participants_is_allowed_when_the_agency_says_so(app):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    body = await app.gql(
        'mutation($a: ID!, $c: JSON!) { configurePlugin(name: "pendidikan", agencyId: $a,'
        " config: $c) { __typename } }",
        {"a": str(p.disdik.id), "c": {"allow_completed_above_participants": True}},
        token=p.central,
    )
    assert ok(body, "configurePlugin")["__typename"] == "PluginActivation"
    made = await record_evaluation(
        app, p.admin, programme["id"], school["id"], participants=40, completed=42
    )
    assert (made["completed"], made["completionRate"]) == (42, "105")


async def test_a_correction_needs_the_version_read_and_is_audited(app):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    made = await record_evaluation(app, p.admin, programme["id"], school["id"])
    fixed = await mutation(
        app, CORRECT_EVALUATION, p.admin, id=made["id"], version=1, endScore="71.5", completed=36
    )
    assert (fixed["version"], fixed["endScore"], fixed["completed"]) == (2, "71.5", 36)
    assert (fixed["gain"], fixed["completionRate"], fixed["meetsGoal"]) == ("21.5", "90", True)
    entry = await AuditEntry.get(action="pendidikan.evaluation.correct")
    assert entry.entity == "PendidikanEvaluation" and entry.entity_id == made["id"]
    assert (entry.before["end_score"], entry.before["completed"], entry.before["version"]) == (
        "62.00",
        30,
        1,
    )
    assert (entry.after["end_score"], entry.after["completed"], entry.after["version"]) == (
        "71.50",
        36,
        2,
    )
    # a correction based on the old version is refused and changes nothing
    stale = await mutation(app, CORRECT_EVALUATION, p.admin, id=made["id"], version=1, completed=1)
    assert (stale["__typename"], stale["code"], stale["field"]) == (
        "Conflict",
        "conflict.version",
        "version",
    )
    bad = await mutation(app, CORRECT_EVALUATION, p.admin, id=made["id"], version=2, completed=41)
    assert (bad["code"], bad["field"]) == ("pendidikan.completed_above_participants", "completed")
    row = await ProgrammeEvaluation.get(id=int(made["id"]))
    assert (row.version, row.completed) == (2, 36)
    assert await AuditEntry.filter(action="pendidikan.evaluation.correct").count() == 1
    # the end score may be cleared once nobody has completed yet
    cleared = await mutation(
        app, CORRECT_EVALUATION, p.admin, id=made["id"], version=2, completed=0, endScore=None
    )
    assert (cleared["endScore"], cleared["gain"], cleared["meetsGoal"]) == (None, None, None)
    # the staff of the agency may read but not correct
    refused = await mutation(app, CORRECT_EVALUATION, p.staff, id=made["id"], version=3)
    assert (refused["__typename"], refused["code"]) == ("NotAllowed", "access.agency")


async def test_programme_results_per_school_and_in_total(app):
    p = await people(app)
    programme = await add_programme(app, p.admin, p.disdik, goal="60")
    figures = [  # participants, completed, baseline, end
        ("30100001", 40, 38, "50", "62"),  # +12, meets
        ("30100002", 60, 54, "55", "60"),  # +5, meets (equal)
        ("30100003", 30, 0, "60", None),  # running: no end score
        ("30100004", 20, 20, "58", "59"),  # +1, below
    ]
    for npsn, participants, completed, baseline, end in figures:
        school = await add_school(app, p.admin, p.disdik, npsn)
        made = await record_evaluation(
            app,
            p.admin,
            programme["id"],
            school["id"],
            participants=participants,
            completed=completed,
            baseline=baseline,
            end=end,
        )
        assert made["__typename"] == "PendidikanEvaluation", made
    body = await app.gql(RESULTS, {"p": programme["id"]}, token=p.staff)
    found = ok(body, "pendidikanProgrammeResults")
    # gain (40x12 + 60x5 + 20x1) / 120 = 800 / 120; completion 112 / 150; goal 2 of 3 scored
    assert {k: v for k, v in found.items() if k != "evaluations"} == {
        "programme": {"code": "LITERASI", "goal": "60"},
        "schoolsEvaluated": 4,
        "schoolsScored": 3,
        "participants": 150,
        "completed": 112,
        "completionRate": "74.6667",
        "averageGain": "6.6667",
        "schoolsMeetingGoal": 2,
        "shareMeetingGoal": "66.6667",
    }
    rows = found["evaluations"]["nodes"]
    assert [(r["school"]["npsn"], r["gain"], r["meetsGoal"]) for r in rows] == [
        ("30100001", "12", True),
        ("30100002", "5", True),
        ("30100003", None, None),
        ("30100004", "1", False),
    ]


async def test_enrolment_and_population_give_apk_and_apm_per_kecamatan_and_in_total(app, spy):
    p = await people(app)
    figures = {
        "Pontianak Kota": (1100, 950, 1000),  # APK 110: pupils above the population are fine
        "Pontianak Barat": (800, 760, 1000),
        "Pontianak Timur": (500, 450, None),  # no population yet: left out of the total
    }
    for kecamatan, (total, official, population) in figures.items():
        made = await mutation(
            app,
            RECORD_ENROLMENT,
            p.admin,
            agencyId=str(p.disdik.id),
            year=YEAR,
            level="SD",
            kecamatan=kecamatan,
            pupilsTotal=total,
            pupilsOfficialAge=official,
        )
        assert (made["__typename"], made["version"]) == ("PendidikanEnrolment", 1), made
        if population is not None:
            made = await mutation(
                app,
                RECORD_POPULATION,
                p.admin,
                agencyId=str(p.disdik.id),
                year=YEAR,
                level="SD",
                kecamatan=kecamatan,
                population=population,
            )
            assert made["__typename"] == "PendidikanPopulation", made
    body = await app.gql(
        PARTICIPATION, {"a": str(p.disdik.id), "year": YEAR, "level": "SD"}, token=p.staff
    )
    report = ok(body, "pendidikanParticipation")
    assert (report["year"], report["level"], report["officialAges"]) == (YEAR, "SD", "7-12")
    assert [(k["kecamatan"], k["apk"], k["apm"]) for k in report["kecamatan"]] == [
        ("Pontianak Barat", "80", "76"),
        ("Pontianak Kota", "110", "95"),
        ("Pontianak Timur", None, None),
    ]
    assert report["total"] == {
        "kecamatan": None,
        "pupilsTotal": 1900,
        "pupilsOfficialAge": 1710,
        "population": 2000,
        "apk": "95",
        "apm": "85.5",
    }
    assert any(e[0] == "pendidikan_participation_saved" for e in spy.events)


async def test_enrolment_checks_and_corrections(app):
    p = await people(app)
    base = {
        "agencyId": str(p.disdik.id),
        "year": YEAR,
        "level": "SMP",
        "kecamatan": "Pontianak Selatan",
        "pupilsTotal": 900,
        "pupilsOfficialAge": 700,
    }
    first = await mutation(app, RECORD_ENROLMENT, p.admin, **base)
    before = await row_counts()
    for values, code, field in (
        ({"pupilsOfficialAge": 901}, "pendidikan.official_age_above_total", "pupilsOfficialAge"),
        ({"pupilsTotal": -1}, "pendidikan.negative", "pupilsTotal"),
        ({"kecamatan": "Kubu Raya"}, "pendidikan.kecamatan", "kecamatan"),
        ({"year": 2200}, "pendidikan.year", "year"),
        ({}, "pendidikan.enrolment_exists", "kecamatan"),  # second record of the same key
        ({"version": 7}, "conflict.version", "version"),  # a stale correction
        (
            {"kecamatan": "Pontianak Utara", "version": 1},
            "pendidikan.nothing_to_correct",
            "version",
        ),
    ):
        result = await mutation(app, RECORD_ENROLMENT, p.admin, **{**base, **values})
        assert (result["code"], result["field"]) == (code, field), values
    assert await row_counts() == before
    fixed = await mutation(
        app, RECORD_ENROLMENT, p.admin, **{**base, "pupilsTotal": 950, "version": 1}
    )
    assert (fixed["id"], fixed["version"], fixed["pupilsTotal"]) == (first["id"], 2, 950)
    entry = await AuditEntry.get(action="pendidikan.enrolment.correct")
    assert (entry.before["pupils_total"], entry.after["pupils_total"]) == (900, 950)
    # population: a second record is a conflict, a correction with the version is audited
    pop = {k: v for k, v in base.items() if not k.startswith("pupils")} | {"population": 800}
    made = await mutation(app, RECORD_POPULATION, p.admin, **pop)
    again = await mutation(app, RECORD_POPULATION, p.admin, **pop)
    assert (again["code"], again["field"]) == ("pendidikan.population_exists", "kecamatan")
    fixed = await mutation(app, RECORD_POPULATION, p.admin, **pop, version=1)
    assert fixed["version"] == 1  # nothing changed: nothing written
    fixed = await mutation(app, RECORD_POPULATION, p.admin, **{**pop, "population": 850}, version=1)
    assert (fixed["id"], fixed["version"], fixed["population"]) == (made["id"], 2, 850)
    assert await AuditEntry.filter(action="pendidikan.population.correct").count() == 1


async def test_official_age_above_total_is_allowed_when_the_check_is_off(app):
    p = await people(app)
    body = await app.gql(
        'mutation($a: ID!, $c: JSON!) { configurePlugin(name: "pendidikan", agencyId: $a,'
        " config: $c) { __typename } }",
        {"a": str(p.disdik.id), "c": {"apm_above_apk_check": False, "kecamatan": ""}},
        token=p.central,
    )
    assert ok(body, "configurePlugin")["__typename"] == "PluginActivation"
    made = await mutation(
        app,
        RECORD_ENROLMENT,
        p.admin,
        agencyId=str(p.disdik.id),
        year=YEAR,
        level="PAUD",
        kecamatan="Sungai  Kakap",  # no kecamatan list configured: any name, spaces tidied
        pupilsTotal=10,
        pupilsOfficialAge=11,
    )
    assert (made["pupilsOfficialAge"], made["kecamatan"]) == (11, "Sungai Kakap")


async def test_an_agency_without_the_plugin_gets_plugin_disabled_and_no_data(app):
    p = await people(app)
    await add_school(app, p.admin, p.disdik, "30100001")
    before = await row_counts()
    # mutation: the typed result, nothing written
    result = await add_school(app, p.central, p.dinkes, "30200001")
    assert result == {
        "__typename": "PluginDisabled",
        "code": "plugin.disabled",
        "message": "The plugin pendidikan is not enabled for this agency.",
        "plugin": "pendidikan",
        "agencyId": str(p.dinkes.id),
    }
    result = await mutation(
        app,
        RECORD_POPULATION,
        p.central,
        agencyId=str(p.dinkes.id),
        year=YEAR,
        level="SD",
        kecamatan="Pontianak Kota",
        population=10,
    )
    assert result["__typename"] == "PluginDisabled"
    assert await row_counts() == before
    # query: null and a PluginDisabled error
    body = await app.gql(SCHOOLS, {"a": str(p.dinkes.id)}, token=p.central)
    assert body["data"] == {"pendidikanSchools": None}
    assert body["errors"][0]["extensions"]["kind"] == "PluginDisabled"
    assert body["errors"][0]["extensions"]["plugin"] == "pendidikan"
    body = await app.gql(
        PARTICIPATION, {"a": str(p.dinkes.id), "year": YEAR, "level": "SD"}, token=p.central
    )
    assert body["data"] == {"pendidikanParticipation": None}
    assert body["errors"][0]["extensions"]["kind"] == "PluginDisabled"
    # Agency field: a list for Disdik, null (with the error) for the others
    body = await app.gql(
        "{ agencies { code pendidikanSchools { nodes { npsn } } } }", token=p.central
    )
    schools = {a["code"]: a["pendidikanSchools"] for a in body["data"]["agencies"]}
    assert schools == {
        "BKPSDM": None,
        "DINKES": None,
        "DISDIK": {"nodes": [{"npsn": "30100001"}]},
    }
    assert {e["extensions"]["kind"] for e in body["errors"]} == {"PluginDisabled"}
    assert len(body["errors"]) == 2
    # switched off: the data stay but are not shown
    body = await app.gql(
        'mutation($a: ID) { disablePlugin(name: "pendidikan", agencyId: $a) { __typename } }',
        {"a": str(p.disdik.id)},
        token=p.central,
    )
    assert ok(body, "disablePlugin")["__typename"] == "PluginActivation"
    body = await app.gql(SCHOOLS, {"a": str(p.disdik.id)}, token=p.admin)
    assert body["data"] == {"pendidikanSchools": None}
    result = await add_programme(app, p.admin, p.disdik)
    assert result["__typename"] == "PluginDisabled"


async def test_another_agency_may_neither_read_nor_write(app):
    p = await people(app)
    school, programme = await school_and_programme(app, p)
    result = await add_school(app, p.dinkes_admin, p.disdik, "30100002")
    assert (result["__typename"], result["code"]) == ("NotAllowed", "access.agency")
    result = await record_evaluation(app, p.dinkes_admin, programme["id"], school["id"])
    assert (result["__typename"], result["code"]) == ("NotAllowed", "access.agency")
    result = await record_evaluation(app, p.staff, programme["id"], school["id"])
    assert (result["__typename"], result["code"]) == ("NotAllowed", "access.agency")
    for token in (p.dinkes_staff, p.dinkes_admin):
        body = await app.gql(SCHOOLS, {"a": str(p.disdik.id)}, token=token)
        assert body["data"] == {"pendidikanSchools": None}
        assert body["errors"][0]["extensions"]["code"] == "access.denied"
        body = await app.gql(RESULTS, {"p": programme["id"]}, token=token)
        assert body["errors"][0]["extensions"]["code"] == "access.denied"
    body = await app.gql(
        "{ agencies { code pendidikanSchools { totalCount } } }", token=p.dinkes_staff
    )
    disdik = next(a for a in body["data"]["agencies"] if a["code"] == "DISDIK")
    assert disdik["pendidikanSchools"] is None
    assert "access.denied" in {e["extensions"]["code"] for e in body["errors"]}
    body = await app.gql(SCHOOLS, {"a": str(p.disdik.id)})  # not signed in
    assert body["data"] == {"pendidikanSchools": None}
    assert body["errors"][0]["extensions"]["kind"] == "NotAllowed"
    assert await ProgrammeEvaluation.all().count() == 0


async def test_the_agency_field_costs_the_same_statements_for_more_agencies(app):
    p = await people(app)
    query = "{ agencies { code pendidikanSchools(level: SD) { totalCount nodes { npsn } } } }"
    await add_school(app, p.admin, p.disdik, "30100001")

    async def statements() -> int:
        with count_statements() as log:
            body = await app.gql(query, token=p.central)
        assert not body.get("errors"), body["errors"]
        return len(log.statements)

    await app.enable("pendidikan")  # the global default: every agency has it
    small = await statements()
    for n in range(3):
        agency = await app.agency(f"OPD{n}", f"OPD {n}")
        await add_school(app, p.central, agency, f"3020000{n}")
        await add_school(app, p.central, agency, f"3030000{n}", level="SMP")
    assert await statements() == small
    body = await app.gql(query, token=p.central)
    by_code = {a["code"]: a["pendidikanSchools"]["nodes"] for a in body["data"]["agencies"]}
    assert by_code["OPD1"] == [{"npsn": "30200001"}]
