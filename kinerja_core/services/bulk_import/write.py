"""Apply a checked :class:`Plan` inside the caller's transaction, in bulk, with audit rows.

Rows go in with ``bulk_create`` in batches and their ids are read back by natural key (the
database picks ids, so a concurrent one-by-one create can never collide with the import).
Units and positions point at each other (parent unit, reporting line): they go in waves,
each wave the rows whose parent already has an id. Every created or changed row gets the
same audit action as the one-by-one use case (``employee.create``...), in bulk as well.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.expressions import F

from kinerja_core.auth.passwords import hash_password
from kinerja_core.domain.enums import PlanStatus
from kinerja_core.models import (
    Account,
    Assignment,
    AuditEntry,
    Employee,
    PerformancePlan,
    Position,
    Unit,
)
from kinerja_core.services import audit
from kinerja_core.services.audit import _plain
from kinerja_core.services.bulk_import.plan import Plan, PositionKey, UnitKey
from kinerja_core.services.bulk_import.state import State, _chunks, name_key
from kinerja_core.services.context import ServiceContext

BATCH = 500  # rows per INSERT: PostgreSQL allows 32767 parameters per statement


class Writer:
    def __init__(
        self, ctx: ServiceContext, state: State, plan: Plan, tick: Callable[[int], Awaitable[None]]
    ) -> None:
        self.ctx, self.state, self.plan, self.tick = ctx, state, plan, tick
        self.audit: list[AuditEntry] = []
        self.unit_ids: dict[UnitKey, int] = {k: u["id"] for k, u in state.units.items()}
        self.position_ids: dict[PositionKey, int] = {}
        for rows in state.positions.values():
            for p in rows:
                unit = state.units_by_id[p["unit_id"]]
                self.position_ids[(unit["agency_id"], unit["code"], name_key(p["name"]))] = p["id"]
        self.employee_ids: dict[str, int] = {n: e["id"] for n, e in state.employees.items()}
        self.done = 0

    def _audit(self, action: str, entity: str, entity_id: Any, before: Any, after: Any) -> None:
        viewer = self.ctx.viewer
        self.audit.append(
            AuditEntry(
                actor_account_id=viewer.account_id if viewer else None,
                actor_nip=viewer.nip if viewer else "",
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                before=_plain(before),
                after=_plain(after),
                request_id=self.ctx.request_id,
            )
        )

    async def _progress(self, rows: int) -> None:
        self.done += rows
        await self.tick(self.done)

    async def run(self) -> None:
        await self.units()
        await self.positions()
        await self.employees()
        await self.assignments()
        await self.accounts()
        for start in range(0, len(self.audit), BATCH):
            await AuditEntry.bulk_create(self.audit[start : start + BATCH])
        if self.audit:  # written in bulk, not through audit.record: no kept figure holds
            await audit.forget_kept()

    # units -----------------------------------------------------------------------------------

    async def units(self) -> None:
        pending = list(self.plan.units_new)
        while pending:
            wave = [u for u in pending if u["parent"] in self.unit_ids]
            if not wave:  # cannot happen after the planner's cycle check
                raise RuntimeError("unit parents unresolved")
            pending = [u for u in pending if u["parent"] not in self.unit_ids]
            await Unit.bulk_create(
                [
                    Unit(
                        agency_id=u["key"][0],
                        code=u["key"][1],
                        name=u["name"],
                        parent_id=self.unit_ids[u["parent"]],
                    )
                    for u in wave
                ],
                batch_size=BATCH,
            )
            agencies = {u["key"][0] for u in wave}
            codes = [u["key"][1] for u in wave]
            for chunk in _chunks(codes):
                for row in await Unit.filter(agency_id__in=agencies, code__in=chunk).values(
                    "id", "agency_id", "code", "name", "parent_id"
                ):
                    self.unit_ids[(row["agency_id"], row["code"])] = row["id"]
                    self._audit("unit.create", "Unit", row["id"], None, row)
            await self._progress(len(wave))
        for change in self.plan.units_changed:
            row, changes = change["row"], dict(change["changes"])
            if "parent" in changes:
                changes["parent_id"] = self.unit_ids[changes.pop("parent")]
            await Unit.filter(id=row["id"]).update(version=F("version") + 1, **changes)
            self._audit("unit.update", "Unit", row["id"], row, {**row, **changes})
        await self._progress(len(self.plan.units_changed))

    # positions -------------------------------------------------------------------------------

    async def positions(self) -> None:
        new_keys = {p["key"] for p in self.plan.positions_new}
        pending = list(self.plan.positions_new)
        while pending:
            ready = [
                p
                for p in pending
                if p["superior"] is None
                or p["superior"] in self.position_ids
                or p["superior"] not in new_keys
            ]
            if not ready:
                raise RuntimeError("reporting line unresolved")
            pending = [p for p in pending if p not in ready]
            await Position.bulk_create(
                [
                    Position(
                        agency_id=p["key"][0],
                        unit_id=self.unit_ids[p["key"][:2]],
                        name=p["name"],
                        type=p["type"],
                        level=p["level"],
                        is_unit_head=p["head"],
                        reports_to_id=self.position_ids[p["superior"]] if p["superior"] else None,
                    )
                    for p in ready
                ],
                batch_size=BATCH,
            )
            unit_ids = list({self.unit_ids[p["key"][:2]] for p in ready})
            wanted = {p["key"] for p in ready}
            by_unit = {uid: key for key, uid in self.unit_ids.items()}
            for chunk in _chunks(unit_ids):
                for row in await Position.filter(unit_id__in=chunk).values(
                    "id",
                    "agency_id",
                    "unit_id",
                    "name",
                    "type",
                    "level",
                    "is_unit_head",
                    "reports_to_id",
                ):
                    key = (*by_unit[row["unit_id"]], name_key(row["name"]))
                    if key in wanted and key not in self.position_ids:
                        self.position_ids[key] = row["id"]
                        self._audit("position.create", "Position", row["id"], None, row)
            await self._progress(len(ready))
            new_keys -= wanted
        for change in self.plan.positions_changed:
            row, changes = change["row"], dict(change["changes"])
            if "superior" in changes:
                superior = changes.pop("superior")
                changes["reports_to_id"] = self.position_ids[superior] if superior else None
            await Position.filter(id=row["id"]).update(version=F("version") + 1, **changes)
            self._audit("position.update", "Position", row["id"], row, {**row, **changes})
        await self._progress(len(self.plan.positions_changed))

    # employees -------------------------------------------------------------------------------

    async def employees(self) -> None:
        new = self.plan.employees_new
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            await Employee.bulk_create([Employee(**e) for e in batch])
            for row in await Employee.filter(nip__in=[e["nip"] for e in batch]).values(
                "id", "nip", "name", "kind", "golongan", "agency_id", "email"
            ):
                self.employee_ids[row["nip"]] = row["id"]
                self._audit("employee.create", "Employee", row["id"], None, row)
            await self._progress(len(batch))
        for change in self.plan.employees_changed:
            row, changes = change["row"], change["changes"]
            await Employee.filter(id=row["id"]).update(version=F("version") + 1, **changes)
            self._audit("employee.update", "Employee", row["id"], row, {**row, **changes})
        await self._progress(len(self.plan.employees_changed))

    # assignments -----------------------------------------------------------------------------

    async def _end_approved_plans(self, assignment: dict[str, Any], last_day: Any) -> None:
        """As ``services.org.end_plans_on_mutasi``: the approved SKP of the post left ends
        with it (its months and angka kredit count to that day only)."""
        plans = await PerformancePlan.filter(
            employee_id=assignment["employee_id"],
            position_id=assignment["position_id"],
            status=PlanStatus.APPROVED,
            period_start__lte=last_day,
            period_end__gt=last_day,
        ).values("id", "period_start", "period_end", "version")
        for plan in plans:
            await PerformancePlan.filter(id=plan["id"]).update(
                period_end=last_day, version=F("version") + 1
            )
            after = {**plan, "period_end": last_day, "version": plan["version"] + 1}
            self._audit("plan.end_on_mutasi", "PerformancePlan", plan["id"], plan, after)

    async def assignments(self) -> None:
        for ended in self.plan.assignments_ended:  # a mutasi, as assign_position does it
            row = ended["row"]
            await Assignment.filter(id=row["id"]).update(
                end_date=ended["end_date"], version=F("version") + 1
            )
            self._audit(
                "assignment.end",
                "Assignment",
                row["id"],
                row,
                {**row, "end_date": ended["end_date"]},
            )
            closed = await PerformancePlan.filter(
                employee_id=row["employee_id"],
                position_id=row["position_id"],
                status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.SUBMITTED],
            ).update(status=PlanStatus.CLOSED)
            if closed:
                self._audit(
                    "plan.close_on_mutasi", "Employee", row["employee_id"], None, {"closed": closed}
                )
            await self._end_approved_plans(row, ended["end_date"])
        new = self.plan.assignments_new
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            rows = [
                Assignment(
                    employee_id=self.employee_ids[a["nip"]],
                    position_id=self.position_ids[a["position"]],
                    kind=a["kind"],
                    start_date=a["start_date"],
                    end_date=a["end_date"],
                )
                for a in batch
            ]
            await Assignment.bulk_create(rows)
            keys = {(r.employee_id, r.position_id, str(r.kind), r.start_date) for r in rows}
            for row in await Assignment.filter(
                employee_id__in=list({r.employee_id for r in rows})
            ).values("id", "employee_id", "position_id", "kind", "start_date", "end_date"):
                key = (row["employee_id"], row["position_id"], str(row["kind"]), row["start_date"])
                if key in keys:
                    keys.discard(key)
                    self._audit("assignment.create", "Assignment", row["id"], None, row)
            await self._progress(len(batch))
        for change in self.plan.assignments_changed:
            row, changes = change["row"], change["changes"]
            await Assignment.filter(id=row["id"]).update(version=F("version") + 1, **changes)
            self._audit("assignment.update", "Assignment", row["id"], row, {**row, **changes})
        await self._progress(len(self.plan.assignments_changed))

    # accounts --------------------------------------------------------------------------------

    async def accounts(self) -> None:
        new = self.plan.accounts_new
        # argon2 is slow on purpose: hash each distinct initial password once, off the loop
        hashes: dict[str, str] = {}
        for password in {a["password"] for a in new}:
            hashes[password] = await asyncio.to_thread(hash_password, password)
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            await Account.bulk_create(
                [
                    Account(
                        employee_id=self.employee_ids[a["nip"]],
                        password_hash=hashes[a["password"]],
                        admin_agency_id=a["admin_agency_id"],
                        must_change_password=True,
                    )
                    for a in batch
                ]
            )
            ids = [self.employee_ids[a["nip"]] for a in batch]
            for row in await Account.filter(employee_id__in=ids).values(
                "id", "employee_id", "admin_agency_id", "is_central_admin", "must_change_password"
            ):
                self._audit("account.create", "Account", row["id"], None, row)
            await self._progress(len(batch))
        for change in self.plan.accounts_changed:
            row, changes = change["row"], change["changes"]
            await Account.filter(id=row["id"]).update(version=F("version") + 1, **changes)
            self._audit("account.update", "Account", row["id"], row, {**row, **changes})
        await self._progress(len(self.plan.accounts_changed))
