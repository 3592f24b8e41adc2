"""Entering and correcting monthly reports over /graphql: validation, conflicts, audit, events."""

from __future__ import annotations

import datetime as dt

from kesehatan_support import YEAR, seed_example
from kinerja_core import hookimpl
from kinerja_core.models import AuditEntry
from kinerja_core.plugins.testing import ok, plugin_app

from kinerja_kesehatan import services
from kinerja_kesehatan.models import ImmunizationReport, ImmunizationReportLine

REPORTS = """query($a: ID!, $y: Int!, $p: ID) { kesehatanReports(agencyId: $a, year: $y,
  puskesmasId: $p) { id month version late enteredByName correctedByName puskesmas { code }
  lines { kelurahan { code } targetInfants idl dpt1 dpt3 mr1 newborns bcg } } }"""
CONFIGURE = """mutation($a: ID, $c: JSON!) { configurePlugin(name: "kesehatan", agencyId: $a,
  config: $c) { __typename ... on UserError { code message } } }"""


def both(city, **dalam_bugis):
    return [city.line("DALAM-BUGIS", **dalam_bugis), city.line("TANJUNG-HILIR")]


async def reports(city, year=YEAR, token=None):
    body = await city.gql(REPORTS, {"a": str(city.dinkes.id), "y": year}, token=token)
    return ok(body, "kesehatanReports")


async def test_a_report_is_entered_with_one_line_per_kelurahan(city):
    result = await city.submit("KPD", dt.date(YEAR, 3, 17), both(city, idl=9))
    assert result["__typename"] == "KesehatanReport"
    assert (result["month"], result["version"]) == (f"{YEAR}-03-01", 1)
    assert result["lines"][0] == {
        "kelurahan": {"code": "DALAM-BUGIS"},
        "targetInfants": 120,
        "idl": 9,
        "dpt1": 12,
        "dpt3": 11,
        "mr1": 10,
        "newborns": 13,
        "bcg": 12,
    }
    (listed,) = await reports(city, token=city.staff)  # any employee of the agency reads
    assert listed["id"] == result["id"] and listed["puskesmas"] == {"code": "KPD"}
    assert listed["enteredByName"] and listed["correctedByName"] is None
    assert listed["late"] is True  # entered long after the 10th of April of last year
    entry = await AuditEntry.get(action="kesehatan.report.submit")
    assert entry.entity_id == result["id"] and entry.before is None
    assert [line["idl"] for line in entry.after["lines"]] == [9, 10]


BAD_LINES = (  # (lines, code, field); each case on its own, all in one database
    (lambda c: both(c, dpt3=-1), "kesehatan.count_negative", "lines.0.dpt3"),
    (
        lambda c: [c.line("DALAM-BUGIS"), c.line("TANJUNG-HILIR", bcg=-5)],
        "kesehatan.count_negative",
        "lines.1.bcg",
    ),
    (lambda c: both(c, target=100_001), "kesehatan.count_too_large", "lines.0.targetInfants"),
    (lambda c: both(c, idl=121), "kesehatan.above_denominator", "lines.0.idl"),
    (lambda c: both(c, dpt3=13), "kesehatan.above_denominator", "lines.0.dpt3"),
    (lambda c: both(c, mr1=13), "kesehatan.above_denominator", "lines.0.mr1"),
    (lambda c: both(c, bcg=14), "kesehatan.above_denominator", "lines.0.bcg"),
    (
        lambda c: [c.line("DALAM-BUGIS"), c.line("SAIGON")],
        "kesehatan.kelurahan_not_in_puskesmas",
        "lines.1.kelurahanId",
    ),
    (
        lambda c: [c.line("DALAM-BUGIS"), c.line("DALAM-BUGIS"), c.line("TANJUNG-HILIR")],
        "kesehatan.kelurahan_twice",
        "lines.1.kelurahanId",
    ),
    (
        lambda c: [{**c.line("DALAM-BUGIS"), "kelurahanId": "x"}, c.line("TANJUNG-HILIR")],
        "kesehatan.kelurahan_not_in_puskesmas",
        "lines.0.kelurahanId",
    ),
    (lambda c: [c.line("TANJUNG-HILIR")], "kesehatan.kelurahan_missing", "lines"),
    (lambda c: [], "kesehatan.kelurahan_missing", "lines"),
)


async def test_bad_lines_are_refused_naming_the_field_and_nothing_is_written(city):
    for lines, code, field in BAD_LINES:
        result = await city.submit("KPD", 2, lines(city))
        assert (result["__typename"], result["code"], result["field"]) == (
            "ValidationError",
            code,
            field,
        ), result
        assert result["message"] and "{" not in result["message"]
        assert await ImmunizationReport.all().count() == 0
        assert await ImmunizationReportLine.all().count() == 0
        assert not await AuditEntry.filter(action__startswith="kesehatan.").exists()


