"""Argon2id password hashing (argon2-cffi defaults: RFC 9106 low-memory profile)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kinerja_core.errors import ValidationFailed

MIN_LENGTH = 8
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed("auth.weak_password", field=field, min=MIN_LENGTH)
