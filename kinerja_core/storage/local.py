"""``evidence_store = "local"``: files under ``<data_dir>/uploads`` on this machine's disk.

The default, and right for SQLite (one process on one machine). A second machine does not see
these files: with several nodes use ``database`` or ``s3`` (docs/operations.md).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import anyio

from kinerja_core.storage import (
    CHUNK,
    Blob,
    BlobMissing,
    EvidenceStore,
    StoreUnavailable,
    valid_key,
)


class LocalStore(EvidenceStore):
    name = "local"

    @property
    def root(self) -> Path:
        return self.settings.upload_dir

    def path_of(self, key: str) -> Path | None:
        """The file of ``key``, None when the key is not one of ours or escapes the root."""
        if not valid_key(key):
            return None
        root = self.root.resolve()
        path = (root / key).resolve()
        return path if path.is_relative_to(root) else None

    async def check(self) -> None:
        def probe() -> None:
            self.root.mkdir(parents=True, exist_ok=True)
            path = self.root / f".check-{os.getpid()}"
            path.write_bytes(b"check")
            path.unlink()

        try:
            await anyio.to_thread.run_sync(probe)
        except OSError as exc:
            raise StoreUnavailable(
                f"evidence store local: cannot write in {self.root} ({exc.strerror})"
            ) from exc

    async def _save(self, temp: Path, blob: Blob) -> None:
        final = self.root / blob.key

        def move() -> None:
            final.parent.mkdir(parents=True, exist_ok=True)
            # Identical content lands on the same path; replacing it keeps one copy and
            # narrows the window in which a concurrent removal could leave a row without file.
            os.replace(temp, final)

        await anyio.to_thread.run_sync(move)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        return await self.open_range(key, 0, -1)

    async def open_range(self, key: str, start: int, stop: int) -> AsyncIterator[bytes]:
        """From ``start`` (a seek) to ``stop``; ``stop`` -1: to the end of the file."""
        path = self.path_of(key)
        if path is None or not path.is_file():
            raise BlobMissing(key)
        handle = await anyio.open_file(path, "rb")
        await handle.seek(start)

        async def chunks() -> AsyncIterator[bytes]:
            left = stop - start
            try:
                while stop < 0 or left > 0:
                    chunk = await handle.read(CHUNK if stop < 0 else min(CHUNK, left))
                    if not chunk:
                        break
                    left -= len(chunk)
                    yield chunk
            finally:
                await handle.aclose()

        return chunks()

    async def delete(self, key: str) -> None:
        path = self.path_of(key)
        if path is not None:
            path.unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        path = self.path_of(key)
        return path is not None and path.is_file()
