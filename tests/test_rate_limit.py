"""A request rate limit per client address and per bearer token: 429 with Retry-After.

Health probes are never limited; ``X-Forwarded-For`` counts only from configured proxies.
"""

from __future__ import annotations

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.throttle.addresses import client_address, trusted_networks
from kinerja_core.throttle.store import MemoryStore

ME = {"query": "{ __typename }"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def limited_app(settings, plugin_manager, **limits):
    app = create_app(settings.replace(**limits), manage_db=False, plugins=plugin_manager)
    clock = Clock()
    app.state.limits.set_clock(clock)
    return app, clock


def client(app, address: str = "10.1.2.3") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_an_address_over_its_rate_gets_429_with_retry_after(db, settings, plugin_manager):
    app, clock = limited_app(
        settings, plugin_manager, rate_limit_per_address=0.5, rate_limit_address_burst=3
    )
    async with client(app) as http:
        for _ in range(3):
            assert (await http.post("/graphql", json=ME)).status_code == 200
        refused = await http.post("/graphql", json=ME, headers={"Accept-Language": "en"})
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "2"
        assert refused.headers["content-type"] == "application/json"
        assert refused.json() == {
            "errors": [
                {
                    "message": "Too many requests. Try again in 2 seconds.",
                    "extensions": {"code": "rate_limited", "retryAfter": 2},
                }
            ]
        }
        assert (await http.get("/evidence/1")).status_code == 429  # every route counts
        clock.now += 2
        assert (await http.post("/graphql", json=ME)).status_code == 200
    async with client(app, "10.9.9.9") as other:  # another address has its own bucket
        assert (await other.post("/graphql", json=ME)).status_code == 200


async def test_a_token_over_its_rate_is_refused_while_others_are_served(
    world, settings, plugin_manager
):
    app, _ = limited_app(
        settings, plugin_manager, rate_limit_per_token=0.1, rate_limit_token_burst=2
    )
    async with client(app) as http:
        for _ in range(2):
            answer = await http.post("/graphql", json=ME, headers=bearer(world.staff.token))
            assert answer.status_code == 200
        refused = await http.post("/graphql", json=ME, headers=bearer(world.staff.token))
        assert (refused.status_code, refused.headers["retry-after"]) == (429, "10")
        assert refused.json()["errors"][0]["extensions"]["code"] == "rate_limited"
        answer = await http.post("/graphql", json=ME, headers=bearer(world.staff2.token))
        assert answer.status_code == 200  # same address, another person's token


async def test_invented_tokens_still_spend_the_address_allowance(db, settings, plugin_manager):
    app, _ = limited_app(
        settings, plugin_manager, rate_limit_per_address=0.1, rate_limit_address_burst=3
    )
    async with client(app) as http:
        codes = [
            (await http.post("/graphql", json=ME, headers=bearer(f"made-up-{n}"))).status_code
            for n in range(4)
        ]
    assert codes == [200, 200, 200, 429]


async def test_health_probes_are_never_limited(db, settings, plugin_manager):
    app, _ = limited_app(
        settings, plugin_manager, rate_limit_per_address=0.1, rate_limit_address_burst=1
    )
    async with client(app) as http:
        assert (await http.post("/graphql", json=ME)).status_code == 200
        assert (await http.post("/graphql", json=ME)).status_code == 429
        for _ in range(5):
            assert (await http.get("/health")).status_code == 200
            assert (await http.get("/ready")).status_code != 429


async def test_forwarded_for_counts_only_behind_a_trusted_proxy(db, settings, plugin_manager):
    app, _ = limited_app(
        settings,
        plugin_manager,
        rate_limit_per_address=0.1,
        rate_limit_address_burst=1,
        trusted_proxies=("10.0.0.0/24",),
    )
    async with client(app, "10.0.0.2") as proxy:  # two clients behind the proxy
        for user in ("203.0.113.7", "203.0.113.8"):
            forwarded = {"X-Forwarded-For": f"6.6.6.6, {user}"}
            assert (await proxy.post("/graphql", json=ME, headers=forwarded)).status_code == 200
        forwarded = {"X-Forwarded-For": "203.0.113.7"}
        assert (await proxy.post("/graphql", json=ME, headers=forwarded)).status_code == 429
    async with client(app, "198.51.100.1") as direct:  # not a proxy: the header is ignored
        for n, expected in enumerate((200, 429)):
            forwarded = {"X-Forwarded-For": f"192.0.2.{n}"}
            assert (await direct.post("/graphql", json=ME, headers=forwarded)).status_code == (
                expected
            )


async def test_a_limited_websocket_handshake_is_refused(db, settings, plugin_manager):
    app, _ = limited_app(
        settings, plugin_manager, rate_limit_per_address=0.1, rate_limit_address_burst=1
    )
    limits = app.state.limits
    assert await limits.rate.admit("10.1.2.3", None) == 0.0  # the one request of the burst
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "websocket.connect"}

    async def send(message: dict) -> None:
        sent.append(message)

    from kinerja_core.throttle.rate_limit import RateLimitMiddleware

    async def never(scope, receive, send):  # pragma: no cover - must not be reached
        raise AssertionError("the limited handshake reached the app")

    scope = {"type": "websocket", "path": "/graphql", "client": ("10.1.2.3", 1), "headers": []}
    await RateLimitMiddleware(never, limits)(scope, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "rate limited"}]


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        ("198.51.100.1", "1.2.3.4", "198.51.100.1"),  # not a proxy: header ignored
        ("10.0.0.2", "1.2.3.4", "1.2.3.4"),
        ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.3", "1.2.3.4"),  # right to left, skip proxies
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::1]:5000", "2001:db8::1"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_address_reads_forwarded_for_from_the_right(peer, header, expected):
    headers = [(b"x-forwarded-for", header.encode())] if header else []
    scope = {"type": "http", "client": (peer, 1), "headers": headers}
    assert client_address(scope, trusted_networks(["10.0.0.0/24"])) == expected


def test_a_wrong_trusted_proxy_entry_fails_the_start():
    with pytest.raises(ValueError, match="trusted_proxies"):
        trusted_networks(["10.0.0.0/33"])


async def test_the_memory_store_never_grows_past_its_size():
    store = MemoryStore(max_keys=100)
    for n in range(1000):
        await store.increment(f"login:addr:{n}", 0.0, 60.0)
    assert len(store) == 100
    assert await store.increment("login:addr:999", 1.0, 60.0) == 2  # the newest are kept
    assert await store.increment("login:addr:0", 1.0, 60.0) == 1  # the oldest went first
