"""The plugin author's reference, generated: every hook of ``hookspecs`` and every name of
``kinerja_core.api``, written into docs/plugins.md between two markers.

::

    kinerja plugin reference            # rewrite the section of docs/plugins.md
    kinerja plugin reference --check    # exit 1 when the section is stale (what CI checks)
    python -m kinerja_core.plugins.reference [--check] [PATH]

The hooks come in the order of ``hookspecs.py``, each with its signature and its docstring
(Markdown, copied as written). The API comes grouped by the comments of ``api.__all__``, each
name with its signature (functions and classes) or value, and the first paragraph of its
docstring. Nothing is written by hand between the markers: change the docstrings, then run
the command.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import enum
import inspect
import re
import sys
import types
from pathlib import Path
from typing import Any

import kinerja_core.api as api
from kinerja_core.plugins import hookspecs

BEGIN = "<!-- BEGIN GENERATED REFERENCE (kinerja plugin reference); edit the docstrings -->"
END = "<!-- END GENERATED REFERENCE -->"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _markdown(doc: str | None) -> str:
    """A docstring as Markdown: dedented, ``x`` and :func:`x` as `x` (fenced code kept)."""
    text = inspect.cleandoc(doc or "")
    text = re.sub(r"(?<!`)``([^`\n]+)``(?!`)", r"`\1`", text)
    return re.sub(r":(?:mod|func|class|meth|attr|data):`~?([^`]+)`", r"`\1`", text)


def _short_names(text: str) -> str:
    """``kinerja_core.plugins.indicator.Scope`` -> ``Scope`` (and typing. / collections.abc.)."""
    return re.sub(r"\b(?:[a-z_][\w]*\.)+([A-Za-z_]\w*)", r"\1", text)


def _default(value: Any) -> str:
    if value is dataclasses.MISSING or repr(value) == "<factory>":
        return "..."  # a dataclass default_factory
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    return repr(value)


def signature(obj: Any) -> str | None:
    """``(a, b=1, *, write=False)``, annotations left out; None when there is nothing to say."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    parts: list[str] = []
    star_done = False
    for p in sig.parameters.values():
        if p.name.startswith("_"):
            continue  # private fields of a dataclass
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f"*{p.name}")
            star_done = True
            continue
        if p.kind is p.VAR_KEYWORD:
            parts.append(f"**{p.name}")
            continue
        if p.kind is p.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        parts.append(p.name if p.default is p.empty else f"{p.name}={_default(p.default)}")
    if parts in (["*args", "**kwargs"], ["**kwargs"]):
        return None
    return f"({', '.join(parts)})"


# ----------------------------------------------------------------------------- hooks


def hooks() -> list[tuple[str, str, str]]:
    """(name, argument list, docstring as Markdown) of every hook, in the order of the file."""
    found = []
    for name, value in vars(hookspecs).items():
        if name.startswith("kinerja_") and inspect.isfunction(value):
            args = ", ".join(inspect.signature(value).parameters)
            found.append((name, args, _markdown(value.__doc__)))
    return found


def hook_reference() -> str:
    out = ["## Hook reference", "", _markdown(hookspecs.__doc__).split("\n", 1)[1].strip(), ""]
    for name, args, doc in hooks():
        out += [f"### {name}({args})", "", doc, ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------- the api


def api_groups() -> list[tuple[str, list[str]]]:
    """(comment, names) of each group of ``api.__all__``, read from the module's source."""
    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    lines = Path(api.__file__).read_text(encoding="utf-8").splitlines()
    node = next(
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets)
    )
    groups: list[tuple[str, list[str]]] = []
    for line in lines[node.lineno : node.end_lineno]:
        text = line.strip()
        if text.startswith("#"):
            groups.append((text.lstrip("# ").strip(), []))
        elif text.startswith(('"', "'")):
            name = text.rstrip(",").strip("\"'")
            if not groups:
                groups.append(("", []))
            groups[-1][1].append(name)
    listed = [n for _, names in groups for n in names]
    if sorted(listed) != sorted(api.__all__):  # a name on a line of its own, always
        raise ValueError("kinerja_core/api.py: write __all__ one quoted name per line")
    return groups


def summary(obj: Any) -> str:
    """The first paragraph of the object's own docstring ('' for constants and aliases)."""
    if isinstance(obj, (type, types.FunctionType, types.ModuleType)):
        doc = obj.__doc__
    elif callable(obj) and not hasattr(obj, "__origin__"):
        doc = type(obj).__doc__  # a decorator object (pluggy's hookimpl marker)
    else:
        return ""
    name = getattr(obj, "__name__", "")
    if not doc or (isinstance(obj, type) and doc.startswith(f"{name}(")):
        return ""  # none, or the signature a dataclass writes for itself
    first = " ".join(_markdown(doc).split("\n\n", 1)[0].split())
    return first[:-2] + "." if first.endswith("::") else first


def describe(name: str, obj: Any) -> str:
    """One bullet: the name with its signature or value, then what it is for."""
    if isinstance(obj, types.ModuleType):
        head = f"`{name}` (module)"
    elif isinstance(obj, type) and issubclass(obj, enum.Enum):
        head = f"`{name}`: " + " | ".join(f"`{m.name}`" for m in obj)
    elif isinstance(obj, (type, types.FunctionType)):
        sig = signature(obj)
        head = f"`{name}{sig}`" if sig and len(sig) <= 160 else f"`{name}(...)`"
    elif callable(obj) and not hasattr(obj, "__origin__"):
        head = f"`{name}` (decorator)"
    else:  # constants and type aliases
        value = _short_names(repr(obj)) if hasattr(obj, "__origin__") else repr(obj)
        value = value if len(value) <= 70 else value[:67] + "..."
        head = f"`{name}` = `{value}`"
    text = summary(obj)
    return f"- {head}" + (f": {text}" if text else "")


def api_reference() -> str:
    out = ["## What a plugin may import", "", _markdown(api.__doc__), ""]
    out += [
        "Each name below with its signature or value and the first paragraph of its"
        " docstring (the code is the authority: read the docstring in full with"
        " `help(kinerja_core.api.NAME)`).",
        "",
    ]
    for title, names in api_groups():
        out += [f"### {title[:1].upper() + title[1:]}", ""]
        out += [describe(name, getattr(api, name)) for name in names]
        out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------- the file


def generated() -> str:
    return f"{BEGIN}\n\n{hook_reference()}\n{api_reference()}\n{END}"


def render(text: str) -> str:
    """``text`` (docs/plugins.md) with the generated section replaced."""
    start, end = text.find(BEGIN), text.find(END)
    if start == -1 or end == -1 or end < start:
        raise ValueError(f"the markers are missing: put {BEGIN!r} and {END!r} in the file")
    return text[:start] + generated() + text[end + len(END) :]


def write(path: Path = DOCS, check: bool = False) -> bool:
    """Rewrite (or with ``check`` only compare) the section; True when it was up to date."""
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new == text:
        return True
    if not check:
        path.write_text(new, encoding="utf-8")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kinerja plugin reference", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DOCS)
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    args = parser.parse_args(argv)
    return run(args.path, args.check)


def run(path: Path, check: bool) -> int:
    fresh = write(path, check=check)
    if check and not fresh:
        print(
            f"{path}: the plugin reference is stale; run `kinerja plugin reference`",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: " + ("up to date" if fresh else "reference rewritten"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
