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
        return self._rows(key, range(count))

    async def open_range(self, key: str, start: int, stop: int) -> AsyncIterator[bytes]:
        """Only the rows that hold bytes ``start``..``stop``: every row but the last has
        exactly ``CHUNK`` bytes, so row ``seq`` starts at ``seq * CHUNK``."""
        count = await self._chunk_count(key)
        if count <= 0:
            raise BlobMissing(key)
        first, last = start // CHUNK, min((max(stop, start + 1) - 1) // CHUNK, count - 1)

        async def sliced() -> AsyncIterator[bytes]:
            seq = first
            async for data in self._rows(key, range(first, last + 1)):
                begin = seq * CHUNK
                piece = data[max(start - begin, 0) : max(stop - begin, 0)]
                seq += 1
                if piece:
                    yield piece

        return sliced()

    async def _rows(self, key: str, seqs: range) -> AsyncIterator[bytes]:
        """The rows ``seqs`` of ``key``, one statement each (never the whole file at once)."""
        for seq in seqs:
            found = await BlobChunk.filter(key=key, seq=seq).values_list("data", flat=True)
            if not found:  # deleted while being read
                raise BlobMissing(key)
            yield bytes(found[0])

    async def delete(self, key: str) -> None:
        await BlobChunk.filter(key=key).delete()

    async def exists(self, key: str) -> bool:
        return await self._chunk_count(key) > 0
