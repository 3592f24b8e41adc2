"""Server CPU time per request, GraphQL against hand-written SQL (issue 14; not a test).

    python bench/cpu_compare.py --employees 1000 [--only team,me] [--postgres URL]
    python bench/cpu_compare.py --employees 1000 --baseline ../wt-main   # main vs this branch

Runs ``bench/compare.py`` as it is (the same servers, data, token, operations, equality check
and interleaving; its arguments pass through, ``--connections`` is 1 unless given) and also
reads each server process's CPU time (user + system of the process and its children, from
/proc) around every wrk run, then prints the CPU time per request of each side. Throughput on
a shared machine moves with whatever else runs; the CPU a request costs moves much less, so
this is the figure to compare when the load average is above the core count. With one
connection, at most one request in flight when wrk stops is counted in the CPU but not in the
requests.

``--baseline DIR`` also serves GraphQL from another checkout (a worktree of ``main``) on the
same data and measures it right before or after this checkout's GraphQL server in every
round (alternating), so both are compared with the hand-written endpoint in one run.
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
from bench.harness import server  # noqa: E402
from bench.harness.server import Running  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SERVERS: dict[str, Running] = {}
# one entry per wrk run of compare.py: [(server name, route or "/graphql", ms per request)],
# two with --baseline (the GraphQL run is followed or preceded by the baseline's)
CALLS: list[list[tuple[str, str, float]]] = []
BASELINE: dict[str, Path] = {}  # "checkout" -> the other checkout, when given
STARTED: dict[str, Running] = {}  # "baseline" -> its running server


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
        with start(*args, **kwargs) as running, contextlib.ExitStack() as more:
            SERVERS[running.url] = running
            if running.name == "graphql" and "checkout" in BASELINE:
                other = more.enter_context(
                    server.start_graphql(
                        *args, checkout=BASELINE["checkout"], name="baseline", **kwargs
                    )
                )
                SERVERS[other.url] = STARTED["baseline"] = other
            yield running

    return run


real_wrk = compare.wrk


def _target(url: str) -> Running:
    return next(s for prefix, s in SERVERS.items() if url.startswith(prefix + "/"))


def _one(url: str, body: dict, token: str, seconds: int, connections: int):  # noqa: ANN202
    target = _target(url)
    before = cpu_seconds(target)
    rate, p50, bad = real_wrk(url, body, token, seconds, connections)
    spent = cpu_seconds(target) - before
    requests = max(rate * seconds, 1.0)
    return (target.name, url[len(target.url) :], spent * 1000 / requests), (rate, p50, bad)


def measured_wrk(url: str, body: dict, token: str, seconds: int, connections: int):  # noqa: ANN201
    target, baseline = _target(url), STARTED.get("baseline")
    if baseline is None or target.name != "graphql":
        run, answer = _one(url, body, token, seconds, connections)
        CALLS.append([run])
        return answer
    other_url = baseline.url + url[len(target.url) :]
    if len(CALLS) % 4 < 2:  # alternate which of the two GraphQL servers goes first
        mine, answer = _one(url, body, token, seconds, connections)
        other, _ = _one(other_url, body, token, seconds, connections)
    else:
        other, _ = _one(other_url, body, token, seconds, connections)
        mine, answer = _one(url, body, token, seconds, connections)
    CALLS.append([mine, other])
    return answer


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> int:
    if "--baseline" in sys.argv:  # ours, not compare.py's
        at = sys.argv.index("--baseline")
        BASELINE["checkout"] = Path(sys.argv[at + 1]).resolve()
        del sys.argv[at : at + 2]
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
    for first, second in zip(CALLS[::2], CALLS[1::2], strict=True):
        runs = first + second
        hand = next(r for r in runs if r[0] == "handwritten")
        for name, _, ms in runs:
            per_route[hand[1]][name].append(ms)
    load = os.getloadavg()
    print(
        f"\nServer CPU time per request (medians); load average at the end {load[0]:.1f} / "
        f"{load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores\n"
    )
    if "checkout" in BASELINE:
        print(f"baseline: GraphQL served from {BASELINE['checkout']}\n")
        print(
            "| hand-written route | hand-written CPU per request | GraphQL baseline | ratio "
            "baseline | GraphQL this checkout | ratio this checkout |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for route, sides in per_route.items():
            hand_ms, base_ms = _median(sides["handwritten"]), _median(sides["baseline"])
            gql_ms = _median(sides["graphql"])
            print(
                f"| {route} | {hand_ms:.2f} ms | {base_ms:.2f} ms | {base_ms / hand_ms:.1f}x | "
                f"{gql_ms:.2f} ms | {gql_ms / hand_ms:.1f}x |"
            )
        return 0
    print("| hand-written route | hand-written CPU per request | GraphQL CPU per request | ratio |")
    print("| --- | --- | --- | --- |")
    for route, sides in per_route.items():
        hand_ms, gql_ms = _median(sides["handwritten"]), _median(sides["graphql"])
        print(f"| {route} | {hand_ms:.2f} ms | {gql_ms:.2f} ms | {gql_ms / hand_ms:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
