"""Argon2id password hashing (argon2-cffi defaults: RFC 9106 low-memory profile).

What a person may choose is the password policy's to say (:mod:`kinerja_core.domain.passwords`,
applied by the accounts service); hashing takes any string.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
