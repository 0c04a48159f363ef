"""Summaries the size of what they summarise: units below the daily floor (stations and halls by default)
keep monthly rows only and read a period's part months from their subtree's source records. Their figures,
rankings and trends equal the direct computation, no daily rows exist below the floor after a rebuild or a
fold, and the floor is a setting (at the stations it gives the old layout back)."""
import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wanjia.core.testing import make_customer
from wanjia.customers.models import Customer, CustomerClass
from wanjia.kpi.models import DailySummary, MonthlySummary
from wanjia.kpi.registry import KPIS, Kind, Period
from wanjia.kpi.selectors import figures, ranking, trend
from wanjia.kpi.services import rebuild
from wanjia.kpi.tests.helpers import direct_value, drained_snapshot, local, rebuilt_snapshot
from wanjia.org.models import UnitKind
from wanjia.repairs.tests.helpers import intake

# Around the month edges of early 2026 and a year earlier (last year's figures).
DAYS = [(2025, 1, 31), (2025, 2, 1), (2025, 3, 1), (2025, 12, 31), (2026, 1, 1), (2026, 1, 15), (2026, 1, 31),
        (2026, 2, 1), (2026, 2, 28), (2026, 3, 1), (2026, 3, 10), (2026, 3, 31)]
PERIODS = [(dt.date(2026, 1, 15), dt.date(2026, 3, 10)),  # part, whole, part
           (dt.date(2026, 1, 31), dt.date(2026, 2, 1)),   # two part months
           (dt.date(2026, 1, 1), dt.date(2026, 2, 28)),   # whole months only
           (dt.date(2026, 3, 10), dt.date(2026, 3, 31))]  # one part month


def summary_codes():
    return [code for code, kpi in KPIS.items() if kpi.kind != Kind.LIVE]


@pytest.fixture
def records(tree):
    """Customers and repair orders of county A's urban and rural stations (and one of county B's) on the
    days above, at 00:30, noon and 23:30 local time; some arrive late, some are never restored."""
    from wanjia.repairs.models import OrderStatus, RepairOrder

    stations = [tree.a.station, tree.a.rural_station]
    for i, day in enumerate(DAYS):
        for j, hour in enumerate((0, 12, 23)):
            station = stations[(i + j) % 2]
            when = local(*day, hour) + dt.timedelta(minutes=30)
            customer = make_customer(tree.a, station=station,
                                     customer_class=[CustomerClass.RESIDENT, CustomerClass.LV_NON_RESIDENT][j % 2])
            order = intake(customer)
            arrived = when + dt.timedelta(minutes=[30, 120, 60][j])
            RepairOrder.objects.filter(pk=order.pk).update(
                received_at=when, arrival_due=when + dt.timedelta(minutes=90), arrived_at=arrived,
                restored_at=arrived + dt.timedelta(minutes=100) if j != 2 else None,
                restoration_due=arrived + dt.timedelta(minutes=240),
                status=OrderStatus.CLOSED if j != 2 else OrderStatus.ARRIVED)
            Customer.objects.filter(pk=customer.pk).update(created_at=when)
    make_customer(tree.b)
    rebuild()


def assert_figures_equal_direct(unit, start, end):
    period = Period(start, end)
    last = period.last_year()
    for fig in figures(unit, period, summary_codes()):
        code = fig.kpi.code
        assert fig.value == pytest.approx(direct_value(unit, code, start, end)), (unit.code, code, start, end)
        if fig.kpi.compares:
            assert fig.last_year == pytest.approx(direct_value(unit, code, last.start, last.end)), (unit.code, code)


@pytest.mark.parametrize("start, end", PERIODS)
def test_a_station_figure_over_part_months_equals_the_direct_computation(tree, records, start, end):
    for unit in (tree.a.station, tree.a.rural_station, tree.a.unit):
        assert_figures_equal_direct(unit, start, end)
    assert figures(tree.a.station, Period(start, end), ["repairs.orders"])[0].value > 0


def test_a_counties_station_ranking_equals_the_direct_computation(tree, records):
    start, end = PERIODS[0]
    ranked = ranking(tree.a.unit, Period(start, end), summary_codes(), live=False)
    stations = {u.pk: u for u in (tree.a.station, tree.a.rural_station, tree.a.remote_station, tree.a.hall)}
    for code, rows in ranked.items():
        assert {r["id"] for r in rows} == set(stations)
        for row in rows:
            assert row["value"] == pytest.approx(direct_value(stations[row["id"]], code, start, end)), code


