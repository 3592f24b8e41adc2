"""``evidence_store = "s3"``: files in an S3-compatible bucket, through obstore.

Settings: ``evidence_s3_bucket``, ``evidence_s3_endpoint`` (empty: AWS itself; e.g.
``http://minio.internal:9000`` for MinIO or Ceph), ``evidence_s3_region``,
``evidence_s3_prefix`` (default ``evidence/``). Credentials are never settings: obstore reads
the standard environment variables ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (and
the other ``AWS_*`` ones). The spooled file is uploaded by obstore in parts; a download is
streamed in chunks, a ``Range`` download is an S3 range get.

A bucket that does not exist, refused credentials or an endpoint that does not answer raise
:class:`~kinerja_core.storage.StoreUnavailable` with one sentence that says which
(:func:`explain`); :meth:`S3EvidenceStore.check` finds out in a few seconds (a probe object
written and removed, two tries) before ``kinerja storage migrate`` moves anything.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import obstore
from obstore.exceptions import BaseError, PermissionDeniedError, UnauthenticatedError
from obstore.store import S3Store

from kinerja_core.storage import CHUNK, Blob, BlobMissing, EvidenceStore, StoreUnavailable

T = TypeVar("T")
REFUSED = {
    "AccessDenied",
    "ExpiredToken",
    "InvalidAccessKeyId",
    "InvalidClientTokenId",
    "InvalidToken",
    "SignatureDoesNotMatch",
}
CHECK_RETRY = {"max_retries": 1, "retry_timeout": timedelta(seconds=5)}
CHECK_TIMEOUTS = {"connect_timeout": "3s", "timeout": "10s"}


def explain(exc: BaseException, bucket: str, endpoint: str) -> str:
    """One sentence for an S3 failure: no such bucket, credentials refused, no answer."""
    text = str(exc)
    found = re.search(r"<Code>([A-Za-z]+)</Code>", text)
    code = found.group(1) if found else ""
    where = endpoint or "AWS S3"
    if code == "NoSuchBucket":
        return f"the bucket {bucket!r} does not exist at {where}"
    if code in REFUSED or isinstance(exc, PermissionDeniedError | UnauthenticatedError):
        return (
            f"{where} refused the credentials for the bucket {bucket!r} ({code or 'denied'}); "
            "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    if "error sending request" in text or "timed out" in text or "connect" in text.lower():
        return f"{where} does not answer (connection refused or timed out)"
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"{where}: {first[:300]}"


class S3EvidenceStore(EvidenceStore):
    name = "s3"

    def __init__(self, settings) -> None:
        super().__init__(settings)
        if not settings.evidence_s3_bucket:
            raise ValueError("evidence_store = 's3' needs the setting evidence_s3_bucket")
        self.bucket = settings.evidence_s3_bucket
        self.endpoint = settings.evidence_s3_endpoint or ""
        self.store = self._client()

    def _client(self, **extra: Any) -> S3Store:
        options: dict = {}
        client_options = dict(extra.pop("client_options", {}))
        if self.endpoint:
            options["endpoint"] = self.endpoint
            if self.endpoint.startswith("http://"):
                client_options["allow_http"] = True
        if client_options:
            options["client_options"] = client_options
        return S3Store(
            self.bucket,
            prefix=self.settings.evidence_s3_prefix or None,
            region=self.settings.evidence_s3_region or None,
            **options,
            **extra,
        )

    @contextmanager
    def _failures(self, key: str | None = None):
        """obstore's errors as the store's: BlobMissing for a missing object (when ``key``
        names one), StoreUnavailable with :func:`explain`'s sentence for the rest."""
        try:
            yield
        except FileNotFoundError as exc:
            if key is not None and "NoSuchBucket" not in str(exc):
                raise BlobMissing(key) from exc
            raise StoreUnavailable(self._sentence(exc)) from exc
        except BaseError as exc:
            raise StoreUnavailable(self._sentence(exc)) from exc

    def _sentence(self, exc: BaseException) -> str:
        return f"evidence store s3: {explain(exc, self.bucket, self.endpoint)}"

    async def _call(self, operation: Awaitable[T], key: str | None = None) -> T:
        with self._failures(key):
            return await operation

    async def check(self) -> None:
        """Write and remove a probe object, with short timeouts and one retry."""
        probe = self._client(client_options=CHECK_TIMEOUTS, retry_config=CHECK_RETRY)
        key = f"kinerja-check/{uuid.uuid4().hex}"
        await self._call(obstore.put_async(probe, key, b"check"))
        await self._call(obstore.delete_async(probe, key))

    async def _save(self, temp: Path, blob: Blob) -> None:
        if await self.exists(blob.key):
            return
        await self._call(obstore.put_async(self.store, blob.key, temp))

    async def open(self, key: str) -> AsyncIterator[bytes]:
        return await self._get(key, None)

    async def open_range(self, key: str, start: int, stop: int) -> AsyncIterator[bytes]:
        """An S3 range get: only bytes ``start``..``stop`` travel from the bucket."""
        return await self._get(key, {"range": (start, stop)})

    async def _get(self, key: str, options: dict | None) -> AsyncIterator[bytes]:
        result = await self._call(obstore.get_async(self.store, key, options=options), key)

        async def chunks() -> AsyncIterator[bytes]:
            with self._failures(key):
                async for chunk in result.stream(min_chunk_size=CHUNK):
                    yield bytes(chunk)

        return chunks()

    async def delete(self, key: str) -> None:
        try:
            await self._call(obstore.delete_async(self.store, key), key)
        except BlobMissing:
            pass

    async def exists(self, key: str) -> bool:
        try:
            await self._call(obstore.head_async(self.store, key), key)
        except BlobMissing:
            return False
        return True