async def test_messages_name_the_kelurahan_in_indonesian_and_english(city):
    variables = {
        "input": {
            "puskesmasId": str(city.puskesmas["KPD"].id),
            "month": f"{YEAR}-02-01",
            "lines": both(city, dpt3=13),
        }
    }
    query = "mutation($input: KesehatanSubmitReportInput!) { kesehatanSubmitReport(input: $input) { ... on UserError { message } } }"  # noqa: E501
    english = await city.app.gql(query, variables, token=city.admin, lang="en")
    indonesian = await city.app.gql(query, variables, token=city.admin, lang="id")
    assert ok(english, "kesehatanSubmitReport")["message"] == (
        "The number of DPT-HB-Hib3 (13) of kelurahan Dalam Bugis is more than DPT-HB-Hib1 (12)."
    )
    assert ok(indonesian, "kesehatanSubmitReport")["message"] == (
        "Jumlah DPT-HB-Hib3 (13) kelurahan Dalam Bugis melebihi DPT-HB-Hib1 (12)."
    )


async def test_numerator_above_denominator_is_accepted_when_the_agency_allows_it(city):
    catch_up = both(city, dpt3=14, bcg=15)
    refused = await city.submit("KPD", 2, catch_up)
    assert refused["code"] == "kesehatan.above_denominator"
    body = await city.gql(
        CONFIGURE,
        {"a": str(city.dinkes.id), "c": {"allow_numerator_above_denominator": True}},
        token=city.central,
    )
    assert ok(body, "configurePlugin")["__typename"] == "PluginActivation"
    accepted = await city.submit("KPD", 2, catch_up)
    assert accepted["__typename"] == "KesehatanReport"
    assert accepted["lines"][0]["dpt3"] == 14
    still_negative = await city.submit("SGN", 2, [city.line("SAIGON", mr1=-1)])
    assert still_negative["field"] == "lines.0.mr1"


async def test_the_month_may_not_be_in_the_future(city):
    today = dt.date.today()
    following = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    result = await city.submit("KPD", following, both(city))
    assert (result["code"], result["field"]) == ("kesehatan.month_future", "month")
    current = await city.submit("KPD", today, both(city))  # this month may be entered
    assert current["month"] == today.replace(day=1).isoformat()
    old = await city.submit("KPD", dt.date(1999, 12, 1), both(city))
    assert (old["code"], old["field"]) == ("kesehatan.month_too_early", "month")


async def test_one_report_per_puskesmas_and_month(city):
    first = await city.submit("KPD", 2, both(city))
    assert first["__typename"] == "KesehatanReport"
    again = await city.submit("KPD", dt.date(YEAR, 2, 20), both(city, idl=1))
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "kesehatan.report_exists",
        "month",
    )
    assert "Puskesmas Kampung Dalam" in again["message"]
    other_month = await city.submit("KPD", 3, both(city))
    other_puskesmas = await city.submit("SGN", 2, [city.line("SAIGON")])
    assert {other_month["__typename"], other_puskesmas["__typename"]} == {"KesehatanReport"}
    assert await ImmunizationReport.all().count() == 3


async def test_a_report_entered_concurrently_is_a_conflict_too(city, monkeypatch):
    first = await city.submit("KPD", 2, both(city))

    async def not_yet(puskesmas_id, month):  # the other request commits after this check
        return False

    monkeypatch.setattr(services, "_report_exists", not_yet)
    again = await city.submit("KPD", 2, both(city, idl=1))
    assert (again["__typename"], again["code"], again["field"]) == (
        "Conflict",
        "kesehatan.report_exists",
        "month",
    )
    assert [r.id for r in await ImmunizationReport.all()] == [int(first["id"])]
    assert await ImmunizationReportLine.all().count() == 2
    assert await AuditEntry.filter(action="kesehatan.report.submit").count() == 1


async def test_a_correction_needs_the_version_read_and_is_audited(city):
    report = await city.submit("KPD", 2, both(city))
    corrected = await city.correct(report["id"], 1, both(city, idl=11, dpt3=12))
    assert corrected["__typename"] == "KesehatanReport"
    assert corrected["version"] == 2 and corrected["correctedByName"]
    assert (corrected["lines"][0]["idl"], corrected["lines"][0]["dpt3"]) == (11, 12)
    stale = await city.correct(report["id"], 1, both(city, idl=3))
    assert (stale["__typename"], stale["code"], stale["field"]) == (
        "Conflict",
        "conflict.version",
        "version",
    )
    (entry,) = await AuditEntry.filter(action="kesehatan.report.correct")
    assert entry.entity == "ImmunizationReport" and entry.entity_id == report["id"]
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    assert entry.before["corrected_by_id"] is None and entry.after["corrected_by_id"]
    assert [(line["idl"], line["dpt3"]) for line in entry.before["lines"]] == [(10, 11), (10, 11)]
    assert [(line["idl"], line["dpt3"]) for line in entry.after["lines"]] == [(11, 12), (10, 11)]
    assert entry.request_id and entry.actor_nip
    (listed,) = await reports(city)
    assert listed["version"] == 2 and listed["lines"][0]["idl"] == 11


