"""Bukti dukung files: checked, hashed while streaming, stored by content.

A file is kept under ``<sha[:2]>/<sha>`` in the evidence store of the setting
``evidence_store`` (:mod:`kinerja_core.storage`: this machine's disk, the database or S3);
identical uploads share one file. It is spooled to a temporary file first and only then
stored, so a reader never sees half a file. Nothing here touches the evidence rows except
:func:`discard_if_unreferenced`, which the use cases call when the row that would have pointed
at a stored file was not written.

Plugins keep files in the same store the same way (``kinerja_core.api.store_upload``, e.g.
the kompetensi plugin's certificates) and declare the table that points at them with
``register_stored_files`` (:mod:`kinerja_core.storage.references`): a file one of those rows
still names is never discarded, ``kinerja storage migrate`` copies it too, and its size
counts toward the uploader's byte quota (``upload_max_bytes_per_person``).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from kinerja_core.errors import ValidationFailed
from kinerja_core.settings import Settings
from kinerja_core.storage import evidence_store
from kinerja_core.storage.references import is_referenced

GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
ZIP = (b"PK\x03\x04",)
# The first bytes each type must start with: a renamed executable does not pass as a PDF.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ZIP,
}
TEXT_TYPES = {"text/plain", "text/csv"}
# Extensions a browser would use to open a downloaded file of each type.
EXTENSIONS: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


@dataclass(frozen=True)
class StoredFile:
    """Where an accepted upload now lives and what it is."""

    storage_path: str  # the key in the evidence store, e.g. "ab/abcdef..."
    sha256: str
    size: int
    content_type: str
    filename: str


def safe_filename(name: str | None, content_type: str) -> str:
    """The base name without path or control characters, ending in an extension that
    matches the checked content type (so ``x.bat`` sent as text downloads as ``x.bat.txt``)."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "bukti"
    extension = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
    known = mimetypes.guess_all_extensions(content_type) + ([extension] if extension else [])
    if extension and not any(base.lower().endswith(ext) for ext in known):
        base += extension
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else base[:200]
    return base


def declared_type(upload: Any) -> str:
    """The client's content type, or a guess from the file name when it sent a generic one."""
    declared = (getattr(upload, "content_type", None) or "").split(";")[0].strip().lower()
    if declared in GENERIC_TYPES:
        declared = (mimetypes.guess_type(getattr(upload, "filename", None) or "")[0] or "").lower()
    return declared


def check_type(settings: Settings, content_type: str) -> None:
    """Refuse a content type outside the configured allow list."""
    allowed = settings.upload_content_types
    if content_type not in allowed:
        raise ValidationFailed(
            "evidence.content_type",
            field="file",
            content_type=content_type or "?",
            allowed=", ".join(sorted(EXTENSIONS.get(t, t) for t in allowed)),
        )


def check_magic(content_type: str, head: bytes) -> None:
    """Refuse content that does not look like what it claims to be."""
    signatures = MAGIC.get(content_type)
    looks_wrong = (signatures is not None and not head.startswith(signatures)) or (
        content_type in TEXT_TYPES and b"\x00" in head
    )
    if looks_wrong:
        raise ValidationFailed("evidence.content_mismatch", field="file", content_type=content_type)


async def store_upload(settings: Settings, upload: Any) -> StoredFile:
    """Check and store a multipart upload (a Starlette ``UploadFile``).

    Refused with a ValidationError on field ``file``: a missing file, a type outside
    ``settings.upload_content_types``, content whose first bytes contradict its type, an
    empty file, or one larger than ``settings.upload_max_bytes`` (counted while it streams).
    A refused file leaves nothing behind.
    """
    source = getattr(upload, "file", None)
    if source is None or not hasattr(source, "read"):
        raise ValidationFailed("evidence.file_missing", field="file")
    content_type = declared_type(upload)
    check_type(settings, content_type)
    blob = await evidence_store(settings).put(
        source,
        limit=settings.upload_max_bytes,
        check_head=lambda head: check_magic(content_type, head),
    )
    filename = safe_filename(getattr(upload, "filename", None), content_type)
    return StoredFile(blob.key, blob.sha256, blob.size, content_type, filename)


async def discard_if_unreferenced(settings: Settings, storage_path: str) -> bool:
    """Delete a stored file no row points at any more: neither evidence nor a table a plugin
    registered (:func:`register_stored_files`). Call it after commit or rollback."""
    if not storage_path or await is_referenced(storage_path):
        return False
    store = evidence_store(settings)
    if not await store.exists(storage_path):
        return False
    await store.delete(storage_path)
    return True
