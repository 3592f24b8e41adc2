"""Errors that services raise and the GraphQL layer turns into typed results.

Each error carries a stable ``code`` and ``params``; :mod:`kinerja_core.i18n` turns them into a
sentence in Indonesian or English. A service that raises writes nothing: the transaction around
it rolls back.
"""

from __future__ import annotations

from typing import Any


class KinerjaError(Exception):
    """Base of every error a user may see. ``field`` names the input at fault, if any."""

    kind = "KinerjaError"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, field={self.field!r}, {self.params!r})"


class ValidationFailed(KinerjaError):
    """The input is wrong: a value out of range, a missing field, a rule of the regulation."""

    kind = "ValidationError"


class NotAllowed(KinerjaError):
    """The viewer may not do this (row-level access, role, or not signed in)."""

    kind = "NotAllowed"


class Unauthenticated(NotAllowed):
    """No valid bearer token."""


class NotFound(KinerjaError):
    """An id that does not exist, or that the viewer may not even know exists."""

    kind = "NotFound"


class Conflict(KinerjaError):
    """The record changed since it was read, or a unique rule would be broken."""

    kind = "Conflict"


class PluginDisabled(KinerjaError):
    """A plugin's field or mutation used for an agency that has not enabled it."""

    kind = "PluginDisabled"


class PluginFailed(KinerjaError):
    """A plugin hook raised or timed out while serving this request."""

    kind = "PluginFailed"


class Throttled(KinerjaError):
    """Too many attempts: refused without looking at them; ``retry_after`` says when to retry."""

    kind = "Throttled"
