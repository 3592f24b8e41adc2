"""Typed errors of mutations, and the bridge from service errors to GraphQL.

A mutation returns ``<Success> | ValidationError | NotAllowed | NotFound | Conflict | ...``.
Queries raise a GraphQL error whose ``extensions`` carry ``code``, ``kind`` and ``field``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import Conflict as ConflictError
from kinerja_core.errors import KinerjaError
from kinerja_core.i18n import register_messages, translate

log = logging.getLogger("kinerja.graphql")
T = TypeVar("T")


@strawberry.interface(description="Something the user must fix or may not do; nothing was saved.")
class UserError:
    message: str = strawberry.field(description="What went wrong, in the request's language.")
    code: str = strawberry.field(description="Stable machine code, e.g. `nip.birth_date`.")


@strawberry.type(description="An input value is wrong; `field` names it.")
class ValidationError(UserError):
    field: str | None = strawberry.field(description="The input field at fault (camelCase).")


@strawberry.type(description="The viewer may not do this.")
class NotAllowed(UserError):
    pass


@strawberry.type(description="An id does not exist (or is not visible to the viewer).")
class NotFound(UserError):
    field: str | None = strawberry.field(description="The input field holding the unknown id.")


@strawberry.type(description="The record changed meanwhile, or it already exists.")
class Conflict(UserError):
    field: str | None = strawberry.field(description="The input field involved, if any.")


@strawberry.type(description="The plugin behind this field is not enabled for the agency.")
class PluginDisabled(UserError):
    plugin: str = strawberry.field(description="The plugin's name.")
    agency_id: strawberry.ID | None = strawberry.field(description="The agency concerned.")


@strawberry.type(description="A plugin failed while serving this request.")
class PluginFailed(UserError):
    plugin: str = strawberry.field(description="The plugin's name.")


@strawberry.type(description="Too many attempts; nothing was checked. Try again later.")
class Throttled(UserError):
    retry_after_seconds: int = strawberry.field(description="Seconds to wait before retrying.")
    retry_at: str = strawberry.field(description="When to retry (ISO 8601, UTC).")


ERROR_TYPES: tuple[type, ...] = (
    ValidationError,
    NotAllowed,
    NotFound,
    Conflict,
    PluginDisabled,
    PluginFailed,
)


def result_union(name: str, *success: type) -> Any:
    """``Annotated[Union[...], strawberry.union(name)]`` of success types and every error."""
    members = (*success, *ERROR_TYPES)
    return Annotated[
        __import__("typing").Union[members],  # noqa: UP007 - runtime union of types
        strawberry.union(name, description=f"Result of {name[0].lower() + name[1:-6]}."),
    ]


def to_user_error(exc: KinerjaError | RuleViolation, lang: str) -> UserError:
    """The typed error a mutation returns for a service or domain error."""
    field = getattr(exc, "field", None)
    params = dict(getattr(exc, "params", {}) or {})
    message = translate(exc.code, params, lang, field=field)
    kind = "ValidationError" if isinstance(exc, RuleViolation) else exc.kind
    if kind == "PluginDisabled":
        return PluginDisabled(
            message=message,
            code=exc.code,
            plugin=str(params.get("plugin", "")),
            agency_id=params.get("agency_id"),
        )
    if kind == "Throttled":
        return Throttled(
            message=message,
            code=exc.code,
            retry_after_seconds=int(params.get("retry_after", 1)),
            retry_at=str(params.get("retry_at", "")),
        )
    if kind == "PluginFailed":
        return PluginFailed(message=message, code=exc.code, plugin=str(params.get("plugin", "")))
    cls = {
        "ValidationError": ValidationError,
        "NotAllowed": NotAllowed,
        "NotFound": NotFound,
        "Conflict": Conflict,
    }[kind]
    if cls is NotAllowed:
        return NotAllowed(message=message, code=exc.code)
    return cls(message=message, code=exc.code, field=field)


# PostgreSQL SQLSTATEs of a write that lost a race: a unique key taken a moment ago (23505), a
# referenced row deleted meanwhile (23503), an exclusion constraint (23P01), a serialization
# failure (40001), a deadlock (40P01), a lock not available (55P03). NOT NULL and CHECK
# violations are bugs, not races: they stay internal errors.
RACE_SQLSTATES = frozenset({"23505", "23503", "23P01", "40001", "40P01", "55P03"})
_SQLITE_RACES = ("UNIQUE constraint failed", "FOREIGN KEY constraint failed")


def concurrent_write(exc: BaseException) -> bool:
    """True when ``exc`` means another request wrote the same rows at the same moment.

    The transaction around the service call has rolled back, so nothing was saved and the
    client may reload and try again. A unique rule the service checks first (e.g.
    ``conflict.exists``) can still lose the race to a concurrent insert: the index decides then.
    """
    from tortoise.exceptions import IntegrityError, OperationalError

    for cause in (exc, exc.__cause__, *exc.args[:1]):
        sqlstate = getattr(cause, "sqlstate", None)  # asyncpg.PostgresError, raw or wrapped
        if isinstance(sqlstate, str):
            return sqlstate in RACE_SQLSTATES
    if isinstance(exc, IntegrityError):  # SQLite
        return str(exc).startswith(_SQLITE_RACES)
    # SQLite: another process (e.g. the CLI) held the write lock for longer than busy_timeout
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


async def mutate(info: Info, action: Callable[[], Awaitable[T]]) -> T | UserError:
    """Run a service call; a service or domain error becomes the typed error result.

    A write that lost a race with a concurrent request (see :func:`concurrent_write`) answers
    ``Conflict`` (``conflict.concurrent``) instead of an internal error: nothing was saved.
    """
    try:
        return await action()
    except (KinerjaError, RuleViolation) as exc:
        return to_user_error(exc, info.context.lang)
    except Exception as exc:
        if not concurrent_write(exc):
            raise
        request_id = getattr(getattr(info.context, "service", None), "request_id", "")
        log.info("concurrent write refused [%s]: %r", request_id, exc)
        return to_user_error(ConflictError("conflict.concurrent"), info.context.lang)


def graphql_error(exc: KinerjaError | RuleViolation, lang: str) -> GraphQLError:
    """For queries: a GraphQL error with the same code/field/message as a typed error."""
    error = to_user_error(exc, lang)
    extensions = {"code": error.code, "kind": type(error).__name__}
    if getattr(error, "field", None):
        extensions["field"] = error.field
    if isinstance(error, Throttled):
        extensions["retryAfter"] = error.retry_after_seconds
    return GraphQLError(error.message, extensions=extensions)


async def query(info: Info, action: Callable[[], Awaitable[T]]) -> T:
    """Run a service read; errors become GraphQL errors with code and field."""
    try:
        return await action()
    except (KinerjaError, RuleViolation) as exc:
        raise graphql_error(exc, info.context.lang) from exc


register_messages(
    {
        "auth.throttled": (
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {retry_after} detik "
            "(pukul {at} UTC).",
            "Too many failed sign-in attempts. Try again in {retry_after} seconds (at {at} UTC).",
        ),
        "auth.busy": (
            "Server sedang memeriksa banyak percobaan masuk. Coba lagi dalam {retry_after} detik.",
            "The server is checking many sign-in attempts. Try again in {retry_after} seconds.",
        ),
        "rate_limited": (
            "Terlalu banyak permintaan. Coba lagi dalam {retry_after} detik.",
            "Too many requests. Try again in {retry_after} seconds.",
        ),
        "conflict.concurrent": (
            "Data ini diubah oleh permintaan lain pada saat yang sama sehingga tidak disimpan; "
            "muat ulang lalu coba lagi.",
            "Another request changed this data at the same moment, so nothing was saved; "
            "reload and try again.",
        ),
    }
)
