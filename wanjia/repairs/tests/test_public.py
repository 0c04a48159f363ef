"""What other apps (portal, KPI, scorecard) read from repairs."""
import datetime as dt

from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.org.models import Role
from wanjia.repairs import services
from wanjia.repairs.models import PlaceName
from wanjia.repairs.outages import planned_outage_create
from wanjia.repairs.scorecard import SOURCES
from wanjia.repairs.selectors import order_public_status, public_outages
from wanjia.repairs.tests.helpers import crew_for, intake


def test_public_status_needs_the_right_phone_digits_and_shows_nothing_personal(tree):
    order = intake(make_customer(tree.a), phone="13912345678", caller_name="王五")
    assert order_public_status(number=order.number, phone_last4="0000") is None
    assert order_public_status(number="nope", phone_last4="5678") is None
    status = order_public_status(number=order.number, phone_last4="5678")
    assert status["status"] == "received" and status["station"] == tree.a.station.name
    assert "王五" not in str(status) and "13912345678" not in str(status)
    assert [s["status"] for s in status["timeline"]] == ["received"]


def test_public_outages_lists_current_and_planned_ahead(tree):
    now = timezone.now()
    village = PlaceName.objects.create(name="上寨村", code="shangzhai", station=tree.a.station)
    village.transformers.add(tree.a.transformers[0])
    intake(make_customer(tree.a))  # opens an unplanned outage on transformer 1
    planned_outage_create(actor=tree.a.users[Role.DISPATCHER], feeder=tree.a.feeder,
                          starts_at=now + dt.timedelta(days=8), ends_at=now + dt.timedelta(days=8, hours=4),
                          area_description="甲县1回线全线")
    rows = public_outages()
    assert [(r["kind"], r["is_current"]) for r in rows] == [("unplanned", True), ("planned", False)]
    # Places the public knows (the villages the transformer feeds), not the line.
    assert rows[0]["places"] == ["上寨村"]
    assert public_outages(unit=tree.b.unit) == []


def test_scorecard_sources(tree):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=90))
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    services.order_arrive(order=order, actor=tree.a.users[Role.CREW])  # 90 min > 60: late
    services.order_restore(order=order, actor=tree.a.users[Role.CREW], resolution="修复")
    on_time = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=20))
    services.order_dispatch(order=on_time, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    services.order_arrive(order=on_time, actor=tree.a.users[Role.CREW])
    today = timezone.localdate()
    start = today - dt.timedelta(days=1)
    assert SOURCES["repair_response"](tree.a.unit, start, today) == 0.5
    assert SOURCES["repair_restoration"](tree.a.unit, start, today) == 1.0
    assert SOURCES["repair_response"](tree.b.unit, start, today) is None
