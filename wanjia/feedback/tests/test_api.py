from wanjia.core.testing import api_client
from wanjia.org.models import Role


def test_feedback_over_the_api(tree):
    counter = tree.a.users[Role.COUNTER]
    response = api_client(counter).post("/api/v1/feedback/items/", {
        "channel": "hotline", "content": "停电没通知", "topic": "outage", "unit": tree.a.station.code,
        "phone": "13800001111"}, format="json")
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["status"] == "assigned" and item["deadline"] and item["topic"] == "outage"
    url = f"/api/v1/feedback/items/{item['id']}/"
    assert api_client(counter).post(url + "deliver/", {"method": "phone"}, format="json").status_code == 400
    assert api_client(counter).post(url + "answer/", {"answer": "已核实并致歉"}, format="json").status_code == 200
    done = api_client(counter).post(url + "deliver/", {"method": "phone"}, format="json").json()
    assert done["status"] == "delivered"
    bad = api_client(counter).post("/api/v1/feedback/items/", {"channel": "web", "content": "x", "topic": "nope"},
                                   format="json")
    assert bad.status_code == 400 and "topic" in bad.json()["fields"]
    assert api_client(tree.b.users[Role.COUNTER]).get(url).status_code == 404
    assert api_client(tree.a.users[Role.AUDITOR]).post(url + "answer/", {"answer": "x"}).status_code == 403


def test_staff_cannot_route_an_item_to_another_county(tree):
    response = api_client(tree.a.users[Role.COUNTER]).post("/api/v1/feedback/items/", {
        "channel": "counter", "content": "x", "topic": "other", "unit": tree.b.unit.code}, format="json")
    # Another county's unit answers like a missing one (org.scoping.referable).
    assert response.status_code == 400 and "unit" in response.json()["fields"]
