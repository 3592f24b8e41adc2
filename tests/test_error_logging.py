"""What a failed request leaves in the log: one line for a refusal, never the query or a secret."""

from __future__ import annotations

import logging

import pytest

from tests.support import gql
from tests.test_http import probe  # noqa: F401  (fixture: the app with a crashing field)

SECRET = "Rahasia-Sekali-9917"

# Each request carries the secret inline (or in a variable) and fails in another way.
FAILING = {
    "unknown argument": (
        f'mutation {{ login(nip: "1", password: "{SECRET}", remember: true) {{ __typename }} }}',
        None,
    ),
    "wrong literal type": ('mutation { login(nip: "1", password: 99179917) { __typename } }', None),
    "wrong variable type": (
        'mutation($p: String!) { login(nip: "1", password: $p) { __typename } }',
        {"p": {"value": SECRET}},
    ),
    "refused query": (f'# signed out, "{SECRET}" typed by mistake\n{{ me {{ roles }} }}', None),
    "syntax error": (f'mutation {{ login(nip: "1" password: "{SECRET}" {{ __typename }} }}', None),
}


@pytest.mark.parametrize("kind", FAILING)
async def test_failed_request_logs_one_line_without_query_or_secret(client, caplog, kind):
    caplog.set_level(logging.DEBUG)
    query, variables = FAILING[kind]
    body = await gql(client, query, variables)
    assert body["errors"]
    text = caplog.text
    assert SECRET not in text and "99179917" not in text
    assert "login(" not in text and "me {" not in text
    refusals = [r for r in caplog.records if r.name == "kinerja.graphql"]
    assert len(refusals) == len(body["errors"])
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in refusals)
    assert not any(r.exc_info or r.stack_info for r in caplog.records)


async def test_expected_refusal_names_its_code_and_path(client, caplog):
    caplog.set_level(logging.INFO, logger="kinerja.graphql")
    await gql(client, "query Mine { me { roles } }")
    (record,) = [r for r in caplog.records if r.name == "kinerja.graphql"]
    message = record.getMessage()
    assert "operation=Mine" in message
    assert "kind=NotAllowed code=auth.required path=me" in message


async def test_unexpected_error_logs_a_traceback_without_query_or_variables(probe, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    query = f'query Crash {{ probeCrash # "{SECRET}"\n }}'
    response = await probe.post(
        "/graphql",
        json={"query": query, "variables": {"p": SECRET}},
        headers={"X-Request-Id": "req-log-1"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "internal"
    with_traceback = [r for r in caplog.records if r.exc_info]
    assert len(with_traceback) == 1 and "req-log-1" in with_traceback[0].getMessage()
    assert SECRET not in caplog.text and "probeCrash" not in caplog.text


def test_real_server_keeps_secrets_out_of_its_log(tmp_path):
    """`kinerja serve` in production: the access log and the app log carry no secret."""
    import httpx

    from tests.servers import pass_database, running_server

    with pass_database(tmp_path) as url, running_server(tmp_path, url) as server:
        login = f'mutation {{ login(nip: "1", password: "{SECRET}") {{ __typename }} }}'
        with httpx.Client(timeout=10) as http:
            by_get = http.get(server.graphql, params={"query": login})
            invalid = http.post(server.graphql, json={"query": login.replace(")", ", x: 1)")})
            schema = http.post(server.graphql, json={"query": "{ __schema { types { name } } }"})
        assert by_get.status_code == 405
        assert invalid.json()["errors"] and "Did you mean" not in invalid.text
        assert schema.json()["errors"][0]["extensions"]["code"] == "auth.required"
        for response in (by_get, invalid, schema):
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["cache-control"] == "no-store"
        server.stop()
        log = server.log_text()
    assert '"GET /graphql?... HTTP/1.1" 405' in log
    assert SECRET not in log and "login(" not in log
