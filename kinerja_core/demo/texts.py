"""The little language the demo's SKP texts are written in.

An RHK template is its text, its IKI (text, annual target, unit, aspect) and a few rencana aksi
phrases. ``{focus}`` in a text becomes what the unit works on, ``{unit}`` its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja_core.domain.enums import Aspect, Perspective

# Units whose realisasi adds up over the year (a monthly share of the annual target);
# any other unit (%, nilai, indeks, hari) is a level measured again each period.
CUMULATIVE_UNITS = frozenset(
    {
        "orang",
        "dokumen",
        "laporan",
        "kegiatan",
        "unit",
        "kali",
        "pasien",
        "sekolah",
        "kendaraan",
        "km",
        "bulan",
        "paket",
        "kasus",
        "lokasi",
        "ton",
        "rekomendasi",
        "aplikasi",
        "berita",
        "sampel",
        "surat",
        "pelanggaran",
        "meter",
        "desa",
        "titik",
    }
)


@dataclass(frozen=True)
class Iki:
    """An IKI template: ``lower`` when a smaller realisasi is better (e.g. stunting rate)."""

    text: str
    target: float
    unit: str
    aspect: Aspect = Aspect.KUANTITAS
    lower: bool = False
    perspective: Perspective | None = None

    @property
    def cumulative(self) -> bool:
        return self.unit in CUMULATIVE_UNITS


@dataclass(frozen=True)
class Rhk:
    """An RHK template with its IKI and the rencana aksi its holder writes each period."""

    text: str
    ikis: tuple[Iki, ...]
    aksi: tuple[str, ...] = ()


def iki(
    text: str,
    target: float,
    unit: str,
    aspect: Aspect = Aspect.KUANTITAS,
    *,
    lower: bool = False,
    p: Perspective | None = None,
) -> Iki:
    return Iki(text, target, unit, aspect, lower, p)


def rhk(text: str, *ikis: Iki, aksi: tuple[str, ...] = ()) -> Rhk:
    return Rhk(text, ikis, aksi)


KUALITAS, WAKTU, BIAYA = Aspect.KUALITAS, Aspect.WAKTU, Aspect.BIAYA
LAYANAN = Perspective.PENERIMA_LAYANAN
PROSES = Perspective.PROSES_BISNIS
INTERNAL = Perspective.PENGUATAN_INTERNAL
ANGGARAN = Perspective.ANGGARAN
