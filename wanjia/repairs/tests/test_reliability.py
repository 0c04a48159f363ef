"""The indices on an example computed by hand (1000 customers, January 2025: 31 days = 744 hours)."""
import datetime as dt
import math

import pytest
from django.utils import timezone

from wanjia.commitments.models import QualityFloor
from wanjia.core import hostile
from wanjia.core.testing import embedded_json
from wanjia.customers.models import Customer
from wanjia.org.models import Role, Unit
from wanjia.repairs.models import Outage, ReliabilityStandard
from wanjia.repairs.reliability import child_indices, major_event_days, monthly_indices, reliability_indices
from wanjia.repairs.tests.helpers import at

JAN = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


@pytest.fixture
def thousand(tree):
    from wanjia.core.testing import make_customer

    make_customer(tree.a)
    Customer.objects.bulk_create([Customer(account_number=f"BULK{i:06d}", name="x", customer_class="resident",
                                           address="x", station=tree.a.station) for i in range(999)])
    return tree


def outage(tree, start, minutes, customers, kind="unplanned", cause="equipment"):
    o = Outage(kind=kind, station=tree.a.station, feeder=tree.a.feeder, started_at=start,
               restored_at=start + dt.timedelta(minutes=minutes), customers_affected=customers, cause=cause)
    o.save()
    return o


@pytest.fixture
def example(thousand):
    tree = thousand
    outage(tree, at(2025, 1, 3, 8), 120, 100)                     # A
    outage(tree, at(2025, 1, 5, 8), 30, 200, cause="external")    # B
    outage(tree, at(2025, 1, 7, 8), 2, 50)                        # C: momentary under both
    outage(tree, at(2025, 1, 9, 8), 4, 300)                       # D: momentary (IEEE) / sustained (DL/T)
    outage(tree, at(2025, 1, 11, 8), 60, 400, kind="planned", cause="maintenance")  # E
    outage(tree, at(2025, 1, 13, 8), 60, 10, cause="supply_shortage")              # F
    outage(tree, at(2025, 2, 1, 0, 0), 60, 999)                   # outside the period
    return tree


def test_ieee_1366(example):
    ind = reliability_indices(unit=example.a.unit, start=JAN[0], end=JAN[1],
                              standard=ReliabilityStandard.objects.get(code="ieee-1366-2012"))
    # sustained: A, B, E, F → CI = 100+200+400+10 = 710; CMI = 12000+6000+24000+600 = 42600
    assert ind.customers_total == 1000 and ind.period_hours == 744
    assert (ind.sustained_events, ind.momentary_events) == (4, 2)
    assert ind.saifi == pytest.approx(0.71)
    assert ind.saidi_minutes == pytest.approx(42.6)
    assert ind.caidi_minutes == pytest.approx(60.0)
    assert ind.asai == pytest.approx(1 - 0.71 / 744)
    assert ind.maifi == pytest.approx(0.35)  # C + D


def test_dlt_836(example):
    ind = reliability_indices(unit=example.a.unit, start=JAN[0], end=JAN[1],
                              standard=ReliabilityStandard.objects.get(code="dlt-836.1-2016"))
    # sustained (> 3 min): A, B, D, E, F → CI 1010; CMI 43800 → AIHC 0.73 h
    assert ind.aitc == pytest.approx(1.01)
    assert ind.aihc_hours == pytest.approx(0.73)
    assert ind.rs1 == pytest.approx(1 - 0.73 / 744)
    assert ind.rs2 == pytest.approx(1 - 0.63 / 744)      # without B (external): 37800
    assert ind.rs3 == pytest.approx(1 - 0.72 / 744)      # without F (supply shortage): 43200
    assert ind.aihc_hours_excl_planned == pytest.approx(0.33)  # without E: 19800
    assert ind.aitc_excl_planned == pytest.approx(0.61)
    assert ind.rs1_excl_planned == pytest.approx(1 - 0.33 / 744)
    assert ind.maifi == pytest.approx(0.05)


def test_sibling_county_sees_none_of_it(example):
    ind = reliability_indices(unit=example.b.unit, start=JAN[0], end=JAN[1])
    assert ind.customers_total == 0 and ind.saifi is None and ind.sustained_events == 0


