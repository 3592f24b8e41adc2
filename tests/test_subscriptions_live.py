"""Subscriptions against the app served in the test's own event loop (tests/ws/live.py).

Sessions ending mid-stream, narrowing by planId, what the socket refuses, limits, overflow.
Same database fixtures as the other core tests, so these run on SQLite and PostgreSQL alike
(on PostgreSQL the events go through NOTIFY/LISTEN).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.domain.enums import PlanStatus
from kinerja_core.models import Account, Feedback, Session
from tests.support import World
from tests.ws.client import GraphQLWS
from tests.ws.data import (
    FEEDBACK,
    LOGOUT,
    RETURN,
    SUB_FEEDBACK,
    SUB_STATUS,
    feedback_input,
    make_plan,
)
from tests.ws.live import LiveServer, live_server


@pytest.fixture
async def live(settings, db, plugin_manager) -> AsyncIterator[LiveServer]:
    app = create_app(settings, manage_db=False, plugins=plugin_manager)
    async with live_server(app) as server:
        yield server


@pytest.fixture
async def http(live: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        yield client


async def post(http: httpx.AsyncClient, query: str, variables: dict, token: str) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


def connect(live: LiveServer, person, **payload):
    return GraphQLWS.connect(live.websocket, {"authorization": f"Bearer {person.token}", **payload})


async def test_relay_matches_the_database(live: LiveServer, settings) -> None:
    kind = live.app.state.realtime.relay.kind
    assert kind == ("postgres" if settings.database_url.startswith("postgres") else "local")


@pytest.mark.parametrize("how", ["logout", "expired", "account_disabled"])
async def test_subscription_ends_when_the_session_ends(
    live: LiveServer, http: httpx.AsyncClient, world: World, how: str
) -> None:
    plan, work, _ = await make_plan(world)
    async with connect(live, world.staff, language="en") as ws:
        await ws.subscribe("fb", SUB_FEEDBACK)
        await ws.listening()
        await post(http, FEEDBACK, feedback_input(plan, work, "Sebelum"), world.kasubag.token)
        assert (await ws.next("fb"))["data"]["feedbackReceived"]["text"] == "Sebelum"

        if how == "logout":
            assert (await post(http, LOGOUT, {}, world.staff.token))["logout"]["__typename"] == (
                "Done"
            )
        elif how == "expired":
            await Session.filter(account__employee_id=world.staff.employee.id).update(
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
            )
        else:
            await Account.filter(employee_id=world.staff.employee.id).update(is_active=False)
        await post(http, FEEDBACK, feedback_input(plan, work, "Sesudah"), world.kasubag.token)

        ended = await ws.message("fb")
        assert ended["type"] == "next" and ended["payload"]["data"] is None
        (error,) = ended["payload"]["errors"]
        assert error["extensions"] == {"code": "realtime.session_ended", "kind": "NotAllowed"}
        assert error["message"] == "Your session has ended; sign in again and reconnect."
        assert (await ws.message("fb"))["type"] == "complete"
        assert await ws.closed() == (4403, "Forbidden: session ended")
    # the feedback itself was given and is there for the next sign-in
    assert await Feedback.filter(text="Sesudah").exists()


async def test_plan_id_narrows_to_one_plan_any_reader_may_watch(
    live: LiveServer, http: httpx.AsyncClient, world: World
) -> None:
    plan = (await make_plan(world, status=PlanStatus.SUBMITTED))[0]
    other = (await make_plan(world, status=PlanStatus.SUBMITTED))[0]
    async with connect(live, world.head) as head:
        # the head may read staff's SKP, though it is neither theirs nor rated by them
        await head.subscribe("one", SUB_STATUS, {"planId": str(plan.id)})
        await head.subscribe("all", SUB_STATUS)
        await head.listening()
        await post(http, RETURN, {"id": str(other.id), "note": "Lain"}, world.kasubag.token)
        await post(http, RETURN, {"id": str(plan.id), "note": "Ini"}, world.kasubag.token)
        got = (await head.next("one"))["data"]["planStatusChanged"]
        assert (got["id"], got["returnNote"]) == (str(plan.id), "Ini")
        # without planId the head is not in the default audience (owner and rater)
        assert not [m for m in head.pending if m.get("id") == "all"]


@pytest.mark.parametrize(
    ("person", "plan_id", "code", "kind"),
    [
        ("staff2", "own-of-staff", "access.denied", "NotAllowed"),
        ("disdik_head", "own-of-staff", "access.denied", "NotAllowed"),
        ("staff", "999999", "not_found", "NotFound"),
        # an id that can name nothing is refused on its field before any SQL runs
        ("staff", "abc", "input.id", "ValidationError"),
    ],
)
async def test_plan_id_the_viewer_may_not_read_is_refused_with_an_error_message(
    live: LiveServer, world: World, person: str, plan_id: str, code: str, kind: str
) -> None:
    plan = (await make_plan(world))[0]
    wanted = str(plan.id) if plan_id == "own-of-staff" else plan_id
    async with connect(live, world.people[person], language="en") as ws:
        await ws.subscribe("x", SUB_FEEDBACK, {"planId": wanted})
        message = await ws.message("x")
    assert message["type"] == "error"
    (error,) = message["payload"]
    assert (error["extensions"]["code"], error["extensions"]["kind"]) == (code, kind)


@pytest.mark.parametrize(
    "document",
    ["query { me { id } }", 'mutation { login(nip: "1", password: "x") { __typename } }'],
    ids=["query", "mutation"],
)
async def test_only_subscriptions_run_over_the_socket(
    live: LiveServer, world: World, document: str
) -> None:
    async with connect(live, world.staff, language="en") as ws:
        await ws.subscribe("q", document)
        message = await ws.message("q")
        assert message["type"] == "error"
        assert message["payload"][0]["extensions"]["code"] == "realtime.subscriptions_only"
        # the connection stays usable
        await ws.subscribe("s", SUB_FEEDBACK)
        await ws.listening()


async def test_depth_limit_applies_to_subscriptions(live: LiveServer, world: World) -> None:
    deep = "employee { " * 14 + "id" + " }" * 14
    document = f"subscription {{ feedbackReceived {{ plan {{ {deep} }} }} }}"
    async with connect(live, world.staff) as ws:
        await ws.subscribe("deep", document)
        message = await ws.message("deep")
    assert message["type"] == "error"
    assert "exceeds maximum operation depth" in message["payload"][0]["message"]


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ("subscription { nope }", "Cannot query field 'nope'"),
        ("subscription {", "Syntax Error"),
        ("subscription { feedbackReceived { id " + "text " * 5000 + "} }", "tokens"),
    ],
    ids=["unknown-field", "syntax", "too-many-tokens"],
)
async def test_documents_that_cannot_run_get_an_error_message(
    live: LiveServer, world: World, document: str, says: str
) -> None:
    async with connect(live, world.staff) as ws:
        await ws.subscribe("bad", document)
        message = await ws.message("bad")
        assert message["type"] == "error"
        assert says in message["payload"][0]["message"]
        await ws.subscribe("good", SUB_FEEDBACK)  # the connection stays usable
        await ws.listening()


async def test_complete_stops_one_subscription_and_leaves_the_others(
    live: LiveServer, http: httpx.AsyncClient, world: World
) -> None:
    plan, work, _ = await make_plan(world)
    async with connect(live, world.staff) as ws:
        await ws.subscribe("a", SUB_FEEDBACK)
        await ws.subscribe("b", SUB_FEEDBACK, {"planId": str(plan.id)})
        await ws.listening()
        await ws.complete("a")
        await ws.listening()
        for text in ("Satu", "Dua"):
            await post(http, FEEDBACK, feedback_input(plan, work, text), world.kasubag.token)
            assert (await ws.next("b"))["data"]["feedbackReceived"]["text"] == text
        assert not [m for m in ws.pending if m.get("id") == "a"]
        # "a" stopped listening on the hub (long done: two requests were served since)
        assert live.app.state.realtime.hub.subscriber_count == 1


async def test_a_subscriber_that_falls_too_far_behind_is_ended_with_overflow(
    live: LiveServer, world: World
) -> None:
    plan, work, _ = await make_plan(world)
    rows = [
        await Feedback.create(
            plan=plan,
            author_id=world.kasubag.employee.id,
            target="WORK_RESULT",
            work_result=work,
            text=f"#{n}",
        )
        for n in range(4)
    ]
    hub = live.app.state.realtime.hub
    hub.inbox_size = 2
    async with connect(live, world.staff, language="en") as ws:
        await ws.subscribe("fb", SUB_FEEDBACK)
        await ws.listening()
        for row in rows:  # in one go: the stream cannot read in between
            hub.dispatch(
                "feedback_given",
                {"feedback_id": row.id, "plan_id": plan.id, "employee_id": plan.employee_id},
            )
        texts = [(await ws.next("fb"))["data"]["feedbackReceived"]["text"] for _ in range(2)]
        assert texts == ["#0", "#1"]
        ended = await ws.message("fb")
        assert ended["payload"]["errors"][0]["extensions"]["code"] == "realtime.overflow"
        assert (await ws.message("fb"))["type"] == "complete"
        # the connection itself is fine: subscribe again
        hub.inbox_size = 256
        await ws.subscribe("again", SUB_FEEDBACK)
        await ws.listening()


async def test_legacy_subprotocol_is_not_served(live: LiveServer, world: World) -> None:
    async with GraphQLWS.connect(live.websocket, init=False, subprotocols=("graphql-ws",)) as ws:
        code, reason = await ws.closed()
    assert (code, reason) == (4406, "Subprotocol not acceptable")
