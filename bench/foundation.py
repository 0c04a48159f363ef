"""Foundation benchmark: `wanjia demo --scale N` (customers per second, against a raw bulk COPY of the same
rows in the same run) and the subtree query on the full tree (materialised path, against a recursive CTE
over parent links in the same run).

    .venv/bin/python bench/foundation.py --scale 1000000
"""
import argparse
import io
import os
import statistics
import time

from _django import DEFAULT_URL, percentile, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup(args.database_url)
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    from django.core.management import call_command
    from django.db import connection

    from wanjia.customers.models import Customer
    from wanjia.org.models import Unit

    out = io.StringIO()
    t0 = time.perf_counter()
    call_command("demo", scale=args.scale, only_foundation=True, stdout=out)
    total = time.perf_counter() - t0
    customers_line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("customers:"))
    demo_seconds = float(customers_line.split(":")[1].strip().rstrip("s"))
    print(f"demo --scale {args.scale}: {total:.1f} s in all; customers and network {demo_seconds:.1f} s, "
          f"{args.scale / demo_seconds:,.0f} customers/s")

    if connection.vendor == "postgresql":
        columns = [f.column for f in Customer._meta.concrete_fields]
        names = ", ".join(columns)
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE raw_customer (LIKE customers_customer INCLUDING DEFAULTS)")
            cur.execute(f"SELECT {names} FROM customers_customer")
            rows = cur.fetchall()
            t0 = time.perf_counter()
            with cur.connection.cursor().copy(f"COPY raw_customer ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw_seconds = time.perf_counter() - t0
        print(f"raw COPY of the same {len(rows):,} rows: {raw_seconds:.1f} s, {len(rows) / raw_seconds:,.0f} rows/s")
        print(f"ratio demo/raw (time): {demo_seconds / raw_seconds:.1f}x")

    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # fresh statistics after the bulk load, as a real load job would leave them

    # Subtree query: count a unit's customers at each depth.
    targets = [Unit.objects.get(kind="province"), Unit.objects.filter(kind="prefecture").first(),
               Unit.objects.filter(kind="county").first(), Unit.objects.filter(kind="station").first()]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE unit_parent AS SELECT u.id, p.id AS parent_id FROM org_unit u "
                    "LEFT JOIN org_unit p ON p.path = substr(u.path, 1, length(u.path) - 4)")
    for unit in targets:
        path_times, cte_times = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            n_path = Customer.objects.filter(station__in=unit.subtree().values("pk")).count()
            path_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute("WITH RECURSIVE sub(id) AS (SELECT CAST(%s AS bigint) UNION ALL SELECT up.id FROM unit_parent up "
                            "JOIN sub ON up.parent_id = sub.id) SELECT count(*) FROM customers_customer c "
                            "WHERE c.station_id IN (SELECT id FROM sub)", [unit.id])
                n_cte = cur.fetchone()[0]
            cte_times.append(time.perf_counter() - t0)
        assert n_path == n_cte, (n_path, n_cte)
        p50, p50c = statistics.median(path_times), statistics.median(cte_times)
        print(f"subtree {unit.kind:<10} {n_path:>9,} customers: path p50 {p50 * 1000:7.1f} ms "
              f"p95 {percentile(path_times, .95) * 1000:7.1f} ms ({n_path / p50:,.0f} rows/s); recursive CTE p50 "
              f"{p50c * 1000:7.1f} ms; ratio path/CTE {p50 / p50c:.2f}")


if __name__ == "__main__":
    main()
