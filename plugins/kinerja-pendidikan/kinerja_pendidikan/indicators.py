"""The indicator types of the pendidikan plugin, computed from its own tables.

Programme types (``score_gain``, ``completion_rate``, ``schools_meeting_goal``) take the
parameter ``programme`` (a programme code, e.g. ``LITERASI``) and read the agency's programme
with that code in the period's year. They count the evaluations dated from 1 January of that
year up to the end of the period: a programme's results so far. They are rates, not sums, so
they are not ``cumulative`` (the target is not prorated over the year).

Participation types (``apk``, ``apm``) take ``level`` (PAUD, SD, SMP) and optionally
``kecamatan``, and read the enrolment and population figures of the period's year. Without a
kecamatan they cover every kecamatan that has both figures (the note names the others).

Each value carries its provenance: numerator, denominator and a :class:`RecordRef` per row used;
the note says why there is no value when there are no data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kinerja_core.api import (
    Choice,
    Direction,
    IndicatorType,
    IndicatorValue,
    ParameterKind,
    ParameterSpec,
    Periodicity,
    PeriodSpec,
    RecordRef,
    Scope,
    ratio,
)

from kinerja_pendidikan import rules
from kinerja_pendidikan.models import (
    Enrolment,
    Population,
    Programme,
    ProgrammeEvaluation,
)
from kinerja_pendidikan.rules import Level


async def programme_choices(agency_id: int) -> list[Choice]:
    """The agency's programme codes (each once, named as in its latest year)."""
    latest: dict[str, Programme] = {}
    for row in await Programme.filter(agency_id=agency_id).order_by("year", "id"):
        latest[row.code] = row
    return [Choice(code, latest[code].name) for code in sorted(latest)]


def level_choices(agency_id: int) -> list[Choice]:
    return [
        Choice(level.value, f"{level.value} (usia {rules.official_ages(level)})") for level in Level
    ]


async def kecamatan_choices(agency_id: int) -> list[Choice]:
    """Kecamatan the agency has enrolment or population figures for."""
    names = set(
        await Enrolment.filter(agency_id=agency_id).distinct().values_list("kecamatan", flat=True)
    )
    names |= set(
        await Population.filter(agency_id=agency_id).distinct().values_list("kecamatan", flat=True)
    )
    return [Choice(name, name) for name in sorted(names)]


PROGRAMME = ParameterSpec(
    "programme",
    "Program",
    ParameterKind.CHOICE,
    description="The programme (by code) whose evaluations count, in the period's year.",
    choices=programme_choices,
)
LEVEL = ParameterSpec(
    "level",
    "Jenjang",
    ParameterKind.CHOICE,
    description="PAUD (ages 5-6), SD (7-12) or SMP (13-15).",
    choices=level_choices,
)
KECAMATAN = ParameterSpec(
    "kecamatan",
    "Kecamatan",
    ParameterKind.CHOICE,
    description="One kecamatan; leave empty for the agency's whole area.",
    required=False,
    choices=kecamatan_choices,
)


async def participation_rows(
    agency_id: int, year: int, level: Level, kecamatan: str | None = None
) -> tuple[list[Enrolment], list[Population]]:
    filters: dict[str, Any] = {"agency_id": agency_id, "year": year, "level": level}
    if kecamatan:
        filters["kecamatan"] = kecamatan
    enrolments = await Enrolment.filter(**filters).order_by("kecamatan")
    populations = await Population.filter(**filters).order_by("kecamatan")
    return list(enrolments), list(populations)


def _evaluation_label(row: ProgrammeEvaluation) -> str:
    return f"{row.school.npsn} {row.school.name}"


