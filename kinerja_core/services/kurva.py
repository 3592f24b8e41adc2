"""The kurva as a unit-level step: a unit's whole draft distribution, what-if, and the gate.

The kurva bounds a unit's whole distribution of predikat for a period (docs/kurva.md), so it
is measured on every evaluation of the unit and period - FINAL ones and DRAFT ones with their
proposed predikat - with the approved SKP not yet rated counted apart. A head reviews that
distribution (``unit_distribution``), tries changed predikat without writing
(``preview_unit_distribution``) and finalises the whole unit at once
(``services.unit_evaluations.finalize_unit_evaluations``).

Finalising one evaluation goes through the same gate (``gate_single``): in BLOCK mode it is
allowed only when it is the unit's last open evaluation, so the distribution checked is the
final one whatever the order; otherwise the rater is pointed to the unit step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kinerja_core.auth import access
from kinerja_core.domain.enums import (
    EvaluationKind,
    EvaluationStatus,
    KurvaMode,
    OrgPredikat,
    PlanStatus,
    Predikat,
)
from kinerja_core.domain.kurva import (
    KurvaFinding,
    UnitDistribution,
    finalisation_refusal,
    unit_distribution,
)
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Assignment,
    Employee,
    Evaluation,
    OrganizationRating,
    PerformancePlan,
    Period,
    Unit,
)
from kinerja_core.services import audit
from kinerja_core.services.common import bump, check_version, get_or_404, lock_row, row_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.inputs import parse_id
from kinerja_core.services.loaders import NOT_READY, loaded
from kinerja_core.services.organization_rating import (
    finding_json,
    organization_rating_for,
    period_filter,
    period_of_agency,
    period_sql,
)
from kinerja_core.services.reader import Reader
from kinerja_core.services.rows import Row, columns, fetch_rows
from kinerja_core.sql import int_list

# The most unrated employees named in a refusal; the rest are counted.
NAMED_IN_MESSAGE = 5


@dataclass
class UnitDistributionData:
    """A unit's evaluations for one period (or the year) as one distribution."""

    unit: Unit
    period: Period | None
    year: int
    kind: EvaluationKind
    mode: KurvaMode
    organization_rating: OrganizationRating | None
    evaluations: list[Evaluation]  # every evaluation of the unit and period, plan loaded
    unrated: list[PerformancePlan]  # approved SKP of the unit with no evaluation yet
    distribution: UnitDistribution
    changed: set[int] = field(default_factory=set)  # evaluation ids with a what-if predikat
    proposed: dict[int, Predikat] = field(default_factory=dict)  # evaluation id -> predikat
    unrated_names: list[str] = field(default_factory=list)  # loaded by name_unrated

    @property
    def drafts(self) -> list[Evaluation]:
        return [e for e in self.evaluations if e.status == EvaluationStatus.DRAFT]


def _overlaps(plan: PerformancePlan, period: Period | None, year: int) -> bool:
    if period is None:
        return plan.year == year
    return plan.period_start <= period.end_date and plan.period_end >= period.start_date


def _later_skp(row: Evaluation) -> tuple[dt.date, int]:
    return (row.plan.period_start, row.plan.id)


