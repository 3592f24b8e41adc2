"""Append-only audit log: every write records actor, time, entity, before, after, request id."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet

from kinerja_core.auth import access, subtree
from kinerja_core.errors import ValidationFailed
from kinerja_core.models import AuditEntry
from kinerja_core.services import figures
from kinerja_core.services.context import ServiceContext

_AS_IS = frozenset((str, int, float, bool, type(None)))


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values; an enum (a str too) is not one of these types
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


SKIPPED_FIELDS = {"password_hash", "token_hash", "created_at", "updated_at"}


def snapshot(instance: Model | None) -> dict[str, Any] | None:
    """The stored columns of a row as JSON-safe values (secrets left out)."""
    if instance is None:
        return None
    data: dict[str, Any] = {}
    for name in instance._meta.db_fields:
        if name in SKIPPED_FIELDS:
            continue
        attr = instance._meta.fields_db_projection_reverse.get(name, name)
        data[name] = _plain(getattr(instance, attr, None))
    return data


def entry(
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    actor_account_id: int | None = None,
    actor_nip: str = "",
    request_id: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """One audit row, not yet saved: what :func:`record` writes, and what the demo writes in
    bulk for the decisions it loads (``at`` None: the moment it is saved)."""
    when = {} if at is None else {"at": at}
    return AuditEntry(
        **when,
        actor_account_id=actor_account_id,
        actor_nip=actor_nip,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=_plain(before),
        after=_plain(after),
        request_id=request_id,
    )


async def record(
    ctx: ServiceContext,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row inside the caller's transaction."""
    await _entry(ctx, action, entity, entity_id, before, after).save()
    # the agency dashboard's kept figures of the agency it touched go stale at once
    await figures.written(entity, entity_id, _plain(before), _plain(after))
    # and every kept subtree (team view, access scope) when it was an org write
    await subtree.written([entity])


async def forget_kept() -> None:
    """Every kept read goes stale: the dashboard's figures and the subtrees. For writes that
    bypass :func:`record` and :func:`record_many` (bulk import, the demo loader)."""
    await figures.forget_all()
    await subtree.forget_all()


def _entry(
    ctx: ServiceContext,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    viewer = ctx.viewer
    return entry(
        action,
        entity,
        entity_id,
        before,
        after,
        actor_account_id=viewer.account_id if viewer else None,
        actor_nip=viewer.nip if viewer else "",
        request_id=ctx.request_id,
    )


async def record_many(
    ctx: ServiceContext,
    rows: list[tuple[str, str, Any, dict[str, Any] | None, dict[str, Any] | None]],
) -> int:
    """Write many audit rows at once, ``(action, entity, entity_id, before, after)`` each,
    with the context's actor and request id: for bulk writes (demo data, imports) that are
    audited like the one-at-a-time writes they stand for. Answers how many were written."""
    entries = [_entry(ctx, *row) for row in rows]
    await AuditEntry.bulk_create(entries, batch_size=500)
    for row in entries:  # the kept dashboard figures of the agencies touched go stale
        await figures.written(row.entity, row.entity_id, row.before, row.after)
    await subtree.written([row.entity for row in entries])  # once for the batch
    return len(entries)


def entries(
    ctx: Any,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    actor_nip: str | None = None,
    action: str | None = None,
    request_id: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log for a central admin (the caller orders it): exact filters, ``action``
    and ``entity_id`` may end in ``*`` for a prefix, ``since`` inclusive and ``until``
    exclusive (naive times are UTC). Anyone else gets ``NotAllowed``."""
    access.require_central_admin(ctx.require_viewer())
    since, until = _utc(since), _utc(until)
    if since is not None and until is not None and since >= until:
        raise ValidationFailed("audit.range", field="until")
    qs = AuditEntry.all()
    exact = {"entity": entity, "actor_nip": actor_nip}
    exact["request_id"] = request_id
    for name, value in exact.items():
        if value:
            qs = qs.filter(**{name: value})
    for name, value in (("action", action), ("entity_id", entity_id)):
        if value:
            qs = (
                qs.filter(**{f"{name}__startswith": value[:-1]})
                if value.endswith("*")
                else qs.filter(**{name: value})
            )
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return qs


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)
