"""Business-hall screens and the public tracking page (privacy and the wrong-guess limit)."""
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections.models import Application, DesignationRecord
from wanjia.connections.selectors import application_public_status
from wanjia.connections.tests.factories import checklist, make_application, pdf, shows
from wanjia.customers.models import CustomerClass as C

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def login(client, user):
    client.force_login(user)
    return client


def test_intake_page_creates_an_application_with_documents(client, tree):
    login(client, tree.a.users["counter"])
    assert client.get(reverse("connections:intake")).status_code == 200
    files = {f"doc_{r.pk}": pdf(f"{r.code}.pdf") for r in checklist(C.RESIDENT)}
    response = client.post(reverse("connections:intake"), {
        "application_type": "new", "customer_class": "resident", "applicant_name": "赵六", "phone": "13600001111",
        "requested_kva": "10", "address": "甲县城关镇1号", "station": tree.a.station.pk, "channel": "counter",
        **files})
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("connections:detail", args=[app.pk])
    assert app.documents.count() == len(files)


def test_intake_page_shows_the_capacity_refusal(client, tree):
    login(client, tree.a.users["counter"])
    response = client.post(reverse("connections:intake"), {
        "application_type": "new", "customer_class": "resident", "applicant_name": "赵六", "phone": "13600001111",
        "requested_kva": "80", "address": "x", "station": tree.a.station.pk, "channel": "counter"})
    assert response.status_code == 400 and "50 kVA" in response.content.decode()
    assert not Application.objects.exists()


def test_checklist_fragment_follows_the_class(client, tree):
    login(client, tree.a.users["counter"])
    html = client.get(reverse("connections:checklist"), {"customer_class": "hv_dual", "application_type": "new"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert shows(html, "双电源需求说明", "营业执照")


def test_detail_actions_with_and_without_htmx(client, tree):
    app = make_application(tree.a, documents=False)
    login(client, tree.a.users["counter"])
    url = reverse("connections:action", args=[app.pk, "finish"])
    response = client.post(url, {"stage": S.ACCEPTANCE}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="workspace"' in response.content.decode()
    assert shows(response.content.decode(), "必备资料不全")
    response = client.post(url, {"stage": S.ACCEPTANCE})
    assert response.status_code == 400
    for requirement in checklist(C.RESIDENT):
        client.post(reverse("connections:action", args=[app.pk, "document"]),
                    {"requirement": requirement.pk, "file": pdf()})
    response = client.post(url, {"stage": S.ACCEPTANCE}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("connections:detail", args=[app.pk])
    app.refresh_from_db()
    assert app.status == S.SUPPLY_PLAN
    page = client.get(reverse("connections:detail", args=[app.pk])).content.decode()
    assert shows(page, "办结「供电方案答复」")


def test_designation_form_never_offers_contractors(client, tree):
    app = make_application(tree.a, customer_class=C.HV_SINGLE)
    login(client, tree.a.users["counter"])
    html = client.get(reverse("connections:detail", args=[app.pk])).content.decode()
    assert "<datalist" not in html
    assert 'name="chosen_party"' in html and 'autocomplete="off"' in html
    client.post(reverse("connections:action", args=[app.pk, "designation"]), {
        "scope": "design", "chosen_party": "客户自选设计院", "declared_by": "客户", "staff_recommended": "on",
        "recommendation_detail": "柜台人员推荐"})
    assert DesignationRecord.objects.get().is_flagged
    login(client, tree.a.users["auditor"])
    page = client.get(reverse("connections:compliance")).content.decode()
    assert "柜台人员推荐" in page
    login(client, tree.b.users["auditor"])
    assert "柜台人员推荐" not in client.get(reverse("connections:compliance")).content.decode()


def test_county_b_sees_nothing_of_county_a(client, tree):
    app = make_application(tree.a)
    login(client, tree.b.users["manager"])
    assert client.get(reverse("connections:detail", args=[app.pk])).status_code == 404
    assert app.number not in client.get(reverse("connections:list")).content.decode()
    assert client.post(reverse("connections:action", args=[app.pk, "withdraw"]), {"reason": "x"}).status_code == 404
    login(client, tree.a.users["auditor"])
    assert client.get(reverse("connections:detail", args=[app.pk])).status_code == 200
    assert client.post(reverse("connections:action", args=[app.pk, "withdraw"]), {"reason": "x"}).status_code == 403


def test_list_export_and_figures_pages(client, tree):
    make_application(tree.a)
    login(client, tree.a.users["manager"])
    response = client.get(reverse("connections:list"), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "申请编号" and "客户跑动次数" in rows[0] and len(rows) == 2
    assert rows[1][rows[0].index("客户跑动次数")] == 1
    assert client.get(reverse("connections:figures")).status_code == 200
    assert client.get(reverse("connections:overdue")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_public_status_shows_nothing_personal(tree):
    app = make_application(tree.a, phone="13912345678")
    assert application_public_status(number=app.number, phone_last4="0000") is None
    assert application_public_status(number=app.number, phone_last4="567") is None
    status = application_public_status(number=app.number.lower(), phone_last4="5678")
    text = repr(status)
    for personal in (app.applicant_name, app.address, app.phone, "1391234"):
        assert personal not in text
    assert status["stages"][0]["stage"] == S.ACCEPTANCE
    upcoming = status["stages"][1]
    assert upcoming["stage"] == S.SUPPLY_PLAN and upcoming["limit_days"] == 3 and upcoming["due_at"] is None


def test_tracking_page_answers_and_limits_wrong_guesses(client, tree, settings):
    app = make_application(tree.a, phone="13912345678")
    url = reverse("connections:track")
    response = client.post(url, {"number": app.number, "phone_last4": "5678"})
    html = response.content.decode()
    assert response.status_code == 200 and shows(html, "业务受理") and app.applicant_name not in html
    assert "测试路" not in html
    for guess in range(5):
        assert client.post(url, {"number": app.number, "phone_last4": f"000{guess}"}).status_code == 404
    blocked = client.post(url, {"number": app.number, "phone_last4": "5678"})
    assert blocked.status_code == 429 and shows(blocked.content.decode(), "查询错误次数过多")
    # another number from the same address still works until the address limit is reached
    other = make_application(tree.a, phone="13700009999")
    assert client.post(url, {"number": other.number, "phone_last4": "9999"}).status_code == 200


def test_tracking_page_limits_by_address_across_numbers(client, tree):
    url = reverse("connections:track")
    for i in range(20):
        assert client.post(url, {"number": f"YK20260101{i:06d}", "phone_last4": "1234"}).status_code == 404
    assert client.post(url, {"number": "YK20260101999999", "phone_last4": "1234"}).status_code == 429


def test_tracking_page_rejects_malformed_input(client, tree):
    response = client.post(reverse("connections:track"), {"number": "", "phone_last4": "12a4"})
    assert response.status_code == 400 and shows(response.content.decode(), "请输入4位数字")


def test_figures_page_never_shows_another_countys_unit(client, tree):
    login(client, tree.a.users["manager"])
    page = client.get(reverse("connections:figures"), {"unit": tree.b.unit.pk, "start": "2026-01-01",
                                                       "end": "2026-12-31"}).content.decode()
    assert tree.b.unit.name not in page and tree.a.unit.name in page
    page = client.get(reverse("connections:compliance"), {"unit": tree.b.unit.pk, "start": "2026-01-01",
                                                          "end": "2026-12-31"}).content.decode()
    assert tree.b.unit.name not in page
