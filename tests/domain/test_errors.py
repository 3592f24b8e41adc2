import re
import string
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

import kinerja_core.domain as domain
from kinerja_core.domain import (
    MESSAGES,
    EmployeeKind,
    EvaluationStatus,
    OrgPredikat,
    PeriodKind,
    PlanApproach,
    PlanStatus,
    Predikat,
    RuleViolation,
    angka_kredit,
    check_distribution,
    format_message,
    golongan,
    nip,
    passwords,
    periods,
    predikat,
    targets,
    workflow,
)
from kinerja_core.domain.kurva import unit_distribution

DOMAIN_DIR = Path(domain.__file__).parent
CODE_LITERAL = re.compile(r'\bcode="([^"]+)"')


def codes_in_sources() -> set[str]:
    return {
        code
        for source in DOMAIN_DIR.glob("*.py")
        if source.name != "errors.py"
        for code in CODE_LITERAL.findall(source.read_text(encoding="utf-8"))
    }


def test_every_code_the_domain_raises_has_a_message():
    missing = codes_in_sources() - set(MESSAGES)
    assert not missing, f"codes without MESSAGES entry: {sorted(missing)}"


def test_every_message_belongs_to_a_code_the_domain_raises():
    stale = set(MESSAGES) - codes_in_sources()
    assert not stale, f"MESSAGES entries no module raises: {sorted(stale)}"


