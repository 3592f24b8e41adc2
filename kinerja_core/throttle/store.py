"""Where abuse-limit state lives: counters with an expiry, temporary blocks, token buckets.

:class:`ThrottleStore` is the whole contract the policies use; every method is one atomic
step, so a shared implementation maps each onto one Redis command (or Lua script) or one SQL
statement. :class:`MemoryStore` keeps the state in this process: with ``workers > 1`` each
process counts on its own, so an attacker spreading requests over N processes gets up to N
times the allowance (docs/security.md); the shared stores of :mod:`.shared` (setting
``throttle_store = "database"`` or ``"redis"``) close that gap.

Times are wall-clock seconds (``time.time()``) given by the caller, so a shared store sees
one clock and tests can move time.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol


class DelayRule(Protocol):
    """Free failures, then a growing delay (:class:`kinerja_core.throttle.login.Rule`)."""

    free: int
    base: float
    cap: float

    def delay(self, failures: int) -> float: ...


class ThrottleStore(Protocol):
    """The state of the login throttle and the rate limits."""

    async def increment(self, key: str, now: float, ttl: float, amount: int = 1) -> int:
        """Add ``amount`` (may be negative) to the counter ``key`` (0 when absent or
        expired); it expires ``ttl`` seconds after this call. Returns the new value."""

    async def block(self, key: str, until: float) -> None:
        """Mark ``key`` blocked until the time ``until`` (never shortens a longer block)."""

    async def blocked_until(self, key: str, now: float) -> float:
        """When the block on ``key`` ends, or 0.0 when it is not blocked."""

    async def clear(self, key: str) -> None:
        """Forget the counter and the block of ``key``."""

    async def remember(self, key: str, member: str, now: float, ttl: float) -> None:
        """Add ``member`` to the set ``key`` for ``ttl`` seconds."""

    async def recalls(self, key: str, member: str, now: float) -> bool:
        """True when ``member`` was remembered in ``key`` and has not expired."""

    async def hit(
        self, key: str, now: float, ttl: float, rule: DelayRule, enforce: bool = True
    ) -> float:
        """One failure more on ``key``, unless (``enforce``) it is blocked: then nothing is
        counted and the block's end is returned. Counted, it is blocked for
        ``rule.delay(count)`` seconds when that is not 0. Returns 0.0 when counted. One
        atomic step, so concurrent attempts on any node cannot all slip past a block."""

    async def take(self, key: str, rate: float, burst: int, now: float) -> float:
        """Take one token from the bucket ``key`` (``burst`` tokens, refilled at ``rate`` per
        second). Returns 0.0 when taken, else the seconds until a token is there."""


@dataclass
class _Bucket:
    tokens: float
    updated: float


class MemoryStore:
    """:class:`ThrottleStore` in a dictionary of this process, at most ``max_keys`` entries.

    When full, expired entries go first, then the least recently touched: an attacker who
    sends from very many addresses can push older counters out, never grow the memory.
    """

    def __init__(self, max_keys: int = 100_000) -> None:
        self.max_keys = max_keys
        # key -> (value, expires_at); value: int counter, float block end, dict set, _Bucket
        self._entries: OrderedDict[str, tuple[object, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def _get(self, key: str, now: float) -> object | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[1] <= now:
            del self._entries[key]
            return None
        return entry[0]

    def _put(self, key: str, value: object, expires_at: float, now: float) -> None:
        self._entries[key] = (value, expires_at)
        self._entries.move_to_end(key)
        if len(self._entries) > self.max_keys:
            self._evict(now)

    def _evict(self, now: float) -> None:
        for key in [k for k, (_, expires) in self._entries.items() if expires <= now]:
            del self._entries[key]
        while len(self._entries) > self.max_keys:
            self._entries.popitem(last=False)

    async def increment(self, key: str, now: float, ttl: float, amount: int = 1) -> int:
        current = self._get(f"n:{key}", now)
        value = max(0, (current if isinstance(current, int) else 0) + amount)
        self._put(f"n:{key}", value, now + ttl, now)
        return value

    async def block(self, key: str, until: float) -> None:
        current = self._entries.get(f"b:{key}")
        if current is None or float(current[0]) < until:  # type: ignore[arg-type]
            self._put(f"b:{key}", until, until, until)

    async def blocked_until(self, key: str, now: float) -> float:
        until = self._get(f"b:{key}", now)
        return float(until) if isinstance(until, float | int) else 0.0

    async def clear(self, key: str) -> None:
        self._entries.pop(f"n:{key}", None)
        self._entries.pop(f"b:{key}", None)

    async def remember(self, key: str, member: str, now: float, ttl: float) -> None:
        members = self._get(f"s:{key}", now)
        kept = {m: t for m, t in members.items() if t > now} if isinstance(members, dict) else {}
        kept[member] = now + ttl
        self._put(f"s:{key}", kept, max(kept.values()), now)

    async def recalls(self, key: str, member: str, now: float) -> bool:
        members = self._get(f"s:{key}", now)
        return isinstance(members, dict) and members.get(member, 0.0) > now

    async def hit(
        self, key: str, now: float, ttl: float, rule: DelayRule, enforce: bool = True
    ) -> float:
        # no await inside the other methods: this runs as one step on the event loop
        until = await self.blocked_until(key, now)
        if enforce and until > now:
            return until
        delay = rule.delay(await self.increment(key, now, ttl))
        if delay:
            await self.block(key, now + delay)
        return 0.0

    async def take(self, key: str, rate: float, burst: int, now: float) -> float:
        bucket = self._get(f"t:{key}", now)
        if not isinstance(bucket, _Bucket):
            bucket = _Bucket(tokens=float(burst), updated=now)
        bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        wait = 0.0
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
        else:
            wait = (1.0 - bucket.tokens) / rate
        # a bucket that has refilled completely is the same as no bucket: let it expire then
        self._put(f"t:{key}", bucket, now + (burst - bucket.tokens) / rate + 1.0, now)
        return wait
