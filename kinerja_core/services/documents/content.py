"""What the SKP and the Dokumen Evaluasi Kinerja state, gathered from frozen data.

The identity blocks come from the snapshots frozen at approval (SKP) and at finalisation
(evaluation), never from today's org chart; RHK, IKI, targets and expectations are those of
the approved SKP (it cannot be edited after approval). No access check here: callers in
:mod:`kinerja_core.services.documents` check the SKP read rule first.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from kinerja_core.domain.enums import BehaviorValue, PlanApproach, WorkResultKind
from kinerja_core.domain.numbers import trim
from kinerja_core.models import (
    Appeal,
    BehaviorExpectation,
    Evaluation,
    Indicator,
    PerformancePlan,
    Period,
    Position,
    Realization,
    WorkResult,
)
from kinerja_core.plugins.linking import MANUAL
from kinerja_core.services.documents import labels
from kinerja_core.services.organization_rating import organization_rating_for


def number(value: Decimal | str | None) -> str:
    """``1250.5000`` -> ``1.250,5`` (Indonesian digit grouping), ``None`` -> ``""``."""
    if value is None or value == "":
        return ""
    text = format(trim(Decimal(str(value))), ",f")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def target_text(indicator: Indicator, approach: str) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    if approach == PlanApproach.KUALITATIF or (
        indicator.target_value is None and indicator.target_min is None
    ):
        return indicator.narrative_target
    if indicator.target_min is not None and indicator.target_max is not None:
        return f"{number(indicator.target_min)} - {number(indicator.target_max)}{unit}"
    return f"{number(indicator.target_value)}{unit}"


def _person(data: dict[str, Any] | None) -> dict[str, Any]:
    data = data or {}
    golongan = data.get("golongan") or ""
    pangkat = data.get("pangkat") or ""
    return {
        "name": data.get("name") or "",
        "nip": data.get("nip") or "",
        "pangkat": f"{pangkat} ({golongan})" if pangkat else golongan,
        "position": data.get("position") or "",
    }


async def _results(plan: PerformancePlan) -> tuple[list[WorkResult], dict[int, list[Indicator]]]:
    results = await WorkResult.filter(plan_id=plan.id).order_by("order", "id")
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for row in await Indicator.filter(work_result__plan_id=plan.id).order_by("order", "id"):
        indicators[row.work_result_id].append(row)
    return results, indicators


async def skp_content(plan: PerformancePlan, place: str) -> dict[str, Any]:
    """The SKP as approved: identities, RHK with the cascade, IKI, expectations, lampiran."""
    snap = plan.snapshot or {}
    results, indicators = await _results(plan)
    parent_ids = [r.parent_id for r in results if r.parent_id]
    parents = {r.id: r for r in await WorkResult.filter(id__in=parent_ids or [0])}
    groups: dict[str, list[dict[str, Any]]] = {k.value: [] for k in WorkResultKind}
    for result in results:
        parent = parents.get(result.parent_id) if result.parent_id else None
        groups[str(result.kind)].append(
            {
                "description": result.description,
                "parent": parent.description if parent else "",
                "intervention": labels.INTERVENTION.get(result.intervention, "")
                if result.intervention
                else "",
                "perspective": labels.PERSPECTIVE.get(result.perspective or "", ""),
                "indicators": [
                    {
                        "aspect": labels.ASPECT.get(i.aspect, str(i.aspect)),
                        "description": i.description,
                        "target": target_text(i, str(plan.approach)),
                        "perspective": labels.PERSPECTIVE.get(i.perspective or "", ""),
                        "computed_by": "" if i.indicator_type == MANUAL else i.indicator_type,
                    }
                    for i in indicators.get(result.id, [])
                ],
            }
        )
    rater_unit = await _rater_unit(plan)
    expectations = {
        str(e.value): e.expectation for e in await BehaviorExpectation.filter(plan_id=plan.id)
    }
    position = snap.get("position") or {}
    return {
        "kind": "SKP",
        "plan_id": plan.id,
        "form": str(plan.form),
        "approach": str(plan.approach),
        "year": plan.year,
        "period_start": snap.get("period_start") or plan.period_start.isoformat(),
        "period_end": snap.get("period_end") or plan.period_end.isoformat(),
        "agency": (snap.get("agency") or {}).get("name", ""),
        "unit": (snap.get("unit") or {}).get("name", ""),
        "position_type": labels.POSITION_TYPE.get(position.get("type"), ""),
        "employee": {
            **_person(snap.get("employee")),
            "unit": (snap.get("unit") or {}).get("name", ""),
        },
        "rater": {**_person(snap.get("rater")), "unit": rater_unit},
        "rater_superior": _person(snap.get("rater_superior")),
        "results": groups,
        "behaviors": [
            {
                "label": labels.BEHAVIOR[value][0],
                "guides": list(labels.BEHAVIOR[value][1]),
                "expectation": expectations.get(value.value, ""),
            }
            for value in BehaviorValue
        ],
        "lampiran": {
            "resource_support": plan.resource_support,
            "accountability_scheme": plan.accountability_scheme,
            "consequences": plan.consequences,
        },
        "place": place,
        "approved_on": plan.approved_at.date().isoformat() if plan.approved_at else "",
    }


async def _rater_unit(plan: PerformancePlan) -> str:
    """Not in the snapshots: the unit of the rater's position (positions rarely move)."""
    if not plan.rater_position_id:
        return ""
    held = await Position.get_or_none(id=plan.rater_position_id).select_related("unit")
    return held.unit.name if held else ""


