"""The desk pages as their users see them."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.org.models import Role
from wanjia.repairs.models import Outage, RepairOrder, RepairPhoto
from wanjia.repairs.tests.helpers import crew_for, intake, png


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user


def test_board_shows_counts_and_assigns_a_crew(tree, login):
    late = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=70))
    crew = crew_for(tree.a)
    client = login(tree.a.users[Role.DISPATCHER])
    page = client.get("/repairs/").content.decode()
    assert late.number in page and 'data-state="received">1<' in page and "超时" in page
    panel = client.post(f"/repairs/orders/{late.pk}/dispatch/", {"crew": crew.pk, "panel": "1"}, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and 'data-state="dispatched">1<' in panel.content.decode()
    late.refresh_from_db()
    assert late.crew == crew
    points = client.get("/repairs/board/map.json").json()
    assert points["orders"][0]["number"] == late.number and points["orders"][0]["status"] == "overdue"


def test_other_county_sees_nothing(tree, login):
    order = intake(make_customer(tree.a))
    client = login(tree.b.users[Role.DISPATCHER])
    assert order.number not in client.get("/repairs/").content.decode()
    assert client.get(f"/repairs/orders/{order.pk}/").status_code == 404


def test_intake_form_shows_field_errors_and_saves_nothing(tree, login):
    client = login(tree.a.users[Role.COUNTER])
    response = client.post("/repairs/orders/new/", {"channel": "counter", "category": "no_power", "phone": "",
                                                    "account_number": "NOPE", "description": "没电"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field="phone"' in text and 'data-field="account_number"' in text
    assert not RepairOrder.objects.exists()
    customer = make_customer(tree.a)
    ok = client.post("/repairs/orders/new/", {"channel": "counter", "category": "no_power", "phone": "13900005555",
                                              "account_number": customer.account_number, "description": "没电"})
    assert ok.status_code == 302 and RepairOrder.objects.count() == 1


def test_crew_page_one_tap_steps_and_photo(tree, login):
    order = intake(make_customer(tree.a))
    dispatcher = tree.a.users[Role.DISPATCHER]
    from wanjia.repairs.services import order_dispatch

    order_dispatch(order=order, crew=crew_for(tree.a), actor=dispatcher)
    client = login(tree.a.users[Role.CREW])
    assert order.number in client.get("/repairs/crew/").content.decode()
    client.post(f"/repairs/orders/{order.pk}/arrive/", {"next": "/repairs/crew/"})
    order.refresh_from_db()
    assert order.status == "arrived"
    bad = client.post(f"/repairs/orders/{order.pk}/photo/", {"image": SimpleUploadedFile("a.jpg", b"nope"),
                                                              "next": "/repairs/crew/"}, follow=True)
    assert "只接受" in bad.content.decode() and not RepairPhoto.objects.exists()
    client.post(f"/repairs/orders/{order.pk}/photo/", {"image": png(), "next": "/repairs/crew/"})
    assert RepairPhoto.objects.count() == 1
    client.post(f"/repairs/orders/{order.pk}/restore/", {"resolution": "更换熔丝", "next": "/repairs/crew/"})
    order.refresh_from_db()
    assert order.status == "restored"
    assert order.number not in client.get("/repairs/crew/").content.decode()


def test_assessment_reliability_outages_and_detail_pages(tree, login):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(hours=3))
    client = login(tree.a.users[Role.MANAGER])
    for by in ("unit", "station", "crew"):
        assert client.get("/repairs/assessment/", {"by": by}).status_code == 200
    page = client.get("/repairs/assessment/", {"by": "station"}).content.decode()
    assert tree.a.station.name in page and order.number in page  # overdue list
    assert client.get("/repairs/assessment/", {"format": "xlsx"})["Content-Type"].startswith("application/vnd")
    assert "SAIFI" in client.get("/repairs/reliability/").content.decode()
    assert client.get("/repairs/outages/").status_code == 200
    assert order.number in client.get(f"/repairs/orders/{order.pk}/").content.decode()
    assert client.get("/repairs/orders/", {"format": "xlsx"}).status_code == 200
    assert "故障抢修" in client.get("/").content.decode()


def test_planned_outage_form(tree, login):
    client = login(tree.a.users[Role.DISPATCHER])
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    bad = client.post("/repairs/outages/planned/new/", {
        "feeder": tree.a.feeder.pk, "starts_at": (now + dt.timedelta(days=8)).strftime(fmt),
        "ends_at": (now + dt.timedelta(days=7)).strftime(fmt), "area_description": "甲县1回线"})
    assert bad.status_code == 400 and "计划复电时间必须晚于" in bad.content.decode()
    ok = client.post("/repairs/outages/planned/new/", {
        "feeder": tree.a.feeder.pk, "starts_at": (now + dt.timedelta(days=8)).strftime(fmt),
        "ends_at": (now + dt.timedelta(days=8, hours=4)).strftime(fmt), "area_description": "甲县1回线"})
    assert ok.status_code == 302 and Outage.objects.get().kind == "planned"
