"""Building GraphQL objects from rows: every plain field is copied by name, ``row`` is kept."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def from_model(cls: type[T], row: Any, **extra: Any) -> T:
    """Instantiate ``cls`` from ``row``: its init fields read the attribute of the same name."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init:
            continue
        if f.name in extra:
            values[f.name] = extra[f.name]
        elif f.name == "row":
            values[f.name] = row
        else:
            values[f.name] = getattr(row, f.name)
    return cls(**values)


def converter(cls: type[T]):
    """A one-argument function turning a row into ``cls`` (for pagination helpers)."""
    return lambda row: from_model(cls, row)
