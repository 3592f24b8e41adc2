"""Wording of the PermenPANRB 6/2022 forms (Indonesian, as printed on the documents)."""

from __future__ import annotations

from kinerja_core.domain.enums import (
    Aspect,
    BehaviorValue,
    Intervention,
    PlanStatus,
    PositionType,
    Rating,
)
from kinerja_core.domain.predikat import ORG_PREDIKAT_LABEL, PREDIKAT_LABEL

ASPECT = {
    Aspect.KUANTITAS: "Kuantitas",
    Aspect.KUALITAS: "Kualitas",
    Aspect.WAKTU: "Waktu",
    Aspect.BIAYA: "Biaya",
}
PERSPECTIVE = {
    "PENERIMA_LAYANAN": "Perspektif Penerima Layanan",
    "PROSES_BISNIS": "Perspektif Proses Bisnis",
    "PENGUATAN_INTERNAL": "Perspektif Penguatan Internal",
    "ANGGARAN": "Perspektif Anggaran",
}
INTERVENTION = {Intervention.LANGSUNG: "Langsung", Intervention.TIDAK_LANGSUNG: "Tidak langsung"}
RATING = {
    Rating.DI_ATAS_EKSPEKTASI: "Di Atas Ekspektasi",
    Rating.SESUAI_EKSPEKTASI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH_EKSPEKTASI: "Di Bawah Ekspektasi",
}
PLAN_STATUS = {
    PlanStatus.DRAFT: "Draf",
    PlanStatus.SUBMITTED: "Diajukan",
    PlanStatus.APPROVED: "Disetujui",
    PlanStatus.RETURNED: "Dikembalikan",
    PlanStatus.CLOSED: "Ditutup",
}
POSITION_TYPE = {
    PositionType.JPT: "Jabatan Pimpinan Tinggi",
    PositionType.ADMINISTRATOR: "Administrator",
    PositionType.PENGAWAS: "Pengawas",
    PositionType.FUNGSIONAL: "Fungsional",
    PositionType.PELAKSANA: "Pelaksana",
}
# SE MenPANRB 20/2021: the core values and their panduan perilaku (lampiran SKP, perilaku kerja)
BEHAVIOR: dict[BehaviorValue, tuple[str, tuple[str, ...]]] = {
    BehaviorValue.BERORIENTASI_PELAYANAN: (
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    BehaviorValue.AKUNTABEL: (
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan "
            "berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
            "dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    BehaviorValue.KOMPETEN: (
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    BehaviorValue.HARMONIS: (
        "Harmonis",
        (
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    BehaviorValue.LOYAL: (
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    BehaviorValue.ADAPTIF: (
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    BehaviorValue.KOLABORATIF: (
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
}


def predikat(value: str | None) -> str:
    return PREDIKAT_LABEL.get(value, value or "") if value else ""  # type: ignore[call-overload]


def org_predikat(value: str | None) -> str:
    return ORG_PREDIKAT_LABEL.get(value, value or "") if value else ""  # type: ignore[call-overload]


def rating(value: str | None) -> str:
    return RATING.get(value, value or "") if value else ""  # type: ignore[call-overload]
