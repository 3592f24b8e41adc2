"""Compose the one schema: core parts plus contributed fields, clashing names refused.

Every core module under ``kinerja_core.graphql`` listed in :data:`CORE_PARTS` may define a
``Query`` and a ``Mutation`` type; their fields are merged into the root types. The core's
object types that others may add fields to are declared in :data:`EXTENSION_POINTS`; fields
contributed to a root type or an extension point are placed by :class:`ComposedSchema` while
the schema is built (strawberry's ``Schema.get_fields``), so no core type is changed.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import strawberry
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField
from strawberry.types.graphql import OperationType

from kinerja_core.graphql.error_log import LoggingSchema
from kinerja_core.graphql.extension_runner import ExtensionsRunner
from kinerja_core.graphql.pipeline import Pipeline
from kinerja_core.graphql.pipeline import execute as run_pipeline
from kinerja_core.graphql.types.evaluation import Appeal, Evaluation, OrganizationRating
from kinerja_core.graphql.types.monitoring import (
    ActionPlan,
    Evidence,
    Feedback,
    Period,
    Realization,
)
from kinerja_core.graphql.types.org import Agency, Assignment, Employee, Position, Unit
from kinerja_core.graphql.types.plans import Indicator, PerformancePlan, WorkResult
from kinerja_core.settings import Settings

log = logging.getLogger("kinerja.graphql")

CORE_PARTS = (
    "accounts",
    "org",
    "plans",
    "monitoring",
    "evaluation",
    "kurva",
    "dashboard",
    "audit_log",
    "yearly",
    "plugins",
    "subscriptions",
    "bulk_import",
    "documents",
    "panels",
)

ROOTS = ("Query", "Mutation", "Subscription")
# The core types a plugin may add fields to (``GraphQL(extends={"Agency": ...})``): those built
# from a row, whose resolvers get the core object as ``self`` (``self.row`` is the row). A name
# here maps to the fields the core reserves on that type for a plugin shipped with it, without
# the plugin prefix: ``Agency.plugins`` is filled by ``core.activation``.
EXTENSION_POINTS: dict[type, Mapping[str, str]] = {
    Agency: {"plugins": "core.activation"},
    Unit: {},
    Position: {},
    Employee: {},
    Assignment: {},
    PerformancePlan: {},
    WorkResult: {},
    Indicator: {},
    Period: {},
    ActionPlan: {},
    Evidence: {},
    Feedback: {},
    Realization: {},
    Evaluation: {},
    Appeal: {},
    OrganizationRating: {},
}


def extension_points() -> dict[str, type]:
    """The extension points by GraphQL name (``Agency``, ``Employee``, ...)."""
    return {cls.__strawberry_definition__.name: cls for cls in EXTENSION_POINTS}


def reserved_slots() -> dict[tuple[str, str], str]:
    """(type, field) -> the plugin shipped with the core that fills that slot."""
    return {
        (cls.__strawberry_definition__.name, name): plugin
        for cls, slots in EXTENSION_POINTS.items()
        for name, plugin in slots.items()
    }


class ComposedSchema(LoggingSchema):
    """The schema whose object types have their own fields, then those contributed to them.

    ``contributed`` maps a GraphQL type name (a root or an extension point) to the fields to
    append, in order; strawberry asks :meth:`get_fields` while it converts each type, so the
    core's classes and definitions stay as they are."""

    def __init__(
        self,
        *args: Any,
        contributed: Mapping[str, Sequence[StrawberryField]],
        pipeline: Pipeline | None = None,
        **kwargs: Any,
    ) -> None:
        self.contributed = {name: tuple(fields) for name, fields in contributed.items()}
        self.pipeline = pipeline
        super().__init__(*args, **kwargs)

    def _lean(self) -> Pipeline | None:
        """The pipeline, when it is the schema's only extension and strawberry would add
        none (no schema directives, no incremental delivery)."""
        pipeline = self.pipeline
        extensions = self.extensions
        if (
            pipeline is None
            or len(extensions) != 1
            or extensions[0] != pipeline.extension
            or self.directives
            or self.config.enable_experimental_incremental_execution
        ):
            return None
        return pipeline

    async def execute(  # noqa: PLR0917 (strawberry's signature)
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """strawberry's ``execute``; with the pipeline alone, its steps run straight
        (:func:`kinerja_core.graphql.pipeline.execute`: no per-request extension runner)."""
        pipeline = self._lean()
        if pipeline is None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        return await run_pipeline(
            self,
            pipeline,
            query,
            DEFAULT_ALLOWED_OPERATION_TYPES
            if allowed_operation_types is None
            else allowed_operation_types,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
        )

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> ExtensionsRunner:
        # each extension class's hooks decorated once, not on every request and phase
        return ExtensionsRunner(execution_context=execution_context, extensions=extensions)

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        extra = self.contributed.get(type_definition.name, ())
        return [*type_definition.fields, *extra] if extra else type_definition.fields


def _fields(cls: type) -> list[str]:
    return [f.name for f in cls.__strawberry_definition__.fields]


def _merge(name: str, parts: Sequence[tuple[str, type]]) -> type | None:
    seen: dict[str, str] = {}
    for source, cls in parts:
        for field in _fields(cls):
            if field in seen:
                raise ValueError(f"{name}.{field} is defined by both {seen[field]} and {source}")
            seen[field] = source
    usable = tuple(cls for _, cls in parts if _fields(cls))
    return merge_types(name, usable) if usable else None


def core_parts() -> list[tuple[str, Any]]:
    return [
        (f"core.{part}", importlib.import_module(f"kinerja_core.graphql.{part}"))
        for part in CORE_PARTS
    ]


def build_schema(
    settings: Settings,
    extra_parts: Iterable[tuple[str, Any]] = (),
    extra_types: Sequence[type] = (),
    schema_extensions: Sequence[Any] = (),
    execute_checks: Sequence[Any] = (),
    extra_fields: Mapping[str, Sequence[StrawberryField]] | None = None,
) -> strawberry.Schema:
    """The schema of core + ``extra_parts`` (modules or objects with Query/Mutation, tests)
    + ``extra_fields`` (type name -> fields appended to that root or extension point).

    With plugins, call :func:`kinerja_core.plugins.composition.compose_schema` instead: it
    checks their contributions, names the plugin at fault, and passes the accepted fields.
    """
    parts = [*core_parts(), *extra_parts]
    query = _merge("Query", [(s, m.Query) for s, m in parts if hasattr(m, "Query")])
    mutation = _merge("Mutation", [(s, m.Mutation) for s, m in parts if hasattr(m, "Mutation")])
    subscription = _merge(
        "Subscription", [(s, m.Subscription) for s, m in parts if hasattr(m, "Subscription")]
    )
    from kinerja_core.graphql.errors import ERROR_TYPES

    # The depth and alias limiters make a new rule class per instance, and the validation
    # cache is keyed by the rule classes: make the rules once per schema so the cache hits.
    # Both limiters are only used for their rules (QueryDepthLimiter, MaxAliasesLimiter).
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    from kinerja_core.graphql.cost import remember_caps
    from kinerja_core.graphql.list_caps import apply_list_caps
    from kinerja_core.graphql.suggestions import FastExecutionContext, QuietExecutionContext

    hide_suggestions = not settings.shows_suggestions
    # every step of a request (limits, cached parse and validation, gates, cost, masking,
    # truncation report) is one schema extension: strawberry makes and enters each extension
    # per request and phase (kinerja_core/graphql/pipeline.py)
    pipeline = Pipeline(
        validation_rules=tuple(limit_rules),
        max_tokens=settings.max_tokens,
        max_cost=settings.max_query_cost,
        default_page=settings.default_page_size,
        max_page=settings.max_page_size,
        hide_suggestions=hide_suggestions,
        introspection=settings.introspection_mode,  # checked here: a wrong value stops the start
        execute_checks=tuple(execute_checks),
    )
    schema = ComposedSchema(
        contributed=extra_fields or {},
        pipeline=pipeline,
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=[*ERROR_TYPES, *extra_types],
        extensions=[pipeline.extension, *schema_extensions],
        execution_context_class=QuietExecutionContext if hide_suggestions else FastExecutionContext,
    )
    remember_caps(schema._schema, apply_list_caps(schema._schema))
    return schema
