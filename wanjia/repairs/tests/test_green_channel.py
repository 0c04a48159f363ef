"""Green channel (绿色通道) repairs: a hospital's order runs against the policy's stricter internal targets as
well as its limits, comes first on the dispatcher board after danger to life, and is assessed against its targets
on its own, while the ordinary rates keep judging it by the limits (no figure gets flatter)."""
import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from wanjia.core import deadlines
from wanjia.core.testing import make_customer, page_client
from wanjia.customers.models import CustomerClass, GreenChannelKind
from wanjia.kpi.tests.helpers import figure, rebuilt_snapshot, snapshot
from wanjia.org.models import Role
from wanjia.repairs.models import RepairOrder
from wanjia.repairs.services import order_arrive, order_dispatch, order_restore
from wanjia.repairs.tests.helpers import crew_for, intake

# Written on fixed November 2026 dates: run at the default clock in the date replays too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_clock")]


def cells(table_html: str) -> list[str]:
    """The text of the first body row's cells."""
    row = table_html.split("<tbody>")[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", c.split(">", 1)[1]).strip() for c in row.split("<td")[1:]]


@pytest.fixture
def hospital(tree):
    return make_customer(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT, name="城关镇卫生院",
                         green_channel=GreenChannelKind.objects.get(code="hospital"))


def test_a_green_customers_order_gets_the_internal_targets_besides_the_limits(tree, hospital):
    order = intake(hospital)
    assert order.green_channel.code == "hospital"
    assert order.arrival_due == order.received_at + dt.timedelta(minutes=60)  # the regulation's urban limit
    assert order.target_arrival_due == order.received_at + dt.timedelta(minutes=30)  # the internal target
    order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    order_arrive(order=order, actor=tree.a.users[Role.CREW])
    order.refresh_from_db()
    assert order.restoration_due == order.arrived_at + dt.timedelta(minutes=180)
    assert order.target_restoration_due == order.arrived_at + dt.timedelta(minutes=120)
    page = page_client(tree.a.users[Role.DISPATCHER]).get(f"/repairs/orders/{order.pk}/").content.decode()
    assert "绿色通道·医院" in page and 'id="green-targets"' in page
    assert f"{timezone.localtime(order.target_restoration_due):%Y-%m-%d %H:%M}" in page
    assert f"{timezone.localtime(order.restoration_due):%Y-%m-%d %H:%M}" in page  # the limit is still shown
    # An ordinary customer's order has no target.
    assert intake(make_customer(tree.a)).target_arrival_due is None


def test_green_orders_come_first_on_the_board_after_danger_to_life(tree, hospital):
    now = timezone.now()
    protected = make_customer(tree.a, is_protected_load=True)
    ordinary = intake(make_customer(tree.a), received_at=now - dt.timedelta(minutes=50))  # least time left
    important = intake(protected, received_at=now - dt.timedelta(minutes=40))  # urgency 2, not green
    green = intake(hospital, received_at=now - dt.timedelta(minutes=1))  # most time left
    danger = intake(make_customer(tree.a), category="line_down", received_at=now - dt.timedelta(minutes=2))
    board = page_client(tree.a.users[Role.DISPATCHER]).get("/repairs/board/panel/").content.decode()
    positions = [board.index(o.number) for o in (danger, green, important, ordinary)]
    assert positions == sorted(positions)
    row = board[board.index(green.number):].split("</tr>")[0]
    assert "绿色通道·医院" in row and "内部目标" in row
    # The map draws it apart (larger, ringed) and names the channel.
    points = page_client(tree.a.users[Role.DISPATCHER]).get("/repairs/board/map.json").json()["orders"]
    assert {p["number"]: p["green"] for p in points}[green.number] == "医院"
    assert {p["number"]: p["green"] for p in points}[ordinary.number] == ""


def test_green_figures_are_assessed_against_the_targets_and_the_limits_alike(
        tree, hospital, django_capture_on_commit_callbacks):
    """Arriving after the 30-minute target but inside the 60-minute limit is on time by the limit (the ordinary
    rate) and a missed target (the green channel's own figure): neither figure hides the other."""
    dispatcher, crew = tree.a.users[Role.DISPATCHER], tree.a.users[Role.CREW]
    received = timezone.now() - dt.timedelta(minutes=50)
    order = intake(hospital, received_at=received)
    order_dispatch(order=order, crew=crew_for(tree.a), actor=dispatcher, at=received + dt.timedelta(minutes=5))
    order_arrive(order=order, actor=crew, at=received + dt.timedelta(minutes=45))
    order_restore(order=order, actor=crew, resolution="更换熔丝", at=received + dt.timedelta(minutes=49))
    waiting = intake(make_customer(tree.a, green_channel=hospital.green_channel),
                     received_at=timezone.now() - dt.timedelta(minutes=35))  # open, past its target, not its limit
    today = timezone.localdate()

    page = page_client(tree.a.users[Role.MANAGER]).get(f"/repairs/assessment/?by=station&start={today}&end={today}")
    html = page.content.decode()
    main = html.split('id="assessment"')[1].split("</table>")[0]
    green = html.split('id="green-assessment"')[1].split("</table>")[0]
    assert cells(main)[:3] == [tree.a.station.name, "2", "100%"]  # by the limit: the one judged arrived in time
    # Two green orders: on time by the limit as above, both missed the arrival target, restored within its target.
    assert cells(green) == [tree.a.station.name, "2", "100%", "0%", "100%", "2"]

    with django_capture_on_commit_callbacks(execute=True):
        deadlines.assess_overdue(timezone.now())
    month = (today.replace(day=1), today)
    assert figure(tree.a.unit, "repairs.arrival_on_time", *month).value == pytest.approx(100)
    assert figure(tree.a.unit, "repairs.green_arrival_on_target", *month).value == pytest.approx(0)
    assert figure(tree.a.unit, "repairs.green_restoration_on_target", *month).value == pytest.approx(100)
    assert snapshot() == rebuilt_snapshot()
    # Once the waiting order's limit passes too, the ordinary rate counts it late as well.
    with time_machine.travel(waiting.arrival_due + dt.timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            deadlines.assess_overdue(timezone.now())
        assert figure(tree.a.unit, "repairs.arrival_on_time", *month).value == pytest.approx(50)


def test_a_customer_put_in_the_green_channel_later_changes_only_new_orders(tree):
    customer = make_customer(tree.a)
    before = intake(customer)
    customer.green_channel = GreenChannelKind.objects.get(code="school")
    customer.save()
    after = intake(customer)
    assert before.green_channel_id is None and RepairOrder.objects.get(pk=before.pk).target_arrival_due is None
    assert after.green_channel.code == "school" and after.target_arrival_due is not None
