"""Abuse limits: the login throttle, request rate limits, and the state they keep.

- :mod:`.store`: where counters and token buckets live (:class:`ThrottleStore`); the
  in-process :class:`MemoryStore` by default.
- :mod:`.shared`: the stores shared by every process and machine (setting ``throttle_store``):
  a PostgreSQL table with atomic upserts, or Redis.
- :mod:`.login`: growing delays for wrong passwords, per NIP and per client address.
- :mod:`.rate_limit`: a token bucket per bearer token and per address, as ASGI middleware.
- :mod:`.addresses`: the client address, trusting ``X-Forwarded-For`` only from proxies.
- :mod:`.hashing`: password checks in a bounded pool of worker threads.

docs/security.md lists every limit, its default, its setting and its error.
"""

from kinerja_core.throttle.store import MemoryStore, ThrottleStore

__all__ = ["MemoryStore", "ThrottleStore"]