def test_major_event_day_by_2_5_beta(thousand):
    """History: daily SAIDI e¹, e², e³ → α = 2, β = 1 (sample), T_MED = e^4.5 ≈ 90.0 minutes.
    In the period a day of 100 minutes is a major event day, a day of 50 is not."""
    tree = thousand
    for k, day in zip((1, 2, 3), (3, 4, 5)):
        outage(tree, at(2024, 6, day, 10), 10 * math.e ** k, 100)  # 100 × 10e^k / 1000 = e^k
    big = outage(tree, at(2025, 1, 10, 10), 1000, 100)   # daily SAIDI 100
    outage(tree, at(2025, 1, 20, 10), 500, 100)          # daily SAIDI 50
    med = major_event_days(unit=tree.a.unit, start=JAN[0], end=JAN[1])
    assert med.alpha == pytest.approx(2) and med.beta == pytest.approx(1)
    assert med.threshold_minutes == pytest.approx(math.exp(4.5))
    assert med.days == [(big.started_at.date(), pytest.approx(100))]
    with_med = reliability_indices(unit=tree.a.unit, start=JAN[0], end=JAN[1])
    without = reliability_indices(unit=tree.a.unit, start=JAN[0], end=JAN[1], exclude_med=True)
    assert with_med.saidi_minutes == pytest.approx(150)
    assert without.saidi_minutes == pytest.approx(50) and without.sustained_events == 1


def test_no_history_means_no_major_event_days(thousand):
    outage(thousand, at(2025, 1, 10, 10), 1000, 100)
    med = major_event_days(unit=thousand.a.unit, start=JAN[0], end=JAN[1])
    assert med.threshold_minutes is None and med.days == []


def reliability_page(client, tree, user):
    client.force_login(user)
    return client.get("/repairs/reliability/", {"unit": tree.a.unit.code, "start": "2025-01-01",
                                                "end": "2025-01-31", "standard": "dlt-836.1-2016"}).content.decode()


def test_unit_below_the_urban_reliability_floor_is_flagged(client, thousand):
    """600 minutes for all 1000 customers: AIHC 10 h, RS-1 = 1 − 10/744 ≈ 0.9866 < 99%."""
    outage(thousand, at(2025, 1, 3, 8), 600, 1000)
    page = reliability_page(client, thousand, thousand.a.users[Role.MANAGER])
    assert 'id="rs1-below-floor"' in page and 'id="asai-below-floor"' in page
    assert "城市地区年供电可靠率" in page and "供电监管办法" in page and "包含全部地区" in page
    # a county B manager cannot pick county A: sees their own unit, with no outages and no flag
    other = reliability_page(client, thousand, thousand.b.users[Role.MANAGER])
    assert 'id="rs1-below-floor"' not in other


def test_unit_above_the_floor_is_not_flagged(client, example):
    page = reliability_page(client, example, example.a.users[Role.MANAGER])
    assert "SAIFI" in page and 'id="rs1-below-floor"' not in page and 'id="asai-below-floor"' not in page


def test_the_floor_is_data(client, thousand):
    outage(thousand, at(2025, 1, 3, 8), 600, 1000)
    QualityFloor.objects.filter(code="urban-reliability").update(threshold="0.98")
    assert 'id="rs1-below-floor"' not in reliability_page(client, thousand, thousand.a.users[Role.MANAGER])


def test_monthly_indices_list_every_month_and_cut_the_first_and_last_to_the_period(example):
    ieee = ReliabilityStandard.objects.get(code="ieee-1366-2012")
    months = monthly_indices(unit=example.a.unit, start=dt.date(2024, 12, 20), end=dt.date(2025, 2, 14),
                             standard=ieee)
    assert [m.label for m in months] == ["2024-12", "2025-01", "2025-02"]
    december, january, february = months
    assert (december.saifi, december.saidi_minutes, december.caidi_minutes) == (0, 0, None)
    assert december.period_hours == 12 * 24 and february.period_hours == 14 * 24
    assert january.saifi == pytest.approx(0.71) and january.saidi_minutes == pytest.approx(42.6)
    assert january.asai == pytest.approx(1 - 42.6 / 60 / 744)
    # 1 February: 999 customers for an hour
    assert february.saifi == pytest.approx(0.999) and february.caidi_minutes == pytest.approx(60)
    assert february.asai == pytest.approx(1 - 59.94 / 60 / 336)


def test_monthly_indices_leave_out_the_excluded_days(example):
    ieee = ReliabilityStandard.objects.get(code="ieee-1366-2012")
    [january] = monthly_indices(unit=example.a.unit, start=JAN[0], end=JAN[1], standard=ieee,
                                excluded_days=[dt.date(2025, 1, 11)])  # E: 400 customers × 60 minutes
    assert january.saidi_minutes == pytest.approx(42.6 - 24)


