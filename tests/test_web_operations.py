"""Every GraphQL operation the web application sends (web/src/**/*.graphql) is valid.

The web app's typed client is generated from these files and ``schema/schema.graphql`` by
graphql-codegen (``npm run codegen`` in web/, which fails on an invalid operation too); this
test checks the same thing without Node, against the schema the code composes, with the
server's depth, alias and token limits, so a schema change that breaks the frontend fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    OperationDefinitionNode,
    Visitor,
    parse,
    validate,
    visit,
)

from tests.test_schema_files import OPERATIONS, schema_and_rules  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
WEB_OPERATIONS = sorted((ROOT / "web" / "src").rglob("*.graphql"))


def _spreads(node) -> set[str]:
    names: set[str] = set()

    class Collect(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args):
            names.add(spread.name.value)

    visit(node, Collect())
    return names


def _with_fragments(
    document: DocumentNode, pool: dict[str, FragmentDefinitionNode]
) -> DocumentNode:
    """The file's definitions plus the fragments (from other web files) it uses, transitively."""
    own = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    needed, todo = set(), set().union(*(_spreads(d) for d in document.definitions)) - own
    while todo:
        name = todo.pop()
        if name in needed or name not in pool:
            continue
        needed.add(name)
        todo |= _spreads(pool[name]) - own - needed
    return DocumentNode(definitions=(*document.definitions, *(pool[n] for n in sorted(needed))))


def _parse_all(max_tokens: int) -> dict[Path, DocumentNode]:
    parsed = {}
    for path in WEB_OPERATIONS:
        try:
            parsed[path] = parse(path.read_text(encoding="utf-8"), max_tokens=max_tokens)
        except GraphQLError as exc:
            pytest.fail(f"{path.relative_to(ROOT)} does not parse: {exc}")
    return parsed


def test_the_web_app_has_operation_files():
    assert WEB_OPERATIONS, "web/src/**/*.graphql: the web app's operations are missing"


@pytest.mark.parametrize(
    "path", WEB_OPERATIONS, ids=[str(p.relative_to(ROOT / "web")) for p in WEB_OPERATIONS]
)
def test_web_operation_file_is_valid_against_the_schema(path: Path, schema_and_rules):  # noqa: F811
    schema, rules, max_tokens = schema_and_rules
    parsed = _parse_all(max_tokens)
    pool = {
        d.name.value: d
        for doc in parsed.values()
        for d in doc.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    errors = validate(schema, _with_fragments(parsed[path], pool), rules)
    assert not errors, f"{path.relative_to(ROOT)} is not valid against the schema:\n" + "\n".join(
        str(e) for e in errors
    )


def test_operation_and_fragment_names_are_unique_across_web_and_schema_operations(schema_and_rules):  # noqa: F811
    """graphql-codegen generates one module from both folders: a name may be used once."""
    _schema, _rules, max_tokens = schema_and_rules
    seen: dict[str, Path] = {}
    for path in [*OPERATIONS, *WEB_OPERATIONS]:
        for d in parse(path.read_text(encoding="utf-8"), max_tokens=max_tokens).definitions:
            if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode)) and d.name:
                key = f"{type(d).__name__}:{d.name.value}"
                assert key not in seen, f"{d.name.value} is defined in {seen[key]} and {path}"
                seen[key] = path
