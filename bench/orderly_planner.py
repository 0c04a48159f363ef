"""Benchmark: plan a 20% supply gap for 50,000 enterprise customers over 24 hourly periods × 7 days with the
HiGHS planner, against a greedy baseline measured in the same run (time, and how far each lands from the LP
optimum of the same objective). Synthetic customers are generated in memory; no database needed.

    /work/main/.venv/bin/python bench/orderly_planner.py [--customers 50000] [--days 7] [--seed 1] [--exact]

"HiGHS" is the planner as the app runs it (one variable per customer and day, following the day's gap curve);
with --exact the full per-period LP runs too and becomes the optimum both are measured against.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wanjia.orderly import planner  # noqa: E402

# Hourly system load shape (share of the day's peak), a summer weekday in a south-western province.
DAY_SHAPE = np.array([0.62, 0.58, 0.56, 0.55, 0.56, 0.60, 0.68, 0.78, 0.88, 0.94, 0.97, 0.99,
                      0.95, 0.93, 0.96, 1.00, 0.99, 0.96, 0.94, 0.97, 0.98, 0.92, 0.80, 0.70])


def synthetic(customers: int, days: int, gap_share: float, rng: np.random.Generator) -> tuple[planner.Problem, float]:
    peak = rng.lognormal(mean=np.log(400), sigma=1.0, size=customers)  # kW
    security = peak * rng.uniform(0.05, 0.25, customers)
    curtailable = (peak - security) * rng.uniform(0.3, 0.8, customers)
    tier = rng.choice([planner.PROTECTED, 0, 1], p=[0.05, 0.12, 0.83], size=customers)
    history = np.where(rng.random(customers) < 0.2, curtailable * rng.uniform(0, 8, customers), 0.0)
    # Enterprises carry 60% of the system's peak; the rest (residents, protected users) is outside the plan.
    max_demand = peak.sum() / 0.6
    day_factor = rng.uniform(0.96, 1.0, days)
    demand = (day_factor[:, None] * DAY_SHAPE[None, :]).ravel() * max_demand
    supply = (1 - gap_share) * max_demand
    gap = np.maximum(demand - supply, 0.0)
    problem = planner.Problem(
        tier_rank=tier, curtailable_kw=curtailable, history_kwh=history,
        period_day=np.repeat(np.arange(days), 24), period_hours=np.ones(days * 24), gap_kw=gap,
        order=rng.permutation(customers))
    return problem, max_demand


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--gap", type=float, default=0.20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--exact", action="store_true",
                        help="also solve the full per-period LP (slow: minutes at 5,000 customers) to price the "
                             "day-curve restriction")
    args = parser.parse_args()
    problem, max_demand = synthetic(args.customers, args.days, args.gap, np.random.default_rng(args.seed))
    periods = len(problem.gap_kw)
    print(f"customers {args.customers}, periods {periods} ({args.days} days × 24 h), max demand "
          f"{max_demand / 1000:,.0f} MW, peak gap {problem.gap_kw.max() / 1000:,.0f} MW "
          f"({problem.gap_kw.max() / max_demand:.0%}), periods with a gap {int((problem.gap_kw > 0).sum())}")

    def solved(by_day):
        t0, c0 = time.perf_counter(), time.process_time()
        result = planner.solve(problem, threads=args.threads, by_day=by_day)
        return result, (time.perf_counter() - t0, time.process_time() - c0)

    solution, lp_seconds = solved(True)
    exact, exact_seconds = solved(False) if args.exact else (None, 0.0)
    for s in solution.lp_stats + (exact.lp_stats if exact else []):
        print(f"  tier {s['tier']}: {s['customers']} customers ({s['lp_customers']} in the LP) × {s['periods']} periods, "
              f"{s['columns']:,} columns "
              f"({s['master_columns']:,} in the final master after {s['rounds']} sifting rounds), {s['rows']:,} rows, "
              f"{s['iterations']} simplex iterations, {s['seconds']:.1f}s")

    t0, c0 = time.perf_counter(), time.process_time()
    greedy_shed = planner.greedy(problem)
    greedy_seconds = (time.perf_counter() - t0, time.process_time() - c0)

    def describe(name, shed, seconds):
        covered = shed.sum(axis=0)
        cap = np.where(problem.curtailable_kw > 0, problem.curtailable_kw, 1)
        burden = (problem.history_kwh + shed @ problem.period_hours) / cap
        active = problem.tier_rank != planner.PROTECTED
        last = problem.tier_rank == max(solution.tier_totals_kw)
        cost = planner.burden_cost(problem, shed, solution.tier_totals_kw)
        days_touched = np.zeros(len(cap), dtype=int)
        for d in range(args.days):
            days_touched += (shed[:, problem.period_day == d] > 1e-6).any(axis=1)
        touched = days_touched > 0
        print(f"{name:<7} {seconds[0]:7.2f}s wall {seconds[1]:7.2f}s CPU  objective {cost:16,.0f} "
              f"({cost / optimum - 1:+.2%} from optimum)  max burden {burden[active].max():5.1f} h (last tier "
              f"{burden[last].min():.1f}–{burden[last].max():.1f} h), "
              f"customers touched {int(touched.sum()):,}, mean days touched {days_touched[touched].mean():.2f}, "
              f"uncovered {max(0.0, (problem.gap_kw - covered - solution.shortfall_kw).max()):.3f} kW")
        return cost

    optimum = planner.burden_cost(problem, (exact or solution).shed_kw, solution.tier_totals_kw)
    if exact:
        describe("exact", exact.shed_kw, exact_seconds)
    describe("HiGHS", solution.shed_kw, lp_seconds)
    describe("greedy", greedy_shed, greedy_seconds)
    print(f"time ratio HiGHS / greedy: {lp_seconds[0] / greedy_seconds[0]:.1f}× wall, "
          f"{lp_seconds[1] / greedy_seconds[1]:.1f}× CPU; shortfall {solution.shortfall_kw.sum():.1f} kW")


if __name__ == "__main__":
    main()
