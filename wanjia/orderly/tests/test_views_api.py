"""Pages and REST endpoints: scope (county B sees nothing of county A), roles, field errors, export."""
import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wanjia.core.testing import api_client, make_customer
from wanjia.customers.models import CustomerClass
from wanjia.orderly.models import CurtailmentPlan, LoadProfile
from wanjia.orderly.services import plan_approve, plan_create, plan_publish
from wanjia.orderly.tests.conftest import add_gap, add_profile, at


@pytest.fixture
def plan(tree, day):
    a = tree.a
    add_profile(a, "restricted", 100)
    add_profile(a, "general", 80)
    add_gap(a, day, 10, 150)
    add_gap(a, day, 11, 60)
    return plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=day)


def test_plan_page_shows_table_chart_and_customers_to_its_county_only(client, tree, plan):
    client.force_login(tree.a.users["auditor"])
    page = client.get(reverse("orderly:plan", args=[plan.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "plan-chart-data" in text and "echarts.min.js" in text and "重点限制" in text
    client.force_login(tree.b.users["manager"])
    assert client.get(reverse("orderly:plan", args=[plan.pk])).status_code == 404
    assert plan.title not in client.get(reverse("orderly:index")).content.decode()


def test_excel_export_has_periods_and_customers(client, tree, plan):
    client.force_login(tree.a.users["manager"])
    response = client.get(reverse("orderly:plan", args=[plan.pk]) + "?format=xlsx")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["时段", "客户安排"]
    assert book["时段"].max_row == 3 and book["客户安排"]["F2"].value == 100


def test_readonly_and_other_roles_cannot_act(client, tree, plan):
    client.force_login(tree.a.users["auditor"])
    client.post(reverse("orderly:plan_action", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == "draft"
    client.force_login(tree.a.users["counter"])
    assert client.post(reverse("orderly:plan_action", args=[plan.pk, "approve"])).status_code == 403


def test_plan_form_shows_field_errors(client, tree, day):
    client.force_login(tree.a.users["manager"])
    response = client.post(reverse("orderly:plan_create"), {
        "unit": tree.a.unit.pk, "start_date": day, "end_date": day - dt.timedelta(days=1)})
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(reverse("orderly:plan_create"), {"unit": tree.a.unit.pk, "start_date": day,
                                                            "end_date": day})
    assert response.status_code == 400 and "没有缺口预测" in response.content.decode()
    response = client.post(reverse("orderly:plan_create"), {"unit": tree.b.unit.pk, "start_date": day,
                                                            "end_date": day})
    assert response.status_code == 400  # county B is not a choice for county A
    assert not CurtailmentPlan.objects.exists()


def test_profile_form_and_api_refuse_bad_load_data(client, tree):
    customer = make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT)
    client.force_login(tree.a.users["manager"])
    tier = LoadProfile._meta.get_field("tier").related_model.objects.get(code="general")
    response = client.post(reverse("orderly:profile_create"), {
        "account_number": customer.account_number, "tier": tier.pk, "contracted_capacity_kw": 100,
        "peak_load_kw": 90, "security_load_kw": 120, "curtailable_load_kw": 10})
    assert response.status_code == 400 and "保安负荷不能超过合同容量" in response.content.decode()
    api = api_client(tree.a.users["manager"])
    response = api.post("/api/v1/orderly/load-profiles/", {
        "customer": customer.account_number, "tier": "general", "contracted_capacity_kw": 100,
        "peak_load_kw": 90, "security_load_kw": 20, "curtailable_load_kw": 80}, format="json")
    assert response.status_code == 400
    assert "curtailable_load_kw" in response.json()["fields"]
    response = api.post("/api/v1/orderly/load-profiles/", {
        "customer": customer.account_number, "tier": "general", "contracted_capacity_kw": 100,
        "peak_load_kw": 90, "security_load_kw": 20, "curtailable_load_kw": 50, "shifts": ["night"]}, format="json")
    assert response.status_code == 201, response.json()
    other = make_customer(tree.b, customer_class=CustomerClass.LV_NON_RESIDENT)
    response = api.post("/api/v1/orderly/load-profiles/", {
        "customer": other.account_number, "tier": "general", "contracted_capacity_kw": 100,
        "peak_load_kw": 90, "security_load_kw": 20, "curtailable_load_kw": 50}, format="json")
    assert response.status_code == 400 and "customer" in response.json()["fields"]


def test_api_plan_workflow_and_scope(tree, plan, day):
    api = api_client(tree.a.users["dispatcher"])
    listed = api.get("/api/v1/orderly/plans/").json()
    assert [p["id"] for p in listed["results"]] == [plan.pk]
    assert api_client(tree.b.users["manager"]).get(f"/api/v1/orderly/plans/{plan.pk}/").status_code == 404
    assert api.post(f"/api/v1/orderly/plans/{plan.pk}/publish/").status_code == 400  # not approved yet
    # The test's forecast covers two hours of the day: approval needs that acknowledged.
    refused = api.post(f"/api/v1/orderly/plans/{plan.pk}/approve/", {}, format="json")
    assert refused.status_code == 400 and "accept_gaps" in refused.json()["fields"]
    approved = api.post(f"/api/v1/orderly/plans/{plan.pk}/approve/", {"accept_gaps": True}, format="json")
    assert approved.json()["status"] == "approved"
    assert api.post(f"/api/v1/orderly/plans/{plan.pk}/publish/").json()["status"] == "published"
    rows = api.get(f"/api/v1/orderly/plans/{plan.pk}/allocations/").json()["results"]
    assert rows[0]["tier"] == "restricted" and rows[0]["shed_kw"] == 100
    response = api.post(f"/api/v1/orderly/plans/{plan.pk}/compliance/",
                        [{"allocation": rows[0]["id"], "measured_load_kw": -3}], format="json")
    assert response.status_code == 400


def test_api_forecast_level_and_overlap(tree, day):
    api = api_client(tree.a.users["manager"])
    body = {"unit": tree.a.unit.code, "start": at(day, 9).isoformat(), "end": at(day, 10).isoformat(),
            "max_demand_kw": 1000, "gap_kw": 200}
    response = api.post("/api/v1/orderly/forecasts/", body, format="json")
    assert response.status_code == 201 and response.json()["level"] == "orange"  # exactly 20%: orange
    response = api.post("/api/v1/orderly/forecasts/", body, format="json")
    assert response.status_code == 400 and "start" in response.json()["fields"]
    body["unit"] = tree.b.unit.code  # another county's unit answers like one that does not exist
    response = api.post("/api/v1/orderly/forecasts/", body, format="json")
    assert response.status_code == 400 and "unit" in response.json()["fields"]
