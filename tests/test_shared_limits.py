"""The login throttle and the rate limits shared across processes and machines (issue 15).

Every behaviour test of tests/test_login_throttle.py and tests/test_rate_limit.py runs again
here on each shared store (``throttle_store = "database"``: the table ``throttle_state`` of
the pass's database; ``"redis"``: the Redis at 127.0.0.1:6379 under a prefix of its own per
test). Then two apps on one database, as two nodes are, share one throttle: failures on one
lock the NIP on the other, a burst spent on one is spent on the other. Token revocation
needs no sharing: each request looks its session up in the database (last test).
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.throttle.shared import make_throttle_store
from tests.support import PASSWORD, gql
from tests.test_login_throttle import *  # noqa: F403 - the same behaviour on a shared store
from tests.test_login_throttle import Clock, client_from, login
from tests.test_rate_limit import (  # noqa: F401 - the same behaviour on a shared store
    test_a_limited_websocket_handshake_is_refused,
    test_a_token_over_its_rate_is_refused_while_others_are_served,
    test_an_address_over_its_rate_gets_429_with_retry_after,
    test_forwarded_for_counts_only_behind_a_trusted_proxy,
    test_health_probes_are_never_limited,
    test_invented_tokens_still_spend_the_address_allowance,
)

ME = """{ me { employee { nip } } }"""


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "redis"])
def settings(settings, request):
    changes = {"throttle_store": request.param}
    if request.param == "redis":
        if not redis_up():
            pytest.skip("no Redis at 127.0.0.1:6379")
        prefix = f"kt-{uuid.uuid4().hex[:12]}:"
        changes["redis_prefix"] = prefix
        request.addfinalizer(lambda: drop_redis_keys(prefix))
    return settings.replace(**changes)


def drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


async def test_the_store_contract_holds(settings, db):
    store = make_throttle_store(settings)
    t = 1_800_000_000.0
    assert await store.increment("c", t, 60) == 1
    assert await store.increment("c", t + 1, 60) == 2
    assert await store.increment("c", t + 2, 60, amount=-5) == 0  # never below zero
    assert await store.increment("c", t + 3, 60) == 1
    assert await store.increment("c", t + 64, 60) == 1  # expired: counted afresh

    await store.block("c", t + 10)
    await store.block("c", t + 5)  # never shortens a longer block
    assert await store.blocked_until("c", t) == t + 10
    assert await store.blocked_until("c", t + 10) == 0.0
    await store.block("d", t + 10)
    await store.clear("d")
    assert await store.blocked_until("d", t) == 0.0

    await store.remember("k", "10.0.0.1", t, 30)
    assert await store.recalls("k", "10.0.0.1", t + 29)
    assert not await store.recalls("k", "10.0.0.1", t + 31)
    assert not await store.recalls("k", "10.0.0.2", t)

    assert [await store.take("b", 0.5, 3, t) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert await store.take("b", 0.5, 3, t) == pytest.approx(2.0)
    assert await store.take("b", 0.5, 3, t + 2) == 0.0  # refilled one token
    assert await store.take("b", 0.5, 3, t + 2) == pytest.approx(2.0)
    close = getattr(store, "close", None)
    if close:
        await close()


def two_nodes(settings, plugin_manager, **limits):
    """Two apps on one database and one store, as two machines are, on one clock."""
    clock = Clock()
    apps = []
    for _ in range(2):
        app = create_app(settings.replace(**limits), manage_db=False, plugins=plugin_manager)
        app.state.limits.set_clock(clock)
        apps.append(app)
    return apps, clock


async def test_failures_on_one_node_lock_the_nip_on_the_other(world, settings, plugin_manager):
    (first, second), _ = two_nodes(settings, plugin_manager)
    nip = world.staff.employee.nip
    async with client_from(first) as one, client_from(second) as two:
        for http in (one, two, one, two, one):  # five free failures, spread over both
            assert (await login(http, nip, "salah-salah"))["code"] == "auth.invalid_credentials"
        for http in (one, two):
            blocked = await login(http, nip, PASSWORD)
            assert (blocked["__typename"], blocked["retryAfterSeconds"]) == ("Throttled", 2)


async def test_a_burst_spent_on_one_node_is_spent_on_the_other(db, settings, plugin_manager):
    (first, second), _ = two_nodes(
        settings, plugin_manager, rate_limit_per_address=0.5, rate_limit_address_burst=3
    )
    query = {"query": "{ __typename }"}
    async with client_from(first) as one, client_from(second) as two:
        for http in (one, two, one):
            assert (await http.post("/graphql", json=query)).status_code == 200
        for http in (two, one):
            refused = await http.post("/graphql", json=query)
            assert (refused.status_code, refused.headers["retry-after"]) == (429, "2")


async def test_a_token_revoked_on_one_node_stops_at_once_on_the_other(
    world, settings, plugin_manager
):
    (first, second), _ = two_nodes(settings, plugin_manager)
    async with client_from(first) as one, client_from(second) as two:
        token = (await login(one, world.staff.employee.nip, PASSWORD))["token"]
        before = await gql(two, ME, token=token)
        assert before["data"]["me"]["employee"]["nip"] == world.staff.employee.nip
        logout = "mutation { logout { __typename } }"
        assert (await gql(one, logout, token=token))["data"]["logout"]["__typename"] == "Done"
        after = await gql(two, ME, token=token)
        assert after["errors"][0]["extensions"]["code"] == "auth.required", after


@pytest.mark.parametrize("name", ["nope"])
def test_an_unknown_throttle_store_fails_the_start(settings, name):
    with pytest.raises(ValueError, match="throttle_store must be one of memory, database, redis"):
        make_throttle_store(settings.replace(throttle_store=name))


assert httpx  # the imported tests use it through their helpers
