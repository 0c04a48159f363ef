"""Deadlines and on-time figures for N connection applications (default 200 000), through the functions the
services use (`connections.services.stage_deadline` → `core.worktime.deadline`, with pauses), against a
baseline measured in the same run: a plain loop stepping day by day over a precomputed set of working days.

    /work/main/.venv/bin/python bench/connections_deadlines.py [--applications 200000] [--seed 7]

Prints applications per second for both and the ratio. Both paths must agree on every stage without a
pause (checked); with pauses the baseline only shifts by whole paused working days, so it is the cheaper,
rougher method Wanjia's exact clock is compared with."""
import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# stage → class → working days, as seeded by commitments (the regulator-2010 policy set)
LIMITS = {
    "supply_plan": {"resident": 3, "lv_non_resident": 8, "hv_single": 20, "hv_dual": 45},
    "design_review": {"lv_non_resident": 8, "hv_single": 20, "hv_dual": 20},
    "intermediate_inspection": {"lv_non_resident": 3, "hv_single": 5, "hv_dual": 5},
    "completion_inspection": {"resident": 5, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
    "metering": {"resident": 3, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
}
CLASSES = [("resident", 0.5), ("lv_non_resident", 0.3), ("hv_single", 0.15), ("hv_dual", 0.05)]


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    data_dir = tempfile.mkdtemp(prefix="wanjia-bench-connections-")
    os.environ.update({"DJANGO_SETTINGS_MODULE": "wanjia.settings", "DEBUG": "true", "WANJIA_DATA_DIR": data_dir})
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "core", verbosity=0)  # the calendar overrides table is all the clock reads


def workload(n: int, seed: int):
    """Applications as (class, [(stage, limit, start, finish, pauses)]), in 2025-2027 local time."""
    from django.utils import timezone

    rng = random.Random(seed)
    origin = timezone.make_aware(dt.datetime(2025, 1, 2, 9))
    apps = []
    for _ in range(n):
        roll, acc, cls = rng.random(), 0.0, CLASSES[-1][0]
        for name, weight in CLASSES:
            acc += weight
            if roll < acc:
                cls = name
                break
        cursor = origin + dt.timedelta(days=rng.uniform(0, 700), hours=rng.uniform(0, 9))
        stages = []
        for stage, by_class in LIMITS.items():
            limit = by_class.get(cls)
            if limit is None:
                continue
            length = dt.timedelta(days=limit * rng.uniform(0.4, 1.8))
            pauses = []
            if rng.random() < 0.2:
                p_start = cursor + dt.timedelta(hours=rng.uniform(1, 30))
                pauses.append((p_start, p_start + dt.timedelta(days=rng.uniform(1, 6))))
                length += pauses[0][1] - pauses[0][0]
            stages.append((stage, limit, cursor, cursor + length, pauses))
            cursor += length
        apps.append((cls, stages))
    return apps


def run_wanjia(apps):
    from wanjia.connections.services import stage_deadline

    on_time, total, dues = {}, {}, []
    for _cls, stages in apps:
        for stage, limit, start, finish, pauses in stages:
            due = stage_deadline(start, limit, pauses)
            dues.append(due)
            total[stage] = total.get(stage, 0) + 1
            on_time[stage] = on_time.get(stage, 0) + (finish <= due)
    return {s: on_time[s] / total[s] for s in total}, dues


def run_baseline(apps, working: set[dt.date]):
    """Step day by day from the day after the start until N working days have passed; end of that day.
    Pauses add their whole working days (the same loop)."""
    from django.utils import timezone

    on_time, total, dues = {}, {}, []
    one = dt.timedelta(days=1)
    for _cls, stages in apps:
        for stage, limit, start, finish, pauses in stages:
            need = limit
            for p_start, p_end in pauses:
                day, last = timezone.localtime(p_start).date(), timezone.localtime(p_end).date()
                while day < last:
                    day += one
                    need += day in working
            day, counted = timezone.localtime(start).date(), 0
            while counted < need:
                day += one
                counted += day in working
            due = timezone.make_aware(dt.datetime.combine(day + one, dt.time()))
            dues.append(due)
            total[stage] = total.get(stage, 0) + 1
            on_time[stage] = on_time.get(stage, 0) + (finish <= due)
    return {s: on_time[s] / total[s] for s in total}, dues


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from wanjia.core import worktime

    cal = worktime.get_calendar()  # built once per process (cached), like in the server
    working = {dt.date.fromordinal(o) for o in cal.workdays}
    t0 = time.perf_counter()
    apps = workload(args.applications, args.seed)
    stages = sum(len(s) for _, s in apps)
    print(f"workload: {args.applications} applications, {stages} limited stages "
          f"({time.perf_counter() - t0:.1f}s to generate)")

    t0 = time.perf_counter()
    rates, dues = run_wanjia(apps)
    wanjia_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    base_rates, base_dues = run_baseline(apps, working)
    base_s = time.perf_counter() - t0

    flat = [st for _, s in apps for st in s]
    unpaused = [i for i, st in enumerate(flat) if not st[4]]
    mismatches = sum(dues[i] != base_dues[i] for i in unpaused)
    print(f"agreement on {len(unpaused)} stages without pauses: {len(unpaused) - mismatches} equal, "
          f"{mismatches} differ")
    for stage in LIMITS:
        print(f"  on-time {stage:<24} wanjia {rates[stage]:.4f}  baseline {base_rates[stage]:.4f}")
    print(f"wanjia (worktime.deadline, exact pauses): {wanjia_s:.2f}s, {args.applications / wanjia_s:,.0f} "
          f"applications/s")
    print(f"baseline (day loop over a working-day set): {base_s:.2f}s, {args.applications / base_s:,.0f} "
          f"applications/s")
    print(f"ratio wanjia/baseline throughput: {base_s / wanjia_s:.2f}x")
    if mismatches:
        sys.exit("deadlines disagree with the baseline on stages without pauses")


if __name__ == "__main__":
    main()
