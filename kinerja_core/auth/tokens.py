"""Opaque bearer tokens: random, shown once, stored as SHA-256, expiring, revocable."""

import hashlib
import secrets


def new_token() -> str:
    return "kin_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
