"""Two machines behind a load balancer, as an operator would run them (issue 15).

Two real `kinerja serve` processes, each with a data directory of its own (nothing on one
machine's disk is seen by the other), on one PostgreSQL database:

- a bukti dukung uploaded through node 1 downloads through node 2 (the evidence store is
  shared: ``database``, or S3 through a local S3 API);
- wrong passwords on node 1 lock the NIP on node 2 (``throttle_store``: ``database`` or
  ``redis``);
- a token signed out on node 1 stops working on node 2 at once;
- a subscription on node 1 receives feedback given through node 2 (LISTEN/NOTIFY).

PostgreSQL pass only: two processes writing one SQLite file is not a deployment Kinerja
supports (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.servers import Server, on_postgres, running_server
from tests.support import PASSWORD
from tests.test_evidence import UPLOAD
from tests.test_evidence_stores import BIG, s3_endpoint  # noqa: F401 - the S3 API fixture
from tests.test_shared_limits import drop_redis_keys, redis_up
from tests.ws.client import GraphQLWS
from tests.ws.data import FEEDBACK, RECORD, SUB_FEEDBACK, feedback_input
from tests.ws.pg import fresh_database
from tests.ws.seed import Seeded, seed

pytestmark = pytest.mark.skipif(
    not on_postgres(),
    reason="two nodes share one PostgreSQL database; SQLite is one process on one machine",
)
LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token } ... on UserError { code }
  ... on Throttled { retryAfterSeconds } } }"""


@pytest.fixture(
    params=[("database", "database"), ("s3", "redis")], ids=["database+database", "s3+redis"]
)
def two_nodes(request, tmp_path) -> Iterator[tuple[Server, Server, Seeded, str]]:
    evidence_store, throttle_store = request.param
    prefix = f"kt-{uuid.uuid4().hex[:12]}:"  # this test's own keys, removed afterwards
    if throttle_store == "redis":
        if not redis_up():
            pytest.skip("no Redis at 127.0.0.1:6379 for throttle_store = redis")
        request.addfinalizer(lambda: drop_redis_keys(prefix))
    env = {
        "KINERJA_EVIDENCE_STORE": evidence_store,
        "KINERJA_THROTTLE_STORE": throttle_store,
        "KINERJA_REDIS_PREFIX": prefix,
    }
    if evidence_store == "s3":
        env |= {
            "KINERJA_EVIDENCE_S3_BUCKET": "bukti",
            "KINERJA_EVIDENCE_S3_ENDPOINT": request.getfixturevalue("s3_endpoint"),
            "KINERJA_EVIDENCE_S3_PREFIX": f"{tmp_path.name}/",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database("mn"))
        seeded = seed(tmp_path, url)
        for name in ("node1", "node2"):
            (tmp_path / name).mkdir()
        nodes = [
            stack.enter_context(
                running_server(tmp_path / name, url, env=env, name=name, migrate_first=False)
            )
            for name in ("node1", "node2")
        ]
        yield nodes[0], nodes[1], seeded, evidence_store


async def gql(http: httpx.AsyncClient, query: str, variables: dict, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    (result,) = body["data"].values()
    return result


async def upload_evidence(http: httpx.AsyncClient, realization_id: str, token: str) -> dict:
    """BIG as a bukti dukung of the realisasi (a multipart GraphQL upload); the Evidence."""
    operations = {"query": UPLOAD, "variables": {"realizationId": realization_id, "file": None}}
    response = await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("laporan.pdf", BIG, "application/pdf")},
        headers={"Authorization": f"Bearer {token}"},
    )
    evidence = response.json()["data"]["uploadEvidence"]
    assert evidence["__typename"] == "Evidence", evidence
    return evidence


