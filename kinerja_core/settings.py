"""Runtime settings: built-in defaults, then ``config/kinerja.toml``, then ``KINERJA_*`` env vars.

Secrets never live in the TOML file; only environment variables carry them.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_CONTENT_TYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/plain",
)


@dataclass(frozen=True)
class Settings:
    """Everything the server reads at start-up. Build one with :func:`load_settings`."""

    environment: str = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    token_ttl_hours: int = 12
    upload_max_bytes: int = 10 * 1024 * 1024
    upload_content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES
    kurva_mode: str = "WARN"
    kurva_rounding: str = "floor"
    appeal_days: int = 14
    default_page_size: int = 20
    max_page_size: int = 100
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    default_language: str = "id"
    plugins: tuple[str, ...] | None = None
    plugins_strict: bool = False
    plugin_timeout: int = 10  # seconds a plugin hook may take while serving a request
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call the API
    workers: int = 1  # `kinerja serve` processes; more than one needs PostgreSQL
    shutdown_timeout: int = 30  # seconds requests in flight may take to finish on SIGTERM
    # bulk import (issue 12): files with more rows run as a background job; the mutation
    # answers at once with the job, `importJob(id)` reports progress
    import_background_rows: int = 2000

    @property
    def debug(self) -> bool:
        return self.environment == "development"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{self.data_dir / 'kinerja.sqlite3'}"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def uses_postgres(self) -> bool:
        """PostgreSQL (asyncpg), the production engine; otherwise the embedded SQLite."""
        return self.resolved_database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(name: str, raw: Any) -> Any:
    target = {f.name: f for f in dataclasses.fields(Settings)}[name]
    kind = str(target.type)
    if isinstance(raw, str):
        if "bool" in kind:
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if kind == "int":
            return int(raw)
        if "tuple" in kind:
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if "Path" in kind:
            return Path(raw)
        return raw
    if isinstance(raw, list):
        return tuple(raw)
    if "Path" in kind:
        return Path(raw)
    return raw


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read defaults, the TOML file (``KINERJA_CONFIG`` or ``config/kinerja.toml``), env vars."""
    values: dict[str, Any] = {}
    path = config_file or Path(os.environ.get("KINERJA_CONFIG", "config/kinerja.toml"))
    if path.is_file():
        with path.open("rb") as handle:
            for key, raw in tomllib.load(handle).get("kinerja", {}).items():
                values[key] = _coerce(key, raw)
    for f in dataclasses.fields(Settings):
        env = os.environ.get(f"KINERJA_{f.name.upper()}")
        if env is not None:
            values[f.name] = _coerce(f.name, env)
    values.update(overrides)
    return Settings(**values)
