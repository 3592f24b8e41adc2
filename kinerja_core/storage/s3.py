"""``evidence_store = "s3"``: files in an S3-compatible bucket, through obstore.

Settings: ``evidence_s3_bucket``, ``evidence_s3_endpoint`` (empty: AWS itself; e.g.
``http://minio.internal:9000`` for MinIO or Ceph), ``evidence_s3_region``,
``evidence_s3_prefix`` (default ``evidence/``). Credentials are never settings: obstore reads
the standard environment variables ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (and
the other ``AWS_*`` ones). The spooled file is uploaded by obstore in parts; a download is
streamed in chunks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import obstore
from obstore.store import S3Store

from kinerja_core.storage import CHUNK, Blob, BlobMissing, EvidenceStore


class S3EvidenceStore(EvidenceStore):
    name = "s3"

    def __init__(self, settings) -> None:
        super().__init__(settings)
        if not settings.evidence_s3_bucket:
            raise ValueError("evidence_store = 's3' needs the setting evidence_s3_bucket")
        options: dict = {}
        endpoint = settings.evidence_s3_endpoint
        if endpoint:
            options["endpoint"] = endpoint
            if endpoint.startswith("http://"):
                options["client_options"] = {"allow_http": True}
        self.store = S3Store(
            settings.evidence_s3_bucket,
            prefix=settings.evidence_s3_prefix or None,
            region=settings.evidence_s3_region or None,
            **options,
        )

    async def _save(self, temp: Path, blob: Blob) -> None:
        if await self.exists(blob.key):
            return
        await obstore.put_async(self.store, blob.key, temp)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        return await self._get(key, None)

    async def open_range(self, key: str, start: int, stop: int) -> AsyncIterator[bytes]:
        """An S3 range get: only bytes ``start``..``stop`` travel from the bucket."""
        return await self._get(key, {"range": (start, stop)})

    async def _get(self, key: str, options: dict | None) -> AsyncIterator[bytes]:
        try:
            result = await obstore.get_async(self.store, key, options=options)
        except FileNotFoundError as exc:
            raise BlobMissing(key) from exc

        async def chunks() -> AsyncIterator[bytes]:
            async for chunk in result.stream(min_chunk_size=CHUNK):
                yield bytes(chunk)

        return chunks()

    async def delete(self, key: str) -> None:
        try:
            await obstore.delete_async(self.store, key)
        except FileNotFoundError:
            pass

    async def exists(self, key: str) -> bool:
        try:
            await obstore.head_async(self.store, key)
        except FileNotFoundError:
            return False
        return True
