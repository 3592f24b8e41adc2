"""The city's agencies (OPD) as unit trees: what exists, who heads it, which staff work there.

Only specifications live here; :mod:`kinerja_core.demo.org` decides how much of each tree a
run fills, from the number of employees asked for. Staff jobs per kind of unit are in
:mod:`kinerja_core.demo.jobs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinerja_core.demo.jobs import ADM, FUN, JPT, MADYA, PGW
from kinerja_core.domain.enums import PeriodKind, PositionType


@dataclass
class UnitSpec:
    """A unit, its head's position and its staff. ``cap``: staff it typically has."""

    name: str
    head: str
    head_type: PositionType
    head_level: str = ""
    staff: str = "office"
    cap: int = 3
    topic: str = ""  # key of the unit head's SKP texts (texts_leaders.TOPICS)
    focus: str = ""  # what the unit works on, for generic texts
    short: str = ""
    children: list[UnitSpec] = field(default_factory=list)


@dataclass
class AgencySpec:
    code: str
    name: str
    theme: str  # key of the head's goals (texts_leaders.GOALS)
    weight: float
    minimum: int
    root: UnitSpec
    period_kind: PeriodKind = PeriodKind.MONTHLY


def sekretariat(
    subbags: tuple[tuple[str, str], ...] = (
        ("Umum dan Kepegawaian", "umum"),
        ("Keuangan", "keuangan"),
        ("Perencanaan dan Pelaporan", "perencanaan"),
    ),
    *,
    name: str = "Sekretariat",
    head: str = "Sekretaris",
    sub: str = "Subbagian",
) -> UnitSpec:
    children = [
        UnitSpec(
            f"{sub} {label}",
            f"Kepala {sub} {label}",
            PGW,
            cap=4,
            topic=topic,
            focus=label.lower(),
            short=f"SUB{i + 1}",
        )
        for i, (label, topic) in enumerate(subbags)
    ]
    return UnitSpec(name, head, ADM, cap=1, focus="kesekretariatan", short="SEK", children=children)


def bidang(
    name: str,
    seksi: tuple[str, ...],
    staff: str,
    *,
    topics: tuple[str, ...] = (),
    sub: str = "Seksi",
    cap: int = 3,
    extra: tuple[UnitSpec, ...] = (),
) -> UnitSpec:
    children = [
        UnitSpec(
            f"{sub} {label}",
            f"Kepala {sub} {label}",
            PGW,
            staff=staff,
            cap=cap,
            topic=topics[i] if i < len(topics) else "",
            focus=label.lower(),
        )
        for i, label in enumerate(seksi)
    ]
    children.extend(extra)  # UPTs (schools) under a bidang come after its seksi
    return UnitSpec(
        f"Bidang {name}",
        f"Kepala Bidang {name}",
        ADM,
        staff=staff,
        cap=2,
        topic=topics[0] if topics else "",
        focus=name.lower(),
        children=children,
    )


def dinas(name: str, head: str, *units: UnitSpec, staff: str = "office") -> UnitSpec:
    return UnitSpec(
        name, head, JPT, "PRATAMA", staff=staff, cap=0, focus=name.lower(), children=list(units)
    )


PUSKESMAS = (
    "Kampung Dalam",
    "Siantan Hilir",
    "Alianyang",
    "Perumnas I",
    "Gang Sehat",
    "Karya Mulia",
    "Kampung Bali",
    "Tanjung Hulu",
    "Saigon",
    "Kom Yos Sudarso",
    "Purnama",
    "Paris II",
    "Telaga Biru",
    "Siantan Tengah",
    "Siantan Hulu",
    "Khatulistiwa",
    "Banjar Serasan",
    "Parit Haji Husin II",
    "Pal III",
    "Perumnas II",
    "Kampung Bangka",
    "Tambelan Sampit",
    "Pal V",
)
KECAMATAN: dict[str, tuple[str, ...]] = {
    "Pontianak Kota": ("Darat Sekip", "Tengah", "Mariana", "Sungai Bangkong", "Sungai Jawi"),
    "Pontianak Barat": ("Sungai Jawi Dalam", "Sungai Jawi Luar", "Sungai Beliung", "Pal Lima"),
    "Pontianak Selatan": (
        "Benua Melayu Darat",
        "Benua Melayu Laut",
        "Parit Tokaya",
        "Akcaya",
        "Kota Baru",
    ),
    "Pontianak Tenggara": (
        "Bansir Darat",
        "Bansir Laut",
        "Bangka Belitung Darat",
        "Bangka Belitung Laut",
    ),
    "Pontianak Timur": (
        "Dalam Bugis",
        "Tanjung Hulu",
        "Tanjung Hilir",
        "Parit Mayor",
        "Banjar Serasan",
        "Saigon",
        "Tambelan Sampit",
    ),
    "Pontianak Utara": ("Siantan Hulu", "Siantan Tengah", "Siantan Hilir", "Batu Layang"),
}
SD_PER_KECAMATAN = {
    "Pontianak Kota": 28,
    "Pontianak Barat": 30,
    "Pontianak Selatan": 24,
    "Pontianak Tenggara": 12,
    "Pontianak Timur": 28,
    "Pontianak Utara": 34,
}
SMP_COUNT = 24


