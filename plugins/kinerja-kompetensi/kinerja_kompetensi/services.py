"""Use cases of the kompetensi plugin: one transaction each, access checked, audited.

Access follows the core's rules for an employee's data (``require_read_employee``): the
employee, anyone above them, their agency's head and admins, central admins (BKPSDM). Needs
are decided (confirmed, edited, dismissed) by the employee's pejabat penilai: the rater of the
evaluation a need came from, else the rater of one of the employee's SKPs of the need's year.
The employee adds their own needs and plans their own activities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from kinerja_core.api import (
    Employee,
    Evaluation,
    Feedback,
    Indicator,
    NotAllowed,
    PerformancePlan,
    Realization,
    ServiceContext,
    ValidationFailed,
    achievement,
    audit,
    bump,
    check_version,
    check_year,
    clean_text,
    get_or_404,
    is_plugin_enabled,
    parse_id,
    plugin_config,
    register_messages,
    require_plugin_enabled,
    require_read_employee,
)

from kinerja_kompetensi import rules
from kinerja_kompetensi.models import (
    CompetencyGroup,
    DevelopmentNeed,
    NeedSource,
    NeedStatus,
    Priority,
)

PLUGIN = "kompetensi"
JP_RIGHT = 20  # JP a year every ASN has the right to (see README.md)
DEFAULT_THRESHOLD = 50


# ---------------------------------------------------------------- proposals from evaluations


async def gather_proposals(
    ctx: ServiceContext, evaluations: list[Evaluation]
) -> list[tuple[Evaluation, PerformancePlan, int, list[rules.Proposal]]]:
    """(evaluation, plan, agency id, proposals) of FINAL evaluations whose employee's agency
    has the plugin on; a fixed number of statements however many evaluations."""
    evaluations = [e for e in evaluations if str(e.status) == "FINAL"]
    if not evaluations:
        return []
    plans = {
        p.id: p
        for p in await PerformancePlan.filter(id__in=sorted({e.plan_id for e in evaluations}))
    }
    agency_of = dict(
        await Employee.filter(id__in=sorted({p.employee_id for p in plans.values()})).values_list(
            "id", "agency_id"
        )
    )
    settings: dict[int, Decimal | None] = {}
    for agency_id in sorted(set(agency_of.values())):
        if await is_plugin_enabled(ctx, PLUGIN, agency_id):
            config = await plugin_config(ctx, PLUGIN, agency_id)
            value = config.get("iki_low_achievement_percent", DEFAULT_THRESHOLD)
            settings[agency_id] = Decimal(str(value))
        else:
            settings[agency_id] = None
    plan_ids = sorted(plans)
    feedback: dict[tuple[int, int | None], list[str]] = defaultdict(list)
    for f in await Feedback.filter(plan_id__in=plan_ids, behavior_value__isnull=False).values(
        "plan_id", "period_id", "behavior_value"
    ):
        feedback[(f["plan_id"], f["period_id"])].append(str(f["behavior_value"]))
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in (
        await Indicator.filter(work_result__plan_id__in=plan_ids)
        .prefetch_related("work_result")
        .order_by("id")
    ):
        indicators[indicator.work_result.plan_id].append(indicator)
    indicator_ids = [i.id for group in indicators.values() for i in group]
    realizations: dict[int, list[Realization]] = defaultdict(list)
    if indicator_ids:
        for row in await Realization.filter(indicator_id__in=indicator_ids).prefetch_related(
            "period"
        ):
            realizations[row.indicator_id].append(row)
    out = []
    for evaluation in evaluations:
        plan = plans[evaluation.plan_id]
        agency_id = agency_of[plan.employee_id]
        threshold = settings[agency_id]
        if threshold is None:
            continue
        if evaluation.period_id is not None:
            values = feedback[(plan.id, evaluation.period_id)]
        else:
            values = [v for (p, _), vs in feedback.items() if p == plan.id for v in vs]
        results = []
        for indicator in indicators[plan.id]:
            rows = realizations[indicator.id]
            if evaluation.period_id is not None:
                rows = [r for r in rows if r.period_id == evaluation.period_id]
            else:  # annual: the latest period of the year with a realisasi
                rows = sorted(
                    (r for r in rows if r.period.year == evaluation.year),
                    key=lambda r: r.period.end_date,
                )[-1:]
            if rows:
                results.append(
                    rules.IndicatorResult(
                        indicator.id, indicator.description, _achievement(indicator, rows[-1])
                    )
                )
        snapshot = evaluation.snapshot or {}
        proposals = rules.propose(
            predikat=str(evaluation.predikat),
            result_rating=str(evaluation.result_rating),
            behavior_rating=str(evaluation.behavior_rating),
            position_type=str((snapshot.get("position") or {}).get("type", "")),
            feedback_values=values,
            indicators=results,
            threshold=threshold,
        )
        out.append((evaluation, plan, agency_id, proposals))
    return out


def need_row(evaluation, plan, agency_id: int, p: rules.Proposal) -> DevelopmentNeed:
    return DevelopmentNeed(
        employee_id=plan.employee_id,
        agency_id=agency_id,
        year=evaluation.year,
        group=p.group,
        title=p.title,
        source=p.source,
        evaluation_id=evaluation.id,
        indicator_id=p.indicator_id,
        behavior_value=p.behavior_value,
        source_value=p.source_value,
        priority=p.priority,
    )


def _achievement(indicator: Indicator, row: Realization) -> Decimal | None:
    """The achievement the core shows for this realisasi (stored for computed IKIs)."""
    return shown_achievement(
        row.provenance,
        indicator.target_value,
        row.value,
        indicator.target_min,
        indicator.target_max,
    )


def shown_achievement(
    provenance: Any, target: Any, value: Any, minimum: Any, maximum: Any
) -> Decimal | None:
    """:func:`_achievement` of plain values (a realisasi's provenance and value, its IKI's
    target), for reads that fetch columns rather than rows."""
    if provenance and provenance.get("achievement") is not None:
        return Decimal(str(provenance["achievement"]))
    try:
        return achievement(target, value, minimum=minimum, maximum=maximum)
    except Exception:  # a target the core cannot compare with either (narrative): no rule
        return None


async def propose_from_evaluation(ctx: ServiceContext, evaluation_id: int) -> list[DevelopmentNeed]:
    """``evaluation_finalized``: propose the needs of :mod:`rules`, once per evaluation."""
    found = await Evaluation.get_or_none(id=evaluation_id)
    if found is None:
        return []
    created: list[DevelopmentNeed] = []
    for evaluation, plan, agency_id, proposals in await gather_proposals(ctx, [found]):
        async with ctx.transaction():
            if await DevelopmentNeed.filter(evaluation_id=evaluation.id).exists():
                return []  # proposed already (an event heard twice)
            for p in proposals:
                row = need_row(evaluation, plan, agency_id, p)
                await row.save()
                await audit.record(
                    ctx,
                    "kompetensi.need.propose",
                    "KompetensiNeed",
                    row.id,
                    after=audit.snapshot(row),
                )
                created.append(row)
    return created


def _key(source, group, indicator_id, behavior_value) -> tuple:
    return (str(source), str(group), indicator_id, behavior_value or "")


async def repropose_after_appeal(ctx: ServiceContext, evaluation_id: int) -> None:
    """``appeal_decided`` with CHANGE: the ratings changed, so do the proposals. Needs still
    PROPOSED that the new ratings no longer suggest are dismissed (audited
    ``kompetensi.need.supersede``); new suggestions are proposed; decided needs stay."""
    found = await Evaluation.get_or_none(id=evaluation_id)
    if found is None:
        return
    for evaluation, plan, agency_id, proposals in await gather_proposals(ctx, [found]):
        async with ctx.transaction():
            existing = await DevelopmentNeed.filter(evaluation_id=evaluation.id).select_for_update()
            wanted = {
                _key(p.source, p.group, p.indicator_id, p.behavior_value): p for p in proposals
            }
            have = set()
            for need in existing:
                key = _key(need.source, need.group, need.indicator_id, need.behavior_value)
                have.add(key)
                if need.status == NeedStatus.PROPOSED and key not in wanted:
                    before = audit.snapshot(need)
                    need.status = NeedStatus.DISMISSED
                    need.note = "Tidak lagi diusulkan setelah keputusan keberatan."
                    need.decided_at = ctx.now()
                    await bump(need, "status", "note", "decided_at")
                    await audit.record(
                        ctx,
                        "kompetensi.need.supersede",
                        "KompetensiNeed",
                        need.id,
                        before,
                        audit.snapshot(need),
                    )
            for key, p in wanted.items():
                if key in have:
                    continue
                row = need_row(evaluation, plan, agency_id, p)
                await row.save()
                await audit.record(
                    ctx,
                    "kompetensi.need.propose",
                    "KompetensiNeed",
                    row.id,
                    after=audit.snapshot(row),
                )


# ---------------------------------------------------------------- reading


async def readable_employee(ctx: ServiceContext, employee: Employee) -> int:
    """The employee's agency id once the viewer may read their data and the plugin is on."""
    viewer = ctx.require_viewer()
    await require_read_employee(viewer, employee.id, employee.agency_id)
    await require_plugin_enabled(ctx, PLUGIN, employee.agency_id)
    return employee.agency_id


