"""Plugin panels: a GraphQL operation of the plugin's own plus a declarative view.

A plugin returns its panels from the hook ``kinerja_panels()`` (a list of :class:`Panel`;
pluggy collects the lists). The web app shows them on the agency dashboard of agencies where
the plugin is enabled: it sends :attr:`Panel.operation` as it is with ``{agencyId, year}`` and
draws the rows found at :attr:`Panel.rows_path` as a table, a bar or line chart, or figures.
No JavaScript build of the plugin's own is involved.

Checked while the schema is composed (:func:`panel_problems`), so that a mistake stops the
plugin at start-up (FAILED with the reason; an error in strict mode), never in a browser:

- ``key`` is lower-case words joined by ``-``, unique within the plugin;
- ``title``, ``description`` and every column ``label`` are i18n message codes the plugin
  registered (``register_messages``): they are shown translated (Accept-Language);
- ``operation`` parses, is one query, validates against the composed schema, selects only the
  plugin's own root fields, declares no variables but ``$agencyId: ID!`` and ``$year: Int!``
  and costs no more than ``max_query_cost`` (docs/limits.md);
- ``rows_path`` leads through the operation's selections to a list of objects, and every
  column ``field`` is a leaf (scalar or enum) selected on those rows;
- TABLE and FIGURES need a column, BAR and LINE two (the first is the label, the others series);
  at most :data:`MAX_COLUMNS` columns and :data:`MAX_PANELS_PER_PLUGIN` panels per plugin.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    is_leaf_type,
    parse,
    print_ast,
    validate,
)

from kinerja_core.domain.errors import MESSAGES as DOMAIN_MESSAGES
from kinerja_core.i18n import MESSAGES
from kinerja_core.plugins.manager import PluginManager
from kinerja_core.plugins.registry import camel_prefix, has_prefix

HOOK = "kinerja_panels"
PANEL_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
VARIABLES = {"agencyId": "ID!", "year": "Int!"}
MAX_COLUMNS = 20  # per panel: a wider table or chart is not readable anyway
MAX_PANELS_PER_PLUGIN = 10
MAX_PANELS = 50  # in one answer of ``pluginPanels`` (the list's cap; cut lists are named)


class PanelKind(enum.StrEnum):
    """How the web app draws a panel's rows."""

    TABLE = "TABLE"  # one row per line, the columns in order
    BAR = "BAR"  # first column: the label of each bar group; the others: one series each
    LINE = "LINE"  # first column: the x axis; the others: one line each
    FIGURES = "FIGURES"  # the first row only: each column one big number


@dataclass(frozen=True)
class PanelColumn:
    """A value of each row: ``field`` is its key in a row, ``label`` an i18n message code."""

    field: str
    label: str


@dataclass(frozen=True)
class Panel:
    """One panel a plugin contributes (see the module doc for what is checked)."""

    key: str
    title: str  # i18n message code
    kind: PanelKind
    operation: str  # a GraphQL query document: variables $agencyId: ID!, $year: Int!
    rows_path: str  # dot path in the answer's ``data`` to the list of rows
    columns: tuple[PanelColumn, ...] = field(default=())
    description: str | None = None  # i18n message code


@dataclass(frozen=True)
class PluginPanel:
    """A checked panel with the plugin that gave it."""

    plugin: str
    panel: Panel


def _messages() -> set[str]:
    """Every code ``translate`` knows (the core's, the domain's, those plugins registered)."""
    return set(MESSAGES) | set(DOMAIN_MESSAGES)


def collect_panels(manager: PluginManager) -> dict[str, list[Any]]:
    """Each loaded plugin's answer to ``kinerja_panels`` (unchecked), collected at start-up."""
    found: dict[str, list[Any]] = {}
    for record in manager.loaded():
        if record.contributions is not None and HOOK in record.hooks:
            found[record.name] = list(record.contributions.panels)
    return found


def _unwrap(kind: Any) -> Any:
    while isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return kind


def _field(selections: SelectionSetNode | None, key: str) -> FieldNode | None:
    for node in selections.selections if selections else ():
        if isinstance(node, FieldNode) and (node.alias or node.name).value == key:
            return node
    return None


def _rows(schema: Any, operation: OperationDefinitionNode, path: str) -> tuple[Any, Any]:
    """The row type and the rows' selection at ``path``, or a ValueError saying why not."""
    parent: Any = schema.query_type
    selections = operation.selection_set
    steps = path.split(".") if path else []
    if not steps:
        raise ValueError("rowsPath is empty")
    kind: Any = None
    for number, step in enumerate(steps):
        node = _field(selections, step)
        if node is None or not isinstance(parent, GraphQLObjectType):
            raise ValueError(f"rowsPath {path!r}: {step!r} is not selected in the operation")
        kind = _unwrap(parent.fields[node.name.value].type)
        selections = node.selection_set
        last = number == len(steps) - 1
        if isinstance(kind, GraphQLList) and not last:
            raise ValueError(f"rowsPath {path!r}: {step!r} is a list; the rows must be last")
        parent = _unwrap(kind.of_type) if isinstance(kind, GraphQLList) else kind
    if not isinstance(kind, GraphQLList) or not isinstance(parent, GraphQLObjectType):
        raise ValueError(f"rowsPath {path!r} is not a list of objects")
    return parent, selections


