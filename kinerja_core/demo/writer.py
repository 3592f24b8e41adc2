"""Fast, ordered bulk writing of the demo rows, and clearing the tables for ``--reset``.

The demo assigns ids itself (tortoise's ``bulk_create`` does not report generated ids), so
children can point at parents before anything is written. Rows wait in one buffer per model
and are flushed in batches; flushing a model first flushes every model before it in
:data:`ORDER`, so a foreign key never points at a row that is not yet written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from tortoise import Tortoise, connections
from tortoise.exceptions import OperationalError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from kinerja_core import models as m
from kinerja_core.demo.bulk import insert_rows
from kinerja_core.services import audit
from kinerja_core.sql import fetch_all

# Parents before children: the order rows reach the database.
ORDER: tuple[type[Model], ...] = (
    m.Agency,
    m.Unit,
    m.Position,
    m.Employee,
    m.Assignment,
    m.Account,
    m.Period,
    m.PerformancePlan,
    m.WorkResult,
    m.Indicator,
    m.BehaviorExpectation,
    m.ActionPlan,
    m.Realization,
    m.Evidence,
    m.Feedback,
    m.OrganizationRating,
    m.Evaluation,
    m.Appeal,
)
BATCH = 5000  # rows per COPY / executemany: bigger batches, fewer round trips


class BulkWriter:
    """Hands out ids, buffers rows per model and writes them in dependency order; the audit
    entries of the decisions loaded go last (``audit``)."""

    def __init__(self, request_id: str = "") -> None:
        self._next: dict[type[Model], int] = {}
        self._buffers: dict[type[Model], list[Model]] = defaultdict(list)
        self.counts: dict[type[Model], int] = defaultdict(int)
        self.request_id = request_id
        self._audit: list[m.AuditEntry] = []

    def audit(
        self,
        actor: Any,
        action: str,
        row: Model,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        at: dt.datetime | None,
        entity: str | None = None,
    ) -> None:
        """Queue the audit entry a service writes for this decision (``services.audit.entry``),
        by ``actor`` (an employee node with its ``account_id``) at ``at``."""
        self._audit.append(
            audit.entry(
                action,
                entity or type(row).__name__,
                row.id,
                before,
                after,
                actor_account_id=actor.account_id if actor is not None else None,
                actor_nip=actor.nip if actor is not None else "",
                request_id=self.request_id,
                at=at,
            )
        )

    async def start(self) -> None:
        """Continue after the highest id in each table (they are empty after a reset)."""
        for model in ORDER:
            top = await model.all().order_by("-id").limit(1).values_list("id", flat=True)
            self._next[model] = (top[0] if top else 0) + 1

    def next_id(self, model: type[Model]) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value

    async def add(self, row: Model) -> None:
        """Queue ``row`` (its id already set); writes the batch when it is full."""
        # A row built by a service's function gets its id afterwards; tortoise inserts the id
        # only when it was given to the constructor, unless told so (its own flag).
        row._custom_generated_pk = True
        model = type(row)
        buffer = self._buffers[model]
        buffer.append(row)
        if len(buffer) >= BATCH:
            await self.flush(model)
        if len(self._audit) >= BATCH:  # in the order queued: the same ids as all at the end
            await self._flush_audit()

    async def flush(self, model: type[Model] | None = None) -> None:
        """Write the buffer of ``model`` (and of every model it may point at); all if None."""
        last = len(ORDER) - 1 if model is None else ORDER.index(model)
        for current in ORDER[: last + 1]:
            rows = self._buffers.get(current)
            if rows:
                self._buffers[current] = []
                await insert_rows(current, rows)
                self.counts[current] += len(rows)
        if model is None:
            await self._flush_audit()

    async def _flush_audit(self) -> None:
        """Write the queued audit entries (no foreign key: the rows they name may still be
        queued), so that they do not pile up in memory until the end."""
        entries, self._audit = self._audit, []
        for start in range(0, len(entries), BATCH):
            await insert_rows(m.AuditEntry, entries[start : start + BATCH])
        self.counts[m.AuditEntry] += len(entries)

    def count(self, model: type[Model]) -> int:
        queued = len(self._audit) if model is m.AuditEntry else len(self._buffers.get(model, ()))
        return self.counts[model] + queued

    async def fix_sequences(self) -> None:
        """PostgreSQL: move each id sequence past the ids the demo chose itself."""
        if connections.get("default").capabilities.dialect != "postgres":
            return
        for model in ORDER:
            table = model._meta.db_table
            await fetch_all(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


_LEFT_TO_DATABASE = {"CASCADE", "SET NULL", "SET DEFAULT"}


def _foreign_keys(model: type[Model]) -> list[Any]:
    names = (*model._meta.fk_fields, *model._meta.o2o_fields)
    return [model._meta.fields_map[name] for name in names]


def _blocking_models(targets: set[type[Model]]) -> list[type[Model]]:
    """Models outside the demo's own whose rows would stop its rows from being deleted
    (a RESTRICT key, e.g. a plugin's data about a unit), children first."""
    everything = [model for app in Tortoise.apps.values() for model in app.values()]
    blocking: list[type[Model]] = []
    changed = True
    while changed:
        changed = False
        for model in everything:
            if model in targets or model in blocking:
                continue
            if any(
                field.related_model in targets or field.related_model in blocking
                for field in _restricting_keys(model)
            ):
                blocking.append(model)
                changed = True
    # Children first: a model goes before every model it points at (two found in the same
    # pass, e.g. a plugin's report and the puskesmas it names, may be in either order).
    ordered: list[type[Model]] = []
    visiting: set[type[Model]] = set()

    def place(model: type[Model]) -> None:
        if model in ordered or model in visiting:
            return
        visiting.add(model)
        for child in blocking:
            if child is not model and any(
                field.related_model is model for field in _restricting_keys(child)
            ):
                place(child)
        ordered.append(model)

    for model in reversed(blocking):
        place(model)
    return ordered


def _restricting_keys(model: type[Model]) -> list[Any]:
    """Foreign keys whose rows stop the row they point at from being deleted."""
    return [
        field
        for field in _foreign_keys(model)
        if str(getattr(field.on_delete, "value", field.on_delete)) not in _LEFT_TO_DATABASE
    ]


async def clear_tables() -> dict[str, int]:
    """Delete every row the demo writes, and sessions, children first; rows per table.

    Rows elsewhere that point at them go too: keys with ON DELETE CASCADE / SET NULL are left
    to the database, RESTRICT ones are deleted first (a table whose migration is not applied
    yet is skipped). The append-only audit log is kept. Self references (unit.parent,
    position.reports_to, work_result.parent) are cut first: a RESTRICT key refuses to lose
    its parent even within one DELETE.
    """
    deleted: dict[str, int] = {}
    targets = {*ORDER, m.Session}
    for model in _blocking_models(targets):
        try:
            async with in_transaction():  # a savepoint: a missing table must not end it all
                count = await model.all().delete()
        except OperationalError:
            continue
        if count:
            deleted[model._meta.db_table] = count
    for model in (m.Session, *reversed(ORDER)):
        for field in _foreign_keys(model):
            if field.related_model is model and field.null:
                await model.all().update(**{field.source_field: None})
        count = await model.all().delete()
        if count:
            deleted[model._meta.db_table] = count
    return deleted


def table_counts(writer: BulkWriter) -> dict[str, Any]:
    """Rows written per table, for the progress lines and the audit entry."""
    models = (*ORDER, m.AuditEntry)
    return {model._meta.db_table: writer.count(model) for model in models if writer.count(model)}
