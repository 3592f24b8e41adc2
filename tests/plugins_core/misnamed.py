"""A plugin bringing a GraphQL type without its prefix (``Thing`` instead of ``Misnamed...``)."""

import strawberry

from kinerja_core.api import GraphQL, hookimpl


@strawberry.type(description="Unprefixed.")
class Thing:
    size: int = strawberry.field(description="Size.")


@strawberry.type
class Query:
    @strawberry.field(description="A thing.")
    def misnamed_thing(self) -> Thing | None:
        return Thing(size=1)


@hookimpl
def kinerja_register_graphql():
    return GraphQL(query=Query)
