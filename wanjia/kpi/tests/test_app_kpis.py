"""KPIs of the domain apps against small hand-counted sets. Records are made through the apps' services,
their timestamps then set by hand (`update()`, which sends no signal), and the summaries rebuilt."""
import datetime as dt

import pytest

from wanjia.core.testing import make_customer
from wanjia.customers.models import Customer
from wanjia.kpi.registry import Period
from wanjia.kpi.services import rebuild
from wanjia.kpi.tests.helpers import figure, local, rebuilt_snapshot, snapshot
from wanjia.org.models import Role

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def minutes(base, m):
    return base + dt.timedelta(minutes=m)


@pytest.fixture
def orders(tree):
    from wanjia.repairs.models import OrderStatus, RepairOrder
    from wanjia.repairs.tests.helpers import intake

    customer_a, customer_b = make_customer(tree.a), make_customer(tree.b)
    t = local(2026, 3, 10, 9)
    # (county customer, arrival after, arrival limit, restoration after arrival, restoration limit, status)
    plan = [
        (customer_a, 30, 90, 60, 240, OrderStatus.CLOSED),      # on time, restored on time
        (customer_a, 100, 90, 300, 240, OrderStatus.CLOSED),    # late, restored late
        (customer_a, 50, 90, None, 240, OrderStatus.ARRIVED),   # on time, not restored past its target: late
        (customer_a, None, 90, None, None, OrderStatus.RECEIVED),  # not arrived, long past its limit: late
        (customer_a, 10, 90, 10, 240, OrderStatus.CANCELLED),   # withdrawn: never counted
        (customer_b, 10, 90, 10, 240, OrderStatus.CLOSED),      # county B
    ]
    made = []
    for customer, arrive, limit, restore, restore_limit, status in plan:
        order = intake(customer)
        arrived = minutes(t, arrive) if arrive is not None else None
        RepairOrder.objects.filter(pk=order.pk).update(
            received_at=t, arrival_due=minutes(t, limit), arrived_at=arrived, status=status,
            restored_at=minutes(arrived, restore) if restore is not None else None,
            restoration_due=minutes(arrived, restore_limit) if restore_limit and arrived else None)
        made.append(order)
    rebuild()
    return made


def test_repair_arrival_and_restoration(tree, orders):
    a = tree.a.unit
    assert figure(a, "repairs.orders", *MARCH).value == 4
    # Open orders past their limits count as late (core.deadlines): 2 of 4 arrived in time, 1 of 3 restored.
    assert figure(a, "repairs.arrival_on_time", *MARCH).value == pytest.approx(50)
    assert figure(a, "repairs.arrival_minutes", *MARCH).value == pytest.approx((30 + 100 + 50) / 3)
    assert figure(a, "repairs.restoration_minutes", *MARCH).value == pytest.approx((60 + 300) / 2)
    assert figure(a, "repairs.restoration_on_time", *MARCH).value == pytest.approx(100 / 3)
    assert figure(tree.prefecture, "repairs.orders", *MARCH).value == 5
    assert figure(tree.b.unit, "repairs.arrival_minutes", *MARCH).value == pytest.approx(10)


def test_a_saved_order_updates_the_summary(tree, orders):
    from wanjia.repairs.models import RepairOrder

    order = RepairOrder.objects.get(pk=orders[3].pk)  # the one not yet arrived
    order.arrived_at = minutes(order.received_at, 20)
    order.status = "arrived"
    order.save()
    assert figure(tree.a.unit, "repairs.arrival_on_time", *MARCH).value == pytest.approx(75)
    assert snapshot() == rebuilt_snapshot()


def test_satisfaction_from_callbacks(tree, orders):
    from wanjia.repairs.models import Callback, Satisfaction

    called = local(2026, 3, 12, 10)
    for order, answer in zip(orders[:3], [Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED,
                                          Satisfaction.DISSATISFIED]):
        Callback.objects.create(order=order, satisfaction=answer, called_by=tree.a.users[Role.DISPATCHER],
                                called_at=called)
    assert figure(tree.a.unit, "repairs.satisfaction", *MARCH).value == pytest.approx(100 * 2 / 3)
    assert figure(tree.b.unit, "repairs.satisfaction", *MARCH).value is None


def test_reliability_indices_equal_the_repairs_app(tree):
    """The same figures as `repairs.reliability.reliability_indices` on its own worked example."""
    from wanjia.repairs.models import Outage, ReliabilityStandard
    from wanjia.repairs.reliability import default_standard, reliability_indices

    make_customer(tree.a)
    Customer.objects.bulk_create([Customer(account_number=f"BULK{i:06d}", name="x", customer_class="resident",
                                           address="x", station=tree.a.station) for i in range(999)])
    Customer.objects.update(created_at=local(2024, 12, 1))
    for start, mins, customers, kind in [((2025, 1, 3, 8), 120, 100, "unplanned"), ((2025, 1, 5, 8), 30, 200, "unplanned"),
                                         ((2025, 1, 7, 8), 2, 50, "unplanned"), ((2025, 1, 9, 8), 4, 300, "unplanned"),
                                         ((2025, 1, 11, 8), 60, 400, "planned"), ((2025, 2, 1, 0), 60, 999, "unplanned")]:
        began = local(*start)
        Outage(kind=kind, station=tree.a.station, feeder=tree.a.feeder, started_at=began,
               restored_at=minutes(began, mins), customers_affected=customers).save()
    rebuild()
    jan = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    standard = default_standard()
    ind = reliability_indices(unit=tree.a.unit, start=jan[0], end=jan[1], standard=standard)
    sustained = [(120, 100), (30, 200), (60, 400)] + ([(4, 300)] if standard.momentary_max_minutes < 4 else [])
    assert ind.customers_total == 1000
    assert figure(tree.a.unit, "repairs.saidi", *jan).value == pytest.approx(ind.saidi_minutes / 60)
    assert figure(tree.a.unit, "repairs.saifi", *jan).value == pytest.approx(ind.saifi)
    assert figure(tree.a.unit, "repairs.caidi", *jan).value == pytest.approx(ind.caidi_minutes / 60)
    assert figure(tree.a.unit, "repairs.rs1", *jan).value == pytest.approx(100 * ind.rs1)
    assert figure(tree.a.unit, "repairs.saifi", *jan).value == pytest.approx(sum(c for _m, c in sustained) / 1000)
    assert figure(tree.b.unit, "repairs.saidi", *jan).value is None  # no customers in county B
    assert ReliabilityStandard.objects.exists()


