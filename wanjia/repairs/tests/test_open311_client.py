"""A real GeoReport v2 client (the `georeport` package from PyPI) reads Wanjia's endpoint in JSON and in XML:
its HTTP calls are answered by the Django app in-process."""
from urllib.parse import urlsplit

import pytest
from django.test import Client

from wanjia.repairs.models import Open311Client

georeport = pytest.importorskip("georeport")


class _Answer:
    def __init__(self, response):
        self.status_code, self.content = response.status_code, response.content

    def json(self):
        import json

        return json.loads(self.content)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise AssertionError(f"HTTP {self.status_code}: {self.content[:200]!r}")


@pytest.fixture
def in_process(monkeypatch):
    client = Client()
    monkeypatch.setattr(georeport.georeport.requests, "get",
                        lambda url, params=None: _Answer(client.get(urlsplit(url).path, params or {})))
    return client


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_services_definitions_and_requests(tree, in_process, fmt):
    key = Open311Client.objects.create(name="甲县热线", unit=tree.a.unit).api_key
    filed = in_process.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "no_power", "lat": "25.05", "long": "100.05", "description": "没电",
        "phone": "13900002222", "attribute[area_dark]": "area", "attribute[danger]": "no"})
    number = filed.json()[0]["service_request_id"]
    api = georeport.GeoReport("http://testserver/open311/v2", output_format=fmt)
    services = api.get_service_list()
    assert "no_power" in {s["service_code"] for s in services}
    definition = api.get_service_definition("no_power")
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert {a["code"] for a in attributes} == {"area_dark", "danger"}
    one = api.get_service_request(number)
    assert one["service_request_id"] == number and one["status"] == "open"
    listed = api.get_service_requests(status="open")
    listed = [listed] if isinstance(listed, dict) else listed  # xmltodict gives a dict for a single element
    assert len(listed) == 1 and listed[0]["service_code"] == "no_power"
