"""Shared :class:`~kinerja_core.throttle.store.ThrottleStore` implementations, so the login
throttle and the rate limits hold across worker processes and machines (setting
``throttle_store``):

- ``database``: the table ``throttle_state`` of the app's database (meant for PostgreSQL;
  works on SQLite too). Every method is one SQL statement - an ``INSERT ... ON CONFLICT DO
  UPDATE ... RETURNING`` upsert for counters, blocks and token buckets - so concurrent
  requests on any node count atomically. Expired rows are deleted now and then.
- ``redis``: a Redis server (``redis_url``); every method is one command or one Lua script,
  atomic on the server. The standard tool for this, and lighter on PostgreSQL.

Both keep the times the policies pass in (wall-clock seconds): expiry is decided by those, so
every node sees one clock and tests can move it. Redis also gets a real expiry on each key so
that nothing stays for ever.
"""

from __future__ import annotations

import math
import time
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from kinerja_core.settings import Settings
from kinerja_core.throttle.store import DelayRule, MemoryStore, ThrottleStore

STORES = ("memory", "database", "redis")
CLEAN_EVERY = 1000  # writes between two deletions of expired rows (database store)


def _real(n: int) -> str:
    return f"CAST(${n} AS DOUBLE PRECISION)"


# $n placeholders (PostgreSQL); SQLite takes them as ?n. LEAST/GREATEST are MIN/MAX there.
_INCREMENT = f"""
INSERT INTO throttle_state (key, num, updated, expires_at, ok)
VALUES ($1, {_real(2)}, {_real(3)}, {_real(4)}, TRUE)
ON CONFLICT (key) DO UPDATE SET
  num = GREATEST(0, CASE WHEN throttle_state.expires_at <= {_real(3)} THEN 0
                         ELSE throttle_state.num END + {_real(5)}),
  updated = {_real(3)},
  expires_at = {_real(4)}
RETURNING num"""

_BLOCK = f"""
INSERT INTO throttle_state (key, num, updated, expires_at, ok)
VALUES ($1, {_real(2)}, 0, {_real(2)}, TRUE)
ON CONFLICT (key) DO UPDATE SET
  num = GREATEST(throttle_state.num, {_real(2)}),
  expires_at = GREATEST(throttle_state.expires_at, {_real(2)})"""

_REMEMBER = f"""
INSERT INTO throttle_state (key, num, updated, expires_at, ok)
VALUES ($1, 1, {_real(2)}, {_real(3)}, TRUE)
ON CONFLICT (key) DO UPDATE SET updated = {_real(2)}, expires_at = {_real(3)}"""

# a token bucket: refill by the time passed, take one token when there is one
_LEVEL = (
    f"LEAST({_real(3)}, throttle_state.num + ({_real(4)} - throttle_state.updated) * {_real(2)})"
)
_TAKE = f"""
INSERT INTO throttle_state (key, num, updated, expires_at, ok)
VALUES ($1, {_real(3)} - 1, {_real(4)}, {_real(5)}, TRUE)
ON CONFLICT (key) DO UPDATE SET
  num = CASE WHEN {_LEVEL} >= 1 THEN {_LEVEL} - 1 ELSE {_LEVEL} END,
  ok = {_LEVEL} >= 1,
  updated = {_real(4)},
  expires_at = {_real(5)}
RETURNING num, ok"""


class DatabaseThrottleStore:
    """:class:`ThrottleStore` in the table ``throttle_state`` (one row per key)."""

    def __init__(self) -> None:
        self._writes = 0

    async def _run(self, sql: str, params: list[Any], conn: Any = None) -> list[Any]:
        conn = conn or connections.get("default")
        if conn.capabilities.dialect != "postgres":
            sql = sql.replace("$", "?").replace("GREATEST(", "MAX(").replace("LEAST(", "MIN(")
        return await conn.execute_query_dict(sql, params)  # rows of RETURNING too

    async def _wrote(self, now: float) -> None:
        self._writes += 1
        if self._writes % CLEAN_EVERY == 0:
            await self._run("DELETE FROM throttle_state WHERE expires_at <= $1", [now])

    async def increment(self, key: str, now: float, ttl: float, amount: int = 1) -> int:
        rows = await self._run(_INCREMENT, [f"n:{key}", max(0, amount), now, now + ttl, amount])
        await self._wrote(now)
        return int(rows[0]["num"])

    async def block(self, key: str, until: float) -> None:
        await self._run(_BLOCK, [f"b:{key}", until])

    async def blocked_until(self, key: str, now: float) -> float:
        rows = await self._run(
            "SELECT num FROM throttle_state WHERE key = $1 AND expires_at > $2", [f"b:{key}", now]
        )
        return float(rows[0]["num"]) if rows else 0.0

    async def clear(self, key: str) -> None:
        await self._run(
            "DELETE FROM throttle_state WHERE key IN ($1, $2)", [f"n:{key}", f"b:{key}"]
        )

    async def remember(self, key: str, member: str, now: float, ttl: float) -> None:
        await self._run(_REMEMBER, [f"s:{key}|{member}", now, now + ttl])

    async def recalls(self, key: str, member: str, now: float) -> bool:
        rows = await self._run(
            "SELECT 1 AS one FROM throttle_state WHERE key = $1 AND expires_at > $2",
            [f"s:{key}|{member}", now],
        )
        return bool(rows)

    async def hit(
        self, key: str, now: float, ttl: float, rule: DelayRule, enforce: bool = True
    ) -> float:
        # The counter's upsert locks its row until the commit, so a concurrent hit on the
        # same key (on any node) waits for this one - block included - before it reads.
        async with in_transaction() as conn:
            rows = await self._run(_INCREMENT, [f"n:{key}", 1, now, now + ttl, 1], conn)
            blocked = await self._run(
                "SELECT num FROM throttle_state WHERE key = $1 AND expires_at > $2",
                [f"b:{key}", now],
                conn,
            )
            until = float(blocked[0]["num"]) if blocked else 0.0
            if enforce and until > now:
                await self._run(_INCREMENT, [f"n:{key}", 0, now, now + ttl, -1], conn)
                return until
            delay = rule.delay(int(rows[0]["num"]))
            if delay:
                await self._run(_BLOCK, [f"b:{key}", now + delay], conn)
        await self._wrote(now)
        return 0.0

    async def take(self, key: str, rate: float, burst: int, now: float) -> float:
        expires = now + burst / rate + 1.0  # by then the bucket is full: same as no row
        rows = await self._run(_TAKE, [f"t:{key}", rate, burst, now, expires])
        await self._wrote(now)
        tokens, taken = float(rows[0]["num"]), bool(rows[0]["ok"])
        return 0.0 if taken else (1.0 - tokens) / rate


