"""Writers that feed different KPIs, in opposite orders, in parallel transactions: neither fails (no
deadlock between summary locks) and the summaries still equal a rebuild."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from wanjia.core.testing import make_customer
from wanjia.kpi.tests.helpers import rebuilt_snapshot, snapshot
from wanjia.repairs.tests.helpers import intake


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_in_opposite_orders_neither_deadlock_nor_lose_a_change(tree):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    customer = make_customer(tree.a)
    # Both writers hold their first write's summary lock when they meet here; with one lock per KPI they
    # would then wait for each other's. The barrier gives up after a while: with one shared lock the
    # second writer is still waiting on the first one's lock and never arrives.
    barrier = threading.Barrier(2, timeout=3)

    def writer(customer_first: bool):
        steps = [lambda: make_customer(tree.a), lambda: intake(customer)]
        if not customer_first:
            steps.reverse()
        try:
            with transaction.atomic():
                steps[0]()
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    pass
                steps[1]()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(writer, [True, False]))  # re-raises a writer's error (a detected deadlock)
    assert snapshot() == rebuilt_snapshot()