async def test_a_bad_line_in_a_correction_changes_nothing(city):
    report = await city.submit("KPD", 2, both(city))
    bad = await city.correct(
        report["id"], 1, [city.line("DALAM-BUGIS", idl=50), city.line("TANJUNG-HILIR", mr1=99)]
    )
    assert (bad["code"], bad["field"]) == ("kesehatan.above_denominator", "lines.1.mr1")
    (listed,) = await reports(city)
    assert listed["version"] == 1 and [line["idl"] for line in listed["lines"]] == [10, 10]
    assert not await AuditEntry.filter(action="kesehatan.report.correct").exists()
    same = await city.correct(report["id"], 1, both(city))  # nothing to change: no new version
    assert same["version"] == 1
    assert not await AuditEntry.filter(action="kesehatan.report.correct").exists()


async def test_unknown_ids_are_not_found_naming_the_field(city):
    result = await city.gql(
        """mutation($l: [KesehatanReportLineInput!]!) { kesehatanCorrectReport(id: "999",
        version: 1, lines: $l) { __typename ... on NotFound { code field message } } }""",
        {"l": both(city)},
    )
    assert ok(result, "kesehatanCorrectReport") == {
        "__typename": "NotFound",
        "code": "kesehatan.not_found",
        "field": "id",
        "message": "Immunisation report with id 999 was not found.",
    }
    # an id that can name nothing is refused on its field before any SQL runs (a huge one
    # was an internal error: too large for SQLite, out of INTEGER range on PostgreSQL)
    for bad in ("abc", "99999999999999999999", "2147483648"):
        body = await city.gql(
            "query($a: ID!, $p: ID!) { kesehatanReports(agencyId: $a, year: 2025,"
            " puskesmasId: $p) { id } }",
            {"a": str(city.dinkes.id), "p": bad},
        )
        assert body["data"]["kesehatanReports"] is None
        assert body["errors"][0]["extensions"] == {
            "code": "input.id",
            "kind": "ValidationError",
            "field": "puskesmasId",
        }


async def test_reports_of_a_year_filtered_by_puskesmas(city):
    await seed_example(city)
    all_reports = await reports(city)
    assert [(r["puskesmas"]["code"], r["month"][5:7]) for r in all_reports] == [
        ("KPD", "01"),
        ("SGN", "01"),
        ("KPD", "02"),
        ("SGN", "03"),
    ]
    body = await city.gql(
        REPORTS, {"a": str(city.dinkes.id), "y": YEAR, "p": str(city.puskesmas["SGN"].id)}
    )
    assert [r["month"] for r in ok(body, "kesehatanReports")] == [f"{YEAR}-01-01", f"{YEAR}-03-01"]
    assert await reports(city, year=YEAR - 1) == []
    body = await city.gql(REPORTS, {"a": str(city.dinkes.id), "y": 1900})
    assert body["errors"][0]["extensions"]["field"] == "year"


class EventSpy:
    """A second plugin that hears the events after commit."""

    KINERJA_CORE_VERSION = ">=0.1"

    def __init__(self):
        self.events = []

    @hookimpl
    def kinerja_on_event(self, event):
        self.events.append((event.name, dict(event.payload)))


async def test_saving_a_report_announces_it_after_commit(tmp_path):
    from kesehatan_support import PLUGINS, City, make_settings

    from kinerja_kesehatan.models import Kelurahan, Puskesmas

    spy = EventSpy()
    plugins = {**PLUGINS, "spy": spy}
    async with plugin_app(tmp_path, plugins, settings=make_settings(tmp_path)) as app:
        dinkes = await app.agency("DINKES", "Dinas Kesehatan")
        await app.enable("kesehatan", dinkes)
        admin = await app.person(dinkes, admin_of=dinkes)
        city = City(app, dinkes, None, "", admin, "", "", "")
        city.puskesmas["SGN"] = await Puskesmas.create(agency=dinkes, code="SGN", name="S")
        city.kelurahan["SAIGON"] = await Kelurahan.create(
            agency=dinkes, puskesmas=city.puskesmas["SGN"], code="SAIGON", name="Saigon"
        )
        spy.events.clear()
        refused = await city.submit("SGN", 1, [city.line("SAIGON", idl=500)])
        assert refused["__typename"] == "ValidationError" and spy.events == []
        report = await city.submit("SGN", 1, [city.line("SAIGON")])
        await city.correct(report["id"], 1, [city.line("SAIGON", idl=7)])
    saved = [payload for name, payload in spy.events if name == "kesehatan_report_saved"]
    assert (
        saved
        == [
            {
                "agency_id": dinkes.id,
                "puskesmas_id": city.puskesmas["SGN"].id,
                "report_id": int(report["id"]),
                "month": f"{YEAR}-01-01",
            }
        ]
        * 2
    )
