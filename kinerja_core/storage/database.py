"""``evidence_store = "database"``: files as chunks in the table ``blob_chunk``.

Every node that uses the database sees every file, and ``pg_dump`` backs them up with the
rest. A file is cut into rows of ``CHUNK`` bytes (``key``, ``seq``, ``data``: bytea on
PostgreSQL, BLOB on SQLite); writing inserts one row at a time in one transaction, reading
fetches one row at a time, so no file is held whole in memory. The chunk count is written
last, in row 0's ``chunks``, so a reader never sees half a file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import anyio
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from kinerja_core.models import BlobChunk
from kinerja_core.storage import CHUNK, Blob, BlobMissing, EvidenceStore


class DatabaseStore(EvidenceStore):
    name = "database"

    async def _save(self, temp: Path, blob: Blob) -> None:
        if await self.exists(blob.key):
            return  # same content, same key: already stored
        handle = await anyio.open_file(temp, "rb")
        try:
            async with in_transaction():
                seq = 0
                while data := await handle.read(CHUNK):
                    await BlobChunk.create(key=blob.key, seq=seq, data=data)
                    seq += 1
                await BlobChunk.filter(key=blob.key, seq=0).update(chunks=seq, size=blob.size)
        except IntegrityError:
            # another node stored the same content at the same moment: (key, seq) is unique
            if not await self.exists(blob.key):
                raise
        finally:
            await handle.aclose()

    async def _chunk_count(self, key: str) -> int:
        rows = await BlobChunk.filter(key=key, seq=0).values_list("chunks", flat=True)
        return int(rows[0]) if rows else 0

    async def open(self, key: str) -> AsyncIterator[bytes]:
        count = await self._chunk_count(key)
        if count <= 0:
            raise BlobMissing(key)

        async def chunks() -> AsyncIterator[bytes]:
            for seq in range(count):
                rows = await BlobChunk.filter(key=key, seq=seq).values_list("data", flat=True)
                if not rows:  # deleted while being read
                    raise BlobMissing(key)
                yield bytes(rows[0])

        return chunks()

    async def delete(self, key: str) -> None:
        await BlobChunk.filter(key=key).delete()

    async def exists(self, key: str) -> bool:
        return await self._chunk_count(key) > 0
