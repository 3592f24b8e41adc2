"""Messages for users, Indonesian first, English through ``Accept-Language``.

Codes come from :mod:`kinerja_core.errors` raisers and from
:data:`kinerja_core.domain.errors.MESSAGES`. A code without a message falls back to a generic
sentence that still names the field, so a missing entry never hides the error.
"""

from __future__ import annotations

from typing import Any

from kinerja_core.domain.errors import MESSAGES as DOMAIN_MESSAGES

LANGUAGES = ("id", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # access
    "auth.required": (
        "Silakan masuk terlebih dahulu.",
        "Please sign in first.",
    ),
    "auth.invalid_credentials": (
        "NIP atau kata sandi salah.",
        "Wrong NIP or password.",
    ),
    "auth.inactive": ("Akun ini tidak aktif.", "This account is disabled."),
    "auth.wrong_password": ("Kata sandi lama salah.", "The current password is wrong."),
    "introspection.off": (
        "Introspeksi skema dimatikan di server ini; lihat schema.graphql.",
        "Schema introspection is turned off on this server; see schema.graphql.",
    ),
    "auth.password_change_required": (
        "Anda harus mengganti kata sandi terlebih dahulu (changePassword) sebelum dapat "
        "melakukan hal lain.",
        "You must change your password (changePassword) before you can do anything else.",
    ),
    "account.no_employee": (
        "Tidak ada pegawai dengan NIP ini.",
        "There is no employee with this NIP.",
    ),
    "account.missing": (
        "Pegawai ini belum memiliki akun.",
        "This employee has no account yet.",
    ),
    "access.denied": (
        "Anda tidak berwenang melakukan tindakan ini.",
        "You are not allowed to do this.",
    ),
    "access.not_own": (
        "Hanya pemilik data ini yang dapat mengubahnya.",
        "Only the owner of this record can change it.",
    ),
    "access.not_rater": (
        "Hanya pejabat penilai SKP ini yang dapat melakukannya.",
        "Only the rater (pejabat penilai) of this plan can do this.",
    ),
    "access.not_rater_superior": (
        "Hanya atasan pejabat penilai yang dapat memutus keberatan ini.",
        "Only the rater's superior (atasan pejabat penilai) can decide this appeal.",
    ),
    "access.agency": (
        "Anda hanya dapat mengelola data OPD Anda sendiri.",
        "You can only manage your own agency's data.",
    ),
    "access.central_admin": (
        "Hanya admin pusat (BKPSDM) yang dapat melakukannya.",
        "Only a central administrator (BKPSDM) can do this.",
    ),
    # lookups
    "not_found": (
        "{entity} dengan id {id} tidak ditemukan.",
        "{entity_en} with id {id} was not found.",
    ),
    "conflict.version": (
        "Data ini sudah diubah orang lain (versi {current}); muat ulang lalu coba lagi.",
        "Someone else changed this record (now version {current}); reload and try again.",
    ),
    "conflict.exists": (
        "{entity} ini sudah ada.",
        "This {entity_en} already exists.",
    ),
    # generic input
    "required": ("{field} wajib diisi.", "{field} is required."),
    "too_long": (
        "{field} terlalu panjang (maksimal {max} karakter).",
        "{field} is too long (at most {max} characters).",
    ),
    "invalid": ("{field} tidak valid: {reason}.", "{field} is invalid: {reason}."),
    "page.size": (
        "Jumlah data per halaman harus antara 1 dan {max}.",
        "Page size must be between 1 and {max}.",
    ),
    "page.cursor": ("Kursor halaman tidak valid.", "The page cursor is invalid."),
    "audit.range": (
        "Akhir rentang waktu (until) harus setelah awalnya (since).",
        "The end of the time range (until) must be after its start (since).",
    ),
    "internal": (
        "Terjadi kesalahan di server (kode permintaan {request_id}).",
        "Something went wrong on the server (request id {request_id}).",
    ),
}