def _puskesmas() -> tuple[UnitSpec, ...]:
    return tuple(
        UnitSpec(
            f"UPT Puskesmas {name}",
            f"Kepala UPT Puskesmas {name}",
            PGW,
            staff="puskesmas",
            cap=12,
            topic="puskesmas",
            focus="pelayanan kesehatan dasar",
            short=f"PKM{i + 1:02d}",
        )
        for i, name in enumerate(PUSKESMAS)
    )


def _schools(level: str) -> tuple[UnitSpec, ...]:
    if level == "SMP":
        names = [f"SMP Negeri {n} Pontianak" for n in range(1, SMP_COUNT + 1)]
    else:
        # Interleave the kecamatan so a small run still spreads its schools over the city.
        names = [
            f"SD Negeri {n:02d} {kecamatan}"
            for n in range(1, max(SD_PER_KECAMATAN.values()) + 1)
            for kecamatan, count in SD_PER_KECAMATAN.items()
            if n <= count
        ]
    return tuple(
        UnitSpec(
            name,
            f"Kepala {name}",
            FUN,
            MADYA,
            staff=level.lower(),
            cap=10 if level == "SD" else 18,
            topic="sekolah",
            focus="pembelajaran",
            short=f"{level}{i + 1:03d}",
        )
        for i, name in enumerate(names)
    )


def _kecamatan(name: str, weight: float) -> AgencySpec:
    kelurahan = [
        UnitSpec(
            f"Kelurahan {k}",
            f"Lurah {k}",
            PGW,
            staff="kewilayahan",
            cap=4,
            topic="kelurahan",
            focus="pelayanan kelurahan",
            short=f"KEL{i + 1}",
        )
        for i, k in enumerate(KECAMATAN[name])
    ]
    seksi = [
        UnitSpec(
            f"Seksi {label}",
            f"Kepala Seksi {label}",
            PGW,
            staff="kewilayahan",
            cap=2,
            focus=label.lower(),
            short=f"SEKSI{i + 1}",
        )
        for i, label in enumerate(
            (
                "Pemerintahan",
                "Ketenteraman dan Ketertiban Umum",
                "Ekonomi dan Pembangunan",
                "Kesejahteraan Sosial",
            )
        )
    ]
    sek = sekretariat(
        (("Umum dan Kepegawaian", "umum"),), name="Sekretariat Kecamatan", head="Sekretaris Camat"
    )
    sek.cap = 2
    # Kelurahan and seksi alternate, so even a small kecamatan gets a kelurahan early.
    children: list[UnitSpec] = [sek]
    for i in range(max(len(kelurahan), len(seksi))):
        children.extend(kelurahan[i : i + 1] + seksi[i : i + 1])
    code = "KEC-" + name.split()[-1].upper()
    root = UnitSpec(
        f"Kecamatan {name}",
        f"Camat {name}",
        ADM,
        staff="kewilayahan",
        cap=0,
        topic="kecamatan",
        focus="pemerintahan kecamatan",
        children=children,
    )
    return AgencySpec(code, f"Kecamatan {name}", "kecamatan", weight, 3, root)


