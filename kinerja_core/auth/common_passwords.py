"""Passwords too common to allow: zxcvbn's list and a short bundled Indonesian one.

zxcvbn ships the 30,000 most common passwords of Xato's ten-million-password corpus (MIT);
``data/common_passwords_id.txt`` adds words people here reach for (the city, faith, family,
work). Both are read once, on first use.
"""

from __future__ import annotations

import functools
import string
from importlib import resources

_AROUND = string.digits + string.punctuation + string.whitespace
# Keyboard rows and runs: a password that is a stretch of one of these is guessed at once.
_RUNS = ("0123456789" * 3, string.ascii_lowercase * 2, "qwertyuiopasdfghjklzxcvbnm" * 2)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The refused passwords, lower case."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    bundled = resources.files("kinerja_core.auth.data").joinpath("common_passwords_id.txt")
    local = {
        line.strip().lower()
        for line in bundled.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(FREQUENCY_LISTS["passwords"]) | local


def is_common(password: str) -> bool:
    """True for a listed password in any letter case, also with digits, symbols or spaces
    around it (``Pontianak123!`` is ``pontianak``), and for a run or a repeat such as
    ``123456789012``, ``zyxwvutsrqpo`` or ``abcabcabcabc``."""
    lowered = password.lower()
    core = lowered.strip(_AROUND)
    listed = common_passwords()
    return lowered in listed or (len(core) >= 4 and core in listed) or _patterned(lowered)


def _patterned(password: str) -> bool:
    for run in _RUNS:
        if password in run or password[::-1] in run:
            return True
    # a short piece repeated: "aaaaaaaaaaaa", "abcabcabcabc", "1212121212121"
    return any(
        (password[:size] * (len(password) // size + 1)).startswith(password) for size in range(1, 4)
    )
