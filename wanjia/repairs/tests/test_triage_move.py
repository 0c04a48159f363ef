"""A report Open311 could not place waits in the client's triage station; the dispatcher sees it on the board,
and moves it from the order page to the station that serves it: same county only, before the crew is on site,
the limits counted again by the new station's area, the move on the order's timeline and in its history."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from wanjia.core.testing import page_client
from wanjia.org.models import Role
from wanjia.repairs.models import Open311Client, RepairOrder
from wanjia.repairs.services import order_arrive, order_dispatch, order_move_station
from wanjia.repairs.tests.helpers import crew_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def unplaced(client, tree):
    """A report whose address names no known place, filed through county A's key."""
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    cache.clear()
    hotline = Open311Client.objects.create(name="甲县热线", unit=tree.a.unit, triage_station=tree.a.station)
    response = client.post("/open311/v2/requests.json", {
        "api_key": hotline.api_key, "service_code": "no_power", "address_string": "后山坡三组", "description": "没电",
        "phone": "13900002224", "attribute[area_dark]": "only_me", "attribute[danger]": "no"})
    assert response.status_code == 201, response.content
    return RepairOrder.objects.get(number=response.json()[0]["service_request_id"])


def test_the_board_lists_unplaced_reports_for_their_county_only(tree, unplaced):
    assert unplaced.needs_placing and unplaced.station == tree.a.station
    board = page_client(tree.a.users[Role.DISPATCHER]).get("/repairs/board/panel/").content.decode()
    assert 'id="unplaced"' in board and unplaced.number in board.split('id="unplaced"')[1].split("</ul>")[0]
    other = page_client(tree.b.users[Role.DISPATCHER]).get("/repairs/board/panel/").content.decode()
    assert 'id="unplaced"' not in other and unplaced.number not in other


def test_the_dispatcher_moves_it_and_the_limit_follows_the_new_area(tree, unplaced):
    dispatcher = tree.a.users[Role.DISPATCHER]
    client = page_client(dispatcher)
    page = client.get(f"/repairs/orders/{unplaced.pk}/").content.decode()
    assert 'id="move-station"' in page and "待定位" in page
    assert tree.a.rural_station.name in page and tree.b.station.name not in page  # this county's stations only
    assert unplaced.arrival_due == unplaced.received_at + dt.timedelta(minutes=60)  # urban triage station

    response = client.post(f"/repairs/orders/{unplaced.pk}/move/", {"station": tree.a.rural_station.pk,
                                                                    "note": "电话核实为后山村"}, follow=True)
    assert response.status_code == 200
    order = RepairOrder.objects.get(pk=unplaced.pk)
    assert order.station == tree.a.rural_station and order.area_type == "rural" and not order.needs_placing
    assert order.arrival_due == order.received_at + dt.timedelta(minutes=120)  # rural, counted from receipt
    assert order.number == unplaced.number  # the caller keeps the number they were given
    page = response.content.decode()
    assert f"转供电所:{tree.a.station.name} → {tree.a.rural_station.name}" in page and "电话核实为后山村" in page
    event = order.events.last()
    assert event.actor == dispatcher and event.data["to_station"] == tree.a.rural_station.pk
    assert order.history.first().station_id == tree.a.rural_station.pk  # audited
    assert 'id="unplaced"' not in page_client(dispatcher).get("/repairs/board/panel/").content.decode()
    # The rural dispatcher of the county now sees it as an ordinary order on the board.
    assert order.number in page_client(dispatcher).get("/repairs/board/panel/").content.decode()


def test_confirming_the_triage_station_clears_the_mark(tree, unplaced):
    page_client(tree.a.users[Role.DISPATCHER]).post(f"/repairs/orders/{unplaced.pk}/move/",
                                                    {"station": tree.a.station.pk})
    order = RepairOrder.objects.get(pk=unplaced.pk)
    assert order.station == tree.a.station and not order.needs_placing
    assert order.events.last().note.startswith("已核实位置")


def test_moves_stay_in_the_county_and_before_arrival(tree, unplaced):
    # Another county's station is not offered and is refused if posted.
    client = page_client(tree.a.users[Role.DISPATCHER])
    client.post(f"/repairs/orders/{unplaced.pk}/move/", {"station": tree.b.station.pk})
    assert RepairOrder.objects.get(pk=unplaced.pk).station == tree.a.station
    with pytest.raises(ValidationError):  # a provincial manager sees both counties; still the same county only
        order_move_station(order=unplaced, station=tree.b.station, actor=tree.province_manager)
    with pytest.raises(PermissionDenied):
        order_move_station(order=unplaced, station=tree.a.rural_station, actor=tree.a.users[Role.CREW])
    with pytest.raises(PermissionDenied):
        order_move_station(order=unplaced, station=tree.b.rural_station, actor=tree.b.users[Role.DISPATCHER])
    # County B's dispatcher cannot reach the order at all.
    assert page_client(tree.b.users[Role.DISPATCHER]).post(
        f"/repairs/orders/{unplaced.pk}/move/", {"station": tree.b.station.pk}).status_code == 404
    order_dispatch(order=unplaced, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    order_arrive(order=unplaced, actor=tree.a.users[Role.CREW])
    with pytest.raises(ValidationError):
        order_move_station(order=unplaced, station=tree.a.rural_station, actor=tree.a.users[Role.DISPATCHER])
    assert 'id="move-station"' not in page_client(tree.a.users[Role.DISPATCHER]).get(
        f"/repairs/orders/{unplaced.pk}/").content.decode()


def test_the_api_moves_it_by_station_code(tree, unplaced):
    from wanjia.core.testing import api_client

    url = f"/api/v1/repairs/orders/{unplaced.pk}/move/"
    refused = api_client(tree.a.users[Role.DISPATCHER]).post(url, {"station": tree.b.station.code}, format="json")
    assert refused.status_code == 400 and "station" in refused.json()["fields"]
    moved = api_client(tree.a.users[Role.DISPATCHER]).post(url, {"station": tree.a.remote_station.code},
                                                           format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["station"] == tree.a.remote_station.code and moved.json()["needs_placing"] is False
    assert RepairOrder.objects.get(pk=unplaced.pk).arrival_due == unplaced.received_at + dt.timedelta(minutes=240)
