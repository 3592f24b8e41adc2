"""What plugins contribute, validated on arrival: what the start-up hooks return.

The manager asks each plugin on its own and hands what it returned to
:meth:`PluginContributions.accept`, so every contribution is recorded with the plugin that gave
it. A refused contribution raises :class:`ContributionError`; the manager then marks the whole
plugin FAILED and keeps none of its contributions. GraphQL contributions are checked here for
their shape only (object types, resolvers, nullable fields) and kept as
:class:`FieldContribution` objects; their names and the types they reach are checked once, where
the schema is composed (``plugins.composition``), since only there every plugin's are known.

Names: a plugin called ``kesehatan`` owns indicator codes ``kesehatan.*``, the tortoise app
``kesehatan``, GraphQL fields starting ``kesehatan`` (root fields and fields on core types) and
GraphQL types starting ``Kesehatan``. The plugins shipped with the core are named ``core.*``
and own ``core.*``; a name of the core's own (``Agency.plugins``) is a slot the core's
extension point reserves for the plugin that fills it (``graphql.compose.EXTENSION_POINTS``).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from strawberry.types.base import StrawberryOptional, get_object_definition
from strawberry.types.field import UNRESOLVED, StrawberryField

from kinerja_core.plugins.config import ConfigField, check_schema
from kinerja_core.plugins.downloads import DOWNLOAD_NAME, Download
from kinerja_core.plugins.indicator import IndicatorType, ParameterKind, ParameterSpec

PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CODE_TAIL = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class ContributionError(ValueError):
    """A plugin contributed something the core refuses; the message says what and why."""


def namespace(plugin: str) -> str:
    """The prefix a plugin's names carry: its name, or ``core`` for the built-in ones."""
    return plugin.split(".", 1)[0]


def camel_prefix(plugin: str) -> str:
    """``kinerja_demo`` -> ``kinerjaDemo``: the start of its GraphQL field names."""
    head, *rest = namespace(plugin).split("_")
    return head + "".join(part.capitalize() for part in rest)


def pascal_prefix(plugin: str) -> str:
    """``kinerja_demo`` -> ``KinerjaDemo``: the start of its GraphQL type names."""
    return "".join(part.capitalize() for part in namespace(plugin).split("_"))


def has_prefix(name: str, prefix: str) -> bool:
    """``name`` starts with ``prefix`` as a word: ``kesehatanReports``, not ``kesehatanx``."""
    if not name.startswith(prefix):
        return False
    rest = name[len(prefix) :]
    return rest == "" or rest[0].isupper() or rest[0].isdigit()


@dataclass(frozen=True)
class ModelApp:
    """A plugin's own tortoise app: models module and migrations package."""

    plugin: str
    label: str
    models: str
    migrations: str | None

    def tortoise_app(self) -> dict[str, Any]:
        app: dict[str, Any] = {"models": [self.models]}
        if self.migrations:
            app["migrations"] = self.migrations
        return app


@dataclass(frozen=True)
class Models:
    """What ``kinerja_register_models`` returns: the plugin's own tortoise app.

    ``models`` and ``migrations`` are module paths; ``app`` defaults to the plugin's name (the
    only label it may have).
    """

    models: str
    migrations: str | None = None
    app: str | None = None


@dataclass(frozen=True)
class GraphQL:
    """What ``kinerja_register_graphql`` returns: root parts, extra types, core-type fields.

    ``extends`` maps a core type (its GraphQL name, e.g. ``"Agency"``, or class) to a strawberry
    type (or several) whose fields are added to it.
    """

    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    types: Sequence[type] = ()
    extends: Mapping[str | type, type | Sequence[type]] | None = None


@dataclass(frozen=True)
class FieldContribution:
    """One GraphQL field a plugin adds to a root type or to a core type, with who adds it.

    ``type_name`` is the GraphQL name of the type it goes on (``Query``, ``Mutation``,
    ``Subscription``, or an extension point such as ``Agency``); ``source`` the class it was
    written in, for messages. The schema composer checks and places it (``plugins.composition``).
    """

    plugin: str
    type_name: str
    field: StrawberryField
    source: str

    @property
    def name(self) -> str:
        return _graphql_name(self.field)


