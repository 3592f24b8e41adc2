"""Argon2id password hashing with OWASP's parameters: m=19 MiB, t=2, p=1.

argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, t=3, p=4) spend about 300 ms
of CPU on four lanes per check, so on a two-core server 10 bad logins a second took more CPU
than the machine has and slowed everyone else (docs/security.md). OWASP's Password Storage
Cheat Sheet lists m=19 MiB, t=2, p=1 as the minimum configuration for argon2id; one lane
keeps a check on one core. Hashes made with other parameters still verify (they carry their
own), and a successful login re-hashes them (:func:`needs_rehash`).

What a person may choose is the password policy's to say (:mod:`kinerja_core.domain.passwords`,
applied by the accounts service); hashing takes any string.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True for a hash made with other parameters than today's (re-hash it at sign-in)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
