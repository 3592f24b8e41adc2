"""The generated walk: every edge of the served schema, for every role, returns only what the
viewer may read (issue 8: "access is decided on every edge of the graph").

The demo city (80 employees, both first-party plugins) is loaded; for each role of the access
matrix the walk introspects the served schema and goes from ``Query`` through every object
field, breadth first, up to ``DEPTH`` fields deep. Arguments are filled from the city (ids of
the role people's own SKP, units, agencies...; connections ask ``first: 3``). A path is
expanded again only while it reaches objects (``__typename`` + ``id``) not yet expanded for
that role, so the walk covers the reachable graph, not every spelling of it.

Every object returned is checked against :class:`Oracle`, an independent reading of
docs/permissions.md computed straight from the tables (it shares no code with the reader).
Errors are allowed (a refused field answers one), an ``internal`` one is not.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

import pytest

from kinerja_core import models as m
from kinerja_core.auth.tokens import new_token, token_hash
from kinerja_core.demo import run_demo
from tests.support import YEAR, gql

DEPTH = 5  # fields from Query down, root field included
BATCH = 20  # paths per request, each under its own alias
FIRST = 3  # a path is expanded for what its lists' first elements reach (all are checked)
FLOOR = 1500  # paths x roles the walk must cover (it covers ~1,800 on the demo city)
ROLES = (
    "staff",
    "supervisor",
    "agency head",
    "agency admin",
    "central admin",
    "other agency staff",
)
VALUE_TYPES = {
    "SnapshotEmployee",
    "SnapshotOrg",
    "SnapshotPeriod",
    "SnapshotPosition",
    "SnapshotRater",
    "RecordRef",
}  # frozen copies inside an object already checked
SIGNED_IN_TYPES = {"Agency", "Unit", "Position", "Period", "OrganizationRating"}

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
INTROSPECTION = f"""{{ __schema {{ types {{ kind name
  enumValues {{ name }} possibleTypes {{ name }}
  fields {{ name type {{ {TYPE_REF} }} args {{ name defaultValue type {{ {TYPE_REF} }} }} }}
}} }} }}"""


@pytest.fixture
def settings(settings):
    # the walk's queries are wide on purpose (every edge of a type at once): the cost limit,
    # the execution timeout and the response cap are tested in tests/test_query_cost.py; one
    # token sends hundreds of walk requests as fast as the server answers: the per-token rate
    # limit (tests/test_rate_limit.py) would refuse them
    return settings.replace(
        max_query_cost=10**9,
        execution_timeout_ms=300_000,
        max_response_bytes=256 * 1024**2,
        rate_limit_per_token=0,
    )


@pytest.fixture
def plugins():
    return {"kesehatan": "kinerja_kesehatan.plugin", "pendidikan": "kinerja_pendidikan.plugin"}


def _named(ref: dict) -> dict:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref


def _required(arg: dict) -> bool:
    return arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None


# ---------------------------------------------------------------- the oracle


@dataclass
class Oracle:
    """docs/permissions.md, read from the tables for one viewer."""

    employee_id: int
    agency_id: int
    central: bool
    scope_agencies: set[int]
    below: set[int]
    plan_ok: set[int] = field(default_factory=set)
    readable: dict[str, set[str]] = field(default_factory=dict)
    plan_of: dict[str, dict[int, int]] = field(default_factory=dict)

    def context(self, typename: str, object_id: str) -> str:
        """What decides access to the object: rows alike in it behave alike on every edge
        (the SKP of an SKP-family row, the whole org chart, else the row itself)."""
        if typename in SIGNED_IN_TYPES:
            return "*"
        plans = self.plan_of.get(typename)
        if plans is not None and object_id.isdigit() and int(object_id) in plans:
            return f"plan {plans[int(object_id)]}"
        return object_id

    def employee_in_scope(self, employee_id: int, agency_id: int) -> bool:
        return (
            self.central
            or employee_id == self.employee_id
            or employee_id in self.below
            or agency_id in self.scope_agencies
        )

    def agency_data(self, agency_id: int) -> bool:
        return self.central or agency_id == self.agency_id or agency_id in self.scope_agencies

    def allows(self, typename: str, object_id: str) -> bool | None:
        """True/False for a rule, None when the type has no row rule (a value object)."""
        if typename in SIGNED_IN_TYPES:
            return True
        if typename in VALUE_TYPES:
            return None
        if typename not in self.readable:
            raise AssertionError(f"the oracle has no rule for {typename}: add one from the docs")
        return object_id in self.readable[typename]


async def build_oracle(account: m.Account, enabled: set[tuple[str, int]]) -> Oracle:
    today = dt.date.today()
    me = await m.Employee.get(id=account.employee_id)
    running = [
        a
        for a in await m.Assignment.all()
        if a.start_date <= today and (a.end_date is None or a.end_date >= today)
    ]
    positions = {p.id: p for p in await m.Position.all()}
    units = {u.id: u for u in await m.Unit.all()}
    mine = {a.position_id for a in running if a.employee_id == me.id}
    reports = defaultdict(set)
    for p in positions.values():
        if p.reports_to_id is not None:
            reports[p.reports_to_id].add(p.id)
    below_positions: set[int] = set()
    todo = list(mine)
    while todo:
        for child in reports[todo.pop()]:
            if child not in below_positions:
                below_positions.add(child)
                todo.append(child)
    below = {a.employee_id for a in running if a.position_id in below_positions}
    heads = {
        positions[p].agency_id
        for p in mine
        if positions[p].is_unit_head and units[positions[p].unit_id].parent_id is None
    }
    scope = heads | ({account.admin_agency_id} if account.admin_agency_id else set())
    oracle = Oracle(me.id, me.agency_id, account.is_central_admin, scope, below)

    employees = {e.id: e for e in await m.Employee.all()}
    plans = {p.id: p for p in await m.PerformancePlan.all()}
    oracle.plan_ok = {
        p.id
        for p in plans.values()
        if me.id in (p.employee_id, p.rater_id, p.rater_superior_id)
        or oracle.employee_in_scope(p.employee_id, p.agency_id)
    }
    ok_plan = oracle.plan_ok
    wrs = {w.id: w for w in await m.WorkResult.all()}
    indicators = {i.id: i for i in await m.Indicator.all()}
    realizations = {r.id: r for r in await m.Realization.all()}
    evaluations = {e.id: e for e in await m.Evaluation.all()}
    plan_of = {
        "PerformancePlan": {i: i for i in plans},
        "WorkResult": {i: w.plan_id for i, w in wrs.items()},
        "Indicator": {i: wrs[x.work_result_id].plan_id for i, x in indicators.items()},
        "Realization": {
            i: wrs[indicators[r.indicator_id].work_result_id].plan_id
            for i, r in realizations.items()
        },
        "Evidence": {
            e.id: wrs[
                indicators[realizations[e.realization_id].indicator_id].work_result_id
            ].plan_id
            for e in await m.Evidence.all()
        },
        "ActionPlan": {a.id: wrs[a.work_result_id].plan_id for a in await m.ActionPlan.all()},
        "Feedback": {f.id: f.plan_id for f in await m.Feedback.all()},
        "Evaluation": {i: e.plan_id for i, e in evaluations.items()},
        "Appeal": {a.id: evaluations[a.evaluation_id].plan_id for a in await m.Appeal.all()},
        "BehaviorExpectation": {b.id: b.plan_id for b in await m.BehaviorExpectation.all()},
    }
    readable = {
        name: {str(i) for i, plan_id in rows.items() if plan_id in ok_plan}
        for name, rows in plan_of.items()
    }
    # a cited RHK: the parent of an RHK of a readable SKP, or one the viewer may cite (the
    # rater's RHK of the same year, for an SKP the viewer may read)
    raters = {(p.rater_id, p.year) for p in plans.values() if p.id in ok_plan and p.rater_id}
    for w in wrs.values():
        if w.parent_id is not None and w.plan_id in ok_plan:
            readable["WorkResult"].add(str(w.parent_id))
        owner = plans[w.plan_id]
        if (owner.employee_id, owner.year) in raters:
            readable["WorkResult"].add(str(w.id))

    # people: in scope, or named on something readable
    named = set()
    for p in plans.values():
        if p.id in ok_plan:
            named |= {p.employee_id, p.rater_id, p.rater_superior_id}
    for e in evaluations.values():
        if e.plan_id in ok_plan:
            named.add(e.rater_id)
    for f in await m.Feedback.all():
        if f.plan_id in ok_plan:
            named.add(f.author_id)
    for r in realizations.values():
        if plan_of["Realization"][r.id] in ok_plan:
            named.add(r.recorded_by_id)
    for e in await m.Evidence.all():
        if plan_of["Evidence"][e.id] in ok_plan:
            named.add(e.uploaded_by_id)
    for a in await m.Appeal.all():
        if plan_of["Appeal"][a.id] in ok_plan:
            named.add(a.decided_by_id)
    named |= {o.set_by_id for o in await m.OrganizationRating.all()}
    people = {i for i, e in employees.items() if oracle.employee_in_scope(i, e.agency_id)} | (
        named - {None}
    )
    readable["Employee"] = {str(i) for i in people}
    readable["Assignment"] = {
        str(a.id) for a in await m.Assignment.all() if a.employee_id in people
    }
    readable["AccountInfo"] = {
        str(a.id)
        for a in await m.Account.all()
        if a.employee_id == me.id
        or oracle.employee_in_scope(a.employee_id, employees[a.employee_id].agency_id)
    }
    readable["AuditEntry"] = (
        {str(i) for i in await m.AuditEntry.all().values_list("id", flat=True)}
        if account.is_central_admin
        else set()
    )

    # plugin data: the agency's own people, head, admins, central admins; plugin on
    from kinerja_kesehatan import models as kes
    from kinerja_pendidikan import models as pen

    def agency_rows(plugin: str, rows, agency_of=lambda r: r.agency_id) -> set[str]:
        return {
            str(r.id)
            for r in rows
            if oracle.agency_data(agency_of(r)) and (plugin, agency_of(r)) in enabled
        }

    programmes = {p.id: p for p in await pen.Programme.all()}
    readable["KesehatanPuskesmas"] = agency_rows("kesehatan", await kes.Puskesmas.all())
    readable["KesehatanKelurahan"] = agency_rows("kesehatan", await kes.Kelurahan.all())
    readable["KesehatanReport"] = agency_rows("kesehatan", await kes.ImmunizationReport.all())
    readable["PendidikanSchool"] = agency_rows("pendidikan", await pen.School.all())
    readable["PendidikanProgramme"] = agency_rows("pendidikan", programmes.values())
    readable["PendidikanEvaluation"] = agency_rows(
        "pendidikan",
        await pen.ProgrammeEvaluation.all(),
        lambda r: programmes[r.programme_id].agency_id,
    )
    readable["PendidikanEnrolment"] = agency_rows("pendidikan", await pen.Enrolment.all())
    readable["PendidikanPopulation"] = agency_rows("pendidikan", await pen.Population.all())
    oracle.readable = readable
    oracle.plan_of = plan_of
    return oracle


# ---------------------------------------------------------------- the city and its people


@dataclass
class Person:
    role: str
    account: m.Account
    token: str


async def _people(logins) -> dict[str, Person]:
    by_role = {}
    for role in ROLES[:5]:
        prefix = {"staff": "employee, SKP APPROVED", "central admin": "central admin"}.get(
            role, role
        )
        login = next(x for x in logins if x.role.startswith(prefix))
        by_role[role] = await m.Account.get(employee__nip=login.nip)
    home = await m.Employee.get(id=by_role["staff"].employee_id)
    admins = {a.employee_id for a in by_role.values()}
    outsider = (
        await m.Account.filter(
            employee__agency_id__not=home.agency_id,
            employee__agency__code="DISDIK",
            is_central_admin=False,
            admin_agency_id__isnull=True,
        )
        .exclude(employee_id__in=admins)
        .order_by("id")
        .first()
    )
    by_role["other agency staff"] = outsider
    people = {}
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    for role, account in by_role.items():
        token = new_token()
        await m.Session.create(account=account, token_hash=token_hash(token), expires_at=expires)
        people[role] = Person(role, account, token)
    return people


async def _samples(people: dict[str, Person]) -> dict[str, list[Any]]:
    """Argument values: the role people's own rows, so each role meets the others' too."""
    today = dt.date.today()
    employee_ids = [p.account.employee_id for p in people.values()]
    plans = []
    for employee_id in employee_ids:
        plan = await m.PerformancePlan.filter(employee_id=employee_id).order_by("-id").first()
        if plan:
            plans.append(plan.id)
    assignments = await m.Assignment.filter(employee_id__in=employee_ids).prefetch_related(
        "position"
    )
    evaluations = [e.id for e in await m.Evaluation.filter(plan_id__in=plans).order_by("id")][:4]
    appealed = await m.Appeal.all().order_by("id").first()
    if appealed:
        evaluations.append(appealed.evaluation_id)
    from kinerja_kesehatan import models as kes
    from kinerja_pendidikan import models as pen

    report = await kes.ImmunizationReport.all().order_by("id").first()
    programme = await pen.Programme.all().order_by("id").first()
    linked = await m.Indicator.filter(indicator_type__startswith="kesehatan.").first()
    linked_period = None
    if linked:
        wr = await m.WorkResult.get(id=linked.work_result_id)
        plan = await m.PerformancePlan.get(id=wr.plan_id)
        linked_period = await m.Period.filter(agency_id=plan.agency_id, year=plan.year).first()
    agencies = [a.id for a in await m.Agency.filter(code__in=["DINKES", "DISDIK", "BKPSDM"])]
    return {
        "PerformancePlan": plans,
        "Employee": employee_ids,
        "Agency": agencies,
        "Unit": sorted({a.position.unit_id for a in assignments}),
        "Position": sorted({a.position_id for a in assignments}),
        "Evaluation": evaluations,
        "KesehatanReport": [report.id] if report else [],
        "programmeId": [programme.id] if programme else [],
        "computed": [(linked.id, linked_period.id)] if linked and linked_period else [],
        "year": [YEAR],
        "month": [today.month],
    }


# ---------------------------------------------------------------- the walk


class Walk:
    def __init__(self, client, types: dict[str, dict], samples: dict[str, list[Any]]) -> None:
        self.client = client
        self.types = types
        self.samples = samples
        self.skipped: set[str] = set()

    def root_calls(self) -> list[tuple[str, str]]:
        """(field, argument literal) for every Query field, each way it can be filled."""
        calls = []
        for f in self.types["Query"]["fields"]:
            options = self._root_args(f)
            if options is None:
                self.skipped.add(f"Query.{f['name']}")
                continue
            calls.extend((f["name"], args) for args in options)
        return calls

    def _root_args(self, f: dict) -> list[str] | None:
        target = _named(f["type"])["name"]
        per_arg: list[list[str]] = []
        names = {a["name"] for a in f["args"]}
        if {"indicatorId", "periodId"} <= names:
            pairs = self.samples["computed"]
            return [f'indicatorId: "{i}", periodId: "{p}"' for i, p in pairs] or None
        for arg in f["args"]:
            value = self._value(arg, target)
            if value is None:
                if _required(arg):
                    return None
                continue
            per_arg.append([f"{arg['name']}: {v}" for v in value])
        return [", ".join(combo) for combo in itertools.product(*per_arg)] or [""]

    def _value(self, arg: dict, target: str) -> list[str] | None:
        name = arg["name"]
        kind = _named(arg["type"])
        ids = {
            "id": target if target in self.samples else None,
            "planId": "PerformancePlan",
            "agencyId": "Agency",
            "unitId": "Unit",
            "programmeId": "programmeId",
        }
        if name == "first":
            return ["3"]
        if name in ids and ids[name] is not None and _required(arg) or name == "agencyId":
            values = self.samples.get(ids.get(name) or "", [])
            return [json.dumps(str(v)) for v in values] or None
        if not _required(arg):
            return None
        if name in ("year", "month"):
            return [str(v) for v in self.samples[name]]
        if kind["kind"] == "ENUM":
            return [self.types[kind["name"]]["enumValues"][0]["name"]]
        return None

    def nested_args(self, f: dict) -> str | None:
        parts = []
        for arg in f["args"]:
            if arg["name"] == "first":
                parts.append("first: 3")
            elif _required(arg):
                value = self._value(arg, "")
                if value is None:
                    return None
                parts.append(f"{arg['name']}: {value[0]}")
        return ", ".join(parts)

    def leaf_selection(self, typename: str) -> tuple[str, list[tuple[str, str, str]]]:
        """Scalars ``__typename id`` plus each object field with ``__typename id``."""
        t = self.types[typename]
        own = "__typename" + (" id" if _has_id(t) else "")
        edges = []
        for f in t["fields"] or []:
            named = _named(f["type"])
            if named["kind"] not in ("OBJECT", "INTERFACE", "UNION"):
                continue
            args = self.nested_args(f)
            if args is None:
                self.skipped.add(f"{typename}.{f['name']}")
                continue
            inner = "__typename" + "".join(
                f" ... on {p} {{ id }}" for p in self._possible(named) if _has_id(self.types[p])
            )
            call = f"{f['name']}({args})" if args else f["name"]
            edges.append((f["name"], args, f"{call} {{ {inner} }}"))
        return own + " " + " ".join(e[2] for e in edges), edges

    def _possible(self, named: dict) -> list[str]:
        t = self.types[named["name"]]
        return [p["name"] for p in t["possibleTypes"]] if t["possibleTypes"] else [t["name"]]


def _has_id(t: dict) -> bool:
    return any(f["name"] == "id" for f in t["fields"] or [])


def _aliased(alias: str, path: list[tuple[str, str]], selection: str) -> str:
    text = selection
    for n, (name, args) in enumerate(reversed(path)):
        call = f"{name}({args})" if args else name
        if n == len(path) - 1:
            call = f"{alias}: {call}"
        text = f"{call} {{ {text} }}"
    return text


def _at(data: Any, path: list[str]) -> list[dict]:
    nodes = [data]
    for name in path:
        nxt = []
        for node in nodes:
            value = node.get(name) if isinstance(node, dict) else None
            if isinstance(value, list):
                nxt.extend(v for v in value if v is not None)
            elif value is not None:
                nxt.append(value)
        nodes = nxt
    return nodes


@dataclass
class Tally:
    paths: int = 0
    objects: int = 0
    edges: set[str] = field(default_factory=set)
    leaks: list[str] = field(default_factory=list)
    leaked_edges: set[str] = field(default_factory=set)
    too_costly: int = 0  # single paths the cost limit refuses (not counted as covered)
    internal: list[str] = field(default_factory=list)


def _check(tally, oracle, person, path, typename, edges, leaves, expanded, queue, walk) -> None:
    """Check the objects one path returned; queue the edges that reach something new."""
    names = [p for p, _ in path]
    for name, args, _ in edges:
        children = _at({"x": leaves}, ["x", name])
        child_type = None
        novel = False
        for n, child in enumerate(children):
            tally.objects += 1
            child_type = child["__typename"]
            tally.edges.add(f"{typename}.{name}")
            if "id" not in child:
                novel = novel or n < FIRST
                continue
            if oracle.allows(child_type, str(child["id"])) is False:
                tally.leaked_edges.add(f"{typename}.{name}")
                tally.leaks.append(
                    f"{person.role}: {'.'.join(names)}.{name} -> {child_type} {child['id']}"
                )
            # expanded once per type and access context (an SKP's RHK, IKI, realisasi... are
            # judged by the SKP; the org chart is everyone's): alike rows, alike edges
            key = (child_type, oracle.context(child_type, str(child["id"])))
            if n < FIRST and key not in expanded:
                expanded.add(key)
                novel = True
        if novel and child_type and len(path) < DEPTH:
            if walk.types[child_type]["kind"] == "OBJECT":
                queue.append((path + [(name, args)], child_type))
    if len(path) == 1:
        for leaf in leaves:
            if "id" in leaf and oracle.allows(leaf["__typename"], str(leaf["id"])) is False:
                tally.leaked_edges.add(f"Query.{names[0]}")
                tally.leaks.append(f"{person.role}: {names[0]} -> {leaf['__typename']}")


async def _run_batch(walk, person, oracle, tally, batch, expanded, queue) -> None:
    """One request for the batch; one refused as too costly is split until a path alone is."""
    document = (
        "query { "
        + " ".join(
            _aliased(f"p{i}", path, selection) for i, (path, _, selection, _) in enumerate(batch)
        )
        + " }"
    )
    body = await gql(walk.client, document, token=person.token)
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]
    if "query.too_costly" in codes:
        if len(batch) == 1:
            tally.too_costly += 1
            return
        half = len(batch) // 2
        await _run_batch(walk, person, oracle, tally, batch[:half], expanded, queue)
        await _run_batch(walk, person, oracle, tally, batch[half:], expanded, queue)
        return
    for error in body.get("errors") or []:
        if (error.get("extensions") or {}).get("code") == "internal":
            tally.internal.append(f"{error.get('path')}: {error['message']}")
    data = body.get("data") or {}
    for i, (path, typename, _, edges) in enumerate(batch):
        names = [p for p, _ in path]
        leaves = _at({names[0]: data.get(f"p{i}")}, names)
        if leaves:
            tally.paths += 1
            _check(tally, oracle, person, path, typename, edges, leaves, expanded, queue, walk)


async def walk_role(walk: Walk, person: Person, oracle: Oracle) -> Tally:
    tally = Tally()
    expanded: set[tuple[str, str]] = set()
    root_type = {f["name"]: f for f in walk.types["Query"]["fields"]}
    queue: deque[tuple[list[tuple[str, str]], str]] = deque(
        ([(name, args)], _named(root_type[name]["type"])["name"])
        for name, args in walk.root_calls()
    )
    while queue:
        # one request for up to BATCH paths under the same root call, each under its own
        # alias (an error on a non-null root field nulls the whole answer: never mix roots)
        root = queue[0][0][0]
        batch, rest = [], deque()
        while queue:
            path, typename = queue.popleft()
            if path[0] != root or len(batch) >= BATCH:
                rest.append((path, typename))
            elif walk.types[typename]["kind"] == "OBJECT":  # unions: members are objects
                batch.append((path, typename, *walk.leaf_selection(typename)))
        queue.extendleft(reversed(rest))
        if not batch:
            continue
        await _run_batch(walk, person, oracle, tally, batch, expanded, queue)
    return tally


async def test_every_edge_returns_only_what_the_viewer_may_read(client, settings, plugin_manager):
    result = await run_demo(
        settings,
        employees=80,
        seed=2026,
        out=io.StringIO(),
        log=io.StringIO(),
        plugins=plugin_manager,
    )
    people = await _people(result.logins)
    samples = await _samples(people)
    enabled = {
        (a.plugin, a.agency_id)
        for a in await m.PluginActivation.filter(enabled=True, agency_id__isnull=False)
    }
    schema = await gql(client, INTROSPECTION, token=people["central admin"].token)
    types = {t["name"]: t for t in schema["data"]["__schema"]["types"]}
    assert {"KesehatanReport", "PendidikanSchool"} <= set(types)  # plugin types served

    walk = Walk(client, types, samples)
    report, leaks, internal, edges, leaked, total = [], [], [], set(), set(), 0
    for role in ROLES:
        person = people[role]
        oracle = await build_oracle(person.account, enabled)
        tally = await walk_role(walk, person, oracle)
        report.append(
            f"{role}: {tally.paths} paths, {tally.objects} objects, {tally.too_costly} too costly"
        )
        leaks += tally.leaks
        leaked |= tally.leaked_edges
        internal += tally.internal
        edges |= tally.edges
        total += tally.paths
    print(
        f"\nnested access walk: {total} paths x roles, {len(edges)} distinct edges, "
        f"depth {DEPTH}; " + "; ".join(report)
    )
    print("skipped (arguments the walk cannot fill):", sorted(walk.skipped))
    assert not internal, internal[:10]
    assert not leaks, (
        f"{len(leaks)} objects the viewer may not read, through the edges {sorted(leaked)}:\n"
        + "\n".join(leaks[:20])
    )
    assert total >= FLOOR, f"the walk covered only {total} paths x roles"
    # every object type the docs give a rule for was met by some role
    met = {e.split(".")[0] for e in edges}
    assert {
        "PerformancePlan",
        "WorkResult",
        "Indicator",
        "Realization",
        "Evaluation",
        "Employee",
        "Agency",
        "KesehatanPuskesmas",
    } <= met, sorted(met)
