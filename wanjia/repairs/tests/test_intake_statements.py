"""The intake does only what the caller needs now: validate, route, number, deadline, the order with its
event, audit row and idempotency key, outage grouping; summaries and messages follow on a worker. An upper
bound on its SQL statements keeps it that way (a statement count, not a timing)."""
import time

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wanjia.commitments.models import PolicySet
from wanjia.core.testing import make_customer
from wanjia.org.models import User
from wanjia.repairs.models import FaultCategory, RepairOrder


def _post(client, customer, key):
    return client.post("/api/v1/repairs/orders/", {
        "channel": "api", "caller_name": "张三", "phone": "13800000000", "description": "停电",
        "category": "no_power", "account_number": customer.account_number}, format="json",
        HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def counter_client(tree):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=tree.a.users['counter']).key}")
    return client


@pytest.mark.django_db
def test_api_intake_stays_within_its_statement_budget(tree, counter_client, django_assert_max_num_queries):
    first, second = make_customer(tree.a), make_customer(tree.a)
    assert _post(counter_client, first, "k-0").status_code == 201  # today's counter and the outage exist now
    # Idempotency key look-up 1 and write 1, customer 1, counter 1, feeder lock 1, outages on the feeder
    # (planned and open) 1, order + history 2, stale keys 1, event 1: one transaction, no savepoint inside it;
    # 2 for the savepoint the test's transaction turns it into. The token with its user, unit and roles was
    # read by the first request (cached per process). It was 34 before the caches and the summary upkeep left
    # the request, 21 before the savepoints, the second key and outage statements and the token query went.
    with django_assert_max_num_queries(12):
        response = _post(counter_client, second, "k-1")
    assert response.status_code == 201
    assert [e["to_status"] for e in response.json()["events"]] == ["received"]
    assert RepairOrder.objects.get(pk=response.json()["id"]).outage_id is not None


@pytest.mark.django_db
def test_cached_configuration_follows_changes(tree, counter_client):
    customer = make_customer(tree.a)
    category = FaultCategory.objects.get(code="no_power")
    category.is_active = False
    category.save()
    refused = _post(counter_client, customer, "k-2")
    assert refused.status_code == 400 and "category" in refused.json()["fields"]
    category.is_active = True
    category.save()
    assert _post(counter_client, customer, "k-3").status_code == 201

    PolicySet.objects.update(is_active=False)
    policy = PolicySet.objects.first()
    policy.is_active = True
    policy.save()  # a save in this process forgets the cached policy at once
    created = _post(counter_client, customer, "k-4")
    assert RepairOrder.objects.get(pk=created.json()["id"]).policy_set == policy


@pytest.mark.django_db
def test_a_green_channel_customers_intake_costs_no_more(tree, counter_client, django_assert_max_num_queries):
    from wanjia.customers.models import GreenChannelKind

    hospital = GreenChannelKind.objects.get(code="hospital")
    first, second = make_customer(tree.a, green_channel=hospital), make_customer(tree.a, green_channel=hospital)
    assert _post(counter_client, first, "g-0").status_code == 201
    with django_assert_max_num_queries(12):  # the targets come with the cached policy set
        response = _post(counter_client, second, "g-1")
    assert response.status_code == 201 and response.json()["target_arrival_due"] is not None


@pytest.mark.django_db
def test_a_role_taken_away_counts_at_the_next_request(tree, counter_client):
    customer = make_customer(tree.a)
    assert _post(counter_client, customer, "r-0").status_code == 201
    tree.a.users["counter"].roles.clear()  # forgets the cached token in this process at once
    assert _post(counter_client, customer, "r-1").status_code == 403


@pytest.mark.django_db
def test_other_processes_read_a_role_taken_away_within_the_cache_time(tree, counter_client, monkeypatch):
    customer = make_customer(tree.a)
    assert _post(counter_client, customer, "t-0").status_code == 201
    # As another process sees it: the role is gone, and no signal told this process.
    User.roles.through.objects.filter(user=tree.a.users["counter"]).delete()
    assert _post(counter_client, customer, "t-1").status_code == 201
    later = time.monotonic() + 11
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert _post(counter_client, customer, "t-2").status_code == 403
