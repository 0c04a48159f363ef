"""On a phone-sized Chromium: report a fault from the portal with the phone's location, then follow it by its
number and the phone's last four digits. Screenshots go to the test's output folder."""
import re

import pytest

from wanjia.portal.views import installed
from wanjia.portal.tests.text import zh

pytestmark = pytest.mark.skipif(not installed("wanjia.repairs.services"),
                                reason="the repairs app has not been merged yet")


@pytest.mark.browser(viewport={"width": 390, "height": 844})
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_report_a_fault_and_follow_it_on_a_phone(browser_page, tree):
    page = browser_page
    station = tree.a.rural_station
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation({"latitude": station.latitude, "longitude": station.longitude, "accuracy": 20})

    page.goto(f"{page.base_url}/portal/")
    page.screenshot(path=page.out_dir / "01-portal-home.png", full_page=True)
    page.get_by_role("link", name=zh("故障报修")).first.click()
    page.wait_for_url(re.compile(r"/portal/report/$"))
    page.select_option("#id_category", index=0)
    page.fill("#id_description", "家里和邻居都停电了,电线杆上有响声")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_caller_name", "王先生")
    page.click("#locate-btn")
    page.wait_for_function("document.getElementById('id_latitude').value !== ''")
    page.screenshot(path=page.out_dir / "02-report-form.png", full_page=True)
    page.click("#submit-report")

    number = page.locator("#order-number").inner_text(timeout=15000).strip()
    assert number
    page.screenshot(path=page.out_dir / "03-report-accepted.png", full_page=True)

    page.get_by_role("link", name=zh("查询进度")).click()
    assert page.input_value("#id_number") == number
    page.fill("#id_phone_last4", "5678")
    page.get_by_role("button", name=zh("查询"), exact=True).click()
    result = page.locator("#track-result")
    result.wait_for()
    text = result.inner_text()
    assert number in text and zh("王先生") not in text and "13812345678" not in text
    assert station.name in text
    page.screenshot(path=page.out_dir / "04-tracking.png", full_page=True)
