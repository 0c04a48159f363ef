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


@pytest.mark.browser(viewport={"width": 390, "height": 844})
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pick_a_village_of_the_county_then_copy_the_number_and_follow_it(browser_page, tree):
    from django.apps import apps

    PlaceName = apps.get_model("repairs", "PlaceName")
    village = PlaceName.objects.create(name="上寨村", code="shangzhai", station=tree.a.rural_station)
    PlaceName.objects.create(name="石门村", code="shimen", station=tree.b.rural_station)
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.goto(f"{page.base_url}/portal/report/")
    # The tab strip is wider than the phone: it scrolls, and its fading right edge says so.
    strip = page.locator("nav.wj-scroll-x")
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", strip.element_handle())
    assert "wj-more" in strip.get_attribute("class")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.select_option("#id_category", index=0)
    page.fill("#id_description", "全村停电")
    page.fill("#id_phone", "13812345678")
    page.select_option("#id_county", tree.a.unit.code)
    page.wait_for_selector("#id_place option[value='shangzhai']", state="attached")
    options = page.locator("#id_place option").all_inner_texts()
    assert zh("上寨村") in options and zh("石门村") not in options
    page.select_option("#id_place", "shangzhai")
    page.screenshot(path=page.out_dir / "01-report-picked-village.png", full_page=True)
    page.click("#submit-report")

    number = page.locator("#order-number").inner_text(timeout=15000).strip()
    order = apps.get_model("repairs", "RepairOrder").objects.get(number=number)
    assert order.station == village.station
    page.get_by_role("button", name=zh("复制")).click()
    page.wait_for_function("document.querySelector('.wj-copy-label').textContent !== '%s'" % zh("复制"))
    assert page.evaluate("navigator.clipboard.readText()") == number
    page.screenshot(path=page.out_dir / "02-receipt-copied.png", full_page=True)
    page.click("#track-link")
    assert page.input_value("#id_number") == number