def check_panel(
    plugin: str, panel: Any, schema: Any, messages: set[str], max_cost: int = 0
) -> None:
    """Raise ValueError saying what is wrong with one of ``plugin``'s panels."""
    if not isinstance(panel, Panel):
        raise ValueError(f"{HOOK} must return Panel objects, got {type(panel).__name__}")
    what = f"panel {panel.key!r}"
    if not isinstance(panel.key, str) or not PANEL_KEY.match(panel.key):
        raise ValueError(f"{what}: the key is lower-case words joined by '-'")
    if not isinstance(panel.kind, PanelKind):
        raise ValueError(f"{what}: kind must be a PanelKind ({', '.join(PanelKind)})")
    codes = [("title", panel.title)]
    if panel.description is not None:
        codes.append(("description", panel.description))
    columns = tuple(panel.columns)
    if not all(isinstance(c, PanelColumn) for c in columns):
        raise ValueError(f"{what}: columns must be PanelColumn objects")
    codes += [(f"column {c.field!r} label", c.label) for c in columns]
    for name, code in codes:
        if code not in messages:
            raise ValueError(
                f"{what}: the {name} {code!r} is not a registered message (register_messages)"
            )
    least = 2 if panel.kind in (PanelKind.BAR, PanelKind.LINE) else 1
    if len(columns) < least:
        raise ValueError(f"{what}: a {panel.kind} panel needs at least {least} column(s)")
    if len(columns) > MAX_COLUMNS:
        raise ValueError(f"{what}: at most {MAX_COLUMNS} columns")
    if len({c.field for c in columns}) != len(columns):
        raise ValueError(f"{what}: a column field is listed twice")
    try:
        document = parse(panel.operation)
    except (GraphQLError, TypeError) as exc:
        raise ValueError(f"{what}: the operation does not parse: {exc}") from exc
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise ValueError(f"{what}: the operation must be exactly one query")
    errors = validate(schema, document)
    if errors:
        raise ValueError(f"{what}: the operation does not validate: {errors[0].message}")
    operation = operations[0]
    for variable in operation.variable_definitions or ():
        name = variable.variable.name.value
        declared = print_ast(variable.type)
        if VARIABLES.get(name) != declared:
            allowed = ", ".join(f"${k}: {v}" for k, v in VARIABLES.items())
            raise ValueError(f"{what}: variable ${name}: {declared}; only {allowed} are sent")
    prefix = camel_prefix(plugin)
    for node in operation.selection_set.selections:
        if not isinstance(node, FieldNode):
            raise ValueError(f"{what}: select root fields directly (no fragments at the root)")
        name = node.name.value
        if name != "__typename" and not has_prefix(name, prefix):
            raise ValueError(f"{what}: root field {name} is not the plugin's own ({prefix}...)")
    from kinerja_core.graphql.cost import query_cost  # GraphQL layer: see test_import_graph

    cost = query_cost(schema, document) if max_cost > 0 else 0
    if cost > max_cost:
        raise ValueError(f"{what}: the operation costs {cost}, above max_query_cost {max_cost}")
    try:
        row_type, row_selection = _rows(schema, operation, panel.rows_path)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from exc
    for column in columns:
        node = _field(row_selection, column.field)
        if node is None:
            raise ValueError(f"{what}: column {column.field!r} is not selected on the rows")
        if not is_leaf_type(_unwrap(row_type.fields[node.name.value].type)):
            raise ValueError(f"{what}: column {column.field!r} must be a scalar or enum value")


def panel_problems(
    schema: Any, manager: PluginManager
) -> tuple[dict[str, str], dict[str, tuple[Panel, ...]]]:
    """Plugins whose panels are wrong (with the reason), and the checked panels of the others."""
    graphql_schema = getattr(schema, "_schema", schema)
    collected = collect_panels(manager)
    limit = manager.settings.max_query_cost  # a panel always refused would only fail in a browser
    messages = _messages()  # after the hooks: their modules register the messages
    problems: dict[str, str] = {}
    accepted: dict[str, tuple[Panel, ...]] = {}
    for plugin, panels in sorted(collected.items()):
        try:
            if len(panels) > MAX_PANELS_PER_PLUGIN:
                raise ValueError(f"at most {MAX_PANELS_PER_PLUGIN} panels per plugin")
            keys: set[str] = set()
            for panel in panels:
                check_panel(plugin, panel, graphql_schema, messages, limit)
                if panel.key in keys:
                    raise ValueError(f"panel {panel.key!r}: the key is used twice")
                keys.add(panel.key)
        except ValueError as exc:
            problems[plugin] = f"{HOOK}: {exc}"
            continue
        accepted[plugin] = tuple(panels)
    return problems, accepted


def panels_in_order(panels: dict[str, Iterable[Panel]]) -> list[PluginPanel]:
    """Every plugin's panels, by plugin name, each plugin's in its own order."""
    return [PluginPanel(p, panel) for p in sorted(panels) for panel in panels[p]]


__all__ = ["Panel", "PanelColumn", "PanelKind", "PluginPanel", "panel_problems"]