def _setda() -> AgencySpec:
    def bagian(label: str, subs: tuple[str, ...], staff: str = "setda") -> UnitSpec:
        return UnitSpec(
            f"Bagian {label}",
            f"Kepala Bagian {label}",
            ADM,
            staff=staff,
            cap=1,
            focus=label.lower(),
            children=[
                UnitSpec(
                    f"Subbagian {s}",
                    f"Kepala Subbagian {s}",
                    PGW,
                    staff=staff,
                    cap=3,
                    focus=s.lower(),
                )
                for s in subs
            ],
        )

    def asisten(label: str, *bagians: UnitSpec) -> UnitSpec:
        return UnitSpec(
            f"Asisten {label}",
            f"Asisten {label}",
            JPT,
            "PRATAMA",
            staff="setda",
            cap=0,
            focus=label.lower(),
            children=list(bagians),
        )

    root = UnitSpec(
        "Sekretariat Daerah",
        "Sekretaris Daerah",
        JPT,
        "MADYA",
        staff="setda",
        cap=0,
        focus="penyelenggaraan pemerintahan daerah",
        children=[
            asisten(
                "Pemerintahan dan Kesejahteraan Rakyat",
                bagian("Pemerintahan", ("Administrasi Pemerintahan", "Otonomi Daerah")),
                bagian("Hukum", ("Perundang-undangan", "Bantuan Hukum")),
                bagian("Kesejahteraan Rakyat", ("Bina Mental Spiritual",)),
            ),
            asisten(
                "Perekonomian dan Pembangunan",
                bagian("Perekonomian dan Sumber Daya Alam", ("Perekonomian",)),
                bagian("Pengadaan Barang dan Jasa", ("Pengelolaan Pengadaan",)),
            ),
            asisten(
                "Administrasi Umum",
                bagian("Organisasi", ("Kelembagaan dan Analisis Jabatan", "Reformasi Birokrasi")),
                bagian("Umum", ("Tata Usaha Pimpinan", "Rumah Tangga")),
                bagian("Protokol dan Komunikasi Pimpinan", ("Protokol",)),
            ),
        ],
    )
    return AgencySpec("SETDA", "Sekretariat Daerah", "setda", 3.5, 4, root)


