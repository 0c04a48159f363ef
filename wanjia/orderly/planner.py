"""The curtailment planner: who sheds how much load in each period, as linear programs solved by HiGHS.

numpy and highspy only (no Django), so the benchmark can run it on synthetic customers in memory.

The objective is lexicographic, in this order:
1. meet every period's gap (shortfall only where all curtailable load of every non-protected tier is used);
2. strict tier order: a tier sheds in a period only when every earlier tier is at its curtailable limit there;
3. fairness and rotation (轮休) inside a tier: the burden of each customer, counted in equivalent hours of
   full curtailment (kWh shed / curtailable kW) and including the rotation history of past plans, is costed by
   a convex piecewise-linear function weighted by the customer's curtailable load (so a marginal kWh costs the
   slope at the customer's current burden, whatever its size), so the LP evens the cumulative burden out
   across customers instead of leaning on the same enterprises day after day;
4. a deterministic tie-break: rotation groups (轮休组) of the customer order, preferred in a different order
   each day, so among equally fair plans different enterprises rest on different days.

Levels 1 and 2 have an exact answer per period (fill the tiers in priority order: with no other term in play,
any weighted objective that ranks the tiers strictly reaches the same totals), so they fix each tier's total
per period; levels 3 and 4 are then one LP per tier over `shed[c, p]` with those totals as equality rows
(`by_day=True`, what the app runs: one variable per customer and day, the customer following the day's gap
curve; see `_solve_tier_by_day`).
Solving tier by tier keeps the priority strict by construction, not by a big-M weight that could lose to
rounding, and keeps each LP smaller. Security load and protected tiers never enter: a customer's upper bound
is its curtailable load, and protected customers have no variables at all.
"""
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

PROTECTED = -1  # tier rank of customers that are never curtailed

# Fairness cost: the burden axis is cut into segments of FAIR_STEP × (the tier's fair level, i.e. its burden if
# spread in proportion to curtailable load) up to FAIR_SEGMENTS steps, then one open-ended segment; slope k on
# segment k. The result is fair to within one step (1/8 of the fair level).
FAIR_STEP = 1 / 8
FAIR_SEGMENTS = 16
# Tie-break weight per kWh: below the slope step (1 per kWh), so it only chooses among equally fair plans.
TIE_BREAK = 0.5
# Rotation groups of the tie-break: customers of one group with the same history share one LP customer.
ROTATION_GROUPS = 64
MIN_KW = 1e-3  # curtailable load below 1 W is treated as none (it would only add numerical noise)


class PlannerError(Exception):
    pass


@dataclass(frozen=True)
class Problem:
    tier_rank: np.ndarray  # per customer: 0 sheds first, then 1, ...; PROTECTED (-1) never sheds
    curtailable_kw: np.ndarray  # per customer; never includes security load
    history_kwh: np.ndarray  # per customer: load shed under past plans inside the rotation window
    period_day: np.ndarray  # per period: day index (0 = first day of the plan)
    period_hours: np.ndarray  # per period: length in hours
    gap_kw: np.ndarray  # per period: the shortfall to cover
    order: np.ndarray | None = None  # per customer: base tie-break order (default: input order)

    def __post_init__(self):
        n, p = len(self.tier_rank), len(self.gap_kw)
        for name, arr, size in (("curtailable_kw", self.curtailable_kw, n), ("history_kwh", self.history_kwh, n),
                                ("period_day", self.period_day, p), ("period_hours", self.period_hours, p)):
            if len(arr) != size:
                raise PlannerError(f"{name}: expected {size} values, got {len(arr)}")
        if (np.asarray(self.curtailable_kw) < 0).any() or (np.asarray(self.history_kwh) < 0).any():
            raise PlannerError("curtailable load and history must not be negative")
        if (np.asarray(self.gap_kw) < 0).any() or (np.asarray(self.period_hours) <= 0).any():
            raise PlannerError("gaps must not be negative and periods must have a positive length")


@dataclass
class Solution:
    shed_kw: np.ndarray  # (customers, periods)
    tier_totals_kw: dict[int, np.ndarray]  # tier rank -> per-period total
    shortfall_kw: np.ndarray  # per period: gap left uncovered (protected and security load stay whole)
    solve_seconds: float = 0.0
    lp_stats: list[dict] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not (self.shortfall_kw > 1e-6).any()