PROVENANCE_LABELS = {"numerator": "pembilang", "denominator": "penyebut"}


def provenance_text(provenance: dict[str, Any] | None) -> str:
    """How a plugin computed a realisasi, in a line a reader of the printout can check."""
    if not isinstance(provenance, dict) or "annualTarget" not in provenance:
        return ""
    skip = {
        "source",
        "plugin",
        "parameters",
        "period",
        "cumulative",
        "annualTarget",
        "target",
        "achievement",
        "computedAt",
        "note",
    }
    parts = [
        f"Dihitung otomatis oleh plugin {provenance.get('plugin', '')}"
        f" ({provenance.get('source', '')})"
    ]
    for key, value in provenance.items():
        if key in skip or isinstance(value, (dict, list)) or value in (None, ""):
            continue
        label = PROVENANCE_LABELS.get(key, key)
        parts.append(f"{label} {number(value) if _numeric(value) else value}")
    if provenance.get("target") not in (None, ""):
        parts.append(f"target periode {number(provenance['target'])}")
    if provenance.get("achievement") not in (None, ""):
        parts.append(f"capaian {number(provenance['achievement'])}%")
    if provenance.get("computedAt"):
        parts.append(f"pada {str(provenance['computedAt'])[:16].replace('T', ' ')} UTC")
    text = "; ".join(parts)
    note = str(provenance.get("note") or "").strip()
    return f"{text}. {note}" if note else text


def _numeric(value: Any) -> bool:
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return not isinstance(value, bool)


async def evaluation_content(
    evaluation: Evaluation, plan: PerformancePlan, place: str
) -> dict[str, Any]:
    """The Dokumen Evaluasi Kinerja: identities, realisasi, ratings, predikat, org predikat."""
    snap = evaluation.snapshot or {}
    plan_snap = plan.snapshot or {}
    period = await Period.get(id=evaluation.period_id) if evaluation.period_id else None
    results, indicators = await _results(plan)
    indicator_ids = [i.id for rows in indicators.values() for i in rows]
    realizations = Realization.filter(indicator_id__in=indicator_ids or [0])
    if period is not None:
        realizations = realizations.filter(period_id=period.id)
    else:
        realizations = realizations.filter(period__year=evaluation.year)
    periods = {p.id: p for p in await Period.filter(agency_id=plan.agency_id, year=plan.year)}
    by_indicator: dict[int, list[Realization]] = defaultdict(list)
    for row in await realizations.order_by("period_id", "id"):
        by_indicator[row.indicator_id].append(row)

    def realisasi(indicator: Indicator) -> list[dict[str, Any]]:
        lines = []
        for row in by_indicator.get(indicator.id, []):
            value = number(row.value)
            unit = f" {indicator.unit}" if value and indicator.unit else ""
            p = periods.get(row.period_id)
            lines.append(
                {
                    "period": _period_label(p) if period is None and p else "",
                    "value": f"{value}{unit}" if value else "",
                    "narrative": row.narrative,
                    "provenance": provenance_text(row.provenance),
                }
            )
        return lines

    rows = []
    for result in results:
        rows.append(
            {
                "kind": str(result.kind),
                "description": result.description,
                "indicators": [
                    {
                        "description": i.description,
                        "target": target_text(i, str(plan.approach)),
                        "realisasi": realisasi(i),
                    }
                    for i in indicators.get(result.id, [])
                ],
            }
        )
    org = await organization_rating_for(plan.unit_id, evaluation.year, evaluation.period_id)
    appeal = await Appeal.filter(evaluation_id=evaluation.id).first()
    employee = {**_person(plan_snap.get("employee")), **_strip(snap.get("employee"))}
    period_data = snap.get("period") or {}
    return {
        "kind": "EVK",
        "evaluation_id": evaluation.id,
        "plan_id": plan.id,
        "annual": period is None,
        "year": evaluation.year,
        "period_label": period_data.get("label") or ("Tahunan " + str(evaluation.year)),
        "period_start": period_data.get("start_date") or plan.period_start.isoformat(),
        "period_end": period_data.get("end_date") or plan.period_end.isoformat(),
        "agency": (snap.get("agency") or {}).get("name", ""),
        "unit": (snap.get("unit") or {}).get("name", ""),
        "employee": {**employee, "position": (snap.get("position") or {}).get("name", "")},
        "rater": {
            **_person(plan_snap.get("rater")),
            **_strip(snap.get("rater")),
            "unit": await _rater_unit(plan),
        },
        "rater_superior": _person(plan_snap.get("rater_superior")),
        "organization_predikat": labels.org_predikat(org.rating if org else None),
        "result_rating": labels.rating(evaluation.result_rating),
        "behavior_rating": labels.rating(evaluation.behavior_rating),
        "predikat": labels.predikat(evaluation.predikat),
        "credit_points": number(evaluation.credit_points),
        "note": evaluation.note,
        "appeal": (
            {"decision": str(appeal.decision), "note": appeal.decision_note}
            if appeal is not None and appeal.decision
            else None
        ),
        "results": rows,
        "place": place,
        "finalized_on": evaluation.finalized_at.date().isoformat()
        if evaluation.finalized_at
        else "",
    }


def _strip(data: dict[str, Any] | None) -> dict[str, Any]:
    """The evaluation snapshot's person (name, NIP, position), without empty values."""
    data = data or {}
    return {k: data[k] for k in ("name", "nip", "position") if data.get(k)}


def _period_label(period: Period) -> str:
    from kinerja_core.domain.periods import build_period

    return build_period(period.year, period.kind, period.number).label
