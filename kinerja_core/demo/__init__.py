"""``kinerja demo``: a realistic data set of the Pemerintah Kota Pontianak.

Agencies (OPD) with their unit trees, employees with valid NIPs, accounts, periods, SKP in every
state cascaded from the Sekretaris Daerah down, rencana aksi, realisasi, bukti dukung, umpan
balik, organisation predikat, FINAL evaluations and appeals, for the current year. The same
seed gives the same city (for the same day). Rows are written in batches (``COPY`` on
PostgreSQL, ``executemany`` on SQLite: demo/bulk.py) in one transaction: all of it loads, or
nothing does.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from tortoise import Tortoise, connections
from tortoise.exceptions import ConfigurationError, IntegrityError
from tortoise.transactions import in_transaction

from kinerja_core.auth.passwords import hash_password
from kinerja_core.demo.agencies import agency_specs
from kinerja_core.demo.cast import Cast, Login, choose_cast, demo_logins, print_logins
from kinerja_core.demo.evaluation import EvaluationBuilder
from kinerja_core.demo.monitoring import ActivityWriter, plans_with_activity, write_periods
from kinerja_core.demo.org import CityBuilder, EmployeeNode, write_city
from kinerja_core.demo.plans import PlanBuilder, PlanRec
from kinerja_core.demo.writer import BulkWriter, clear_tables, table_counts
from kinerja_core.domain.enums import EvidenceKind
from kinerja_core.models import Account, Agency, Employee, Evidence
from kinerja_core.services import audit
from kinerja_core.settings import Settings

DEMO_PASSWORD = "kinerja-demo"
MIN_EMPLOYEES = 80
MAX_EMPLOYEES = 100_000

__all__ = ["DEMO_PASSWORD", "DemoError", "DemoResult", "Login", "check_size", "run_demo"]


class DemoError(Exception):
    """The demo refuses to run; the message says why and what to do."""


@dataclass
class DemoResult:
    """What a run loaded: the logins to print, the shared password, rows per table."""

    logins: list[Login]
    password: str
    year: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    def login(self, role_prefix: str) -> Login:
        return next(entry for entry in self.logins if entry.role.startswith(role_prefix))


def check_size(employees: int) -> None:
    """Refuse a size the demo cannot build (too few to staff every agency) or will not."""
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise DemoError(
            f"--employees must be between {MIN_EMPLOYEES} and {MAX_EMPLOYEES}, got {employees}: "
            f"fewer cannot staff every agency with a head and staff, more is beyond what the "
            f"demo is made for (the city has about 5,500 ASN; 100,000 is a large province)."
        )


async def run_demo(
    settings: Settings,
    employees: int = 500,
    seed: int = 2026,
    reset: bool = False,
    *,
    today: dt.date | None = None,
    out: TextIO | None = None,
    log: TextIO | None = None,
    plugins: Any = None,
) -> DemoResult:
    """Load the demo city into the database of ``settings`` and print the demo logins.

    Refuses a database that already holds agencies or employees unless ``reset`` (which first
    deletes every row except the audit log). ``today`` pins the date the data is built around;
    progress lines go to ``log`` (stderr), the logins table to ``out`` (stdout).

    After the core's rows are committed, each plugin adds its own (``kinerja_demo_data``):
    those of ``plugins`` (a plugin manager), or, when this function opens the database
    itself, of the installed plugins. A plugin that fails is reported, the core data stays.
    """
    from kinerja_core.db import close_db, init_db

    check_size(employees)
    log = log or sys.stderr
    opened = not _database_open()
    if opened:
        if plugins is None:
            from kinerja_core.plugins.manager import start_plugins

            plugins = await start_plugins(settings.replace(plugins_strict=False))
        await init_db(settings, plugins.model_apps())
    # Millions of short-lived row objects: the cyclic collector only slows the load down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader(settings, employees, seed, reset, today, log)
        result = await loader.run()
        await loader.unit_step(result)
        if plugins is not None:
            await loader.plugin_data(plugins)
        # the rows went in in bulk, not through audit.record: no kept dashboard figure holds
        await audit.forget_kept()
        await _analyze()
        loader.progress("done", f"{sum(result.rows.values())} rows")
    finally:
        if collecting:
            gc.enable()
        if opened:
            await close_db()
    print_logins(result.logins, result.password, result.year, out or sys.stdout)
    return result


async def _analyze() -> None:
    """PostgreSQL: statistics for the rows just written in bulk. Until autovacuum gets to
    them the planner takes the tables for empty: on the 20,000-employee demo, counting an
    agency's people (assignment x position) nested-looped over every assignment, 18 s
    instead of milliseconds (issue 14)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script("ANALYZE")