@pytest.fixture
def two_counties(example):
    """Besides county A's 1000 customers and January outages: county B with 100 customers and one outage
    of 30 minutes for 50 of them."""
    tree = example
    Customer.objects.bulk_create([Customer(account_number=f"B{i:06d}", name="y", customer_class="resident",
                                           address="y", station=tree.b.station) for i in range(100)])
    Outage(kind="unplanned", station=tree.b.station, feeder=tree.b.feeder, started_at=at(2025, 1, 4, 9),
           restored_at=at(2025, 1, 4, 9, 30), customers_affected=50, cause="equipment").save()
    return tree


def test_child_indices_rank_the_units_below_worst_first(two_counties):
    tree = two_counties
    ieee = ReliabilityStandard.objects.get(code="ieee-1366-2012")
    a, b = child_indices(unit=tree.prefecture, start=JAN[0], end=JAN[1], standard=ieee)
    # A: SAIDI 42.6; B: 50 × 30 / 100 = 15
    assert (a.unit, b.unit) == (tree.a.unit, tree.b.unit)
    assert a.saidi_minutes == pytest.approx(42.6) and a.customers_total == 1000
    assert (b.saifi, b.saidi_minutes, b.caidi_minutes) == (pytest.approx(0.5), pytest.approx(15), pytest.approx(30))
    # A county's stations: the urban one holds every customer; the others have none and come last.
    stations = child_indices(unit=tree.a.unit, start=JAN[0], end=JAN[1], standard=ieee)
    assert [s.unit for s in stations] == [tree.a.station, tree.a.rural_station, tree.a.remote_station]
    assert stations[0].saifi == pytest.approx(0.71) and stations[1].saifi is None


def _chart(response) -> dict:
    return embedded_json(response, "reliability-data")


def test_reliability_page_draws_the_trend_and_the_ranking_from_the_figures(client, two_counties):
    tree = two_counties
    client.force_login(tree.province_manager)
    response = client.get("/repairs/reliability/", {"unit": tree.prefecture.code, "start": "2025-01-01",
                                                    "end": "2025-02-28", "standard": "ieee-1366-2012"})
    chart = _chart(response)
    assert [m["label"] for m in chart["months"]] == ["2025-01", "2025-02"]
    # January: A's 710 + B's 50 customer interruptions over 1100 customers
    assert chart["months"][0]["saifi"] == pytest.approx(760 / 1100)
    assert [i["key"] for i in chart["indices"]] == ["saifi", "saidi", "caidi", "asai"]
    a, b = chart["children"]
    # A: January's 42600 + February's 59940 customer-minutes over 1000 customers, worse than B's 15
    assert a["label"] == "甲县" and a["saidi"] == pytest.approx(102.54) and b["saidi"] == pytest.approx(15)
    # A bar opens the county's own page for the same period and standard.
    assert a["href"].startswith("/repairs/reliability/?") and "unit=TA" in a["href"] and "start=2025-01-01" in a["href"]
    page = response.content.decode()
    assert 'id="trend-chart"' in page and 'id="ranking-chart"' in page and "repairs/reliability.js" in page
    # A county's stations are ranked but open nothing (the page is for counties and above).
    county = _chart(client.get("/repairs/reliability/", {"unit": "TA", "start": "2025-01-01", "end": "2025-01-31"}))
    assert [c["href"] for c in county["children"]] == [None, None, None]


def test_reliability_page_defaults_to_twelve_calendar_months(client, example):
    client.force_login(example.a.users[Role.MANAGER])
    months = [m["label"] for m in _chart(client.get("/repairs/reliability/"))["months"]]
    today = timezone.localdate()
    year_before = dt.date(today.year - 1, today.month, 1) + dt.timedelta(days=31)
    assert len(months) == 12 and months[-1] == f"{today:%Y-%m}" and months[0] == f"{year_before:%Y-%m}"


def test_hostile_unit_names_stay_text_on_the_reliability_page(client, two_counties):
    tree = two_counties
    Unit.objects.filter(pk=tree.a.unit.pk).update(name=hostile.TAG)
    client.force_login(tree.province_manager)
    response = client.get("/repairs/reliability/", {"unit": tree.prefecture.code})
    page = response.content.decode()
    assert hostile.TAG not in page and "&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert _chart(response)["children"][0]["label"] == hostile.TAG  # json_script escaped it; JSON gives it back
