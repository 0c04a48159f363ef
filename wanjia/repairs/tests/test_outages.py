import datetime as dt

from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.notifications.backends import MemorySmsBackend
from wanjia.org.models import Role
from wanjia.repairs import services
from wanjia.repairs.models import OrderStatus, Outage
from wanjia.repairs.outages import planned_outage_create
from wanjia.repairs.tests.helpers import crew_for, intake


def _customers(county, index, n):
    return [make_customer(county, transformer_index=index) for _ in range(n)]


def test_calls_under_one_transformer_join_one_outage_counting_silent_customers(tree):
    callers = _customers(tree.a, 0, 3)
    _customers(tree.a, 1, 2)  # other transformer: not affected
    now = timezone.now()
    first = intake(callers[0], received_at=now - dt.timedelta(minutes=20))
    second = intake(callers[1], received_at=now - dt.timedelta(minutes=5))
    assert first.outage == second.outage
    outage = Outage.objects.get()
    assert list(outage.transformers.all()) == [tree.a.transformers[0]]
    assert outage.customers_affected == 3  # the third customer did not call


def test_calls_on_two_transformers_of_one_feeder_raise_it_to_the_feeder(tree):
    on_t1, on_t2 = _customers(tree.a, 0, 2), _customers(tree.a, 1, 3)
    now = timezone.now()
    a = intake(on_t1[0], received_at=now - dt.timedelta(minutes=10))
    b = intake(on_t2[0], received_at=now - dt.timedelta(minutes=2))
    outage = Outage.objects.get()
    assert a.outage == b.outage == outage
    assert not outage.transformers.exists() and outage.feeder == tree.a.feeder
    assert outage.customers_affected == 5
    assert outage.started_at == a.received_at


def test_calls_outside_the_window_stay_separate(tree):
    on_t1, on_t2 = _customers(tree.a, 0, 1), _customers(tree.a, 1, 1)
    now = timezone.now()
    intake(on_t1[0], received_at=now - dt.timedelta(hours=2))
    intake(on_t2[0], received_at=now)
    assert Outage.objects.count() == 2


def test_restoring_the_order_restores_its_outage(tree):
    customer = _customers(tree.a, 0, 1)[0]
    order = intake(customer, received_at=timezone.now() - dt.timedelta(minutes=30))
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    services.order_arrive(order=order, actor=tree.a.users[Role.CREW])
    services.order_restore(order=order, actor=tree.a.users[Role.CREW], resolution="更换熔丝", cause="equipment")
    outage = Outage.objects.get()
    assert outage.restored_at == order.restored_at and outage.cause == "equipment"
    assert 29 < outage.duration_minutes < 31


def test_call_inside_planned_outage_is_answered_not_dispatched(tree, django_capture_on_commit_callbacks):
    customer = _customers(tree.a, 1, 1)[0]
    now = timezone.now()
    planned_outage_create(actor=tree.a.users[Role.DISPATCHER], feeder=tree.a.feeder,
                          transformers=[tree.a.transformers[1]], starts_at=now - dt.timedelta(hours=1),
                          ends_at=now + dt.timedelta(hours=3), area_description="甲县2号台区",
                          notice_at=now - dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        order = intake(customer)
    assert order.status == OrderStatus.PLANNED_OUTAGE and order.outage.kind == "planned"
    assert "计划停电" in MemorySmsBackend.outbox[-1][1]
    other = intake(_customers(tree.a, 0, 1)[0])  # transformer 1 is not in the plan
    assert other.status == OrderStatus.RECEIVED and other.outage.kind == "unplanned"
