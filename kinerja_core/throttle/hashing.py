"""Password checks off the event loop, in a bounded number of worker threads.

An argon2 check costs ~100 ms of CPU. On the event loop it stops every other request for that
long; in anyio's default thread pool (40 threads, shared with file uploads) a flood of bad
logins could still take every thread. So checks run through a :class:`anyio.CapacityLimiter`
of ``password_hash_threads`` (default: half the cores, so a flood of logins leaves the loop a
core); argon2-cffi releases the GIL, so they run beside the loop. At
most ``password_hash_queue`` logins wait for a thread; one more is refused at once with
``auth.busy`` (and no hash is computed) instead of piling up.
"""

from __future__ import annotations

import asyncio
import weakref

import anyio
import anyio.to_thread

from kinerja_core.auth.passwords import verify_password
from kinerja_core.errors import Throttled
from kinerja_core.settings import Settings

_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter(threads: int) -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()  # a limiter belongs to one loop (tests run many)
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(max(1, threads))
    elif limiter.total_tokens != max(1, threads):
        limiter.total_tokens = max(1, threads)
    return limiter


def hashing_load(settings: Settings) -> tuple[int, int]:
    """(checks running, checks waiting) in this process, for tests and the benchmark."""
    statistics = _limiter(settings.hash_threads).statistics()
    return statistics.borrowed_tokens, statistics.tasks_waiting


async def check_password(settings: Settings, password_hash: str, password: str) -> bool:
    """:func:`verify_password` in a hashing thread; ``auth.busy`` when the queue is full."""
    limiter = _limiter(settings.hash_threads)
    if limiter.available_tokens < 1 and (
        limiter.statistics().tasks_waiting >= settings.password_hash_queue
    ):
        raise Throttled("auth.busy", retry_after=1)
    return await anyio.to_thread.run_sync(
        verify_password, password_hash, password, limiter=limiter
    )
