"""The repository's nginx configuration in front of two nodes, as an operator deploys it (issue 15).

Debian's nginx runs config/nginx/kinerja.conf (only the upstream addresses, the listening
port and the paths changed: tests/nginx.py) in front of two real `kinerja serve` processes,
each with a data directory of its own, on one PostgreSQL database with the ``database``
evidence store. Through nginx:

- plain HTTP requests are spread over both nodes (each node's access log shows its share);
- a bukti dukung uploaded through the proxy downloads from each node directly (so from the
  node that did not take it), and through the proxy as a ``Range`` request (206);
- a graphql-ws subscription through the proxy (the WebSocket upgrade) receives feedback given
  on each node directly, so on the node that does not hold the WebSocket too.

PostgreSQL pass only (two nodes need one shared database), skipped when nginx is not
installed (``apt-get install nginx``; .ci/run installs it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.nginx import Proxy, nginx_binary, running_nginx
from tests.servers import Server, on_postgres, running_server, wait_for
from tests.test_evidence_stores import BIG
from tests.test_two_nodes import gql, upload_evidence
from tests.ws.client import GraphQLWS
from tests.ws.data import FEEDBACK, RECORD, SUB_FEEDBACK, feedback_input
from tests.ws.pg import fresh_database
from tests.ws.seed import Seeded, seed

pytestmark = [
    pytest.mark.skipif(
        not on_postgres(),
        reason="two nodes behind nginx share one PostgreSQL database; SQLite is one process",
    ),
    pytest.mark.skipif(
        nginx_binary() is None, reason="nginx is not installed (apt-get install nginx)"
    ),
]
ROUNDS = 8  # plain requests sent through the proxy to see the balancing


@pytest.fixture
def deployment(tmp_path) -> Iterator[tuple[Proxy, list[Server], Seeded]]:
    env = {
        "KINERJA_EVIDENCE_STORE": "database",
        "KINERJA_THROTTLE_STORE": "database",
        "KINERJA_TRUSTED_PROXIES": "127.0.0.1",
    }
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database("ngx"))
        seeded = seed(tmp_path, url)
        nodes = []
        for name in ("node1", "node2"):
            (tmp_path / name).mkdir()
            nodes.append(
                stack.enter_context(
                    running_server(tmp_path / name, url, env=env, name=name, migrate_first=False)
                )
            )
        upstreams = [node.url.removeprefix("http://") for node in nodes]
        proxy = stack.enter_context(running_nginx(tmp_path / "nginx", upstreams))
        yield proxy, nodes, seeded


def graphql_posts(node: Server) -> int:
    return len(re.findall(r'"POST /graphql HTTP/1.1" 200', node.log_text()))


async def test_nginx_balances_uploads_downloads_and_websockets_over_two_nodes(deployment):
    proxy, nodes, seeded = deployment
    world = seeded.world
    async with httpx.AsyncClient(base_url=proxy.url, timeout=30) as http:
        # plain requests: both nodes serve a share
        for _ in range(ROUNDS):
            assert (await gql(http, "{ __typename }", {})) == "Query"
        wait_for(lambda: sum(map(graphql_posts, nodes)) == ROUNDS, "both access logs")
        shares = [graphql_posts(node) for node in nodes]
        assert all(shares), f"one node served everything: {shares}"

        # an upload through the proxy (streamed through: proxy_request_buffering off)
        _, _, indicator = seeded["realization_staff"]
        recorded = await gql(
            http,
            RECORD,
            {
                "input": {
                    "indicatorId": str(indicator.id),
                    "periodId": str(seeded["period"].id),
                    "value": "3",
                }
            },
            world.staff.token,
        )
        evidence = await upload_evidence(http, recorded["id"], world.staff.token)
        assert evidence["sha256"] == hashlib.sha256(BIG).hexdigest()
        rater = {"Authorization": f"Bearer {world.kasubag.token}"}

        # downloads from each node directly: one of them did not take the upload
        for node in nodes:
            direct = httpx.get(node.url + evidence["downloadUrl"], headers=rater, timeout=30)
            assert direct.status_code == 200 and direct.content == BIG, node.url
        # and a resumed download through the proxy: nginx passes Range and the 206 on
        part = await http.get(evidence["downloadUrl"], headers={**rater, "Range": "bytes=-1000"})
        assert part.status_code == 206 and part.content == BIG[-1000:]
        assert part.headers["content-range"] == f"bytes {len(BIG) - 1000}-{len(BIG) - 1}/{len(BIG)}"

    # a subscription through the proxy receives feedback given on either node
    plan, work, _ = seeded["feedback_staff"]
    header = {"authorization": f"Bearer {world.staff.token}"}
    async with GraphQLWS.connect(proxy.websocket, header) as ws:
        await ws.subscribe("fb", SUB_FEEDBACK)
        await ws.listening()
        for number, node in enumerate(nodes, 1):
            async with httpx.AsyncClient(base_url=node.url, timeout=30) as direct:
                text = f"Lewat node {number}"
                given = await gql(
                    direct, FEEDBACK, feedback_input(plan, work, text), world.kasubag.token
                )
                assert given["__typename"] == "Feedback", given
            got = await ws.next("fb", timeout=10)
            assert got["data"]["feedbackReceived"]["text"] == text
    assert re.search(r'"GET /graphql HTTP/1.1" 101 ', proxy.access_log()), proxy.access_log()
