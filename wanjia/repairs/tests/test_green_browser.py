"""The dispatcher board and the order page of a green-channel order and an unplaced Open311 report, in Chromium
at desktop and phone widths: the green order first with its target, the unplaced box, the move on the order
page (screenshots in test-results/ for review)."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer, sign_in
from wanjia.customers.models import CustomerClass, GreenChannelKind
from wanjia.repairs.models import RepairOrder
from wanjia.repairs.tests.helpers import intake


@pytest.mark.browser(viewport={"width": 1440, "height": 900})
@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_green_order_first_and_an_unplaced_report_moved(tree, browser_page, width, height):
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    now = timezone.now()
    hospital = make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT, name="城关镇卫生院",
                             green_channel=GreenChannelKind.objects.get(code="hospital"))
    ordinary = intake(make_customer(tree.a), received_at=now - dt.timedelta(minutes=40))
    green = intake(hospital, received_at=now - dt.timedelta(minutes=20))
    unplaced = intake(None, station=tree.a.station, needs_placing=True, address="后山坡三组",
                      description="没电\n【待定位】地址未能匹配到供电所:后山坡三组")
    sign_in(page, "ta-dispatcher")
    page.goto(f"{page.base_url}/repairs/")
    page.locator("#unplaced").wait_for()
    rows = page.locator("#board-panel tbody tr")
    assert green.number in rows.nth(0).inner_text() and ordinary.number in rows.nth(1).inner_text()
    assert "内部目标" in rows.nth(0).inner_text()
    page.screenshot(path=str(page.out_dir / f"board-{width}.png"), full_page=True)

    page.goto(f"{page.base_url}/repairs/orders/{green.pk}/")
    assert page.locator("#green-targets").is_visible()
    page.screenshot(path=str(page.out_dir / f"green-order-{width}.png"), full_page=True)

    page.goto(f"{page.base_url}/repairs/")
    page.locator("#unplaced a").first.click()
    page.select_option("#move-station-select", str(tree.a.rural_station.pk))
    page.locator("#move-station").get_by_role("button", name="定位").click()
    page.wait_for_load_state()
    page.screenshot(path=str(page.out_dir / f"moved-{width}.png"), full_page=True)
    assert RepairOrder.objects.get(pk=unplaced.pk).station == tree.a.rural_station
    assert page.locator("#timeline").get_by_text("转供电所").is_visible()
