"""`kinerja serve` as it runs in production: several workers on PostgreSQL, graceful shutdown.

The server runs on the pass's database: two workers (``--workers 2``) in the PostgreSQL pass,
one process in the SQLite pass (where more are refused). It answers the README tour, and a
SIGTERM while a request is in flight lets that request finish before the process exits.

The request in flight is an evidence upload from a slow client: the headers go first with
``Expect: 100-continue``; the server's ``100 Continue`` proves the request is inside the app
(reading its body). Then the server gets SIGTERM, the test waits for it to report that it is
shutting down and waiting for that connection, and only then sends the file. No sleeps: each
step waits for the other side to say it got there.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from pathlib import Path

import httpx
import pytest

from kinerja_core.cli import main as kinerja
from kinerja_core.models import Evidence
from tests.demo_city import DEMO_PASSWORD, load_demo, opened, sign_in, writable
from tests.servers import migrate, on_postgres, pass_database, running_server, wait_for

WORKERS = ["--workers", "2"] if on_postgres() else []
PROCESSES = 2 if on_postgres() else 1

LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename ... on LoginSuccess { token me { roles employee { name nip } } }
  ... on UserError { code message }
} }"""
DASHBOARD = """{ me { roles employee { name nip } }
  myDashboard { openPeriods { id }
    plans { id status rater { nip name } progress { feedback } } } }"""
PLAN = (
    """query($id: ID!) { plan(id: $id) { workResults { id indicators { id indicatorType } } } }"""
)
RECORD = """mutation($input: RecordRealizationInput!) { recordRealization(input: $input) {
  __typename ... on Realization { id } ... on UserError { code message }
} }"""
FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename ... on Feedback { id text } ... on UserError { code message }
} }"""
UPLOAD = """mutation($file: Upload!) { uploadEvidence(realizationId: "%s", file: $file) {
  __typename ... on Evidence { id filename } ... on UserError { code message }
} }"""


def test_several_workers_are_refused_on_sqlite(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KINERJA_DATABASE_URL", f"sqlite://{tmp_path / 'kinerja.sqlite3'}")
    monkeypatch.setenv("KINERJA_DATA_DIR", str(tmp_path / "data"))

    assert kinerja(["serve", "--workers", "2"]) == 2
    message = capsys.readouterr().err
    assert "--workers 2 needs PostgreSQL" in message and "KINERJA_DATABASE_URL" in message
    assert kinerja(["serve", "--workers", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
    assert not (tmp_path / "kinerja.sqlite3").exists()  # refused before touching anything


def gql(http: httpx.Client, query: str, variables: dict | None = None, token: str = "") -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def sign_in_with_password(http: httpx.Client, nip: str) -> str:
    answer = gql(http, LOGIN, {"nip": nip, "password": DEMO_PASSWORD})["login"]
    assert answer["__typename"] == "LoginSuccess", answer
    assert answer["me"]["employee"]["nip"] == nip
    return answer["token"]


@pytest.fixture
def demo_server(tmp_path: Path):
    """The demo city (80 employees) served by `kinerja serve` with the pass's workers."""
    with pass_database(tmp_path, "workers") as url:
        migrate(tmp_path, url)
        logins = load_demo(tmp_path, url, employees=80)
        with running_server(tmp_path, url, extra_args=WORKERS, migrate_first=False) as server:
            yield server, url, logins