def test_a_stations_trend_equals_the_direct_computation(tree, records):
    end = dt.date(2026, 3, 10)
    codes = ["repairs.orders", "repairs.arrival_on_time", "customers.total", "customers.new"]
    months = trend(tree.a.rural_station, end, codes, months=3)
    assert months["months"] == ["2026-01", "2026-02", "2026-03"]
    bounds = [(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
              (dt.date(2026, 3, 1), end)]
    for code in codes:
        expected = [direct_value(tree.a.rural_station, code, *b) for b in bounds]
        assert months["series"][code]["current"] == pytest.approx(expected, abs=10 ** -(KPIS[code].decimals + 2)), code


def test_no_daily_rows_below_the_floor_after_a_rebuild_or_a_fold(tree, records):
    below = [UnitKind.STATION, UnitKind.HALL]
    assert not DailySummary.objects.filter(unit__kind__in=below).exists()
    assert MonthlySummary.objects.filter(unit__kind=UnitKind.STATION, kpi_code="repairs.orders").exists()

    intake(make_customer(tree.a, station=tree.a.remote_station))  # noted now, folded below
    intake(make_customer(tree.a, station=tree.a.hall))
    drained = drained_snapshot()
    assert not DailySummary.objects.filter(unit__kind__in=below).exists()
    assert drained == rebuilt_snapshot()
    today = dt.date.today()
    assert figures(tree.a.remote_station, Period(today.replace(day=1), today), ["repairs.orders"])[0].value == 1
    assert MonthlySummary.objects.get(unit=tree.a.remote_station, kpi_code="repairs.orders").numerator == 1
    assert MonthlySummary.objects.get(unit=tree.a.hall, kpi_code="repairs.orders").numerator == 1


@pytest.mark.parametrize("floor, kinds", [
    ("station", {UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY, UnitKind.STATION}),  # the old layout
    ("county", {UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY}),
    ("prefecture", {UnitKind.PROVINCE, UnitKind.PREFECTURE}),
])
def test_the_floor_is_a_setting(tree, records, floor, kinds):
    with override_settings(WANJIA_SUMMARY_DAILY_FLOOR=floor):
        rebuild()
        assert set(DailySummary.objects.values_list("unit__kind", flat=True).distinct()) == kinds
        intake(make_customer(tree.a, station=tree.a.rural_station))
        assert drained_snapshot() == rebuilt_snapshot()
        assert set(DailySummary.objects.values_list("unit__kind", flat=True).distinct()) == kinds
        for unit in (tree.a.rural_station, tree.a.unit):
            assert_figures_equal_direct(unit, *PERIODS[0])
    if floor == "station":
        # Every station's daily rows hold its own records of each day, as before the floor.
        rows = DailySummary.objects.filter(unit=tree.a.station, kpi_code="repairs.orders", day=dt.date(2026, 1, 1))
        assert rows.get().numerator == direct_value(tree.a.station, "repairs.orders", dt.date(2026, 1, 1),
                                                    dt.date(2026, 1, 1))


@override_settings(WANJIA_SUMMARY_DAILY_FLOOR="district")
def test_an_unknown_floor_is_a_configuration_error(tree):
    with pytest.raises(ImproperlyConfigured):
        rebuild()


def test_a_leaf_query_built_from_its_template_equals_the_one_django_builds(tree):
    """A station's part months read each KPI through a leaf query whose SQL is built once per shape and
    filled in: for every KPI, other units and days give the statement Django would build for them."""
    from wanjia.kpi.registry import summarised
    from wanjia.kpi.selectors import _LEAF_TEMPLATES, _leaf_sql, _leaf_statement

    first = ([tree.a.station.pk], [(dt.date(2026, 3, 1), dt.date(2026, 3, 10))])
    then = ([tree.b.station.pk], [(dt.date(2025, 2, 1), dt.date(2025, 2, 28))])
    for kpi in summarised():
        _leaf_statement(kpi, *first)
        sql, params = _leaf_sql(kpi, *then)
        assert _leaf_statement(kpi, *then) == (sql, list(params)), kpi.code
    assert all(template is not None for template in _LEAF_TEMPLATES.values())