def test_every_message_exists_in_indonesian_and_english_with_the_same_placeholders():
    def placeholders(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for code, (indonesian, english) in MESSAGES.items():
        assert indonesian.strip() and english.strip(), code
        assert indonesian != english, code
        # Each language may use its own label param (status_id / status_en); strip the suffix.
        strip = lambda names: {re.sub(r"_(id|en)$", "", n) for n in names}  # noqa: E731
        assert strip(placeholders(indonesian)) == strip(placeholders(english)), code


# One way to trigger each raised code, to prove its message renders with the params it gets.
TRIGGERS: dict[str, Callable[[], object]] = {
    "nip.required": lambda: nip.validate_nip("", EmployeeKind.PNS),
    "nip.not_digits": lambda: nip.validate_nip("1986x", EmployeeKind.PNS),
    "nip.length": lambda: nip.validate_nip("1986", EmployeeKind.PNS),
    "nip.birth_date": lambda: nip.validate_nip("198602302015051001", EmployeeKind.PNS),
    "nip.birth_date_future": lambda: nip.validate_nip(
        "203001012050011001", EmployeeKind.PNS, today=datetime(2026, 1, 1).date()
    ),
    "nip.tmt_month": lambda: nip.validate_nip("198609262015131001", EmployeeKind.PNS),
    "nip.appointment_before_birth": lambda: nip.validate_nip(
        "198609261980011001", EmployeeKind.PNS
    ),
    "nip.gender": lambda: nip.validate_nip("198609262015053001", EmployeeKind.PNS),
    "nip.sequence": lambda: nip.validate_nip("198609262015051000", EmployeeKind.PNS),
    "golongan.required": lambda: golongan.validate_golongan("", EmployeeKind.PNS),
    "golongan.unknown": lambda: golongan.validate_golongan("V/a", EmployeeKind.PNS),
    "rating.unknown": lambda: predikat.derive_predikat("BAGUS", "BAGUS"),
    "kurva.rounding_unknown": lambda: check_distribution(OrgPredikat.BAIK, [], "up"),
    "kurva.change_unknown": lambda: unit_distribution(OrgPredikat.BAIK, {}, changes={1: "BAIK"}),
    "kurva.change_final": lambda: unit_distribution(
        OrgPredikat.BAIK, {1: "BAIK"}, final=[1], changes={1: "KURANG"}
    ),
    "angka_kredit.level_unknown": lambda: angka_kredit(Predikat.BAIK, "X"),
    "angka_kredit.months": lambda: angka_kredit(Predikat.BAIK, "AHLI_MUDA", 0),
    "workflow.action_unknown": lambda: workflow.transition(PlanStatus.DRAFT, "x"),
    "plan.transition": lambda: workflow.transition(PlanStatus.CLOSED, "SUBMIT"),
    "plan.not_editable": lambda: workflow.status_after_edit(PlanStatus.SUBMITTED),
    "evaluation.transition": lambda: workflow.transition_evaluation(
        EvaluationStatus.FINAL, "FINALIZE"
    ),
    "appeal.transition": lambda: workflow.transition_appeal("DECIDED", "DECIDE"),
    "appeal.too_late": lambda: workflow.check_appeal_window(
        datetime(2026, 1, 1), datetime(2026, 2, 1)
    ),
    "target.required": lambda: targets.validate_target(PlanApproach.KUANTITATIF),
    "target.value_and_range": lambda: targets.validate_target(PlanApproach.KUANTITATIF, 1, 1, 2),
    "target.range_incomplete": lambda: targets.validate_target(PlanApproach.KUANTITATIF, minimum=1),
    "target.min_above_max": lambda: targets.validate_target(
        PlanApproach.KUANTITATIF, minimum=2, maximum=1
    ),
    "target.negative": lambda: targets.validate_target(PlanApproach.KUANTITATIF, -1),
    "target.not_finite": lambda: targets.validate_target(PlanApproach.KUANTITATIF, "x"),
    "target.narrative_required": lambda: targets.validate_target(PlanApproach.KUALITATIF),
    "target.month_out_of_range": lambda: targets.cumulative_target(1, 13),
    "period.number_out_of_range": lambda: periods.months_covered(PeriodKind.SEMESTER, 3),
    "period.year": lambda: periods.build_periods(10000, PeriodKind.MONTHLY),
    "password.blank": lambda: passwords.check_password(" " * 12),
    "password.too_short": lambda: passwords.check_password("kopi-pagi"),
    "password.contains_nip": lambda: passwords.check_password(
        "x198609262015051001", nip="198609262015051001"
    ),
    "password.common": lambda: passwords.check_password("Pontianak2026!", is_common=lambda _: True),
    "password.same_as_current": lambda: passwords.check_password(
        "kopi pagi di tepian", is_current=lambda _: True
    ),
}
KURVA_FINDING_CODES = {
    "kurva.at_most_share",
    "kurva.at_least_share",
    "kurva.at_least_count",
    "kurva.none_allowed",
}


def test_every_message_code_is_either_triggered_below_or_a_kurva_finding():
    assert set(TRIGGERS) | KURVA_FINDING_CODES == set(MESSAGES)


@pytest.mark.parametrize("code", sorted(TRIGGERS))
@pytest.mark.parametrize("lang", ["id", "en"])
def test_raised_violation_renders_a_complete_message(code, lang):
    with pytest.raises(RuleViolation) as caught:
        TRIGGERS[code]()
    assert caught.value.code == code
    rendered = caught.value.message(lang)
    assert "{" not in rendered and rendered != code


@pytest.mark.parametrize("lang", ["id", "en"])
def test_kurva_findings_render_complete_messages(lang):
    findings = check_distribution(OrgPredikat.SANGAT_KURANG, [Predikat.SANGAT_BAIK] * 10) + (
        check_distribution(OrgPredikat.BAIK, [Predikat.BAIK] * 10)
    )
    assert {f.code for f in findings} == KURVA_FINDING_CODES
    for finding in findings:
        assert "{" not in finding.message(lang)


def test_str_of_a_violation_is_the_english_message_for_logs():
    error = RuleViolation("nip.length", field="nip", params={"label": "NIP", "length": 3})
    assert str(error) == "The NIP must be 18 digits; got 3."
    assert error.field == "nip"


def test_unknown_code_renders_as_the_code_itself():
    assert format_message("no.such.code", {}) == "no.such.code"


def test_message_with_a_missing_param_falls_back_to_the_template_instead_of_crashing():
    assert format_message("nip.length", {}, "en") == MESSAGES["nip.length"][1]
