"""The regulation's categories as enums.

Values equal names and keep the official Indonesian spelling (``SANGAT_BAIK``,
``DI_ATAS_EKSPEKTASI``) so stored data, GraphQL and BKN exports never need translating back.
``StrEnum`` members compare and hash like their value, so a plain string from the database
or a request can be used wherever a member is expected.
"""

from __future__ import annotations

from enum import StrEnum


class EmployeeKind(StrEnum):
    """ASN status: decides how the NIP and the golongan are read."""

    PNS = "PNS"
    PPPK = "PPPK"


class PositionType(StrEnum):
    """Kind of jabatan: decides the SKP form and who rates whom."""

    JPT = "JPT"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    FUNGSIONAL = "FUNGSIONAL"
    PELAKSANA = "PELAKSANA"


class FunctionalLevel(StrEnum):
    """Jenjang of a functional position: decides the angka kredit coefficient."""

    PEMULA = "PEMULA"
    TERAMPIL = "TERAMPIL"
    MAHIR = "MAHIR"
    PENYELIA = "PENYELIA"
    AHLI_PERTAMA = "AHLI_PERTAMA"
    AHLI_MUDA = "AHLI_MUDA"
    AHLI_MADYA = "AHLI_MADYA"
    AHLI_UTAMA = "AHLI_UTAMA"


class AssignmentKind(StrEnum):
    """How a position is held: acting officials (Plt/Plh) may hold a second position."""

    DEFINITIF = "DEFINITIF"
    PLT = "PLT"
    PLH = "PLH"


class PlanForm(StrEnum):
    """SKP form: JPT/unit leaders derive results from the Perjanjian Kinerja, JA/JF cascade."""

    JPT = "JPT"
    JA_JF = "JA_JF"


class PlanApproach(StrEnum):
    """Numeric targets (KUANTITATIF) or a narrative expectation (KUALITATIF)."""

    KUANTITATIF = "KUANTITATIF"
    KUALITATIF = "KUALITATIF"


class PlanStatus(StrEnum):
    """Life of an SKP; allowed moves are in ``workflow.PLAN_TRANSITIONS``."""

    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"
    CLOSED = "CLOSED"


class PlanAction(StrEnum):
    """What a user does to an SKP; each moves it along ``workflow.PLAN_TRANSITIONS``."""

    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    RETURN = "RETURN"
    REVISE = "REVISE"
    CLOSE = "CLOSE"


class WorkResultKind(StrEnum):
    """RHK weight class: main (UTAMA) or additional (TAMBAHAN) work result."""

    UTAMA = "UTAMA"
    TAMBAHAN = "TAMBAHAN"


class Intervention(StrEnum):
    """How an RHK feeds the superior's RHK: a share of it, or a supporting output."""

    LANGSUNG = "LANGSUNG"
    TIDAK_LANGSUNG = "TIDAK_LANGSUNG"


class Perspective(StrEnum):
    """Balanced-scorecard perspective of a JPT indicator."""

    PENERIMA_LAYANAN = "PENERIMA_LAYANAN"
    PROSES_BISNIS = "PROSES_BISNIS"
    PENGUATAN_INTERNAL = "PENGUATAN_INTERNAL"
    ANGGARAN = "ANGGARAN"


class Aspect(StrEnum):
    """What an IKI measures about its RHK."""

    KUANTITAS = "KUANTITAS"
    KUALITAS = "KUALITAS"
    WAKTU = "WAKTU"
    BIAYA = "BIAYA"


class BehaviorValue(StrEnum):
    """The seven BerAKHLAK core values rated as perilaku kerja (SE MenPANRB 20/2021)."""

    BERORIENTASI_PELAYANAN = "BERORIENTASI_PELAYANAN"
    AKUNTABEL = "AKUNTABEL"
    KOMPETEN = "KOMPETEN"
    HARMONIS = "HARMONIS"
    LOYAL = "LOYAL"
    ADAPTIF = "ADAPTIF"
    KOLABORATIF = "KOLABORATIF"


class Rating(StrEnum):
    """The superior's judgement of results or behaviour; no numeric weighting under 6/2022."""

    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI"
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI"
    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI"


class Predikat(StrEnum):
    """An employee's performance verdict, best first; always derived, never typed in."""

    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class OrgPredikat(StrEnum):
    """A unit's organisation verdict; bounds how its staff predikat may be distributed."""

    ISTIMEWA = "ISTIMEWA"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class PeriodKind(StrEnum):
    """Length of a monitoring period; monthly by default, configurable per agency."""

    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    SEMESTER = "SEMESTER"


class PeriodStatus(StrEnum):
    """Whether realisasi can be recorded for a period yet, still, or no more."""

    UPCOMING = "UPCOMING"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class EvaluationKind(StrEnum):
    """Periodic evaluations during the year, one annual evaluation at its end."""

    PERIODIC = "PERIODIC"
    ANNUAL = "ANNUAL"


class EvaluationStatus(StrEnum):
    """A FINAL evaluation is frozen and opens the appeal window."""

    DRAFT = "DRAFT"
    FINAL = "FINAL"


class EvaluationAction(StrEnum):
    """What a rater does to an evaluation."""

    FINALIZE = "FINALIZE"


class AppealStatus(StrEnum):
    """A keberatan is filed by the employee and decided, finally, by the rater's superior."""

    FILED = "FILED"
    DECIDED = "DECIDED"


class AppealAction(StrEnum):
    """What the atasan pejabat penilai does to an appeal."""

    DECIDE = "DECIDE"


class AppealDecision(StrEnum):
    """Outcome of a keberatan: keep the ratings or change them."""

    KEEP = "KEEP"
    CHANGE = "CHANGE"


class FeedbackTarget(StrEnum):
    """What a piece of umpan balik is about."""

    WORK_RESULT = "WORK_RESULT"
    REALIZATION = "REALIZATION"
    BEHAVIOR = "BEHAVIOR"


class EvidenceKind(StrEnum):
    """Bukti dukung is either an uploaded file or a link."""

    LINK = "LINK"
    FILE = "FILE"


class Role(StrEnum):
    """What a user may do beyond their own records; the reporting line adds the rest."""

    EMPLOYEE = "EMPLOYEE"
    SUPERVISOR = "SUPERVISOR"
    AGENCY_HEAD = "AGENCY_HEAD"
    AGENCY_ADMIN = "AGENCY_ADMIN"
    CENTRAL_ADMIN = "CENTRAL_ADMIN"


class KurvaMode(StrEnum):
    """Whether a breach of the predikat distribution only warns or blocks finalising."""

    WARN = "WARN"
    BLOCK = "BLOCK"
