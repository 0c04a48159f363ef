"""KPI benchmark: load repair orders, connection applications and customers into PostgreSQL with
generate_series (set-based INSERT ... SELECT, no Python rows), rebuild the daily summaries, then time the
provincial dashboard's data calls (p50/p95 over repeated runs) against the same figures computed by one
direct SQL query per KPI over the source tables, in the same run. The province and a county read daily and
monthly summary rows; a station (below the daily floor, `WANJIA_SUMMARY_DAILY_FLOOR`) reads its monthly rows
plus the part months from its own records. The run fails when any figure differs from the direct SQL.

    .venv/bin/python bench/kpi_dashboard.py --scale 1      # 10M orders, 1M applications, 1M customers
    .venv/bin/python bench/kpi_dashboard.py --scale 0.05   # a quick run

Every loader is skipped when its app's models are not installed yet.
"""
import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

# Timed as a production server runs (no per-query debug log), with a throw-away key for this process only.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "kpi-benchmark-throw-away-key")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import percentile, setup  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wanjia_kpi"
YEARS = 3  # records spread over the last three years


def timed(label, fn, *args, **kwargs):
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"  {label}: {time.perf_counter() - t0:.1f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 10M orders, 1M applications, 1M customers")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true",
                        help="time the dashboard on the data a previous run left (no load, no rebuild)")
    args = parser.parse_args()
    setup(args.database_url, fresh=not args.reuse)

    from django.db import connection

    assert connection.vendor == "postgresql", "the benchmark runs on PostgreSQL"
    if not args.reuse:
        load_and_rebuild(args.scale)
    if not measure(args.repeat):
        sys.exit("figures differ from the direct SQL")


def load_and_rebuild(scale: float) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from kpi_loaders import LOADERS
    from wanjia.kpi.registry import summarised
    from wanjia.kpi.services import rebuild

    print(f"scale {scale}: loading", flush=True)
    call_command("demo", scale=100, only_foundation=True, stdout=open("/dev/null", "w"))
    today = dt.date.today()
    first_day = today.replace(year=today.year - YEARS)
    with connection.cursor() as cur:
        for name, (target, loader) in LOADERS.items():
            count = int(target * scale)
            if loader.available():
                timed(f"{name}: {count:,} rows", loader.load, cur, count, first_day, today)
            else:
                print(f"  {name}: app not installed, skipped")
        cur.execute("VACUUM ANALYZE")  # as autovacuum leaves tables after a bulk load: statistics, visibility
    t0 = time.perf_counter()
    rebuild()
    rebuild_seconds = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM kpi_dailysummary), (SELECT count(*) FROM kpi_monthlysummary)")
        daily, monthly = cur.fetchone()
        cur.execute("SELECT u.kind, count(DISTINCT u.id), count(s.id) FROM org_unit u "
                    "LEFT JOIN kpi_dailysummary s ON s.unit_id = u.id GROUP BY u.kind ORDER BY count(s.id) DESC")
        by_kind = cur.fetchall()
        # Everything, not only the summaries: the rebuild stamped the assessment days of every order, stage and
        # hazard first (bulk writes skip them), and a station's reads go through those columns' indexes.
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT pg_total_relation_size('kpi_dailysummary'), pg_total_relation_size('kpi_monthlysummary'),"
                    " pg_database_size(current_database())")
        daily_bytes, monthly_bytes, database_bytes = cur.fetchone()
    print(f"rebuild of {len(summarised())} summarised KPIs: {rebuild_seconds:.1f} s, {daily:,} daily and "
          f"{monthly:,} monthly summary rows", flush=True)
    print("daily rows by unit kind (floor: " + settings.WANJIA_SUMMARY_DAILY_FLOOR + "): "
          + ", ".join(f"{kind} {rows:,} ({units} units)" for kind, units, rows in by_kind), flush=True)
    print(f"summary size: daily {daily_bytes / 2**20:,.0f} MiB, monthly {monthly_bytes / 2**20:,.0f} MiB "
          f"(with indexes) = {(daily_bytes + monthly_bytes) / database_bytes:.0%} of the database "
          f"({database_bytes / 2**20:,.0f} MiB)", flush=True)


def measure(repeat: int) -> bool:
    """Time each unit and period; True when every figure equals the direct SQL."""
    from django.db import connection

    from kpi_calls import dashboard_calls, direct_queries
    from wanjia.kpi.forms import preset_period
    from wanjia.org.models import Unit, UnitKind

    with connection.cursor() as cur:
        for table in ("customers_customer", "repairs_repairorder", "repairs_outage", "connections_application",
                      "connections_stagerecord"):
            cur.execute(f"SELECT count(*) FROM {table}")
            print(f"  {table}: {cur.fetchone()[0]:,} rows")
    today = dt.date.today()
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    county = Unit.objects.filter(kind=UnitKind.COUNTY).first()
    station = Unit.objects.filter(kind=UnitKind.STATION, path__startswith=county.path).first()
    equal = True
    for label, unit in (("province", province), ("county", county), ("station", station)):
        for preset in ("year", "month"):
            period = preset_period(preset, today)
            dashboard_calls(unit, period)  # warm-up: first-use caches (working-day calendar, query plans)
            dash, figures = [], None
            for _ in range(repeat):
                t0 = time.perf_counter()
                figures = dashboard_calls(unit, period)
                dash.append(time.perf_counter() - t0)
            direct, direct_figures = [], None
            for _ in range(max(3, repeat // 5)):
                t0 = time.perf_counter()
                direct_figures = direct_queries(unit, period)
                direct.append(time.perf_counter() - t0)
            mismatches = [c for c in direct_figures if not _close(direct_figures[c], figures.get(c))]
            equal = equal and not mismatches
            print(f"{label:<8} {preset:<5} dashboard p50 {statistics.median(dash) * 1000:7.1f} ms "
                  f"p95 {percentile(dash, .95) * 1000:7.1f} ms | direct SQL per KPI p50 "
                  f"{statistics.median(direct) * 1000:8.1f} ms p95 {percentile(direct, .95) * 1000:8.1f} ms | "
                  f"ratio direct/dashboard {statistics.median(direct) / statistics.median(dash):6.1f}x | "
                  f"figures equal: {'yes' if not mismatches else 'NO ' + ', '.join(mismatches)}", flush=True)
    return equal


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


if __name__ == "__main__":
    main()
