"""The hook and API reference of docs/plugins.md is generated and up to date (issue 9).

`kinerja plugin reference` writes it from the docstrings of ``kinerja_core/plugins/hookspecs.py``
and the names of ``kinerja_core.api``; these tests fail when the page and the code differ, so a
change to a hook or to the API is a change to the docs in the same commit.
"""

from __future__ import annotations

import inspect
import re
import shutil
import types

import kinerja_core.api as api
from kinerja_core.cli import main as kinerja
from kinerja_core.plugins import hookspecs, reference


def generated_section() -> str:
    text = reference.DOCS.read_text(encoding="utf-8")
    return text[text.index(reference.BEGIN) : text.index(reference.END)]


def test_the_reference_in_the_guide_is_up_to_date():
    assert reference.write(reference.DOCS, check=True), (
        "docs/plugins.md: the generated reference is stale; run `kinerja plugin reference`"
    )


def test_every_hook_is_in_the_reference_in_the_order_of_the_specs():
    section = generated_section()
    headings = re.findall(r"^### (kinerja_\w+)\(([^)]*)\)$", section, flags=re.MULTILINE)
    specs = [
        (name, ", ".join(inspect.signature(value).parameters))
        for name, value in vars(hookspecs).items()
        if name.startswith("kinerja_") and inspect.isfunction(value)
    ]
    assert headings == specs
    for name, _ in specs:  # the whole docstring, not only its first line
        last_line = inspect.cleandoc(getattr(hookspecs, name).__doc__).splitlines()[-1]
        assert reference._markdown(last_line) in section, name


def test_the_api_section_lists_exactly_the_api_each_name_once():
    section = generated_section()[generated_section().index("## What a plugin may import") :]
    listed = re.findall(r"^- `(\w+)", section, flags=re.MULTILINE)
    assert sorted(listed) == sorted(api.__all__)
    assert len(listed) == len(set(listed))


def test_every_function_and_class_of_the_api_says_what_it_is_for():
    undocumented = [
        name
        for name in api.__all__
        if isinstance(getattr(api, name), (type, types.FunctionType, types.ModuleType))
        and not reference.summary(getattr(api, name))
    ]
    assert undocumented == [], "give these a docstring (its first paragraph is the reference)"


def test_a_stale_copy_is_reported_and_rewritten(tmp_path, capsys):
    copy = tmp_path / "plugins.md"
    shutil.copy(reference.DOCS, copy)
    text = copy.read_text(encoding="utf-8")
    stale = text.replace("### kinerja_on_event(event, ctx)", "### kinerja_on_event(event)")
    copy.write_text(stale, encoding="utf-8")
    assert kinerja(["plugin", "reference", "--check", str(copy)]) == 1
    assert "stale" in capsys.readouterr().err
    assert copy.read_text(encoding="utf-8") == stale  # --check writes nothing
    assert kinerja(["plugin", "reference", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == text
    assert kinerja(["plugin", "reference", "--check", str(copy)]) == 0


def test_text_outside_the_markers_is_kept_and_missing_markers_are_refused(tmp_path):
    page = f"# Guide\n\nbefore\n\n{reference.BEGIN}\nstale text\n{reference.END}\n\nafter\n"
    rendered = reference.render(page)
    assert rendered.startswith("# Guide\n\nbefore\n\n" + reference.BEGIN)
    assert rendered.endswith(reference.END + "\n\nafter\n")
    assert "stale text" not in rendered and "## Hook reference" in rendered
    assert reference.render(rendered) == rendered
    try:
        reference.render("# no markers\n")
    except ValueError as exc:
        assert "markers" in str(exc)
    else:
        raise AssertionError("a page without markers must be refused")
