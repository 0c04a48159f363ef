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
        # Placed at their transformer (coverage counts residents where they live).
        make_customer(county, walk_in_category=WalkInCategory.VILLAGE, transformer=t, latitude=None, longitude=None)
        services.channel_save(kind=ChannelKind.objects.get(code="bank"), name=f"{county.unit.name}银行",
                              unit=county.station, latitude=lat + 0.01, longitude=100.0, actor=None)
    return tree


def test_payment_and_hall_figures_are_their_apps_figures(tree, villages):
    from wanjia.halls.scorecard import hall_facilities
    from wanjia.halls.selectors import satisfaction_rate
    from wanjia.payments.scorecard import fast_collection, payment_channels

    def satisfaction(unit, start, end):  # 柜台服务到位 adds the clerks' skills; the KPI is satisfaction alone
        return satisfaction_rate(unit=unit, start=start, end=end)

    today = dt.date.today()
    start = today.replace(day=1)
    for code, source in (("payments.channel_coverage", payment_channels), ("payments.fast_collection", fast_collection),
                         ("halls.counter_satisfaction", satisfaction), ("halls.facilities", hall_facilities)):
        expected = source(tree.a.unit, start, today)
        value = figure(tree.a.unit, code, start, today).value
        assert value == (None if expected is None else pytest.approx(100 * expected)), code
    coverage = figure(tree.a.unit, "payments.channel_coverage", start, today)
    assert coverage.value == pytest.approx(100) and coverage.last_year is None  # today's points only


def test_payment_points_on_the_map_stay_in_scope(client, villages):
    client.force_login(villages.a.users[Role.COUNTER])
    points = client.get("/kpi/map/data/").json()["layers"]["payment_points"]
    assert [p["label"] for p in points] == [f"{villages.a.unit.name}银行"]


def test_counter_satisfaction_is_summarised_with_trend_and_ranking(tree):
    """Counter evaluations land in the daily summaries as they are submitted, so the rate has a monthly
    trend and ranks the units, and equals the halls app's own figure."""
    from wanjia.halls.models import DissatisfactionReason, EvaluationChannel, Rating
    from wanjia.halls.selectors import satisfaction_rate
    from wanjia.halls.services import evaluation_submit, hall_profile_save, visit_record
    from wanjia.kpi.registry import Period
    from wanjia.kpi.selectors import ranking, trend
    from wanjia.kpi.tests.helpers import local

    hall = hall_profile_save(unit=tree.a.hall, counters=2, actor=None)
    reason = DissatisfactionReason.objects.first()
    for day, rating in ((3, Rating.VERY_SATISFIED), (4, Rating.SATISFIED), (5, Rating.DISSATISFIED),
                        (6, Rating.SATISFIED)):
        visit = visit_record(hall=hall, counter_no=1, served_at=local(2026, 3, day), actor=None)
        evaluation_submit(visit=visit, rating=rating, channel=EvaluationChannel.COUNTER,
                          reasons=[reason] if rating == Rating.DISSATISFIED else [])
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    value = figure(tree.a.unit, "halls.counter_satisfaction", march.start, march.end).value
    assert value == pytest.approx(75.0) == pytest.approx(
        100 * satisfaction_rate(unit=tree.a.unit, start=march.start, end=march.end))
    series = trend(tree.prefecture, march.end, ["halls.counter_satisfaction"])["series"]["halls.counter_satisfaction"]
    assert series["current"][-1] == pytest.approx(75.0)
    rows = ranking(tree.prefecture, march, ["halls.counter_satisfaction"])["halls.counter_satisfaction"]
    assert [(r["code"], r["value"]) for r in rows] == [(tree.a.unit.code, pytest.approx(75.0)), (tree.b.unit.code, None)]
