"""What a shared throttle store costs per request (not part of the tests).

    python bench/throttle_stores.py [--requests 1000]

For each ``throttle_store`` (memory, database, redis) starts `kinerja serve` (one process) on a
fresh PostgreSQL database and sends ``--requests`` requests one after the other, each
``{ __typename }`` with a bearer token (so both buckets, the address's and the token's, are
taken: the most work the rate limit does per request), after a warm-up of 100. Prints the
median and p95 latency per store. The limits are set high so that nothing is refused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import running_server  # noqa: E402
from tests.ws.pg import fresh_database  # noqa: E402


def measure(url: str, requests: int) -> list[float]:
    headers = {"Authorization": "Bearer not-a-real-token-but-counted"}
    body = {"query": "{ __typename }"}
    times = []
    with httpx.Client(base_url=url, timeout=10) as http:
        for n in range(100 + requests):
            started = time.perf_counter()
            response = http.post("/graphql", json=body, headers=headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            if n >= 100:
                times.append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    env = {
        "KINERJA_RATE_LIMIT_PER_TOKEN": "100000",
        "KINERJA_RATE_LIMIT_TOKEN_BURST": "100000",
        "KINERJA_RATE_LIMIT_PER_ADDRESS": "100000",
        "KINERJA_RATE_LIMIT_ADDRESS_BURST": "100000",
    }
    print("| throttle_store | median | p95 |")
    print("| --- | --- | --- |")
    for store in ("memory", "database", "redis"):
        with tempfile.TemporaryDirectory() as tmp, fresh_database("tb") as db:
            node_env = {**env, "KINERJA_THROTTLE_STORE": store,
                        "KINERJA_REDIS_PREFIX": f"bench-{Path(tmp).name}:"}  # fmt: skip
            with running_server(Path(tmp), db, env=node_env) as server:
                times = measure(server.url, args.requests)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"| {store} | {1000 * statistics.median(times):.2f} ms | {1000 * p95:.2f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
