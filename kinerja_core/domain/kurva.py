"""Kurva: how a unit's organisation predikat bounds the distribution of its staff predikat.

The rules (SE MenPANRB 3/2023, per docs/domain.md) are data in ``KURVA_RULES`` so a reader can
check them against the regulation line by line, and a deployment can pass its own table.

Rounding of percentage bounds for small units is unverified, so it is a parameter:

- a bound is ``rounding(percent / 100 * unit size)`` with ``floor``, ``ceil`` or ``round``
  (half up, not Python's banker's rounding);
- ``floor`` is strict for "at most" and lenient for "at least"; ``ceil`` the other way round;
- an "at most" bound with a positive share never drops below 1 employee (``at_most_keeps_one``,
  default on): "at most 70% Sangat Baik" must not mean "no Sangat Baik" in a unit of one, since
  the table says "no Sangat Baik" explicitly where that is meant. "At least" bounds get no such
  floor: in a one-person unit "60% Kurang and 10% Butuh Perbaikan" would be impossible.

Findings are returned, not raised: whether a breach warns or blocks is configuration
(``KurvaMode``), applied by ``enforce_kurva``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from .enums import KurvaMode, OrgPredikat, Predikat
from .errors import Language, RuleViolation, format_message
from .predikat import ORG_PREDIKAT_LABEL, PREDIKAT_LABEL

Bound = Literal["at_most", "at_least"]

_SB = Predikat.SANGAT_BAIK
_B = Predikat.BAIK
_BP = Predikat.BUTUH_PERBAIKAN
_K = Predikat.KURANG
_SK = Predikat.SANGAT_KURANG


@dataclass(frozen=True)
class KurvaRule:
    """Employees holding any of ``predikats`` number at most / at least a share or a count.

    Exactly one of ``percent`` (share of the unit) and ``count`` (employees) is set.
    """

    code: str
    predikats: tuple[Predikat, ...]
    bound: Bound
    percent: int | None = None
    count: int | None = None


KURVA_RULES: dict[OrgPredikat, tuple[KurvaRule, ...]] = {
    OrgPredikat.ISTIMEWA: (
        KurvaRule(code="kurva.at_most_share", predikats=(_SB,), bound="at_most", percent=70),
    ),
    OrgPredikat.BAIK: (
        KurvaRule(code="kurva.at_most_share", predikats=(_B,), bound="at_most", percent=70),
        KurvaRule(code="kurva.at_least_count", predikats=(_BP, _K), bound="at_least", count=1),
    ),
    OrgPredikat.BUTUH_PERBAIKAN: (
        KurvaRule(code="kurva.at_least_share", predikats=(_BP,), bound="at_least", percent=60),
        KurvaRule(code="kurva.at_most_share", predikats=(_SB,), bound="at_most", percent=10),
    ),
    OrgPredikat.KURANG: (
        KurvaRule(code="kurva.at_least_share", predikats=(_K,), bound="at_least", percent=60),
        KurvaRule(code="kurva.at_least_share", predikats=(_BP,), bound="at_least", percent=10),
        KurvaRule(code="kurva.at_most_share", predikats=(_SB,), bound="at_most", percent=10),
    ),
    OrgPredikat.SANGAT_KURANG: (
        KurvaRule(code="kurva.at_least_share", predikats=(_SK,), bound="at_least", percent=60),
        KurvaRule(code="kurva.at_least_share", predikats=(_K, _BP), bound="at_least", percent=10),
        KurvaRule(code="kurva.none_allowed", predikats=(_SB,), bound="at_most", count=0),
    ),
}

ROUNDING: dict[str, Callable[[Fraction], int]] = {
    "floor": math.floor,
    "ceil": math.ceil,
    "round": lambda x: math.floor(x + Fraction(1, 2)),
}


@dataclass(frozen=True)
class KurvaFinding:
    """One rule the unit's distribution breaks, with the numbers a message needs.

    ``limit`` is the most allowed for an "at most" rule and the fewest required for an
    "at least" rule, in employees, after rounding; ``actual`` is how many hold the predikat.
    """

    code: str
    org: OrgPredikat
    predikats: tuple[Predikat, ...]
    bound: Bound
    percent: int | None
    actual: int
    limit: int
    total: int

    @property
    def params(self) -> dict[str, Any]:
        """Message parameters, labels in their official wording."""
        return {
            "org": ORG_PREDIKAT_LABEL[self.org],
            "predikats": " / ".join(PREDIKAT_LABEL[p] for p in self.predikats),
            "predikat_codes": ", ".join(self.predikats),
            "percent": self.percent,
            "actual": self.actual,
            "limit": self.limit,
            "total": self.total,
        }

    def message(self, lang: Language = "id") -> str:
        """The finding as a sentence for the unit's leader."""
        return format_message(self.code, self.params, lang)


