"""Every plain list field of the schema has a known maximum, and never drops data silently.

Connections are paged (``first`` <= ``max_page_size``). Every other list field returns at
most its cap, stated in the field's description and used as the field's multiplier by the
static query cost (:mod:`kinerja_core.graphql.cost`). Two kinds of caps:

- a fixed cap (an ``int``): the domain bounds the list (seven BerAKHLAK values, one
  realisasi per period); where rows are written the bound is enforced from the same
  constant (:mod:`kinerja_core.domain.limits`);
- a paged list (:class:`Paged`): the list grows with the city (units, positions, reports)
  or its default is below its domain bound (RHK per SKP). It takes ``first`` (default the
  cap, at most ``maximum``, refused above with ``page.size``) and ``offset``, so every item
  is reachable; the cost counts ``first``.

Items past what a request gets are never dropped silently: the response's
``extensions.truncated`` lists ``{path, cap}`` for each cut list (:func:`truncated_lists`,
added by :class:`kinerja_core.graphql.pipeline.RequestPipeline`),
and a cut at the default cap is logged as a warning.

A core field's cap is listed in :data:`CORE_LIST_CAPS`. A plugin states the cap of its own
list fields (root fields and fields it adds to core types) with field metadata::

    @strawberry.field(description="...", metadata=max_items(50))
    async def puskesmas(self) -> list[KesehatanPuskesmas]: ...

A plugin list that grows takes ``max_items(25, maximum=500)``. A list field with no stated
cap gets :data:`DEFAULT_LIST_CAP`.
"""

from __future__ import annotations

import inspect
import itertools
import logging
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    default_field_resolver,
)
from graphql.utilities import value_from_ast

from kinerja_core.domain import limits
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages

log = logging.getLogger("kinerja.graphql")

MAX_ITEMS = "max_items"  # the strawberry field metadata key
MAXIMUM = "max_items_maximum"  # ... and the largest `first` of a paged plugin list
DEFAULT_LIST_CAP = 100
# The largest `first` of a list that grows with the city (a Dinas Pendidikan with its
# schools as units has a few hundred).
MAX_LIST_PAGE = 500


@dataclass(frozen=True)
class Paged:
    """A list taking ``first`` (default ``default``, at most ``maximum``) and ``offset``."""

    default: int
    maximum: int = MAX_LIST_PAGE


Cap = int | Paged

# Type.field -> most items returned. Chosen above what a city of 5,500 ASN holds (the demo's
# largest figure in brackets), small enough that nested lists stay within max_query_cost.
CORE_LIST_CAPS: dict[str, Cap] = {
    "Query.agencies": Paged(50),  # 17 OPD in the demo; Pontianak has about 40
    "Query.myPlans": Paged(20, 100),  # one SKP per year, a few years
    "Query.parentWorkResultCandidates": 100,  # the rater's RHK (4)
    "Query.periods": 24,  # monthly periods of a year (12)
    "Query.realizations": Paged(
        180, limits.RHK_PER_PLAN * limits.IKI_PER_WORK_RESULT * limits.PERIODS_PER_YEAR
    ),  # IKI x periods of one SKP (144)
    "Query.actionPlans": Paged(
        200, limits.RHK_PER_PLAN * limits.ACTION_PLANS_PER_WORK_RESULT
    ),  # RHK x periods of one SKP (48)
    "Query.evaluations": 30,  # periodic + yearly evaluations of one SKP (11)
    "Query.pluginCatalog": Paged(50),
    "Query.indicatorTypes": Paged(30),  # core.manual and the plugins' (11)
    "Agency.units": Paged(50),  # (38)
    "Agency.plugins": Paged(50),
    "AgencyDashboard.units": Paged(50),
    "Unit.children": Paged(50),  # (17)
    "Unit.positions": Paged(60),  # (10)
    "Position.reports": Paged(60),  # (19)
    "Employee.assignments": Paged(10, 100),  # one definitive post and a few PLT (2)
    "Employee.plans": Paged(20, 100),
    "Me.roles": 10,
    "Me.headOfAgencyIds": 10,
    "MyDashboard.plans": 20,
    "MyDashboard.openPeriods": 24,
    "MyDashboard.plansToReview": Paged(100),  # a head's direct reports (19)
    "PerformancePlan.allowedActions": 20,
    "PerformancePlan.workResults": Paged(10, limits.RHK_PER_PLAN),  # RHK utama and tambahan (4)
    "PerformancePlan.behaviorExpectations": 20,  # seven BerAKHLAK values (7)
    "PerformancePlan.feedback": Paged(100),  # (7); all of it: the feedback connection
    "PerformancePlan.evaluations": 30,  # (11)
    "WorkResult.children": Paged(50),  # RHK citing a head's RHK (27)
    "WorkResult.indicators": Paged(5, limits.IKI_PER_WORK_RESULT),  # (3)
    "WorkResult.actionPlans": limits.ACTION_PLANS_PER_WORK_RESULT,  # (12)
    "Indicator.realizations": limits.PERIODS_PER_YEAR,  # one per period (12)
    # files: upload_max_files_per_realization (10), links: LINKS_PER_REALIZATION (1)
    "Realization.evidence": Paged(10, 100),
    "Realization.feedback": Paged(10, limits.FEEDBACK_PER_REALIZATION),  # (1)
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
    "IndicatorParameter.choices": Paged(50),  # e.g. every kelurahan of the city (29)
}