def _database_open() -> bool:
    """Whether the caller (a test, the server) already opened the database for us."""
    if not Tortoise.is_inited():
        return False
    try:
        connections.db_config  # noqa: B018 - raises once the connections were closed
    except ConfigurationError:
        return False
    return True


def mutasi_day(today: dt.date) -> dt.date:
    """When this year's mutasi took effect: mid-way through the months gone by."""
    if today.month >= 3:
        return dt.date(today.year, (today.month + 1) // 2 + 1, 1)
    return (
        dt.date(today.year, 1, 16)
        if today >= dt.date(today.year, 1, 17)
        else dt.date(today.year, 1, 2)
    )


class _Loader:
    def __init__(
        self,
        settings: Settings,
        employees: int,
        seed: int,
        reset: bool,
        today: dt.date | None,
        log: TextIO,
    ) -> None:
        self.settings = settings
        self.employees = employees
        self.seed = seed
        self.reset = reset
        if today is None:
            self.now = dt.datetime.now(dt.UTC)
        else:  # noon WIB of the pinned day
            self.now = dt.datetime.combine(today, dt.time(5, 0), dt.UTC)
        self.today = self.now.date()
        self.year = self.today.year
        self.log = log
        self.started = time.perf_counter()

    def progress(self, stage: str, details: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"[demo] {elapsed:6.1f}s  {stage:<12} {details}", file=self.log, flush=True)

    async def run(self) -> DemoResult:
        rng = random.Random(self.seed)
        password_hash = hash_password(DEMO_PASSWORD)  # argon2 is slow on purpose: once
        stale_files: list[str] = []
        async with in_transaction():
            cleared = await self._make_room(stale_files)
            writer = BulkWriter(request_id=f"demo-{self.seed}")
            await writer.start()
            city = CityBuilder(rng, self.year, writer.next_id).build(agency_specs(), self.employees)
            cast = choose_cast(city)
            planner = PlanBuilder(rng, writer, self.year, self.now, cast)
            planner.add_mutasi(city, mutasi_day(self.today))
            await write_city(city, writer, password_hash, cast.central_admin, cast.admins)
            await writer.flush()
            self.progress(
                "organisation",
                f"{len(city.agencies)} agencies, {len(city.units)} units, "
                f"{len(city.positions)} positions, {len(city.employees)} employees and accounts",
            )
            periods = await write_periods(city, writer, self.year, self.today)
            plans = planner.build(city)
            await planner.write()
            await writer.flush()
            states = Counter(str(p.status) for p in plans)
            self.progress(
                "SKP",
                f"{len(plans)} plans ({', '.join(f'{k} {v}' for k, v in sorted(states.items()))}), "
                f"{sum(len(p.results) for p in plans)} RHK, "
                f"{sum(len(r.indicators) for p in plans for r in p.results)} IKI",
            )
            await self._activity(rng, writer, cast, plans, periods)
            evaluations = EvaluationBuilder(
                rng,
                writer,
                self.now,
                self.settings.kurva_rounding,
                cast.central_admin,
                {cast.functional.position.unit.id},
            )
            evaluations.build(city, plans, periods)
            self.evaluations = evaluations  # its unit step runs once the rows are committed
            reserved = {e.id for e in vars(cast).values() if isinstance(e, EmployeeNode)}
            appeals = evaluations.add_appeals(city.agency("DINKES").id, reserved)
            await evaluations.write()
            await writer.flush()
            self.progress(
                "evaluation",
                f"{len(evaluations.org_ratings)} organisation predikat, "
                f"{sum(not e.draft for e in evaluations.evaluations)} FINAL evaluations "
                f"({sum(e.period is None for e in evaluations.evaluations)} annual) "
                f"({sum(e.draft for e in evaluations.evaluations)} more left for the unit step), "
                f"{len(appeals)} appeals",
            )
            rows = table_counts(writer)
            load = {
                "employees": self.employees,
                "seed": self.seed,
                "year": self.year,
                "reset": self.reset,
                "cleared": cleared,
                "rows": rows,
            }
            entry = audit.entry(
                "demo.load", "Demo", self.seed, after=load, request_id=writer.request_id
            )
            await entry.save(force_create=True)
            await writer.fix_sequences()
        await _discard_files(self.settings, stale_files)
        seconds = time.perf_counter() - self.started
        pending = next((a for a in appeals if a.appeal and "decided" not in a.appeal), None)
        logins = demo_logins(cast, plans, pending.plan.rater_superior if pending else None)
        return DemoResult(logins, DEMO_PASSWORD, self.year, seconds, rows)

    async def unit_step(self, result: DemoResult) -> None:
        """One unit finalised through the kurva unit step (``demo.unit_step``)."""
        from kinerja_core.demo.unit_step import finalize_demo_unit

        line, login = await finalize_demo_unit(
            self.settings, self.evaluations, self.today, f"demo-{self.seed}"
        )
        if login is not None:
            result.logins.append(login)
        self.progress("kurva", line)

    async def plugin_data(self, plugins: Any) -> None:
        """Each plugin's ``kinerja_demo_data``, after the core rows are committed."""
        from kinerja_core.services.context import ServiceContext

        # plugins' demo code calls services that ask the context for the manager
        ctx = ServiceContext(
            settings=self.settings, request_id=f"demo-{self.seed}", plugins=plugins
        )
        failed = await plugins.run_demo_data(ctx, random.Random(self.seed))
        note = f"failed: {', '.join(failed)} (see the log)" if failed else "done"
        self.progress("plugins", note)

    async def _make_room(self, stale_files: list[str]) -> dict[str, int]:
        agencies, employees = await Agency.all().count(), await Employee.all().count()
        if not (agencies or employees or await Account.exists()):
            return {}
        if not self.reset:
            raise DemoError(
                f"The database already holds data ({agencies} agencies, {employees} employees); "
                f"the demo only loads into an empty database. Run `kinerja demo --reset` to "
                f"delete everything but the audit log and load the demo instead."
            )
        stale_files.extend(
            await Evidence.filter(kind=EvidenceKind.FILE).values_list("storage_path", flat=True)
        )
        try:
            cleared = await clear_tables()
        except IntegrityError as exc:
            raise DemoError(f"--reset could not clear the database: {exc}") from exc
        self.progress("reset", f"deleted {sum(cleared.values())} rows")
        return cleared

    async def _activity(self, rng, writer, cast: Cast, plans: list[PlanRec], periods) -> None:
        activity = ActivityWriter(rng, writer, self.now, cast.fully_reported)
        active = plans_with_activity(plans)
        step = max(1000, len(active) // 5)
        for number, plan in enumerate(active, start=1):
            await activity.plan_activity(plan, periods[plan.position.agency.id])
            if number % step == 0 and number < len(active):
                self.progress("monitoring", f"{number}/{len(active)} approved SKP ...")
        await writer.flush()
        counts = {m._meta.db_table: n for m, n in writer.counts.items()}
        self.progress(
            "monitoring",
            f"{counts.get('action_plan', 0)} rencana aksi, {counts.get('realization', 0)} "
            f"realisasi, {counts.get('evidence', 0)} bukti dukung, "
            f"{counts.get('feedback', 0)} umpan balik",
        )


async def _discard_files(settings: Settings, paths: list[str]) -> None:
    """After a reset commits, evidence files no row points at any more go too."""
    from kinerja_core.services.evidence import discard_if_unreferenced

    for path in paths:
        await discard_if_unreferenced(settings, path)
