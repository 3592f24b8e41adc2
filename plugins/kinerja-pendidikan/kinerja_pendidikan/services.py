"""Use cases of the pendidikan plugin: one transaction each, access checked, audited.

Who may do what:

- writes (schools, programmes, evaluations, enrolment, population): the agency's admin or a
  central admin (``access.require_manage_agency``);
- reads: the agency's own employees, its head and admins, central admins.

Every use case first checks that the plugin is enabled for the agency concerned (a typed
``PluginDisabled``), validates the whole input before writing, and writes the row and its
audit entry in one transaction, so a refused input changes nothing. After an evaluation,
enrolment or population figure is saved, the realisasi of IKI linked to this plugin's
indicator types are recomputed (``refresh_computed``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja_core.api import (
    Agency,
    Conflict,
    NotFound,
    ServiceContext,
    ValidationFailed,
    audit,
    bump,
    check_version,
    clean_text,
    get_or_404,
    plugin_config,
    read_rows,
    refresh_computed,
    register_agency_data,
    register_messages,
    require_plugin_data,
)
from kinerja_core.api import (
    check_year as core_check_year,
)
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from kinerja_pendidikan import rules
from kinerja_pendidikan.models import (
    Enrolment,
    Population,
    Programme,
    ProgrammeEvaluation,
    School,
)
from kinerja_pendidikan.rules import Level, SchoolStatus

PLUGIN = "pendidikan"

NPSN = re.compile(r"^[0-9]{8}$")
PROGRAMME_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
TWO_PLACES = Decimal("0.01")


# -- access ---------------------------------------------------------------------------------------


# the reader hands these out to the agency's own people (kinerja_core.services.reader)
for _model in (School, Programme, Enrolment, Population):
    register_agency_data(_model)


async def readable_agency(ctx: ServiceContext, agency_id: Any) -> int:
    """The viewer may read the agency's data, then the plugin is on for it; the agency id."""
    return await require_plugin_data(ctx, PLUGIN, agency_id)


async def _managed_agency(ctx: ServiceContext, agency_id: Any, field: str = "agencyId") -> int:
    """The viewer manages the agency, the plugin is on for it, it exists; the agency id."""
    key = await require_plugin_data(ctx, PLUGIN, agency_id, write=True, field=field)
    if not await Agency.exists(id=key):
        raise NotFound("not_found", field=field, entity="Agency", id=agency_id)
    return key


# -- input checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    allow_completed_above_participants: bool
    apm_above_apk_check: bool
    kecamatan: tuple[str, ...]


async def settings_of(ctx: ServiceContext, agency_id: int) -> Settings:
    config = await plugin_config(ctx, PLUGIN, agency_id)
    names = tuple(" ".join(part.split()) for part in str(config.get("kecamatan") or "").split(","))
    return Settings(
        allow_completed_above_participants=bool(config.get("allow_completed_above_participants")),
        apm_above_apk_check=bool(config.get("apm_above_apk_check", True)),
        kecamatan=tuple(name for name in names if name),
    )


def check_kecamatan(value: str | None, allowed: tuple[str, ...]) -> str:
    """The kecamatan as configured (case and spaces forgiven); free text when none are."""
    text = " ".join(clean_text(value, "kecamatan", required=True, max_len=60).split())
    if not allowed:
        return text
    for name in allowed:
        if name.casefold() == text.casefold():
            return name
    raise ValidationFailed(
        "pendidikan.kecamatan", field="kecamatan", value=text, allowed=", ".join(allowed)
    )


def check_year(year: int, field: str = "year") -> int:
    return core_check_year(year, field, code="pendidikan.year")


def check_count(value: int, field: str) -> int:
    if value < 0:
        raise ValidationFailed("pendidikan.negative", field=field)
    return value


