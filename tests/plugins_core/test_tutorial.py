"""The tutorial of docs/plugins.md is true: this test follows it literally (issue 9).

Every command, file and GraphQL operation is read from the tutorial section of the page, from
the blocks marked ``<!-- tutorial: ... -->``; nothing the reader types is written here. The
steps run in the order of the page in a temporary "checkout": the scaffold command, the file
edits, the install, the plugin's own tests, ``kinerja migrate``, ``kinerja demo``, ``kinerja
plugins list``/``enable`` and ``kinerja serve`` as real processes, then the operations over
HTTP against that server, with the demo logins the demo printed. The figures the page quotes
(the realisasi, the panel's rows) are checked against what the server answers.

Two liberties, both about where things go, not what they do: ``pip install -e`` becomes
``pip install --target`` into the test's own directory (so the test never changes the
environment that runs it), and the commands get the pass's database through the environment
(SQLite file or a fresh PostgreSQL database).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.servers import CLI, ROOT, pass_database, running_server, server_env

DOC = ROOT / "docs" / "plugins.md"
MARKER = re.compile(
    r"<!-- tutorial: (?P<what>[^>]+?) -->\n```(?P<lang>\w+)\n(?P<body>.*?)```", re.S
)


def tutorial() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Tutorial")
    return text[start : text.index("\n## ", start + 1)]


def steps() -> list[tuple[str, str, str]]:
    """(directive, language, body) of every marked block, in the order of the page."""
    section = tutorial()
    found = [(m["what"].strip(), m["lang"], m["body"]) for m in MARKER.finditer(section)]
    assert len(found) == section.count("<!-- tutorial:"), "a marker without its code block"
    return found


def operations() -> dict[str, str]:
    """The GraphQL operations of the tutorial by name (``graphql NAME`` blocks)."""
    found = {}
    for what, lang, body in steps():
        if what.startswith("graphql "):
            name = what.removeprefix("graphql ")
            assert lang == "graphql" and re.search(rf"\b(query|mutation) {name}\b", body), name
            found[name] = body
    return found


def replace_function(path: Path, name: str, code: str) -> None:
    """Replace the (decorated) top-level function ``name`` of ``path`` with ``code``."""
    source = path.read_text(encoding="utf-8")
    node = next(
        n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name
    )
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
    lines = source.splitlines(keepends=True)
    path.write_text("".join(lines[:first]) + code + "".join(lines[node.end_lineno :]))


class Reader:
    """The reader at the keyboard: a checkout directory, a database, a server once started."""

    def __init__(self, tmp_path: Path, database_url: str, stack: ExitStack) -> None:
        self.work = tmp_path / "checkout"
        self.work.mkdir()
        self.site = tmp_path / "site"  # where `pip install` puts the plugin
        self.tmp_path = tmp_path
        self.url = database_url
        self.stack = stack
        self.env = {"PYTHONPATH": os.pathsep.join([str(self.site), str(ROOT)])}
        self.server = None
        self.outputs: dict[str, str] = {}

    def plugin_dir(self) -> Path:
        (path,) = (self.work / "plugins").iterdir()
        return path

    def run(self, argv: list[str], timeout: float = 600) -> str:
        result = subprocess.run(
            argv,
            cwd=self.work,
            env=server_env(self.tmp_path, self.url, self.env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{argv}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def shell(self, line: str) -> None:
        command, _, comment = line.partition("#")
        words = shlex.split(command)
        if words[:2] == ["kinerja", "serve"]:
            assert len(words) == 2, line
            self.server = self.stack.enter_context(
                running_server(self.tmp_path, self.url, env=self.env, migrate_first=False)
            )
        elif words[0] == "kinerja":
            self.outputs[" ".join(words[1:3])] = self.run([*CLI, *words[1:]])
        elif words[:3] == ["pip", "install", "-e"]:
            target = re.fullmatch(r"(.+)\[test\]", words[3])
            assert target, line
            self.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--no-deps",
                    "--target",
                    str(self.site),
                    target[1],
                ]
            )
        elif words[0] == "pytest":
            out = self.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *words[1:]]
            )
            claimed = re.search(r"(\d+) passed", comment)
            assert claimed and f"{claimed[1]} passed" in out, out
        else:
            pytest.fail(f"the tutorial runs a command this test does not know: {line}")

    def follow_the_page(self) -> None:
        for what, lang, body in steps():
            expected = "sh" if what == "shell" else "python"
            assert lang == ("graphql" if what.startswith("graphql ") else expected), what
            if what == "shell":
                for line in body.splitlines():
                    if line.strip():
                        self.shell(line)
            elif what.startswith("write "):
                path = self.plugin_dir() / what.removeprefix("write ")
                path.write_text(body, encoding="utf-8")
            elif what.startswith("append to "):
                path = self.plugin_dir() / what.removeprefix("append to ")
                path.write_text(path.read_text(encoding="utf-8") + "\n\n" + body)
            elif what.startswith("replace function "):
                name, _, file = what.removeprefix("replace function ").partition(" in ")
                replace_function(self.plugin_dir() / file, name, body)
            else:
                assert what.startswith("graphql "), what  # run below, in the page's story

    def post_operation(self, query: str, variables: dict, token: str | None = None) -> dict:
        """POST a GraphQL request as the web app does; the JSON body."""
        assert self.server is not None, "the tutorial starts the server before its queries"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(self.server.graphql, body, headers)
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return json.loads(response.read())

    def gql(self, name: str, variables: dict | None = None, token: str | None = None) -> dict:
        """Run the tutorial's operation ``name``."""
        return self.post_operation(operations()[name], variables or {}, token)

    def data(self, name: str, variables: dict | None = None, token: str | None = None) -> dict:
        body = self.gql(name, variables, token)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def sign_in(self, nip: str) -> str:
        return self.data("SignIn", {"nip": nip})["login"]["token"]


