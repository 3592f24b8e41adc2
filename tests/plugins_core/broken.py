"""Plugins that are broken in one way each, for the isolation tests."""

from __future__ import annotations

import asyncio

import strawberry
from strawberry.types import Info

from kinerja_core import hookimpl
from kinerja_core.api import GraphQL
from kinerja_core.plugins.indicator import IndicatorType, IndicatorValue


class OldRegisterStyle:
    """Written for the register callbacks of earlier cores."""

    @hookimpl
    def kinerja_register_indicators(self, register):
        raise AssertionError("never called")


class ReturnsTheWrongThing:
    """Returns a dict where Models(...) is expected."""

    @hookimpl
    def kinerja_register_models(self):
        return {"models": "tests.plugins_core.sample_models"}


class NeedsNewerCore:
    """Needs a core from the future."""

    KINERJA_CORE_VERSION = ">=9.0"

    @hookimpl
    def kinerja_register_indicators(self):
        raise AssertionError("never called")


class UnknownHook:
    """Implements a hook that does not exist."""

    @hookimpl
    def kinerja_make_coffee(self):
        return "coffee"


class BadSignature:
    """Asks for an argument the hook does not give."""

    @hookimpl
    def kinerja_register_indicators(self, colour):
        pass


class BadIndicatorCode:
    """Registers an indicator outside its namespace."""

    @hookimpl
    def kinerja_register_indicators(self):
        return [IndicatorType("kesehatan.stolen", "Stolen", "Not mine.", compute=_nothing)]


class RaisesAtStartup:
    """Its GraphQL hook raises."""

    @hookimpl
    def kinerja_register_graphql(self):
        raise RuntimeError("no schema today")


async def _nothing(scope, period):
    return IndicatorValue(None)


@strawberry.type
class DupQuery:
    @strawberry.field(description="Clashes with dup_x.")
    def dup_x_report(self) -> int | None:
        return 1


@strawberry.type
class DupXQuery:
    @strawberry.field(description="Clashes with dup.")
    def dup_x_report(self) -> int | None:
        return 2


class Dup:
    """Field dupXReport."""

    @hookimpl
    def kinerja_register_graphql(self):
        return GraphQL(query=DupQuery)


class DupX:
    """Field dupXReport too."""

    @hookimpl
    def kinerja_register_graphql(self):
        return GraphQL(query=DupXQuery)


@strawberry.type
class FlakyQuery:
    @strawberry.field(description="Raises.")
    async def flaky_boom(self, info: Info) -> int | None:
        raise RuntimeError("secret internals of flaky")

    @strawberry.field(description="Too slow.")
    async def flaky_slow(self, info: Info) -> int | None:
        await asyncio.sleep(5)
        return 1


async def _exploding(scope, period):
    raise RuntimeError("cannot reach the data warehouse")


class Flaky:
    """Loads fine, fails while serving."""

    @hookimpl
    def kinerja_register_graphql(self):
        return GraphQL(query=FlakyQuery)

    @hookimpl
    def kinerja_register_indicators(self):
        return [IndicatorType("flaky.exploding", "Exploding", "Raises.", compute=_exploding)]

    @hookimpl
    async def kinerja_on_event(self, event):
        raise RuntimeError("event handler exploded")


class FailingSso:
    """Its authentication hook raises."""

    @hookimpl
    async def kinerja_authenticate(self, request):
        if request.headers.get("x-flaky-sso"):
            raise RuntimeError("sso server down")
        return None


FUTURE = NeedsNewerCore()
