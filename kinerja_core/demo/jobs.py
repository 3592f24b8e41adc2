"""Staff jobs (jabatan pelaksana and fungsional) by kind of unit, with how common each is.

``base`` is the job without its jenjang ("Perawat"): it keys the job's SKP texts in
:mod:`kinerja_core.demo.texts_staff`; the position title adds the jenjang ("Perawat Ahli
Pertama"). ``pppk`` is the share of holders appointed as PPPK (teachers and nurses mostly).
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja_core.domain.enums import FunctionalLevel, PositionType

JPT, ADM, PGW = PositionType.JPT, PositionType.ADMINISTRATOR, PositionType.PENGAWAS
FUN, PEL = PositionType.FUNGSIONAL, PositionType.PELAKSANA
PEMULA, TERAMPIL, MAHIR, PENYELIA = "PEMULA", "TERAMPIL", "MAHIR", "PENYELIA"
PERTAMA, MUDA, MADYA = "AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA"
LEVEL_LABEL: dict[str, str] = {
    FunctionalLevel.PEMULA: "Pemula",
    FunctionalLevel.TERAMPIL: "Terampil",
    FunctionalLevel.MAHIR: "Mahir",
    FunctionalLevel.PENYELIA: "Penyelia",
    FunctionalLevel.AHLI_PERTAMA: "Ahli Pertama",
    FunctionalLevel.AHLI_MUDA: "Ahli Muda",
    FunctionalLevel.AHLI_MADYA: "Ahli Madya",
    FunctionalLevel.AHLI_UTAMA: "Ahli Utama",
}


@dataclass(frozen=True)
class Job:
    """A staff job: ``base`` names it without the jenjang and keys its SKP texts."""

    base: str
    type: PositionType = PEL
    level: str = ""
    weight: float = 1.0
    pppk: float = 0.0  # share of holders who are PPPK

    @property
    def title(self) -> str:
        return f"{self.base} {LEVEL_LABEL[self.level]}" if self.level else self.base


def _jobs(*rows: tuple) -> tuple[Job, ...]:
    return tuple(Job(*row) for row in rows)


OFFICE_JOBS = (
    ("Pengadministrasi Perkantoran", PEL, "", 4, 0.05),
    ("Penata Layanan Operasional", PEL, "", 3, 0.05),
    ("Pengolah Data dan Informasi", PEL, "", 2),
    ("Operator Layanan Operasional", PEL, "", 1.5, 0.1),
    ("Analis Sumber Daya Manusia Aparatur", FUN, PERTAMA, 1),
    ("Pranata Komputer", FUN, PERTAMA, 1),
    ("Pranata Komputer", FUN, TERAMPIL, 1, 0.2),
    ("Analis Keuangan Pusat dan Daerah", FUN, PERTAMA, 1),
    ("Perencana", FUN, PERTAMA, 1),
    ("Arsiparis", FUN, TERAMPIL, 0.7, 0.2),
    ("Pengelola Pengadaan Barang/Jasa", FUN, PERTAMA, 0.5),
)
STAFF: dict[str, tuple[Job, ...]] = {
    "office": _jobs(*OFFICE_JOBS),
    "kesehatan": _jobs(
        ("Epidemiolog Kesehatan", FUN, PERTAMA, 2),
        ("Epidemiolog Kesehatan", FUN, MUDA, 1),
        ("Administrator Kesehatan", FUN, PERTAMA, 2),
        ("Administrator Kesehatan", FUN, MUDA, 1),
        ("Nutrisionis", FUN, PERTAMA, 1),
        ("Penyuluh Kesehatan Masyarakat", FUN, PERTAMA, 1),
        ("Sanitarian", FUN, PERTAMA, 1),
        ("Apoteker", FUN, PERTAMA, 0.5),
        ("Pengadministrasi Perkantoran", PEL, "", 1),
        ("Penata Layanan Operasional", PEL, "", 1),
    ),
    "puskesmas": _jobs(
        ("Dokter", FUN, PERTAMA, 1.5),
        ("Dokter", FUN, MUDA, 1),
        ("Dokter Gigi", FUN, PERTAMA, 0.5),
        ("Perawat", FUN, TERAMPIL, 2, 0.3),
        ("Perawat", FUN, PERTAMA, 2, 0.25),
        ("Perawat", FUN, MAHIR, 1),
        ("Perawat", FUN, MUDA, 0.5),
        ("Bidan", FUN, TERAMPIL, 2, 0.3),
        ("Bidan", FUN, PERTAMA, 1, 0.2),
        ("Bidan", FUN, MAHIR, 0.5),
        ("Apoteker", FUN, PERTAMA, 0.5),
        ("Asisten Apoteker", FUN, TERAMPIL, 0.7, 0.2),
        ("Sanitarian", FUN, TERAMPIL, 0.7),
        ("Nutrisionis", FUN, TERAMPIL, 0.7),
        ("Pranata Laboratorium Kesehatan", FUN, TERAMPIL, 0.7, 0.2),
        ("Penyuluh Kesehatan Masyarakat", FUN, PERTAMA, 0.5),
        ("Perekam Medis", FUN, TERAMPIL, 0.5),
        ("Epidemiolog Kesehatan", FUN, PERTAMA, 0.3),
        ("Pengadministrasi Perkantoran", PEL, "", 0.8),
        ("Operator Layanan Operasional", PEL, "", 0.5),
    ),
    "rsud": _jobs(
        ("Dokter", FUN, MADYA, 1.2),
        ("Dokter", FUN, PERTAMA, 1),
        ("Perawat", FUN, TERAMPIL, 3, 0.3),
        ("Perawat", FUN, PERTAMA, 3, 0.25),
        ("Perawat", FUN, MAHIR, 1),
        ("Perawat", FUN, MUDA, 1),
        ("Bidan", FUN, TERAMPIL, 1, 0.2),
        ("Bidan", FUN, PERTAMA, 0.5),
        ("Apoteker", FUN, PERTAMA, 0.5),
        ("Radiografer", FUN, TERAMPIL, 0.5),
        ("Pranata Laboratorium Kesehatan", FUN, TERAMPIL, 0.7),
        ("Perekam Medis", FUN, TERAMPIL, 0.7),
        ("Fisioterapis", FUN, TERAMPIL, 0.4),
        ("Nutrisionis", FUN, TERAMPIL, 0.4),
        ("Penata Anestesi", FUN, PERTAMA, 0.3),
        ("Pengadministrasi Perkantoran", PEL, "", 0.7),
        ("Operator Layanan Operasional", PEL, "", 0.5),
    ),
    "sd": _jobs(
        ("Guru Kelas", FUN, PERTAMA, 4, 0.4),
        ("Guru Kelas", FUN, MUDA, 3, 0.2),
        ("Guru Kelas", FUN, MADYA, 1.5),
        ("Guru Pendidikan Agama Islam", FUN, PERTAMA, 0.7, 0.3),
        ("Guru Pendidikan Agama Islam", FUN, MUDA, 0.4),
        ("Guru Pendidikan Jasmani, Olahraga dan Kesehatan", FUN, PERTAMA, 0.7, 0.4),
        ("Pengadministrasi Perkantoran", PEL, "", 0.5),
        ("Pustakawan", FUN, TERAMPIL, 0.2),
    ),
    "smp": _jobs(
        ("Guru Matematika", FUN, PERTAMA, 1, 0.3),
        ("Guru Matematika", FUN, MUDA, 1),
        ("Guru Bahasa Indonesia", FUN, PERTAMA, 1, 0.3),
        ("Guru Bahasa Indonesia", FUN, MADYA, 0.7),
        ("Guru Bahasa Inggris", FUN, PERTAMA, 1, 0.3),
        ("Guru Bahasa Inggris", FUN, MUDA, 0.7),
        ("Guru Ilmu Pengetahuan Alam", FUN, MUDA, 1),
        ("Guru Ilmu Pengetahuan Sosial", FUN, MUDA, 1),
        ("Guru Pendidikan Pancasila", FUN, PERTAMA, 0.7, 0.3),
        ("Guru Bimbingan dan Konseling", FUN, PERTAMA, 0.6, 0.3),
        ("Guru Pendidikan Agama Islam", FUN, MUDA, 0.6),
        ("Guru Informatika", FUN, PERTAMA, 0.5, 0.5),
        ("Guru Seni Budaya", FUN, PERTAMA, 0.4, 0.4),
        ("Pranata Laboratorium Pendidikan", FUN, TERAMPIL, 0.3),
        ("Pustakawan", FUN, TERAMPIL, 0.3),
        ("Pengadministrasi Perkantoran", PEL, "", 0.8),
    ),
    "pendidikan": _jobs(
        ("Pengawas Sekolah", FUN, MUDA, 1),
        ("Pengawas Sekolah", FUN, MADYA, 1),
        ("Penilik", FUN, PERTAMA, 0.5),
        ("Analis Kebijakan", FUN, MUDA, 0.5),
        ("Pengolah Data dan Informasi", PEL, "", 1),
        ("Pengadministrasi Perkantoran", PEL, "", 1),
        ("Penata Layanan Operasional", PEL, "", 1),
    ),
    "kepegawaian": _jobs(
        ("Analis Sumber Daya Manusia Aparatur", FUN, PERTAMA, 2),
        ("Analis Sumber Daya Manusia Aparatur", FUN, MUDA, 1.5),
        ("Pranata Sumber Daya Manusia Aparatur", FUN, TERAMPIL, 1.5, 0.2),
        ("Pranata Sumber Daya Manusia Aparatur", FUN, MAHIR, 0.5),
        ("Widyaiswara", FUN, MUDA, 0.3),
        ("Pranata Komputer", FUN, PERTAMA, 0.5),
        ("Penata Layanan Operasional", PEL, "", 1),
        ("Pengolah Data dan Informasi", PEL, "", 1),
    ),
    "perencanaan": _jobs(
        ("Perencana", FUN, PERTAMA, 2),
        ("Perencana", FUN, MUDA, 1.5),
        ("Perencana", FUN, MADYA, 0.5),
        ("Analis Kebijakan", FUN, PERTAMA, 1),
        ("Analis Kebijakan", FUN, MUDA, 1),
        ("Peneliti", FUN, PERTAMA, 0.3),
        ("Statistisi", FUN, PERTAMA, 0.3),
        ("Penata Layanan Operasional", PEL, "", 1),
    ),
    "kominfo": _jobs(
        ("Pranata Komputer", FUN, PERTAMA, 2),
        ("Pranata Komputer", FUN, MUDA, 1),
        ("Pranata Komputer", FUN, TERAMPIL, 1.5, 0.2),
        ("Pranata Hubungan Masyarakat", FUN, PERTAMA, 1.5),
        ("Pranata Hubungan Masyarakat", FUN, MUDA, 0.5),
        ("Statistisi", FUN, PERTAMA, 1),
        ("Sandiman", FUN, PERTAMA, 0.7),
        ("Operator Layanan Operasional", PEL, "", 1),
        ("Penata Layanan Operasional", PEL, "", 0.5),
    ),
    "perhubungan": _jobs(
        ("Penguji Kendaraan Bermotor", FUN, TERAMPIL, 1.5),
        ("Penguji Kendaraan Bermotor", FUN, MAHIR, 1),
        ("Penguji Kendaraan Bermotor", FUN, PERTAMA, 0.5),
        ("Operator Layanan Operasional", PEL, "", 2, 0.1),
        ("Penata Layanan Operasional", PEL, "", 1),
        ("Pengadministrasi Perkantoran", PEL, "", 0.5),
        ("Analis Kebijakan", FUN, PERTAMA, 0.3),
    ),
    "lingkungan": _jobs(
        ("Pengendali Dampak Lingkungan", FUN, PERTAMA, 1.5),
        ("Pengendali Dampak Lingkungan", FUN, MUDA, 0.8),
        ("Pengawas Lingkungan Hidup", FUN, PERTAMA, 0.8),
        ("Operator Layanan Operasional", PEL, "", 2, 0.1),
        ("Penata Layanan Operasional", PEL, "", 1),
        ("Pengadministrasi Perkantoran", PEL, "", 0.5),
    ),
    "pupr": _jobs(
        ("Teknik Jalan dan Jembatan", FUN, PERTAMA, 1.5),
        ("Teknik Jalan dan Jembatan", FUN, MUDA, 0.8),
        ("Teknik Pengairan", FUN, PERTAMA, 1),
        ("Teknik Pengairan", FUN, MUDA, 0.5),
        ("Teknik Tata Bangunan dan Perumahan", FUN, PERTAMA, 1),
        ("Teknik Tata Bangunan dan Perumahan", FUN, MUDA, 0.5),
        ("Penata Ruang", FUN, PERTAMA, 0.8),
        ("Pengelola Pengadaan Barang/Jasa", FUN, PERTAMA, 0.5),
        ("Operator Layanan Operasional", PEL, "", 1),
        ("Penata Layanan Operasional", PEL, "", 1),
        ("Pengadministrasi Perkantoran", PEL, "", 0.5),
    ),
    "satpolpp": _jobs(
        ("Polisi Pamong Praja", FUN, TERAMPIL, 3, 0.15),
        ("Polisi Pamong Praja", FUN, MAHIR, 1.5),
        ("Polisi Pamong Praja", FUN, PERTAMA, 1),
        ("Polisi Pamong Praja", FUN, PENYELIA, 0.5),
        ("Penata Layanan Operasional", PEL, "", 0.8),
        ("Pengadministrasi Perkantoran", PEL, "", 0.5),
    ),
    "kewilayahan": _jobs(
        ("Penata Layanan Operasional", PEL, "", 3),
        ("Pengadministrasi Perkantoran", PEL, "", 2),
        ("Operator Layanan Operasional", PEL, "", 1.5, 0.1),
        ("Pengolah Data dan Informasi", PEL, "", 1),
        ("Analis Kebijakan", FUN, PERTAMA, 0.5),
    ),
    "setda": _jobs(
        ("Analis Kebijakan", FUN, PERTAMA, 1.5),
        ("Analis Kebijakan", FUN, MUDA, 1),
        ("Penata Layanan Operasional", PEL, "", 2),
        ("Pengadministrasi Perkantoran", PEL, "", 1.5),
        ("Pranata Hubungan Masyarakat", FUN, PERTAMA, 0.5),
        ("Analis Hukum", FUN, PERTAMA, 0.5),
        ("Perancang Peraturan Perundang-undangan", FUN, PERTAMA, 0.4),
        ("Pengelola Pengadaan Barang/Jasa", FUN, MUDA, 0.3),
    ),
}
