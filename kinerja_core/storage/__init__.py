"""Where uploaded evidence files live: one small interface, several backends.

Every backend stores a file by its content: the key is ``<sha[:2]>/<sha>`` of its SHA-256,
so identical uploads share one stored file and every node that reaches the same store finds
the same key. The interface (:class:`EvidenceStore`):

- ``put(source, limit=..., check_head=...)`` streams a file in (a file object or an async
  iterator of bytes), hashing and counting it while it streams and refusing it as soon as it
  passes ``limit`` bytes; it is spooled to a temporary file on this node's disk first (never
  held whole in memory), then handed to the backend. Answers a :class:`Blob` (key, sha256, size).
- ``open(key)`` answers an async iterator of chunks (:class:`BlobMissing` before the first
  chunk when there is no such file), ``delete(key)``, ``exists(key)``.
- ``check()`` raises :class:`StoreUnavailable` when the store cannot take files at all.
- ``open_range(key, start, stop)``: the bytes ``start`` to ``stop`` (exclusive) only, for
  ``Range`` downloads (:mod:`kinerja_core.byte_ranges`). Each built-in backend reads only the
  part (a seek, the chunk rows that hold it, an S3 range get); a plugin's store that does not
  override it gets one that reads from the start and drops what comes before ``start``.

Backends, chosen by the setting ``evidence_store``:

- ``local`` (default): ``<data_dir>/uploads/<key>`` on this machine's disk; one node only.
- ``database``: chunks of ``CHUNK`` bytes in the table ``blob_chunk`` of the app's database
  (bytea on PostgreSQL, BLOB on SQLite), written and read one chunk at a time.
- ``s3``: an S3-compatible bucket through obstore (settings ``evidence_s3_*``, credentials
  from the standard ``AWS_*`` environment variables).

A plugin can provide another through the entry point group ``kinerja.evidence_stores``: the
entry point's name is the setting's value, the object a callable ``factory(settings)`` that
answers an :class:`EvidenceStore`.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

from kinerja_core.errors import ValidationFailed
from kinerja_core.settings import Settings

CHUNK = 256 * 1024  # bytes per read, per database row, per streamed piece
READ = 64 * 1024
ENTRY_POINT_GROUP = "kinerja.evidence_stores"
BUILT_IN = ("local", "database", "s3")


@dataclass(frozen=True)
class Blob:
    """A stored file: its key in the store, its SHA-256 (hex) and its size in bytes."""

    key: str
    sha256: str
    size: int


class BlobMissing(LookupError):
    """The store has no file under this key."""


class StoreUnavailable(RuntimeError):
    """The store cannot be used at all (no such bucket, credentials refused, no answer);
    the message is one sentence an operator can act on."""


def key_for(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256}"


def valid_key(key: str) -> bool:
    """Only keys this module makes: ``ab/ab...`` of a hex SHA-256 (nothing escapes a store)."""
    head, _, sha = key.partition("/")
    return len(sha) == 64 and head == sha[:2] and all(c in "0123456789abcdef" for c in sha)


def _max_mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


class _Spool:
    """A temporary file on this node being filled, hashed and counted."""

    def __init__(
        self, temp_dir: Path, limit: int | None, check_head: Callable[[bytes], None] | None
    ):
        temp_dir.mkdir(parents=True, exist_ok=True)
        self.path = temp_dir / f"{uuid.uuid4().hex}.part"
        self.out = self.path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0
        self.limit = limit
        self.check_head = check_head

    def write(self, chunk: bytes) -> None:
        if self.size == 0 and self.check_head is not None:
            self.check_head(chunk)
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise ValidationFailed("evidence.too_large", field="file", max_mb=_max_mb(self.limit))
        self.digest.update(chunk)
        self.out.write(chunk)

    def finish(self) -> Blob:
        if self.size == 0:
            raise ValidationFailed("evidence.empty", field="file")
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        sha = self.digest.hexdigest()
        return Blob(key_for(sha), sha, self.size)

    def copy_from(self, source: Any) -> Blob:
        """Fill from a file object (in a worker thread)."""
        if hasattr(source, "seek"):
            source.seek(0)
        while chunk := source.read(READ):
            self.write(chunk)
        return self.finish()

    def discard(self) -> None:
        self.out.close()
        self.path.unlink(missing_ok=True)


class EvidenceStore(ABC):
    """The storage interface every backend implements (see the module docstring)."""

    name = "?"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def temp_dir(self) -> Path:
        return self.settings.upload_dir / "tmp"

    async def put(
        self,
        source: Any,
        *,
        limit: int | None = None,
        check_head: Callable[[bytes], None] | None = None,
    ) -> Blob:
        """Store ``source`` (a file object with ``read``, or an async iterable of bytes).

        ``check_head(first_chunk)`` may refuse the content by raising; ``limit`` refuses a
        larger file (``evidence.too_large``), an empty one is ``evidence.empty``. A refused
        file leaves nothing behind.
        """
        spool = await anyio.to_thread.run_sync(_Spool, self.temp_dir, limit, check_head)
        try:
            if hasattr(source, "read"):
                blob = await anyio.to_thread.run_sync(spool.copy_from, source)
            else:
                async for chunk in _chunks(source):
                    await anyio.to_thread.run_sync(spool.write, chunk)
                blob = await anyio.to_thread.run_sync(spool.finish)
            await self._save(spool.path, blob)
            return blob
        finally:
            await anyio.to_thread.run_sync(spool.discard)

    @abstractmethod
    async def _save(self, temp: Path, blob: Blob) -> None:
        """Keep the complete, checked temporary file ``temp`` under ``blob.key``
        (it is removed afterwards when still there)."""

    @abstractmethod
    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The file's bytes in chunks; :class:`BlobMissing` (raised here) when absent."""

    async def open_range(self, key: str, start: int, stop: int) -> AsyncIterator[bytes]:
        """Bytes ``start`` to ``stop`` (exclusive) of the file, in chunks; :class:`BlobMissing`
        (raised here) when absent. This default reads from the start; backends override it."""
        return _window(await self.open(key), start, stop)

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Remove the file (nothing happens when it is absent)."""

    @abstractmethod
    async def exists(self, key: str) -> bool:
        """True when a complete file is stored under ``key``."""

    async def check(self) -> None:  # noqa: B027 - optional for a backend
        """Raise :class:`StoreUnavailable` when files cannot be written here (``kinerja
        storage migrate`` asks before it moves anything)."""

    async def close(self) -> None:  # noqa: B027 - optional for a backend
        """Release connections (the app calls it at shut-down)."""


async def _chunks(source: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    async for chunk in source:
        if chunk:
            yield bytes(chunk)


async def _window(chunks: AsyncIterator[bytes], start: int, stop: int) -> AsyncIterator[bytes]:
    """The part ``start``..``stop`` of a stream of chunks that begins at offset 0."""
    offset = 0
    try:
        async for chunk in chunks:
            end = offset + len(chunk)
            if end > start and offset < stop:
                yield chunk[max(start - offset, 0) : min(stop, end) - offset]
            offset = end
            if offset >= stop:
                break
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:
            await close()


def _factories() -> dict[str, Callable[[Settings], EvidenceStore]]:
    from kinerja_core.storage.database import DatabaseStore
    from kinerja_core.storage.local import LocalStore

    def s3(settings: Settings) -> EvidenceStore:
        from kinerja_core.storage.s3 import S3EvidenceStore  # obstore only when used

        return S3EvidenceStore(settings)

    return {"local": LocalStore, "database": DatabaseStore, "s3": s3}


def _plugin_factory(name: str) -> Callable[[Settings], EvidenceStore] | None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name == name:
            return entry.load()
    return None


def make_store(settings: Settings, name: str | None = None) -> EvidenceStore:
    """A new store of the backend ``name`` (default: the setting ``evidence_store``)."""
    name = (name or settings.evidence_store or "local").strip().lower()
    factory = _factories().get(name) or _plugin_factory(name)
    if factory is None:
        raise ValueError(
            f"evidence_store: unknown store {name!r}; built in: {', '.join(BUILT_IN)}, "
            f"or a plugin's entry point in the group {ENTRY_POINT_GROUP!r}"
        )
    store = factory(settings)
    if not isinstance(store, EvidenceStore):
        raise TypeError(f"evidence_store {name!r}: the factory did not answer an EvidenceStore")
    return store


_stores: dict[tuple[str, Settings], EvidenceStore] = {}


def evidence_store(settings: Settings) -> EvidenceStore:
    """The configured store of these settings, made once per process."""
    key = (settings.evidence_store, settings)
    store = _stores.get(key)
    if store is None:
        store = _stores[key] = make_store(settings)
    return store


__all__ = [
    "Blob",
    "BlobMissing",
    "EvidenceStore",
    "StoreUnavailable",
    "evidence_store",
    "key_for",
    "make_store",
    "valid_key",
]
