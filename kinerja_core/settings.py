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

INTROSPECTION_MODES = ("public", "signed_in", "off")
YEARLY_PREDIKAT_RULES = ("MOST_MONTHS", "LATEST")


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
    # which SKP gives the yearly predikat of a year with several (docs/evaluation-rules.md)
    yearly_predikat_rule: str = "MOST_MONTHS"  # MOST_MONTHS or LATEST
    default_page_size: int = 20
    max_page_size: int = 100
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    default_language: str = "id"
    plugins: tuple[str, ...] | None = None
    plugins_strict: bool = False
    plugin_timeout: int = 10  # seconds a plugin hook may take while serving a request
    plugin_demo_timeout: int = 300  # seconds a plugin's kinerja_demo_data may take (kinerja demo)
    cors_origins: tuple[str, ...] = ()  # browser origins allowed to call the API
    workers: int = 1  # `kinerja serve` processes; more than one needs PostgreSQL
    shutdown_timeout: int = 30  # seconds requests in flight may take to finish on SIGTERM
    # bulk import (issue 12): files with more rows run as a background job; the mutation
    # answers at once with the job, `importJob(id)` reports progress
    import_background_rows: int = 1000
    # bounded cost per request (docs/limits.md)
    max_query_cost: int = 10000  # objects an operation can return, counted before it runs
    execution_timeout_ms: int = 10000  # a query running longer is stopped
    max_response_bytes: int = 4 * 1024 * 1024  # a larger JSON answer is replaced by an error
    # --- abuse limits (docs/security.md): login throttle, rate limits, hashing, quotas ---
    login_free_failures_per_nip: int = 5  # wrong passwords for one NIP before delays start
    login_free_failures_per_address: int = 30  # wrong logins from one address before delays
    login_base_delay: int = 2  # seconds of the first delay; doubles with each further failure
    login_max_delay: int = 900  # the longest lock (15 min): nobody is locked out for good
    login_forget_after: int = 3600  # seconds without a failure after which a counter is reset
    password_hash_threads: int = 0  # argon2 checks at once in threads; 0: half the cores
    password_hash_queue: int = 32  # logins waiting for a hashing thread before "busy" answers
    password_hash_nice: int = 10  # lower CPU priority of hashing threads (0: unchanged)
    rate_limit_per_address: float = 200.0  # requests/s per client address (0: off); NAT-sized
    rate_limit_address_burst: int = 4000  # requests an address may send at once
    rate_limit_per_token: float = 10.0  # requests per second per bearer token (0: off)
    rate_limit_token_burst: int = 200  # requests a token may send at once
    trusted_proxies: tuple[str, ...] = ()  # addresses/networks whose X-Forwarded-For is used
    throttle_max_keys: int = 100_000  # counters kept in memory per process (oldest dropped)
    upload_max_files_per_realization: int = 10  # evidence files on one realisasi
    upload_max_bytes_per_realization: int = 50 * 1024 * 1024  # their total size
    upload_max_bytes_per_person: int = 500 * 1024 * 1024  # all files one person uploaded
    # hardening: production mode and passwords (docs/security.md)
    introspection: str = ""  # "public", "signed_in" or "off"; "" = public only in development
    suggestions: bool | None = None  # "Did you mean ...?" in errors; None = only in development
    password_min_length: int = 12
    # printed documents (docs/documents.md)
    document_place: str = "Pontianak"  # the city on the signature line and in the letterhead
    public_url: str = ""  # e.g. "https://kinerja.pontianak.go.id": verification links printed
    # the built web app served at / (docs/web.md); `npm run build --prefix web` writes it
    web_dir: Path = Path(__file__).resolve().parent.parent / "web" / "dist"
    # several nodes (docs/operations.md, issue 15): shared evidence files and shared limits
    evidence_store: str = "local"  # "local" (this disk), "database", "s3", or a plugin's
    evidence_s3_bucket: str = ""
    evidence_s3_endpoint: str = ""  # empty: AWS; e.g. http://minio.internal:9000
    evidence_s3_region: str = "us-east-1"
    evidence_s3_prefix: str = "evidence/"
    throttle_store: str = "memory"  # "memory" (this process), "database" (PostgreSQL), "redis"
    redis_url: str = "redis://127.0.0.1:6379/0"  # for throttle_store = "redis"
    redis_prefix: str = "kinerja:"  # key prefix, so deployments can share one Redis

    def __post_init__(self) -> None:
        if str(self.yearly_predikat_rule).upper() not in YEARLY_PREDIKAT_RULES:
            raise ValueError(
                f"yearly_predikat_rule must be one of {', '.join(YEARLY_PREDIKAT_RULES)}"
            )

    @property
    def debug(self) -> bool:
        return self.environment == "development"

    @property
    def introspection_mode(self) -> str:
        """Who may introspect the schema: ``public``, ``signed_in`` or ``off``."""
        mode = self.introspection or ("public" if self.debug else "signed_in")
        if mode not in INTROSPECTION_MODES:
            raise ValueError(f"introspection must be one of {', '.join(INTROSPECTION_MODES)}")
        return mode

    @property
    def shows_suggestions(self) -> bool:
        return self.debug if self.suggestions is None else self.suggestions

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite://{self.data_dir / 'kinerja.sqlite3'}"

    @property
    def hash_threads(self) -> int:
        """Threads for argon2 checks: the setting, or half the cores (at least one)."""
        return self.password_hash_threads or max(1, (os.cpu_count() or 2) // 2)

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
        if kind == "float":
            return float(raw)
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