def tier_totals(problem: Problem) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """Levels 1 and 2: each tier's total per period, filling tiers in priority order, and the shortfall."""
    remaining = np.asarray(problem.gap_kw, dtype=float).copy()
    totals = {}
    usable = np.where(np.asarray(problem.curtailable_kw) >= MIN_KW, problem.curtailable_kw, 0.0)
    for rank in sorted(set(int(r) for r in problem.tier_rank) - {PROTECTED}):
        capacity = float(usable[problem.tier_rank == rank].sum())
        take = np.minimum(remaining, capacity)
        totals[rank] = take
        remaining = remaining - take
    return totals, np.where(remaining > 1e-9, remaining, 0.0)


def fairness_segments(fair_level: float) -> tuple[np.ndarray, np.ndarray]:
    """(widths, slopes) of the convex burden cost, in equivalent hours."""
    step = max(fair_level, 1e-3) * FAIR_STEP
    widths = np.append(np.full(FAIR_SEGMENTS, step), np.inf)
    return widths, np.arange(1, FAIR_SEGMENTS + 2, dtype=float)


def rotation_group(order: np.ndarray) -> np.ndarray:
    """Each customer's rotation group (轮休组): its place in `order`, cut into at most ROTATION_GROUPS chunks."""
    n = len(order)
    base = np.argsort(np.argsort(order, kind="stable"), kind="stable")
    return base * min(n, ROTATION_GROUPS) // max(n, 1)


