"""The hall screens in Chromium: the checklist follows the class without a reload, a refused action shows its
reason in place, the public page answers without login."""
import pytest

from wanjia.connections.models import Application
from wanjia.connections.tests.factories import either, make_application, shows
from wanjia.core.testing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_intake_and_refused_finish_in_place(browser_page, tree):
    page = browser_page
    sign_in(page, tree.a.users["counter"].username)
    page.goto(page.base_url + "/connections/new/")
    assert "双电源需求说明" not in page.locator("#checklist").inner_text()
    page.select_option("select[name=customer_class]", "hv_dual")
    page.wait_for_function("document.querySelector('#checklist').innerText.includes('双电源需求说明')")
    page.fill("[name=applicant_name]", "某某医院")
    page.fill("[name=phone]", "13811112222")
    page.fill("[name=requested_kva]", "2000")
    page.fill("[name=address]", "甲县人民路1号")
    page.select_option("select[name=station]", str(tree.a.station.pk))
    page.get_by_role("button", name=either("受理")).click()
    page.wait_for_url("**/connections/*/")
    app = Application.objects.get()
    page.get_by_role("button", name=either("办结本环节")).click()
    page.wait_for_selector("#workspace .alert-danger")
    assert shows(page.locator("#workspace").inner_text(), "必备资料不全")
    assert page.url.endswith(f"/connections/{app.pk}/")
    page.screenshot(path=str(page.out_dir / "workspace-refusal.png"), full_page=True)


@pytest.mark.browser(viewport={"width": 390, "height": 844})
def test_public_tracking_on_a_phone(browser_page, tree):
    app = make_application(tree.a, phone="13900001234")
    page = browser_page
    page.goto(page.base_url + "/connections/track/")
    page.fill("[name=number]", app.number)
    page.fill("[name=phone_last4]", "1234")
    page.get_by_role("button", name=either("查询")).click()
    page.wait_for_selector("table")
    text = page.inner_text("main")
    assert shows(text, "业务受理") and app.applicant_name not in text
    page.screenshot(path=str(page.out_dir / "track-phone.png"), full_page=True)
