"""The audit log, readable by central admins (BKPSDM)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import strawberry
from strawberry.types import Info

from kinerja_core import models
from kinerja_core.graphql.errors import query
from kinerja_core.graphql.pagination import Connection, paginate_query
from kinerja_core.services import audit


@strawberry.type(description="One write: who, when, what, before and after.")
class AuditEntry:
    id: strawberry.ID
    at: dt.datetime = strawberry.field(description="When it was written (UTC).")
    actor_nip: str = strawberry.field(description="NIP of who did it; empty for the system.")
    action: str = strawberry.field(description="What was done, e.g. `plan.approve`.")
    entity: str = strawberry.field(description="Kind of record, e.g. `PerformancePlan`.")
    entity_id: str = strawberry.field(description="Id of the record.")
    request_id: str = strawberry.field(description="The request that wrote it (logs).")
    row: strawberry.Private[Any]

    @strawberry.field(description="The record before the write, as JSON (null on create).")
    def before(self) -> str | None:
        return None if self.row.before is None else json.dumps(self.row.before, sort_keys=True)

    @strawberry.field(description="The record after the write, as JSON (null on delete).")
    def after(self) -> str | None:
        return None if self.row.after is None else json.dumps(self.row.after, sort_keys=True)


def _entry(row: models.AuditEntry) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_nip=row.actor_nip,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        request_id=row.request_id,
        row=row,
    )


@strawberry.input(description="Narrow the audit log.")
class AuditFilter:
    entity: str | None = strawberry.field(default=None, description="E.g. `PerformancePlan`.")
    entity_id: str | None = None
    actor_nip: str | None = None
    action: str | None = strawberry.field(default=None, description="Exact or a prefix + `*`.")
    request_id: str | None = None


@strawberry.type
class Query:
    @strawberry.field(description="Central admin: every write, oldest first, filterable.")
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        f = filter or AuditFilter()

        async def run() -> Connection[AuditEntry]:
            qs = audit.entries(
                info.context.service,
                entity=f.entity,
                entity_id=f.entity_id,
                actor_nip=f.actor_nip,
                action=f.action,
                request_id=f.request_id,
            )
            return await paginate_query(info, qs, _entry, first, after)

        return await query(info, run)