# ---------------------------------------------------------------- deciding and adding


async def skp_rater_ids(employee_id: int, year: int) -> set[int]:
    """The pejabat penilai of the employee's SKPs of ``year``."""
    rows = await PerformancePlan.filter(employee_id=employee_id, year=year).values_list(
        "rater_id", flat=True
    )
    return {r for r in rows if r is not None}


async def _rater_ids(need: DevelopmentNeed) -> set[int]:
    if need.evaluation_id is not None:
        evaluation = await Evaluation.get_or_none(id=need.evaluation_id)
        if evaluation is not None:
            return {evaluation.rater_id}
    return await skp_rater_ids(need.employee_id, need.year)


async def _need_for_rater(ctx: ServiceContext, need_id: Any) -> DevelopmentNeed:
    viewer = ctx.require_viewer()
    key = parse_id(need_id, "id")
    need = await get_or_404(DevelopmentNeed, key, "id", for_update=True)
    employee = await Employee.get(id=need.employee_id)
    await require_read_employee(viewer, employee.id, employee.agency_id)  # outsiders: denied
    await require_plugin_enabled(ctx, PLUGIN, need.agency_id)
    if viewer.employee_id not in await _rater_ids(need):
        raise NotAllowed("kompetensi.not_rater")
    return need


def _group(value: Any, field: str = "group") -> CompetencyGroup:
    try:
        return CompetencyGroup(str(value.value if hasattr(value, "value") else value))
    except ValueError:
        raise ValidationFailed("kompetensi.group", field=field) from None


