"""Pages, exports and the scope rule: a county manager sees their county's figures and never another's."""
import io

import pytest
from openpyxl import load_workbook

from wanjia.core.testing import make_customer, make_user
from wanjia.customers.models import CustomerClass
from wanjia.kpi.registry import KPIS
from wanjia.org.models import Role


@pytest.fixture
def data(tree):
    for _ in range(3):
        make_customer(tree.a)
    make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT)
    for _ in range(7):
        make_customer(tree.b)
    return tree


def _client(client, user):
    client.force_login(user)
    return client


def test_county_manager_sees_own_county_figures(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    response = c.get("/kpi/?format=json")
    assert response.status_code == 200
    body = response.json()
    assert body["unit"]["code"] == "TA"
    total = next(k for k in body["kpis"] if k["code"] == "customers.total")
    assert total["value"] == 4
    assert {r["code"] for r in body["ranking"]["customers.total"]} == {"TAS1", "TAS2", "TAS3", "TAH"}
    assert "TB" not in response.content.decode()
    page = c.get("/kpi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "乙县" not in html and "甲县" in html
    assert "/customers/?unit=TA" in html  # the figure links to the records behind it


def test_picking_another_county_is_refused(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    response = c.get(f"/kpi/?unit={data.b.unit.pk}&format=json")
    assert response.status_code == 400
    assert "unit" in response.json()["fields"]
    assert c.get(f"/kpi/?unit={data.b.unit.pk}").status_code == 400
    assert c.get(f"/kpi/k/customers.total/?unit={data.b.unit.pk}").status_code == 400
    assert c.get(f"/kpi/map/data/?unit={data.b.unit.pk}").status_code == 400


def test_province_manager_sees_the_rollup_and_can_drill_down(client, data):
    c = _client(client, data.province_manager)
    body = c.get("/kpi/?format=json").json()
    assert next(k for k in body["kpis"] if k["code"] == "customers.total")["value"] == 11
    body = c.get(f"/kpi/?unit={data.b.unit.pk}&format=json").json()
    assert next(k for k in body["kpis"] if k["code"] == "customers.total")["value"] == 7


def test_bad_period_gets_field_messages(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    response = c.get("/kpi/?preset=custom&start=2026-03-01&end=2026-02-01&format=json")
    assert response.status_code == 400 and "end" in response.json()["fields"]
    assert c.get("/kpi/?start=not-a-date&format=json").status_code == 400


def test_user_without_unit_sees_nothing(client, data):
    c = _client(client, make_user("nobody", None, Role.MANAGER))
    assert c.get("/kpi/?format=json").status_code == 400


def test_excel_exports_have_chinese_headers_and_numbers(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    response = c.get("/kpi/?format=xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:3] == ["指标", "下级单位排名", "月度趋势"]
    rows = list(wb["指标"].iter_rows(values_only=True))
    assert rows[0][:2] == ("指标代码", "指标")
    total = next(r for r in rows if r[0] == "customers.total")
    assert total[4] == 4 and isinstance(total[4], (int, float))
    detail = load_workbook(io.BytesIO(c.get("/kpi/k/customers.total/?format=xlsx").content))
    parts = {r[1]: r[2] for r in detail.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert parts == {"合计": 4, str(CustomerClass.RESIDENT.label): 3, str(CustomerClass.LV_NON_RESIDENT.label): 1}
    definitions = load_workbook(io.BytesIO(c.get("/kpi/definitions/?format=xlsx").content))
    assert definitions.worksheets[0].cell(1, 3).value == "公式"


def test_dashboard_prints_to_pdf(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    response = c.get("/kpi/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"STSong-Light" in response.content


def test_map_data_only_inside_scope(client, data):
    c = _client(client, data.a.users[Role.DISPATCHER])
    body = c.get("/kpi/map/data/").json()
    names = {f["properties"]["name"] for f in body["boundaries"]["features"]}
    assert names and all(n.startswith("甲县") for n in names)
    assert [p["label"] for p in body["layers"]["halls"]] == ["甲县营业厅"]
    assert c.get("/kpi/map/").status_code == 200


def test_home_panel_shows_the_users_kpis(client, data):
    c = _client(client, data.a.users[Role.MANAGER])
    html = c.get("/").content.decode()
    assert 'id="kpi-home-panel"' in html and str(KPIS["customers.total"].name) in html
    # A dispatcher sees the repair KPIs that name its role, not the customer register's.
    desk_html = _client(client, data.a.users[Role.DISPATCHER]).get("/").content.decode()
    assert str(KPIS["repairs.arrival_on_time"].name) in desk_html
    assert str(KPIS["customers.total"].name) not in desk_html


def test_definitions_page_lists_formulas(client, data):
    c = _client(client, data.a.users[Role.AUDITOR])
    html = c.get("/kpi/definitions/").content.decode()
    assert "customers.total" in html and str(KPIS["customers.total"].formula) in html
    assert c.get("/kpi/k/nope/").status_code == 404


def test_records_to_act_on_and_map_points_stay_in_scope(client, tree):
    """Overdue repair orders of both counties: county A's manager gets A's in the action list, the map, the
    Excel workbook and the PDF, and nothing of county B's."""
    from django.utils import timezone

    from wanjia.repairs.models import RepairOrder
    from wanjia.repairs.tests.helpers import intake

    numbers = {}
    for county in (tree.a, tree.b):
        order = intake(make_customer(county), latitude=county.station.latitude, longitude=county.station.longitude)
        RepairOrder.objects.filter(pk=order.pk).update(arrival_due=timezone.now() - timezone.timedelta(hours=1))
        numbers[county.unit.code] = order.number
    c = _client(client, tree.a.users[Role.MANAGER])
    body = c.get("/kpi/?format=json").json()
    overdue = next(a for a in body["actions"] if a["code"] == "repairs.overdue")
    assert [r["label"] for r in overdue["rows"]] == [numbers["TA"]]
    assert numbers["TB"] not in str(body)
    layer = c.get("/kpi/map/data/").json()["layers"]["repair_orders"]
    assert [p["label"] for p in layer] == [numbers["TA"]]
    workbook = load_workbook(io.BytesIO(c.get("/kpi/?format=xlsx").content))
    cells = [str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert numbers["TA"] in cells and numbers["TB"] not in cells
    assert c.get("/kpi/?format=pdf").status_code == 200


def test_each_role_sees_its_own_kpis_first(client, data):
    c = _client(client, data.a.users[Role.DISPATCHER])
    codes = [k["code"] for k in c.get("/kpi/?format=json").json()["kpis"]]
    featured = [code for code, kpi in KPIS.items() if Role.DISPATCHER in kpi.roles]
    assert featured and codes[:len(featured)] == featured
    assert set(codes) == set(KPIS)  # the rest follow


def test_rest_api_keeps_to_the_scope(data):
    from wanjia.core.testing import api_client

    api = api_client(data.a.users[Role.MANAGER])
    body = api.get("/api/v1/kpi/dashboard/").json()
    assert body["unit"]["code"] == "TA"
    assert next(k for k in body["kpis"] if k["code"] == "customers.total")["value"] == 4
    refused = api.get(f"/api/v1/kpi/dashboard/?unit={data.b.unit.pk}")
    assert refused.status_code == 400 and "unit" in refused.json()["fields"]
    assert api_client(None).get("/api/v1/kpi/dashboard/").status_code in (401, 403)
    definitions = api.get("/api/v1/kpi/definitions/").json()
    assert {d["code"] for d in definitions} == set(KPIS)
