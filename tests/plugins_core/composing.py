"""Plugins that each break composition in one way, and one that watches the event loop.

The composition tests load them next to the sample plugin: each must be named with its reason,
the others must compose.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.types import Info

from kinerja_core.api import GraphQL, hookimpl


class Contributes:
    """A plugin whose ``kinerja_register_graphql`` returns ``GraphQL(**parts)``."""

    def __init__(self, *, always_on: bool = False, **parts: object) -> None:
        self.parts = parts
        if always_on:
            self.KINERJA_ALWAYS_ON = True

    @hookimpl
    def kinerja_register_graphql(self):
        return GraphQL(**self.parts)


class NotGraphQL:
    """A plain class: no GraphQL type."""


@strawberry.type
class RootFields:
    @strawberry.field(description="Clashes with the core's Agency.rootUnit.")
    def root_unit(self) -> int | None:
        return 1


# Plugin ``root``: adds ``Agency.rootUnit``, which the core already has.
CoreClash = Contributes(extends={"Agency": RootFields})


@strawberry.type(description="A twin: the same GraphQL name in two plugins.")
class TwinAThing:
    size: int = strawberry.field(description="Size.")


@strawberry.type(name="TwinAThing", description="The other twin.")
class OtherTwinAThing:
    weight: int = strawberry.field(description="Weight.")


@strawberry.type
class TwinQuery:
    @strawberry.field(description="A thing.")
    def twin_thing(self) -> TwinAThing | None:
        return None


@strawberry.type
class TwinAQuery:
    @strawberry.field(description="Another thing named the same.")
    def twin_a_thing(self) -> OtherTwinAThing | None:
        return None


# Plugin ``twin``: brings type TwinAThing (its prefix is Twin).
Twin = Contributes(query=TwinQuery)


# Plugin ``twin_a``: brings another type called TwinAThing.
TwinA = Contributes(query=TwinAQuery)


@strawberry.type
class UnresolvedQuery:
    @strawberry.field(description="Names a type nobody defines.")
    def unresolved_thing(self) -> UnresolvedNowhere | None:  # type: ignore[name-defined]  # noqa: F821
        return None


# Plugin ``unresolved``: a field whose type cannot be resolved.
Unresolved = Contributes(query=UnresolvedQuery)


@strawberry.type
class PlainQuery:
    @strawberry.field(description="Returns a plain class.")
    def plain_thing(self) -> NotGraphQL | None:
        return None


# Plugin ``plain``: a field whose type is no GraphQL type.
Plain = Contributes(query=PlainQuery)


@strawberry.type
class NowhereFields:
    @strawberry.field(description="On a type that is no extension point.")
    def nowhere_flag(self) -> bool | None:
        return True


# Plugin ``nowhere``: extends the plugin catalog's type, which is no extension point.
Nowhere = Contributes(extends={"Plugin": NowhereFields})


@strawberry.type
class BareFields:
    @strawberry.field(description="Not prefixed.")
    def flag(self) -> bool | None:
        return True


# Plugin ``bare``: a field on Agency without its prefix.
Bare = Contributes(extends={"Agency": BareFields})


@strawberry.type
class SteadyQuery:
    @strawberry.field(description="Non-null: this plugin is always on.")
    def steady_answer(self) -> int:
        return 42


# Plugin ``steady``: declares KINERJA_ALWAYS_ON, like the plugins shipped with the core.
Steady = Contributes(always_on=True, query=SteadyQuery)


@strawberry.type(description="One outcome.")
class LooseWin:
    points: int = strawberry.field(description="Points.")


@strawberry.type(description="The other outcome.")
class LooseLoss:
    reason: str = strawberry.field(description="Why.")


@strawberry.type
class LooseQuery:
    @strawberry.field(description="A union named without the prefix.")
    def loose_outcome(
        self,
    ) -> Annotated[LooseWin | LooseLoss, strawberry.union("Outcome")] | None:
        return None


# Plugin ``loose``: its result union is called Outcome, not Loose...
Loose = Contributes(query=LooseQuery)


# Plugin ``steady`` without the declaration: an agency may switch it off.
Switchable = Contributes(query=SteadyQuery)


class LoopWatch:
    """Plugin ``loopwatch``: its async start-up hook remembers the loop it ran on; its field
    says whether a request runs on that same loop."""

    def __init__(self) -> None:
        self.startup_loop: asyncio.AbstractEventLoop | None = None
        watch = self

        @strawberry.type
        class LoopwatchQuery:
            @strawberry.field(description="Whether this request runs on the start-up loop.")
            async def loopwatch_same_loop(self, info: Info) -> bool | None:
                return asyncio.get_running_loop() is watch.startup_loop

        self.query = LoopwatchQuery

    @hookimpl
    async def kinerja_register_graphql(self):
        await asyncio.sleep(0)  # a real suspension point: only a running loop gets past it
        self.startup_loop = asyncio.get_running_loop()
        return GraphQL(query=self.query)
