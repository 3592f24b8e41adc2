"""The one exception the domain raises, and the user-facing text for each of its codes.

Rules raise ``RuleViolation`` with a stable machine ``code`` and the ``params`` that make the
message specific; the GraphQL layer turns it into a typed error in the viewer's language.
Keeping code and text apart lets clients branch on the code while wording changes freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

Language = Literal["id", "en"]

# code -> (Indonesian template, English template); placeholders come from RuleViolation.params.
# Written for the person at the form: say which part is wrong and what was entered.
MESSAGES: dict[str, tuple[str, str]] = {
    # nip.py ({label} is "NIP" or "NI PPPK")
    "nip.required": (
        "{label} wajib diisi.",
        "The {label} is required.",
    ),
    "nip.not_digits": (
        "{label} hanya boleh berisi angka; karakter '{char}' pada posisi {position} bukan angka.",
        "The {label} may contain digits only; '{char}' at position {position} is not a digit.",
    ),
    "nip.length": (
        "{label} harus 18 digit angka; yang diisi {length} digit.",
        "The {label} must be 18 digits; got {length}.",
    ),
    "nip.birth_date": (
        "Tanggal lahir pada {label} (digit 1-8: {birth_date}) bukan tanggal yang valid; "
        "formatnya TahunBulanTanggal, misalnya 19860926.",
        "The birth date in the {label} (digits 1-8: {birth_date}) is not a valid date; "
        "the format is YYYYMMDD, e.g. 19860926.",
    ),
    "nip.birth_date_future": (
        "Tanggal lahir pada {label} (digit 1-8: {birth_date}) belum terjadi.",
        "The birth date in the {label} (digits 1-8: {birth_date}) is in the future.",
    ),
    "nip.tmt_month": (
        "Bulan TMT pada {label} (digit 13-14: {tmt_month}) harus antara 01 dan 12.",
        "The appointment (TMT) month in the {label} (digits 13-14: {tmt_month}) "
        "must be between 01 and 12.",
    ),
    "nip.gender": (
        "Kode jenis kelamin pada {label} (digit 15: {gender}) harus 1 (laki-laki) "
        "atau 2 (perempuan).",
        "The gender digit in the {label} (digit 15: {gender}) must be 1 (male) or 2 (female).",
    ),
    "nip.appointment_before_birth": (
        "TMT pengangkatan pada {label} (digit 9-14: {tmt}) harus setelah bulan lahir ({birth}).",
        "The appointment (TMT) in the {label} (digits 9-14: {tmt}) must be after "
        "the birth month ({birth}).",
    ),
    "nip.sequence": (
        "Nomor urut pada {label} (digit 16-18) harus antara 001 dan 999; yang diisi 000.",
        "The sequence number in the {label} (digits 16-18) must be 001 to 999; got 000.",
    ),
    # golongan.py
    "golongan.required": (
        "Golongan wajib diisi.",
        "The golongan (grade) is required.",
    ),
    "golongan.unknown": (
        "Golongan '{value}' tidak dikenal untuk {kind}; gunakan {allowed}.",
        "Unknown golongan (grade) '{value}' for {kind}; use {allowed}.",
    ),
    # predikat.py
    "rating.unknown": (
        "Penilaian '{value}' tidak dikenal; gunakan DI_ATAS_EKSPEKTASI, SESUAI_EKSPEKTASI "
        "atau DI_BAWAH_EKSPEKTASI.",
        "Unknown rating '{value}'; use DI_ATAS_EKSPEKTASI, SESUAI_EKSPEKTASI "
        "or DI_BAWAH_EKSPEKTASI.",
    ),
    # kurva.py ({org} and {predikats} are the official labels, e.g. "Istimewa", "Sangat Baik")
    "kurva.at_most_share": (
        "Unit berpredikat organisasi {org}: pegawai berpredikat {predikats} paling banyak "
        "{percent}% ({limit} dari {total} pegawai); saat ini {actual} pegawai.",
        "Unit rated {org}: at most {percent}% of employees ({limit} of {total}) may be rated "
        "{predikats}; currently {actual}.",
    ),
    "kurva.at_least_share": (
        "Unit berpredikat organisasi {org}: pegawai berpredikat {predikats} paling sedikit "
        "{percent}% ({limit} dari {total} pegawai); saat ini {actual} pegawai.",
        "Unit rated {org}: at least {percent}% of employees ({limit} of {total}) must be rated "
        "{predikats}; currently {actual}.",
    ),
    "kurva.at_least_count": (
        "Unit berpredikat organisasi {org}: paling sedikit {limit} pegawai harus berpredikat "
        "{predikats}; saat ini {actual} dari {total} pegawai.",
        "Unit rated {org}: at least {limit} employee(s) must be rated {predikats}; "
        "currently {actual} of {total}.",
    ),
    "kurva.none_allowed": (
        "Unit berpredikat organisasi {org}: tidak boleh ada pegawai berpredikat {predikats}; "
        "saat ini {actual} dari {total} pegawai.",
        "Unit rated {org}: no employee may be rated {predikats}; currently {actual} of {total}.",
    ),
    "kurva.rounding_unknown": (
        "Cara pembulatan kurva '{rounding}' tidak dikenal; gunakan floor, ceil atau round.",
        "Unknown kurva rounding '{rounding}'; use floor, ceil or round.",
    ),
    "kurva.change_unknown": (
        "Perubahan predikat hanya untuk penilaian unit dan periode ini.",
        "A predikat change must name an evaluation of this unit and period.",
    ),
    "kurva.change_final": (
        "Predikat penilaian yang sudah final tidak dapat diubah di sini; hanya melalui keberatan.",
        "The predikat of a final evaluation cannot be changed here, only through a keberatan.",
    ),
    # angka_kredit.py
    "angka_kredit.level_unknown": (
        "Jenjang jabatan fungsional '{level}' tidak dikenal; gunakan salah satu dari: {allowed}.",
        "Unknown functional level '{level}'; use one of: {allowed}.",
    ),
    "angka_kredit.months": (
        "Jumlah bulan untuk angka kredit harus antara 1 dan 12; yang diisi {months}.",
        "The number of months for angka kredit must be between 1 and 12; got {months}.",
    ),
    # workflow.py
    "workflow.action_unknown": (
        "Aksi '{action}' tidak dikenal.",
        "Unknown action '{action}'.",
    ),
    "plan.transition": (
        "Tidak dapat {action_id} SKP yang berstatus {status_id}.",
        "Cannot {action_en} a performance plan (SKP) whose status is {status_en}.",
    ),
    "plan.not_editable": (
        "SKP yang berstatus {status_id} tidak dapat diubah; hanya SKP berstatus Draf atau "
        "Dikembalikan yang dapat diubah.",
        "A performance plan (SKP) whose status is {status_en} cannot be edited; only Draft "
        "or Returned plans can.",
    ),
    "evaluation.transition": (
        "Tidak dapat {action_id} evaluasi yang berstatus {status_id}.",
        "Cannot {action_en} an evaluation whose status is {status_en}.",
    ),
    "appeal.transition": (
        "Tidak dapat {action_id} keberatan yang berstatus {status_id}.",
        "Cannot {action_en} an appeal whose status is {status_en}.",
    ),
    "appeal.too_late": (
        "Keberatan hanya dapat diajukan paling lambat {days} hari setelah evaluasi difinalkan; "
        "batas waktunya, {deadline_id}, sudah lewat.",
        "An appeal can only be filed within {days} days after the evaluation was finalised; "
        "the deadline, {deadline_en}, has passed.",
    ),
    # targets.py
    "target.required": (
        "Target wajib diisi: isi satu nilai target, atau target minimum dan maksimum.",
        "A target is required: enter a single target value, or a minimum and a maximum.",
    ),
    "target.value_and_range": (
        "Isi satu nilai target atau rentang minimum-maksimum, jangan keduanya.",
        "Enter either a single target value or a minimum-maximum range, not both.",
    ),
    "target.range_incomplete": (
        "Target rentang membutuhkan nilai minimum dan maksimum; {missing_id} belum diisi.",
        "A target range needs both a minimum and a maximum; the {missing_en} is missing.",
    ),
    "target.min_above_max": (
        "Target maksimum ({max}) tidak boleh lebih kecil dari target minimum ({min}).",
        "The maximum target ({max}) cannot be lower than the minimum target ({min}).",
    ),
    "target.negative": (
        "Target tidak boleh negatif; yang diisi {value}.",
        "A target cannot be negative; got {value}.",
    ),
    "target.not_finite": (
        "Target harus berupa angka; yang diisi {value}.",
        "A target must be a number; got {value}.",
    ),
    "target.narrative_required": (
        "Indikator kualitatif membutuhkan uraian target (ekspektasi) yang diisi.",
        "A qualitative indicator needs a written target (expectation).",
    ),
    "target.month_out_of_range": (
        "Bulan harus antara 1 dan {months_in_year}; yang diisi {month}.",
        "The month must be between 1 and {months_in_year}; got {month}.",
    ),
    # periods.py
    "period.number_out_of_range": (
        "Nomor {kind_id} harus antara 1 dan {count}; yang diisi {number}.",
        "The number of a {kind_en} must be between 1 and {count}; got {number}.",
    ),
    "period.year": (
        "Tahun {year} tidak valid.",
        "The year {year} is not valid.",
    ),
    # passwords.py
    "password.blank": (
        "Kata sandi tidak boleh hanya berisi spasi.",
        "The password cannot be only spaces.",
    ),
    "password.too_short": (
        "Kata sandi minimal {min} karakter; yang diisi {length} karakter. Rangkaian beberapa "
        "kata mudah diingat dan cukup panjang.",
        "The password must be at least {min} characters long; it has {length}. A few words "
        "in a row are easy to remember and long enough.",
    ),
    "password.contains_nip": (
        "Kata sandi tidak boleh memuat NIP Anda.",
        "The password cannot contain your NIP.",
    ),
    "password.common": (
        "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain.",
        "This password is too common and easy to guess; choose another one.",
    ),
    "password.same_as_current": (
        "Kata sandi baru harus berbeda dari kata sandi saat ini.",
        "The new password must differ from the current one.",
    ),
}


def format_message(code: str, params: Mapping[str, Any], lang: Language = "id") -> str:
    """Render ``code`` in ``lang``; an unknown code or a missing param falls back to raw text.

    Falling back rather than raising keeps a wording slip from turning a user error into a
    server error; the tests make sure every code the package raises renders.
    """
    templates = MESSAGES.get(code)
    if templates is None:
        return code
    template = templates[0] if lang == "id" else templates[1]
    try:
        return template.format_map(dict(params))
    except (KeyError, IndexError, ValueError):
        return template


class RuleViolation(Exception):
    """A domain rule said no: which input (``field``), why (``code``), with what (``params``).

    ``field`` uses the API's argument names (``nip``, ``targetMax``) so the client can put the
    message next to the right input; it is ``None`` when no single input is to blame.
    """

    def __init__(
        self,
        code: str,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.field = field
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(format_message(code, self.params, "en"))

    def message(self, lang: Language = "id") -> str:
        """The user-facing sentence in ``lang`` (Indonesian by default, as the users are)."""
        return format_message(self.code, self.params, lang)

    def __repr__(self) -> str:
        return f"RuleViolation(code={self.code!r}, field={self.field!r}, params={self.params!r})"
