"""Password checks off the event loop, in a few dedicated threads at a lower CPU priority.

An argon2 check costs ~200 ms of CPU. On the event loop it stops every other request for that
long. In a thread it still competes for the cores with the loop, so the checks run in their
own pool of ``password_hash_threads`` threads (default: half the cores) whose scheduling
priority is lowered by ``password_hash_nice`` (Linux niceness): when the CPU is short, the
loop serving everyone else goes first and logins wait. argon2-cffi releases the GIL, so the
checks run beside the loop. At most ``password_hash_queue`` checks wait for a thread; one
more is refused at once with ``auth.busy`` (and no hash is computed) instead of piling up.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from kinerja_core.auth.passwords import verify_password
from kinerja_core.errors import Throttled
from kinerja_core.settings import Settings

_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
_in_flight = 0  # checks running or waiting in this process (changed on event loop threads)
_count_lock = threading.Lock()


def _lower_priority(nice: int) -> None:
    """Thread initializer: lower this thread's CPU priority (Linux: per thread)."""
    if nice <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
    except OSError:  # not permitted or not supported: run at the normal priority
        pass


def _pool(threads: int, nice: int) -> ThreadPoolExecutor:
    with _pools_lock:
        pool = _pools.get((threads, nice))
        if pool is None:
            pool = _pools[(threads, nice)] = ThreadPoolExecutor(
                max_workers=threads,
                thread_name_prefix="kinerja-hash",
                initializer=_lower_priority,
                initargs=(nice,),
            )
        return pool


def in_flight() -> int:
    """Checks running or waiting in this process (for tests and the benchmark)."""
    return _in_flight


async def check_password(settings: Settings, password_hash: str, password: str) -> bool:
    """:func:`verify_password` in a hashing thread; ``auth.busy`` when the queue is full."""
    global _in_flight
    threads = settings.hash_threads
    with _count_lock:
        if _in_flight >= threads + max(0, settings.password_hash_queue):
            raise Throttled("auth.busy", retry_after=1)
        _in_flight += 1
    try:
        pool = _pool(threads, settings.password_hash_nice)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, _verify, password_hash, password)
    finally:
        with _count_lock:
            _in_flight -= 1


def _verify(password_hash: str, password: str) -> bool:
    return verify_password(password_hash, password)  # looked up at call time (tests count it)
