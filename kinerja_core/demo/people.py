"""Demo people: Indonesian names with academic titles, NIP / NI PPPK, golongan fitting the job.

Everything is drawn from the caller's ``random.Random`` so a seed always gives the same city.
Every number is generated from its parts and then checked with the same
:func:`~kinerja_core.domain.nip.validate_nip` the API uses.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from kinerja_core.domain.enums import EmployeeKind, FunctionalLevel, PositionType
from kinerja_core.domain.nip import validate_nip

# Name pools by the city's communities: Malay/Javanese/Bugis Muslims, Arab-Malay families
# (Syarif/Syarifah), Chinese Indonesians, and Catholic Dayak and Protestant Batak families.
MUSLIM_MALE = (
    "Ahmad",
    "Muhammad",
    "Abdul",
    "Agus",
    "Andi",
    "Arif",
    "Bambang",
    "Budi",
    "Dedi",
    "Edi",
    "Eko",
    "Fajar",
    "Fauzi",
    "Hadi",
    "Hendra",
    "Heri",
    "Irwan",
    "Iwan",
    "Joko",
    "Rudi",
    "Rizky",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Hamdani",
    "Rahmat",
    "Firman",
    "Gusti",
    "Uray",
    "Suryadi",
    "Mulyadi",
    "Ridwan",
    "Lukman",
    "Taufik",
    "Nanang",
    "Iqbal",
    "Reza",
    "Dimas",
    "Aditya",
    "Bayu",
    "Agung",
    "Hasan",
    "Yudi",
    "Kurniadi",
    "Sapto",
    "Ismail",
)
MUSLIM_FEMALE = (
    "Siti",
    "Nur",
    "Nurul",
    "Dewi",
    "Sri",
    "Rina",
    "Fitri",
    "Ayu",
    "Dian",
    "Ratna",
    "Maya",
    "Putri",
    "Indah",
    "Mega",
    "Intan",
    "Yanti",
    "Desi",
    "Eka",
    "Susanti",
    "Anisa",
    "Wulan",
    "Novi",
    "Rahma",
    "Utin",
    "Dayang",
    "Hartini",
    "Kartika",
    "Endang",
    "Ernawati",
    "Suryani",
    "Halimah",
    "Rosita",
    "Yuni",
    "Nadia",
    "Sarah",
)
MIDDLE_MALE = ("Dwi", "Tri", "Adi", "Eka", "Budi", "Agus", "Indra", "Rahmat", "Nur")
MIDDLE_FEMALE = ("Nur", "Dwi", "Tri", "Eka", "Sri", "Ayu", "Dewi", "Fitri", "Putri")
MUSLIM_FAMILY = (
    "Saputra",
    "Hidayat",
    "Pratama",
    "Kusuma",
    "Santoso",
    "Setiawan",
    "Nugroho",
    "Rahman",
    "Hakim",
    "Firmansyah",
    "Syahputra",
    "Utomo",
    "Purnomo",
    "Wibowo",
    "Hartono",
    "Effendi",
    "Ismail",
    "Usman",
    "Mahmud",
    "Anwar",
    "Daud",
    "Hamid",
    "Sulaiman",
    "Rusdi",
    "Ramadhan",
)
FEMALE_SECOND = (
    "Lestari",
    "Handayani",
    "Rahayu",
    "Wulandari",
    "Sari",
    "Kurniasih",
    "Pertiwi",
    "Permatasari",
    "Anggraini",
    "Safitri",
    "Maharani",
    "Utami",
    "Puspitasari",
    "Ningsih",
    "Hasanah",
    "Fitriani",
    "Oktaviani",
    "Novitasari",
    "Susilawati",
    "Rahmawati",
    "Yuliani",
)
SAYYID_SECOND_MALE = ("Muhammad", "Hamid", "Usman", "Abdurrahman", "Ali")
SAYYID_SECOND_FEMALE = ("Fatimah", "Nur", "Aisyah", "Zahra")
SAYYID_FAMILY = ("Alkadrie", "Alqadrie", "Alatas", "Assegaf", "Alhabsyi")
TIONGHOA_MALE = ("Hendra", "Susanto", "Budi", "Kevin", "Sugianto", "Hermanto", "Andi", "Felix")
TIONGHOA_FEMALE = ("Lina", "Lidya", "Citra", "Meilani", "Susan", "Yenny", "Vivian", "Cindy")
TIONGHOA_FAMILY = ("Halim", "Tanjaya", "Wijaya", "Gunawan", "Kurniawan", "Susanto", "Lim", "Tan")
CATHOLIC_MALE = ("Antonius", "Yohanes", "Stefanus", "Paulus", "Hendrikus", "Fransiskus", "Petrus")
CATHOLIC_FEMALE = (
    "Maria",
    "Agustina",
    "Theresia",
    "Veronika",
    "Elisabeth",
    "Margaretha",
    "Yuliana",
)
DAYAK_SECOND = ("Ajun", "Lumbu", "Nyangun", "Sinyor", "Bujang", "Ading", "Kalang", "Jalung")
BATAK_MALE = ("Robert", "Daniel", "Jonathan", "Samuel", "Tigor", "Parlindungan", "Hotman")
BATAK_FEMALE = ("Rut", "Debora", "Esther", "Lestari", "Sondang", "Marintan", "Rosmawati")
BATAK_FAMILY = (
    "Siregar",
    "Nasution",
    "Lubis",
    "Sinaga",
    "Simanjuntak",
    "Ginting",
    "Tarigan",
    "Manurung",
    "Pakpahan",
    "Hutapea",
)

GENERAL_DEGREES = ("S.E.", "S.Sos.", "S.AP.", "S.IP.", "S.H.")
# What leaders and experts of an agency usually studied: (first degree, master's degree).
THEME_DEGREES: dict[str, tuple[tuple[str, ...], str]] = {
    "kesehatan": (("S.KM.", "S.Kep., Ns.", "S.Farm."), "M.Kes."),
    "rsud": (("S.Kep., Ns.", "S.KM.", "S.E."), "M.Kes."),
    "pendidikan": (("S.Pd.",), "M.Pd."),
    "pupr": (("S.T.",), "M.T."),
    "kominfo": (("S.Kom.", "S.T.", "S.I.Kom."), "M.Kom."),
    "satpolpp": (("S.H.", "S.Sos."), "M.H."),
    "lingkungan": (("S.T.", "S.Si."), "M.Si."),
    "perhubungan": (("S.T.", "S.SiT."), "M.T."),
    "perencanaan": (("S.E.", "S.T.", "S.P."), "M.Si."),
}
# Lowest grade first; which grades fit each kind of job (PNS).
GOLONGAN_BY_JOB: dict[str, tuple[str, ...]] = {
    "JPT:MADYA": ("IV/d", "IV/e"),
    "JPT:PRATAMA": ("IV/c", "IV/c", "IV/d"),
    "ADMINISTRATOR": ("III/d", "IV/a", "IV/a", "IV/b"),
    "PENGAWAS": ("III/c", "III/d", "III/d", "IV/a"),
    "PELAKSANA": ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b"),
    FunctionalLevel.PEMULA: ("II/a",),
    FunctionalLevel.TERAMPIL: ("II/b", "II/c", "II/d"),
    FunctionalLevel.MAHIR: ("III/a", "III/b"),
    FunctionalLevel.PENYELIA: ("III/c", "III/d"),
    FunctionalLevel.AHLI_PERTAMA: ("III/a", "III/b"),
    FunctionalLevel.AHLI_MUDA: ("III/c", "III/d"),
    FunctionalLevel.AHLI_MADYA: ("IV/a", "IV/b", "IV/c"),
    FunctionalLevel.AHLI_UTAMA: ("IV/d", "IV/e"),
}
PPPK_GOLONGAN_BY_LEVEL: dict[str, tuple[str, ...]] = {
    "PELAKSANA": ("V", "VII"),
    FunctionalLevel.PEMULA: ("V",),
    FunctionalLevel.TERAMPIL: ("VII",),
    FunctionalLevel.MAHIR: ("VIII",),
    FunctionalLevel.PENYELIA: ("IX",),
    FunctionalLevel.AHLI_PERTAMA: ("IX",),
    FunctionalLevel.AHLI_MUDA: ("XI",),
    FunctionalLevel.AHLI_MADYA: ("XIII",),
}
# Years of service a PNS typically needs to reach a grade (two-yearly promotions are rare).
SERVICE_YEARS: dict[str, int] = {
    "II/a": 0,
    "II/b": 3,
    "II/c": 6,
    "II/d": 9,
    "III/a": 0,
    "III/b": 4,
    "III/c": 8,
    "III/d": 12,
    "IV/a": 16,
    "IV/b": 20,
    "IV/c": 23,
    "IV/d": 26,
    "IV/e": 29,
}
TMT_MONTHS = (1, 1, 1, 2, 3, 3, 4, 12)  # CPNS intakes cluster around the start of the year


@dataclass(frozen=True)
class Person:
    """Who fills a position: the NIP, the printed name and the grade."""

    nip: str
    name: str
    kind: EmployeeKind
    golongan: str
    female: bool


class PeopleFactory:
    """Makes unique, valid people for positions; one factory per demo run."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self._nips: set[str] = set()

    def person(
        self, job_type: PositionType, level: str, title: str, pppk: bool, theme: str = ""
    ) -> Person:
        rng = self.rng
        female = rng.random() < 0.55 if job_type == PositionType.FUNGSIONAL else rng.random() < 0.42
        kind = EmployeeKind.PPPK if pppk else EmployeeKind.PNS
        if pppk:
            key = level if job_type == PositionType.FUNGSIONAL else "PELAKSANA"
            golongan = rng.choice(PPPK_GOLONGAN_BY_LEVEL.get(key, ("IX",)))
            tmt_year = rng.randint(min(2021, self.year - 1), max(2021, min(2025, self.year - 1)))
            birth_year = tmt_year - rng.randint(24, 38)
            nip = self._nip(birth_year, tmt_year, None, female)
        else:
            key = _job_key(job_type, level)
            golongan = rng.choice(GOLONGAN_BY_JOB.get(key, GOLONGAN_BY_JOB["PELAKSANA"]))
            service = SERVICE_YEARS[golongan] + rng.randint(1, 6)
            entry_age = rng.randint(19, 26) if golongan.startswith("II/") else rng.randint(23, 30)
            tmt_year = self.year - service
            birth_year = tmt_year - entry_age
            # Nobody past retirement age (58, 60 for JPT) stays on the payroll.
            limit = 59 if job_type == PositionType.JPT else 57
            if self.year - birth_year > limit:
                birth_year = self.year - rng.randint(limit - 6, limit)
                tmt_year = max(tmt_year, birth_year + 19)
            nip = self._nip(birth_year, tmt_year, rng.choice(TMT_MONTHS), female)
        validate_nip(nip, kind)
        name = self._name(female, title, job_type, level, theme)
        return Person(nip, name, kind, golongan, female)

    def _nip(self, birth_year: int, tmt_year: int, tmt_month: int | None, female: bool) -> str:
        rng = self.rng
        birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        # NI PPPK carries "21" where a NIP has the TMT month (see domain/nip.py).
        middle = f"{tmt_year:04d}{'21' if tmt_month is None else f'{tmt_month:02d}'}"
        prefix = f"{birth:%Y%m%d}{middle}{2 if female else 1}"
        sequence = rng.randint(1, 400)
        while f"{prefix}{sequence:03d}" in self._nips:
            sequence = sequence % 999 + 1
        nip = f"{prefix}{sequence:03d}"
        self._nips.add(nip)
        return nip

    def _name(
        self, female: bool, title: str, job_type: PositionType, level: str, theme: str
    ) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            parts = [
                "Syarifah" if female else "Syarif",
                rng.choice(SAYYID_SECOND_FEMALE if female else SAYYID_SECOND_MALE),
                rng.choice(SAYYID_FAMILY),
            ]
        elif roll < 0.16:
            parts = [
                rng.choice(TIONGHOA_FEMALE if female else TIONGHOA_MALE),
                rng.choice(TIONGHOA_FAMILY),
            ]
        elif roll < 0.25:
            parts = [
                rng.choice(CATHOLIC_FEMALE if female else CATHOLIC_MALE),
                rng.choice(DAYAK_SECOND),
            ]
        elif roll < 0.31:
            parts = [rng.choice(BATAK_FEMALE if female else BATAK_MALE), rng.choice(BATAK_FAMILY)]
        else:
            parts = [rng.choice(MUSLIM_FEMALE if female else MUSLIM_MALE)]
            if rng.random() < 0.3:
                parts.append(rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE))
            parts.append(rng.choice(FEMALE_SECOND + MUSLIM_FAMILY if female else MUSLIM_FAMILY))
        parts = [p for i, p in enumerate(parts) if p not in parts[:i]]
        prefix, degrees = academic_titles(rng, title, job_type, level, theme)
        name = " ".join(parts)
        if prefix:
            name = f"{prefix} {name}"
        return ", ".join((name, *degrees))


