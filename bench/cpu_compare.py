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

With ``--postgres URL`` the server processes' CPU is still all the first table counts:
PostgreSQL's own work runs in its backend processes. When that server runs on this machine
(readable /proc), a second table adds the CPU of the backends serving each side, found
around every wrk run through the server processes' TCP connections to the PostgreSQL port
(their local ports, in /proc/net/tcp, are the remote ports of the backends' sockets), and
gives the ratio of server + backends. The benchmark's own psql/login connections are not
counted; a backend that a pool opens during a run is counted whole (its start-up too).

``--baseline DIR`` also serves GraphQL from another checkout (a worktree of ``main``) on the
same data and measures it right before or after this checkout's GraphQL server in every
round (alternating), so both are compared with the hand-written endpoint in one run.
"""

from __future__ import annotations

import contextlib
import os
import sys
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import compare  # noqa: E402
from bench.harness import server  # noqa: E402
from bench.harness.server import Running  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SERVERS: dict[str, Running] = {}
# one entry per wrk run of compare.py: [(server name, route or "/graphql", ms per request,
# ms per request of its PostgreSQL backends or None)], two with --baseline (the GraphQL run is
# followed or preceded by the baseline's)
CALLS: list[list[tuple[str, str, float, float | None]]] = []
BASELINE: dict[str, Path] = {}  # "checkout" -> the other checkout, when given
STARTED: dict[str, Running] = {}  # "baseline" -> its running server
POSTGRES_PORT: list[int] = []  # with --postgres: the port of its server


def _server_pids(server: Running) -> list[int]:
    """The server process and its children (uvicorn's workers)."""
    pids = [server.process.pid]
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return pids


def _ticks(pid: int) -> int:
    """User + system clock ticks of a process so far (0 once it is gone)."""
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return 0


def cpu_seconds(server: Running) -> float:
    """User + system time of the server process and its children so far."""
    return sum(_ticks(pid) for pid in _server_pids(server)) / TICK


def _socket_inodes(pids: list[int]) -> set[str]:
    """The inodes of the sockets these processes hold open."""
    found = set()
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        found.add(target[8:-1])
    return found


def _tcp_sockets() -> list[tuple[int, int, str]]:
    """Every TCP socket of this machine's network namespace: (local port, remote port, inode)."""
    sockets = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote = fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]
                sockets.append((int(local, 16), int(remote, 16), fields[9]))
    return sockets


def postgres_backends(server: Running) -> dict[int, int]:
    """The PostgreSQL backend processes serving ``server`` now, and their CPU ticks so far:
    the backends holding the other end of the server's connections to the PostgreSQL port."""
    port = POSTGRES_PORT[0]
    sockets = _tcp_sockets()
    mine = _socket_inodes(_server_pids(server))
    client_ports = {local for local, remote, inode in sockets if remote == port and inode in mine}
    theirs = {inode for local, remote, inode in sockets if local == port and remote in client_ports}
    if not theirs:
        return {}
    backends = {}
    for proc in Path("/proc").iterdir():
        if (
            proc.name.isdigit()
            and _comm(proc) == "postgres"
            and _socket_inodes([int(proc.name)]) & theirs
        ):
            backends[int(proc.name)] = _ticks(int(proc.name))
    return backends


def _comm(proc: Path) -> str:
    with contextlib.suppress(OSError):
        return (proc / "comm").read_text().strip()
    return ""


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
    backends_before = postgres_backends(target) if POSTGRES_PORT else {}
    before = cpu_seconds(target)
    rate, p50, bad = real_wrk(url, body, token, seconds, connections)
    spent = cpu_seconds(target) - before
    requests = max(rate * seconds, 1.0)
    database_ms = None
    if POSTGRES_PORT:
        backends = postgres_backends(target)
        if backends:
            ticks = sum(t - backends_before.get(pid, 0) for pid, t in backends.items())
            database_ms = ticks / TICK * 1000 / requests
    run = (target.name, url[len(target.url) :], spent * 1000 / requests, database_ms)
    return run, (rate, p50, bad)


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
    if "--postgres" in sys.argv:
        url = urllib.parse.urlsplit(sys.argv[sys.argv.index("--postgres") + 1])
        POSTGRES_PORT.append(url.port or 5432)
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
    # route -> side -> server + backend ms per request, where the backends were found
    with_database: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for first, second in zip(CALLS[::2], CALLS[1::2], strict=True):
        runs = first + second
        hand = next(r for r in runs if r[0] == "handwritten")
        for name, _, ms, database_ms in runs:
            per_route[hand[1]][name].append(ms)
            if database_ms is not None:
                with_database[hand[1]][name].append((ms, database_ms))
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
    if with_database:
        _print_with_database(with_database)
    return 0


def _print_with_database(found: dict[str, dict[str, list[tuple[float, float]]]]) -> None:
    """The second table of a PostgreSQL run: each side's backends' CPU, and server + backends."""
    print(
        "\nWith the CPU of the PostgreSQL backends serving each side (medians per request; "
        "server + backends of the same run)\n"
    )
    print(
        "| hand-written route | hand-written backends | GraphQL backends | backends ratio | "
        "hand-written server + backends | GraphQL server + backends | ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for route, sides in found.items():
        if not sides["handwritten"] or not sides["graphql"]:
            continue
        hand_db = _median([d for _, d in sides["handwritten"]])
        gql_db = _median([d for _, d in sides["graphql"]])
        hand_all = _median([s + d for s, d in sides["handwritten"]])
        gql_all = _median([s + d for s, d in sides["graphql"]])
        print(
            f"| {route} | {hand_db:.2f} ms | {gql_db:.2f} ms | {_times(gql_db, hand_db)} | "
            f"{hand_all:.2f} ms | {gql_all:.2f} ms | {_times(gql_all, hand_all)} |"
        )


def _times(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.1f}x" if theirs else "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
