"""File storage of bukti dukung: checked, hashed while streaming, stored by content.

A file lives at ``<upload_dir>/<sha[:2]>/<sha>``; identical uploads share one file. It is
written to a temporary file first and renamed into place, so a reader never sees half a
file. Nothing here touches the database except :func:`discard_if_unreferenced`, which the
use cases call when the row that would have pointed at a stored file was not written.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, BinaryIO

import anyio

from kinerja_core.errors import ValidationFailed
from kinerja_core.settings import Settings

CHUNK = 64 * 1024
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

    storage_path: str  # relative to the upload directory, e.g. "ab/abcdef..."
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


def _max_mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def _copy_to_temp(source: BinaryIO, upload_dir: Path, content_type: str, limit: int) -> StoredFile:
    """Stream ``source`` into a temp file, hashing and counting; rename into place if valid."""
    temp_dir = upload_dir / "tmp"
    temp_dir.mkdir(parents=True, exist_ok=True)
    temp = temp_dir / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with temp.open("wb") as out:
            head = source.read(CHUNK)
            if not head:
                raise ValidationFailed("evidence.empty", field="file")
            check_magic(content_type, head)
            chunk = head
            while chunk:
                size += len(chunk)
                if size > limit:
                    raise ValidationFailed(
                        "evidence.too_large", field="file", max_mb=_max_mb(limit)
                    )
                digest.update(chunk)
                out.write(chunk)
                chunk = source.read(CHUNK)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        relative = f"{sha[:2]}/{sha}"
        final = upload_dir / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        # Identical content lands on the same path; replacing it keeps one copy and
        # narrows the window in which a concurrent removal could leave a row without file.
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return StoredFile(relative, sha, size, content_type, "")


async def store_upload(settings: Settings, upload: Any) -> StoredFile:
    """Check and store a multipart upload (a Starlette ``UploadFile``).

    Refused with a ValidationError on field ``file``: a missing file, a type outside
    ``settings.upload_content_types``, content whose first bytes contradict its type, an
    empty file, or one larger than ``settings.upload_max_bytes``. A refused file leaves
    nothing on disk.
    """
    source = getattr(upload, "file", None)
    if source is None or not hasattr(source, "read"):
        raise ValidationFailed("evidence.file_missing", field="file")
    content_type = declared_type(upload)
    check_type(settings, content_type)
    source.seek(0)
    stored = await anyio.to_thread.run_sync(
        _copy_to_temp, source, settings.upload_dir, content_type, settings.upload_max_bytes
    )
    filename = safe_filename(getattr(upload, "filename", None), content_type)
    return StoredFile(stored.storage_path, stored.sha256, stored.size, content_type, filename)


def file_path(settings: Settings, storage_path: str) -> Path | None:
    """The absolute path of a stored file, None if it is missing or escapes the directory."""
    root = settings.upload_dir.resolve()
    path = (root / storage_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


async def discard_if_unreferenced(settings: Settings, storage_path: str) -> bool:
    """Delete a stored file no evidence row points at any more (call after commit/rollback)."""
    from kinerja_core.models import Evidence

    if not storage_path or await Evidence.filter(storage_path=storage_path).exists():
        return False
    path = file_path(settings, storage_path)
    if path is None:
        return False
    path.unlink(missing_ok=True)
    return True