@dataclass(frozen=True)
class GraphQLContribution:
    """What one ``GraphQL(...)`` of a plugin adds: its fields, each placed, and extra types."""

    plugin: str
    fields: tuple[FieldContribution, ...] = ()
    types: tuple[type, ...] = ()


@dataclass
class PluginContributions:
    """Everything one plugin registered during start-up."""

    plugin: str
    always_on: bool = False  # KINERJA_ALWAYS_ON: never switched off, so fields may be non-null
    indicators: list[IndicatorType] = field(default_factory=list)
    model_apps: list[ModelApp] = field(default_factory=list)
    graphql: list[GraphQLContribution] = field(default_factory=list)
    config: list[ConfigField] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    panels: list[Any] = field(default_factory=list)  # kinerja_panels, checked when composing

    # -- what the start-up hooks return -------------------------------------------------------

    def accept(self, hook: str, result: Any) -> None:
        """Record what ``hook`` returned: nothing, one contribution or a list of them."""
        if result is None:
            return
        items = list(result) if isinstance(result, (list, tuple)) else [result]
        kind, add = {
            "kinerja_register_indicators": (IndicatorType, self.register_indicator),
            "kinerja_register_models": (Models, self._add_models),
            "kinerja_register_graphql": (GraphQL, self._add_graphql),
            "kinerja_config_schema": (ConfigField, self.register_config),
            "kinerja_register_downloads": (Download, self.register_download),
            "kinerja_panels": (object, self.panels.append),
        }[hook]
        for item in items:
            if not isinstance(item, kind):
                raise ContributionError(
                    f"returns {kind.__name__} objects (or a list of them),"
                    f" not {type(item).__name__}"
                )
            add(item)

    def _add_models(self, item: Models) -> None:
        self.register_models(app=item.app, models=item.models, migrations=item.migrations)

    def _add_graphql(self, item: GraphQL) -> None:
        self.register_graphql(
            query=item.query,
            mutation=item.mutation,
            subscription=item.subscription,
            types=item.types,
            extends=item.extends,
        )

    def register_indicator(self, indicator: IndicatorType) -> None:
        if not isinstance(indicator, IndicatorType):
            raise ContributionError(f"an IndicatorType is expected, not {type(indicator).__name__}")
        check_indicator(self.plugin, indicator)
        if any(i.code == indicator.code for i in self.indicators):
            raise ContributionError(f"indicator type {indicator.code} is registered twice")
        self.indicators.append(dataclasses.replace(indicator, plugin=self.plugin))

    def register_models(
        self, app: str | None = None, models: str = "", migrations: str | None = None
    ) -> None:
        label = app or namespace(self.plugin)
        if label != namespace(self.plugin):
            raise ContributionError(
                f"the tortoise app of plugin {self.plugin} must be called {namespace(self.plugin)}"
                f", not {label}"
            )
        if any(m.label == label for m in self.model_apps):
            raise ContributionError(f"tortoise app {label} is registered twice")
        if not models:
            raise ContributionError("Models(models=...) needs the models module path")
        for module in (models, migrations):
            if module:
                try:
                    importlib.import_module(module)
                except Exception as exc:
                    raise ContributionError(f"cannot import {module}: {exc!r}") from exc
        self.model_apps.append(ModelApp(self.plugin, label, models, migrations))

    def register_graphql(
        self,
        *,
        query: type | None = None,
        mutation: type | None = None,
        subscription: type | None = None,
        types: Sequence[type] = (),
        extends: Mapping[str | type, type | Sequence[type]] | None = None,
    ) -> None:
        """Check the shape of each class and record its fields, each with the type it goes on.

        Names (prefixes, clashes), the extension points and the types reached are checked
        when the schema is composed, where the core's types and every plugin's are known.
        """
        placed: list[tuple[str, type]] = [
            (root, cls)
            for root, cls in (
                ("Query", query),
                ("Mutation", mutation),
                ("Subscription", subscription),
            )
            if cls is not None
        ]
        for key, classes in (extends or {}).items():
            target = (
                key if isinstance(key, str) else getattr(get_object_definition(key), "name", None)
            )
            if not target:
                raise ContributionError(f"extends: {key!r} is neither a type name nor a core type")
            group = tuple(classes) if isinstance(classes, (list, tuple)) else (classes,)
            placed.extend((target, cls) for cls in group)
        fields: list[FieldContribution] = []
        for target, cls in placed:
            what = f"{target} part {getattr(cls, '__name__', cls)}"
            nullable = target != "Mutation" and target != "Subscription" and not self.always_on
            for f in _checked_fields(what, cls, nullable=nullable):
                fields.append(FieldContribution(self.plugin, target, f, cls.__name__))
        for cls in types:
            if getattr(cls, "__strawberry_definition__", None) is None:
                raise ContributionError(f"types: {cls!r} is not a strawberry type")
        self.graphql.append(GraphQLContribution(self.plugin, tuple(fields), tuple(types)))

    def register_download(self, item: Download) -> None:
        if not DOWNLOAD_NAME.match(item.name):
            raise ContributionError(
                f"download name {item.name!r} must look like some-name or some-name.xlsx"
            )
        if not callable(item.build):
            raise ContributionError(f"download {item.name}: build is not callable")
        if any(d.name == item.name for d in self.downloads):
            raise ContributionError(f"download {item.name} is registered twice")
        self.downloads.append(dataclasses.replace(item, plugin=namespace(self.plugin)))

    def register_config(self, *fields: ConfigField) -> None:
        try:
            check_schema([*self.config, *fields])
        except (TypeError, ValueError) as exc:
            raise ContributionError(str(exc)) from exc
        self.config.extend(fields)


