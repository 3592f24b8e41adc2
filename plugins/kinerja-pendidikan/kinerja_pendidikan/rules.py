"""Pure rules of the pendidikan plugin: levels, official ages and the formulas (no I/O).

The indicator types, the GraphQL reports and the tests all use these functions, so a number
shown in ``pendidikanProgrammeResults`` is the number an IKI linked to the same programme gets.

- Score gain: the average of (end score - baseline score) over the schools with an end score,
  weighted by each school's participants: sum(participants x gain) / sum(participants).
- Completion rate: sum(completed) / sum(participants) x 100.
- Schools meeting the goal: a programme's ``goal`` is the average end score a school must
  reach; share = schools whose end score >= goal / schools with an end score x 100.
- APK (angka partisipasi kasar) = pupils at a level, any age / population of the level's
  official age x 100 (may exceed 100: over- and under-age pupils count).
- APM (angka partisipasi murni) = pupils of the official age / population of that age x 100.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")


class Level(enum.StrEnum):
    """A level of schooling, with its official age group (the SPM ages for PAUD)."""

    PAUD = "PAUD"
    SD = "SD"
    SMP = "SMP"


class SchoolStatus(enum.StrEnum):
    NEGERI = "NEGERI"
    SWASTA = "SWASTA"


OFFICIAL_AGES: dict[Level, tuple[int, int]] = {
    Level.PAUD: (5, 6),
    Level.SD: (7, 12),
    Level.SMP: (13, 15),
}

# The six kecamatan of Kota Pontianak: the default of the ``kecamatan`` setting.
PONTIANAK_KECAMATAN: tuple[str, ...] = (
    "Pontianak Barat",
    "Pontianak Kota",
    "Pontianak Selatan",
    "Pontianak Tenggara",
    "Pontianak Timur",
    "Pontianak Utara",
)

MIN_SCORE = Decimal(0)
MAX_SCORE = Decimal(100)


def official_ages(level: Level | str) -> str:
    low, high = OFFICIAL_AGES[Level(level)]
    return f"{low}-{high}"


def percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator x 100 (4 decimals); None while the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * HUNDRED).quantize(PLACES)


def quotient(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(PLACES)


@dataclass(frozen=True)
class Figures:
    """One school's evaluation in a programme, as the formulas need it."""

    participants: int
    completed: int
    baseline_score: Decimal
    end_score: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        """End minus baseline score (points); None while there is no end score."""
        if self.end_score is None:
            return None
        return Decimal(self.end_score) - Decimal(self.baseline_score)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.participants)


def meets_goal(end_score: Decimal | None, goal: Decimal) -> bool | None:
    """Whether a school reached the programme's goal; None while it has no end score."""
    if end_score is None:
        return None
    return Decimal(end_score) >= Decimal(goal)


def weighted_gain(rows: Iterable[Figures]) -> tuple[Decimal, int]:
    """(sum of participants x gain, sum of participants) over rows with an end score."""
    numerator, denominator = Decimal(0), 0
    for row in rows:
        gain = row.gain
        if gain is None:
            continue
        numerator += gain * row.participants
        denominator += row.participants
    return numerator, denominator


def completion(rows: Iterable[Figures]) -> tuple[int, int]:
    """(completed, participants) summed over every row."""
    completed = participants = 0
    for row in rows:
        completed += row.completed
        participants += row.participants
    return completed, participants


def goal_share(rows: Iterable[Figures], goal: Decimal) -> tuple[int, int]:
    """(schools meeting the goal, schools with an end score)."""
    meeting = scored = 0
    for row in rows:
        met = meets_goal(row.end_score, goal)
        if met is None:
            continue
        scored += 1
        meeting += int(met)
    return meeting, scored


@dataclass(frozen=True)
class Participation:
    """APK and APM of one kecamatan (or the total when ``kecamatan`` is None)."""

    kecamatan: str | None
    pupils_total: int | None
    pupils_official_age: int | None
    population: int | None

    @property
    def complete(self) -> bool:
        return self.pupils_total is not None and self.population is not None

    @property
    def apk(self) -> Decimal | None:
        if not self.complete:
            return None
        return percent(self.pupils_total or 0, self.population or 0)

    @property
    def apm(self) -> Decimal | None:
        if not self.complete:
            return None
        return percent(self.pupils_official_age or 0, self.population or 0)


def participation(
    enrolments: Sequence[tuple[str, int, int]], populations: Sequence[tuple[str, int]]
) -> tuple[list[Participation], Participation]:
    """Per kecamatan and in total, from (kecamatan, pupils total, pupils of official age)
    and (kecamatan, population). The total counts only kecamatan that have both figures,
    so a missing population never inflates the city's rate."""
    pupils = {k: (total, official) for k, total, official in enrolments}
    people = dict(populations)
    rows = []
    for kecamatan in sorted(set(pupils) | set(people)):
        total, official = pupils.get(kecamatan, (None, None))
        rows.append(Participation(kecamatan, total, official, people.get(kecamatan)))
    paired = [r for r in rows if r.complete]
    total = Participation(
        None,
        sum(r.pupils_total or 0 for r in paired),
        sum(r.pupils_official_age or 0 for r in paired),
        sum(r.population or 0 for r in paired),
    )
    return rows, total
