"""Benchmark: the worst request an employee can make under the limits (docs/limits.md).

    python bench/worst_request.py --employees 500      # demo city in a temp dir, own server
    python bench/worst_request.py --employees 1000
    python bench/worst_request.py --url http://127.0.0.1:8000 --pid 1234 --nip 19950815...

Signs in as the demo's employee with an APPROVED SKP (a plain staff member), then builds, for
each shape an employee can read (the org chart, positions, their own SKP, indicator types,
introspection...), the largest request the limits allow: as many aliased copies as fit under
``max_query_cost``, ``max_aliases`` and ``max_tokens``. Each runs ``--runs`` times against the
real server (``kinerja serve``, uvicorn, over TCP); the table gives the static cost, the actual
cost (objects returned), the median time, the answer's bytes and the server's peak resident
memory during the request. The worst line is the one to keep under 2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from graphql import get_introspection_query, parse

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "kinerja_core.cli"]
PASSWORD = "kinerja-demo"
PLUGINS = "kesehatan,pendidikan"
LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token } ... on UserError { message } } }"""


@dataclass
class Shape:
    name: str
    body: str  # one copy of the selection, aliased as {alias}


def shapes(ids: dict[str, str]) -> list[Shape]:
    unit, agency, year = ids["unit"], ids["agency"], ids["year"]
    full = get_introspection_query(descriptions=True)
    start = full.index("__schema")
    depth, end = 0, start
    for end in range(full.index("{", start), len(full)):  # the __schema { ... } selection
        depth += {"{": 1, "}": -1}.get(full[end], 0)
        if depth == 0:
            break
    inner = " ".join(full[start : end + 1].split())
    fragments = " ".join(full[full.index("fragment") :].split())
    return [
        Shape(
            "org chart (agencies, units)",
            "{alias}: agencies { id code name periodKind units { id code name "
            "parent { id code name } agency { id code name } } }",
        ),
        Shape(
            "one unit's positions and reports",
            f'{{alias}}: unit(id: "{unit}") {{ id name positions {{ id name type level '
            "unit { id name } reportsTo { id name type } reports { id name type level } } }",
        ),
        Shape("own SKP (skp_detail.graphql)", "{alias}: " + skp_detail(ids["plan"])),
        Shape("own dashboard (my_dashboard.graphql)", "{alias}: " + dashboard()),
        Shape(
            "employees connection",
            "{alias}: employees(first: 100) { totalCount nodes { id nip name golongan "
            "agency { id name } currentPosition { name unit { name } } } }",
        ),
        Shape(
            "SKP rated by the viewer",
            "{alias}: ratedPlans(first: 100) { nodes { id status employee { id name } "
            "workResults { id description } } }",
        ),
        Shape(
            "indicator types with choices",
            f'{{alias}}: indicatorTypes(agencyId: "{agency}") {{ code unit multiplier '
            f'parameters {{ name kind required choices(agencyId: "{agency}") '
            "{ value label } } }",
        ),
        Shape(
            "periods",
            f'{{alias}}: periods(agencyId: "{agency}", year: {year}) {{ id label status '
            "startDate endDate agency { id name units { id name } } }",
        ),
        Shape("introspection (GraphiQL's)", "{alias}: " + inner + "\n" + fragments),
    ]


def skp_detail(plan_id: str) -> str:
    """The frontend's SKP detail selection for one plan, without its operation wrapper."""
    text = (ROOT / "schema" / "operations" / "skp_detail.graphql").read_text()
    body = text[text.index("plan(id: $id)") :].replace("$id", f'"{plan_id}"')
    return " ".join(body.strip()[:-1].split())


def dashboard() -> str:
    """The frontend's dashboard selection (``myDashboard``), without ``me`` and variables."""
    text = (ROOT / "schema" / "operations" / "my_dashboard.graphql").read_text()
    body = text[text.index("myDashboard(year: $year)") :].replace("(year: $year)", "")
    return " ".join(body.strip()[:-1].split())


def build(shape: Shape, copies: int) -> str:
    """``copies`` aliased copies of a shape in one query (fragments written once)."""
    body, _, fragments = shape.body.partition("\n")
    selections = " ".join(body.replace("{alias}", f"a{i}") for i in range(copies))
    return "query Worst { " + selections + " }\n" + fragments


class PeakMemory:
    """Samples a process's resident memory every 5 ms while the block runs."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()

    def _rss(self) -> int:
        if self.pid is None:
            return 0
        try:
            text = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return 0
        match = re.search(r"VmRSS:\s+(\d+) kB", text)
        return int(match.group(1)) * 1024 if match else 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        self.before = self._rss()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join()


def local_schema():
    """The composed schema with the server's settings, for the static cost of a candidate."""
    from kinerja_core.plugins.composition import compose_schema
    from kinerja_core.plugins.manager import load_plugins
    from kinerja_core.settings import load_settings

    settings = load_settings()
    return settings, compose_schema(settings, load_plugins(settings))