def max_items(limit: int, maximum: int | None = None) -> dict[str, int]:
    """Field metadata stating a list field's cap: ``strawberry.field(metadata=max_items(50))``.

    With ``maximum`` the list is paged: ``first`` (default ``limit``, at most ``maximum``)
    and ``offset`` reach every item.
    """
    if maximum is None:
        return {MAX_ITEMS: limit}
    return {MAX_ITEMS: limit, MAXIMUM: max(limit, maximum)}


def _unwrap(kind: Any) -> Any:
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def is_connection(kind: Any) -> bool:
    """A cursor connection type (paged by ``first``): it has ``edges`` and ``pageInfo``.

    Asked for every object field of every costed request; a type's fields are fixed once the
    schema is built, so the answer is kept per type (``set(Query.fields)`` alone took 0.1 ms).
    """
    if not isinstance(kind, GraphQLObjectType):
        return False
    known = _CONNECTIONS.get(kind)
    if known is None:
        fields = kind.fields
        known = _CONNECTIONS[kind] = "edges" in fields and "pageInfo" in fields
    return known


_CONNECTIONS: WeakKeyDictionary[GraphQLObjectType, bool] = WeakKeyDictionary()


def _declared_cap(type_name: str, name: str, field: GraphQLField) -> Cap | None:
    definition = (field.extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    if MAX_ITEMS in metadata:
        limit = int(metadata[MAX_ITEMS])
        return Paged(limit, int(metadata[MAXIMUM])) if MAXIMUM in metadata else limit
    return CORE_LIST_CAPS.get(f"{type_name}.{name}")


def default_of(cap: Cap) -> int:
    """The items a list returns when ``first`` is not given."""
    return cap.default if isinstance(cap, Paged) else cap


# -- truncation report ---------------------------------------------------------------------

_TRUNCATED = "_kinerja_truncated"


def _report_cut(info: Any, cap: int, where: str, asked: bool) -> None:
    """Note a cut list on the request (for ``extensions.truncated``); log a silent-cap cut.

    Noted with where the list stands in the request, for :func:`truncated_lists` to sort
    by: the offset of its field in the query text (``info.field_nodes[0].loc.start``; an
    ancestor's node is not at hand), then its list indices along the path, then its response
    keys (a fragment spread at two places gives one field node two paths)."""
    path = list(info.path.as_list()) if getattr(info, "path", None) is not None else []
    context = info.context
    found = getattr(context, _TRUNCATED, None)
    if found is None:
        found = []
        try:
            setattr(context, _TRUNCATED, found)
        except AttributeError:  # a context that takes no attributes: the log still says it
            found = None
    if found is not None:
        nodes = getattr(info, "field_nodes", None)
        loc = getattr(nodes[0], "loc", None) if nodes else None
        order = (
            loc.start if loc is not None else -1,
            tuple(p for p in path if isinstance(p, int)),
            tuple(p for p in path if isinstance(p, str)),
        )
        found.append((order, {"path": path, "cap": cap}))
    if not asked:
        log.warning(
            "%s at %s returned more than its cap of %d items; the rest were cut off "
            "(reported in extensions.truncated)",
            where,
            ".".join(str(p) for p in path),
            cap,
        )


def truncated_lists(context: Any) -> list[dict[str, Any]]:
    """The lists of this operation that were cut: ``[{path, cap}]`` in document order (see
    :func:`_report_cut`), not in the order they resolved: lists loading at once (on
    PostgreSQL) resolve in either order, and two identical requests must answer the same."""
    found = getattr(context, _TRUNCATED, None)
    if not found:
        return []
    return [entry for _, entry in sorted(found, key=lambda noted: noted[0])]


def start_truncation_report(context: Any) -> None:
    """A new operation on ``context``: no list cut yet (a context may serve several
    operations, a WebSocket connection's)."""
    try:
        setattr(context, _TRUNCATED, [])
    except AttributeError:  # a context that takes no attributes
        pass


def _cut(result: Any, start: int, count: int, info: Any, where: str, asked: bool) -> Any:
    if result is None or isinstance(result, (str, bytes, dict)):
        return result
    end = start + count
    if isinstance(result, (list, tuple)):
        items = list(result[start : end + 1])
    else:
        items = list(itertools.islice(result, start, end + 1))
    if len(items) <= count:
        return items
    _report_cut(info, count, where, asked)
    return items[:count]


def _page_arguments(kwargs: dict[str, Any], cap: Cap) -> tuple[int, int, bool]:
    """``(offset, first, asked)`` of a call; refuses a ``first`` or ``offset`` out of range."""
    if not isinstance(cap, Paged):
        return 0, cap, False
    first = kwargs.pop("first", None)
    offset = kwargs.pop("offset", None)
    if first is not None and not 1 <= first <= cap.maximum:
        raise ValidationFailed("page.size", field="first", max=cap.maximum)
    if offset is not None and offset < 0:
        raise ValidationFailed("page.offset", field="offset")
    return offset or 0, cap.default if first is None else first, first is not None


def _capped_resolver(resolve: Any, cap: Cap, where: str) -> Any:
    def run(source: Any, info: Any, **kwargs: Any) -> Any:
        start, count, asked = _page_arguments(kwargs, cap)
        result = resolve(source, info, **kwargs)
        if inspect.isawaitable(result):

            async def later() -> Any:
                return _cut(await result, start, count, info, where, asked)

            return later()
        return _cut(result, start, count, info, where, asked)

    # for the fast path (graphql/execution.py): the resolver inside, and the cut of a call
    # without arguments
    run.capped = (resolve, _page_arguments({}, cap)[1], where)  # type: ignore[attr-defined]
    return run


def list_window(info: Any) -> tuple[int, int]:
    """``(offset, count)``: the slice ``[offset, offset + count)`` the cap of this list field
    keeps of what its resolver returns (from the field's ``first`` and ``offset`` and its
    cap), so a resolver may read only ``offset + count + 1`` rows (``LIMIT``) instead of the
    whole list: the cap still cuts at ``offset`` and still reports the cut in
    ``extensions.truncated`` when the one extra row is there.

    ``info`` is the resolver's ``Info`` (strawberry's or graphql-core's); a resolver marked
    ``@reads_context`` gets only ``info.context`` on the fast path and cannot ask.
    """
    raw = getattr(info, "_raw_info", info)
    if not hasattr(raw, "parent_type"):
        raise TypeError("list_window needs the resolver's full info (not @reads_context)")
    field = raw.parent_type.fields[raw.field_name]
    cap = _declared_cap(raw.parent_type.name, raw.field_name, field)
    cap = DEFAULT_LIST_CAP if cap is None else cap
    if not isinstance(cap, Paged):
        return 0, cap
    given = {a.name.value: a.value for a in raw.field_nodes[0].arguments or ()}
    arguments = {}
    for name in ("first", "offset"):
        value = value_from_ast(given.get(name), GraphQLInt, raw.variable_values)
        if value is not Undefined:  # not given, or a variable the request left out
            arguments[name] = value
    offset, count, _ = _page_arguments(arguments, cap)
    return offset, count


def cut_unasked(result: Any, count: int, info: Any, where: str) -> Any:
    """What a capped field called without arguments answers for ``result`` (the cut)."""
    return _cut(result, 0, count, info, where, False)


def _add_page_arguments(field: GraphQLField, cap: Paged, where: str) -> None:
    taken = {"first", "offset"} & set(field.args)
    if taken:  # the resolver would never see its own argument: refuse loudly at start-up
        raise TypeError(f"{where} is paged by the core but declares {sorted(taken)} itself")
    field.args = {
        **field.args,
        "first": GraphQLArgument(
            GraphQLInt,
            description=f"How many items to return: {cap.default} unless given, "
            f"at most {cap.maximum}.",
        ),
        "offset": GraphQLArgument(
            GraphQLInt, description="How many items to skip first (0 unless given)."
        ),
    }


def apply_list_caps(schema: GraphQLSchema) -> dict[tuple[str, str], Cap]:
    """Cap every plain list field of ``schema`` (description, arguments, resolver).

    Returns the caps. The ``edges`` and ``nodes`` of a connection are not capped here: its
    ``first`` argument, itself at most ``max_page_size``, bounds them.
    """
    caps: dict[tuple[str, str], Cap] = {}
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
            if isinstance(cap, Paged):
                note = (
                    f"At most {cap.default} items unless `first` asks for more (up to "
                    f"{cap.maximum}); `offset` reaches the rest. A cut list is named in "
                    "the response's `extensions.truncated`."
                )
                _add_page_arguments(field, cap, f"{type_name}.{name}")
            else:
                note = f"At most {cap} items."
            field.description = f"{field.description} {note}" if field.description else note
            if isinstance(kind, GraphQLObjectType):
                field.resolve = _capped_resolver(
                    field.resolve or default_field_resolver, cap, f"{type_name}.{name}"
                )
    return caps


def declared_caps(schema: GraphQLSchema) -> dict[str, Cap | None]:
    """Each plain list field's explicitly stated cap (None: it falls back to the default)."""
    found: dict[str, Cap | None] = {}
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


register_messages(
    {"page.offset": ("`offset` tidak boleh negatif.", "`offset` may not be negative.")}
)
