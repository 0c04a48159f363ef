"""What one REST intake costs, measured so that the machine's load does not change the figures: SQL statements
per create, CPU seconds per create of this Python process and of its PostgreSQL backend (process times, not
wall clock), and the cProfile entries that take the most of it.

The creates go through the real WSGI stack (`wanjia.wsgi.application`: every middleware, DRF, token auth,
`Idempotency-Key`) in this process, with DEBUG off, against a throw-away PostgreSQL database of its own, on
the same data as `bench/repairs_intake.py` (customers of 8 stations, the grouped `no_power` category).

    python bench/intake_profile.py                       # 300 warm-up, 500 timed creates, top 25
    python bench/intake_profile.py --creates 200 --top 40 --show-sql
"""
import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import setup  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/wanjia_intake_profile"


def backend_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of the PostgreSQL backend serving this connection (same host only)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--creates", type=int, default=500)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one create")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the database a run with --keep left")
    parser.add_argument("--dump", help="write the cProfile data to this file (for pstats or snakeviz)")
    args = parser.parse_args()

    os.environ["DEBUG"] = "false"  # DEBUG logs every statement: not what a server pays
    os.environ.setdefault("SECRET_KEY", "profile-only-secret")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # One connection for the whole run: the backend measured is the one that served every create.
    os.environ["DB_CONN_MAX_AGE"] = "86400"
    setup(args.database_url, fresh=not args.reuse)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from repairs_intake import prepare, wanjia_body
    from wanjia.wsgi import application

    if args.reuse:
        from rest_framework.authtoken.models import Token

        from wanjia.customers.models import Customer

        token = Token.objects.get(user__username="bench-counter").key
        accounts = list(Customer.objects.order_by("pk").values_list("account_number", flat=True))
    else:
        token, accounts, _stations = prepare(400)
    body = wanjia_body(accounts)

    def create(i: int) -> None:
        data = json.dumps(body(i)).encode()
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": "/api/v1/repairs/orders/", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(data)),
            "HTTP_AUTHORIZATION": f"Token {token}", "HTTP_IDEMPOTENCY_KEY": uuid.uuid4().hex,
            "wsgi.input": io.BytesIO(data), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status

        b"".join(application(environ, start_response))
        if not answer["status"].startswith("201"):
            raise SystemExit(f"create {i} answered {answer['status']}")

    n = 0
    for _ in range(args.warmup):  # today's counters and the outages exist, caches and imports are warm
        create(n)
        n += 1

    with CaptureQueriesContext(connection) as captured:
        for _ in range(20):
            create(n)
            n += 1
    per_create = len(captured.captured_queries) / 20
    if args.show_sql:
        last = captured.captured_queries[-round(per_create):]
        for q in last:
            print("   ", q["sql"][:160])

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    cpu0, db0, wall0 = time.process_time(), backend_cpu(backend), time.perf_counter()
    for _ in range(args.creates):
        create(n)
        n += 1
    cpu, db, wall = (time.process_time() - cpu0, backend_cpu(backend) - db0, time.perf_counter() - wall0)

    profiler = cProfile.Profile(time.process_time)  # CPU time: waits on PostgreSQL or the machine do not count
    profiler.enable()
    for _ in range(min(args.creates, 200)):
        create(n)
        n += 1
    profiler.disable()
    if args.dump:
        profiler.dump_stats(args.dump)

    print(f"statements per create: {per_create:.1f}")
    print(f"Python CPU per create: {cpu / args.creates * 1000:.2f} ms; PostgreSQL backend CPU per create: "
          f"{db / args.creates * 1000:.2f} ms; wall per create {wall / args.creates * 1000:.2f} ms "
          f"({args.creates} creates, load average {os.getloadavg()[0]:.1f})")
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.top)
        print(f"--- cProfile by {key} ({min(args.creates, 200)} creates) ---")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))

    connection.close()
    if not args.keep and not args.database_url.startswith("sqlite"):
        import psycopg

        base, name = args.database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
