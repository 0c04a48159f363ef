"""Reliability indices for a province of 1M customers and 100k outages (one year) on PostgreSQL: the
ORM's `reliability_indices` (one conditional-aggregate query plus the customer count) against a plain SQL
aggregation of the same rows written by hand, in the same run; both must give the same SAIFI and SAIDI.
Also times the MED exclusion (two more grouped queries over six years of outages).

    python bench/repairs_indices.py               # 1,000,000 customers, 100,000 outages
    python bench/repairs_indices.py --scale 0.05  # quick check
"""
import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import DEFAULT_URL, build_units, setup  # noqa: E402

PLAIN_SQL = """
SELECT COUNT(*) FILTER (WHERE o.duration_minutes > %(t)s),
       SUM(o.customers_affected) FILTER (WHERE o.duration_minutes > %(t)s),
       SUM(o.customers_affected * o.duration_minutes) FILTER (WHERE o.duration_minutes > %(t)s),
       SUM(o.customers_affected) FILTER (WHERE o.duration_minutes <= %(t)s),
       (SELECT COUNT(*) FROM customers_customer c JOIN org_unit cu ON cu.id = c.station_id
         WHERE cu.path LIKE %(path)s)
  FROM repairs_outage o JOIN org_unit u ON u.id = o.station_id
 WHERE u.path LIKE %(path)s AND o.started_at >= %(t0)s AND o.started_at < %(t1)s
   AND NOT o.is_cancelled AND o.restored_at IS NOT NULL
"""


def load(customers: int, outages: int, year: int):
    from django.db import connection

    province, stations = build_units(3, 10, 4)
    ids = [s.pk for s in stations]
    with connection.cursor() as cur:
        cur.execute("INSERT INTO network_feeder (code, name, station_id, voltage_kv) "
                    "SELECT 'F' || s || '-' || k, 'F', s, 10 FROM unnest(%s::bigint[]) s, generate_series(1, 3) k",
                    [ids])
        cur.execute("""
            INSERT INTO customers_customer (account_number, name, customer_class, walk_in_category,
                is_protected_load, address, phone, station_id, created_at, updated_at)
            SELECT 'C' || i, '客户', 'resident', '', false, '地址', '', (%s::bigint[])[1 + i %% %s], now(), now()
              FROM generate_series(1, %s) i""", [ids, len(ids), customers])
        # The same rate of outages over the year and the five before it (the MED history): durations from
        # 0.5 min to 10 h, spread evenly on a log scale.
        cur.execute("""
            WITH f AS (SELECT array_agg(id ORDER BY id) AS ids FROM network_feeder),
                 t AS (SELECT make_timestamptz(%s - 5, 1, 1, 0, 0, 0, 'Asia/Shanghai')
                              + random() * interval '2191 days' AS start,
                              exp(ln(0.5) + random() * ln(1200)) AS minutes,
                              f.ids[1 + i %% array_length(f.ids, 1)] AS feeder_id
                         FROM generate_series(1, %s) i, f)
            INSERT INTO repairs_outage (kind, station_id, feeder_id, started_at, restored_at, duration_minutes,
                cause, cause_detail, area_description, customers_affected, is_cancelled, created_at)
            SELECT CASE WHEN random() < 0.1 THEN 'planned' ELSE 'unplanned' END, nf.station_id, nf.id, t.start,
                   t.start + t.minutes * interval '1 minute', t.minutes,
                   (ARRAY['equipment','weather','external','supply_shortage'])[1 + floor(random() * 4)::int],
                   '', '', 1 + floor(random() * 60)::int, false, now()
              FROM t JOIN network_feeder nf ON nf.id = t.feeder_id
        """, [year, outages * 6])
        cur.execute("ANALYZE")
    return province


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M customers and 100k outages a year")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection
    from django.utils import timezone

    from wanjia.repairs.models import Outage, ReliabilityStandard
    from wanjia.repairs.reliability import reliability_indices

    year = timezone.localdate().year - 1
    customers, outages = int(1_000_000 * args.scale), int(100_000 * args.scale)
    t0 = time.perf_counter()
    province = load(customers, outages, year)
    load_time = time.perf_counter() - t0
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    standard = ReliabilityStandard.objects.get(code="ieee-1366-2012")
    in_year = Outage.objects.filter(started_at__year=year).count()

    orm_time, ind = timed(lambda: reliability_indices(unit=province, start=start, end=end, standard=standard),
                          args.repeat)
    tz = timezone.get_current_timezone()
    params = {"t": standard.momentary_max_minutes, "path": province.path + "%",
              "t0": dt.datetime(year, 1, 1, tzinfo=tz), "t1": dt.datetime(year + 1, 1, 1, tzinfo=tz)}

    def plain():
        with connection.cursor() as cur:
            cur.execute(PLAIN_SQL, params)
            return cur.fetchone()

    sql_time, (n, ci, cmi, mci, total) = timed(plain, args.repeat)
    med_time, med_ind = timed(lambda: reliability_indices(unit=province, start=start, end=end, standard=standard,
                                                          exclude_med=True), max(1, args.repeat // 2))
    assert total == ind.customers_total and n == ind.sustained_events
    assert abs(ci / total - ind.saifi) < 1e-9 and abs(cmi / total - ind.saidi_minutes) < 1e-6
    print(f"reliability indices, PostgreSQL: {total:,} customers, {in_year:,} outages in {year} "
          f"({Outage.objects.count():,} with history), loaded in {load_time:.0f}s")
    print(f"  reliability_indices (ORM):  {orm_time * 1000:8.1f} ms   SAIFI {ind.saifi:.4f}  SAIDI "
          f"{ind.saidi_minutes:.1f} min  ASAI {ind.asai:.6f}")
    print(f"  plain SQL aggregation:      {sql_time * 1000:8.1f} ms   (same figures)")
    print(f"  ratio ORM/plain SQL: {orm_time / sql_time:.2f}x")
    print(f"  with MED exclusion (2.5β over 5 years): {med_time * 1000:8.1f} ms, "
          f"{len(med_ind.med.days)} major event days, T_MED {med_ind.med.threshold_minutes or 0:.2f} min")


if __name__ == "__main__":
    main()