def _job_key(job_type: PositionType, level: str) -> str:
    if job_type == PositionType.JPT:
        return f"JPT:{level or 'PRATAMA'}"
    if job_type == PositionType.FUNGSIONAL:
        return level
    return str(job_type)


def academic_titles(
    rng: random.Random, title: str, job_type: PositionType, level: str, theme: str = ""
) -> tuple[str, tuple[str, ...]]:
    """The gelar printed with the name: ``dr.``/``apt.`` before it, degrees after it.

    Staff get the degree their job needs; leaders the usual degree of their agency's field.
    """
    lowered = title.lower()
    leader = job_type in (PositionType.JPT, PositionType.ADMINISTRATOR, PositionType.PENGAWAS)
    expert = leader or level.startswith("AHLI")
    senior = job_type in (PositionType.JPT, PositionType.ADMINISTRATOR) or level in (
        "AHLI_MADYA",
        "AHLI_UTAMA",
    )

    def has(*words: str) -> bool:  # whole words: "bidan" must not match "bidang"
        return any(re.search(rf"\b{word}\b", lowered) for word in words)

    def master(degree: str) -> tuple[str, ...]:
        return (degree,) if senior and rng.random() < 0.7 else ()

    if has("direktur rsud") or (has("puskesmas") and rng.random() < 0.5):
        return "dr.", master("M.Kes.")
    if has("kepala sd negeri", "kepala smp negeri") or (has("guru") and not leader):
        return "", ("S.Pd.", *master("M.Pd."))
    if leader:
        first, second = THEME_DEGREES.get(theme, (GENERAL_DEGREES, "M.Si."))
        return "", (rng.choice(first), *master(second))
    if has("dokter gigi"):
        return "drg.", master("M.Kes.")
    if has("dokter"):
        specialist = ("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.") if level == "AHLI_MADYA" else ()
        return "dr.", (rng.choice(specialist),) if specialist else ()
    if has("apoteker"):
        return "apt.", ("S.Farm.",)
    if has("perawat", "penata anestesi"):
        return "", ("S.Kep.", "Ns.") if expert else ("A.Md.Kep.",)
    if has("bidan"):
        return "", ("S.Tr.Keb.",) if expert else ("A.Md.Keb.",)
    if has("kesehatan", "sanitarian", "nutrisionis", "radiografer", "fisioterapis", "medis"):
        return "", (("S.KM.",) if expert else ("A.Md.Kes.",)) + master("M.Kes.")
    if has("komputer", "statistisi", "sandiman"):
        return "", ("S.Kom.",) if expert else ("A.Md.",)
    if has("teknik", "penata ruang"):
        return "", ("S.T.", *master("M.T."))
    if has("hukum", "perancang peraturan", "polisi pamong praja"):
        return "", ("S.H.",) if expert else ()
    if job_type == PositionType.PELAKSANA:
        return "", rng.choice(((), (), (), ("S.E.",), ("A.Md.",), ("S.Sos.",)))
    if expert:
        first, second = THEME_DEGREES.get(theme, (GENERAL_DEGREES, "M.Si."))
        return "", (rng.choice(first), *master(second))
    return "", ("A.Md.",)
