"""Coverage computation (缴费难): nearest physical payment point for each village group.

Measures the k-d tree on 3-D unit vectors (wanjia.payments.coverage.nearest) against the brute-force
baseline (haversine from every village to every point, vectorised in numpy chunks) on the same data in the
same run, checks that both give the same distances, and prints the timings and their ratio.

    /work/main/.venv/bin/python bench/payments_coverage.py [--points 10000] [--villages 50000]
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wanjia.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("WANJIA_DATA_DIR", "/tmp/wanjia-bench")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from wanjia.payments.coverage import nearest, nearest_brute_force  # noqa: E402

# The demo province's bounding box: a mountainous south-western province.
LAT0, LAT1, LON0, LON1 = 22.5, 28.5, 98.0, 106.0


def best_of(fn, repeat):
    times, result = [], None
    for _i in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--villages", type=int, default=50_000)
    parser.add_argument("--limit-km", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    points = np.column_stack((rng.uniform(LAT0, LAT1, args.points), rng.uniform(LON0, LON1, args.points)))
    villages = np.column_stack((rng.uniform(LAT0, LAT1, args.villages), rng.uniform(LON0, LON1, args.villages)))

    t_tree, (d_tree, i_tree) = best_of(lambda: nearest(villages, points), 3)
    t_brute, (d_brute, i_brute) = best_of(lambda: nearest_brute_force(villages, points), 1)
    max_diff = float(np.abs(d_tree - d_brute).max())
    same_point = float(np.mean(i_tree == i_brute))
    difficult = int((d_tree > args.limit_km).sum())

    print(f"payment points: {args.points:,}   villages: {args.villages:,}")
    print(f"k-d tree (unit vectors, chord -> great circle): {t_tree * 1000:9.1f} ms (best of 3)")
    print(f"brute force (numpy haversine, all pairs):        {t_brute * 1000:9.1f} ms")
    print(f"speed-up: {t_brute / t_tree:.0f}x")
    print(f"largest distance difference: {max_diff:.2e} km; same nearest point for {same_point:.4%} of villages")
    print(f"villages beyond {args.limit_km} km (缴费难): {difficult:,}")
    if max_diff > 1e-6:
        sys.exit("k-d tree and brute force disagree")


if __name__ == "__main__":
    main()
