"""The audit log, readable by central admins (BKPSDM)."""

from __future__ import annotations

import datetime as dt
import enum
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


@strawberry.enum(description="Order of the audit log.")
class AuditOrder(enum.Enum):
    NEWEST_FIRST = strawberry.enum_value("NEWEST_FIRST", description="Latest write first.")
    OLDEST_FIRST = strawberry.enum_value("OLDEST_FIRST", description="Earliest write first.")


@strawberry.input(description="Narrow the audit log; all given filters must hold.")
class AuditFilter:
    entity: str | None = strawberry.field(default=None, description="E.g. `PerformancePlan`.")
    entity_id: str | None = strawberry.field(default=None, description="Exact or a prefix + `*`.")
    actor_nip: str | None = strawberry.field(default=None, description="NIP of who wrote it.")
    action: str | None = strawberry.field(default=None, description="Exact or a prefix + `*`.")
    request_id: str | None = None
    since: dt.datetime | None = strawberry.field(
        default=None, description="Written at or after this time (UTC if no offset)."
    )
    until: dt.datetime | None = strawberry.field(
        default=None, description="Written before this time (UTC if no offset)."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="Central admin: every write, newest first unless `order` says otherwise."
    )
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order: AuditOrder = AuditOrder.NEWEST_FIRST,
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
                since=f.since,
                until=f.until,
            )
            descending = order is AuditOrder.NEWEST_FIRST
            return await paginate_query(info, qs, _entry, first, after, descending=descending)

        return await query(info, run)
