"""Customer KPIs against a hand-counted set: county A has 3 customers (2 residents, 1 low-voltage
non-resident, one of them protected, one a school walk-in), county B has 1."""
import datetime as dt

import pytest

from wanjia.core.testing import make_customer
from wanjia.customers.models import Customer, CustomerClass, WalkInCategory
from wanjia.kpi.models import DailySummary
from wanjia.kpi.services import rebuild
from wanjia.kpi.tests.helpers import figure, local, rebuilt_snapshot, snapshot

JAN, MAR = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


@pytest.fixture
def customers(tree):
    made = {
        "a1": make_customer(tree.a),
        "a2": make_customer(tree.a, station=tree.a.rural_station, walk_in_category=WalkInCategory.SCHOOL),
        "a3": make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT, is_protected_load=True),
        "b1": make_customer(tree.b),
    }
    created = {"a1": local(2025, 12, 30), "a2": local(2026, 1, 15), "a3": local(2026, 2, 1, 0), "b1": local(2026, 2, 3)}
    for key, when in created.items():
        Customer.objects.filter(pk=made[key].pk).update(created_at=when)  # update(): no signal, so rebuild
    rebuild()
    return made


def test_stock_counts_everything_created_up_to_the_period_end(tree, customers):
    assert figure(tree.a.unit, "customers.total", JAN, MAR).value == 3
    assert figure(tree.a.unit, "customers.total", JAN, dt.date(2026, 1, 31)).value == 2
    assert figure(tree.prefecture, "customers.total", JAN, MAR).value == 4
    assert figure(tree.province, "customers.total", dt.date(2025, 1, 1), dt.date(2025, 12, 31)).value == 1


def test_breakdown_by_class_and_walk_in_category(tree, customers):
    parts = {p["key"]: p["value"] for p in figure(tree.a.unit, "customers.total", JAN, MAR).parts}
    assert parts == {CustomerClass.RESIDENT: 2, CustomerClass.LV_NON_RESIDENT: 1}
    walk_in = figure(tree.a.unit, "customers.walk_in", JAN, MAR)
    assert walk_in.value == 1 and [p["key"] for p in walk_in.parts] == [WalkInCategory.SCHOOL]
    assert figure(tree.a.unit, "customers.protected", JAN, MAR).value == 1


def test_flow_counts_only_the_period_and_compares_with_last_year(tree, customers):
    new = figure(tree.a.unit, "customers.new", JAN, MAR)
    assert new.value == 2  # a2 in January, a3 at 00:00 local time on 1 February
    assert figure(tree.a.unit, "customers.new", dt.date(2025, 12, 1), dt.date(2025, 12, 31)).value == 1
    assert new.last_year == 0


def test_a_station_counts_only_its_own_customers(tree, customers):
    assert figure(tree.a.rural_station, "customers.total", JAN, MAR).value == 1
    assert figure(tree.a.station, "customers.total", JAN, MAR).value == 2


def test_saving_a_customer_moves_its_figures_without_a_rebuild(tree, customers):
    a2 = Customer.objects.get(pk=customers["a2"].pk)
    a2.station = tree.b.station
    a2.save()
    assert figure(tree.a.unit, "customers.total", JAN, MAR).value == 2
    assert figure(tree.b.unit, "customers.total", JAN, MAR).value == 2
    customers["b1"].delete()
    assert figure(tree.b.unit, "customers.total", JAN, MAR).value == 1
    assert snapshot() == rebuilt_snapshot()


def test_rebuild_of_a_range_leaves_other_days_alone(tree, customers):
    before = snapshot()
    DailySummary.objects.filter(day__lt=JAN).update(numerator=99)
    rebuild(JAN, MAR)
    after = snapshot()
    assert {k: v for k, v in after.items() if k[3] >= JAN} == {k: v for k, v in before.items() if k[3] >= JAN}
    assert all(v[0] == 99 for k, v in after.items() if k[3] < JAN and k[0] == "DailySummary")


@pytest.mark.parametrize("start, end, new, total", [
    (dt.date(2026, 1, 15), dt.date(2026, 2, 1), 2, 3),   # part months only
    (dt.date(2026, 1, 16), dt.date(2026, 2, 28), 1, 3),  # a part month and a whole month
    (dt.date(2025, 12, 1), dt.date(2026, 1, 14), 1, 1),  # a whole month and a part month
    (dt.date(2025, 12, 31), dt.date(2026, 1, 31), 1, 2),  # one day, then a whole month
    (dt.date(2025, 1, 1), dt.date(2025, 12, 29), 0, 0),
])
def test_periods_across_month_edges(tree, customers, start, end, new, total):
    """Whole months come from the monthly rows, the edges from the daily rows: each day counts once."""
    assert figure(tree.a.unit, "customers.new", start, end).value == new
    assert figure(tree.a.unit, "customers.total", start, end).value == total


def test_monthly_trend_and_last_year(tree, customers):
    from wanjia.kpi.selectors import trend

    t = trend(tree.a.unit, dt.date(2026, 2, 15), ["customers.new", "customers.total"], months=3)
    assert t["months"] == ["2025-12", "2026-01", "2026-02"]
    assert t["series"]["customers.new"]["current"] == [1, 1, 1]
    assert t["series"]["customers.total"]["current"] == [1, 2, 3]
    assert t["series"]["customers.new"]["last_year"] == [0, 0, 0]


def test_tick_catches_writes_that_send_no_signal(tree):
    """QuerySet.update() sends no signal: the tick recomputes today and yesterday."""
    from django.utils import timezone

    from wanjia.kpi import tick

    customer = make_customer(tree.a)
    Customer.objects.filter(pk=customer.pk).update(station=tree.b.station)
    today = timezone.localdate()
    assert figure(tree.b.unit, "customers.total", today, today).value == 0  # stale until the tick
    assert tick.run(timezone.now())["summaries_recomputed"] > 0
    assert figure(tree.b.unit, "customers.total", today, today).value == 1
    assert snapshot() == rebuilt_snapshot()