async def decide_need(
    ctx: ServiceContext,
    need_id: Any,
    version: int | None,
    status: NeedStatus,
    *,
    group: Any = None,
    title: str | None = None,
    priority: Priority | None = None,
    note: str | None = None,
) -> DevelopmentNeed:
    """The rater confirms (optionally edited), edits or dismisses a need."""
    async with ctx.transaction():
        need = await _need_for_rater(ctx, need_id)
        check_version(need, version)
        before = audit.snapshot(need)
        if group is not None:
            need.group = _group(group)
        if title is not None:
            need.title = clean_text(title, "title", required=True, max_len=200)
        if priority is not None:
            need.priority = Priority(priority)
        if note is not None:
            need.note = clean_text(note, "note", max_len=2000)
        if status != need.status:
            need.status = status
            need.decided_by_id = ctx.require_viewer().employee_id
            need.decided_at = ctx.now()
        await bump(
            need, "group", "title", "priority", "note", "status", "decided_by_id", "decided_at"
        )
        action = {
            NeedStatus.CONFIRMED: "kompetensi.need.confirm",
            NeedStatus.DISMISSED: "kompetensi.need.dismiss",
            NeedStatus.PROPOSED: "kompetensi.need.update",
        }[status]
        await audit.record(ctx, action, "KompetensiNeed", need.id, before, audit.snapshot(need))
    return need


async def add_own_need(
    ctx: ServiceContext,
    year: int,
    group: Any,
    title: str,
    priority: Priority | None = None,
    note: str | None = None,
) -> DevelopmentNeed:
    """The employee adds a need of their own (PROPOSED: their rater decides it)."""
    viewer = ctx.require_viewer()
    year = check_year(year)
    chosen = _group(group)
    text = clean_text(title, "title", required=True, max_len=200)
    remark = clean_text(note, "note", max_len=2000)
    employee = await Employee.get(id=viewer.employee_id)
    await require_plugin_enabled(ctx, PLUGIN, employee.agency_id)
    async with ctx.transaction():
        row = await DevelopmentNeed.create(
            employee_id=employee.id,
            agency_id=employee.agency_id,
            year=year,
            group=chosen,
            title=text,
            source=NeedSource.EMPLOYEE,
            source_value="",
            priority=Priority(priority) if priority is not None else Priority.MEDIUM,
            note=remark,
        )
        await audit.record(
            ctx, "kompetensi.need.add", "KompetensiNeed", row.id, after=audit.snapshot(row)
        )
    return row


def today(ctx: ServiceContext) -> dt.date:
    return ctx.today()


register_messages(
    {
        "kompetensi.not_rater": (
            "Hanya pejabat penilai pegawai ini yang dapat memutuskan kebutuhan pengembangannya.",
            "Only this employee's rater (pejabat penilai) can decide their development needs.",
        ),
        "kompetensi.group": (
            "Kelompok kompetensi harus MANAJERIAL, TEKNIS atau SOSIAL_KULTURAL.",
            "The competency group must be MANAJERIAL, TEKNIS or SOSIAL_KULTURAL.",
        ),
    }
)