def _graphql_name(f: StrawberryField) -> str:
    if f.graphql_name:
        return f.graphql_name
    head, *rest = f.python_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _checked_fields(what: str, cls: type, *, nullable: bool) -> list[StrawberryField]:
    """The fields of ``cls``: an object type whose fields all have resolvers, and (queries,
    core types) nullable types: an agency without the plugin gets null for that field only,
    with ``PluginDisabled``. A plugin that is always on (``KINERJA_ALWAYS_ON``) is never off."""
    definition = get_object_definition(cls)
    if definition is None or definition.is_input or definition.is_interface:
        raise ContributionError(f"{what}: {cls!r} is not a strawberry object type")
    if not definition.fields:
        raise ContributionError(f"{what}: {cls.__name__} has no fields")
    for f in definition.fields:
        name = _graphql_name(f)
        if f.base_resolver is None:
            raise ContributionError(f"{what}: field {name} needs a resolver")
        if nullable and not _is_optional(f):
            raise ContributionError(f"{what}: field {name} must be nullable (X | None)")
    return list(definition.fields)


def _is_optional(f: StrawberryField) -> bool:
    try:
        kind = f.type
    except Exception:  # a lazy type not importable: the composer names it (its type)
        return True
    return kind is UNRESOLVED or isinstance(kind, StrawberryOptional)


def check_indicator(plugin: str, indicator: IndicatorType) -> None:
    """The core's rules for an indicator type, with a message naming what is wrong."""
    ns, _, tail = indicator.code.partition(".")
    if ns != namespace(plugin) or not _CODE_TAIL.match(tail):
        raise ContributionError(
            f"indicator code {indicator.code!r} must look like {namespace(plugin)}.some_name"
        )
    if not indicator.name.strip() or not indicator.definition.strip():
        raise ContributionError(f"indicator type {indicator.code} needs a name and a definition")
    if not callable(indicator.compute):
        raise ContributionError(f"indicator type {indicator.code}: compute is not callable")
    if not isinstance(indicator.multiplier, (Decimal, int)) or indicator.multiplier <= 0:
        raise ContributionError(f"indicator type {indicator.code}: multiplier must be > 0")
    names: set[str] = set()
    for spec in indicator.parameters:
        if not isinstance(spec, ParameterSpec):
            raise ContributionError(f"{indicator.code}: parameters must be ParameterSpec objects")
        if not _CODE_TAIL.match(spec.name) or spec.name in names:
            raise ContributionError(
                f"indicator type {indicator.code}: parameter name {spec.name!r} is invalid or twice"
            )
        if spec.kind == ParameterKind.CHOICE and spec.choices is None:
            raise ContributionError(
                f"indicator type {indicator.code}: CHOICE parameter {spec.name} needs choices"
            )
        names.add(spec.name)
