"""(placeholder, filled by its owner) GraphQL queries and mutations for audit_log."""

from __future__ import annotations

import strawberry


@strawberry.type
class Query:
    pass


@strawberry.type
class Mutation:
    pass
