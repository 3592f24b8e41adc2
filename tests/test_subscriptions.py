"""Subscriptions end to end: a real `kinerja serve`, a graphql-transport-ws client over the
``websockets`` library, writes over HTTP.

One server per module (SQLite; PostgreSQL when KINERJA_TEST_DATABASE_URL names it, then events
travel through LISTEN/NOTIFY even in one process). Each test uses its own rows (tests/ws/seed).

"Does not receive" is shown without waiting for nothing: events reach a subscriber in commit
order, so a peer whose first message is a later event meant for them did not get the earlier
one.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from tests.servers import Server, running_server
from tests.ws.client import GraphQLWS
from tests.ws.data import (
    FEEDBACK,
    FINALIZE,
    RECORD,
    RETURN,
    SUB_EVALUATION,
    SUB_FEEDBACK,
    SUB_REALIZATION,
    SUB_STATUS,
    feedback_input,
)
from tests.ws.pg import fresh_database
from tests.ws.seed import Seeded, seed


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Seeded]]:
    tmp_path = tmp_path_factory.mktemp("subscriptions")
    with ExitStack() as stack:
        if os.environ.get("KINERJA_TEST_DATABASE_URL", "").startswith("postgres"):
            url = stack.enter_context(fresh_database())
        else:
            url = f"sqlite://{tmp_path / 'subscriptions.sqlite3'}"
        seeded = seed(tmp_path, url)
        server = stack.enter_context(running_server(tmp_path, url, migrate_first=False))
        yield server, seeded


@pytest.fixture
def server(stack: tuple[Server, Seeded]) -> Server:
    return stack[0]


@pytest.fixture
def seeded(stack: tuple[Server, Seeded]) -> Seeded:
    return stack[1]


@pytest.fixture
async def http(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        yield client


async def mutate(http: httpx.AsyncClient, query: str, variables: dict, token: str) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    (result,) = body["data"].values()
    assert "code" not in result, result
    return result


def signed_in(server: Server, person: Any):
    return GraphQLWS.connect(server.websocket, {"authorization": f"Bearer {person.token}"})


async def test_employee_receives_feedback_the_rater_gives_and_a_peer_does_not(
    server: Server, seeded: Seeded, http: httpx.AsyncClient
) -> None:
    world = seeded.world
    plan, work, _ = seeded["feedback_staff"]
    peer_plan, peer_work, _ = seeded["feedback_staff2"]
    async with signed_in(server, world.staff) as staff, signed_in(server, world.staff2) as peer:
        await staff.subscribe("mine", SUB_FEEDBACK)
        await peer.subscribe("mine", SUB_FEEDBACK)
        await staff.listening()
        await peer.listening()

        given = "Lengkapi daftar hadir rapat."
        await mutate(http, FEEDBACK, feedback_input(plan, work, given), world.kasubag.token)
        await mutate(
            http,
            FEEDBACK,
            feedback_input(peer_plan, peer_work, "Untuk staff2"),
            world.kasubag.token,
        )
        await mutate(http, FEEDBACK, feedback_input(plan, work, "Kedua"), world.kasubag.token)

        received = (await staff.next("mine"))["data"]["feedbackReceived"]
        assert received["text"] == given
        assert received["target"] == "WORK_RESULT"
        assert received["author"] == {"id": world.kasubag.id, "name": "Kasubag Test"}
        assert received["plan"] == {
            "id": str(plan.id),
            "status": "APPROVED",
            "employee": {"id": world.staff.id},
        }
        # staff2's feedback (committed in between) never reached staff: "Kedua" comes next
        assert (await staff.next("mine"))["data"]["feedbackReceived"]["text"] == "Kedua"
        # and the peer's first message is their own feedback, not staff's
        assert (await peer.next("mine"))["data"]["feedbackReceived"]["text"] == "Untuk staff2"


@pytest.mark.parametrize(
    "payload",
    [
        {"authorization": "Bearer kin_not-a-real-token"},
        {"token": "kin_not-a-real-token"},
        {"authorization": "Basic dXNlcjpwYXNz"},
        {"authorization": 42},
        {},
    ],
    ids=["bad-bearer", "bad-token", "other-scheme", "not-a-string", "no-credentials"],
)
async def test_connection_without_valid_credentials_is_closed_with_4403(
    server: Server, payload: dict
) -> None:
    async with GraphQLWS.connect(server.websocket, init=False) as ws:
        await ws.send({"type": "connection_init", "payload": payload})
        assert await ws.closed() == (4403, "Forbidden")


async def test_token_form_of_the_payload_signs_in_too(server: Server, seeded: Seeded) -> None:
    async with GraphQLWS.connect(server.websocket, {"token": seeded.world.staff.token}) as ws:
        await ws.subscribe("1", SUB_FEEDBACK)
        await ws.listening()  # acknowledged and subscribed: no error, no close


async def test_plan_status_change_reaches_employee_and_rater_not_a_peer(
    server: Server, seeded: Seeded, http: httpx.AsyncClient
) -> None:
    world = seeded.world
    plan, peer_plan = seeded["submitted_staff"], seeded["submitted_staff2"]
    async with (
        signed_in(server, world.staff) as owner,
        signed_in(server, world.kasubag) as rater,
        signed_in(server, world.staff2) as peer,
    ):
        for ws in (owner, rater, peer):
            await ws.subscribe("status", SUB_STATUS)
            await ws.listening()

        note = "Tambahkan indikator kualitas."
        await mutate(http, RETURN, {"id": str(plan.id), "note": note}, world.kasubag.token)
        await mutate(
            http, RETURN, {"id": str(peer_plan.id), "note": "Untuk staff2"}, world.kasubag.token
        )

        expected = {
            "id": str(plan.id),
            "status": "RETURNED",
            "returnNote": note,
            "employee": {"id": world.staff.id},
            "rater": {"id": world.kasubag.id},
        }
        assert (await owner.next("status"))["data"]["planStatusChanged"] == expected
        assert (await rater.next("status"))["data"]["planStatusChanged"] == expected
        # the rater rates staff2 too; the peer gets only their own SKP
        assert (await rater.next("status"))["data"]["planStatusChanged"]["id"] == str(peer_plan.id)
        assert (await peer.next("status"))["data"]["planStatusChanged"]["id"] == str(peer_plan.id)


async def test_evaluation_finalized_reaches_employee_and_rater_superior_not_a_peer(
    server: Server, seeded: Seeded, http: httpx.AsyncClient
) -> None:
    world = seeded.world
    evaluation, peer_evaluation = seeded["evaluation_staff"], seeded["evaluation_staff2"]
    async with (
        signed_in(server, world.staff) as owner,
        signed_in(server, world.sekretaris) as superior,
        signed_in(server, world.staff2) as peer,
    ):
        for ws in (owner, superior, peer):
            await ws.subscribe("final", SUB_EVALUATION)
            await ws.listening()

        await mutate(http, FINALIZE, {"id": str(evaluation.id)}, world.kasubag.token)
        await mutate(http, FINALIZE, {"id": str(peer_evaluation.id)}, world.kasubag.token)

        for ws in (owner, superior):
            got = (await ws.next("final"))["data"]["evaluationFinalized"]
            assert got == {
                "id": str(evaluation.id),
                "status": "FINAL",
                "predikat": "BAIK",
                "plan": {"id": str(evaluation.plan_id)},
                "rater": {"id": world.kasubag.id},
            }
        first = (await peer.next("final"))["data"]["evaluationFinalized"]
        assert first["id"] == str(peer_evaluation.id)


async def test_realization_reaches_rater_and_head_not_a_peer_or_another_agency(
    server: Server, seeded: Seeded, http: httpx.AsyncClient
) -> None:
    world = seeded.world
    period, disdik_period = seeded["period"], seeded["disdik_period"]
    _, _, indicator = seeded["realization_staff"]
    _, _, peer_indicator = seeded["realization_staff2"]
    _, _, disdik_indicator = seeded["realization_disdik_staff"]

    def record(ind: Any, per: Any, value: str) -> dict:
        return {"input": {"indicatorId": str(ind.id), "periodId": str(per.id), "value": value}}

    async with (
        signed_in(server, world.kasubag) as rater,
        signed_in(server, world.head) as head,
        signed_in(server, world.staff2) as peer,
        signed_in(server, world.disdik_head) as other_head,
    ):
        for ws in (rater, head, peer, other_head):
            await ws.subscribe("real", SUB_REALIZATION)
            await ws.listening()

        recorded = await mutate(http, RECORD, record(indicator, period, "3"), world.staff.token)
        await mutate(http, RECORD, record(peer_indicator, period, "4"), world.staff2.token)
        await mutate(
            http, RECORD, record(disdik_indicator, disdik_period, "5"), world.disdik_staff.token
        )

        for ws in (rater, head):
            got = (await ws.next("real"))["data"]["realizationRecorded"]
            assert got == {
                "id": recorded["id"],
                "value": "3",
                "period": {"id": str(period.id)},
                "indicator": {"id": str(indicator.id)},
                "recordedBy": {"id": world.staff.id},
            }
        # the peer's first event is their own realisasi; the other agency's head gets only
        # their agency's
        assert (await peer.next("real"))["data"]["realizationRecorded"]["value"] == "4"
        assert (await other_head.next("real"))["data"]["realizationRecorded"]["value"] == "5"
