"""GeoReport v2 as an Open311 client sees it: discovery, services with their questions, arrays in JSON, the
spec's XML roots, errors as code + description; filing by position, account, place name or place code;
lists only with a key and only for the key's unit; filing limited per key."""
import json
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache

from wanjia.core.testing import make_customer
from wanjia.repairs.models import Open311Client, PlaceName, RepairOrder, Urgency

BASE = "/open311/v2"
ANSWERS = {"attribute[area_dark]": "only_me", "attribute[danger]": "no"}


@pytest.fixture(autouse=True)
def _cache_table(db):
    """Rate-limit counters live in the database cache. The clock stands still: django-ratelimit counts in
    fixed windows, and a slow run must not cross into the next one halfway through a test."""
    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    call_command("createcachetable", verbosity=0)
    cache.clear()
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def hotline(tree):
    return Open311Client.objects.create(name="甲县热线", unit=tree.a.unit, triage_station=tree.a.station)


@pytest.fixture
def key(hotline):
    return hotline.api_key


def post(client, fmt, **data):
    return client.post(f"{BASE}/requests.{fmt}", {**ANSWERS, **data})


def test_keys_are_random_per_client(tree):
    keys = {Open311Client.objects.create(name=f"c{i}").api_key for i in range(3)}
    assert len(keys) == 3 and all(len(k) >= 32 for k in keys)


@pytest.mark.parametrize("path", ["/open311/discovery", f"{BASE}/discovery"])
def test_discovery_lists_the_endpoint_in_both_formats(client, db, path):
    body = client.get(f"{path}.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert body["changeset"] and body["contact"]
    root = ET.fromstring(client.get(f"{path}.xml").content)
    assert root.tag == "discovery"
    formats = root.find("endpoints/endpoint/formats")
    assert [f.tag for f in formats] == ["format", "format"]


def test_services_have_metadata_and_definitions_ask_the_dispatchers_questions(client, db):
    services = client.get(f"{BASE}/services.json").json()
    line_down = next(s for s in services if s["service_code"] == "line_down")
    assert set(line_down) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert line_down["metadata"] is True and line_down["type"] == "realtime"
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and root[0].find("metadata").text == "true"

    definition = client.get(f"{BASE}/services/no_power.json").json()
    assert definition["service_code"] == "no_power"
    by_code = {a["code"]: a for a in definition["attributes"]}
    assert set(by_code) == {"area_dark", "danger"}
    danger = by_code["danger"]
    assert danger["datatype"] == "singlevaluelist" and danger["required"] is True and danger["variable"] is True
    assert {v["key"] for v in danger["values"]} == {"yes", "no"}
    xml = ET.fromstring(client.get(f"{BASE}/services/no_power.xml").content)
    assert xml.tag == "service_definition" and xml.find("service_code").text == "no_power"
    attribute = xml.find("attributes/attribute")
    assert attribute.find("datatype").text == "singlevaluelist"
    assert [v.tag for v in attribute.find("values")] == ["value"] * len(attribute.find("values"))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404(client, tree, key, fmt):
    assert client.get(f"{BASE}/services/nope.{fmt}").status_code == 404
    response = post(client, fmt, api_key=key, service_code="nope", lat="25.05", long="100.05", description="x",
                    phone="13900004444")
    assert response.status_code == 404
    assert not RepairOrder.objects.exists()


def test_post_json_by_location_then_get_with_description_phones_masked(client, tree, key):
    response = post(client, "json", api_key=key, service_code="no_power", lat="25.05", long="100.05",
                    description="整栋楼没电,联系 13900002222", first_name="三", last_name="张", phone="13900002222")
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body, list) and set(body[0]) == {"service_request_id", "service_notice", "account_id"}
    number = body[0]["service_request_id"]
    order = RepairOrder.objects.get(number=number)
    assert order.channel == "open311" and order.caller_name == "张 三" and order.station == tree.a.station
    assert "只有我家" in order.description  # the answers reach the dispatcher
    one = client.get(f"{BASE}/requests/{number}.json").json()
    assert len(one) == 1 and one[0]["status"] == "open" and one[0]["service_code"] == "no_power"
    assert one[0]["description"].startswith("整栋楼没电,联系 139****2222")
    text = json.dumps(one, ensure_ascii=False)
    assert "13900002222" not in text and "张" not in text
    listed = client.get(f"{BASE}/requests.json", {"api_key": key, "status": "open", "service_code": "no_power"})
    assert [r["service_request_id"] for r in listed.json()] == [number]
    assert client.get(f"{BASE}/requests.json", {"api_key": key, "status": "closed"}).json() == []


