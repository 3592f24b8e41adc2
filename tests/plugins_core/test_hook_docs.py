"""Every hook in hookspecs.py is documented in docs/plugins.md and exercised by a test."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from kinerja_core.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, value in vars(hookspecs).items()
    if name.startswith("kinerja_") and inspect.isfunction(value)
)


def documented_hooks() -> dict[str, str]:
    """``### kinerja_x(args)`` headings of docs/plugins.md -> their argument list."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^### (kinerja_\w+)\(([^)]*)\)", text, flags=re.MULTILINE))


def hooks_with_tests() -> set[str]:
    names = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return {name.removeprefix("test_hook_") for name in names if name.startswith("test_hook_")}


def test_there_are_hooks_and_each_has_a_docstring():
    assert len(HOOKS) >= 7
    for name in HOOKS:
        assert (getattr(hookspecs, name).__doc__ or "").strip(), name


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_with_its_arguments(hook):
    documented = documented_hooks()
    assert hook in documented, f"docs/plugins.md has no '### {hook}(...)' section"
    arguments = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    assert [a.strip() for a in documented[hook].split(",") if a.strip()] == arguments


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_test(hook):
    assert hook in hooks_with_tests(), f"no test named test_hook_{hook} in tests/plugins_core"


def test_the_docs_name_no_hook_that_does_not_exist():
    assert sorted(documented_hooks()) == HOOKS