def agency_specs() -> list[AgencySpec]:
    """The Pemerintah Kota Pontianak the demo builds, Sekretariat Daerah first."""
    S = sekretariat
    disdik = dinas(
        "Dinas Pendidikan",
        "Kepala Dinas Pendidikan",
        S(),
        bidang(
            "Pembinaan Sekolah Dasar",
            ("Kurikulum dan Penilaian SD", "Kelembagaan dan Sarana Prasarana SD"),
            "pendidikan",
            topics=("pendidikan_bidang",),
            extra=_schools("SD"),
        ),
        bidang(
            "Pembinaan Sekolah Menengah Pertama",
            ("Kurikulum dan Penilaian SMP", "Kelembagaan dan Sarana Prasarana SMP"),
            "pendidikan",
            topics=("pendidikan_bidang",),
            extra=_schools("SMP"),
        ),
        bidang(
            "Pembinaan PAUD dan Pendidikan Nonformal",
            ("Kurikulum PAUD", "Kelembagaan PAUD dan PNF"),
            "pendidikan",
            topics=("pendidikan_bidang",),
        ),
        bidang("Guru dan Tenaga Kependidikan", ("PTK PAUD dan SD", "PTK SMP"), "pendidikan"),
    )
    puskesmas = _puskesmas()
    dinkes = dinas(
        "Dinas Kesehatan",
        "Kepala Dinas Kesehatan",
        S(),
        bidang(
            "Pencegahan dan Pengendalian Penyakit",
            (
                "Surveilans dan Imunisasi",
                "Pencegahan dan Pengendalian Penyakit Menular",
                "Pencegahan dan Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa",
            ),
            "kesehatan",
            cap=6,
            topics=("imunisasi", "penyakit_menular", "ptm"),
        ),
        puskesmas[0],
        bidang(
            "Kesehatan Masyarakat",
            (
                "Kesehatan Keluarga dan Gizi",
                "Promosi dan Pemberdayaan Masyarakat",
                "Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga",
            ),
            "kesehatan",
            cap=4,
            topics=("gizi", "promkes", "kesling"),
        ),
        puskesmas[1],
        bidang(
            "Pelayanan Kesehatan",
            ("Pelayanan Kesehatan Primer", "Pelayanan Kesehatan Rujukan"),
            "kesehatan",
            cap=4,
            topics=("yankes", "yankes"),
        ),
        bidang(
            "Sumber Daya Kesehatan",
            ("Kefarmasian dan Alat Kesehatan", "Sumber Daya Manusia Kesehatan"),
            "kesehatan",
            cap=4,
            topics=("sdk", "sdk"),
        ),
        *puskesmas[2:],
    )
    rsud = dinas(
        "RSUD Sultan Syarif Mohamad Alkadrie",
        "Direktur RSUD Sultan Syarif Mohamad Alkadrie",
        S(
            (
                ("Umum dan Kepegawaian", "umum"),
                ("Keuangan", "keuangan"),
                ("Perencanaan dan Rekam Medis", "perencanaan"),
            ),
            name="Bagian Tata Usaha",
            head="Kepala Bagian Tata Usaha",
        ),
        bidang(
            "Pelayanan Medis",
            ("Pelayanan Rawat Jalan dan Gawat Darurat", "Pelayanan Rawat Inap dan Intensif"),
            "rsud",
            topics=("rsud_medis", "rsud_medis"),
            cap=8,
        ),
        bidang(
            "Keperawatan",
            ("Asuhan dan Mutu Keperawatan", "Etika dan Pengembangan Profesi Keperawatan"),
            "rsud",
            topics=("rsud_keperawatan", "rsud_keperawatan"),
            cap=10,
        ),
        bidang(
            "Penunjang",
            ("Penunjang Medis", "Penunjang Nonmedis dan SIMRS"),
            "rsud",
            topics=("rsud_penunjang", "rsud_penunjang"),
            cap=5,
        ),
    )
    bkpsdm = dinas(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        S(),
        bidang(
            "Penilaian Kinerja dan Penghargaan",
            ("Penilaian Kinerja", "Disiplin dan Penghargaan"),
            "kepegawaian",
            sub="Subbidang",
        ),
        bidang(
            "Pengadaan, Pemberhentian dan Informasi",
            ("Pengadaan dan Pemberhentian", "Data dan Informasi"),
            "kepegawaian",
            sub="Subbidang",
        ),
        bidang(
            "Mutasi dan Promosi",
            ("Mutasi", "Promosi dan Kepangkatan"),
            "kepegawaian",
            sub="Subbidang",
        ),
        bidang(
            "Pengembangan Kompetensi",
            ("Diklat Struktural", "Diklat Teknis dan Fungsional"),
            "kepegawaian",
            sub="Subbidang",
        ),
    )
    bappeda = dinas(
        "Badan Perencanaan Pembangunan Daerah",
        "Kepala Badan Perencanaan Pembangunan Daerah",
        S(),
        bidang(
            "Perencanaan, Pengendalian dan Evaluasi",
            ("Perencanaan", "Pengendalian dan Evaluasi"),
            "perencanaan",
            sub="Subbidang",
        ),
        bidang(
            "Perekonomian dan Sumber Daya Alam",
            ("Perekonomian", "Sumber Daya Alam"),
            "perencanaan",
            sub="Subbidang",
        ),
        bidang(
            "Pemerintahan dan Pembangunan Manusia",
            ("Pemerintahan", "Pembangunan Manusia"),
            "perencanaan",
            sub="Subbidang",
        ),
        bidang(
            "Infrastruktur dan Kewilayahan",
            ("Infrastruktur", "Kewilayahan"),
            "perencanaan",
            sub="Subbidang",
        ),
        bidang("Riset dan Inovasi Daerah", ("Riset", "Inovasi"), "perencanaan", sub="Subbidang"),
    )
    diskominfo = dinas(
        "Dinas Komunikasi dan Informatika",
        "Kepala Dinas Komunikasi dan Informatika",
        S(),
        bidang(
            "Aplikasi Informatika",
            ("Layanan E-Government", "Tata Kelola Infrastruktur TIK"),
            "kominfo",
        ),
        bidang(
            "Informasi dan Komunikasi Publik",
            ("Pengelolaan Informasi Publik", "Layanan Informasi Publik"),
            "kominfo",
        ),
        bidang(
            "Statistik dan Persandian",
            ("Statistik Sektoral", "Persandian dan Keamanan Informasi"),
            "kominfo",
        ),
    )
    dishub = dinas(
        "Dinas Perhubungan",
        "Kepala Dinas Perhubungan",
        S(),
        bidang(
            "Lalu Lintas dan Angkutan",
            ("Manajemen dan Rekayasa Lalu Lintas", "Angkutan"),
            "perhubungan",
        ),
        bidang("Sarana dan Prasarana", ("Perlengkapan Jalan", "Pengujian Sarana"), "perhubungan"),
        bidang("Perparkiran", ("Pengelolaan Parkir", "Pengendalian Parkir"), "perhubungan"),
    )
    dlh = dinas(
        "Dinas Lingkungan Hidup",
        "Kepala Dinas Lingkungan Hidup",
        S(),
        bidang(
            "Pengelolaan Sampah dan Limbah B3",
            ("Pengurangan Sampah", "Penanganan Sampah"),
            "lingkungan",
        ),
        bidang(
            "Penataan dan Penaatan Lingkungan",
            ("Kajian Dampak Lingkungan", "Penegakan Hukum Lingkungan"),
            "lingkungan",
        ),
        bidang(
            "Pengendalian Pencemaran dan Kerusakan Lingkungan",
            ("Pemantauan Lingkungan", "Pemulihan Lingkungan"),
            "lingkungan",
        ),
    )
    pupr = dinas(
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        S(),
        bidang(
            "Bina Marga",
            ("Pembangunan Jalan dan Jembatan", "Preservasi Jalan dan Jembatan"),
            "pupr",
        ),
        bidang("Sumber Daya Air", ("Drainase dan Parit", "Pengendalian Banjir"), "pupr"),
        bidang("Cipta Karya", ("Bangunan Gedung", "Air Minum dan Sanitasi"), "pupr"),
        bidang(
            "Penataan Ruang",
            ("Perencanaan Tata Ruang", "Pemanfaatan dan Pengendalian Ruang"),
            "pupr",
        ),
    )
    satpolpp = dinas(
        "Satuan Polisi Pamong Praja",
        "Kepala Satuan Polisi Pamong Praja",
        S(),
        bidang(
            "Ketertiban Umum dan Ketenteraman Masyarakat",
            ("Operasi dan Pengendalian", "Kerja Sama"),
            "satpolpp",
        ),
        bidang(
            "Penegakan Peraturan Daerah",
            ("Penyelidikan dan Penyidikan", "Pembinaan dan Pengawasan"),
            "satpolpp",
        ),
        bidang(
            "Perlindungan Masyarakat",
            ("Satuan Perlindungan Masyarakat", "Bina Potensi Masyarakat"),
            "satpolpp",
        ),
    )
    specs = [
        _setda(),
        AgencySpec("DISDIK", "Dinas Pendidikan", "pendidikan", 40, 8, disdik),
        AgencySpec("DINKES", "Dinas Kesehatan", "kesehatan", 16, 14, dinkes),
        AgencySpec("RSUD", "RSUD Sultan Syarif Mohamad Alkadrie", "rsud", 9, 4, rsud),
        AgencySpec(
            "BKPSDM",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            "kepegawaian",
            2,
            5,
            bkpsdm,
        ),
        AgencySpec(
            "BAPPEDA",
            "Badan Perencanaan Pembangunan Daerah",
            "perencanaan",
            2,
            3,
            bappeda,
            PeriodKind.QUARTERLY,
        ),
        AgencySpec("DISKOMINFO", "Dinas Komunikasi dan Informatika", "kominfo", 2, 3, diskominfo),
        AgencySpec("DISHUB", "Dinas Perhubungan", "perhubungan", 3, 3, dishub),
        AgencySpec("DLH", "Dinas Lingkungan Hidup", "lingkungan", 3, 3, dlh, PeriodKind.QUARTERLY),
        AgencySpec("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "pupr", 3, 3, pupr),
        AgencySpec("SATPOLPP", "Satuan Polisi Pamong Praja", "satpolpp", 3, 3, satpolpp),
    ]
    specs.extend(_kecamatan(name, 1.8) for name in KECAMATAN)
    return specs
