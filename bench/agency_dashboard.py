"""Benchmark: the agency dashboard and the team view on demo data (not part of the tests).

    python bench/agency_dashboard.py --employees 500     # loads the demo into a temp dir

Prints, per view, the SQL statements one request makes and the median time of 20 requests
through the ASGI app in-process (no network).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from kinerja_core.app import create_app
from kinerja_core.db import close_db, count_statements, init_db, migrate
from kinerja_core.demo import run_demo
from kinerja_core.models import Account, Agency, Employee, Position, Assignment
from kinerja_core.settings import Settings

OPERATIONS = Path(__file__).resolve().parents[1] / "schema" / "operations"
DASHBOARD = (OPERATIONS / "agency_dashboard.graphql").read_text()
TEAM = (OPERATIONS / "team_view.graphql").read_text()


async def main(employees: int, runs: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
    settings = Settings(environment="production", data_dir=data)
    await migrate(settings)
    await run_demo(settings, employees=employees, seed=2026, log=open("/dev/null", "w"))
    await init_db(settings)
    agency = await Agency.get(code="DINKES")
    head_pos = await Position.get(agency_id=agency.id, is_unit_head=True, unit__parent_id=None)
    head = await Employee.get(
        id=(await Assignment.filter(position_id=head_pos.id).first()).employee_id
    )
    app = create_app(settings, manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
        login = await c.post(
            "/graphql",
            json={
                "query": 'mutation{login(nip:"%s",password:"kinerja-demo"){... on LoginSuccess{token}}}'
                % head.nip
            },
        )
        token = login.json()["data"]["login"]["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for name, query, variables in (
            ("agencyDashboard", DASHBOARD, {"agencyId": str(agency.id)}),
            ("team (first 100)", TEAM, {}),
        ):
            with count_statements() as log:
                body = (
                    await c.post(
                        "/graphql", json={"query": query, "variables": variables}, headers=headers
                    )
                ).json()
            assert "errors" not in body, body["errors"]
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                await c.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=headers
                )
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"{name:18} {len(log.statements):3d} statements  median {statistics.median(times):6.1f} ms  (employees={employees}, {await Account.all().count()} accounts)"
            )
    await close_db()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.employees, args.runs))
