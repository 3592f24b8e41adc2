"""The login throttle: growing delays for wrong passwords, per NIP and per client address.

Three counters, each forgotten after ``login_forget_after`` seconds without a failure:

- per NIP and address pair, and per NIP from any address: after ``login_free_failures_per_nip``
  wrong passwords the NIP is blocked for ``login_base_delay`` seconds, doubling with each
  further failure up to ``login_max_delay``;
- per address, for any NIP: the same after ``login_free_failures_per_address`` failures
  (higher, because a whole office may sit behind one address).

An attempt during a block is refused before the password is looked at: no argon2 work is
spent on it and it does not lengthen the block. An attempt that passes is counted as a
failure before its password is checked (and taken back if it was not a wrong password), so a
burst of concurrent guesses gets no more than the free ones checked. A successful login clears
the NIP's counters (not the address's: an attacker must not reset them by signing in to an
account of their own)
and remembers the address as one the person uses; the per-NIP block does not apply from such
an address, so a stranger guessing a victim's password cannot lock the victim out of their
usual network. The pair counter still does.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from kinerja_core.errors import KinerjaError, Throttled
from kinerja_core.settings import Settings
from kinerja_core.throttle.store import ThrottleStore

T = TypeVar("T")
KNOWN_ADDRESS_DAYS = 30
FAILED_LOGIN_CODES = frozenset({"auth.invalid_credentials"})


@dataclass(frozen=True)
class Rule:
    """Free failures, then a delay of ``base * 2**k`` seconds (capped) after the k-th more."""

    free: int
    base: float
    cap: float

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** min(failures - self.free, 40))


def throttled(until: float, now: float) -> Throttled:
    seconds = max(1, math.ceil(until - now))
    at = dt.datetime.fromtimestamp(until, dt.UTC).replace(microsecond=0)
    return Throttled(
        "auth.throttled",
        field="nip",
        retry_after=seconds,
        retry_at=at.isoformat(),
        at=at.strftime("%H:%M:%S"),
    )


class LoginThrottle:
    """Guards a login attempt; state in a :class:`ThrottleStore`, time from ``clock``."""

    def __init__(
        self,
        store: ThrottleStore,
        *,
        per_nip: Rule,
        per_address: Rule,
        forget_after: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.per_nip = per_nip
        self.per_address = per_address
        self.forget_after = forget_after
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings, store: ThrottleStore) -> LoginThrottle:
        base, cap = float(settings.login_base_delay), float(settings.login_max_delay)
        return cls(
            store,
            per_nip=Rule(settings.login_free_failures_per_nip, base, cap),
            per_address=Rule(settings.login_free_failures_per_address, base, cap),
            forget_after=float(settings.login_forget_after),
        )

    @staticmethod
    def _keys(nip: str, address: str) -> tuple[str, str, str, str]:
        return (
            f"login:pair:{nip}|{address}",
            f"login:nip:{nip}",
            f"login:addr:{address}",
            f"login:known:{nip}",
        )

    async def check(self, nip: str, address: str) -> None:
        """Raise :class:`Throttled` (with when to retry) while a block applies."""
        now = self.clock()
        pair, per_nip, per_address, known = self._keys(nip, address)
        until = max(
            await self.store.blocked_until(pair, now),
            await self.store.blocked_until(per_address, now),
        )
        nip_until = await self.store.blocked_until(per_nip, now)
        if nip_until > until and not await self.store.recalls(known, address, now):
            until = nip_until
        if until > now:
            raise throttled(until, now)

    async def count_attempt(self, nip: str, address: str) -> None:
        """Count an attempt as a failure before its password is checked, so a burst of
        concurrent attempts cannot all pass :meth:`check` before the first one fails; block
        the counters that are past their free failures. Each counter is checked and counted
        in one atomic step of the store (:meth:`ThrottleStore.hit`): an attempt that finds a
        block set meanwhile (by a concurrent attempt, on any node) is refused here and what
        it had counted is taken back."""
        now = self.clock()
        pair, per_nip, per_address, known = self._keys(nip, address)
        nip_applies = not await self.store.recalls(known, address, now)
        counted: list[str] = []
        for key, rule, enforce in (
            (pair, self.per_nip, True),
            (per_nip, self.per_nip, nip_applies),
            (per_address, self.per_address, True),
        ):
            until = await self.store.hit(key, now, self.forget_after, rule, enforce)
            if until:
                for done in counted:
                    await self.store.increment(done, now, self.forget_after, amount=-1)
                raise throttled(until, now)
            counted.append(key)

    async def not_a_guess(self, nip: str, address: str, *, right_password: bool) -> None:
        """Take back the attempt counted by :meth:`count_attempt`. A right password also
        clears the NIP's counters and remembers the address as one its owner uses."""
        now = self.clock()
        pair, per_nip, per_address, known = self._keys(nip, address)
        await self.store.increment(per_address, now, self.forget_after, amount=-1)
        if right_password:
            await self.store.clear(pair)
            await self.store.clear(per_nip)
            await self.store.remember(known, address, now, KNOWN_ADDRESS_DAYS * 86400.0)
        else:
            await self.store.increment(pair, now, self.forget_after, amount=-1)
            await self.store.increment(per_nip, now, self.forget_after, amount=-1)

    async def guard(self, nip: str, address: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt`` (the password check and sign-in) unless throttled. It counts as a
        failure unless it succeeds or is refused for another reason (a disabled account,
        a full hashing queue)."""
        key = normalise_nip(nip)
        await self.check(key, address)
        await self.count_attempt(key, address)
        try:
            result = await attempt()
        except KinerjaError as exc:
            if exc.code not in FAILED_LOGIN_CODES:
                await self.not_a_guess(key, address, right_password=False)
            raise
        except BaseException:
            await self.not_a_guess(key, address, right_password=False)
            raise
        await self.not_a_guess(key, address, right_password=True)
        return result


def normalise_nip(nip: str) -> str:
    """The NIP as the login looks it up (spaces removed), capped so a key stays small."""
    return (nip or "").replace(" ", "")[:40]
