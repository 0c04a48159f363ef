"""REST: scoped lists, intake with idempotency, actions with the error envelope, the OpenAPI schema."""
import pytest

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections.models import Application
from wanjia.connections.tests.factories import checklist, make_application, pdf
from wanjia.core.testing import api_client
from wanjia.customers.models import CustomerClass as C

pytestmark = pytest.mark.django_db
BASE = "/api/v1/connections/applications/"


def intake_payload(tree, **overrides):
    payload = {"application_type": "new", "customer_class": "resident", "applicant_name": "王五",
               "phone": "13700001234", "requested_kva": "8", "address": "甲县某路", "station": tree.a.station.code,
               "channel": "online"}
    payload.update(overrides)
    return payload


def test_intake_is_idempotent_and_scoped(tree):
    client = api_client(tree.a.users["counter"])
    first = client.post(BASE, intake_payload(tree), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201, first.content
    again = client.post(BASE, intake_payload(tree), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1
    body = first.json()
    assert body["status"] == S.ACCEPTANCE and [s["stage"] for s in body["stages"]][:2] == [S.ACCEPTANCE, S.SUPPLY_PLAN]
    assert api_client(tree.b.users["manager"]).get(BASE).json()["count"] == 0
    assert api_client(tree.b.users["manager"]).get(f"{BASE}{body['id']}/").status_code == 404
    assert api_client(tree.a.users["auditor"]).get(BASE).json()["count"] == 1


def test_bad_intake_answers_400_with_field_messages(tree):
    client = api_client(tree.a.users["counter"])
    response = client.post(BASE, intake_payload(tree, requested_kva="500"), format="json")
    assert response.status_code == 400 and "requested_kva" in response.json()["fields"]
    response = client.post(BASE, intake_payload(tree, requested_kva="-1", phone=""), format="json")
    assert response.status_code == 400 and {"phone"} <= set(response.json()["fields"])
    # Another county's station is answered like a code that does not exist.
    response = client.post(BASE, intake_payload(tree, station=tree.b.station.code), format="json")
    assert response.status_code == 400 and "station" in response.json()["fields"]
    assert api_client(tree.a.users["auditor"]).post(BASE, intake_payload(tree), format="json").status_code == 403
    assert not Application.objects.exists()


def test_actions_and_refusals(tree):
    app = make_application(tree.a, customer_class=C.LV_NON_RESIDENT, documents=False)
    client = api_client(tree.a.users["counter"])
    url = f"{BASE}{app.pk}/"
    response = client.post(url + "finish/", {"stage": S.ACCEPTANCE}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "documents_missing"
    assert "documents" in response.json()["fields"]
    for requirement in checklist(C.LV_NON_RESIDENT):
        response = client.post(url + "documents/", {"file": pdf(), "requirement": requirement.pk}, format="multipart")
        assert response.status_code == 201, response.content
    response = client.post(url + "finish/", {"stage": S.METERING}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "stage_skipped"
    assert client.post(url + "finish/", {"stage": S.ACCEPTANCE}, format="json").status_code == 200
    response = client.post(url + "pause/", {"reason": "documents_missing", "detail": ""}, format="json")
    assert response.status_code == 400 and "detail" in response.json()["fields"]
    response = client.post(url + "pause/", {"reason": "customer_works", "detail": "等客户"}, format="json")
    assert response.json()["stages"][1]["status"] == "paused"
    assert client.post(url + "resume/", {}, format="json").status_code == 200
    response = client.post(url + "designations/", {"scope": "construction", "chosen_freely": True,
                                                   "chosen_party": "客户自选乙公司", "declared_by": "客户",
                                                   "staff_recommended": True, "recommendation_detail": "推荐了"},
                           format="json")
    assert response.status_code == 200
    flagged = api_client(tree.a.users["auditor"]).get("/api/v1/connections/designations/?is_flagged=true").json()
    assert flagged["count"] == 1
    review = api_client(tree.a.users["auditor"]).post(
        f"/api/v1/connections/designations/{flagged['results'][0]['id']}/review/", {"note": "已核查"}, format="json")
    assert review.status_code == 200 and review.json()["reviewed_by"] == tree.a.users["auditor"].username
    assert api_client(tree.b.users["counter"]).post(url + "pause/", {"reason": "other", "detail": "x"},
                                                    format="json").status_code == 404


def test_schema_lists_the_endpoints(tree):
    response = api_client(tree.admin).get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/connections/applications/" in paths
    assert "/api/v1/connections/applications/{id}/finish/" in paths
    assert "/api/v1/connections/designations/{id}/review/" in paths


def test_figures_endpoint_is_scoped_and_validates(tree):
    url = "/api/v1/connections/figures/"
    client = api_client(tree.a.users["manager"])
    response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200 and response.json()["unit"] == tree.a.unit.code
    assert response.json()["on_time_rate"] is None
    assert client.get(url, {"unit": tree.b.unit.code, "start": "2026-01-01", "end": "2026-12-31"}).status_code == 400
    bad = client.get(url, {"start": "2026-12-31", "end": "2026-01-01"})
    assert bad.status_code == 400 and "end" in bad.json()["fields"]
    assert client.get(url, {"start": "yesterday", "end": "2026-01-01"}).status_code == 400
    assert api_client(None).get(url, {"start": "2026-01-01", "end": "2026-12-31"}).status_code in (401, 403)


def test_intake_finds_the_station_from_the_location(tree):
    client = api_client(tree.a.users["counter"])
    payload = intake_payload(tree, latitude=25.05, longitude=100.15)  # inside county A's rural station
    payload.pop("station")
    response = client.post(BASE, payload, format="json")
    assert response.status_code == 201 and response.json()["station"] == tree.a.rural_station.code
    payload.update(latitude=0.0, longitude=0.0)
    response = client.post(BASE, payload, format="json")
    assert response.status_code == 400 and "station" in response.json()["fields"]
    payload.update(latitude=26.05, longitude=100.05)  # county B's area: refused
    assert client.post(BASE, payload, format="json").status_code == 403