async def _evaluations(
    scope: Scope, period: PeriodSpec
) -> tuple[Programme | None, list[ProgrammeEvaluation]]:
    code = str(scope.parameters.get("programme") or "").strip().upper()
    programme = await Programme.get_or_none(agency_id=scope.agency_id, code=code, year=period.year)
    if programme is None:
        return None, []
    rows = (
        await ProgrammeEvaluation.filter(
            programme_id=programme.id,
            evaluated_on__gte=dt.date(period.year, 1, 1),
            evaluated_on__lte=period.end,
        )
        .select_related("school")
        .order_by("school__npsn")
    )
    return programme, list(rows)


def _figures(row: ProgrammeEvaluation) -> rules.Figures:
    return rules.Figures(row.participants, row.completed, row.baseline_score, row.end_score)


def _no_programme(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    code = scope.parameters.get("programme")
    return IndicatorValue(None, note=f"no programme {code} in {period.year}")


def _refs(rows: list[ProgrammeEvaluation]) -> list[RecordRef]:
    return [RecordRef("ProgrammeEvaluation", str(r.id), _evaluation_label(r)) for r in rows]


def _no_data_note(rows: list, what: str, period: PeriodSpec) -> str:
    return "" if rows else f"no {what} up to {period.end.isoformat()}"


async def score_gain(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    """Participant-weighted average of end minus baseline score, schools with an end score."""
    programme, rows = await _evaluations(scope, period)
    if programme is None:
        return _no_programme(scope, period)
    scored = [r for r in rows if r.end_score is not None]
    numerator, denominator = rules.weighted_gain(_figures(r) for r in scored)
    return ratio(
        numerator,
        denominator,
        1,
        records=_refs(scored),
        note=_no_data_note(scored, "evaluations with an end score", period),
    )


async def completion_rate(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    """Completed / participants x 100 over the programme's evaluations so far."""
    programme, rows = await _evaluations(scope, period)
    if programme is None:
        return _no_programme(scope, period)
    completed, participants = rules.completion(_figures(r) for r in rows)
    return ratio(
        completed,
        participants,
        100,
        records=_refs(rows),
        note=_no_data_note(rows, "evaluations", period),
    )


async def schools_meeting_goal(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    """Schools whose end score reached the programme goal / schools with an end score x 100."""
    programme, rows = await _evaluations(scope, period)
    if programme is None:
        return _no_programme(scope, period)
    scored = [r for r in rows if r.end_score is not None]
    meeting, evaluated = rules.goal_share((_figures(r) for r in scored), programme.goal)
    note = _no_data_note(scored, "evaluations with an end score", period)
    return ratio(
        meeting,
        evaluated,
        100,
        records=_refs(scored),
        note=note or f"goal: end score >= {programme.goal}",
    )


async def _participation(scope: Scope, period: PeriodSpec, official_only: bool) -> IndicatorValue:
    level = Level(str(scope.parameters.get("level")))
    kecamatan = scope.parameters.get("kecamatan") or None
    enrolments, populations = await participation_rows(
        scope.agency_id, period.year, level, kecamatan
    )
    with_population = {p.kecamatan for p in populations}
    with_enrolment = {e.kecamatan for e in enrolments}
    paired = with_population & with_enrolment
    used_e = [e for e in enrolments if e.kecamatan in paired]
    used_p = [p for p in populations if p.kecamatan in paired]
    numerator = sum((e.pupils_official_age if official_only else e.pupils_total) for e in used_e)
    denominator = sum(p.population for p in used_p)
    records = [
        RecordRef("Enrolment", str(e.id), f"{e.year} {e.level} {e.kecamatan}") for e in used_e
    ] + [RecordRef("Population", str(p.id), f"{p.year} {p.level} {p.kecamatan}") for p in used_p]
    missing = sorted((with_population | with_enrolment) - paired)
    if not paired:
        note = f"no enrolment with population for {level} in {period.year}"
    elif missing:
        note = "left out (one figure missing): " + ", ".join(missing)
    else:
        note = ""
    return ratio(
        Decimal(numerator) if paired else None,
        Decimal(denominator) if paired else None,
        100,
        records=records,
        note=note,
    )


async def apk(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    return await _participation(scope, period, official_only=False)


async def apm(scope: Scope, period: PeriodSpec) -> IndicatorValue:
    return await _participation(scope, period, official_only=True)


SCORE_GAIN = IndicatorType(
    code="pendidikan.score_gain",
    name="Peningkatan nilai rata-rata program",
    definition=(
        "Average of (end score - baseline score) of the schools evaluated in the programme, "
        "weighted by participants, evaluations from 1 January to the end of the period."
    ),
    compute=score_gain,
    numerator_label="Sum of participants x score gain",
    denominator_label="Participants",
    multiplier=Decimal(1),
    unit="poin",
    direction=Direction.HIGHER_IS_BETTER,
    periodicity=Periodicity.SEMESTER,
    cumulative=False,
    parameters=(PROGRAMME,),
    data_source="Evaluasi program per sekolah",
)

COMPLETION_RATE = IndicatorType(
    code="pendidikan.completion_rate",
    name="Tingkat penyelesaian program",
    definition=(
        "Pupils who completed the programme / pupils who took part x 100, over the "
        "evaluations from 1 January to the end of the period."
    ),
    compute=completion_rate,
    numerator_label="Peserta tuntas",
    denominator_label="Peserta",
    multiplier=Decimal(100),
    unit="%",
    direction=Direction.HIGHER_IS_BETTER,
    periodicity=Periodicity.SEMESTER,
    cumulative=False,
    parameters=(PROGRAMME,),
    data_source="Evaluasi program per sekolah",
)

SCHOOLS_MEETING_GOAL = IndicatorType(
    code="pendidikan.schools_meeting_goal",
    name="Persentase sekolah yang mencapai target program",
    definition=(
        "Schools whose average end score reached the programme goal / schools evaluated "
        "with an end score x 100, evaluations from 1 January to the end of the period."
    ),
    compute=schools_meeting_goal,
    numerator_label="Sekolah mencapai target",
    denominator_label="Sekolah dievaluasi",
    multiplier=Decimal(100),
    unit="%",
    direction=Direction.HIGHER_IS_BETTER,
    periodicity=Periodicity.SEMESTER,
    cumulative=False,
    parameters=(PROGRAMME,),
    data_source="Evaluasi program per sekolah",
)

APK = IndicatorType(
    code="pendidikan.apk",
    name="Angka Partisipasi Kasar (APK)",
    definition=(
        "Pupils at the level, any age / population of the level's official age x 100, "
        "figures of the period's year. May exceed 100."
    ),
    compute=apk,
    numerator_label="Peserta didik jenjang (semua usia)",
    denominator_label="Penduduk usia sekolah jenjang",
    multiplier=Decimal(100),
    unit="%",
    direction=Direction.HIGHER_IS_BETTER,
    periodicity=Periodicity.YEARLY,
    cumulative=False,
    parameters=(LEVEL, KECAMATAN),
    data_source="Data peserta didik (Dapodik) dan data penduduk (Disdukcapil)",
)

APM = IndicatorType(
    code="pendidikan.apm",
    name="Angka Partisipasi Murni (APM)",
    definition=(
        "Pupils of the level's official age / population of that age x 100, figures of the "
        "period's year."
    ),
    compute=apm,
    numerator_label="Peserta didik usia sekolah jenjang",
    denominator_label="Penduduk usia sekolah jenjang",
    multiplier=Decimal(100),
    unit="%",
    direction=Direction.HIGHER_IS_BETTER,
    periodicity=Periodicity.YEARLY,
    cumulative=False,
    parameters=(LEVEL, KECAMATAN),
    data_source="Data peserta didik (Dapodik) dan data penduduk (Disdukcapil)",
)

INDICATOR_TYPES = (SCORE_GAIN, COMPLETION_RATE, SCHOOLS_MEETING_GOAL, APK, APM)
