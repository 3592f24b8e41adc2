"""The rules that turn a finalised evaluation into proposed development needs (pure).

Sources (see README.md, "Rules"):

1. **Predikat** below BAIK (BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG; PermenPANRB 6/2022, the
   matrix in ``kinerja_core/domain/predikat.py``) with the *result* rating below expectation:
   a MANAJERIAL need for a managerial position (JPT, administrator, pengawas), a TEKNIS need
   otherwise. Priority HIGH for SANGAT_KURANG, MEDIUM otherwise. A KURANG that comes from the
   behaviour alone (good results capped by the matrix) gives the behaviour need of rule 2, not a
   managerial/technical one: the results were fine.
2. **Behaviour** rating below expectation: a SOSIAL_KULTURAL need for each BerAKHLAK value
   the rater gave feedback on in the evaluated period (the year for an annual evaluation),
   priority HIGH; with no such feedback one SOSIAL_KULTURAL need for the core values as a
   whole, priority MEDIUM.
3. **IKI far below target**: for each IKI of the SKP whose achievement in the evaluated period
   (the latest period of the year for an annual evaluation) is below the agency's
   ``iki_low_achievement_percent`` (default 50), a TEKNIS need naming the IKI and its
   achievement; priority HIGH below half the threshold, MEDIUM otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja_kompetensi.models import CompetencyGroup, NeedSource, Priority

BELOW_BAIK = frozenset({"BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"})
BELOW_EXPECTATION = "DI_BAWAH_EKSPEKTASI"
MANAGERIAL_POSITIONS = frozenset({"JPT", "ADMINISTRATOR", "PENGAWAS"})

BEHAVIOR_LABELS = {
    "BERORIENTASI_PELAYANAN": "Berorientasi Pelayanan",
    "AKUNTABEL": "Akuntabel",
    "KOMPETEN": "Kompeten",
    "HARMONIS": "Harmonis",
    "LOYAL": "Loyal",
    "ADAPTIF": "Adaptif",
    "KOLABORATIF": "Kolaboratif",
}


@dataclass(frozen=True)
class IndicatorResult:
    """One IKI with its achievement (percent) in the evaluated period."""

    indicator_id: int
    description: str
    achievement: Decimal | None


@dataclass(frozen=True)
class Proposal:
    group: CompetencyGroup
    title: str
    source: NeedSource
    priority: Priority
    source_value: str
    indicator_id: int | None = None
    behavior_value: str = ""


def propose(
    *,
    predikat: str,
    result_rating: str,
    behavior_rating: str,
    position_type: str,
    feedback_values: list[str],
    indicators: list[IndicatorResult],
    threshold: Decimal,
) -> list[Proposal]:
    """The needs a finalised evaluation suggests, in a stable order."""
    out: list[Proposal] = []
    if predikat in BELOW_BAIK and result_rating == BELOW_EXPECTATION:
        managerial = position_type in MANAGERIAL_POSITIONS
        out.append(
            Proposal(
                group=CompetencyGroup.MANAJERIAL if managerial else CompetencyGroup.TEKNIS,
                title=(
                    "Perencanaan dan pengelolaan kinerja unit"
                    if managerial
                    else "Penguasaan teknis tugas jabatan"
                ),
                source=NeedSource.PREDIKAT,
                priority=Priority.HIGH if predikat == "SANGAT_KURANG" else Priority.MEDIUM,
                source_value=predikat,
            )
        )
    if behavior_rating == BELOW_EXPECTATION:
        values = sorted(set(feedback_values), key=list(BEHAVIOR_LABELS).index)
        for value in values:
            out.append(
                Proposal(
                    group=CompetencyGroup.SOSIAL_KULTURAL,
                    title=f"Perilaku kerja: {BEHAVIOR_LABELS.get(value, value)}",
                    source=NeedSource.BEHAVIOR,
                    priority=Priority.HIGH,
                    source_value=behavior_rating,
                    behavior_value=value,
                )
            )
        if not values:
            out.append(
                Proposal(
                    group=CompetencyGroup.SOSIAL_KULTURAL,
                    title="Perilaku kerja sesuai nilai dasar BerAKHLAK",
                    source=NeedSource.BEHAVIOR,
                    priority=Priority.MEDIUM,
                    source_value=behavior_rating,
                )
            )
    for iki in indicators:
        if iki.achievement is None or iki.achievement >= threshold:
            continue
        out.append(
            Proposal(
                group=CompetencyGroup.TEKNIS,
                title=f"Capaian IKI: {iki.description[:180]}",
                source=NeedSource.INDICATOR,
                priority=Priority.HIGH if iki.achievement < threshold / 2 else Priority.MEDIUM,
                source_value=f"{iki.achievement.normalize():f}%",
                indicator_id=iki.indicator_id,
            )
        )
    return out