# Readable entity names for messages, Indonesian then English.
ENTITY_NAMES: dict[str, tuple[str, str]] = {
    "Agency": ("OPD", "Agency"),
    "Unit": ("Unit kerja", "Unit"),
    "Position": ("Jabatan", "Position"),
    "Employee": ("Pegawai", "Employee"),
    "Assignment": ("Penugasan", "Assignment"),
    "Account": ("Akun", "Account"),
    "PerformancePlan": ("SKP", "Performance plan"),
    "WorkResult": ("RHK", "Work result"),
    "Indicator": ("IKI", "Indicator"),
    "Period": ("Periode", "Period"),
    "ActionPlan": ("Rencana aksi", "Action plan"),
    "Realization": ("Realisasi", "Realization"),
    "Evidence": ("Bukti dukung", "Evidence"),
    "Feedback": ("Umpan balik", "Feedback"),
    "Evaluation": ("Penilaian", "Evaluation"),
    "OrganizationRating": ("Predikat organisasi", "Organisation rating"),
    "Appeal": ("Keberatan", "Appeal"),
}


def register_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages (used by service modules and plugins); a code may be registered once."""
    for code, pair in messages.items():
        if code in MESSAGES and MESSAGES[code] != pair:
            raise ValueError(f"message code {code!r} is already registered")
        MESSAGES[code] = pair


def pick_language(accept_language: str | None, default: str = "id") -> str:
    """The first supported language in an Accept-Language header, by quality."""
    if not accept_language:
        return default
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q = piece.partition(";q=")
        try:
            quality = float(q) if q else 1.0
        except ValueError:
            quality = 0.0
        ranked.append((quality, tag.strip().lower().split("-")[0]))
    for _, tag in sorted(ranked, key=lambda item: -item[0]):
        if tag in LANGUAGES:
            return tag
    return default


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(code: str, params: dict[str, Any] | None, lang: str, field: str | None = None) -> str:
    """The sentence for ``code`` in ``lang``; unknown codes still say which field is wrong."""
    values = _Defaulting(params or {})
    values.setdefault("field", field or "")
    entity = values.get("entity")
    if isinstance(entity, str) and entity in ENTITY_NAMES:
        values["entity"], values["entity_en"] = ENTITY_NAMES[entity]
    elif entity is not None:
        values.setdefault("entity_en", entity)
    pair = MESSAGES.get(code) or DOMAIN_MESSAGES.get(code)
    if pair is None:
        pair = ("Isian {field} tidak valid ({code}).", "The value of {field} is invalid ({code}).")
        values["code"] = code
    template = pair[1] if lang == "en" else pair[0]
    return template.format_map(values)


register_messages(
    {
        "org.unit_cycle": (
            "Unit induk tidak boleh berada di bawah unit ini sendiri.",
            "The parent unit cannot be below this unit.",
        ),
        "org.root_unit": (
            "Unit teratas OPD tidak dapat dipindahkan.",
            "The agency's top unit cannot be moved.",
        ),
        "org.other_agency": (
            "Unit induk harus berada di OPD yang sama.",
            "The parent unit must belong to the same agency.",
        ),
        "org.functional_level": (
            "Jenjang jabatan fungsional harus salah satu dari: {levels}.",
            "A functional position's level must be one of: {levels}.",
        ),
        "org.position_cycle": (
            "Jabatan atasan tidak boleh berada di bawah jabatan ini.",
            "The superior position cannot report to this position.",
        ),
        "org.unit_has_head": (
            "Unit ini sudah memiliki jabatan pimpinan.",
            "This unit already has a head position.",
        ),
        "org.assignment_dates": (
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
            "The end date cannot be before the start date.",
        ),
        "org.assignment_overlap": (
            "Penugasan baru harus dimulai setelah penugasan definitif sebelumnya.",
            "A new assignment must start after the previous definitive one.",
        ),
        "org.position_taken": (
            "Jabatan pimpinan ini sudah dijabat orang lain.",
            "This head position is already held by someone else.",
        ),
    }
)
