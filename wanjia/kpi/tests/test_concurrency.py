"""Writers that feed different KPIs, in parallel transactions: neither fails nor waits on the other over the
summaries (they only note stale keys; a worker folds them), and the summaries still equal a rebuild."""
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
    # Both writers have noted their first write's stale keys when they meet here. (When writers took summary
    # locks, per-KPI locks deadlocked here and one shared lock made the second writer wait: the barrier gives
    # up after a while.)
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_in_different_counties_never_wait_on_each_other(tree):
    """Each writer keeps its transaction open after its intake (its stale keys noted) until the other has
    done the same: if either waited on a lock the other holds, the barrier would give up."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    customers = {"a": make_customer(tree.a), "b": make_customer(tree.b)}
    barrier = threading.Barrier(2, timeout=20)
    met = []

    def writer(county):
        try:
            with transaction.atomic():
                intake(customers[county])
                make_customer(getattr(tree, county))
                barrier.wait()  # BrokenBarrierError fails the test
                met.append(county)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(writer, ["a", "b"]))
    assert sorted(met) == ["a", "b"]
    assert snapshot() == rebuilt_snapshot()