def rule_limit(
    rule: KurvaRule, total: int, rounding: str = "floor", *, at_most_keeps_one: bool = True
) -> int:
    """The rule's bound in employees for a unit of ``total`` (see the module docstring)."""
    if rule.percent is None:
        return rule.count or 0
    limit = _round_fn(rounding)(Fraction(rule.percent * total, 100))
    if rule.bound == "at_most" and at_most_keeps_one and rule.percent > 0 and total > 0:
        limit = max(limit, 1)
    return limit


def check_distribution(
    org: OrgPredikat,
    predikats: Iterable[Predikat],
    rounding: str = "floor",
    *,
    rules: Mapping[OrgPredikat, tuple[KurvaRule, ...]] = KURVA_RULES,
    at_most_keeps_one: bool = True,
) -> list[KurvaFinding]:
    """Every rule of ``org`` that the unit's employee ``predikats`` break; [] when none.

    An empty unit breaks nothing: there is no one to distribute.
    """
    _round_fn(rounding)  # a bad setting should fail on every call, not only on big units
    counts = Counter(Predikat(p) for p in predikats)
    total = sum(counts.values())
    if total == 0:
        return []
    findings: list[KurvaFinding] = []
    for rule in rules.get(OrgPredikat(org), ()):
        actual = sum(counts[p] for p in rule.predikats)
        limit = rule_limit(rule, total, rounding, at_most_keeps_one=at_most_keeps_one)
        breached = actual > limit if rule.bound == "at_most" else actual < limit
        if breached:
            findings.append(
                KurvaFinding(
                    code=rule.code,
                    org=OrgPredikat(org),
                    predikats=rule.predikats,
                    bound=rule.bound,
                    percent=rule.percent,
                    actual=actual,
                    limit=limit,
                    total=total,
                )
            )
    return findings


def _round_fn(rounding: str) -> Callable[[Fraction], int]:
    round_fn = ROUNDING.get(rounding)
    if round_fn is None:
        raise RuleViolation(
            code="kurva.rounding_unknown", field="rounding", params={"rounding": rounding}
        )
    return round_fn


def enforce_kurva(findings: list[KurvaFinding], mode: KurvaMode) -> list[KurvaFinding]:
    """In BLOCK mode raise the first finding as a RuleViolation; in WARN mode hand them back."""
    if KurvaMode(mode) == KurvaMode.BLOCK and findings:
        first = findings[0]
        raise RuleViolation(code=first.code, field=None, params=first.params)
    return findings


# ---------------------------------------------------------------- the unit's whole distribution
#
# The kurva is a rule about a unit's whole distribution for a period, not about the evaluations
# finalised so far: measured against a part, a valid final distribution is refused or accepted
# depending on the order the evaluations are finalised in. So the unit is judged as a whole:
# every evaluation of the unit and period (final or still a draft with its proposed predikat),
# and the approved SKP not yet rated ("missing") said apart. See docs/kurva.md.


@dataclass(frozen=True)
class KurvaBound:
    """One rule of the unit's organisation predikat as it applies to a unit of ``total``."""

    code: str
    predikats: tuple[Predikat, ...]
    bound: Bound
    percent: int | None
    limit: int
    actual: int
    total: int

    @property
    def met(self) -> bool:
        return self.actual <= self.limit if self.bound == "at_most" else self.actual >= self.limit