# Redis: each script runs atomically on the server. Values are the policies' own times.
_R_INCREMENT = """
local v = redis.call('HMGET', KEYS[1], 'v', 'exp')
local now, ttl, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local value = 0
if v[1] and tonumber(v[2]) > now then value = tonumber(v[1]) end
value = math.max(0, value + amount)
redis.call('HSET', KEYS[1], 'v', value, 'exp', now + ttl)
redis.call('PEXPIRE', KEYS[1], math.ceil(ttl * 1000) + 1000)
return value"""

_R_BLOCK = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1"""

_R_HIT = """
local now, ttl, enforce = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[6] == '1'
local free, base, cap = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local ends = tonumber(redis.call('GET', KEYS[2]) or '0')
if enforce and ends > now then return tostring(ends) end
local v = redis.call('HMGET', KEYS[1], 'v', 'exp')
local n = 0
if v[1] and tonumber(v[2]) > now then n = tonumber(v[1]) end
n = n + 1
redis.call('HSET', KEYS[1], 'v', n, 'exp', now + ttl)
redis.call('PEXPIRE', KEYS[1], math.ceil(ttl * 1000) + 1000)
if n >= free then
  local delay = math.min(cap, base * 2 ^ math.min(n - free, 40))
  if now + delay > ends then
    local px = math.ceil(tonumber(ARGV[7]) + delay * 1000)
    redis.call('SET', KEYS[2], tostring(now + delay), 'PX', px)
  end
end
return '0'"""

_R_TAKE = """
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = burst
if b[1] then tokens = math.min(burst, tonumber(b[1]) + (now - tonumber(b[2])) * rate) end
local taken = 0
if tokens >= 1 then tokens = tokens - 1; taken = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {taken, tostring(tokens)}"""


class RedisThrottleStore:
    """:class:`ThrottleStore` on a Redis server (keys ``<redis_prefix>throttle:...``)."""

    def __init__(self, url: str, prefix: str = "kinerja:throttle:") -> None:
        import redis.asyncio as redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self._increment = self.redis.register_script(_R_INCREMENT)
        self._block = self.redis.register_script(_R_BLOCK)
        self._take = self.redis.register_script(_R_TAKE)
        self._hit = self.redis.register_script(_R_HIT)

    def _k(self, kind: str, key: str) -> str:
        return f"{self.prefix}{kind}:{key}"

    async def increment(self, key: str, now: float, ttl: float, amount: int = 1) -> int:
        return int(await self._increment(keys=[self._k("n", key)], args=[now, ttl, amount]))

    async def block(self, key: str, until: float) -> None:
        # the real expiry: at least as long as the block lasts by the wall clock
        lasts = max(1, math.ceil((until - time.time()) * 1000)) + 1000
        await self._block(keys=[self._k("b", key)], args=[repr(until), lasts])

    async def hit(
        self, key: str, now: float, ttl: float, rule: DelayRule, enforce: bool = True
    ) -> float:
        ahead = max(0.0, (now - time.time()) * 1000) + 1000  # a clock ahead of the real one
        args = [repr(now), ttl, rule.free, rule.base, rule.cap, "1" if enforce else "0", ahead]
        until = await self._hit(keys=[self._k("n", key), self._k("b", key)], args=args)
        return float(until)

    async def blocked_until(self, key: str, now: float) -> float:
        value = await self.redis.get(self._k("b", key))
        until = float(value) if value else 0.0
        return until if until > now else 0.0

    async def clear(self, key: str) -> None:
        await self.redis.delete(self._k("n", key), self._k("b", key))

    async def remember(self, key: str, member: str, now: float, ttl: float) -> None:
        name = self._k("s", key)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(name, member, repr(now + ttl))
            pipe.expire(name, math.ceil(ttl) + 1)
            await pipe.execute()

    async def recalls(self, key: str, member: str, now: float) -> bool:
        value = await self.redis.hget(self._k("s", key), member)
        return bool(value) and float(value) > now

    async def take(self, key: str, rate: float, burst: int, now: float) -> float:
        taken, tokens = await self._take(keys=[self._k("t", key)], args=[rate, burst, repr(now)])
        return 0.0 if int(taken) else (1.0 - float(tokens)) / rate

    async def close(self) -> None:
        await self.redis.aclose()


def make_throttle_store(settings: Settings) -> ThrottleStore:
    """The store the setting ``throttle_store`` names."""
    name = (settings.throttle_store or "memory").strip().lower()
    if name == "memory":
        return MemoryStore(settings.throttle_max_keys)
    if name == "database":
        return DatabaseThrottleStore()
    if name == "redis":
        return RedisThrottleStore(settings.redis_url, settings.redis_prefix + "throttle:")
    raise ValueError(f"throttle_store must be one of {', '.join(STORES)}, not {name!r}")