async def gather(
    ctx: ServiceContext,
    unit: Unit,
    year: int,
    period: Period | None,
    *,
    changes: dict[int, Predikat] | None = None,
    lock: bool = False,
) -> UnitDistributionData:
    """The unit's distribution: its evaluations by SKP unit, one predikat per employee.

    An employee with two SKP in the unit for the same period (rare) counts once, with the
    evaluation of the later SKP, and is final only when all their evaluations are. ``lock``
    holds the evaluation rows until the transaction ends (the unit step).
    """
    kind = EvaluationKind.PERIODIC if period else EvaluationKind.ANNUAL
    key = period.id if period else None
    org = await organization_rating_for(unit.id, year, key, plain=not lock)
    if lock:
        plans = {p.id: p for p in await PerformancePlan.filter(unit_id=unit.id, year=year)}
        query = Evaluation.filter(plan_id__in=list(plans) or [0], kind=kind, **period_filter(key))
        rows = list(await query.select_for_update())
    else:
        plans, rows = await _read_rows(unit.id, year, kind, key)
    for row in rows:
        row.plan = plans[row.plan_id]
    rows.sort(key=lambda r: (r.plan.employee_id, r.id))
    changes = changes or {}
    by_id = {r.id: r for r in rows}
    for evaluation_id in changes:
        row = by_id.get(evaluation_id)
        if row is None:
            raise ValidationFailed("kurva.change_unknown", field="changes")
        if row.status == EvaluationStatus.FINAL:
            raise ValidationFailed("kurva.change_final", field="changes")
    proposed = {r.id: Predikat(changes.get(r.id, r.predikat)) for r in rows}
    by_employee: dict[int, list[Evaluation]] = {}
    for row in rows:
        by_employee.setdefault(row.plan.employee_id, []).append(row)
    predikats: dict[int, Predikat] = {}
    final: set[int] = set()
    for employee_id, own in by_employee.items():
        predikats[employee_id] = proposed[max(own, key=_later_skp).id]
        if all(r.status == EvaluationStatus.FINAL for r in own):
            final.add(employee_id)
    rated_plans = {r.plan_id for r in rows}
    unrated = [
        p
        for p in plans.values()
        if p.status == PlanStatus.APPROVED
        and p.id not in rated_plans
        and p.employee_id not in by_employee
        and _overlaps(p, period, year)
    ]
    unrated = await _still_in_post(unrated, period, year)
    unrated.sort(key=lambda p: (p.employee_id, p.id))
    distribution = unit_distribution(
        OrgPredikat(org.rating) if org else None,
        predikats,
        final,
        len({p.employee_id for p in unrated}),
        ctx.settings.kurva_rounding,
    )
    return UnitDistributionData(
        unit=unit,
        period=period,
        year=year,
        kind=kind,
        mode=KurvaMode(ctx.settings.kurva_mode),
        organization_rating=org,
        evaluations=rows,
        unrated=unrated,
        distribution=distribution,
        changed={i for i, p in changes.items() if Predikat(p) != Predikat(by_id[i].predikat)},
        proposed=proposed,
    )


async def _read_rows(
    unit_id: int, year: int, kind: EvaluationKind, period_id: int | None
) -> tuple[dict[int, Row], list[Row]]:
    """The unit's SKP of the year and their evaluations of the period, as plain rows (two
    statements whatever the unit's size; a read model's rows, not ORM objects: a unit of a few
    hundred evaluations cost more in building models than in SQL). For reads only: the unit
    step locks and writes ORM rows (``lock``)."""
    plans = {
        p.id: p
        for p in await fetch_rows(
            PerformancePlan,
            f"SELECT {columns(PerformancePlan, 'pp')} FROM performance_plan pp"
            " WHERE pp.unit_id = ? AND pp.year = ?",
            [unit_id, year],
        )
    }
    same_period, key = period_sql("ev", period_id)
    rows = await fetch_rows(
        Evaluation,
        f"SELECT {columns(Evaluation, 'ev')} FROM evaluation ev"
        f" WHERE ev.plan_id IN {int_list(sorted(plans))} AND ev.kind = ? AND {same_period}",
        [kind.value, *key],
    )
    return plans, rows


async def _still_in_post(
    plans: list[PerformancePlan], period: Period | None, year: int
) -> list[PerformancePlan]:
    """The plans whose employee held the SKP's position during the period (or the year).

    After a mutasi the old position's approved SKP stays APPROVED; its holder is no longer
    the unit's to rate for the periods after they left, so they are not missing there.
    """
    if not plans:
        return []
    start = period.start_date if period else dt.date(year, 1, 1)
    end = period.end_date if period else dt.date(year, 12, 31)
    held = await Assignment.filter(
        employee_id__in=sorted({p.employee_id for p in plans}),
        position_id__in=sorted({p.position_id for p in plans}),
        start_date__lte=end,
    ).values_list("employee_id", "position_id", "end_date")
    in_post = {(e, p) for e, p, until in held if until is None or until >= start}
    return [p for p in plans if (p.employee_id, p.position_id) in in_post]


@dataclass
class Readable:
    """The unit's evaluations and unrated SKP the viewer may read (judged once, before the
    fields run, so that ``entries`` and ``unrated`` are plain reads)."""

    evaluations: list[Any]
    unrated: list[Any]