def test_connection_stage_on_time_and_days_per_class(tree):
    from wanjia.connections.models import Application, StageRecord
    from wanjia.connections.tests.factories import make_application
    from wanjia.customers.models import CustomerClass

    apps = [make_application(tree.a), make_application(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT),
            make_application(tree.b)]
    due = local(2026, 3, 10, 23)
    finished = [local(2026, 3, 9, 10), local(2026, 3, 11, 10), local(2026, 3, 10, 12)]
    for app, done in zip(apps, finished):
        stage = StageRecord.objects.filter(application=app).order_by("position").first()
        StageRecord.objects.filter(pk=stage.pk).update(started_at=local(2026, 3, 5, 9), finished_at=done, due_at=due,
                                                       limit_days=3)
    for app, (utility, total) in zip(apps, [(3.0, 4.0), (6.0, 9.0), (2.0, 2.5)]):
        Application.objects.filter(pk=app.pk).update(connected_at=local(2026, 3, 20, 10), utility_days=utility,
                                                     total_days=total)
    rebuild()
    on_time = figure(tree.a.unit, "connections.stage_on_time", *MARCH)
    assert on_time.value == pytest.approx(50)
    assert figure(tree.prefecture, "connections.stage_on_time", *MARCH).value == pytest.approx(100 * 2 / 3)
    days = figure(tree.a.unit, "connections.utility_days", *MARCH)
    assert days.value == pytest.approx(4.5)
    assert {p["key"]: p["value"] for p in days.parts} == {CustomerClass.RESIDENT: 3.0,
                                                           CustomerClass.LV_NON_RESIDENT: 6.0}
    assert figure(tree.a.unit, "connections.total_days", *MARCH).value == pytest.approx(6.5)


def test_hazards_closed_on_time(tree):
    from wanjia.outreach.models import Hazard
    from wanjia.outreach.services import hazard_raise

    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    made = [hazard_raise(unit=tree.a.station, description=f"隐患{i}", severity="general", side="utility",
                         found_on=dt.date(2026, 3, 1), actor=secretary) for i in range(3)]
    closes = [(local(2026, 3, 5, 10), dt.date(2026, 3, 5)), (local(2026, 3, 8, 10), dt.date(2026, 3, 6)),
              (None, dt.date(2026, 3, 6))]
    for hazard, (closed, deadline) in zip(made, closes):
        Hazard.objects.filter(pk=hazard.pk).update(closed_at=closed, deadline=deadline)
    rebuild()
    # The open hazard past its deadline is late as much as the one closed late: 1 of 3 on time.
    assert figure(tree.a.unit, "outreach.hazards_on_time", *MARCH).value == pytest.approx(100 / 3)
    assert figure(tree.a.unit, "outreach.hazards_found", *MARCH).value == 3


def test_feedback_answered_on_time(tree):
    from wanjia.feedback.models import FeedbackItem
    from wanjia.feedback.services import feedback_item_create

    counter = tree.a.users[Role.COUNTER]
    made = [feedback_item_create(channel="counter", content=f"意见{i}", unit=tree.a.unit, actor=counter)
            for i in range(4)]
    deadline = local(2026, 3, 15, 18)
    answers = [local(2026, 3, 14, 10), local(2026, 3, 15, 17), local(2026, 3, 16, 9), None]
    for item, answered in zip(made, answers):
        FeedbackItem.objects.filter(pk=item.pk).update(received_at=local(2026, 3, 2, 9), deadline=deadline,
                                                       answered_at=answered)
    rebuild()
    # The unanswered item past its deadline is late: 2 of 4 answered in time.
    assert figure(tree.a.unit, "feedback.answered_on_time", *MARCH).value == pytest.approx(50)
    assert figure(tree.a.unit, "feedback.received", *MARCH).value == 4
    assert figure(tree.b.unit, "feedback.received", *MARCH).value == 0


def test_pairing_coverage_is_the_campaign_apps_figure(tree):
    from wanjia.campaign.scorecard import branch_pairing

    today = dt.date.today()
    period = Period(today.replace(day=1), today)
    expected = branch_pairing(tree.a.unit, period.start, period.end)
    value = figure(tree.a.unit, "campaign.pairing_coverage", period.start, period.end).value
    assert value == (None if expected is None else pytest.approx(100 * expected))
