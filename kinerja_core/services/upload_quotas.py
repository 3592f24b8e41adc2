"""Upload quotas: how many evidence files one realisasi may have, and how many bytes one
realisasi and one person may hold (settings ``upload_max_files_per_realization``,
``upload_max_bytes_per_realization``, ``upload_max_bytes_per_person``; 0 turns one off).

Checked twice by :func:`kinerja_core.services.monitoring.upload_evidence`: the file count
before the file is read (a full realisasi costs no upload work), and everything again in the
transaction that writes the row, once the size is known. Sizes are those of the rows, so a
file shared by identical uploads counts for each of them.
"""

from __future__ import annotations

from tortoise.functions import Sum

from kinerja_core.domain.enums import EvidenceKind
from kinerja_core.errors import ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Evidence
from kinerja_core.settings import Settings


def readable_size(size: int) -> str:
    """``52428800`` -> ``"50 MB"``, ``3500`` -> ``"3.4 KB"`` (binary units, as uploads use)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


async def _total_size(**filters: object) -> int:
    rows = (
        await Evidence.filter(kind=EvidenceKind.FILE, **filters)
        .annotate(total=Sum("size"))
        .values("total")
    )
    return int((rows[0]["total"] if rows else 0) or 0)


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
    for limit, code, filters in (
        (
            settings.upload_max_bytes_per_realization,
            "evidence.quota_realization_bytes",
            {"realization_id": realization_id},
        ),
        (
            settings.upload_max_bytes_per_person,
            "evidence.quota_person_bytes",
            {"uploaded_by_id": employee_id},
        ),
    ):
        if limit <= 0:
            continue
        used = await _total_size(**filters)
        if used + size > limit:
            raise ValidationFailed(
                code,
                field="file",
                max=readable_size(limit),
                used=readable_size(used),
                size=readable_size(size),
            )


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