def test_the_server_answers_the_readme_tour(demo_server, tmp_path):
    server, _, logins = demo_server
    with httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.get("/health").json() == {"status": "ok"}
        assert http.get("/ready").json() == {"status": "ready"}
        nip = logins["employee, SKP APPROVED"]
        employee = sign_in_with_password(http, nip)
        seen = gql(http, DASHBOARD, token=employee)
        assert seen["me"]["employee"]["nip"] == nip and seen["me"]["roles"]
        plan = next(p for p in seen["myDashboard"]["plans"] if p["status"] == "APPROVED")
        (period, *_) = seen["myDashboard"]["openPeriods"]
        indicators = [
            i
            for wr in gql(http, PLAN, {"id": plan["id"]}, employee)["plan"]["workResults"]
            for i in wr["indicators"]
            if i["indicatorType"] == "core.manual"
        ]
        recorded = gql(
            http,
            RECORD,
            {
                "input": {
                    "indicatorId": indicators[0]["id"],
                    "periodId": period["id"],
                    "value": "3",
                    "narrative": "Tiga laporan selesai",
                }
            },
            employee,
        )["recordRealization"]
        assert recorded["__typename"] == "Realization", recorded

        rater = sign_in_with_password(http, plan["rater"]["nip"])
        given = gql(
            http,
            FEEDBACK,
            {
                "input": {
                    "planId": plan["id"],
                    "target": "REALIZATION",
                    "realizationId": recorded["id"],
                    "text": "Bagus, lampirkan notulen.",
                }
            },
            rater,
        )["giveFeedback"]
        assert given["__typename"] == "Feedback", given

        again = gql(http, DASHBOARD, token=employee)["myDashboard"]["plans"]
        after = next(p for p in again if p["id"] == plan["id"])
        assert after["progress"]["feedback"] == plan["progress"]["feedback"] + 1
    # /ready answers as soon as one worker is up; the others may still be starting
    wait_for(
        lambda: server.log_text().count("Application startup complete") >= PROCESSES,
        f"{PROCESSES} worker processes to start",
    )
    log = server.log_text()
    assert log.count("Application startup complete") == PROCESSES, log


def multipart(realization_id: int, content: bytes) -> tuple[str, bytes]:
    """The GraphQL multipart request of an evidence upload: its content type and body."""
    boundary = "kinerja-slow-client"
    operations = {"query": UPLOAD % realization_id, "variables": {"file": None}}
    parts = [
        ("operations", None, json.dumps(operations).encode()),
        ("map", None, json.dumps({"0": ["variables.file"]}).encode()),
        ("0", "laporan-november.txt", content),
    ]
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename:
            body += b"Content-Type: text/plain\r\n"
        body += b"\r\n" + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def read_head(sock: socket.socket) -> bytes:
    """Bytes up to the end of one response head (status line and headers)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_sigterm_lets_the_request_in_flight_finish(demo_server, tmp_path):
    server, url, _ = demo_server

    async def owner_of_a_realisation() -> tuple[int, str]:
        async with opened(url, tmp_path):
            city = await writable()
            slot = city.recorded[0]
            await sign_in(city, {slot.owner_id})
            return slot.realization_id, city.tokens[slot.owner_id]

    realization_id, token = asyncio.run(owner_of_a_realisation())
    content_type, body = multipart(realization_id, b"Laporan bulanan November: 12 kegiatan.\n")
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            (
                "POST /graphql HTTP/1.1\r\n"
                f"Host: {host}:{port}\r\n"
                f"Authorization: Bearer {token}\r\n"
                "Accept: application/json\r\n"
                f"Content-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Expect: 100-continue\r\n\r\n"
            ).encode()
        )
        assert read_head(sock).startswith(b"HTTP/1.1 100 Continue")  # inside the app now

        server.process.send_signal(signal.SIGTERM)
        wait_for(
            lambda: "Waiting for connections to close" in server.log_text(),
            "the server to start its graceful shutdown",
        )
        assert server.process.poll() is None  # still there, waiting for this request

        sock.sendall(body)
        head = read_head(sock)
        rest = head.split(b"\r\n\r\n", 1)[1]
        length = int(
            next(
                line.split(b":", 1)[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
        )
        while len(rest) < length:
            rest += sock.recv(65536)

    assert head.startswith(b"HTTP/1.1 200"), head
    answer = json.loads(rest)["data"]["uploadEvidence"]
    assert answer["__typename"] == "Evidence", answer
    # uvicorn ends by re-raising the SIGTERM it handled: exit 0 or "terminated", both clean
    assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
    log = server.log_text()
    assert "timeout graceful shutdown exceeded" not in log
    assert log.count("Application shutdown complete") == PROCESSES, log

    async def stored() -> Evidence:
        async with opened(url, tmp_path):
            return await Evidence.get(id=int(answer["id"]))

    evidence = asyncio.run(stored())
    assert (evidence.realization_id, evidence.filename) == (
        realization_id,
        "laporan-november.txt",
    )
