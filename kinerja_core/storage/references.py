"""Which tables point at files of the evidence store.

The core's ``evidence`` rows, and the tables plugins declare with :func:`register_stored_files`
(``kinerja_core.api``; e.g. the kompetensi plugin's certificates). A stored file one of those
rows still names is never discarded (``discard_if_unreferenced``), ``kinerja storage migrate``
copies it, and its size counts toward its uploader's byte quota
(``upload_max_bytes_per_person``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FileTable:
    """A table whose rows point at stored files (see :func:`register_stored_files`)."""

    model: Any
    path_field: str
    sha_field: str
    size_field: str
    owner_field: str | None
    only: dict[str, Any] | None = None  # rows of the table that hold a file

    def rows(self) -> Any:
        """The rows of the table that name a stored file."""
        query = self.model.filter(**(self.only or {})).exclude(**{self.path_field: ""})
        return query


_file_tables: list[FileTable] = []


def register_stored_files(
    model: Any,
    *,
    path_field: str,
    sha_field: str,
    size_field: str,
    owner_field: str | None = None,
) -> None:
    """Declare that rows of ``model`` keep files in the evidence store: ``path_field`` holds
    the key (``StoredFile.storage_path``), ``sha_field`` its SHA-256, ``size_field`` its
    size and ``owner_field`` (optional) the id of the employee who uploaded it. Call it at
    import time of the plugin's models or services; registering a table twice is harmless."""
    for name in (path_field, sha_field, size_field, owner_field):
        if name is not None and name not in model._meta.fields_map and not name.endswith("_id"):
            raise ValueError(f"{model.__name__} has no field {name}")
    table = FileTable(model, path_field, sha_field, size_field, owner_field)
    if table not in _file_tables:
        _file_tables.append(table)


def file_tables() -> list[FileTable]:
    """The core's evidence table first, then the tables plugins registered whose app is
    loaded in this process."""
    from kinerja_core.models import Evidence

    core = FileTable(Evidence, "storage_path", "sha256", "size", "uploaded_by_id", {"kind": "FILE"})
    return [core, *(t for t in _file_tables if _in_use(t.model))]


def _in_use(model: Any) -> bool:
    """Whether the model's app is part of the running database configuration: a plugin
    imported but not loaded (``KINERJA_PLUGINS``, a test without it) has no tables to ask."""
    from tortoise import Tortoise

    apps = Tortoise.apps
    return apps is not None and any(m is model for m in apps.get_models_iterable())


async def is_referenced(storage_path: str) -> bool:
    """Whether any registered table still names this stored file."""
    for table in file_tables():
        if await table.model.filter(**{table.path_field: storage_path}).exists():
            return True
    return False
