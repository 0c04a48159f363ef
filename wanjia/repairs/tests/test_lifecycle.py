import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wanjia.core.errors import DomainError
from wanjia.core.testing import make_customer, make_user
from wanjia.notifications.models import Notification
from wanjia.org.models import Role
from wanjia.repairs import services
from wanjia.repairs.models import FollowUp, OrderStatus
from wanjia.repairs.selectors import order_clock
from wanjia.repairs.tests.helpers import crew_for, intake


@pytest.fixture
def order(tree):
    return intake(make_customer(tree.a), category="meter", received_at=timezone.now() - dt.timedelta(minutes=50))


def test_full_life_records_who_and_when(tree, order):
    dispatcher, crew_user = tree.a.users[Role.DISPATCHER], tree.a.users[Role.CREW]
    manager = tree.a.users[Role.MANAGER]
    crew = crew_for(tree.a)
    services.order_dispatch(order=order, crew=crew, actor=dispatcher)
    assert Notification.objects.filter(recipient=crew_user, kind="repair.dispatched").exists()
    services.order_start_travel(order=order, actor=crew_user)
    services.order_arrive(order=order, actor=crew_user)
    services.order_restore(order=order, actor=crew_user, resolution="更换表计")
    services.callback_record(order=order, satisfaction="satisfied", actor=dispatcher)
    services.order_close(order=order, actor=manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    events = list(order.events.values_list("from_status", "to_status", "actor__username"))
    assert events == [
        ("", "received", None), ("received", "dispatched", "ta-dispatcher"), ("dispatched", "on_the_way", "ta-crew"),
        ("on_the_way", "arrived", "ta-crew"), ("arrived", "restored", "ta-crew"),
        ("restored", "callback_done", "ta-dispatcher"), ("callback_done", "closed", "ta-manager")]
    assert all(e.at for e in order.events.all())
    assert order.restoration_due == order.arrived_at + dt.timedelta(minutes=180)


def test_illegal_transition_is_refused_with_message(tree, order):
    with pytest.raises(DomainError) as err:
        services.order_close(order=order, actor=tree.a.users[Role.MANAGER])
    assert "已受理" in err.value.message and "已归档" in err.value.message
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED and order.events.count() == 1


def test_arrived_before_dispatched_is_refused(tree, order):
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    with pytest.raises(ValidationError) as err:
        services.order_arrive(order=order, actor=tree.a.users[Role.CREW], at=order.dispatched_at - dt.timedelta(minutes=1))
    assert "at" in err.value.message_dict
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED and order.arrived_at is None


def test_future_time_is_refused(tree, order):
    with pytest.raises(ValidationError):
        services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER],
                                at=timezone.now() + dt.timedelta(hours=1))


def test_crew_member_of_another_crew_cannot_act(tree, order):
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    stranger = make_user("other-crew", tree.a.unit, Role.CREW)
    with pytest.raises(PermissionDenied):
        services.order_arrive(order=order, actor=stranger)


def test_crew_of_other_county_cannot_be_dispatched(tree, order):
    with pytest.raises(PermissionDenied):
        services.order_dispatch(order=order, crew=crew_for(tree.b), actor=tree.a.users[Role.DISPATCHER])


def test_dissatisfied_callback_needs_manager_follow_up_before_closing(tree, order):
    dispatcher, crew_user, manager = (tree.a.users[r] for r in (Role.DISPATCHER, Role.CREW, Role.MANAGER))
    services.order_dispatch(order=order, crew=crew_for(tree.a), actor=dispatcher)
    services.order_arrive(order=order, actor=crew_user)
    services.order_restore(order=order, actor=crew_user, resolution="修好")
    with pytest.raises(ValidationError):
        services.callback_record(order=order, satisfaction="dissatisfied", actor=dispatcher)
    services.callback_record(order=order, satisfaction="dissatisfied", comment="来得太慢", actor=dispatcher)
    follow_up = FollowUp.objects.get()
    with pytest.raises(DomainError):
        services.order_close(order=order, actor=dispatcher)
    with pytest.raises(PermissionDenied):
        services.followup_close(follow_up=follow_up, actor=dispatcher, resolution="已道歉")
    services.followup_close(follow_up=follow_up, actor=manager, resolution="已上门道歉并说明")
    services.order_close(order=order, actor=dispatcher)
    assert order.status == OrderStatus.CLOSED


def test_time_status_is_computed_not_stored(tree, order):
    """50 of 60 minutes used at intake: at risk (share 0.8); after the limit: overdue."""
    assert order_clock(order).status == "at_risk"
    assert order_clock(order, now=order.arrival_due + dt.timedelta(seconds=1)).status == "overdue"
    assert order_clock(order, now=order.received_at + dt.timedelta(minutes=10)).status == "on_time"


def test_exits_need_a_reason(tree, order):
    with pytest.raises(ValidationError):
        services.order_cancel(order=order, actor=tree.a.users[Role.DISPATCHER], note="")
    services.order_mark_customer_side(order=order, actor=tree.a.users[Role.DISPATCHER], note="表后线路故障,已告知客户")
    assert order.status == OrderStatus.CUSTOMER_SIDE
