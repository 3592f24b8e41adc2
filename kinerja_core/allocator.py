"""glibc's malloc kept from holding freed memory after a password hash (issue 15: memory per
worker at scale).

glibc serves large blocks (128 KiB and up) with their own ``mmap`` and hands them back when
freed, but the first time such a block is freed it raises that threshold to the block's size
(up to 32 MiB) and the heap's trim threshold to twice that. Every argon2 check allocates its
19 MiB of memory cost (auth/passwords.py) and frees it, one already at import (the dummy hash
of services/accounts.py): from then on every block under 19 MiB came from the heap and up to
38 MiB of freed heap stayed resident. A worker held 107 MB after one sign-in where it had
88 MB before, and did not come back down after a load (docs/performance-log.md, mem100k).

:func:`pin_thresholds` sets both thresholds to glibc's own defaults, which turns their
adjustment off, and trims the heap once. Elsewhere than glibc (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024  # glibc's DEFAULT_MMAP_THRESHOLD_MIN and DEFAULT_TRIM_THRESHOLD


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 - glibc has both, musl has neither
    except (OSError, AttributeError):
        return None
    return libc


def pin_thresholds() -> bool:
    """Fix the mmap and trim thresholds at 128 KiB and give the free heap back; whether this
    is glibc (so it was done)."""
    libc = _glibc()
    if libc is None:
        return False
    done = bool(libc.mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
    done = bool(libc.mallopt(_M_TRIM_THRESHOLD, THRESHOLD)) and done
    libc.malloc_trim(0)
    return done
