"""The access findings of issue 17, each as the user would meet it: roles on pages and API agree, crews act on
their own orders only, the auditor never writes, masked numbers stay masked, and another county's records
are answered exactly like records that do not exist."""
import pytest
from django.core.exceptions import PermissionDenied

from wanjia.campaign.models import SummaryReport
from wanjia.campaign.testing import make_campaign
from wanjia.core.testing import api_client, make_customer, make_user
from wanjia.core.testing import page_client as page
from wanjia.org.models import Role
from wanjia.repairs import services
from wanjia.repairs.tests.helpers import crew_for, intake


@pytest.fixture
def order(tree):
    return intake(make_customer(tree.a, phone="13912345678"), phone="13912345678")


def test_page_and_api_answer_the_same_roles(tree):
    secretary, crew, counter = (tree.a.users[r] for r in (Role.BRANCH_SECRETARY, Role.CREW, Role.COUNTER))
    assert page(secretary).get("/repairs/orders/").status_code == 403
    assert api_client(secretary).get("/api/v1/repairs/orders/").status_code == 403
    for user in (crew, counter):
        assert page(user).get("/repairs/reliability/").status_code == 403
        assert api_client(user).get("/api/v1/repairs/reliability/",
                                    {"start": "2025-01-01", "end": "2025-01-31"}).status_code == 403
    # Crews do not file orders, on the page or over the API.
    assert page(crew).get("/repairs/orders/new/").status_code == 403
    assert api_client(crew).post("/api/v1/repairs/orders/", {}, format="json").status_code == 403


def test_a_crew_cannot_cancel_and_acts_only_on_its_own_orders(tree, order):
    crew_user = tree.a.users[Role.CREW]
    assert api_client(crew_user).post(f"/api/v1/repairs/orders/{order.pk}/cancel/", {"note": "x"},
                                      format="json").status_code == 403
    with pytest.raises(PermissionDenied):  # not yet dispatched: not the crew's order
        services.order_mark_customer_side(order=order, actor=crew_user, note="表后故障")
    other = make_user("other-crew", tree.a.unit, Role.CREW)
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    with pytest.raises(PermissionDenied):
        services.order_mark_customer_side(order=order, actor=other, note="表后故障")
    services.order_mark_customer_side(order=order, actor=crew_user, note="表后故障")
    order.refresh_from_db()
    assert order.status == "customer_side"


def test_the_auditor_cannot_generate_a_summary_report(tree):
    campaign = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    response = page(tree.a.users[Role.AUDITOR]).post(f"/campaign/{campaign.pk}/reports/", {"unit": tree.a.unit.pk})
    assert response.status_code == 403
    assert not SummaryReport.objects.exists()


def test_crews_read_full_numbers_only_on_their_own_orders(tree, order):
    crew_user = tree.a.users[Role.CREW]
    client = api_client(crew_user)
    assert client.get(f"/api/v1/repairs/orders/{order.pk}/").json()["phone"] == "139****5678"
    customers = client.get("/api/v1/customers/customers/").json()["results"]
    assert customers and all("*" in c["phone"] for c in customers)
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    assert client.get(f"/api/v1/repairs/orders/{order.pk}/").json()["phone"] == "13912345678"
    assert api_client(make_user("other-crew", tree.a.unit, Role.CREW)).get(
        f"/api/v1/repairs/orders/{order.pk}/").json()["phone"] == "139****5678"


def test_masked_numbers_cannot_be_searched_or_sorted_back(tree):
    for i, phone in enumerate(("13900000003", "13900000001", "13900000002")):
        make_customer(tree.a, phone=phone, name=f"客户{i}")
    secretary = api_client(tree.a.users[Role.BRANCH_SECRETARY])
    assert secretary.get("/api/v1/customers/customers/", {"q": "13900000001"}).json()["results"] == []
    counter = api_client(tree.a.users[Role.COUNTER])
    assert [c["phone"] for c in counter.get("/api/v1/customers/customers/", {"q": "13900000001"}).json()[
        "results"]] == ["13900000001"]
    # ?ordering=phone is ignored for masked readers: the same order as sorting the other way.
    up = [c["id"] for c in secretary.get("/api/v1/customers/customers/", {"ordering": "phone"}).json()["results"]]
    down = [c["id"] for c in secretary.get("/api/v1/customers/customers/", {"ordering": "-phone"}).json()["results"]]
    assert up == down


def test_another_countys_records_answer_like_missing_ones(tree):
    manager = api_client(tree.a.users[Role.MANAGER])
    base = {"account_number": "TA99000001", "name": "新客户", "customer_class": "resident", "address": "甲县新路1号",
            "phone": "13800000000", "station": tree.a.station.code, "feeder": tree.a.feeder.pk}
    theirs = manager.post("/api/v1/customers/customers/", {**base, "transformer": tree.b.transformers[0].pk},
                          format="json")
    missing = manager.post("/api/v1/customers/customers/", {**base, "transformer": 999999}, format="json")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json()["fields"]["transformer"] == [m.replace("999999", str(tree.b.transformers[0].pk))
                                                      for m in missing.json()["fields"]["transformer"]]
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    day = {"campaign": campaign.pk, "date": "2026-12-05", "place": "乙县广场", "content": "咨询"}
    theirs = manager.post("/api/v1/campaign/activity-days/", {**day, "unit": tree.b.unit.code}, format="json")
    missing = manager.post("/api/v1/campaign/activity-days/", {**day, "unit": "ZZ"}, format="json")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json()["fields"]["unit"] == [m.replace("ZZ", tree.b.unit.code)
                                               for m in missing.json()["fields"]["unit"]]


def test_duplicate_of_another_countys_order_answers_like_an_unknown_number(tree, order):
    theirs = intake(make_customer(tree.b))
    dispatcher = api_client(tree.a.users[Role.DISPATCHER])
    answers = [dispatcher.post(f"/api/v1/repairs/orders/{order.pk}/duplicate/", {"duplicate_of": number},
                               format="json") for number in (theirs.number, "NO-SUCH-NUMBER")]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["fields"]["duplicate_of"] == [
        m.replace("NO-SUCH-NUMBER", theirs.number) for m in answers[1].json()["fields"]["duplicate_of"]]
