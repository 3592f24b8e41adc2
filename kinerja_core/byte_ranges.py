"""Downloads of stored files with ``Range`` requests (RFC 9110 section 14): resume a download.

A stored file (an evidence file, a finished export) is named by its SHA-256, which is its
strong ``ETag`` (``"<sha256>"``). Every download says ``Accept-Ranges: bytes``; a ``GET`` with

- ``Range: bytes=a-b``, ``bytes=a-`` or the suffix ``bytes=-n`` (the last n bytes) answers
  ``206 Partial Content`` with ``Content-Range: bytes a-b/size`` and only those bytes, read
  from the store as a part (the local file from offset a, only the database chunks that hold
  the part, an S3 range get);
- a range that starts past the end (or ``bytes=-0``) answers ``416 Range Not Satisfiable``
  with ``Content-Range: bytes */size`` and a typed JSON error;
- ``If-Range`` that is not this file's ETag (another file, or a date: the files carry no
  modification time) answers the whole file with ``200``, as the RFC asks.

A ``Range`` header that is not one valid byte range (another unit, a syntax error, several
ranges) is ignored and the whole file is sent: a server may always do so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from kinerja_core.i18n import register_messages, translate

Opener = Callable[[int, int], Awaitable[AsyncIterator[bytes]]]
"""``opener(start, stop)``: the stored file's bytes ``start`` to ``stop`` (exclusive)."""


@dataclass(frozen=True)
class Unsatisfiable:
    """A valid byte range that selects nothing of a file of ``size`` bytes."""

    size: int


def parse_range(header: str | None, size: int) -> tuple[int, int] | Unsatisfiable | None:
    """``(start, stop)`` (stop exclusive) of one ``bytes=`` range of a ``size``-byte file,
    :class:`Unsatisfiable`, or None when the header is absent or not one valid byte range
    (then the whole file is sent)."""
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    first, last = first.strip(), last.strip()
    if not dash or not (first + last).isdigit() or len(first) > 18 or len(last) > 18:
        return None
    if not first:  # suffix: the last n bytes
        length = int(last)
        if length == 0 or size == 0:
            return Unsatisfiable(size)
        return max(size - length, 0), size
    start = int(first)
    if last and int(last) < start:
        return None  # a-b with b < a is not a valid range: ignored
    if start >= size:
        return Unsatisfiable(size)
    return start, min(int(last) + 1, size) if last else size


def etag_of(sha256: str) -> str:
    return f'"{sha256}"'


def if_range_allows(request: Request, etag: str) -> bool:
    """True when the request has no ``If-Range`` or its strong ETag is this file's."""
    condition = request.headers.get("if-range")
    if condition is None:
        return True
    return condition.strip() == etag  # weak tags and dates never match (RFC 9110 13.1.5)


async def stored_file_response(
    request: Request,
    *,
    size: int,
    sha256: str,
    media_type: str,
    headers: Mapping[str, str],
    opener: Opener,
    lang: str,
) -> Response:
    """The response to GET or HEAD of a stored file: 200, 206 or 416 (see the module).

    ``opener`` may raise the store's ``BlobMissing``; the caller turns it into its 404."""
    etag = etag_of(sha256)
    common = {**headers, "Accept-Ranges": "bytes", "ETag": etag}
    wanted = None
    if request.method == "GET" and if_range_allows(request, etag):
        wanted = parse_range(request.headers.get("range"), size)
    if isinstance(wanted, Unsatisfiable):
        message = translate("download.range_unsatisfiable", {"size": size}, lang, field="Range")
        return JSONResponse(
            {"error": {"code": "download.range_unsatisfiable", "message": message}},
            status_code=416,
            headers={**common, "Content-Range": f"bytes */{size}"},
        )
    if request.method == "HEAD":  # the headers of the whole download, no body
        return Response(media_type=media_type, headers={**common, "Content-Length": str(size)})
    start, stop = wanted or (0, size)
    chunks = await opener(start, stop)
    length = {"Content-Length": str(stop - start)}
    if wanted is None:
        return StreamingResponse(chunks, media_type=media_type, headers={**common, **length})
    return StreamingResponse(
        chunks,
        status_code=206,
        media_type=media_type,
        headers={**common, **length, "Content-Range": f"bytes {start}-{stop - 1}/{size}"},
    )


register_messages(
    {
        "download.range_unsatisfiable": (
            "Rentang unduhan (Range) berada di luar berkas; ukuran berkas {size} byte.",
            "The requested download range (Range) lies outside the file; the file has "
            "{size} bytes.",
        ),
    }
)
