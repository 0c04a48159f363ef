import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign.testing import make_campaign
from wanjia.core.testing import api_client
from wanjia.org.models import Role
from wanjia.outreach.services import checklist_for


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])


def test_visit_and_hazard_loop_over_the_api(tree, campaign):
    crew, manager = tree.a.users[Role.CREW], tree.a.users[Role.MANAGER]
    answers = [{"item": i.pk, "result": "problem" if n == 0 else "ok", "note": ""}
               for n, i in enumerate(checklist_for("enterprise"))]
    body = {"campaign": campaign.pk, "unit": tree.a.station.code, "category": "enterprise", "site": "水泥厂",
            "date": timezone.localdate().isoformat(), "team": [crew.pk], "answers": answers}
    response = api_client(crew).post("/api/v1/outreach/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    answer_id = response.json()["answers"][0]["id"]
    bad = api_client(crew).post("/api/v1/outreach/visits/", {**body, "date": "2001-01-01"}, format="json")
    assert bad.status_code == 400 and "date" in bad.json()["fields"]
    response = api_client(crew).post("/api/v1/outreach/hazards/", {
        "unit": tree.a.station.code, "answer": answer_id, "description": "高耗能设备无接地", "severity": "major",
        "side": "customer", "found_on": timezone.localdate().isoformat(), "owner": crew.pk,
        "deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    hazard = response.json()
    assert hazard["status"] == "ordered"
    url = f"/api/v1/outreach/hazards/{hazard['id']}/"
    assert api_client(crew).post(url + "rectify/", {"note": "已整改"}, format="json").status_code == 200
    refused = api_client(crew).post(url + "verify/", {"passed": True}, format="json")
    assert refused.status_code == 400 and "verified_by" in refused.json()["fields"]
    closed_early = api_client(manager).post(url + "close/", {}, format="json")
    assert closed_early.status_code == 400 and "status" in closed_early.json()["fields"]
    assert api_client(manager).post(url + "verify/", {"passed": True}, format="json").status_code == 200
    done = api_client(manager).post(url + "close/", {}, format="json").json()
    assert done["status"] == "closed" and [e["to_status"] for e in done["events"]] == [
        "open", "ordered", "done", "verified", "closed"]
    assert api_client(tree.b.users[Role.MANAGER]).get(url).status_code == 404
    assert api_client(tree.b.users[Role.MANAGER]).get("/api/v1/outreach/hazards/").json()["count"] == 0