def largest(shape: Shape, schema, settings) -> tuple[int, str, int]:
    """The most copies (and query, cost) within the cost, alias and token limits."""
    from graphql.language import Lexer, Source, TokenKind

    from kinerja_core.graphql.cost import query_cost

    def tokens(query: str) -> int:
        lexer, count = Lexer(Source(query)), 0
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
        return count

    best = (0, "", 0)
    for copies in range(1, settings.max_aliases + 1):
        query = build(shape, copies)
        if tokens(query) > settings.max_tokens:
            break
        cost = query_cost(
            schema._schema,
            parse(query),
            default_page=settings.default_page_size,
            max_page=settings.max_page_size,
        )
        if cost > settings.max_query_cost:
            break
        best = (copies, query, cost)
    return best


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo_server(
    employees: int, env: dict[str, str], signin: str
) -> tuple[subprocess.Popen, str, str]:
    data = tempfile.mkdtemp(prefix="kinerja-worst-")
    env = {**env, "KINERJA_DATA_DIR": data, "KINERJA_PLUGINS": PLUGINS}
    print(f"loading the demo city with {employees} employees into {data} ...", flush=True)
    shown = subprocess.run(
        [*CLI, "demo", "--employees", str(employees)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    label = {"employee": "employee, SKP APPROVED", "central": "central admin (BKPSDM)"}[signin]
    nip = re.search(re.escape(label) + r"\s+(\d{18})", shown).group(1)
    port = free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready").status_code == 200:
                return server, url, nip
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def run(url: str, pid: int | None, nip: str, runs: int) -> None:
    settings, schema = local_schema()
    client = httpx.Client(base_url=url, timeout=120)
    login = client.post(
        "/graphql", json={"query": LOGIN, "variables": {"nip": nip, "password": PASSWORD}}
    )
    token = login.json()["data"]["login"]["token"]
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    limits = client.post(
        "/graphql", json={"query": "{ __typename }", "extensions": {"cost": True}}, headers=headers
    )
    server_limit = limits.json()["extensions"]["cost"]["maxQueryCost"]
    if server_limit != settings.max_query_cost:
        raise SystemExit(
            f"the server's max_query_cost is {server_limit}, "
            f"this process reads {settings.max_query_cost}: use the same settings"
        )
    found = client.post(
        "/graphql",
        json={
            "query": "{ me { employee { agency { id } } } "
            "agencies { id units { id } } myPlans { id } }"
        },
        headers=headers,
    )
    data = found.json()["data"]
    agency_id = data["me"]["employee"]["agency"]["id"]
    own = next(a for a in data["agencies"] if a["id"] == agency_id)
    ids = {
        "agency": agency_id,
        "unit": own["units"][0]["id"],
        "year": str(time.gmtime().tm_year),
        "plan": (data["myPlans"] or [{"id": "0"}])[0]["id"],
    }
    print(
        f"limits: max_query_cost={settings.max_query_cost} max_aliases={settings.max_aliases} "
        f"max_tokens={settings.max_tokens} timeout={settings.execution_timeout_ms} ms "
        f"max_response_bytes={settings.max_response_bytes}"
    )
    print(
        f"{'shape':36} {'copies':>6} {'cost':>7} {'actual':>7} {'median s':>9} "
        f"{'max s':>6} {'bytes':>10} {'peak RSS MB':>11} {'errors'}"
    )
    worst = None
    for shape in shapes(ids):
        copies, query, cost = largest(shape, schema, settings)
        if not copies:
            print(f"{shape.name:36} not even one copy fits the limit")
            continue
        times, size, actual, peak, errors = [], 0, 0, 0, ""
        for _ in range(runs):
            with PeakMemory(pid) as memory:
                started = time.perf_counter()
                response = client.post(
                    "/graphql",
                    json={"query": query, "extensions": {"cost": True}},
                    headers=headers,
                )
                times.append(time.perf_counter() - started)
            body = response.json()
            size = len(response.content)
            actual = (body.get("extensions") or {}).get("cost", {}).get("actualQueryCost", 0)
            peak = max(peak, memory.peak)
            errors = ",".join(
                sorted({e["extensions"].get("code", "?") for e in body.get("errors") or []})
            )
        median = statistics.median(times)
        print(
            f"{shape.name:36} {copies:>6} {cost:>7} {actual:>7} {median:>9.3f} "
            f"{max(times):>6.2f} {size:>10} {peak / 2**20:>11.0f} {errors or '-'}",
            flush=True,
        )
        if worst is None or median > worst[0]:
            worst = (median, shape.name, copies, cost, actual, size, query)
    if worst:
        median, name, copies, cost, actual, size, query = worst
        print(
            f"\nworst: {name} x{copies}: cost {cost}, actual {actual}, {median:.3f} s, {size} bytes"
        )
        print(query if len(query) < 1500 else query[:1500] + " ...")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--url", help="a running server (else a demo server is started)")
    parser.add_argument("--pid", type=int, help="the running server's process id (memory)")
    parser.add_argument("--nip", help="the employee to sign in as (with --url)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--as",
        dest="signin",
        choices=["employee", "central"],
        default="employee",
        help="sign in as the demo's plain employee (default) or its central admin",
    )
    args = parser.parse_args()
    if args.url:
        if not args.nip:
            parser.error("--url needs --nip")
        run(args.url, args.pid, args.nip, args.runs)
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_DATA_DIR")}
    os.environ["KINERJA_PLUGINS"] = PLUGINS
    server, url, nip = start_demo_server(args.employees, env, args.signin)
    try:
        run(url, server.pid, nip, args.runs)
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
