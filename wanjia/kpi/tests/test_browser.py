"""The dashboard in Chromium, as county A's manager: the charts draw with county A's figures, and nothing of
county B reaches the page."""
import pytest

from wanjia.core.testing import make_customer, sign_in
from wanjia.customers.models import CustomerClass
from wanjia.org.models import Role


@pytest.mark.browser
def test_county_manager_dashboard_in_the_browser(transactional_db, tree, browser_page):
    for _ in range(5):
        make_customer(tree.a)
    make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT, station=tree.a.rural_station)
    for _ in range(9):
        make_customer(tree.b)
    page = browser_page
    manager = tree.a.users[Role.MANAGER]
    sign_in(page, manager.username)
    page.goto(f"{page.base_url}/kpi/?kpi=customers.total")
    card = page.locator(".kpi-card[data-kpi='customers.total'] .kpi-value")
    assert card.inner_text().split()[0] == "6"
    # ECharts has drawn both charts onto canvases, the ranking with county A's stations.
    page.wait_for_function("window.kpiCharts && window.kpiCharts.ranking.getOption().series[0].data.length > 0")
    assert page.locator("#trend-chart canvas").count() == 1
    assert page.locator("#ranking-chart canvas").count() == 1
    ranked = page.evaluate("window.kpiCharts.ranking.getOption().yAxis[0].data")
    assert "甲县城区供电所" in ranked and not any(name.startswith("乙县") for name in ranked)
    values = page.evaluate("window.kpiCharts.ranking.getOption().series[0].data.map(d => d.value)")
    assert sorted(v for v in values if v) == [1, 5]
    trend = page.evaluate("window.kpiCharts.trend.getOption().series[0].data")
    assert trend[-1] == 6
    html = page.content()
    assert "乙县" not in html and "TB" not in page.locator("#kpi-data").inner_text()
    options = page.locator("#id_unit option").all_inner_texts()
    assert not any("乙县" in o for o in options)
    page.screenshot(path=str(page.out_dir / "kpi-dashboard-county-a.png"), full_page=True)