@dataclass(frozen=True)
class UnitDistribution:
    """A unit's predikat per employee for one period (or the year), against its kurva.

    ``predikats`` maps each employee (any hashable key) to their predikat: final, or proposed
    in a draft; ``final`` holds the keys whose evaluation is already FINAL; ``missing`` counts
    employees with an approved SKP but no evaluation yet. Without an organisation predikat
    (``org`` None) no kurva applies: no bounds, no findings.
    """

    org: OrgPredikat | None
    predikats: Mapping[Any, Predikat]
    final: frozenset
    missing: int
    counts: dict[Predikat, int]
    bounds: tuple[KurvaBound, ...]
    findings: tuple[KurvaFinding, ...]

    @property
    def total(self) -> int:
        return len(self.predikats)

    @property
    def open(self) -> frozenset:
        """Employees whose evaluation is still a draft."""
        return frozenset(self.predikats) - self.final

    @property
    def complete(self) -> bool:
        """Everyone with an approved SKP has an evaluation."""
        return self.missing == 0


def unit_distribution(
    org: OrgPredikat | None,
    predikats: Mapping[Any, Predikat],
    final: Iterable[Any] = (),
    missing: int = 0,
    rounding: str = "floor",
    *,
    changes: Mapping[Any, Predikat] | None = None,
    rules: Mapping[OrgPredikat, tuple[KurvaRule, ...]] = KURVA_RULES,
    at_most_keeps_one: bool = True,
) -> UnitDistribution:
    """The unit's whole distribution, with ``changes`` (what-if predikat of drafts) applied.

    A change to an employee who is not in the unit, or whose evaluation is final, is refused:
    a final predikat only changes through a keberatan.
    """
    _round_fn(rounding)
    final_keys = frozenset(final)
    current = {key: Predikat(p) for key, p in predikats.items()}
    for key, predikat in (changes or {}).items():
        if key not in current:
            raise RuleViolation(code="kurva.change_unknown", field="changes", params={})
        if key in final_keys:
            raise RuleViolation(code="kurva.change_final", field="changes", params={})
        current[key] = Predikat(predikat)
    counted = Counter(current.values())
    bounds: tuple[KurvaBound, ...] = ()
    findings: tuple[KurvaFinding, ...] = ()
    if org is not None:
        total = len(current)
        bounds = tuple(
            KurvaBound(
                code=rule.code,
                predikats=rule.predikats,
                bound=rule.bound,
                percent=rule.percent,
                limit=rule_limit(rule, total, rounding, at_most_keeps_one=at_most_keeps_one),
                actual=sum(counted[p] for p in rule.predikats),
                total=total,
            )
            for rule in rules.get(OrgPredikat(org), ())
        )
        findings = tuple(
            check_distribution(
                org, current.values(), rounding, rules=rules, at_most_keeps_one=at_most_keeps_one
            )
        )
    return UnitDistribution(
        org=OrgPredikat(org) if org is not None else None,
        predikats=current,
        final=final_keys & frozenset(current),
        missing=missing,
        counts={p: counted.get(p, 0) for p in Predikat},
        bounds=bounds,
        findings=findings,
    )


Refusal = Literal["unit_step_required", "unit_incomplete", "breach"]


def finalisation_refusal(
    dist: UnitDistribution, finalising: Iterable[Any], mode: KurvaMode
) -> Refusal | None:
    """Why finalising ``finalising`` (employees' drafts) must be refused, or None to go ahead.

    Only BLOCK mode refuses, and only where a kurva applies (an organisation predikat is set).
    Then the step must leave no draft open (the distribution it is checked on is the final
    one, so no order of finalising can matter), nobody may be missing, and the distribution
    must be within the kurva. WARN mode never refuses; the findings describe ``dist``.
    """
    if KurvaMode(mode) != KurvaMode.BLOCK or dist.org is None:
        return None
    if dist.open - frozenset(finalising):
        return "unit_step_required"
    if not dist.complete:
        return "unit_incomplete"
    if dist.findings:
        return "breach"
    return None
