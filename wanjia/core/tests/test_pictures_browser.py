"""The pictures behave as a user expects, in Chromium: a bar opens the next level and Back returns, charts
follow the window's width, the unit tree's filter shows the matches with the units above them and clearing it
restores the folds."""
import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer, sign_in
from wanjia.halls.models import DissatisfactionReason, EvaluationChannel, Rating
from wanjia.halls.services import evaluation_submit, hall_profile_save, visit_record
from wanjia.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHART_WIDTH = "(sel) => echarts.getInstanceByDom(document.querySelector(sel)).getWidth()"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _bar_point(page, selector: str, index: int) -> dict:
    """A point on the page just inside the end of bar `index`."""
    return page.evaluate("""([sel, index]) => {
      const el = document.querySelector(sel);
      const chart = echarts.getInstanceByDom(el);
      const value = chart.getOption().series[0].data[index];
      const [x, y] = chart.convertToPixel({seriesIndex: 0}, [value, index]);
      const box = el.getBoundingClientRect();
      return {x: box.left + x - 4, y: box.top + y};
    }""", [selector, index])


@pytest.fixture
def rated(tree):
    for county, rating in ((tree.a, Rating.SATISFIED), (tree.b, Rating.DISSATISFIED)):
        hall = hall_profile_save(unit=county.hall, counters=1, services=[], actor=county.users[Role.MANAGER])
        visit = visit_record(hall=hall, counter_no=1, actor=None, served_at=timezone.now())
        reasons = DissatisfactionReason.objects.all()[:1] if rating == Rating.DISSATISFIED else []
        evaluation_submit(visit=visit, rating=rating, reasons=reasons, channel=EvaluationChannel.COUNTER)
    return tree


def test_a_hall_ratings_bar_opens_the_next_level_and_back_returns(browser_page, rated):
    page = browser_page
    sign_in(page, rated.province_manager.username)
    page.goto(f"{page.base_url}/halls/figures/?unit={rated.prefecture.code}")
    page.wait_for_selector("#satisfaction-chart canvas")
    point = _bar_point(page, "#satisfaction-chart", 0)  # county A: 100%, first
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(lambda url: f"unit={rated.a.unit.code}" in url)
    page.wait_for_selector("#satisfaction-chart canvas")
    page.screenshot(path=str(page.out_dir / "county-level.png"))
    page.go_back()
    page.wait_for_url(lambda url: f"unit={rated.prefecture.code}" in url)
    assert page.locator("#satisfaction-chart canvas").count() == 1


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


def test_unit_tree_filter_and_folds(browser_page, tree):
    page = browser_page
    sign_in(page, tree.province_manager.username)
    page.goto(f"{page.base_url}/org/")
    names = lambda: page.locator("#unit-tree .unit-name:visible").all_text_contents()  # noqa: E731
    everything = names()
    assert len(everything) == 12  # a tree this small starts unfolded
    page.fill("#unit-filter", "乙县农村")
    assert names() == [tree.province.name, tree.prefecture.name, tree.b.unit.name, tree.b.rural_station.name]
    assert "1" in page.locator("#unit-filter-status").text_content()
    page.fill("#unit-filter", "")
    assert names() == everything
    page.click("#unit-collapse")
    assert page.locator("#unit-tree summary:visible").count() == 1  # only the top unit's line
    page.click("#unit-expand")
    assert names() == everything
