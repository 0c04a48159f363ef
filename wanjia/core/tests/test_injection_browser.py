"""Hostile stored text on the pages that draw charts and maps, in Chromium: every tooltip and popup is opened
and must show the text literally, with no element made from it and no script run (a dialog fails the test)."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign.services import activity_day_record
from wanjia.campaign.testing import make_campaign
from wanjia.core import hostile
from wanjia.core.testing import make_customer, sign_in
from wanjia.org.models import Role, Unit
from wanjia.payments.models import ChannelKind
from wanjia.payments.services import channel_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Collects every Leaflet map as it is made (Leaflet assigns window.L once it has loaded).
COLLECT_MAPS = """
window.__maps = [];
let leaflet;
Object.defineProperty(window, "L", {configurable: true, get() { return leaflet; }, set(value) {
  leaflet = value;
  if (value && value.Map && !value.__collected) {
    value.__collected = true;
    value.Map.addInitHook(function () { window.__maps.push(this); });
  }
}});
"""

# Opens each bound tooltip and popup in turn; returns what each showed as text and how many elements
# other than the library's own frame it held.
OPEN_MAP_OVERLAYS = """
() => {
  const shown = [];
  const read = (pane) => {
    const el = document.querySelector(pane);
    return {text: el.textContent, injected: el.querySelectorAll("img, script, iframe, svg, [onerror]").length};
  };
  const visit = (map, layer) => {
    // Where it opens does not matter here, only what it shows.
    if (layer.getTooltip && layer.getTooltip()) {
      layer.openTooltip(map.getCenter());
      shown.push(read(".leaflet-tooltip-pane"));
      layer.closeTooltip();
    }
    if (layer.getPopup && layer.getPopup()) {
      layer.openPopup(map.getCenter());
      shown.push(read(".leaflet-popup-pane"));
      layer.closePopup();
    }
  };
  window.__maps.forEach((map) => map.eachLayer((layer) => visit(map, layer)));
  const control = document.querySelector(".leaflet-control-layers");
  if (control) shown.push({text: control.textContent,
                           injected: control.querySelectorAll("img, script, iframe, [onerror]").length});
  return shown;
}
"""

# A unit name holds at most 100 characters (PostgreSQL enforces it): the hostile text cut to fit.
UNIT_NAME = hostile.MIXED[:100]


def _chart_tip(page, selector: str, series: int, index: int) -> dict:
    """Shows an ECharts tooltip for one data item and reads it back."""
    return page.evaluate("""([selector, series, index]) => new Promise((resolve) => {
      const chart = echarts.getInstanceByDom(document.querySelector(selector));
      chart.dispatchAction({type: "showTip", seriesIndex: series, dataIndex: index});
      setTimeout(() => {
        const tips = [...document.querySelectorAll(selector + " div")].filter((d) => d.style.position === "absolute"
          && d.style.pointerEvents === "none" && d.textContent);
        const tip = tips[tips.length - 1];
        resolve({text: tip ? tip.textContent : "",
                 injected: tip ? tip.querySelectorAll("img, script, iframe, [onerror]").length : -1});
      }, 300);
    })""", [selector, series, index])


@pytest.fixture
def watched(browser_page):
    """The page, failing on any dialog (each hostile string calls alert() if it ever runs as script)."""
    dialogs = []
    browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    browser_page.add_init_script(COLLECT_MAPS)
    yield browser_page
    assert dialogs == []


def test_campaign_timeline_tooltip_shows_an_activity_day_place_as_text(watched, tree):
    page = watched
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    activity_day_record(campaign=campaign, unit=tree.a.station, date=timezone.localdate() - dt.timedelta(days=3),
                        place=hostile.MIXED, actor=manager)
    sign_in(page, manager.username)
    page.goto(f"{page.base_url}/campaign/{campaign.pk}/")
    page.wait_for_selector("#timeline canvas")
    tip = _chart_tip(page, "#timeline", 1, 0)
    assert hostile.MIXED in tip["text"] and tip["injected"] == 0
    page.screenshot(path=str(page.out_dir / "campaign-timeline-tip.png"))


CHANNEL = hostile.TAG + hostile.FILE  # the name holds 100 characters


def _plant_channels(tree, actor):
    Unit.objects.filter(pk=tree.a.station.pk).update(name=hostile.TAG)
    kind = ChannelKind.objects.filter(is_physical=True).first() or ChannelKind.objects.create(
        code="agent", name="代收点", is_physical=True)
    return channel_save(actor=actor, kind=kind, name=CHANNEL, unit=tree.a.station, address=hostile.SCRIPT,
                        hours=hostile.NOTE, latitude=25.05, longitude=100.05)


def test_coverage_map_shows_a_channel_name_planted_by_a_counter_clerk_as_text(watched, tree):
    page = watched
    _plant_channels(tree, tree.a.users[Role.COUNTER])
    make_customer(tree.a, station=tree.a.rural_station)
    sign_in(page, tree.province_manager.username)
    page.goto(f"{page.base_url}/payments/coverage/?unit={tree.a.unit.code}")
    page.wait_for_function("window.__maps.length > 0")
    shown = page.evaluate(OPEN_MAP_OVERLAYS)
    texts = " ".join(s["text"] for s in shown)
    assert CHANNEL in texts and hostile.TAG in texts
    assert all(s["injected"] == 0 for s in shown)
    page.screenshot(path=str(page.out_dir / "coverage-map.png"))


def test_kpi_map_popups_and_boundaries_show_stored_text(watched, tree):
    page = watched
    _plant_channels(tree, tree.a.users[Role.COUNTER])
    sign_in(page, tree.a.users[Role.MANAGER].username)
    page.goto(f"{page.base_url}/kpi/map/")
    page.wait_for_selector("#map[data-ready='1']")
    shown = page.evaluate(OPEN_MAP_OVERLAYS)
    texts = " ".join(s["text"] for s in shown)
    assert CHANNEL in texts and hostile.SCRIPT in texts and hostile.TAG in texts
    assert all(s["injected"] == 0 for s in shown)
    page.screenshot(path=str(page.out_dir / "kpi-map.png"))


def test_repair_board_map_shows_station_names_as_text(watched, tree):
    from wanjia.repairs.tests.helpers import intake

    page = watched
    Unit.objects.filter(pk=tree.a.station.pk).update(name=UNIT_NAME)
    intake(make_customer(tree.a))
    sign_in(page, tree.a.users[Role.DISPATCHER].username)
    page.goto(f"{page.base_url}/repairs/")
    page.wait_for_function("window.__maps.length > 0 && Object.keys(window.__maps[0]._layers).length > 3")
    shown = page.evaluate(OPEN_MAP_OVERLAYS)
    assert UNIT_NAME in " ".join(s["text"] for s in shown)
    assert all(s["injected"] == 0 for s in shown)


def test_dashboard_ranking_tooltip_shows_unit_names_as_text(watched, tree):
    page = watched
    Unit.objects.filter(pk=tree.a.unit.pk).update(name=UNIT_NAME)
    make_customer(tree.a)
    sign_in(page, tree.province_manager.username)
    page.goto(f"{page.base_url}/kpi/?kpi=customers.total&unit={tree.prefecture.pk}")
    page.wait_for_function("window.kpiCharts && window.kpiCharts.ranking.getOption().series[0].data.length > 0")
    tip = _chart_tip(page, "#ranking-chart", 0, 0)
    assert UNIT_NAME in tip["text"] and tip["injected"] == 0


def test_outage_map_popup_lists_a_hostile_village_name_as_text(watched, tree):
    from wanjia.repairs.models import Outage, PlaceName

    page = watched
    village = PlaceName.objects.create(name=hostile.TAG, code="hostile", station=tree.a.station)
    village.transformers.add(tree.a.transformers[0])
    outage = Outage.objects.create(station=tree.a.station, feeder=tree.a.feeder, area_description=hostile.SCRIPT,
                                   started_at=timezone.now() - dt.timedelta(hours=1))
    outage.transformers.add(tree.a.transformers[0])
    sign_in(page, tree.a.users[Role.DISPATCHER].username)
    page.goto(f"{page.base_url}/repairs/outages/")
    page.wait_for_selector("#outage-map[data-ready='1']")
    # Clicked as a dispatcher would: the popup lists the village by its literal name.
    page.locator("#outage-map path.leaflet-interactive[stroke='#dc3545']").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert hostile.TAG in popup.locator("li").all_inner_texts()
    assert hostile.SCRIPT in popup.inner_text() and popup.locator("img, script, [onerror]").count() == 0
    page.screenshot(path=str(page.out_dir / "outage-map-popup.png"))
    shown = page.evaluate(OPEN_MAP_OVERLAYS)
    assert hostile.TAG in " ".join(s["text"] for s in shown)
    assert all(s["injected"] == 0 for s in shown)
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0


def test_reliability_ranking_and_trend_tooltips_show_unit_names_as_text(watched, tree):
    page = watched
    Unit.objects.filter(pk=tree.a.unit.pk).update(name=UNIT_NAME)
    make_customer(tree.a)
    sign_in(page, tree.province_manager.username)
    page.goto(f"{page.base_url}/repairs/reliability/?unit={tree.prefecture.code}")
    page.wait_for_selector("#ranking-chart canvas")
    tip = _chart_tip(page, "#ranking-chart", 0, 0)  # county A: the only one with customers, so first
    assert UNIT_NAME in tip["text"] and tip["injected"] == 0
    assert _chart_tip(page, "#trend-chart", 0, 0)["injected"] == 0