async def readable(reader: Reader, data: UnitDistributionData, cap: int) -> Readable:
    """Judge the distribution's rows with the reader (the same rule ``Reader.keep`` applies)
    and hand the rows at hand to the request's loaders: the SKP (no statement to judge
    them again), the unit and period, and the people named (one statement for all), so
    that ``employee``, ``period`` and ``unit`` fields answer at once."""
    loaders = reader.loaders
    plans = loaders.by_id(PerformancePlan)
    for row in data.evaluations:
        plans.prime(row.plan_id, row.plan)
    for plan in data.unrated:
        plans.prime(plan.id, plan)
    loaders.by_id(Unit).prime(data.unit.id, data.unit)
    if data.period is not None:
        loaders.by_id(Period).prime(data.period.id, data.period)
    # the SKP judged from the rows at hand first: the evaluations' check then needs no load
    unrated = await reader.keep(PerformancePlan, data.unrated)
    await reader.keep(PerformancePlan, list({r.plan_id: r.plan for r in data.evaluations}.values()))
    evaluations = await reader.keep(Evaluation, data.evaluations)
    people = sorted(
        {r.plan.employee_id for r in evaluations[:cap]} | {p.employee_id for p in unrated[:cap]}
    )
    employees = loaders.by_id(Employee)
    wanted = [i for i in people if loaded(employees, i) is NOT_READY]
    if wanted:
        for row in await fetch_rows(
            Employee,
            f"SELECT {columns(Employee, 'e')} FROM employee e WHERE e.id IN {int_list(wanted)}",
        ):
            employees.prime(row.id, row)
    return Readable(evaluations, unrated)


async def unit_and_period(
    ctx: ServiceContext, unit_id: Any, year: int, period_id: Any, *, plain: bool = False
) -> tuple[Unit, Period | None]:
    """The unit (readable by the viewer: its head, heads above, agency, BKPSDM) and period
    (``plain``: as plain rows, for reads)."""
    viewer = ctx.require_viewer()
    if plain:
        unit = await row_or_404(Unit, unit_id, "unitId")
    else:
        unit = await get_or_404(Unit, unit_id, "unitId")
    await access.require_read_unit(viewer, unit)
    period = (
        await period_of_agency(period_id, unit.agency_id, year, plain=plain) if period_id else None
    )
    return unit, period


async def get_unit_distribution(
    ctx: ServiceContext, unit_id: Any, year: int, period_id: Any = None
) -> UnitDistributionData:
    """The unit's whole distribution (drafts with their proposed predikat) for review."""
    unit, period = await unit_and_period(ctx, unit_id, year, period_id, plain=True)
    return await gather(ctx, unit, year, period)


async def preview_unit_distribution(
    ctx: ServiceContext,
    unit_id: Any,
    year: int,
    period_id: Any,
    changes: Iterable[tuple[Any, Predikat]],
) -> UnitDistributionData:
    """The distribution as it would be with ``changes`` (evaluation id, predikat) to drafts.

    Nothing is written: a what-if before re-rating and finalising.
    """
    unit, period = await unit_and_period(ctx, unit_id, year, period_id, plain=True)
    wanted: dict[int, Predikat] = {}
    for evaluation_id, predikat in changes:
        wanted[parse_id(evaluation_id, "changes")] = Predikat(predikat)
    return await gather(ctx, unit, year, period, changes=wanted)


# ---------------------------------------------------------------- the gate and its errors


async def refusal(
    data: UnitDistributionData, finalising: Iterable[int] | None = None, field_name: str = "unitId"
) -> ValidationFailed | None:
    """What finalising ``finalising`` (default: every open one, the unit step) would meet,
    as the typed error it raises; None when it would go through."""
    dist = data.distribution
    if finalising is None and not data.drafts:
        return ValidationFailed(
            "evaluation.unit_nothing_open", field=field_name, unit=data.unit.name
        )
    chosen = dist.open if finalising is None else finalising
    verdict = finalisation_refusal(dist, chosen, data.mode)
    if verdict is None:
        return None
    if verdict == "unit_incomplete":
        await name_unrated(data)
    return refusal_error(data, verdict, field_name)


def refusal_error(data: UnitDistributionData, verdict: str, field_name: str) -> ValidationFailed:
    """The typed error for a refusal of ``finalisation_refusal``."""
    dist = data.distribution
    if verdict == "breach":
        return ValidationFailed(
            "evaluation.kurva_breach",
            field=field_name,
            breaches_id=" ".join(f.message("id") for f in dist.findings),
            breaches_en=" ".join(f.message("en") for f in dist.findings),
        )
    if verdict == "unit_incomplete":
        return ValidationFailed(
            "evaluation.kurva_unit_incomplete",
            field=field_name,
            unit=data.unit.name,
            missing=dist.missing,
            names=_names(data),
        )
    return ValidationFailed(
        "evaluation.kurva_unit_step",
        field=field_name,
        unit=data.unit.name,
        open=len(dist.open),
    )


def _names(data: UnitDistributionData) -> str:
    shown = ", ".join(data.unrated_names[:NAMED_IN_MESSAGE])
    rest = data.distribution.missing - NAMED_IN_MESSAGE
    return f"{shown} +{rest}" if rest > 0 else shown


