"""Green channel (绿色通道) connections: a hospital's application gets the policy's internal target for each stage
beside its statutory limit, goes first in the lists and the overdue queue, has its stages past the target listed
before they are late, and has on-time figures of its own; the statutory figures still judge it by the limits."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections import services
from wanjia.connections.models import Application, ApplicationType
from wanjia.connections.tests.factories import local, make_application
from wanjia.core import worktime
from wanjia.core.testing import make_customer, page_client
from wanjia.customers.models import CustomerClass as C, GreenChannelKind
from wanjia.kpi.tests.helpers import figure
from wanjia.org.models import Role

# Written on fixed November 2026 dates: run at the default clock in the date replays too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_clock")]


@pytest.fixture
def hospital():
    return GreenChannelKind.objects.get(code="hospital")


def green_application(county, kind, *, accepted_at, customer_class=C.LV_NON_RESIDENT, **kwargs):
    """An application received a week before `accepted_at`, its acceptance finished then."""
    app = make_application(county, customer_class=customer_class, received_at=accepted_at - dt.timedelta(days=7),
                           **kwargs)
    if kind is not None:
        Application.objects.filter(pk=app.pk).update(green_channel=kind)
        app.refresh_from_db()
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=county.users["counter"], at=accepted_at)
    return app


def test_each_stage_gets_the_internal_target_beside_its_limit(tree, hospital):
    counter = tree.a.users["counter"]
    app = services.application_intake(
        application_type=ApplicationType.NEW, applicant_name="城关镇卫生院", phone="13900001234",
        customer_class=C.LV_NON_RESIDENT, requested_kva=Decimal(120), address="城关镇1号", station=tree.a.station,
        channel="counter", actor=counter, green_channel=hospital, received_at=local(2026, 11, 13, 9),
        documents=_documents(C.LV_NON_RESIDENT))
    accepted = local(2026, 11, 16, 10)
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=counter, at=accepted)
    plan = app.stages.get(stage=S.SUPPLY_PLAN)
    assert (plan.limit_days, plan.target_days) == (8, 4)  # the regulation's 8 working days; the target half of it
    assert plan.due_at == worktime.deadline(accepted, working_days=8)
    assert plan.target_due_at == worktime.deadline(accepted, working_days=4)
    app.refresh_from_db()
    assert app.customer.green_channel == hospital  # the new customer is created in the green channel
    html = page_client(counter).get(reverse("connections:detail", args=[app.pk])).content.decode()
    assert "绿色通道·医院" in html and "内部目标(绿色通道)" in html
    assert worktime.deadline_label(plan.target_due_at) in html and worktime.deadline_label(plan.due_at) in html

    # A pause stops both clocks.
    services.stage_pause(application=app, reason="customer_request", detail="客户要求暂缓", actor=counter,
                         at=local(2026, 11, 17, 9))
    services.stage_resume(application=app, actor=counter, at=local(2026, 11, 18, 9))
    plan.refresh_from_db()
    assert plan.target_due_at > worktime.deadline(accepted, working_days=4)
    assert plan.target_due_at == worktime.deadline(accepted, working_days=4, pauses=[
        (local(2026, 11, 17, 9), local(2026, 11, 18, 9))])


def _documents(customer_class):
    from wanjia.connections.tests.factories import checklist, pdf

    return [(r, pdf(f"{r.code}.pdf")) for r in checklist(customer_class)]


def test_a_capacity_increase_follows_the_customers_channel(tree, hospital):
    customer = make_customer(tree.a, customer_class=C.LV_NON_RESIDENT, green_channel=hospital)
    app = make_application(tree.a, customer_class=C.LV_NON_RESIDENT, application_type=ApplicationType.CAPACITY_INCREASE,
                           customer=customer)
    assert app.green_channel == hospital
    assert make_application(tree.a, customer_class=C.LV_NON_RESIDENT).green_channel is None


def test_green_applications_go_first_in_the_queues(tree, hospital):
    manager = tree.a.users[Role.MANAGER]
    # An ordinary resident application late by its 3-day limit since October, and a hospital's late since November.
    ordinary = green_application(tree.a, None, accepted_at=local(2026, 10, 19, 10), customer_class=C.RESIDENT)
    green = green_application(tree.a, hospital, accepted_at=local(2026, 10, 26, 10))
    newer = make_application(tree.a)  # received today: the top of the list by date
    now = timezone.now()
    ordinary_due, green_due = (a.stages.get(stage=S.SUPPLY_PLAN).due_at for a in (ordinary, green))
    assert ordinary_due < green_due < now

    overdue = page_client(manager).get(reverse("connections:overdue")).content.decode()
    assert overdue.index(green.number) < overdue.index(ordinary.number)
    listing = page_client(manager).get(reverse("connections:list")).content.decode()
    assert listing.index(green.number) < listing.index(newer.number) < listing.index(ordinary.number)
    # Once withdrawn it is no longer work waiting: it falls back to its place by date.
    services.application_withdraw(application=green, reason="客户另行安排", actor=tree.a.users["counter"])
    listing = page_client(manager).get(reverse("connections:list")).content.decode()
    assert listing.index(newer.number) < listing.index(green.number)
    # County B sees none of it.
    assert green.number not in page_client(tree.b.users[Role.MANAGER]).get(reverse("connections:list")).content.decode()


def test_stages_past_the_target_are_listed_before_they_are_late(tree, hospital):
    green = green_application(tree.a, hospital, accepted_at=local(2026, 11, 9, 10))
    plan = green.stages.get(stage=S.SUPPLY_PLAN)
    now = timezone.now()
    assert plan.target_due_at < now < plan.due_at  # 4 working days gone, 8 not yet
    html = page_client(tree.a.users[Role.MANAGER]).get(reverse("connections:overdue")).content.decode()
    section = html.split('id="behind-target"')[1]
    assert green.number in section and worktime.deadline_label(plan.target_due_at) in section
    assert green.number not in html.split('id="behind-target"')[0].split("<tbody>")[1]  # not late by the limit


def test_the_green_channels_own_figures(tree, hospital):
    counter = tree.a.users["counter"]
    # Supply plan finished in 6 working days: inside the 8-day limit, past the 4-day target.
    green = green_application(tree.a, hospital, accepted_at=local(2026, 11, 2, 10))
    services.stage_finish(application=green, stage=S.SUPPLY_PLAN, actor=counter, at=local(2026, 11, 10, 15))
    plan = green.stages.get(stage=S.SUPPLY_PLAN)
    assert plan.finished_at <= plan.due_at and plan.finished_at > plan.target_due_at
    month = (local(2026, 11, 1).date(), timezone.localdate())
    stage_rate = figure(tree.a.unit, "connections.stage_on_time", *month)
    assert stage_rate.value == pytest.approx(100)  # the ordinary figure judges by the limit
    assert figure(tree.a.unit, "connections.green_stage_on_target", *month).value == pytest.approx(0)
    html = page_client(tree.a.users[Role.MANAGER]).get(
        reverse("connections:figures"), {"start": "2026-11-01", "end": str(timezone.localdate())}).content.decode()
    card = html.split('id="green-figures"')[1].split("</table>")[0]
    assert "100.0%" in card and "0.0%" in card
