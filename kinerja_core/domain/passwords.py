"""The password policy: what a person may choose as a password, with a reason when not.

The rules follow NIST SP 800-63B: a minimum length, no composition rules (no "one digit, one
capital"), and a check against passwords known to be common. A password is refused when it is

- only spaces, or shorter than the minimum (12 by default: long enough that guessing is
  hopeless against a throttled login, short enough for a phrase like ``kopi pagi di tepian``);
- the person's NIP, or contains it (the NIP is printed on every official letter);
- a common password (``is_common``: see :mod:`kinerja_core.auth.common_passwords`, which holds
  the lists, so this module stays pure);
- the current password, when changing one's own (``is_current`` checks the stored hash,
  which only the accounts service holds; it runs last, as hashing is slow).
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import RuleViolation

MIN_LENGTH = 12


def check_password(
    password: str,
    *,
    nip: str | None = None,
    min_length: int = MIN_LENGTH,
    field: str = "password",
    is_common: Callable[[str], bool] | None = None,
    is_current: Callable[[str], bool] | None = None,
) -> None:
    """Raise :class:`RuleViolation` naming ``field`` when ``password`` breaks the policy."""
    if not password.strip():
        raise RuleViolation(code="password.blank", field=field)
    if len(password) < min_length:
        raise RuleViolation(
            code="password.too_short",
            field=field,
            params={"min": min_length, "length": len(password)},
        )
    if nip and nip in "".join(password.split()):
        raise RuleViolation(code="password.contains_nip", field=field)
    if is_common is not None and is_common(password):
        raise RuleViolation(code="password.common", field=field)
    if is_current is not None and is_current(password):
        raise RuleViolation(code="password.same_as_current", field=field)
