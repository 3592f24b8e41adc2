"""A plugin imports the core through ``kinerja_core.api`` only (issue 9).

Read with ``ast`` (nothing is imported): every module of the first-party plugins' packages, of
the ``kinerja plugin new`` templates and the core tests' sample plugin, top-level imports and
those inside functions alike. A plugin's tests may also use ``kinerja_core.plugins.testing``.
The author's guide lists exactly ``kinerja_core.api.__all__`` (generated, see
test_plugin_reference.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kinerja_core.api as api

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
TEMPLATE = ROOT / "kinerja_core" / "plugins" / "scaffold" / "template"
PUBLIC = "kinerja_core.api"
TESTING = "kinerja_core.plugins.testing"


def _packages() -> list[Path]:
    """Each plugin's package directory (the one with a plugin.py), tests excluded."""
    return sorted(p.parent for p in PLUGINS.glob("*/*/plugin.py") if p.parent.name != "tests")


def _template_source(path: Path) -> str:
    # placeholders become identifiers of the same case so the template parses as Python
    return re.sub(
        r"\{\{\s*(\w+)\s*\}\}",
        lambda m: "Placeholder" if m.group(1)[:1].isupper() else "placeholder",
        path.read_text(),
    )


def core_imports(source: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, module, names) of every import of a ``kinerja_core`` module, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "kinerja_core" or node.module.startswith("kinerja_core."):
                found.append((node.lineno, node.module, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "kinerja_core" or alias.name.startswith("kinerja_core."):
                    found.append((node.lineno, alias.name, ()))
    return found


def _modules() -> list[tuple[str, str, bool]]:
    """(label, source, is_test) of every module the rule covers."""
    modules = []
    for package in _packages():
        for path in sorted(package.rglob("*.py")):
            modules.append((str(path.relative_to(ROOT)), path.read_text(), False))
    sample = ROOT / "tests" / "plugins_core" / "sample.py"  # the core tests' third-party plugin
    modules.append((str(sample.relative_to(ROOT)), sample.read_text(), False))
    for path in sorted(TEMPLATE.rglob("*.py.tmpl")):
        is_test = "tests" in path.relative_to(TEMPLATE).parts
        modules.append((str(path.relative_to(ROOT)), _template_source(path), is_test))
    return modules


def test_the_rule_covers_both_plugins_and_the_skeleton():
    names = {p.name for p in _packages()}
    assert {"kinerja_kesehatan", "kinerja_pendidikan"} <= names
    labels = [label for label, _, _ in _modules()]
    assert any(label.endswith("schema.py.tmpl") for label in labels)
    assert any("tests" in label and label.endswith(".tmpl") for label in labels)


@pytest.mark.parametrize("label,source,is_test", _modules(), ids=lambda v: str(v)[:60])
def test_a_plugin_imports_the_core_through_the_api_only(label, source, is_test):
    allowed = {PUBLIC, TESTING} if is_test else {PUBLIC}
    wrong = [(line, module) for line, module, _ in core_imports(source) if module not in allowed]
    assert wrong == [], f"{label} imports the core beside {PUBLIC}: {wrong}"
    unknown = [
        (line, name)
        for line, module, names in core_imports(source)
        if module == PUBLIC
        for name in names
        if name not in api.__all__
    ]
    assert unknown == [], f"{label} imports names {PUBLIC} does not export: {unknown}"


def test_the_checker_sees_imports_inside_functions():
    source = "def f():\n    from kinerja_core.services import audit\n"
    assert core_imports(source) == [(2, "kinerja_core.services", ("audit",))]


def test_every_exported_name_exists():
    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []
    assert len(set(api.__all__)) == len(api.__all__)


def test_the_guide_lists_exactly_the_api():
    # the section is generated from api.__all__ (kinerja plugin reference); this reads it back
    text = (ROOT / "docs" / "plugins.md").read_text()
    start = text.index("## What a plugin may import")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else None]
    listed = re.findall(r"^- `(\w+)", section, flags=re.MULTILINE)
    assert sorted(listed) == sorted(api.__all__)
