"""The indices on an example computed by hand (1000 customers, January 2025: 31 days = 744 hours)."""
import datetime as dt
import math

import pytest

from wanjia.commitments.models import QualityFloor
from wanjia.customers.models import Customer
from wanjia.org.models import Role
from wanjia.repairs.models import Outage, ReliabilityStandard
from wanjia.repairs.reliability import major_event_days, reliability_indices
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