async def name_unrated(data: UnitDistributionData) -> None:
    """Load the first names of the unrated employees, for a refusal that says who is missing."""
    ids = sorted({p.employee_id for p in data.unrated})[:NAMED_IN_MESSAGE]
    names = dict(await Employee.filter(id__in=ids or [0]).values_list("id", "name"))
    data.unrated_names = [names[i] for i in ids if i in names]


def stored_findings(data: UnitDistributionData, finalising: Iterable[int]) -> list[dict]:
    """Findings as stored on an evaluation: which distribution they describe, too.

    ``pending`` counts the employees (of ``total``) still in draft after this step and
    ``missing`` those with an approved SKP but no evaluation: both 0 means the findings are
    about the unit's final, complete distribution.
    """
    return findings_as_stored(data.distribution, finalising)


def findings_as_stored(dist: UnitDistribution, finalising: Iterable[Any]) -> list[dict]:
    """:func:`stored_findings` of a distribution, without I/O (the demo stores these)."""
    pending = len(dist.open - frozenset(finalising))
    return [{**finding_json(f), "pending": pending, "missing": dist.missing} for f in dist.findings]


async def gate_single(
    ctx: ServiceContext, plan: PerformancePlan, row: Evaluation
) -> tuple[list[KurvaFinding], list[dict]]:
    """The kurva for finalising one evaluation, measured on the unit's whole distribution.

    Returns the findings and their stored form (WARN mode, or BLOCK within the kurva).
    BLOCK mode refuses unless this is the unit's last open evaluation, nobody is unrated and
    the final distribution is within the kurva. Without an organisation predikat no kurva
    applies.
    """
    org = await organization_rating_for(plan.unit_id, row.year, row.period_id)
    if org is None:
        return [], []
    # the caller holds the unit's row lock: one kurva decision per unit at a time
    unit = await Unit.get(id=plan.unit_id)
    period = await Period.get(id=row.period_id) if row.period_id else None
    data = await gather(ctx, unit, row.year, period)
    others_open = any(
        e.plan.employee_id == plan.employee_id and e.id != row.id for e in data.drafts
    )
    finalising = [] if others_open else [plan.employee_id]
    refused = await refusal(data, finalising, "id")
    if refused is not None:
        raise refused
    return list(data.distribution.findings), stored_findings(data, finalising)


async def recheck_final(
    ctx: ServiceContext,
    unit: Unit,
    year: int,
    period: Period | None,
    *,
    cause: str,
    cause_id: Any,
    error_code: str,
    field_name: str,
) -> UnitDistributionData | None:
    """After a final predikat or the organisation predikat changed: the kurva again.

    Runs inside the caller's transaction, the unit's row locked, after the change is written.
    Without an organisation predikat, or with no final evaluation, nothing happens. In BLOCK
    mode, when no draft is open and nobody is missing (the unit is final), a final
    distribution outside the kurva is refused with ``error_code`` on ``field_name``, every
    broken rule in the message, so the caller's transaction writes nothing. Otherwise the
    findings stored on the unit's FINAL evaluations are rewritten to describe the distribution
    as it is now (``pending``/``missing`` say how complete it is), with one audit entry
    ``evaluation.kurva_recheck`` on the Unit naming the ``cause`` (e.g. the appeal).
    """
    data = await gather(ctx, unit, year, period, lock=True)
    dist = data.distribution
    finals = [e for e in data.evaluations if e.status == EvaluationStatus.FINAL]
    if data.organization_rating is None or not finals:
        return None
    if data.mode == KurvaMode.BLOCK and not data.drafts and dist.complete and dist.findings:
        raise ValidationFailed(
            error_code,
            field=field_name,
            unit=unit.name,
            breaches_id=" ".join(f.message("id") for f in dist.findings),
            breaches_en=" ".join(f.message("en") for f in dist.findings),
        )
    stored = stored_findings(data, [])
    rewritten = []
    for row in finals:
        if (row.kurva_findings or []) != stored:
            row.kurva_findings = stored
            await bump(row, "kurva_findings")
            rewritten.append(row.id)
    await audit.record(
        ctx,
        "evaluation.kurva_recheck",
        "Unit",
        unit.id,
        after={
            "year": year,
            "period_id": period.id if period else None,
            "cause": cause,
            "cause_id": cause_id,
            "kurva_mode": str(data.mode),
            "organization_rating": data.organization_rating.rating,
            "total": dist.total,
            "pending": len(dist.open),
            "missing": dist.missing,
            "counts": {str(p): n for p, n in dist.counts.items()},
            "evaluation_ids": rewritten,
            "kurva_findings": stored,
        },
    )
    return data


