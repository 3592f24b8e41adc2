"""The demo city in a server test's database, and what its people may write right now.

``kinerja demo`` fills the database (as a deployment's first run would); :func:`writable`
then reads which realisasi each SKP owner may record (approved SKP, manual IKI, an OPEN period
of the plan's agency) and which plans each pejabat penilai may give feedback on, and signs
those people in (a session row per person, as ``login`` makes, without argon2 per person).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tortoise import Tortoise

from kinerja_core.auth.tokens import new_token, token_hash
from kinerja_core.db import tortoise_config
from kinerja_core.domain.enums import PeriodStatus, PlanStatus
from kinerja_core.models import (
    Account,
    Indicator,
    PerformancePlan,
    Period,
    Realization,
    Session,
    WorkResult,
)
from kinerja_core.settings import Settings
from tests.servers import CLI, ROOT, server_env

DEMO_PASSWORD = "kinerja-demo"
MANUAL = "core.manual"


def load_demo(tmp_path: Path, database_url: str, employees: int = 80) -> dict[str, str]:
    """``kinerja demo`` on the (migrated) database; the printed logins: role -> NIP."""
    run = subprocess.run(
        [*CLI, "demo", "--employees", str(employees)],
        env=server_env(tmp_path, database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    logins = {}
    for line in run.stdout.splitlines():
        found = re.match(r"\s*(\S.*?)\s{2,}(\d{18})\s", line)
        if found:
            logins[found.group(1)] = found.group(2)
    return logins


@asynccontextmanager
async def opened(database_url: str, tmp_path: Path) -> AsyncIterator[None]:
    """The core's models on ``database_url`` for the test process itself."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()


@dataclass(frozen=True)
class Slot:
    """Where an owner may record a realisasi: one IKI of an approved SKP in an OPEN period."""

    plan_id: int
    indicator_id: int
    period_id: int
    owner_id: int
    realization_id: int | None = None  # one is there already
    version: int | None = None


@dataclass
class City:
    slots: list[Slot] = field(default_factory=list)
    # plans with a rater: (plan id, rater id, work result ids)
    rated: list[tuple[int, int, list[int]]] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)  # employee id -> bearer token

    @property
    def free(self) -> list[Slot]:
        return [s for s in self.slots if s.realization_id is None]

    @property
    def recorded(self) -> list[Slot]:
        return [s for s in self.slots if s.realization_id is not None]


async def writable(today: dt.date | None = None) -> City:
    """Every slot and rated plan of the open database, in a stable order."""
    city = City()
    periods = await Period.filter(status=PeriodStatus.OPEN).order_by("id")
    plans = await PerformancePlan.filter(status=PlanStatus.APPROVED).order_by("id")
    indicators: dict[int, list[Indicator]] = {}
    for indicator in await Indicator.filter(
        work_result__plan__status=PlanStatus.APPROVED, indicator_type=MANUAL
    ).order_by("id"):
        indicators.setdefault(indicator.work_result_id, []).append(indicator)
    work_results: dict[int, list[int]] = {}
    for wr in await WorkResult.filter(plan__status=PlanStatus.APPROVED).order_by("id"):
        work_results.setdefault(wr.plan_id, []).append(wr.id)
    stored = {
        (r.indicator_id, r.period_id): r
        for r in await Realization.filter(period__status=PeriodStatus.OPEN)
    }
    for plan in plans:
        for period in periods:
            if (
                period.agency_id != plan.agency_id
                or period.year != plan.year
                or period.end_date < plan.period_start
                or period.start_date > plan.period_end
            ):
                continue
            for wr_id in work_results.get(plan.id, []):
                for indicator in indicators.get(wr_id, []):
                    row = stored.get((indicator.id, period.id))
                    city.slots.append(
                        Slot(
                            plan.id,
                            indicator.id,
                            period.id,
                            plan.employee_id,
                            row.id if row else None,
                            row.version if row else None,
                        )
                    )
        if plan.rater_id is not None and work_results.get(plan.id):
            city.rated.append((plan.id, plan.rater_id, work_results[plan.id]))
    return city


async def sign_in(city: City, employee_ids: set[int]) -> None:
    """A bearer token for each of these employees (a session as ``login`` would make)."""
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    for account in await Account.filter(employee_id__in=employee_ids):
        token = new_token()
        await Session.create(account=account, token_hash=token_hash(token), expires_at=expires)
        city.tokens[account.employee_id] = token
