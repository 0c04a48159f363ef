"""Intake throughput: fault reports POSTed to /api/v1/repairs/orders/ over HTTP (gunicorn, 2 worker
processes) by 16 concurrent clients on PostgreSQL, each with its own Idempotency-Key; p50/p99 latency.
Baseline in the same run: a raw single-row INSERT loop (autocommit, one statement per order row) of the
same number of rows through psycopg.

    python bench/repairs_intake.py                 # 2000 reports
    python bench/repairs_intake.py --requests 200  # quick check
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


def prepare(customers: int):
    from rest_framework.authtoken.models import Token

    from wanjia.customers.models import Customer
    from wanjia.network.models import Feeder, Transformer
    from wanjia.org.models import Role, User

    province, stations = build_units(1, 2, 4)
    rows, accounts = [], []
    for i, station in enumerate(stations):
        feeder = Feeder.objects.create(code=f"F{i}", name=f"F{i}", station=station)
        transformer = Transformer.objects.create(code=f"T{i}", name=f"T{i}", feeder=feeder)
        for k in range(customers // len(stations)):
            number = f"A{i:03d}{k:06d}"
            accounts.append(number)
            rows.append(Customer(account_number=number, name="客户", customer_class="resident", address="地址",
                                 station=station, feeder=feeder, transformer=transformer,
                                 latitude=station.latitude, longitude=station.longitude))
    Customer.objects.bulk_create(rows, batch_size=5000)
    user = User.objects.create(username="bench-counter", unit=province)
    user.roles.set(Role.objects.filter(code=Role.COUNTER))
    return Token.objects.create(user=user).key, accounts, stations


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-only-secret",
           "ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(REPO), "LOG_LEVEL": "WARNING"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--chdir", str(REPO),
                             "--log-level", "warning", "wanjia.wsgi"], env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def hammer(port: int, token: str, accounts: list[str], total: int, clients: int):
    latencies, failures, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def client():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps({"channel": "api", "caller_name": "基准", "phone": "13800000000",
                               "description": "停电", "category": "no_power",
                               "account_number": accounts[i % len(accounts)]})
            headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
                       "Idempotency-Key": uuid.uuid4().hex}
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", "/api/v1/repairs/orders/", body, headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if response.status != 201:
                    failures.append(response.status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, failures


def raw_inserts(url: str, total: int, station_id: int, customer_id: int) -> float:
    """The floor: one INSERT of an order row per statement, autocommit, no HTTP, no Django."""
    import psycopg

    from wanjia.commitments.services import active_policy_set
    from wanjia.repairs.models import FaultCategory

    policy, category = active_policy_set().pk, FaultCategory.objects.get(code="no_power").pk
    sql = ("INSERT INTO repairs_repairorder (number, channel, caller_name, phone, customer_id, address, description,"
           " category_id, urgency, station_id, status, policy_set_id, area_type, received_at, arrival_due,"
           " restoration_minutes, delay_reason, resolution, updated_at) VALUES (%s, 'api', '基准', '13800000000', %s,"
           " '', '停电', %s, 3, %s, 'received', %s, 'urban', now(), now() + interval '60 minutes', 180, '', '', now())")
    with psycopg.connect(url, autocommit=True) as conn:
        t0 = time.perf_counter()
        for i in range(total):
            conn.execute(sql, (f"RAW-{i}", customer_id, category, station_id, policy))
        return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    setup(args.database_url)
    token, accounts, stations = prepare(customers=4000)
    from django.db import connection

    connection.close()
    server = serve(args.database_url, args.port, args.workers)
    try:
        hammer(args.port, token, accounts, min(50, args.requests), 4)  # warm up both workers
        wall, latencies, failures = hammer(args.port, token, accounts, args.requests, args.clients)
    finally:
        server.terminate()
        server.wait()
    from wanjia.customers.models import Customer
    from wanjia.repairs.models import RepairOrder

    made = RepairOrder.objects.count()
    unique = RepairOrder.objects.values("number").distinct().count()
    raw = raw_inserts(args.database_url, args.requests, stations[0].pk, Customer.objects.first().pk)
    api_rate, raw_rate = args.requests / wall, args.requests / raw
    print(f"intake over HTTP: {args.requests} reports, {args.clients} clients, gunicorn -w {args.workers}, "
          f"PostgreSQL")
    print(f"  API:      {api_rate:8.1f} orders/s  p50 {percentile(latencies, 0.5) * 1000:6.1f} ms  "
          f"p99 {percentile(latencies, 0.99) * 1000:6.1f} ms  failures {len(failures)}")
    print(f"  raw loop: {raw_rate:8.1f} rows/s (single-row INSERT, autocommit, one connection)")
    print(f"  ratio raw/API: {raw_rate / api_rate:.1f}x; orders made {made} ({args.requests} + "
          f"{min(50, args.requests)} warm-up), numbers unique: {unique == made}")
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
