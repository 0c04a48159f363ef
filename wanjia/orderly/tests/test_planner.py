"""The planner on its own (no database): tier order, protected and security load, rotation, shortfall, and a
small plan solved by hand."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wanjia.orderly import planner
from wanjia.orderly.planner import PROTECTED, Problem


def problem(tiers, curtailable, gaps, days=None, history=None, hours=None):
    n, p = len(tiers), len(gaps)
    return Problem(tier_rank=np.array(tiers), curtailable_kw=np.array(curtailable, dtype=float),
                   history_kwh=np.array(history or [0.0] * n, dtype=float),
                   period_day=np.array(days or [0] * p), period_hours=np.array(hours or [1.0] * p, dtype=float),
                   gap_kw=np.array(gaps, dtype=float))


def test_small_plan_matches_the_hand_solved_answer():
    # R restricted 100 kW; G1 100 kW and G2 50 kW general; P protected. Gaps 150 kW then 50 kW.
    # By hand: R takes 100 then 50 (restricted first); the 50 kW left in hour 1 goes to G1:G2 = 2:1 so both
    # carry the same share of their curtailable load (1/3 h); P sheds nothing.
    solution = planner.solve(problem([0, 1, 1, PROTECTED], [100, 100, 50, 200], [150, 50]))
    assert solution.shed_kw == pytest.approx(np.array([[100, 50], [100 / 3, 0], [50 / 3, 0], [0, 0]]), abs=1e-6)
    assert solution.feasible


def test_gap_beyond_all_curtailable_load_is_reported_per_period_and_protected_load_stays_whole():
    solution = planner.solve(problem([0, 1, PROTECTED], [100, 150, 500], [200, 400, 100]))
    assert not solution.feasible
    assert solution.shortfall_kw == pytest.approx([0, 150, 0])
    assert solution.shed_kw[2].sum() == 0
    assert solution.shed_kw[:2, 1] == pytest.approx([100, 150])  # everything else is used, nothing beyond


def test_rotation_rests_different_customers_on_different_days():
    # Four equal enterprises, a gap of two enterprises' load on each of two days: each carries one day.
    solution = planner.solve(problem([0, 0, 0, 0], [100] * 4, [200, 200], days=[0, 1]))
    touched = solution.shed_kw > 1e-6
    assert touched.sum(axis=1).tolist() == [1, 1, 1, 1]
    assert solution.shed_kw.sum(axis=1) == pytest.approx([100] * 4)


def test_rotation_history_moves_the_burden_to_who_has_not_carried_it():
    solution = planner.solve(problem([0, 0], [100, 100], [100], history=[300, 0]))
    assert solution.shed_kw[:, 0] == pytest.approx([0, 100])


def test_burden_is_spread_over_a_week_instead_of_the_same_customers_every_day():
    rng = np.random.default_rng(3)
    n, days = 30, 5
    cap = rng.uniform(50, 200, n)
    gaps = np.tile([0.3, 0.5, 0.3], days) * cap.sum()
    solution = planner.solve(problem([0] * n, cap, gaps, days=list(np.repeat(np.arange(days), 3))))
    burden = solution.shed_kw.sum(axis=1) / cap  # equivalent hours
    greedy_burden = planner.greedy(solution_problem := problem([0] * n, cap, gaps,
                                                               days=list(np.repeat(np.arange(days), 3)))).sum(axis=1) / cap
    assert burden.max() - burden.min() <= planner.FAIR_STEP * burden.mean() + 1e-6
    assert planner.burden_cost(solution_problem, solution.shed_kw, solution.tier_totals_kw) <= \
        planner.burden_cost(solution_problem, planner.greedy(solution_problem), solution.tier_totals_kw)
    assert greedy_burden.max() >= burden.max() - 1e-6


def test_following_the_day_curve_costs_little_against_the_full_per_period_lp():
    rng = np.random.default_rng(5)
    n = 40
    cap = rng.uniform(20, 300, n)
    gaps = np.concatenate([np.array([0.1, 0.3, 0.45, 0.3, 0.15]) * cap.sum()] * 3)
    p = problem([0] * 10 + [1] * 30, cap, gaps, days=list(np.repeat(np.arange(3), 5)),
                history=list(rng.uniform(0, 400, n)))
    by_day, exact = planner.solve(p), planner.solve(p, by_day=False)
    cost_day = planner.burden_cost(p, by_day.shed_kw, by_day.tier_totals_kw)
    cost_exact = planner.burden_cost(p, exact.shed_kw, exact.tier_totals_kw)
    assert cost_exact <= cost_day + 1e-6 <= cost_exact * 1.05
    assert by_day.shed_kw.sum(axis=0) == pytest.approx(exact.shed_kw.sum(axis=0))


def test_same_input_gives_the_same_plan():
    args = ([0, 1, 1, 1], [80, 60, 60, 60], [100, 150, 90], [0, 0, 1])
    first = planner.solve(problem(*args[:3], days=args[3])).shed_kw
    assert np.array_equal(first, planner.solve(problem(*args[:3], days=args[3])).shed_kw)


def test_bad_input_is_refused():
    with pytest.raises(planner.PlannerError):
        planner.solve(problem([0], [-5], [10]))
    with pytest.raises(planner.PlannerError):
        planner.solve(problem([0], [5], [-10]))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([PROTECTED, 0, 1, 2]), st.floats(0, 300)), min_size=1, max_size=12),
       st.lists(st.floats(0, 1500), min_size=1, max_size=6), st.integers(1, 3))
def test_rules_hold_on_any_input(customers, gaps, days):
    tiers = [t for t, _ in customers]
    cap = np.array([c for _, c in customers])
    p = problem(tiers, cap, gaps, days=[k % days for k in range(len(gaps))])
    for by_day in (True, False):
        check_rules(planner.solve(p, by_day=by_day), tiers, cap, gaps)


def check_rules(solution, tiers, cap, gaps):
    shed = solution.shed_kw
    assert (shed >= 0).all() and (shed <= cap[:, None] + 1e-6).all()  # never beyond curtailable (security) load
    assert shed[np.array(tiers) == PROTECTED].sum() == 0  # protected tiers never shed
    assert shed.sum(axis=0) + solution.shortfall_kw == pytest.approx(np.array(gaps), abs=1e-4)
    for k in range(len(gaps)):  # strict tier order: a tier sheds only when every earlier tier is at its limit
        for rank in (1, 2):
            if shed[np.array(tiers) == rank, k].sum() > 1e-6:
                earlier = (np.array(tiers) >= 0) & (np.array(tiers) < rank)
                assert shed[earlier, k] == pytest.approx(cap[earlier], abs=1e-4)
