"""Every plain list field of the schema has a fixed maximum (docs/limits.md).

Connections are paged (``first`` <= ``max_page_size``); every other list field returns at
most its cap: the cap is stated in the field's description, enforced when the field resolves
(items past it are cut off and logged), and used as the field's multiplier by the static
query cost (:mod:`kinerja_core.graphql.cost`).

A core field's cap is listed in :data:`CORE_LIST_CAPS`. A plugin states the cap of its own
list fields (root fields and fields it adds to core types) with field metadata::

    @strawberry.field(description="...", metadata=max_items(50))
    async def puskesmas(self) -> list[KesehatanPuskesmas]: ...

A list field with no stated cap gets :data:`DEFAULT_LIST_CAP`.
"""

from __future__ import annotations

import inspect
import itertools
import logging
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    default_field_resolver,
)

log = logging.getLogger("kinerja.graphql")

MAX_ITEMS = "max_items"  # the strawberry field metadata key
DEFAULT_LIST_CAP = 100

# Type.field -> most items returned. Chosen above what a city of 5,500 ASN holds (the demo's
# largest figure in brackets), small enough that nested lists stay within max_query_cost.
CORE_LIST_CAPS: dict[str, int] = {
    "Query.agencies": 50,  # 17 OPD in the demo; Pontianak has about 40
    "Query.myPlans": 20,  # one SKP per year, a few years
    "Query.parentWorkResultCandidates": 100,  # the rater's RHK (4)
    "Query.periods": 24,  # monthly periods of a year (12)
    "Query.realizations": 180,  # IKI x periods of one SKP (144)
    "Query.actionPlans": 200,  # RHK x periods of one SKP (48)
    "Query.evaluations": 30,  # periodic + yearly evaluations of one SKP (11)
    "Query.pluginCatalog": 50,
    "Query.indicatorTypes": 30,  # core.manual and the plugins' (11)
    "Agency.units": 50,  # (38)
    "Agency.plugins": 50,
    "AgencyDashboard.units": 50,
    "Unit.children": 50,  # (17)
    "Unit.positions": 60,  # (10)
    "Position.reports": 60,  # (19)
    "Employee.assignments": 10,  # one definitive post and a few PLT (2)
    "Employee.plans": 20,
    "Me.roles": 10,
    "Me.headOfAgencyIds": 10,
    "MyDashboard.plans": 20,
    "MyDashboard.openPeriods": 24,
    "MyDashboard.plansToReview": 100,  # a head's direct reports (19)
    "PerformancePlan.allowedActions": 20,
    "PerformancePlan.workResults": 10,  # RHK utama and tambahan (4)
    "PerformancePlan.behaviorExpectations": 20,  # seven BerAKHLAK values (7)
    "PerformancePlan.feedback": 100,  # (7); all of it: the feedback connection
    "PerformancePlan.evaluations": 30,  # (11)
    "WorkResult.children": 50,  # RHK citing a head's RHK (27)
    "WorkResult.indicators": 5,  # (3)
    "WorkResult.actionPlans": 60,  # (12)
    "Indicator.realizations": 12,  # one per period, monthly at most (12)
    "Realization.evidence": 10,  # upload_max_files_per_realization (1)
    "Realization.feedback": 10,  # (1)
    "ComputedRealization.records": 50,
    "Evaluation.kurvaFindings": 20,
    "EvaluationPayload.kurvaFindings": 20,
    "KurvaReport.counts": 10,  # one per predikat (5)
    "KurvaReport.findings": 20,
    "KurvaFinding.predikats": 10,
    "UnitSummary.predikatDistribution": 10,
    "UnitSummary.kurvaFindings": 20,
    "PeriodSetup.periods": 24,
    "Plugin.hooks": 50,
    "Plugin.indicatorTypes": 30,
    "Plugin.configSchema": 50,
    "PluginConfigField.choices": 50,
    "IndicatorType.parameters": 5,  # (1)
    "IndicatorParameter.choices": 50,  # e.g. every kelurahan of the city (29)
}


def max_items(limit: int) -> dict[str, int]:
    """Field metadata stating a list field's cap: ``strawberry.field(metadata=max_items(50))``."""
    return {MAX_ITEMS: limit}


def _unwrap(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def is_connection(kind: Any) -> bool:
    """A cursor connection type (paged by ``first``): it has ``edges`` and ``pageInfo``."""
    return isinstance(kind, GraphQLObjectType) and {"edges", "pageInfo"} <= set(kind.fields)


def _declared_cap(type_name: str, name: str, field: GraphQLField) -> int | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    if MAX_ITEMS in metadata:
        return int(metadata[MAX_ITEMS])
    return CORE_LIST_CAPS.get(f"{type_name}.{name}")


def _cut(result: Any, cap: int, where: str) -> Any:
    if result is None or isinstance(result, (str, bytes, dict)):
        return result
    if isinstance(result, (list, tuple)):
        if len(result) <= cap:
            return result
        items = list(result[:cap])
    else:
        items = list(itertools.islice(result, cap + 1))
        if len(items) <= cap:
            return items
        items = items[:cap]
    log.warning("%s returned more than its cap of %d items; the rest were cut off", where, cap)
    return items


def _capped_resolver(resolve: Any, cap: int, where: str) -> Any:
    def run(source: Any, info: Any, **kwargs: Any) -> Any:
        result = resolve(source, info, **kwargs)
        if inspect.isawaitable(result):

            async def later() -> Any:
                return _cut(await result, cap, where)

            return later()
        return _cut(result, cap, where)

    return run


def apply_list_caps(schema: GraphQLSchema) -> dict[tuple[str, str], int]:
    """Cap every plain list field of ``schema`` (description + resolver); returns the caps.

    The ``edges`` and ``nodes`` of a connection are not capped here: its ``first`` argument,
    itself at most ``max_page_size``, bounds them.
    """
    caps: dict[tuple[str, str], int] = {}
    for type_name, kind in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(
            kind, (GraphQLObjectType, GraphQLInterfaceType)
        ):
            continue
        connection = is_connection(kind)
        for name, field in kind.fields.items():
            if not isinstance(_unwrap(field.type), GraphQLList):
                continue
            if connection and name in ("edges", "nodes"):
                continue
            cap = _declared_cap(type_name, name, field)
            cap = DEFAULT_LIST_CAP if cap is None else cap
            caps[(type_name, name)] = cap
            note = f"At most {cap} items."
            field.description = f"{field.description} {note}" if field.description else note
            if isinstance(kind, GraphQLObjectType):
                field.resolve = _capped_resolver(
                    field.resolve or default_field_resolver, cap, f"{type_name}.{name}"
                )
    return caps


def declared_caps(schema: GraphQLSchema) -> dict[str, int | None]:
    """Each plain list field's explicitly stated cap (None: it falls back to the default)."""
    found: dict[str, int | None] = {}
    for type_name, kind in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(kind, GraphQLObjectType):
            continue
        connection = is_connection(kind)
        for name, field in kind.fields.items():
            if isinstance(_unwrap(field.type), GraphQLList) and not (
                connection and name in ("edges", "nodes")
            ):
                found[f"{type_name}.{name}"] = _declared_cap(type_name, name, field)
    return found
