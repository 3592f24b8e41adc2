"""Wrong passwords slow down and then lock sign-in, per NIP and per client address (issue 8.4).

Through the app: the block comes with when to retry (message, ``Throttled`` fields), a blocked
attempt costs no argon2 check, a right password clears the NIP, and the block is temporary.
"""

from __future__ import annotations

import httpx
import pytest

from kinerja_core.app import create_app
from kinerja_core.throttle import hashing
from tests.support import PASSWORD, gql

LOGIN = """mutation($nip: String!, $password: String!) { login(nip: $nip, password: $password) {
  __typename
  ... on LoginSuccess { token }
  ... on UserError { code message }
  ... on Throttled { retryAfterSeconds retryAt }
} }"""


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def app_at(settings, db, plugin_manager):
    """The app with its abuse limits on a clock the test moves."""
    app = create_app(settings, manage_db=False, plugins=plugin_manager)
    clock = Clock()
    app.state.limits.set_clock(clock)
    return app, clock


def client_from(app, address: str = "10.1.2.3") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def login(http, nip: str, password: str, lang: str | None = None) -> dict:
    body = await gql(http, LOGIN, {"nip": nip, "password": password}, lang=lang)
    assert not body.get("errors"), body
    return body["data"]["login"]


@pytest.fixture
def count_hashes(monkeypatch) -> list[int]:
    """How many argon2 checks the login path computed."""
    calls: list[int] = []
    real = hashing.verify_password

    def counting(password_hash: str, password: str) -> bool:
        calls.append(1)
        return real(password_hash, password)

    monkeypatch.setattr(hashing, "verify_password", counting)
    return calls


async def test_wrong_passwords_for_one_nip_lock_it_with_when_to_retry(world, app_at, count_hashes):
    app, clock = app_at
    nip = world.staff.employee.nip
    async with client_from(app) as http:
        for _ in range(4):  # the free failures answer "wrong password"
            assert (await login(http, nip, "salah-salah"))["code"] == "auth.invalid_credentials"
        assert (await login(http, nip, "salah-salah"))["code"] == "auth.invalid_credentials"
        hashed = len(count_hashes)

        blocked = await login(http, nip, PASSWORD, lang="en")  # even the right password waits
        assert blocked["__typename"] == "Throttled"
        assert blocked["code"] == "auth.throttled"
        assert blocked["retryAfterSeconds"] == 2
        assert "Try again in 2 seconds" in blocked["message"]
        assert blocked["retryAt"].startswith("2027-01-15T08:00:02")
        assert len(count_hashes) == hashed  # no argon2 work for a blocked attempt

        clock.now += 2  # the block is over; another failure doubles it
        assert (await login(http, nip, "salah-lagi"))["code"] == "auth.invalid_credentials"
        assert (await login(http, nip, PASSWORD))["retryAfterSeconds"] == 4


async def test_the_delay_keeps_growing_but_never_locks_for_longer_than_the_cap(world, app_at):
    app, clock = app_at
    nip = world.staff.employee.nip
    waits = []
    async with client_from(app) as http:
        for _ in range(20):
            await login(http, nip, "salah-salah")
            answer = await login(http, nip, "salah-salah")
            if answer["__typename"] == "Throttled":
                waits.append(answer["retryAfterSeconds"])
                clock.now += answer["retryAfterSeconds"]
        assert waits[:4] == [2, 4, 8, 16]
        assert max(waits) == 900 and waits[-1] == 900  # 15 minutes at most

        clock.now += 3600  # an hour without failures: the NIP starts afresh
        assert (await login(http, nip, PASSWORD))["__typename"] == "LoginSuccess"


async def test_a_right_password_clears_the_count_of_the_nip(world, app_at):
    app, _ = app_at
    nip = world.staff.employee.nip
    async with client_from(app) as http:
        for _ in range(4):
            await login(http, nip, "salah-salah")
        assert (await login(http, nip, PASSWORD))["__typename"] == "LoginSuccess"
        for _ in range(4):  # four more are free again
            assert (await login(http, nip, "salah-salah"))["code"] == "auth.invalid_credentials"
        assert (await login(http, nip, PASSWORD))["__typename"] == "LoginSuccess"


async def test_a_stranger_cannot_lock_a_person_out_of_their_usual_address(world, app_at):
    app, _ = app_at
    nip = world.staff.employee.nip
    async with client_from(app, "10.0.0.7") as office:
        assert (await login(office, nip, PASSWORD))["__typename"] == "LoginSuccess"
    async with client_from(app, "203.0.113.9") as stranger:
        for _ in range(6):
            await login(stranger, nip, "tebak-tebak")
        assert (await login(stranger, nip, PASSWORD))["__typename"] == "Throttled"
    async with client_from(app, "198.51.100.4") as elsewhere:  # the NIP is blocked elsewhere
        assert (await login(elsewhere, nip, PASSWORD))["__typename"] == "Throttled"
    async with client_from(app, "10.0.0.7") as office:  # but not where its owner signs in
        assert (await login(office, nip, PASSWORD))["__typename"] == "LoginSuccess"


async def test_one_address_guessing_many_nips_is_blocked(world, app_at, settings):
    app, _ = app_at
    people = [world.staff, world.staff2, world.kasubag, world.kabid, world.head, world.admin]
    async with client_from(app, "192.0.2.50") as attacker:
        for attempt in range(settings.login_free_failures_per_address):
            nip = people[attempt % len(people)].employee.nip
            assert (await login(attacker, nip, "tebak-tebak"))["__typename"] != "LoginSuccess"
        answer = await login(attacker, world.staff_p2p.employee.nip, PASSWORD)
        assert answer["__typename"] == "Throttled"
    async with client_from(app, "192.0.2.51") as other:  # another address is not affected
        answer = await login(other, world.staff_p2p.employee.nip, PASSWORD)
        assert answer["__typename"] == "LoginSuccess"


async def test_unknown_nips_are_throttled_like_known_ones(db, app_at):
    app, _ = app_at
    async with client_from(app) as http:
        for _ in range(5):
            assert (await login(http, "199001012020011001", "x" * 9))["code"] == (
                "auth.invalid_credentials"
            )
        answer = await login(http, "199001012020011001", "x" * 9, lang="id")
        assert answer["__typename"] == "Throttled"
        assert "Coba lagi dalam 2 detik" in answer["message"]


async def test_password_checks_run_in_a_worker_thread(world, app_at, monkeypatch):
    import threading

    app, _ = app_at
    threads: list[bool] = []
    real = hashing.verify_password

    def recording(password_hash: str, password: str) -> bool:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(password_hash, password)

    monkeypatch.setattr(hashing, "verify_password", recording)
    async with client_from(app) as http:
        assert (await login(http, world.staff.employee.nip, PASSWORD))["__typename"] == (
            "LoginSuccess"
        )
        await login(http, world.staff.employee.nip, "salah-salah")
        await login(http, "199001012020011001", "salah-salah")
    assert threads == [False, False, False]


async def test_a_full_hashing_queue_answers_busy_without_hashing(db, settings, count_hashes):
    from kinerja_core.errors import Throttled
    from tests.support import _PASSWORD_HASH

    tiny = settings.replace(password_hash_threads=1, password_hash_queue=0)
    async with hashing._limiter(1):  # the only hashing thread is taken
        with pytest.raises(Throttled) as refused:
            await hashing.check_password(tiny, _PASSWORD_HASH, PASSWORD)
    assert refused.value.code == "auth.busy" and count_hashes == []
    assert await hashing.check_password(tiny, _PASSWORD_HASH, PASSWORD) is True