def test_lists_without_a_key_show_no_numbers_and_a_key_sees_only_its_unit(client, tree, key):
    number = post(client, "json", api_key=key, service_code="no_power", lat="25.05", long="100.05",
                  description="没电", phone="13900002222").json()[0]["service_request_id"]
    other = Open311Client.objects.create(name="乙县热线", unit=tree.b.unit)
    public = client.get(f"{BASE}/requests.json")
    assert public.status_code == 200 and len(public.json()) == 1
    assert public.json()[0]["status"] == "open" and number not in public.content.decode()
    assert "description" not in public.json()[0]
    xml = ET.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert xml[0].find("service_request_id") is None
    assert client.get(f"{BASE}/requests.json", {"service_request_id": number}).status_code == 403
    assert client.get(f"{BASE}/requests.json", {"api_key": "guess"}).status_code == 403
    assert [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", {"api_key": key}).json()] == [number]
    assert client.get(f"{BASE}/requests.json", {"api_key": other.api_key}).json() == []


def test_address_string_is_placed_by_place_name_else_triaged(client, tree, key, hotline):
    PlaceName.objects.create(name="柳树村", code="liushu", station=tree.a.rural_station)
    placed = post(client, "json", api_key=key, service_code="no_power", address_string="3号, 柳树村, 甲县",
                  description="没电", phone="13900002222")
    assert placed.status_code == 201, placed.content
    assert RepairOrder.objects.get(number=placed.json()[0]["service_request_id"]).station == tree.a.rural_station
    by_id = post(client, "json", api_key=key, service_code="no_power", address_id="liushu", description="没电",
                 phone="13900002223")
    assert RepairOrder.objects.get(number=by_id.json()[0]["service_request_id"]).station == tree.a.rural_station
    # A place of another county is not matched through this county's key: it waits for a dispatcher.
    PlaceName.objects.create(name="石门村", code="shimen", station=tree.b.station)
    triaged = post(client, "json", api_key=key, service_code="no_power", address_string="石门村口",
                   description="没电", phone="13900002224")
    order = RepairOrder.objects.get(number=triaged.json()[0]["service_request_id"])
    assert order.station == tree.a.station and "待定位" in order.description and order.address == "石门村口"
    hotline.triage_station = None
    hotline.save()
    refused = post(client, "json", api_key=key, service_code="no_power", address_string="石门村口",
                   description="没电", phone="13900002225")
    assert refused.status_code == 400 and refused.json()[0]["description"].startswith("address_string")


def test_attributes_are_validated_and_danger_makes_the_order_urgent(client, tree, key):
    base = {"api_key": key, "service_code": "line_down", "lat": "25.05", "long": "100.05", "description": "线断了",
            "phone": "13900002222"}
    missing = client.post(f"{BASE}/requests.json", base)
    assert missing.status_code == 400
    assert {e["description"].split(":")[0] for e in missing.json()} == {"attribute[area_dark]", "attribute[danger]"}
    wrong = client.post(f"{BASE}/requests.json", {**base, "attribute[area_dark]": "area", "attribute[danger]": "maybe"})
    assert wrong.status_code == 400 and "maybe" in wrong.json()[0]["description"]
    assert not RepairOrder.objects.exists()
    ok = client.post(f"{BASE}/requests.json", {**base, "attribute[area_dark]": "area", "attribute[danger]": "yes"})
    assert ok.status_code == 201
    order = RepairOrder.objects.get()
    assert order.urgency == Urgency.DANGER and "有危险" in order.description


def test_filing_is_limited_per_key(client, tree, key, hotline):
    hotline.rate = "2/h"
    hotline.save()
    answers = [post(client, "json", api_key=key, service_code="no_power", lat="25.05", long="100.05",
                    description="没电", phone=f"1390000222{i}") for i in range(3)]
    assert [r.status_code for r in answers] == [201, 201, 429]
    assert answers[2].json()[0]["code"] == 429
    other = Open311Client.objects.create(name="另一个", unit=tree.a.unit)
    assert post(client, "json", api_key=other.api_key, service_code="no_power", lat="25.05", long="100.05",
                description="没电", phone="13900003333").status_code == 201


def test_post_xml_by_account_then_get_xml(client, tree, key):
    customer = make_customer(tree.a)
    response = post(client, "xml", api_key=key, service_code="meter", account_id=customer.account_number,
                    description="电表冒烟", phone="13900003333")
    assert response.status_code == 201 and response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests" and root[0].tag == "request"
    number = root[0].find("service_request_id").text
    detail = ET.fromstring(client.get(f"{BASE}/requests/{number}.xml").content)
    assert detail.tag == "service_requests" and detail[0].find("status").text == "open"
    assert detail[0].find("agency_responsible").text == tree.a.station.name
    assert detail[0].find("description").text.startswith("电表冒烟")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_follow_the_spec(client, tree, key, fmt):
    bad_key = post(client, fmt, api_key="wrong", service_code="no_power", lat="25.05", long="100.05",
                   description="x", phone="13900004444")
    assert bad_key.status_code == 403
    missing_phone = post(client, fmt, api_key=key, service_code="no_power", lat="25.05", long="100.05",
                         description="没电")
    outside = post(client, fmt, api_key=key, service_code="no_power", lat="40", long="120", description="没电",
                   phone="13900004444")
    unknown_account = post(client, fmt, api_key=key, service_code="no_power", account_id="NOPE", description="没电",
                           phone="13900004444")
    bad_date = client.get(f"{BASE}/requests.{fmt}", {"api_key": key, "start_date": "9999-12-31T00:00:00Z"})
    for response, needle in ((missing_phone, "phone"), (outside, "lat"), (unknown_account, "account_id"),
                             (bad_date, "start_date")):
        assert response.status_code == 400
        if fmt == "json":
            errors = response.json()
            assert errors[0]["code"] == 400 and any(e["description"].startswith(needle) for e in errors)
        else:
            root = ET.fromstring(response.content)
            assert root.tag == "errors" and root[0].tag == "error" and root[0].find("code").text == "400"
            assert any(e.find("description").text.startswith(needle) for e in root)
    assert not RepairOrder.objects.exists()
    assert client.get(f"{BASE}/requests/NOPE-1.{fmt}").status_code == 404
