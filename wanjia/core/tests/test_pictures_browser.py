"""The pictures behave as a user expects, in Chromium: charts follow the window's width."""
import pytest

from wanjia.core.testing import make_customer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHART_WIDTH = "(sel) => echarts.getInstanceByDom(document.querySelector(sel)).getWidth()"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_reliability_charts_follow_the_window_width(browser_page, tree):
    page = browser_page
    make_customer(tree.a)
    sign_in(page, tree.province_manager.username)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{page.base_url}/repairs/reliability/?unit={tree.prefecture.code}")
    page.wait_for_selector("#ranking-chart canvas")
    wide = page.evaluate(CHART_WIDTH, "#trend-chart")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(f"({CHART_WIDTH})('#trend-chart') < 390")
    assert wide > 600 and page.evaluate(OVERFLOW) <= 0
    assert page.evaluate(CHART_WIDTH, "#ranking-chart") < 390
    page.screenshot(path=str(page.out_dir / "phone.png"), full_page=True)
