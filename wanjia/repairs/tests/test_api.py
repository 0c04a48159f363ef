import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wanjia.core.testing import api_client, make_customer
from wanjia.org.models import Role
from wanjia.repairs.models import RepairOrder
from wanjia.repairs.tests.helpers import crew_for, intake, png

URL = "/api/v1/repairs/orders/"


def report(customer, **extra):
    return {"channel": "api", "caller_name": "李四", "phone": "13911112222", "description": "停电了",
            "category": "no_power", "account_number": customer.account_number, **extra}


def test_intake_with_idempotency_key_never_makes_two_orders(tree):
    client = api_client(tree.a.users[Role.COUNTER])
    customer = make_customer(tree.a)
    first = client.post(URL, report(customer), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(URL, report(customer), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["number"] == again.json()["number"]
    assert RepairOrder.objects.count() == 1
    other = client.post(URL, report(customer, description="另一件事"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert RepairOrder.objects.count() == 1


def test_bad_intake_answers_400_with_field_messages(tree):
    client = api_client(tree.a.users[Role.COUNTER])
    response = client.post(URL, report(make_customer(tree.a), account_number="X999", phone=""), format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "phone" in fields and "account_number" in fields
    assert not RepairOrder.objects.exists()


def test_scope_county_b_sees_none_of_a(tree):
    order = intake(make_customer(tree.a))
    a, b = api_client(tree.a.users[Role.DISPATCHER]), api_client(tree.b.users[Role.DISPATCHER])
    assert [o["number"] for o in a.get(URL).json()["results"]] == [order.number]
    assert b.get(URL).json()["results"] == []
    assert b.get(f"{URL}{order.pk}/").status_code == 404
    crew_b = crew_for(tree.b)
    assert b.post(f"{URL}{order.pk}/dispatch/", {"crew": crew_b.pk}, format="json").status_code == 404
    assert api_client(None).get(URL).status_code in (401, 403)


def test_intake_into_another_county_is_refused(tree):
    response = api_client(tree.b.users[Role.COUNTER]).post(URL, report(make_customer(tree.a)), format="json")
    assert response.status_code == 403
    assert not RepairOrder.objects.exists()


def test_transitions_over_the_api(tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=30))
    dispatcher, crew = api_client(tree.a.users[Role.DISPATCHER]), api_client(tree.a.users[Role.CREW])
    response = dispatcher.post(f"{URL}{order.pk}/dispatch/", {"crew": crew_for(tree.a).pk}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "dispatched"
    early = (order.received_at - dt.timedelta(minutes=5)).isoformat()
    response = crew.post(f"{URL}{order.pk}/arrive/", {"at": early}, format="json")
    assert response.status_code == 400 and "at" in response.json()["fields"]
    assert crew.post(f"{URL}{order.pk}/arrive/", {}, format="json").json()["status"] == "arrived"
    upload = crew.post(f"{URL}{order.pk}/photos/", {"image": png()}, format="multipart")
    assert upload.status_code == 201
    bad = crew.post(f"{URL}{order.pk}/photos/", {"image": SimpleUploadedFile("x.png", b"text", "image/png")},
                    format="multipart")
    assert bad.status_code == 400 and "image" in bad.json()["fields"]
    assert crew.post(f"{URL}{order.pk}/close/", {}, format="json").status_code == 403  # not a crew's step
    illegal = dispatcher.post(f"{URL}{order.pk}/close/", {}, format="json")
    assert illegal.status_code == 400 and illegal.json()["code"] == "illegal_transition"
    done = crew.post(f"{URL}{order.pk}/restore/", {"resolution": "更换熔丝"}, format="json").json()
    assert done["status"] == "restored" and done["time_status"]["status"] == "on_time"
    assert [e["to_status"] for e in done["events"]] == ["received", "dispatched", "arrived", "restored"]


def test_auditor_reads_but_cannot_write(tree):
    order = intake(make_customer(tree.a))
    auditor = api_client(tree.a.users[Role.AUDITOR])
    assert auditor.get(f"{URL}{order.pk}/").status_code == 200
    assert auditor.post(f"{URL}{order.pk}/cancel/", {"note": "x"}, format="json").status_code == 403


def test_reliability_endpoint_and_schema(tree):
    client = api_client(tree.a.users[Role.MANAGER])
    response = client.get("/api/v1/repairs/reliability/", {"start": "2025-01-01", "end": "2025-01-31"})
    assert response.status_code == 200 and response.json()["period_hours"] == 744
    # Another county's unit is answered exactly like a code that does not exist.
    other = client.get("/api/v1/repairs/reliability/", {"start": "2025-01-01", "end": "2025-01-31", "unit": "TB"})
    missing = client.get("/api/v1/repairs/reliability/", {"start": "2025-01-01", "end": "2025-01-31", "unit": "ZZ"})
    assert other.status_code == missing.status_code == 400 and other.json() == missing.json()
    schema = api_client(tree.admin).get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/repairs/orders/{id}/dispatch/" in schema.content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbers_stay_unique_under_concurrent_intake(tree):
    """Threads stand in for concurrent requests (meaningful on PostgreSQL; SQLite serialises writers)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database cannot take concurrent writers")
    customer = make_customer(tree.a)

    def one(_i):
        try:
            return intake(customer).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(one, range(12)))
    assert len(set(numbers)) == 12
