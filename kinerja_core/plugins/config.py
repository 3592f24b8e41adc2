"""Per-agency plugin settings: typed fields with defaults; secrets stored, never shown.

The effective configuration of a plugin for an agency is: the field defaults, overridden by
the global row, overridden by the agency's row. Input is a patch: a key set to ``null`` falls
back to what lies below; a secret sent back as :data:`MASK` keeps its stored value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kinerja_core.errors import ValidationFailed

MASK = "********"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class ConfigType(enum.StrEnum):
    """The type of a setting's value (a CHOICE is one of the field's ``choices``)."""

    STRING = "STRING"
    INTEGER = "INTEGER"
    NUMBER = "NUMBER"
    BOOLEAN = "BOOLEAN"
    CHOICE = "CHOICE"


@dataclass(frozen=True)
class ConfigField:
    """One setting. ``secret`` values (API keys) are masked in GraphQL, the CLI and the log."""

    name: str
    type: ConfigType = ConfigType.STRING
    default: Any = None
    description: str = ""
    secret: bool = False
    choices: tuple[str, ...] = ()

    def check(self) -> None:
        """Refuse a malformed declaration (raised at start-up, the plugin is reported)."""
        if not _NAME.match(self.name):
            raise ValueError(f"config field name {self.name!r} must be snake_case")
        if self.type == ConfigType.CHOICE and not self.choices:
            raise ValueError(f"config field {self.name!r} is a CHOICE without choices")
        if self.secret and self.type != ConfigType.STRING:
            raise ValueError(f"secret config field {self.name!r} must be a STRING")
        if self.default is not None and coerce(self, self.default) is _INVALID:
            raise ValueError(f"default of config field {self.name!r} is not a {self.type}")


_INVALID = object()


def coerce(spec: ConfigField, value: Any) -> Any:
    """``value`` as the field's type, or ``_INVALID``. JSON numbers and booleans only."""
    kind = spec.type
    if kind == ConfigType.BOOLEAN:
        return value if isinstance(value, bool) else _INVALID
    if kind == ConfigType.INTEGER:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return value if ok else _INVALID
    if kind == ConfigType.NUMBER:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return value if ok else _INVALID
    if not isinstance(value, str):
        return _INVALID
    if kind == ConfigType.CHOICE and value not in spec.choices:
        return _INVALID
    return value


def check_schema(fields: Sequence[ConfigField]) -> None:
    names = [f.name for f in fields]
    for spec in fields:
        if not isinstance(spec, ConfigField):
            raise TypeError(f"register() takes ConfigField objects, not {type(spec).__name__}")
        spec.check()
        if names.count(spec.name) > 1:
            raise ValueError(f"config field {spec.name!r} is declared twice")


def apply_patch(
    fields: Sequence[ConfigField], stored: Mapping[str, Any], patch: Mapping[str, Any]
) -> dict[str, Any]:
    """The row's new config after ``patch``; ValidationFailed (field ``config``) if invalid."""
    specs = {f.name: f for f in fields}
    result = dict(stored)
    for key, value in patch.items():
        spec = specs.get(key)
        if spec is None:
            known = ", ".join(sorted(specs)) or "-"
            raise ValidationFailed("plugin.config_unknown", field="config", key=key, known=known)
        if value is None:
            result.pop(key, None)
            continue
        if spec.secret and value == MASK:
            continue  # the client sent back what it was shown: keep the stored secret
        clean = coerce(spec, value)
        if clean is _INVALID:
            expected = (
                " | ".join(spec.choices) if spec.type == ConfigType.CHOICE else str(spec.type)
            )
            raise ValidationFailed("plugin.config_type", field="config", key=key, expected=expected)
        result[key] = clean
    return result


def effective(fields: Sequence[ConfigField], layers: Iterable[Mapping[str, Any] | None]) -> dict:
    """Defaults, then each layer (global row, agency row) on top; unknown keys dropped."""
    values = {f.name: f.default for f in fields}
    for layer in layers:
        for key, value in (layer or {}).items():
            if key in values:
                values[key] = value
    return values


def mask(fields: Sequence[ConfigField], values: Mapping[str, Any] | None) -> dict[str, Any]:
    """``values`` with every set secret replaced by :data:`MASK`."""
    secret = {f.name for f in fields if f.secret}
    return {
        key: (MASK if key in secret and value not in (None, "") else value)
        for key, value in (values or {}).items()
    }
