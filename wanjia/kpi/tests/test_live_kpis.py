"""LIVE KPIs are the owning apps' own five-in-place figures, and the payment points layer keeps to scope."""
import datetime as dt

import pytest

from wanjia.core.testing import make_customer
from wanjia.customers.models import WalkInCategory
from wanjia.kpi.tests.helpers import figure
from wanjia.network.models import Transformer
from wanjia.org.models import Role


@pytest.fixture
def villages(tree):
    from wanjia.payments import services
    from wanjia.payments.models import ChannelKind

    for county, lat in ((tree.a, 25.0), (tree.b, 26.0)):
        t = Transformer.objects.create(code=f"{county.unit.code}V", name="村", feeder=county.feeder, latitude=lat,
                                       longitude=100.0)
        make_customer(county, walk_in_category=WalkInCategory.VILLAGE, transformer=t)
        services.channel_save(kind=ChannelKind.objects.get(code="bank"), name=f"{county.unit.name}银行",
                              unit=county.station, latitude=lat + 0.01, longitude=100.0, actor=None)
    return tree


def test_payment_and_hall_figures_are_their_apps_figures(tree, villages):
    from wanjia.halls.scorecard import counter_service, hall_facilities
    from wanjia.payments.scorecard import fast_collection, payment_channels

    today = dt.date.today()
    start = today.replace(day=1)
    for code, source in (("payments.channel_coverage", payment_channels), ("payments.fast_collection", fast_collection),
                         ("halls.counter_satisfaction", counter_service), ("halls.facilities", hall_facilities)):
        expected = source(tree.a.unit, start, today)
        value = figure(tree.a.unit, code, start, today).value
        assert value == (None if expected is None else pytest.approx(100 * expected)), code
    coverage = figure(tree.a.unit, "payments.channel_coverage", start, today)
    assert coverage.value == pytest.approx(100) and coverage.last_year is None  # today's points only


def test_payment_points_on_the_map_stay_in_scope(client, villages):
    client.force_login(villages.a.users[Role.COUNTER])
    points = client.get("/kpi/map/data/").json()["layers"]["payment_points"]
    assert [p["label"] for p in points] == [f"{villages.a.unit.name}银行"]
