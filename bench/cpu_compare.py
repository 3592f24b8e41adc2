"""Server CPU time per request, GraphQL against hand-written SQL (issue 14; not a test).

    python bench/cpu_compare.py --employees 1000 [--only team,me] [--postgres URL]

Runs ``bench/compare.py`` as it is (the same servers, data, token, operations, equality check
and interleaving; its arguments pass through, ``--connections`` is 1 unless given) and also
reads each server process's CPU time (user + system of the process and its children, from
/proc) around every wrk run, then prints the CPU time per request of each side. Throughput on
a shared machine moves with whatever else runs; the CPU a request costs moves much less, so
this is the figure to compare when the load average is above the core count. With one
connection, at most one request in flight when wrk stops is counted in the CPU but not in the
requests.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import compare  # noqa: E402
from bench.harness.server import Running  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SERVERS: dict[str, Running] = {}
RUNS: list[tuple[str, str, float]] = []  # (server name, route or "graphql", ms per request)


def cpu_seconds(server: Running) -> float:
    """User + system time of the server process and its children so far."""
    pids = [server.process.pid]
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    ticks = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / TICK


def recorded(start):  # noqa: ANN001, ANN201 - wraps compare's start_graphql/start_handwritten
    @contextlib.contextmanager
    def run(*args, **kwargs) -> Iterator[Running]:  # noqa: ANN002, ANN003
        with start(*args, **kwargs) as running:
            SERVERS[running.url] = running
            yield running

    return run


real_wrk = compare.wrk


def measured_wrk(url: str, body: dict, token: str, seconds: int, connections: int):  # noqa: ANN201
    server = next(s for prefix, s in SERVERS.items() if url.startswith(prefix + "/"))
    before = cpu_seconds(server)
    rate, p50, bad = real_wrk(url, body, token, seconds, connections)
    spent = cpu_seconds(server) - before
    requests = max(rate * seconds, 1.0)
    RUNS.append((server.name, url[len(server.url) :], spent * 1000 / requests))
    return rate, p50, bad


def main() -> int:
    if not any(a.startswith("--connections") for a in sys.argv[1:]):
        sys.argv += ["--connections", "1"]
    compare.start_graphql = recorded(compare.start_graphql)
    compare.start_handwritten = recorded(compare.start_handwritten)
    compare.wrk = measured_wrk
    code = compare.main()
    if code:
        return code
    # compare.py runs each operation's two sides one after the other: pair them up
    per_route: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for first, second in zip(RUNS[::2], RUNS[1::2], strict=True):
        hand = first if first[0] == "handwritten" else second
        mine = second if hand is first else first
        per_route[hand[1]]["hand"].append(hand[2])
        per_route[hand[1]]["graphql"].append(mine[2])
    load = os.getloadavg()
    print(
        f"\nServer CPU time per request (medians); load average at the end {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores\n"
    )
    print("| hand-written route | hand-written CPU per request | GraphQL CPU per request | ratio |")
    print("| --- | --- | --- | --- |")
    for route, sides in per_route.items():
        hand_ms = sorted(sides["hand"])[len(sides["hand"]) // 2]
        gql_ms = sorted(sides["graphql"])[len(sides["graphql"]) // 2]
        print(f"| {route} | {hand_ms:.2f} ms | {gql_ms:.2f} ms | {gql_ms / hand_ms:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
