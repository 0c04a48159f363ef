"""Intake throughput: fault reports POSTed to /api/v1/repairs/orders/ over HTTP (gunicorn, 2 sync worker
processes, token auth) on PostgreSQL at 1, 16 and 32 concurrent clients, each report with its own
Idempotency-Key; creates per second and p50/p99 latency, with a summary worker running beside the server.

Baselines in the same run: django-helpdesk 2.6.1's ticket create (`POST /api/tickets/`), installed into a
throw-away virtual environment under /tmp, its project generated here, served by the same gunicorn settings
with token auth against its own database on the same PostgreSQL server, at the same client counts (ratio
Wanjia ÷ helpdesk printed per level); and a raw single-row INSERT loop through psycopg. Both servers run
side by side and take turns at each level (ABBA), so that a change in the machine's speed during the run
(a shared virtual machine's often does) falls on both.

    python bench/repairs_intake.py                          # 2 rounds of 1000 creates per level
    python bench/repairs_intake.py --requests 50 --rounds 1 # quick check
    python bench/repairs_intake.py --skip-helpdesk          # Wanjia only
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import textwrap
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
    return wait_http(proc, port, "/healthz")


def wanjia_body(accounts):
    return lambda i: {"channel": "api", "caller_name": "基准", "phone": "13800000000", "description": "停电",
                      "category": "no_power", "account_number": accounts[i % len(accounts)]}


def hammer(port: int, token: str, path: str, body, total: int, clients: int):
    """POST `body(i)` for i in 0..total-1 to `path` from `clients` threads (one keep-alive connection each)."""
    latencies, failures, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                conn.close()
                return
            headers = {"Authorization": f"Token {token}", "Content-Type": "application/json",
                       "Idempotency-Key": uuid.uuid4().hex}
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, json.dumps(body(i)), headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = type(exc).__name__
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if status != 201:
                    failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, latencies, failures


def wait_http(proc: subprocess.Popen, port: int, path: str) -> subprocess.Popen:
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"gunicorn on port {port} did not start")


HELPDESK_SETTINGS = """
import dj_database_url
INSTALLED_APPS += ["django.contrib.sites", "django.contrib.humanize", "rest_framework", "rest_framework.authtoken",
                   "helpdesk"]
SITE_ID = 1
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
HELPDESK_TEAMS_MODE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]}
MEDIA_ROOT = "/tmp/wanjia-helpdesk/media"
STATIC_ROOT = "/tmp/wanjia-helpdesk/static"
LOGGING = {"version": 1, "root": {"level": "WARNING"}}
"""

HELPDESK_URLS = """
from django.urls import include, path

urlpatterns = [path("", include("helpdesk.urls", namespace="helpdesk"))]
"""

HELPDESK_PREPARE = """
from django.contrib.auth import get_user_model
from helpdesk.models import Queue
from rest_framework.authtoken.models import Token

