"""GeoReport v2 as an Open311 client sees it: arrays in JSON, the spec's XML roots, errors as code +
description, and no personal data in public reads."""
import json
from xml.etree import ElementTree as ET

import pytest

from wanjia.core.testing import make_customer
from wanjia.repairs.models import Open311Client, RepairOrder

BASE = "/open311/v2"


@pytest.fixture
def key(tree):
    return Open311Client.objects.create(name="城市热线", api_key="secret-key").api_key


def post(client, fmt, **data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_services_in_json_and_xml(client, db):
    services = client.get(f"{BASE}/services.json").json()
    assert isinstance(services, list)
    line_down = next(s for s in services if s["service_code"] == "line_down")
    assert set(line_down) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert line_down["metadata"] is False and line_down["type"] == "realtime"
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and root[0].tag == "service"
    assert {c.tag for c in root[0]} == {"service_code", "service_name", "description", "metadata", "type",
                                        "keywords", "group"}
    assert client.get(f"{BASE}/services/no_power.json").json() == {"service_code": "no_power", "attributes": []}


def test_post_json_by_location_then_get(client, tree, key):
    response = post(client, "json", api_key=key, service_code="no_power", lat="25.05", long="100.05",
                     description="整栋楼没电", first_name="三", last_name="张", phone="13900002222")
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body, list) and set(body[0]) == {"service_request_id", "service_notice", "account_id"}
    number = body[0]["service_request_id"]
    order = RepairOrder.objects.get(number=number)
    assert order.channel == "open311" and order.caller_name == "张 三" and order.station == tree.a.station
    one = client.get(f"{BASE}/requests/{number}.json").json()
    assert len(one) == 1 and one[0]["status"] == "open" and one[0]["service_code"] == "no_power"
    text = json.dumps(one, ensure_ascii=False)
    assert "13900002222" not in text and "张" not in text and "整栋楼" not in text
    listed = client.get(f"{BASE}/requests.json", {"status": "open", "service_code": "no_power"}).json()
    assert [r["service_request_id"] for r in listed] == [number]
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []


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
    for response, needle in ((missing_phone, "phone"), (outside, "lat"), (unknown_account, "account_id")):
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
