"""The import graph of kinerja_core runs one way and has no cycles (issue 9).

The graph is read with ``ast`` (nothing is imported). Two kinds of edges, kept apart:

- **top-level** imports (module level, ``try`` and ``if`` blocks included, ``if TYPE_CHECKING``
  excluded: those never run) - these must form no cycle;
- **deferred** imports (inside a function or method) - listed, and held to a budget, because
  an import inside a function is usually a cycle dodged rather than removed.

``from kinerja_core.x import y`` is an edge to ``kinerja_core.x.y`` when that is a module,
else to ``kinerja_core.x``. Importing a package's submodule from its ``__init__`` is not a
cycle of its own (Python imports parents first), so no edges to parent packages are implied.

Layers, lowest first; a module may import its own layer and those below, never above:

    domain  <  models  <  plugin runtime  <  services  <  graphql, realtime, app and the edges

The plugin runtime is ``kinerja_core.plugins`` but for the schema composition, its CLI, its
default plugins, the skeleton and the test helpers, which are edges (they use GraphQL,
services and the app).

A deferred import from a lower layer to a higher one is allowed only where listed in
``DEFERRED_UPWARD`` with the reason; the deferred imports as a whole are held to
``DEFERRED_BUDGET`` so that new ones are a decision, not a habit.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kinerja_core"

# layer of a module: the longest matching prefix wins
LAYERS: dict[str, int] = {
    "kinerja_core.domain": 0,
    "kinerja_core.errors": 0,
    "kinerja_core.settings": 0,
    "kinerja_core.i18n": 0,
    "kinerja_core.events": 0,
    "kinerja_core.models": 1,
    "kinerja_core.db": 1,
    "kinerja_core.sql": 1,
    "kinerja_core.auth": 1,
    "kinerja_core.throttle": 1,  # password hashing and rate limits: no services, no GraphQL
    "kinerja_core.plugins": 2,
    "kinerja_core.storage": 2,  # evidence file stores: models and settings, no services
    "kinerja_core.plugins.composition": 4,  # builds the GraphQL schema: with graphql
    "kinerja_core.plugins.cli": 4,
    "kinerja_core.plugins.reference": 4,  # reads kinerja_core.api to write the docs
    "kinerja_core.plugins.defaults": 4,
    "kinerja_core.plugins.scaffold": 4,
    "kinerja_core.plugins.testing": 4,
    "kinerja_core.services": 3,
    "kinerja_core.graphql": 4,
    "kinerja_core.realtime": 4,
    "kinerja_core.api": 4,
    "kinerja_core": 4,  # the app, the CLIs, HTTP endpoints, the demo, ...
}
# (importer, imported): why it cannot be a top-level import
DEFERRED_UPWARD: dict[tuple[str, str], str] = {
    ("kinerja_core.plugins.panels", "kinerja_core.graphql.cost"): (
        "a panel's operation is costed with the GraphQL cost rule, only while the composed"
        " schema is checked; the panel types themselves are plugin runtime"
    ),
}
# deferred imports in kinerja_core today (CLIs importing late for start-up time, GraphQL types
# naming each other); lower it when you remove some, never raise it without a reason
# raised 64 -> 91 when the documents, storage, kurva and yearly work was merged: the export and
# storage-migrate CLIs (15), the storage backends loaded only when chosen (3, obstore is heavy),
# the demo's unit step (4), GraphQL types naming each other (4) and the panel cost check
# (1) import late; 92 -> 91: downloads sign in through the authentication hook, not app.py;
# 91 -> 92: `kinerja plugin reference` loads kinerja_core.api only when it is run
# 91 -> 90: contributions are checked against the core's types where the schema is composed
DEFERRED_BUDGET = 91
LAYER_NAMES = {0: "domain", 1: "models", 2: "plugin runtime", 3: "services", 4: "edge"}


def layer_of(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


@dataclass
class Graph:
    modules: set[str] = field(default_factory=set)
    top: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    deferred: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, current: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """(module, names) of one import statement, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [(alias.name, []) for alias in node.names]
    assert isinstance(node, ast.ImportFrom)
    base = node.module or ""
    if node.level:
        package = current.split(".") if is_package else current.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    return [(base, [alias.name for alias in node.names])]


def _targets(graph: Graph, module: str, names: list[str]) -> set[str]:
    if not (module == "kinerja_core" or module.startswith("kinerja_core.")):
        return set()
    found = {f"{module}.{n}" for n in names if f"{module}.{n}" in graph.modules}
    if len(found) < len(names) or not names:
        found.add(module)
    return {t for t in found if t in graph.modules}


def _visit(graph: Graph, node: ast.AST, current: str, is_package: bool, deferred: bool) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for inner in child.orelse:
                _visit_one(graph, inner, current, is_package, deferred)
            continue
        _visit_one(graph, child, current, is_package, deferred)


def _visit_one(graph: Graph, node: ast.AST, current: str, is_package: bool, deferred: bool) -> None:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        edges = graph.deferred if deferred else graph.top
        for module, names in _imports(node, current, is_package):
            edges[current] |= _targets(graph, module, names) - {current}
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        _visit(graph, node, current, is_package, True)
    else:
        _visit(graph, node, current, is_package, deferred)


def build_graph() -> Graph:
    graph = Graph()
    sources = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph.modules = set(sources)
    for name, path in sources.items():
        tree = ast.parse(path.read_text())
        _visit(graph, tree, name, path.name == "__init__.py", False)
    return graph


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def strongconnect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                strongconnect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    nodes = sorted(set(edges) | {t for ts in edges.values() for t in ts})
    for node in nodes:
        if node not in index:
            strongconnect(node)
    return found


def upward(edges: dict[str, set[str]]) -> list[str]:
    """Edges from a lower layer to a higher one."""
    return sorted(
        f"{a} ({LAYER_NAMES[layer_of(a)]}) -> {b} ({LAYER_NAMES[layer_of(b)]})"
        for a, targets in edges.items()
        for b in targets
        if layer_of(b) > layer_of(a)
    )


GRAPH = build_graph()


def test_the_graph_is_read():
    assert "kinerja_core.services.context" in GRAPH.modules
    assert "kinerja_core.models" in GRAPH.top["kinerja_core.services.audit"]


def test_the_checks_catch_a_cycle_and_an_upward_import():
    edges = {
        "kinerja_core.models.x": {"kinerja_core.services.y"},
        "kinerja_core.services.y": {"kinerja_core.models.x"},
    }
    assert cycles(edges) == [["kinerja_core.models.x", "kinerja_core.services.y"]]
    assert upward(edges) == ["kinerja_core.models.x (models) -> kinerja_core.services.y (services)"]


def test_no_cycles_among_top_level_imports():
    assert cycles(GRAPH.top) == []


def test_top_level_imports_run_one_way():
    assert upward(GRAPH.top) == []


def test_deferred_imports_go_upward_only_where_listed():
    found = {
        (a, b)
        for a, targets in GRAPH.deferred.items()
        for b in targets
        if layer_of(b) > layer_of(a)
    }
    assert sorted(found) == sorted(DEFERRED_UPWARD)


def test_deferred_imports_stay_within_the_budget():
    count = sum(len(targets - GRAPH.top.get(a, set())) for a, targets in GRAPH.deferred.items())
    assert count <= DEFERRED_BUDGET


if __name__ == "__main__":  # python -m tests.test_import_graph: the deferred imports, listed
    for importer in sorted(GRAPH.deferred):
        for imported in sorted(GRAPH.deferred[importer] - GRAPH.top.get(importer, set())):
            print(f"{importer} -> {imported}")
