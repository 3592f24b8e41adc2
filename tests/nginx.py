"""Debian's nginx running the repository's config/nginx/kinerja.conf in front of local nodes.

Used by tests/test_nginx.py and bench/deployment.py, so what they exercise is the file an
operator installs: only the upstream addresses, the listening address and the paths differ.
nginx runs unprivileged-style from a temporary prefix (``nginx -p DIR -c DIR/nginx.conf -e
DIR/logs/error.log -g 'daemon off; pid ...;'``) and is stopped on exit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import ROOT, Server, answers, free_port

SITE = ROOT / "config" / "nginx" / "kinerja.conf"
START_TIMEOUT = 20.0


def nginx_binary() -> str | None:
    """The nginx executable, or None when nginx is not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def nginx_config(prefix: Path, listen: int, nodes: Sequence[str]) -> Path:
    """config/nginx/kinerja.conf with these upstreams and port, inside a minimal nginx.conf."""
    site = SITE.read_text()
    servers = "".join(f"    server {node} max_fails=3 fail_timeout=10s;\n" for node in nodes)
    site, count = re.subn(r"(    server 10\.0\.0\.\d+:8000[^\n]*\n)+", servers, site)
    assert count == 1, "the upstream block of config/nginx/kinerja.conf changed"
    site, count = re.subn(r"\n    listen 80;", f"\n    listen 127.0.0.1:{listen};", site)
    assert count == 1, "the listen line of config/nginx/kinerja.conf changed"
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "kinerja.conf").write_text(site)
    main = prefix / "nginx.conf"
    main.write_text(
        f"""worker_processes 1;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/kinerja.conf;
}}
"""
    )
    return main


@dataclass
class Proxy:
    url: str
    prefix: Path

    @property
    def websocket(self) -> str:
        return "ws" + self.url.removeprefix("http") + "/graphql"

    def access_log(self) -> str:
        return (self.prefix / "logs" / "access.log").read_text(errors="replace")


@contextmanager
def running_nginx(prefix: Path, nodes: Sequence[str]) -> Iterator[Proxy]:
    """nginx on a free loopback port in front of ``nodes`` (``host:port``); stopped on exit.

    The configuration is checked with ``nginx -t`` first; AssertionError names its output."""
    binary = nginx_binary()
    assert binary is not None, "nginx is not installed (apt-get install nginx)"
    port = free_port()
    config = nginx_config(prefix, port, nodes)
    base = [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs/error.log")]
    check = subprocess.run([*base, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(
        [*base, "-g", f"daemon off; pid {prefix}/nginx.pid;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    proxy = Proxy(url=f"http://127.0.0.1:{port}", prefix=prefix)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not answers(f"{proxy.url}/health"):
            errors = (prefix / "logs" / "error.log").read_text(errors="replace")
            assert process.poll() is None and time.monotonic() < deadline, (
                f"nginx did not answer: {errors}"
            )
            time.sleep(0.1)  # polling a process start-up, not synchronising test steps
        yield proxy
    finally:  # SIGTERM (nginx's fast shutdown), killed if it does not stop in time
        Server(process=process, url=proxy.url, log_path=prefix / "logs" / "error.log").stop()