user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-only-password")
queue = Queue.objects.create(title="报修", slug="repairs")
print(Token.objects.create(user=user).key, queue.pk)
"""


class Helpdesk:
    """django-helpdesk 2.6.1 in a virtual environment and project made under /tmp at run time."""

    root = Path("/tmp/wanjia-helpdesk")

    def __init__(self, database_url: str, port: int, workers: int):
        self.url, self.port, self.workers = database_url, port, workers
        self.venv, self.project = self.root / "venv", self.root / "project"
        self.env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "hdproj.settings",
                    "PYTHONPATH": str(self.project)}
        for name in ("DEBUG", "SECRET_KEY", "VIRTUAL_ENV"):
            self.env.pop(name, None)

    def _bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def install(self) -> None:
        if not (self.venv / "bin" / "gunicorn").exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(self.venv)], check=True)
            subprocess.run([self._bin("python"), "-m", "pip", "install", "--quiet", "django-helpdesk==2.6.1",
                            "gunicorn", "psycopg[binary]", "dj-database-url"], check=True)
        if self.project.exists():
            subprocess.run(["rm", "-rf", str(self.project)], check=True)
        self.project.mkdir(parents=True)
        subprocess.run([self._bin("django-admin"), "startproject", "hdproj", str(self.project)], check=True)
        package = self.project / "hdproj"
        with open(package / "settings.py", "a", encoding="utf-8") as f:
            f.write("\nimport os\n" + HELPDESK_SETTINGS)
        (package / "urls.py").write_text(textwrap.dedent(HELPDESK_URLS), encoding="utf-8")

    def prepare(self) -> tuple[str, int]:
        from _django import _recreate

        _recreate(self.url)
        subprocess.run([self._bin("python"), "-m", "django", "migrate", "--verbosity", "0"], env=self.env,
                       check=True, cwd=self.project)
        out = subprocess.run([self._bin("python"), "-m", "django", "shell", "-c", HELPDESK_PREPARE], env=self.env,
                             check=True, cwd=self.project, capture_output=True, text=True).stdout.split()
        return out[-2], int(out[-1])

    def serve(self) -> subprocess.Popen:
        proc = subprocess.Popen([self._bin("gunicorn"), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
                                 "--chdir", str(self.project), "--log-level", "warning", "hdproj.wsgi"],
                                env=self.env)
        return wait_http(proc, self.port, "/api/tickets/")

    def count(self) -> tuple[int, int]:
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute("SELECT count(*), count(DISTINCT id) FROM helpdesk_ticket").fetchone()


def raw_inserts(url: str, total: int, station_id: int, customer_id: int) -> float:
    """The floor: one INSERT of an order row per statement, autocommit, no HTTP, no Django."""
    import psycopg

    from wanjia.commitments.services import active_policy_set
    from wanjia.repairs.models import FaultCategory

    policy, category = active_policy_set().pk, FaultCategory.objects.get(code="no_power").pk
    sql = ("INSERT INTO repairs_repairorder (number, channel, caller_name, phone, customer_id, address, description,"
           " category_id, urgency, station_id, needs_placing, status, policy_set_id, area_type, received_at,"
           " arrival_due, restoration_minutes, delay_reason, resolution, updated_at) VALUES (%s, 'api', '基准',"
           " '13800000000', %s, '', '停电', %s, 3, %s, false, 'received', %s, 'urban', now(),"
           " now() + interval '60 minutes', 180, '', '', now())")
    with psycopg.connect(url, autocommit=True) as conn:
        t0 = time.perf_counter()
        for i in range(total):
            conn.execute(sql, (f"RAW-{i}", customer_id, category, station_id, policy))
        return time.perf_counter() - t0


def report(name: str, clients: int, runs) -> float:
    """One line per system and level over its `runs` ((total, wall, latencies, failures) each): creates per
    second over all of them, latency percentiles over every request."""
    total, wall = sum(r[0] for r in runs), sum(r[1] for r in runs)
    latencies = [x for r in runs for x in r[2]]
    failures = [x for r in runs for x in r[3]]
    rate = total / wall
    print(f"  {name:9s} c={clients:<3d} {rate:8.1f} creates/s  p50 {percentile(latencies, 0.5) * 1000:7.1f} ms  "
          f"p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  failures {len(failures)}"
          + (f" {sorted(set(map(str, failures)))[:5]}" if failures else ""))
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--helpdesk-database-url", default=DEFAULT_URL.replace("wanjia_bench", "helpdesk_bench"))
    parser.add_argument("--requests", type=int, default=1000, help="creates per client level and round")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per client level")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 32])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--skip-helpdesk", action="store_true")
    parser.add_argument("--spread", action="store_true",
                        help="calls take turns over the 8 stations (by default, consecutive calls come from one"
                             " station's customers, as in a local outage, and queue on its counter and feeder)")
    args = parser.parse_args()
    warm = min(50, args.requests)
    helpdesk = None
    if not args.skip_helpdesk:
        helpdesk = Helpdesk(args.helpdesk_database_url, args.port + 1, args.workers)
        helpdesk.install()
        hd_token, queue = helpdesk.prepare()
    setup(args.database_url)
    token, accounts, stations = prepare(customers=4000)
    if args.spread:  # accounts come station by station: deal them out one station at a time
        per_station = len(accounts) // len(stations)
        accounts = [accounts[k * per_station + i] for i in range(per_station) for k in range(len(stations))]
    from django.db import connection

    connection.close()
    env = {**os.environ, "DATABASE_URL": args.database_url, "PYTHONPATH": str(REPO), "LOG_LEVEL": "WARNING",
           "DEBUG": "false", "SECRET_KEY": "bench-only-secret"}
    processes = [serve(args.database_url, args.port, args.workers), subprocess.Popen(
        [sys.executable, "-m", "wanjia", "db_worker", "--queue-name", "*", "--verbosity", "0"], env=env, cwd=REPO)]
    systems = [("Wanjia", args.port, token, "/api/v1/repairs/orders/", wanjia_body(accounts))]
    if helpdesk is not None:
        processes.append(helpdesk.serve())
        systems.append(("helpdesk", helpdesk.port, hd_token, "/api/tickets/",
                        lambda i: {"queue": queue, "title": f"停电 {i}", "description": "停电", "priority": 3}))
    spread = " (calls spread over 8 stations)" if args.spread else ""
    print(f"creates over HTTP{spread}: {args.requests} per level and round, {args.rounds} rounds alternating the"
          f" systems (a drift of the machine's speed falls on both), gunicorn -w {args.workers} (sync), token auth,"
          " PostgreSQL")
    rates = {name: {} for name, *_ in systems}
    loads = []
    try:
        for _name, port, key, path, body in systems:
            hammer(port, key, path, body, warm, 4)
        for clients in args.clients:
            runs = {name: [] for name, *_ in systems}
            for round_ in range(args.rounds):
                # ABBA: each system goes first in every other round.
                for name, port, key, path, body in (systems if round_ % 2 == 0 else systems[::-1]):
                    runs[name].append((args.requests, *hammer(port, key, path, body, args.requests, clients)))
                    loads.append(os.getloadavg()[0])
            for name, *_ in systems:
                rates[name][clients] = report(name, clients, runs[name])
    finally:
        for proc in processes:
            proc.terminate()
            proc.wait()
    from wanjia.customers.models import Customer
    from wanjia.repairs.models import RepairOrder

    expected = args.requests * args.rounds * len(args.clients) + warm
    made = RepairOrder.objects.count()
    unique = RepairOrder.objects.values("number").distinct().count()
    print(f"  Wanjia orders in the database: {made} of {expected} sent, numbers unique: {unique == made}")
    if helpdesk is not None:
        tickets, distinct = helpdesk.count()
        print(f"  helpdesk tickets in the database: {tickets} of {expected} sent (distinct ids {distinct})")
        for clients in args.clients:
            ratio = rates["Wanjia"][clients] / rates["helpdesk"][clients]
            print(f"  ratio Wanjia / helpdesk at c={clients}: {ratio:.2f}x")
    raw = raw_inserts(args.database_url, args.requests, stations[0].pk, Customer.objects.first().pk)
    print(f"  raw single-row INSERT loop: {args.requests / raw:.1f} rows/s")
    print(f"  load average while measured: {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
