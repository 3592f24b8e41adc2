"""The kurva judged on a unit's whole distribution, and the BLOCK-mode finalisation gate.

The property tests drive the gate the way the service does (single finalisations, the unit
step, drafts re-rated in between) in arbitrary orders: a valid final distribution is always
reachable, an invalid one never becomes final, and no verdict depends on the order.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_core.domain import KurvaMode, OrgPredikat, Predikat, RuleViolation, check_distribution
from kinerja_core.domain.kurva import finalisation_refusal, unit_distribution

SB = Predikat.SANGAT_BAIK
B = Predikat.BAIK
BP = Predikat.BUTUH_PERBAIKAN
K = Predikat.KURANG

BLOCK = KurvaMode.BLOCK
WARN = KurvaMode.WARN


def staff(*predikats: Predikat) -> dict[int, Predikat]:
    return dict(enumerate(predikats))


def test_bounds_say_the_limit_in_employees_and_the_current_count():
    dist = unit_distribution(OrgPredikat.BAIK, staff(BP, B, B, B))
    assert [(b.code, b.limit, b.actual, b.total, b.met) for b in dist.bounds] == [
        ("kurva.at_most_share", 2, 3, 4, False),  # 70% of 4 floors to 2
        ("kurva.at_least_count", 1, 1, 4, True),
    ]
    assert [f.code for f in dist.findings] == ["kurva.at_most_share"]
    assert dist.counts[B] == 3 and dist.counts[SB] == 0 and dist.total == 4


def test_without_an_organisation_predikat_no_kurva_applies():
    dist = unit_distribution(None, staff(B, B, B))
    assert (dist.bounds, dist.findings) == ((), ())
    assert finalisation_refusal(dist, [0], BLOCK) is None


def test_a_what_if_change_is_counted_without_touching_the_input():
    drafts = staff(B, B, B)
    dist = unit_distribution(OrgPredikat.BAIK, drafts, changes={0: BP, 1: SB})
    assert dist.findings == ()
    assert drafts == staff(B, B, B)


def test_a_what_if_change_of_a_final_or_unknown_evaluation_is_refused():
    with pytest.raises(RuleViolation) as caught:
        unit_distribution(OrgPredikat.BAIK, staff(B, BP), final=[1], changes={1: B})
    assert (caught.value.code, caught.value.field) == ("kurva.change_final", "changes")
    with pytest.raises(RuleViolation) as caught:
        unit_distribution(OrgPredikat.BAIK, staff(B, BP), changes={7: B})
    assert caught.value.code == "kurva.change_unknown"


# The two orders the issue reports: both refused before, both fine now.


def test_block_finalising_a_baik_employee_first_is_no_longer_judged_on_a_unit_of_one():
    # Organisation BAIK, final distribution BP, B, SB: valid (B 1 <= 2, one BP).
    dist = unit_distribution(OrgPredikat.BAIK, staff(B, BP, SB))
    assert finalisation_refusal(dist, [0], BLOCK) == "unit_step_required"
    assert finalisation_refusal(dist, [0, 1, 2], BLOCK) is None


def test_block_the_last_single_finalisation_is_judged_on_the_whole_unit():
    # Organisation BAIK; BP, SB, B final already, the fourth (B) last: 2 of 4 Baik is fine.
    dist = unit_distribution(OrgPredikat.BAIK, staff(BP, SB, B, B), final=[0, 1, 2])
    assert finalisation_refusal(dist, [3], BLOCK) is None


def test_block_refuses_an_invalid_final_distribution_and_an_incomplete_unit():
    invalid = unit_distribution(OrgPredikat.BAIK, staff(BP, B, B, B))
    assert finalisation_refusal(invalid, [0, 1, 2, 3], BLOCK) == "breach"
    incomplete = unit_distribution(OrgPredikat.BAIK, staff(BP, B, SB), missing=1)
    assert finalisation_refusal(incomplete, [0, 1, 2], BLOCK) == "unit_incomplete"


def test_warn_mode_never_refuses_and_the_findings_describe_the_whole_unit():
    dist = unit_distribution(OrgPredikat.BAIK, staff(B, B, B, B), final=[0])
    assert finalisation_refusal(dist, [1], WARN) is None
    [finding] = [f for f in dist.findings if f.code == "kurva.at_least_count"]
    assert finding.total == 4


# ---------------------------------------------------------------- properties

orgs = st.sampled_from(list(OrgPredikat))
units = st.lists(st.sampled_from(list(Predikat)), min_size=1, max_size=25)


@st.composite
def unit_and_steps(draw):
    """A unit's proposed predikat (the final ones are the last value), and a random run of
    steps: finalise one draft, finalise the unit, or re-rate a draft."""
    org = draw(orgs)
    proposed = draw(units)
    n = len(proposed)
    steps = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("one"), st.integers(0, n - 1)),
                st.tuples(st.just("unit")),
                st.tuples(st.just("rate"), st.integers(0, n - 1), st.sampled_from(list(Predikat))),
            ),
            max_size=3 * n,
        )
    )
    return org, proposed, steps


def run(org, proposed, steps, missing=0):
    """Apply ``steps`` through the BLOCK gate; the state reached (predikat, final keys)."""
    current = dict(enumerate(proposed))
    final: set[int] = set()
    for step in steps:
        if step[0] == "rate":
            if step[1] not in final:
                current[step[1]] = step[2]
            continue
        dist = unit_distribution(org, current, final, missing)
        finalising = [step[1]] if step[0] == "one" else sorted(dist.open)
        if finalisation_refusal(dist, finalising, BLOCK) is None:
            final.update(finalising)
        # invariant: nothing outside the kurva is ever all final
        if len(final) == len(current):
            assert check_distribution(org, current.values()) == []
    return current, final


@settings(max_examples=300, deadline=None)
@given(unit_and_steps())
def test_block_a_valid_final_distribution_is_reachable_after_any_order_of_steps(case):
    org, proposed, steps = case
    current, final = run(org, proposed, steps)
    dist = unit_distribution(org, current, final)
    # whatever happened before, the unit step finalises the rest iff the result is valid
    verdict = finalisation_refusal(dist, dist.open, BLOCK)
    if dist.open:
        assert (verdict is None) == (check_distribution(org, current.values()) == [])
    else:
        assert check_distribution(org, current.values()) == []


@settings(max_examples=200, deadline=None)
@given(orgs, units, st.randoms(use_true_random=False))
def test_block_every_order_of_a_valid_distribution_reaches_final(org, proposed, rnd):
    """Drafts finalised one by one in any order, the unit step where a single one is refused:
    a valid distribution always ends all final, in every order; an invalid one never does."""
    valid = check_distribution(org, proposed) == []
    order = list(range(len(proposed)))
    rnd.shuffle(order)
    steps = [("one", k) for k in order] + [("unit",)]
    current, final = run(org, proposed, steps)
    assert (len(final) == len(current)) == valid


@settings(max_examples=200, deadline=None)
@given(unit_and_steps(), st.integers(1, 3))
def test_block_nothing_kurva_bound_becomes_final_while_someone_is_missing(case, missing):
    org, proposed, steps = case
    _, final = run(org, proposed, steps, missing)
    assert final == set()


@settings(max_examples=200, deadline=None)
@given(orgs, units, st.randoms(use_true_random=False))
def test_the_distribution_does_not_depend_on_the_order_it_is_listed_in(org, proposed, rnd):
    keys = list(range(len(proposed)))
    shuffled = keys[:]
    rnd.shuffle(shuffled)
    a = unit_distribution(org, {k: proposed[k] for k in keys})
    b = unit_distribution(org, {k: proposed[k] for k in shuffled})
    assert (a.counts, a.bounds, a.findings) == (b.counts, b.bounds, b.findings)
