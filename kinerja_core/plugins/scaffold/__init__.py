"""``kinerja plugin new NAME``: a working skeleton plugin distribution from ``template/``.

The skeleton has the entry point, one indicator type, one table with its migration, GraphQL
(a type, a query, a mutation, a field on ``Agency``), a service with audit, a dashboard panel
(``kinerja_panels``), and tests that pass as generated. Template files end in ``.tmpl``;
``{{name}}``, ``{{Name}}``, ``{{camel}}``, ``{{package}}``, ``{{dist}}`` and
``{{core_requirement}}`` are filled in, in paths too
(``package`` is the package directory).
"""

from __future__ import annotations

from pathlib import Path

from kinerja_core.plugins.manager import core_version
from kinerja_core.plugins.registry import PLUGIN_NAME, camel_prefix, pascal_prefix

TEMPLATE = Path(__file__).parent / "template"
RESERVED = {"core", "kinerja", "test", "tests"}


def core_requirement(version: str | None = None) -> str:
    """``>=0.1,<0.2`` for core 0.1.x: the minor versions a plugin is written against."""
    major, minor, *_ = [int(p) for p in (version or core_version()).split(".")[:2]] + [0]
    return f">={major}.{minor},<{major}.{minor + 1}"


def values(name: str) -> dict[str, str]:
    return {
        "name": name,
        "Name": pascal_prefix(name),
        "camel": camel_prefix(name),
        "package": f"kinerja_{name}",
        "dist": f"kinerja-{name.replace('_', '-')}",
        "core_requirement": core_requirement(),
    }


def fill(text: str, names: dict[str, str]) -> str:
    for key, value in names.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def write_skeleton(name: str, directory: Path) -> Path:
    """Write ``kinerja-NAME/`` under ``directory``; returns its path. Refuses to overwrite."""
    if not PLUGIN_NAME.match(name) or name in RESERVED:
        raise ValueError(
            f"{name!r} cannot be a plugin name: use lower-case letters, digits and _, "
            f"starting with a letter (not {', '.join(sorted(RESERVED))})"
        )
    names = values(name)
    root = Path(directory) / names["dist"]
    if root.exists():
        raise FileExistsError(f"{root} already exists")
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = source.relative_to(TEMPLATE).with_suffix("")
        parts = [names["package"] if p == "package" else fill(p, names) for p in relative.parts]
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill(source.read_text(encoding="utf-8"), names), encoding="utf-8")
    return root
