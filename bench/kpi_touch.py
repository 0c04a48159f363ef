"""What keeping the KPI summaries up to date costs a writer: repair orders taken through their life (intake,
dispatch, arrival, restoration) on the demo's unit tree, with the summary signal handlers connected, against
the same orders with them disconnected (the baseline), in the same run. Prints SQL statements and
milliseconds per order for both.

The database first holds `--background` orders over the last 30 days (about 10,000 a day province-wide at the
default, the daily volume of the KPI benchmark's 10M orders over three years), so that recomputing a day
costs what it costs in production.

    .venv/bin/python bench/kpi_touch.py --orders 300
"""
import argparse
import datetime as dt
import statistics
import time

from _django import DEFAULT_URL, percentile, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--background", type=int, default=300_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    setup(args.database_url)

    from django.core.management import call_command

    call_command("demo", scale=2000, only_foundation=True, stdout=open("/dev/null", "w"))
    load_background(args.background)
    run(20, 0, summaries=True)  # warm-up: first-use caches, query plans
    with_summaries = run(args.orders, 20, summaries=True)
    without = run(args.orders, 20 + args.orders, summaries=False)
    for label, (statements, times) in (("with summaries", with_summaries), ("baseline, no summaries", without)):
        print(f"{label:<24} {statements:6.1f} statements/order | p50 {statistics.median(times) * 1000:6.1f} ms "
              f"p95 {percentile(times, .95) * 1000:6.1f} ms per order")
    print(f"summary upkeep: +{with_summaries[0] - without[0]:.1f} statements/order, ratio with/without (p50 time) "
          f"{statistics.median(with_summaries[1]) / statistics.median(without[1]):.2f}x")


def load_background(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from kpi_loaders import RepairLoader
    from wanjia.kpi.services import rebuild

    today = timezone.localdate()
    first = today - dt.timedelta(days=30)
    with connection.cursor() as cur:
        RepairLoader.load(cur, count, first, today)
        # Calls from inside a planned outage are answered, not dispatched: keep the timed orders dispatchable.
        cur.execute("DELETE FROM repairs_outage WHERE kind = 'planned'")
    rebuild(first, today)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"background: {count:,} orders over {first}..{today}, summaries rebuilt", flush=True)


def run(count: int, offset: int, *, summaries: bool):
    from django.db import connection, reset_queries
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from wanjia.core.testing import make_user
    from wanjia.customers.models import Customer
    from wanjia.org.models import Role
    from wanjia.repairs.models import Crew, FaultCategory
    from wanjia.repairs.services import order_arrive, order_dispatch, order_intake, order_restore

    if not summaries:
        for sig in (pre_save, post_save, pre_delete, post_delete):
            sig.receivers = [r for r in sig.receivers if not str(r[0][0]).startswith("kpi-summary-")]
            sig.sender_receivers_cache.clear()
    customers = list(Customer.objects.select_related("station").order_by("pk")[offset:offset + count])
    category = FaultCategory.objects.filter(groups_into_outage=False).first() or FaultCategory.objects.first()
    actors, crews = {}, {}
    statements, times = 0, []
    for customer in customers:
        county = customer.station.get_parent()
        if county.pk not in actors:
            tag = f"{offset}-{county.pk}"
            actors[county.pk] = make_user(f"bench-{tag}", county, Role.DISPATCHER, Role.CREW)
            crews[county.pk] = Crew.objects.create(name=f"班组{tag}", station=customer.station)
            crews[county.pk].members.add(actors[county.pk])
        actor, crew = actors[county.pk], crews[county.pk]
        now = timezone.now() - dt.timedelta(hours=2)
        reset_queries()  # the debug log keeps at most 9,000 statements
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            order = order_intake(channel="phone_95598", caller_name="客户", phone=customer.phone, description="停电",
                                 category=category.code, account_number=customer.account_number, actor=actor,
                                 received_at=now)
            order_dispatch(order=order, crew=crew, actor=actor, at=now + dt.timedelta(minutes=2))
            order_arrive(order=order, actor=actor, at=now + dt.timedelta(minutes=30))
            order_restore(order=order, actor=actor, resolution="更换熔丝", at=now + dt.timedelta(minutes=80))
            times.append(time.perf_counter() - t0)
        statements += len(queries)
    return statements / len(customers), times


if __name__ == "__main__":
    main()
