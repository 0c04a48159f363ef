"""A storm (small scale; `bench/repairs_storm.py` is the full one): customers on many transformers of one
feeder call at once from parallel transactions. No deadlock, no duplicate outage, no lost call: every call is
an order, all of them in the one feeder-wide outage, numbers unique."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from wanjia.core.testing import make_customer
from wanjia.network.models import Transformer
from wanjia.repairs.models import Outage, RepairOrder
from wanjia.repairs.tests.helpers import intake

TRANSFORMERS, PER_TRANSFORMER, THREADS = 6, 4, 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_storm_under_one_feeder_groups_into_one_outage(tree):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    feeder = tree.a.feeder
    transformers = list(tree.a.transformers) + [
        Transformer.objects.create(code=f"ST{i}", name=f"风暴{i}号台区", feeder=feeder)
        for i in range(TRANSFORMERS - len(tree.a.transformers))]
    customers = []
    for transformer in transformers:
        for _ in range(PER_TRANSFORMER):
            customer = make_customer(tree.a)
            customer.transformer, customer.feeder = transformer, feeder
            customer.save()
            customers.append(customer)

    def call(customer):
        try:
            return intake(customer).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        ids = list(pool.map(call, customers))  # re-raises a caller's error (a detected deadlock)

    assert len(set(ids)) == len(customers) == RepairOrder.objects.count()
    assert RepairOrder.objects.values("number").distinct().count() == len(customers)
    outages = Outage.objects.filter(kind=Outage.Kind.UNPLANNED, feeder=feeder)
    assert outages.count() == 1
    outage = outages.get()
    assert not outage.transformers.exists()  # raised to the whole feeder
    assert set(RepairOrder.objects.values_list("outage_id", flat=True)) == {outage.pk}