def rotation_rank(order: np.ndarray, days: np.ndarray) -> np.ndarray:
    """(customers, periods) tie-break rank in [0, 1): the rotation groups in order, shifted by 1/days of the
    groups per day, so each day prefers a different group."""
    groups = min(len(order), ROTATION_GROUPS)
    n_days = int(days.max()) + 1 if len(days) else 1
    stride = -(-groups // n_days)
    return ((rotation_group(order)[:, None] - days[None, :] * stride) % groups) / groups


def burden_cost(problem: Problem, shed_kw: np.ndarray, totals: dict[int, np.ndarray]) -> float:
    """The level-3 and level-4 objective of a plan, to compare any allocation (e.g. a greedy one) with the LP."""
    cost = 0.0
    hours = np.asarray(problem.period_hours, dtype=float)
    order = problem.order if problem.order is not None else np.arange(len(problem.tier_rank))
    for rank, total in totals.items():
        idx = np.flatnonzero((problem.tier_rank == rank) & (problem.curtailable_kw >= MIN_KW))
        if not len(idx) or not total.any():
            continue
        cap = problem.curtailable_kw[idx]
        level = (float(total @ hours) + problem.history_kwh[idx].sum()) / cap.sum()
        widths, slopes = fairness_segments(level)
        burden = (problem.history_kwh[idx] + shed_kw[idx] @ hours) / cap
        edges = np.concatenate(([0.0], np.cumsum(widths[:-1])))
        filled = np.clip(burden[:, None] - edges[None, :], 0, widths[None, :])
        cost += float(((filled * slopes).sum(axis=1) * cap).sum())
        ranks = rotation_rank(order[idx], np.asarray(problem.period_day))
        cost += TIE_BREAK * float((ranks * shed_kw[idx] * hours).sum())
    return cost


def _solve_tier(problem: Problem, idx: np.ndarray, total: np.ndarray, threads: int) -> tuple[np.ndarray, dict]:
    """Levels 3 and 4 for one tier: shed[c, p] for the tier's customers `idx` in periods with a positive total.

    Rows: one per period (Σ_c shed = the tier's total), one per customer (Σ_p h·shed/u − Σ_s seg = −history,
    i.e. the segments add up to the customer's burden in equivalent hours). Columns: shed[c, p] ∈ [0, u_c] and
    seg[c, s] ∈ [0, width_s]. At 50k customers × 168 periods this has millions of columns, so it is solved by
    sifting (column generation): HiGHS solves a master LP over a subset of columns, every other column's reduced
    cost is priced from the duals in one numpy pass, the most negative ones join the master (warm start), and it
    stops when none is negative: then the master's optimum is the full LP's optimum.

    Customers with the same history (in equivalent hours) and rotation group are interchangeable, and enter
    the LP as one customer whose result they share in proportion to their curtailable load. This loses
    nothing: in any optimum, giving each of them the load-weighted mean of their equivalent hours keeps every
    row and bound, leaves the linear terms unchanged and cannot raise the convex fairness cost (Jensen)."""
    periods = np.flatnonzero(total > 1e-9)
    p = len(periods)
    member_cap = problem.curtailable_kw[idx].astype(float)
    member_history = problem.history_kwh[idx].astype(float) / member_cap  # equivalent hours
    order = problem.order[idx] if problem.order is not None else np.arange(len(idx))
    member_rank = rotation_rank(order, np.asarray(problem.period_day)[periods])
    keys, first, inverse = np.unique(np.column_stack((np.round(member_history, 9), rotation_group(order))),
                                     axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    cap = np.bincount(inverse, weights=member_cap)
    history = keys[:, 0]
    n = len(cap)
    hours = np.asarray(problem.period_hours, dtype=float)[periods]
    need = total[periods]
    level = (float(need @ hours) + problem.history_kwh[idx].sum()) / cap.sum()
    widths, slopes = fairness_segments(level)
    n_seg = len(widths)
    edges = np.concatenate(([0.0], np.cumsum(widths[:-1])))
    x_coef = hours[None, :] / cap[:, None]  # (n, p): shed kW -> equivalent hours
    x_cost = TIE_BREAK * member_rank[first] * hours[None, :]  # per kW
    seg_cost = slopes[None, :] * cap[:, None]  # (n, s)
    seg_upper = np.where(np.isinf(widths), highspy.kHighsInf, widths)

    # A feasible start: per period, customers in tie-break order until their load covers 1.5 × the total; per
    # customer, the segments its history fills, the next two, and the open-ended one (always feasible).
    in_x = np.zeros((n, p), dtype=bool)
    for k in range(p):
        by_rank = np.argsort(x_cost[:, k], kind="stable")
        enough = int(np.searchsorted(np.cumsum(cap[by_rank]), 1.5 * need[k])) + 1
        in_x[by_rank[:enough], k] = True
    in_seg = (edges[None, :] <= history[:, None] + 2 * widths[0]) | (np.arange(n_seg) == n_seg - 1)[None, :]

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", 0)  # same input, same plan
    h.setOptionValue("solver", "simplex")  # warm starts between sifting rounds
    rhs = np.concatenate((need, -history))
    h.addRows(p + n, rhs, rhs, 0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32), np.zeros(0))
    col_c, col_k, col_is_x = [], [], []

    def add(xc, xk, sc, ss):
        count = len(xc) + len(sc)
        costs = np.concatenate((x_cost[xc, xk], seg_cost[sc, ss]))
        upper = np.concatenate((cap[xc], seg_upper[ss]))
        starts = np.concatenate((np.arange(0, 2 * len(xc), 2), 2 * len(xc) + np.arange(len(sc)))).astype(np.int32)
        index = np.concatenate((np.column_stack((xk, p + xc)).ravel(), p + sc)).astype(np.int32)
        value = np.concatenate((np.column_stack((np.ones(len(xc)), x_coef[xc, xk])).ravel(), -np.ones(len(sc))))
        h.addCols(count, costs, np.zeros(count), upper, len(index), starts, index, value)
        col_c.extend((xc, sc))
        col_k.extend((xk, ss))
        col_is_x.extend((np.ones(len(xc), bool), np.zeros(len(sc), bool)))

    add(*np.nonzero(in_x), *np.nonzero(in_seg))
    started = time.perf_counter()
    rounds = 0
    batch = max(n + p, 5_000)
    while True:
        rounds += 1
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise PlannerError(f"HiGHS: {h.modelStatusToString(status)}")
        dual = np.asarray(h.getSolution().row_dual)
        # HiGHS reports duals so that reduced cost = cost − Aᵀ·dual.
        reduced_x = np.where(in_x, 0.0, x_cost - dual[None, :p] - dual[p:, None] * x_coef)
        reduced_seg = np.where(in_seg, 0.0, seg_cost + dual[p:, None])
        flat = np.concatenate((reduced_x.ravel(), reduced_seg.ravel()))
        candidates = np.flatnonzero(flat < -1e-7)
        if not len(candidates):
            break
        if len(candidates) > batch:
            candidates = candidates[np.argpartition(flat[candidates], batch)[:batch]]
        new_x, new_seg = candidates[candidates < n * p], candidates[candidates >= n * p] - n * p
        xc, xk = np.divmod(new_x, p)
        sc, ss = np.divmod(new_seg, n_seg)
        in_x[xc, xk] = True
        in_seg[sc, ss] = True
        add(xc, xk, sc, ss)
    elapsed = time.perf_counter() - started
    values = np.asarray(h.getSolution().col_value)
    is_x = np.concatenate(col_is_x)
    shed = np.zeros((n, len(total)))
    # Clean solver noise without breaking a bound: never below 0, never above the curtailable load.
    xc, xk, xv = np.concatenate(col_c)[is_x], np.concatenate(col_k)[is_x], values[is_x]
    shed[xc, periods[xk]] = np.clip(np.where(xv < 1e-6, 0.0, xv), 0.0, cap[xc])
    shed = shed[inverse] * (member_cap / cap[inverse])[:, None]
    info = h.getInfo()
    stats = {"customers": len(idx), "lp_customers": n, "periods": p, "columns": n * (p + n_seg), "master_columns": int(len(values)),
             "rows": p + n, "rounds": rounds, "seconds": elapsed, "iterations": info.simplex_iteration_count,
             "objective": info.objective_function_value}
    return shed, stats


def _solve_tier_by_day(problem: Problem, idx: np.ndarray, total: np.ndarray, threads: int):
    """Levels 3 and 4 with one variable per customer and day: its shed at the day's peak period of the tier,
    scaled down in the other periods in proportion to the tier's total there (the customer follows the day's
    gap curve). The per-period totals stay exact (Σ_c shed[c, p] = total[p]) and no bound can break
    (shed[c, p] ≤ shed at peak ≤ curtailable load). The objective depends on a customer's daily energy only,
    never on its hour, so this is the same LP restricted to plans in which each customer's day follows the
    curve; it is 24× smaller, which is what makes 50k customers × a week solvable in seconds. The full
    per-period LP (`by_day=False`) is kept to measure the price of that restriction."""
    days = np.asarray(problem.period_day)
    hours = np.asarray(problem.period_hours, dtype=float)
    day_ids = np.unique(days[total > 1e-9])
    peak = np.array([total[days == d].max() for d in day_ids])
    energy = np.array([(total * hours)[days == d].sum() for d in day_ids])
    daily = Problem(tier_rank=problem.tier_rank, curtailable_kw=problem.curtailable_kw,
                    history_kwh=problem.history_kwh, period_day=day_ids, period_hours=energy / peak, gap_kw=peak,
                    order=problem.order)
    at_peak, stats = _solve_tier(daily, idx, peak, threads)
    position = np.searchsorted(day_ids, days)
    known = np.isin(days, day_ids)
    share = np.where(known, total / peak[np.minimum(position, len(peak) - 1)], 0.0)
    shed = at_peak[:, np.minimum(position, len(peak) - 1)] * share[None, :]
    return np.minimum(shed, problem.curtailable_kw[idx, None]), stats


def solve(problem: Problem, *, threads: int = 1, by_day: bool = True) -> Solution:
    started = time.perf_counter()
    tier_rank = np.asarray(problem.tier_rank)
    totals, shortfall = tier_totals(problem)
    shed = np.zeros((len(tier_rank), len(problem.gap_kw)))
    stats = []
    for rank, total in totals.items():
        idx = np.flatnonzero((tier_rank == rank) & (problem.curtailable_kw >= MIN_KW))
        if not len(idx) or not (total > 1e-9).any():
            continue
        tier_shed, tier_stats = (_solve_tier_by_day if by_day else _solve_tier)(problem, idx, total, threads)
        shed[idx] = tier_shed
        stats.append({"tier": rank, **tier_stats})
    return Solution(shed, totals, shortfall, time.perf_counter() - started, stats)


def greedy(problem: Problem) -> np.ndarray:
    """Baseline for the benchmark: period by period, tier by tier, fully curtail the customers with the least
    burden so far (history included), ties by the same rotating order, until the gap is met."""
    n, periods = len(problem.tier_rank), len(problem.gap_kw)
    cap = np.asarray(problem.curtailable_kw, dtype=float)
    burden = np.asarray(problem.history_kwh, dtype=float) / np.where(cap > 0, cap, 1)
    order = problem.order if problem.order is not None else np.arange(n)
    shed = np.zeros((n, periods))
    totals, _ = tier_totals(problem)
    members = {tier: np.flatnonzero((problem.tier_rank == tier) & (cap >= MIN_KW)) for tier in totals}
    ranks = {tier: rotation_rank(order[idx], np.asarray(problem.period_day)) for tier, idx in members.items()}
    for p in range(periods):
        for tier, total in totals.items():
            need = total[p]
            if need <= 1e-9:
                continue
            idx = members[tier]
            picked = idx[np.lexsort((ranks[tier][:, p], burden[idx]))]
            cum = np.cumsum(cap[picked])
            k = min(int(np.searchsorted(cum, need - 1e-9)) + 1, len(picked))  # need ≤ Σcap, up to rounding
            chosen = picked[:k]
            shed[chosen, p] = cap[chosen]
            shed[chosen[-1], p] -= max(cum[k - 1] - need, 0.0)
        burden += shed[:, p] * problem.period_hours[p] / np.where(cap > 0, cap, 1)
    return shed
