"""Upload quotas: how many evidence files one realisasi may have, and how many bytes one
realisasi and one person may hold (settings ``upload_max_files_per_realization``,
``upload_max_bytes_per_realization``, ``upload_max_bytes_per_person``; 0 turns one off).

Checked twice by :func:`kinerja_core.services.monitoring.upload_evidence`: the file count
before the file is read (a full realisasi costs no upload work), and everything again in the
transaction that writes the row, once the size is known. Sizes are those of the rows, so a
file shared by identical uploads counts for each of them. A person's bytes include the files
of tables plugins registered with an owner (``register_stored_files``: e.g. certificates);
:func:`check_person_quota` is what a plugin's upload checks.
"""

from __future__ import annotations

from typing import Any

from tortoise.functions import Sum

from kinerja_core.domain.enums import EvidenceKind
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Evidence
from kinerja_core.settings import Settings
from kinerja_core.storage.references import file_tables


def readable_size(size: int) -> str:
    """``52428800`` -> ``"50 MB"``, ``3500`` -> ``"3.4 KB"`` (binary units, as uploads use)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


async def _sum(query: Any, size_field: str) -> int:
    rows = await query.annotate(total=Sum(size_field)).values("total")
    return int((rows[0]["total"] if rows else 0) or 0)


async def _total_size(**filters: object) -> int:
    return await _sum(Evidence.filter(kind=EvidenceKind.FILE, **filters), "size")


async def person_bytes(employee_id: int) -> int:
    """Bytes of every file this person uploaded: evidence and the registered plugin tables."""
    total = 0
    for table in file_tables():
        if table.owner_field is not None:
            query = table.rows().filter(**{table.owner_field: employee_id})
            total += await _sum(query, table.size_field)
    return total


def _refuse(code: str, limit: int, used: int, size: int) -> None:
    """A ValidationError on ``file`` naming the limit, when ``size`` more would pass it."""
    if limit > 0 and used + size > limit:
        raise ValidationFailed(
            code,
            field="file",
            max=readable_size(limit),
            used=readable_size(used),
            size=readable_size(size),
        )


async def check_person_quota(settings: Settings, employee_id: int, size: int) -> None:
    """Refuse (ValidationError on ``file``) a file of ``size`` bytes that would take this
    person past ``upload_max_bytes_per_person`` (0: no limit); for plugins' uploads."""
    if settings.upload_max_bytes_per_person > 0:
        used = await person_bytes(employee_id)
        _refuse("evidence.quota_person_bytes", settings.upload_max_bytes_per_person, used, size)


async def check_upload_quota(
    settings: Settings, realization_id: int, employee_id: int, size: int = 0
) -> None:
    """Refuse (ValidationError on ``file``, naming the limit) an upload of ``size`` bytes that
    would pass a quota; ``size=0`` checks only that one more file is allowed."""
    most_files = settings.upload_max_files_per_realization
    if most_files > 0:
        files = await Evidence.filter(realization_id=realization_id, kind=EvidenceKind.FILE).count()
        if files >= most_files:
            raise ValidationFailed("evidence.quota_files", field="file", max=most_files)
    if size <= 0:
        return
    limit = settings.upload_max_bytes_per_realization
    if limit > 0:
        used = await _total_size(realization_id=realization_id)
        _refuse("evidence.quota_realization_bytes", limit, used, size)
    await check_person_quota(settings, employee_id, size)


register_messages(
    {
        "evidence.quota_files": (
            "Realisasi ini sudah memiliki {max} berkas bukti dukung, batas maksimalnya; "
            "hapus salah satu atau gunakan tautan.",
            "This realization already has {max} evidence files, the limit; remove one or "
            "add a link instead.",
        ),
        "evidence.quota_realization_bytes": (
            "Berkas bukti dukung satu realisasi paling banyak {max}; sudah terpakai "
            "{used}, berkas ini {size}.",
            "The evidence files of one realization may total at most {max}; "
            "{used} are used and this file is {size}.",
        ),
        "evidence.quota_person_bytes": (
            "Berkas yang Anda unggah paling banyak {max} seluruhnya; sudah terpakai "
            "{used}, berkas ini {size}.",
            "The files you upload may total at most {max}; {used} are used and "
            "this file is {size}.",
        ),
    }
)
