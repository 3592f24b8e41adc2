"""Proof of the documented deployment (docs/operations.md), on this machine (not part of the tests).

    python bench/deployment.py                 # demo city of 500 employees
    python bench/deployment.py --employees 2000

1. A fresh PostgreSQL database with the demo city (`kinerja demo`), evidence in the
   ``database`` store, login throttle and rate limits in ``throttle_store = "database"``.
2. Two `kinerja serve` nodes, each with a data directory of its own, behind Debian's nginx
   running config/nginx/kinerja.conf as it is in the repository (only the upstream addresses,
   the listening port and the paths changed). Through nginx: both nodes serve (each node's
   access log shows requests), sign-in, an evidence upload, its download, five wrong passwords
   then a throttled one, and a subscription over a WebSocket that receives the feedback the
   rater gives.
3. Backup: ``pg_dump -Fc`` (the evidence files are in it: the ``database`` store). Restore
   into a new database with ``pg_restore``, a node started on it: every table has the same
   row count, the evidence downloads with the same SHA-256. Prints the times.

Needs nginx (``apt-get install nginx``), pg_dump/pg_restore and the PostgreSQL server
at ``--postgres`` (default ``postgres://postgres@127.0.0.1:5432``, trust authentication).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.nginx import nginx_binary, running_nginx  # noqa: E402
from tests.passes import create_database, drop_database  # noqa: E402
from tests.servers import running_server  # noqa: E402
from tests.ws.client import GraphQLWS  # noqa: E402

PDF = b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF\n"
LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token } ... on UserError { code }
  ... on Throttled { retryAfterSeconds } } }"""
UPLOAD = """mutation($realizationId: ID!, $file: Upload!) {
  uploadEvidence(realizationId: $realizationId, file: $file) {
    __typename ... on Evidence { id sha256 downloadUrl } ... on UserError { code message } } }"""
FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename ... on Feedback { id } ... on UserError { code message } } }"""
SUB_FEEDBACK = """subscription($planId: ID) { feedbackReceived(planId: $planId) { id text } }"""


def step(text: str) -> None:
    print(f"-- {text}", flush=True)


def table_counts(url: str) -> dict[str, int]:
    psql = ["psql", url, "-Atc"]
    tables = subprocess.run(
        [*psql, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    rows = subprocess.run([*psql, query], check=True, capture_output=True, text=True).stdout
    return {name: int(n) for name, n in (line.split("|") for line in rows.splitlines())}


async def gql(http: httpx.AsyncClient, query: str, variables=None, token=None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


async def through_nginx(proxy: str, logins) -> dict:
    """Everything a user does, through nginx; answers what the restore must find again."""
    async with httpx.AsyncClient(base_url=proxy, timeout=30) as http:
        assert (await http.get("/ready")).status_code == 200
        owner = logins("employee, SKP APPROVED")
        token = (await gql(http, LOGIN, {"nip": owner.nip, "password": owner.password}))["login"][
            "token"
        ]
        plans = (
            await gql(
                http,
                "{ myPlans { id status rater { nip } workResults { id } } }",
                token=token,
            )
        )["myPlans"]
        plan = next(p for p in plans if p["status"] == "APPROVED")
        realizations = (
            await gql(
                http,
                "query($id: ID!) { realizations(planId: $id) { id period { status } } }",
                {"id": plan["id"]},
                token,
            )
        )["realizations"]
        realization = next(r for r in realizations if r["period"]["status"] == "OPEN")
        operations = {"query": UPLOAD, "variables": {"realizationId": realization["id"]}}
        response = await http.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": ("laporan.pdf", PDF, "application/pdf")},
            headers={"Authorization": f"Bearer {token}"},
        )
        evidence = response.json()["data"]["uploadEvidence"]
        assert evidence.get("sha256") == hashlib.sha256(PDF).hexdigest(), evidence
        rater = (await gql(http, LOGIN, {"nip": plan["rater"]["nip"], "password": owner.password}))[
            "login"
        ]["token"]
        download = await http.get(
            evidence["downloadUrl"], headers={"Authorization": f"Bearer {rater}"}
        )
        assert download.status_code == 200 and download.content == PDF
        step(
            f"upload and download through nginx: {len(PDF)} bytes, "
            f"SHA-256 {evidence['sha256'][:12]}..."
        )

        victim = logins("supervisor")
        answers = [
            (await gql(http, LOGIN, {"nip": victim.nip, "password": "salah-salah"}))["login"]
            for _ in range(6)
        ]
        assert [a["__typename"] for a in answers][-1] == "Throttled", answers
        step("5 wrong passwords through nginx, then: " + json.dumps(answers[-1]))

    ws_url = "ws" + proxy.removeprefix("http") + "/graphql"
    async with (
        GraphQLWS.connect(ws_url, {"authorization": f"Bearer {token}"}) as ws,
        httpx.AsyncClient(base_url=proxy, timeout=30) as http,
    ):
        await ws.subscribe("fb", SUB_FEEDBACK, {"planId": plan["id"]})
        await ws.listening()
        text = f"Umpan balik lewat nginx {uuid.uuid4().hex[:6]}"
        given = await gql(
            http,
            FEEDBACK,
            {"input": {"planId": plan["id"], "target": "WORK_RESULT",
                       "workResultId": plan["workResults"][0]["id"], "text": text}},
            rater,
        )  # fmt: skip
        assert given["giveFeedback"]["__typename"] == "Feedback", given
        got = await ws.next("fb", timeout=10)
        assert got["data"]["feedbackReceived"]["text"] == text, got
        step("subscription over a WebSocket through nginx received the rater's feedback")
    return {"evidence": evidence, "rater_token": rater}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    if nginx_binary() is None:
        print("error: nginx is not installed (apt-get install nginx)", file=sys.stderr)
        return 2

    name = f"kinerja_deploy_{uuid.uuid4().hex[:8]}"
    url, restored_url = f"{args.postgres}/{name}", f"{args.postgres}/{name}_restored"
    work = Path(tempfile.mkdtemp(prefix="kinerja-deploy-"))
    env = {
        "KINERJA_EVIDENCE_STORE": "database",
        "KINERJA_THROTTLE_STORE": "database",
        "KINERJA_TRUSTED_PROXIES": "127.0.0.1",
    }
    create_database(url)
    try:
        started = time.perf_counter()
        demo_env = {**os.environ, "KINERJA_DATABASE_URL": url, **env,
                    "KINERJA_DATA_DIR": str(work / "demo")}  # fmt: skip
        script = (
            "import asyncio, json, sys\n"
            "from kinerja_core.settings import load_settings\n"
            "from kinerja_core.demo import run_demo\n"
            "from kinerja_core.db import migrate\n"
            "from kinerja_core.plugins.manager import load_plugins\n"
            "s = load_settings()\n"
            "asyncio.run(migrate(s, load_plugins(s).model_apps()))\n"
            f"r = asyncio.run(run_demo(s, employees={args.employees}, seed=2026, out=sys.stderr))\n"
            "print(json.dumps([[l.role, l.nip] for l in r.logins] + [r.password]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], env=demo_env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        *pairs, password = json.loads(done.stdout.strip().splitlines()[-1])

        class Login:
            def __init__(self, nip: str) -> None:
                self.nip, self.password = nip, password

        def logins(role: str) -> Login:
            return Login(next(nip for r, nip in pairs if r.startswith(role)))

        step(
            f"demo city of {args.employees} employees in {name}: "
            f"{time.perf_counter() - started:.1f} s"
        )

        for node in ("node1", "node2", "restored"):
            (work / node).mkdir()
        with (
            running_server(work / "node1", url, env=env, name="node1", migrate_first=False) as one,
            running_server(work / "node2", url, env=env, name="node2", migrate_first=False) as two,
        ):
            upstreams = [one.url.removeprefix("http://"), two.url.removeprefix("http://")]
            with running_nginx(work / "nginx", upstreams) as proxy:
                step(f"nginx {proxy.url} in front of {', '.join(upstreams)}")
                seen = asyncio.run(through_nginx(proxy.url, logins))
            served = [len(re.findall(r'"POST /graphql', s.log_text())) for s in (one, two)]
            assert all(served), served
            step(f"GraphQL requests served per node through nginx: {served[0]} and {served[1]}")

        started = time.perf_counter()
        dump = work / "kinerja.dump"
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), url], check=True)
        dumped = time.perf_counter() - started
        create_database(restored_url)
        started = time.perf_counter()
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-j", "2", "-d", restored_url,
             str(dump)],
            check=True,
        )  # fmt: skip
        restore_seconds = time.perf_counter() - started
        before, after = table_counts(url), table_counts(restored_url)
        assert before == after, {
            t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)
        }
        step(
            f"pg_dump {dumped:.1f} s ({dump.stat().st_size / 1e6:.1f} MB), pg_restore "
            f"{restore_seconds:.1f} s; {len(after)} tables, {sum(after.values())} rows, "
            "same counts "
            f"(evidence {after.get('evidence')}, blob_chunk {after.get('blob_chunk')})"
        )
        with running_server(
            work / "restored", restored_url, env=env, name="restored", migrate_first=False
        ) as node:
            evidence = seen["evidence"]
            response = httpx.get(
                node.url + evidence["downloadUrl"],
                headers={"Authorization": f"Bearer {seen['rater_token']}"},
                timeout=30,
            )
            assert response.status_code == 200, response.text
            assert hashlib.sha256(response.content).hexdigest() == evidence["sha256"]
            step("a node on the restored database serves the evidence with the same SHA-256")
        print(f"restore of the demo city ({args.employees} employees): {restore_seconds:.1f} s")
        return 0
    finally:
        drop_database(url)
        drop_database(restored_url)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
