"""Installed plugins in a real server process: the first-party distributions are discovered
through their entry points, and a deliberately broken one (installed the same way) is reported
as FAILED while the server starts and serves."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.servers import CLI, ROOT, running_server, server_env

pytest.importorskip("kinerja_kesehatan", reason="pip install -e plugins/kinerja-kesehatan")
pytest.importorskip("kinerja_pendidikan", reason="pip install -e plugins/kinerja-pendidikan")

CATALOG = "{ pluginCatalog { name status builtin error } }"


def install_broken_plugin(site: Path) -> None:
    """A distribution with a ``kinerja`` entry point whose module fails on import."""
    info = site / "kinerja_broken-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kinerja-broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kinerja]\nbroken = kinerja_broken_module\n")
    (site / "kinerja_broken_module.py").write_text(
        'raise RuntimeError("this plugin is broken on purpose")\n'
    )


def post(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(url, body, headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def test_first_party_plugins_load_and_a_broken_one_does_not_stop_the_server(tmp_path):
    site = tmp_path / "site"
    install_broken_plugin(site)
    database = tmp_path / "k.sqlite3"
    url = f"sqlite://{database}"
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    subprocess.run(
        [*CLI, "demo", "--employees", "80"],
        env=server_env(tmp_path, url, env),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(database) as db:
        (nip,) = db.execute(
            "SELECT e.nip FROM account a JOIN employee e ON e.id = a.employee_id"
            " WHERE a.is_central_admin LIMIT 1"
        ).fetchone()
    with running_server(tmp_path, url, env=env, migrate_first=False) as server:
        login = post(
            server.graphql,
            "mutation($n: String!, $p: String!) { login(nip: $n, password: $p) {"
            " ... on LoginSuccess { token } } }",
            {"n": nip, "p": "kinerja-demo"},
        )
        token = login["data"]["login"]["token"]
        catalog = {
            p["name"]: p
            for p in post(server.graphql, CATALOG, token=token)["data"]["pluginCatalog"]
        }
        assert catalog["kesehatan"]["status"] == "LOADED"
        assert catalog["pendidikan"]["status"] == "LOADED"
        assert catalog["broken"]["status"] == "FAILED"
        assert "broken on purpose" in catalog["broken"]["error"]
        assert "broken" in server.log_text()  # reported where operators look