def demo_logins(printed: str) -> dict[str, str]:
    """role -> NIP from the table `kinerja demo` prints."""
    logins = {}
    for line in printed.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 2 and re.fullmatch(r"\d{18}", cells[1]):
            logins.setdefault(cells[0], cells[1])
    return logins


def test_the_tutorial_works_as_written(tmp_path):
    started = time.monotonic()
    page = tutorial()
    with ExitStack() as stack:
        url = stack.enter_context(pass_database(tmp_path))
        reader = Reader(tmp_path, url, stack)
        reader.follow_the_page()
        assert re.search(r"^gizi\s+0\.1\.0\s+LOADED", reader.outputs["plugins list"], re.M)
        logins = demo_logins(reader.outputs["demo --employees"])

        # Step 4: the agency admin enters November
        admin = reader.sign_in(logins["agency admin"])
        agencies = {a["code"]: a["id"] for a in reader.data("Agencies", token=admin)["agencies"]}
        dinkes = agencies["DINKES"]
        november = {"agencyId": dinkes, "month": "2026-11-01", "weighed": 80, "registered": 100}
        added = reader.data("AddMonth", november, token=admin)["giziAddRecord"]
        assert added == {
            "__typename": "GiziRecord",
            "month": "2026-11-01",
            "done": 80,
            "total": 100,
        }

        # Step 5: the draft's RHK without an IKI gets the gizi IKI; submitted, approved
        employee = reader.sign_in(logins["employee, SKP DRAFT"])
        (plan,) = reader.data("MyDraft", token=employee)["myDashboard"]["plans"]
        assert plan["status"] == "DRAFT"
        (empty,) = [w for w in plan["workResults"] if not w["indicators"]]
        indicator = reader.data("AddGiziIndicator", {"workResultId": empty["id"]}, employee)
        assert indicator["addIndicator"]["unit"] == "%"  # "took the type's unit"
        submitted = reader.data("Submit", {"planId": plan["id"]}, employee)["submitPlan"]
        assert submitted == {"__typename": "PerformancePlan", "status": "SUBMITTED"}
        assert plan["rater"]["nip"] == logins["supervisor"]  # "the demo's supervisor"
        rater = reader.sign_in(plan["rater"]["nip"])
        approved = reader.data("Approve", {"planId": plan["id"]}, rater)["approvePlan"]
        assert approved == {"__typename": "PerformancePlan", "status": "APPROVED"}

        def ds_realisasi() -> dict:
            answer = reader.data("MyGiziRealisasi", {"planId": plan["id"]}, employee)
            (linked,) = [
                i
                for w in answer["plan"]["workResults"]
                for i in w["indicators"]
                if i["indicatorType"] == "gizi.ds_ytd"
            ]
            (row,) = linked["realizations"]
            assert row["period"]["label"] == "Desember 2026" and row["computed"] is True
            return row

        # approving computed it from November alone
        row = ds_realisasi()
        assert (row["value"], row["target"], row["achievement"]) == ("80", "85", "94.12")
        assert [r["label"] for r in row["provenance"]["records"]] == ["2026-11-01"]
        assert "`value` 80 (80 weighed of" in page and "`achievement` 94.12" in page

        # December entered: recomputed by the skeleton's add_record
        december = {**november, "month": "2026-12-01", "weighed": 45, "registered": 50}
        assert reader.data("AddMonth", december, token=admin)["giziAddRecord"]["done"] == 45
        row = ds_realisasi()
        provenance = row["provenance"]
        assert (provenance["numerator"], provenance["denominator"]) == ("125", "150"), provenance
        assert [r["label"] for r in provenance["records"]] == ["2026-11-01", "2026-12-01"]
        figures = (row["value"], row["target"], row["achievement"])
        assert figures == ("83.3333", "85", "98.04"), figures
        assert "`value` 83.3333" in page and "`target` 85" in page
        assert "`achievement` 98.04" in page

        # Step 6: the panel on the head's dashboard, and not where gizi is off
        head = reader.sign_in(logins["agency head"])
        panels = reader.data("Panels", {"agencyId": dinkes}, head)["pluginPanels"]
        (panel,) = [p for p in panels if p["plugin"] == "gizi"]
        assert (panel["kind"], panel["title"]) == ("LINE", "Gizi: selesai per bulan")
        assert f"*{panel['title']}*" in page
        rows = reader.post_operation(panel["operation"], {"agencyId": dinkes, "year": 2026}, head)
        assert rows["data"][panel["rowsPath"]] == [
            {"month": "2026-11-01", "done": 80, "total": 100},
            {"month": "2026-12-01", "done": 45, "total": 50},
        ]
        central = reader.sign_in(logins["central admin (BKPSDM)"])
        elsewhere = reader.data("Panels", {"agencyId": agencies["DISDIK"]}, central)
        assert [p for p in elsewhere["pluginPanels"] if p["plugin"] == "gizi"] == []
        off = reader.post_operation(
            panel["operation"], {"agencyId": agencies["DISDIK"], "year": 2026}, central
        )
        assert off["data"][panel["rowsPath"]] is None
        assert {e["extensions"]["kind"] for e in off["errors"]} == {"PluginDisabled"}
    print(f"tutorial followed in {time.monotonic() - started:.0f} s")
