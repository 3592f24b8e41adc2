"""The committed schema files agree with the code.

``schema/schema.graphql`` is what ``kinerja schema`` prints, and every
``schema/operations/*.graphql`` (the operations a frontend sends) is valid against it and
within the server's depth, alias and token limits.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLError, parse, specified_rules, validate
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from kinerja_core.cli import main as kinerja
from kinerja_core.plugins.composition import compose_schema
from kinerja_core.plugins.manager import load_plugins
from kinerja_core.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "schema.graphql"
OPERATIONS = sorted((ROOT / "schema" / "operations").glob("*.graphql"))
FIRST_PARTY = "kesehatan,pendidikan,kompetensi"
REGENERATE = f"run `KINERJA_PLUGINS={FIRST_PARTY} kinerja schema -o schema/schema.graphql`"


def test_committed_schema_matches_the_code(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the CLI reads config/kinerja.toml relative to the checkout
    monkeypatch.setenv("KINERJA_PLUGINS", FIRST_PARTY)  # the core and first-party plugins only
    generated = tmp_path / "schema.graphql"
    assert kinerja(["schema", "-o", str(generated)]) == 0
    sdl = generated.read_text(encoding="utf-8")
    for plugin in FIRST_PARTY.split(","):  # installed by the README's test command
        assert f"  {plugin}" in sdl, f"plugin {plugin} is not installed: pip install -e plugins/*"
    assert SCHEMA_FILE.is_file(), f"schema/schema.graphql is missing: {REGENERATE}"
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == generated.read_text(encoding="utf-8"), (
        f"schema/schema.graphql differs from the code's schema: {REGENERATE}"
    )


@pytest.fixture(scope="module")
def schema_and_rules():
    settings = load_settings(ROOT / "config" / "kinerja.toml")
    rules = [
        *specified_rules,
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    first_party = load_plugins(
        settings.replace(plugins_strict=True),
        explicit={name: f"kinerja_{name}.plugin" for name in FIRST_PARTY.split(",")},
    )
    return compose_schema(settings, first_party)._schema, rules, settings.max_tokens


@pytest.mark.parametrize("path", OPERATIONS, ids=[p.name for p in OPERATIONS])
def test_operation_file_is_valid_against_the_schema(path: Path, schema_and_rules):
    schema, rules, max_tokens = schema_and_rules
    name = f"schema/operations/{path.name}"
    try:
        document = parse(path.read_text(encoding="utf-8"), max_tokens=max_tokens)
    except GraphQLError as exc:
        pytest.fail(f"{name} does not parse: {exc}")
    errors = validate(schema, document, rules)
    assert not errors, f"{name} is not valid against the schema:\n" + "\n".join(
        str(e) for e in errors
    )