def check_score(value: Decimal | None, field: str, *, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationFailed("required", field=field)
        return None
    number = Decimal(value)
    if (
        not number.is_finite()
        or not rules.MIN_SCORE <= number <= rules.MAX_SCORE
        or number != number.quantize(TWO_PLACES)
    ):
        raise ValidationFailed("pendidikan.score", field=field, value=str(value))
    return number.quantize(TWO_PLACES)


@dataclass(frozen=True)
class EvaluationInput:
    participants: int
    completed: int
    baseline_score: Decimal
    end_score: Decimal | None
    evaluated_on: dt.date


def check_evaluation(
    values: EvaluationInput, programme: Programme, settings: Settings
) -> EvaluationInput:
    """Every rule of an evaluation, the first broken one named by its input field."""
    check_count(values.participants, "participants")
    check_count(values.completed, "completed")
    if values.completed > values.participants and not settings.allow_completed_above_participants:
        raise ValidationFailed(
            "pendidikan.completed_above_participants",
            field="completed",
            completed=values.completed,
            participants=values.participants,
        )
    baseline = check_score(values.baseline_score, "baselineScore")
    end = check_score(values.end_score, "endScore", required=False)
    if end is None and values.completed > 0:
        raise ValidationFailed("pendidikan.end_score_required", field="endScore")
    if values.evaluated_on.year != programme.year:
        raise ValidationFailed(
            "pendidikan.evaluated_in_programme_year", field="evaluatedOn", year=programme.year
        )
    assert baseline is not None
    return EvaluationInput(
        values.participants, values.completed, baseline, end, values.evaluated_on
    )


# -- schools and programmes -----------------------------------------------------------------------


async def add_school(
    ctx: ServiceContext,
    agency_id: Any,
    *,
    npsn: str,
    name: str,
    level: Level,
    kecamatan: str,
    status: SchoolStatus,
) -> School:
    """An agency's admin registers a school; the NPSN is unique nationally."""
    key = await _managed_agency(ctx, agency_id)
    settings = await settings_of(ctx, key)
    npsn = (npsn or "").strip()
    if not NPSN.match(npsn):
        raise ValidationFailed("pendidikan.npsn", field="npsn", value=npsn)
    name = clean_text(name, "name", required=True, max_len=200)
    kecamatan = check_kecamatan(kecamatan, settings.kecamatan)
    async with ctx.transaction():
        if await School.exists(npsn=npsn):
            raise Conflict("pendidikan.school_exists", field="npsn", npsn=npsn)
        try:
            row = await School.create(
                agency_id=key,
                npsn=npsn,
                name=name,
                level=Level(level),
                kecamatan=kecamatan,
                status=SchoolStatus(status),
            )
        except IntegrityError:  # the same NPSN registered by a concurrent request
            raise Conflict("pendidikan.school_exists", field="npsn", npsn=npsn) from None
        await audit.record(
            ctx, "pendidikan.school.create", "PendidikanSchool", row.id, after=audit.snapshot(row)
        )
    return row


async def add_programme(
    ctx: ServiceContext,
    agency_id: Any,
    *,
    code: str,
    name: str,
    year: int,
    goal: Decimal,
) -> Programme:
    """An agency's admin sets up a programme of a year; ``goal`` is the end score to reach."""
    key = await _managed_agency(ctx, agency_id)
    code = (code or "").strip().upper()
    if not PROGRAMME_CODE.match(code):
        raise ValidationFailed("pendidikan.programme_code", field="code", value=code)
    name = clean_text(name, "name", required=True, max_len=200)
    check_year(year)
    goal_value = check_score(goal, "goal")
    async with ctx.transaction():
        if await Programme.exists(agency_id=key, code=code, year=year):
            raise Conflict(
                "pendidikan.programme_exists", field="code", programme_code=code, year=year
            )
        try:
            row = await Programme.create(
                agency_id=key, code=code, name=name, year=year, goal=goal_value
            )
        except IntegrityError:
            raise Conflict(
                "pendidikan.programme_exists", field="code", programme_code=code, year=year
            ) from None
        await audit.record(
            ctx,
            "pendidikan.programme.create",
            "PendidikanProgramme",
            row.id,
            after=audit.snapshot(row),
        )
    return row


async def schools_query(ctx: ServiceContext, agency_id: Any, level: Level | None) -> QuerySet:
    """The agency's schools (optionally of one level), for a paginated list."""
    key = await readable_agency(ctx, agency_id)
    query = School.filter(agency_id=key)
    if level is not None:
        query = query.filter(level=Level(level))
    return query


async def programmes(ctx: ServiceContext, agency_id: Any, year: int) -> list[Programme]:
    key = await readable_agency(ctx, agency_id)
    return await Programme.filter(agency_id=key, year=year).order_by("code")


@dataclass(frozen=True)
class ProgrammeResults:
    programme: Programme
    evaluations: list[ProgrammeEvaluation]  # school prefetched, ordered by NPSN


async def programme_results(ctx: ServiceContext, programme_id: Any) -> ProgrammeResults:
    """A programme with every school's evaluation (whoever may read the agency's data)."""
    ctx.require_viewer()
    programme = await get_or_404(Programme, programme_id, "programmeId")
    await readable_agency(ctx, programme.agency_id)
    rows = (
        await ProgrammeEvaluation.filter(programme_id=programme.id)
        .select_related("school")
        .order_by("school__npsn")
    )
    return ProgrammeResults(programme, list(rows))


# -- evaluations ----------------------------------------------------------------------------------


async def record_evaluation(
    ctx: ServiceContext,
    programme_id: Any,
    school_id: Any,
    *,
    participants: int,
    completed: int,
    baseline_score: Decimal,
    end_score: Decimal | None,
    evaluated_on: dt.date,
) -> ProgrammeEvaluation:
    """The evaluation of a programme in a school; one per programme and school."""
    programme = await get_or_404(Programme, programme_id, "programmeId")
    key = await _managed_agency(ctx, programme.agency_id, "programmeId")
    school = await get_or_404(School, school_id, "schoolId")
    if school.agency_id != key:
        raise ValidationFailed("pendidikan.school_other_agency", field="schoolId")
    settings = await settings_of(ctx, key)
    values = check_evaluation(
        EvaluationInput(participants, completed, baseline_score, end_score, evaluated_on),
        programme,
        settings,
    )
    exists = Conflict(
        "pendidikan.evaluation_exists",
        field="schoolId",
        school=school.name,
        programme=programme.name,
    )
    async with ctx.transaction():
        if await ProgrammeEvaluation.exists(programme_id=programme.id, school_id=school.id):
            raise exists
        try:
            row = await ProgrammeEvaluation.create(
                programme_id=programme.id,
                school_id=school.id,
                participants=values.participants,
                completed=values.completed,
                baseline_score=values.baseline_score,
                end_score=values.end_score,
                evaluated_on=values.evaluated_on,
            )
        except IntegrityError:  # recorded by a concurrent request a moment ago
            raise exists from None
        await audit.record(
            ctx,
            "pendidikan.evaluation.create",
            "PendidikanEvaluation",
            row.id,
            after=audit.snapshot(row),
        )
        ctx.emit(
            "pendidikan_evaluation_saved",
            agency_id=key,
            programme_id=programme.id,
            school_id=school.id,
            evaluation_id=row.id,
        )
    await refresh_computed(ctx, PLUGIN, key)
    return row


_UNSET: Any = object()


async def correct_evaluation(
    ctx: ServiceContext,
    evaluation_id: Any,
    version: int,
    *,
    participants: int | None = None,
    completed: int | None = None,
    baseline_score: Decimal | None = None,
    end_score: Any = _UNSET,
    evaluated_on: dt.date | None = None,
) -> ProgrammeEvaluation:
    """Correct an evaluation read at ``version``; omitted values stay, ``end_score=None``
    clears the end score. A stale version is a Conflict; the change is audited."""
    row = await get_or_404(ProgrammeEvaluation, evaluation_id, "id", related=("programme",))
    programme: Programme = row.programme
    key = await _managed_agency(ctx, programme.agency_id, "id")
    check_version(row, version)
    settings = await settings_of(ctx, key)
    values = check_evaluation(
        EvaluationInput(
            row.participants if participants is None else participants,
            row.completed if completed is None else completed,
            row.baseline_score if baseline_score is None else baseline_score,
            row.end_score if end_score is _UNSET else end_score,
            row.evaluated_on if evaluated_on is None else evaluated_on,
        ),
        programme,
        settings,
    )
    changed = [
        name
        for name in ("participants", "completed", "baseline_score", "end_score", "evaluated_on")
        if getattr(values, name) != getattr(row, name)
    ]
    if not changed:
        return row
    async with ctx.transaction():
        before = audit.snapshot(row)
        for name in changed:
            setattr(row, name, getattr(values, name))
        row.updated_at = ctx.now()
        await bump(row, *changed, "updated_at")  # refuses a version changed meanwhile
        await audit.record(
            ctx,
            "pendidikan.evaluation.correct",
            "PendidikanEvaluation",
            row.id,
            before,
            audit.snapshot(row),
        )
        ctx.emit(
            "pendidikan_evaluation_saved",
            agency_id=key,
            programme_id=programme.id,
            school_id=row.school_id,
            evaluation_id=row.id,
        )
    await refresh_computed(ctx, PLUGIN, key)
    return row


# -- enrolment and population ---------------------------------------------------------------------


async def _record_figures(
    ctx: ServiceContext,
    model: type[Enrolment] | type[Population],
    entity: str,
    key: int,
    year: int,
    level: Level,
    kecamatan: str,
    values: dict[str, int],
    version: int | None,
) -> Any:
    """Insert the figures of (agency, year, level, kecamatan), or correct them when the
    caller passes the ``version`` they read. A second insert is a Conflict."""
    name = entity.removeprefix("Pendidikan").lower()
    natural = {"agency_id": key, "year": year, "level": Level(level), "kecamatan": kecamatan}
    exists = Conflict(
        f"pendidikan.{name}_exists",
        field="kecamatan",
        year=year,
        level=str(level),
        kecamatan=kecamatan,
    )
    async with ctx.transaction():
        row = await model.filter(**natural).first()
        if row is None:
            if version is not None:
                raise ValidationFailed("pendidikan.nothing_to_correct", field="version")
            try:
                row = await model.create(**natural, **values)
            except IntegrityError:
                raise exists from None
            await audit.record(
                ctx, f"pendidikan.{name}.create", entity, row.id, after=audit.snapshot(row)
            )
        else:
            if version is None:
                raise exists
            check_version(row, version)
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            if not changed:
                return row
            before = audit.snapshot(row)
            for field, value in values.items():
                setattr(row, field, value)
            row.updated_at = ctx.now()
            await bump(row, *changed, "updated_at")
            await audit.record(
                ctx, f"pendidikan.{name}.correct", entity, row.id, before, audit.snapshot(row)
            )
        ctx.emit(
            "pendidikan_participation_saved",
            agency_id=key,
            year=year,
            level=str(level),
            kecamatan=kecamatan,
        )
    await refresh_computed(ctx, PLUGIN, key)
    return row


async def record_enrolment(
    ctx: ServiceContext,
    agency_id: Any,
    *,
    year: int,
    level: Level,
    kecamatan: str,
    pupils_total: int,
    pupils_official_age: int,
    version: int | None = None,
) -> Enrolment:
    """Pupils at a level in a kecamatan in a year; with ``version``, a correction."""
    key = await _managed_agency(ctx, agency_id)
    settings = await settings_of(ctx, key)
    check_year(year)
    kecamatan = check_kecamatan(kecamatan, settings.kecamatan)
    check_count(pupils_total, "pupilsTotal")
    check_count(pupils_official_age, "pupilsOfficialAge")
    if settings.apm_above_apk_check and pupils_official_age > pupils_total:
        raise ValidationFailed(
            "pendidikan.official_age_above_total",
            field="pupilsOfficialAge",
            official=pupils_official_age,
            total=pupils_total,
        )
    return await _record_figures(
        ctx,
        Enrolment,
        "PendidikanEnrolment",
        key,
        year,
        level,
        kecamatan,
        {"pupils_total": pupils_total, "pupils_official_age": pupils_official_age},
        version,
    )


async def record_population(
    ctx: ServiceContext,
    agency_id: Any,
    *,
    year: int,
    level: Level,
    kecamatan: str,
    population: int,
    version: int | None = None,
) -> Population:
    """Children of the level's official age in a kecamatan in a year (more pupils than
    children is allowed: APK may pass 100)."""
    key = await _managed_agency(ctx, agency_id)
    settings = await settings_of(ctx, key)
    check_year(year)
    kecamatan = check_kecamatan(kecamatan, settings.kecamatan)
    check_count(population, "population")
    return await _record_figures(
        ctx,
        Population,
        "PendidikanPopulation",
        key,
        year,
        level,
        kecamatan,
        {"population": population},
        version,
    )


@dataclass(frozen=True)
class ParticipationReport:
    year: int
    level: Level
    rows: list[rules.Participation]
    total: rules.Participation


async def participation(
    ctx: ServiceContext, agency_id: Any, year: int, level: Level
) -> ParticipationReport:
    """APK and APM of a level in a year, per kecamatan and for the agency's whole area."""
    key = await readable_agency(ctx, agency_id)
    level = Level(level)
    enrolments = await read_rows(
        ctx, Enrolment, agency_id=key, year=year, level=level, order_by=("kecamatan",)
    )
    populations = await read_rows(
        ctx, Population, agency_id=key, year=year, level=level, order_by=("kecamatan",)
    )
    rows, total = rules.participation(
        [(e.kecamatan, e.pupils_total, e.pupils_official_age) for e in enrolments],
        [(p.kecamatan, p.population) for p in populations],
    )
    return ParticipationReport(year, level, rows, total)


register_messages(
    {
        "pendidikan.negative": (
            "{field} tidak boleh negatif.",
            "{field} cannot be negative.",
        ),
        "pendidikan.npsn": (
            "NPSN harus 8 angka (diisi: {value}).",
            "The NPSN must be 8 digits (got {value}).",
        ),
        "pendidikan.school_exists": (
            "Sekolah dengan NPSN {npsn} sudah terdaftar.",
            "A school with NPSN {npsn} is already registered.",
        ),
        "pendidikan.kecamatan": (
            "Kecamatan {value} tidak dikenal; pilih salah satu dari: {allowed}.",
            "Unknown kecamatan {value}; choose one of: {allowed}.",
        ),
        "pendidikan.year": (
            "Tahun harus antara {min} dan {max}.",
            "The year must be between {min} and {max}.",
        ),
        "pendidikan.programme_code": (
            "Kode program hanya huruf, angka, - dan _ (2-32 karakter), diisi: {value}.",
            "A programme code is 2-32 letters, digits, - or _ (got {value}).",
        ),
        "pendidikan.programme_exists": (
            "Program {programme_code} tahun {year} sudah ada.",
            "Programme {programme_code} of {year} already exists.",
        ),
        "pendidikan.score": (
            "{field} harus antara 0 dan 100 dengan paling banyak dua desimal (diisi: {value}).",
            "{field} must be between 0 and 100 with at most two decimals (got {value}).",
        ),
        "pendidikan.completed_above_participants": (
            "Jumlah peserta yang tuntas ({completed}) melebihi jumlah peserta ({participants}).",
            "Completed ({completed}) cannot be more than participants ({participants}).",
        ),
        "pendidikan.end_score_required": (
            "Nilai akhir wajib diisi bila ada peserta yang tuntas.",
            "The end score is required when pupils completed the programme.",
        ),
        "pendidikan.evaluated_in_programme_year": (
            "Tanggal evaluasi harus di tahun program ({year}).",
            "The evaluation date must fall in the programme's year ({year}).",
        ),
        "pendidikan.school_other_agency": (
            "Sekolah ini bukan milik OPD penyelenggara program.",
            "This school does not belong to the agency running the programme.",
        ),
        "pendidikan.evaluation_exists": (
            "Evaluasi {programme} untuk {school} sudah ada; koreksi evaluasi yang ada.",
            "{programme} has already been evaluated at {school}; correct that evaluation.",
        ),
        "pendidikan.enrolment_exists": (
            "Data peserta didik {level} {kecamatan} tahun {year} sudah ada; kirim versinya "
            "untuk mengoreksi.",
            "Enrolment of {level} in {kecamatan} for {year} already exists; send its version "
            "to correct it.",
        ),
        "pendidikan.population_exists": (
            "Data penduduk usia {level} {kecamatan} tahun {year} sudah ada; kirim versinya "
            "untuk mengoreksi.",
            "Population of {level} age in {kecamatan} for {year} already exists; send its "
            "version to correct it.",
        ),
        "pendidikan.nothing_to_correct": (
            "Belum ada data untuk dikoreksi; kosongkan versi untuk mencatat data baru.",
            "There is nothing to correct yet; leave the version out to record new figures.",
        ),
        "pendidikan.official_age_above_total": (
            "Peserta didik usia sekolah ({official}) melebihi seluruh peserta didik ({total}).",
            "Pupils of official age ({official}) cannot be more than all pupils ({total}).",
        ),
    }
)
