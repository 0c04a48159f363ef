"""A storm: `--calls` fault reports (2,000) in `--seconds` (120) from customers on many transformers of one
feeder, POSTed over HTTP (gunicorn, 2 workers) by `--clients` concurrent callers at a steady rate, with a
worker folding the summaries beside it. Counts what arrived against what was sent: every call an order (none
lost, none doubled), all of them in one feeder-wide outage (no duplicate outage), numbers unique, no
deadlock (a deadlock is a 5xx). Baseline in the same run: the same calls as plain single-row INSERTs.

    python bench/repairs_storm.py                          # 2000 calls in 120 s
    python bench/repairs_storm.py --calls 50 --seconds 10  # quick check
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import DEFAULT_URL, REPO, build_units, percentile, setup  # noqa: E402
from repairs_intake import raw_inserts, serve  # noqa: E402


def prepare(transformers: int, per_transformer: int):
    from rest_framework.authtoken.models import Token

    from wanjia.customers.models import Customer
    from wanjia.network.models import Feeder, Transformer
    from wanjia.org.models import Role, User

    province, stations = build_units(1, 1, 1)
    station = stations[0]
    feeder = Feeder.objects.create(code="STORM", name="风暴线", station=station)
    rows = []
    for t in range(transformers):
        transformer = Transformer.objects.create(code=f"ST{t:03d}", name=f"{t}号台区", feeder=feeder)
        rows += [Customer(account_number=f"S{t:03d}{k:05d}", name="客户", customer_class="resident", address="地址",
                          station=station, feeder=feeder, transformer=transformer, latitude=station.latitude,
                          longitude=station.longitude) for k in range(per_transformer)]
    Customer.objects.bulk_create(rows, batch_size=5000)
    user = User.objects.create(username="bench-storm", unit=province)
    user.roles.set(Role.objects.filter(code=Role.COUNTER))
    return Token.objects.create(user=user).key, [c.account_number for c in rows], feeder, station


def storm(port: int, token: str, accounts: list[str], calls: int, seconds: float, clients: int):
    """Call i is due at start + i × seconds / calls; a caller takes the next due call (late calls go at once)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(calls))
    start = time.perf_counter()

    def caller():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            delay = start + i * seconds / calls - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps({"channel": "phone_95598", "caller_name": "来电", "phone": "13800000000",
                               "description": "停电", "category": "no_power",
                               "account_number": accounts[i % len(accounts)]})
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/repairs/orders/", body, {
                    "Authorization": f"Token {token}", "Content-Type": "application/json",
                    "Idempotency-Key": uuid.uuid4().hex})
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = "connection error"
            with lock:
                latencies.append(time.perf_counter() - t0)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=caller) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, statuses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL.replace("wanjia_bench", "wanjia_bench_storm"))
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--transformers", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8732)
    args = parser.parse_args()
    setup(args.database_url)
    token, accounts, feeder, station = prepare(args.transformers, max(1, args.calls // args.transformers))
    from django.db import connection

    connection.close()
    server = serve(args.database_url, args.port, args.workers)
    env = {**os.environ, "DATABASE_URL": args.database_url, "PYTHONPATH": str(REPO), "LOG_LEVEL": "WARNING",
           "DEBUG": "false", "SECRET_KEY": "bench-only-secret"}  # DEBUG would make the worker auto-reload
    worker = subprocess.Popen([sys.executable, "-m", "wanjia", "db_worker", "--queue-name", "*", "--verbosity", "0"],
                              env=env, cwd=REPO)
    try:
        wall, latencies, statuses = storm(args.port, token, accounts, args.calls, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait()
    from wanjia.kpi.models import StaleKey
    from wanjia.repairs.models import Outage, RepairOrder

    waited = time.perf_counter()
    while StaleKey.objects.exists() and time.perf_counter() - waited < 120:
        time.sleep(0.5)
    drained = time.perf_counter() - waited
    worker.terminate()
    worker.wait()
    orders = RepairOrder.objects.filter(station=station)
    made, unique = orders.count(), orders.values("number").distinct().count()
    outages = Outage.objects.filter(feeder=feeder, kind=Outage.Kind.UNPLANNED)
    grouped = orders.filter(outage__in=outages).count()
    raw = raw_inserts(args.database_url, args.calls, station.pk, orders.first().customer_id if made else None)
    rate, raw_rate = args.calls / wall, args.calls / raw
    print(f"storm over HTTP: {args.calls} calls in {args.seconds:.0f} s planned, {args.clients} callers, "
          f"{args.transformers} transformers on one feeder, gunicorn -w {args.workers}, PostgreSQL")
    print(f"  took {wall:.1f} s ({rate:.1f} calls/s)  p50 {percentile(latencies, 0.5) * 1000:.1f} ms  "
          f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms  answers {statuses}")
    print(f"  sent {args.calls}, orders {made} (lost {args.calls - made}), numbers unique: {unique == made}")
    print(f"  outages on the feeder: {outages.count()} (want 1), orders in it: {grouped} of {made}")
    print(f"  summaries folded {drained:.1f} s after the last call (stale keys left: {StaleKey.objects.count()})")
    print(f"  baseline: single-row INSERT loop {raw_rate:.1f} rows/s; API/raw = {rate / raw_rate:.3f}")
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = made == args.calls == statuses.get(201, 0) and unique == made and outages.count() == 1 and grouped == made
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