async def test_two_nodes_share_evidence_limits_sessions_and_subscriptions(two_nodes, tmp_path):
    one_server, two_server, seeded, evidence_store = two_nodes
    world = seeded.world
    _, _, indicator = seeded["realization_staff"]
    period = seeded["period"]
    async with (
        httpx.AsyncClient(base_url=one_server.url, timeout=20) as one,
        httpx.AsyncClient(base_url=two_server.url, timeout=20) as two,
    ):
        # bukti dukung: uploaded through node 1, downloaded through node 2
        recorded = await gql(
            one,
            RECORD,
            {"input": {"indicatorId": str(indicator.id), "periodId": str(period.id), "value": "3"}},
            world.staff.token,
        )
        assert recorded["__typename"] == "Realization", recorded
        evidence = await upload_evidence(one, recorded["id"], world.staff.token)
        download = await two.get(
            evidence["downloadUrl"], headers={"Authorization": f"Bearer {world.kasubag.token}"}
        )
        assert download.status_code == 200, download.text
        assert hashlib.sha256(download.content).hexdigest() == evidence["sha256"]
        assert download.content == BIG
        for node in ("node1", "node2"):  # in the shared store, on neither machine's disk
            assert not [p for p in (tmp_path / node / "data").rglob(evidence["sha256"])]

        # wrong passwords on node 1 lock the NIP on node 2
        nip = world.staff2.employee.nip
        for _ in range(5):
            failed = await gql(one, LOGIN, {"nip": nip, "password": "salah-salah"})
            assert failed["code"] == "auth.invalid_credentials", failed
        blocked = await gql(two, LOGIN, {"nip": nip, "password": PASSWORD})
        assert blocked["__typename"] == "Throttled", blocked
        assert blocked["retryAfterSeconds"] >= 1

        # a token signed out on node 1 no longer works on node 2
        token = (await gql(one, LOGIN, {"nip": world.head.employee.nip, "password": PASSWORD}))[
            "token"
        ]
        me = "query { me { employee { nip } } }"
        assert (
            await two.post(
                "/graphql", json={"query": me}, headers={"Authorization": f"Bearer {token}"}
            )
        ).json()["data"]
        assert (await gql(one, "mutation { logout { __typename } }", {}, token))[
            "__typename"
        ] == "Done"
        after = await two.post(
            "/graphql", json={"query": me}, headers={"Authorization": f"Bearer {token}"}
        )
        assert after.json()["errors"][0]["extensions"]["code"] == "auth.required"

    # a subscription on node 1 receives feedback given through node 2
    plan, work, _ = seeded["feedback_staff"]
    header = {"authorization": f"Bearer {world.staff.token}"}
    async with (
        GraphQLWS.connect(one_server.websocket, header) as on_one,
        httpx.AsyncClient(base_url=two_server.url, timeout=20) as two,
    ):
        await on_one.subscribe("fb", SUB_FEEDBACK)
        await on_one.listening()
        given = await gql(
            two, FEEDBACK, feedback_input(plan, work, "Lewat node dua"), world.kasubag.token
        )
        assert given["__typename"] == "Feedback", given
        got = await on_one.next("fb")
        assert got["data"]["feedbackReceived"]["text"] == "Lewat node dua"


def test_two_nodes_migrating_at_the_same_moment_apply_each_migration_once(tmp_path):
    """Two machines deploying at once: both `kinerja migrate` succeed, each migration once."""
    import subprocess

    from tests.servers import CLI, ROOT, server_env

    with fresh_database("mg") as url:
        runs = [
            subprocess.Popen(
                [*CLI, "migrate"],
                env=server_env(tmp_path / name, url),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("node1", "node2")
        ]
        results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
        for code, out, err in results:
            assert (code, out) == (0, "migrations applied\n"), err
        import asyncpg

        async def applied() -> list[tuple[str, str]]:
            from tortoise.backends.base.config_generator import expand_db_url

            creds = expand_db_url(url)["credentials"]
            conn = await asyncpg.connect(
                host=creds["host"], port=creds["port"], user=creds["user"],
                password=creds.get("password"), database=creds["database"],
            )  # fmt: skip
            try:
                rows = await conn.fetch("SELECT app, name FROM tortoise_migrations")
            finally:
                await conn.close()
            return [(r["app"], r["name"]) for r in rows]

        import asyncio

        rows = asyncio.run(applied())
        assert rows and len(rows) == len(set(rows)), rows
