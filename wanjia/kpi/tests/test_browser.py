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


# How many pixels of the map's canvas (where the unclustered layers draw) are the repair orders' red.
RED_PIXELS = """() => {
  const canvas = document.querySelector("#map canvas");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let red = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === 220 && data[i + 1] === 53 && data[i + 2] === 69) red++;
  return red;
}"""


@pytest.mark.browser(viewport={"width": 1440, "height": 900})
def test_kpi_map_clusters_payment_points_and_every_layer_can_be_switched(transactional_db, tree, browser_page):
    from wanjia.payments.models import ChannelKind
    from wanjia.payments.services import channel_save
    from wanjia.repairs.tests.helpers import intake

    kind = ChannelKind.objects.filter(is_physical=True).first()
    for i in range(60):
        channel_save(actor=None, kind=kind, name=f"代收点{i}", unit=tree.a.station, latitude=25.05 + i / 10000,
                     longitude=100.05 + (i % 6) / 10000)
    intake(make_customer(tree.a, latitude=25.08, longitude=100.08))  # an open repair order on the map
    page = browser_page
    sign_in(page, tree.a.users[Role.MANAGER].username)
    page.goto(f"{page.base_url}/kpi/map/")
    page.wait_for_selector("#map[data-ready='1']")
    # Sixty points make a few counted clusters, not sixty dots over the order.
    clusters = page.locator(".wj-map-cluster")
    assert 1 <= clusters.count() < 10
    assert sum(int(t) for t in clusters.all_inner_texts()) == 60
    assert page.evaluate(RED_PIXELS) > 20  # the order's dot is drawn (and the canvas is not squeezed to nothing)
    labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert any("缴费网点 (60)" in label for label in labels)
    assert any("未完成抢修工单 (1)" in label for label in labels) and any("单位边界" in label for label in labels)
    page.screenshot(path=str(page.out_dir / "kpi-map-clustered-1440.png"))
    page.locator(".leaflet-control-layers-overlays label", has_text="缴费网点").locator("input").uncheck()
    assert clusters.count() == 0 and page.evaluate(RED_PIXELS) > 20
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#map[data-ready='1']")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(page.out_dir / "kpi-map-clustered-390.png"), full_page=True)