async def set_organization_rating(
    ctx: ServiceContext,
    unit_id: Any,
    year: int,
    rating: OrgPredikat,
    period_id: Any = None,
    version: int | None = None,
) -> OrganizationRating:
    """Set (or change) a unit's organisation predikat for a period, or for the year.

    Who may: the head of the unit's parent unit; a central admin for an agency's top unit.
    Here and not in ``services.organization_rating`` because it is a kurva decision: with
    evaluations of the unit and period already final, the kurva is checked again on their
    distribution (``recheck_final``): refused in BLOCK mode when the unit is final and no
    longer fits (``organization_rating.kurva_breach`` on ``rating``, nothing written), the
    stored findings rewritten otherwise (docs/kurva.md).
    """
    viewer = ctx.require_viewer()
    unit = await get_or_404(Unit, unit_id, "unitId")
    access.require_set_organization_rating(viewer, unit)
    period = await period_of_agency(period_id, unit.agency_id, year) if period_id else None
    rating = OrgPredikat(rating)
    async with ctx.transaction():
        # the annual one has no period, and a unique index lets two NULL periods in
        await lock_row(Unit, unit.id)
        row = await OrganizationRating.filter(
            unit_id=unit.id, year=year, **period_filter(period.id if period else None)
        ).first()
        if row is None:
            row = new_organization_rating(
                unit.id, period.id if period else None, year, rating, viewer.employee_id
            )
            await row.save(force_create=True)
            after = audit.snapshot(row)
            await audit.record(
                ctx, "organization_rating.create", "OrganizationRating", row.id, after=after
            )
        else:
            check_version(row, version)
            before = audit.snapshot(row)
            row.rating = rating
            row.set_by_id = viewer.employee_id
            await bump(row, "rating", "set_by_id")
            after = audit.snapshot(row)
            await audit.record(
                ctx, "organization_rating.update", "OrganizationRating", row.id, before, after
            )
        await recheck_final(
            ctx,
            unit,
            year,
            period,
            cause="organization_rating.set",
            cause_id=row.id,
            error_code="organization_rating.kurva_breach",
            field_name="rating",
        )
        ctx.emit("organization_rating_set", organization_rating_id=row.id, unit_id=unit.id)
    return row


def new_organization_rating(
    unit_id: int,
    period_id: int | None,
    year: int,
    rating: OrgPredikat,
    set_by_id: int,
) -> OrganizationRating:
    """A unit's organisation predikat for a period (or the year), not saved."""
    return OrganizationRating(
        unit_id=unit_id,
        period_id=period_id,
        year=year,
        rating=OrgPredikat(rating),
        set_by_id=set_by_id,
    )


MESSAGES = {
    # kurva.change_unknown and kurva.change_final: kinerja_core.domain.errors
    "organization_rating.kurva_breach": (
        "Predikat organisasi ini tidak dapat ditetapkan: penilaian unit {unit} untuk periode "
        "ini sudah final, dan sebaran predikatnya melanggar kurva predikat organisasi yang "
        "baru: {breaches_id} Predikat pegawai yang sudah final hanya dapat diubah melalui "
        "keberatan.",
        "This organisation rating cannot be set: the evaluations of {unit} for this period "
        "are final, and their distribution breaks the kurva of the new organisation rating: "
        "{breaches_en} Final employee predikat can only change through an appeal.",
    ),
    "evaluation.kurva_unit_step": (
        "Kurva diperiksa atas sebaran predikat seluruh unit {unit}, dan masih ada {open} "
        "pegawai dengan penilaian draf. Tinjau sebaran unit lalu finalkan seluruh unit "
        "sekaligus (finalisasi unit).",
        "The kurva is checked on the whole distribution of {unit}, and {open} employee(s) "
        "still have a draft evaluation. Review the unit's distribution and finalise the whole "
        "unit at once (unit finalisation).",
    ),
    "evaluation.unit_nothing_open": (
        "Tidak ada penilaian draf unit {unit} untuk periode ini yang dapat difinalkan.",
        "There is no draft evaluation of {unit} for this period to finalise.",
    ),
    "evaluation.kurva_unit_incomplete": (
        "Kurva diperiksa atas sebaran predikat seluruh unit {unit}, tetapi {missing} pegawai "
        "dengan SKP yang sudah disetujui belum dinilai ({names}). Nilai mereka dulu.",
        "The kurva is checked on the whole distribution of {unit}, but {missing} employee(s) "
        "with an approved SKP have not been rated yet ({names}). Rate them first.",
    ),
}
register_messages(MESSAGES)
