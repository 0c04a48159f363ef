"""On-time rates count what is still open past its deadline as late (core.deadlines): an item is assessed once,
on the day it was done in time, or on the day its deadline passed; items not yet due do not count."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from wanjia.core import deadlines
from wanjia.core.testing import make_customer
from wanjia.kpi.tests.helpers import figure, local, rebuilt_snapshot, snapshot
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db
day = dt.date


def test_the_assessment_day_rule():
    due = local(2026, 3, 10, 12)
    now = local(2026, 3, 20)
    assert deadlines.assessment_day(due, local(2026, 3, 10, 11), now) == day(2026, 3, 10)  # in time: done day
    assert deadlines.assessment_day(due, local(2026, 3, 12), now) == day(2026, 3, 10)  # late: deadline day
    assert deadlines.assessment_day(due, None, now) == day(2026, 3, 10)  # open past due: late since then
    assert deadlines.assessment_day(due, None, local(2026, 3, 10, 11)) is None  # open, not yet due
    assert deadlines.assessment_day(None, local(2026, 3, 10), now) is None  # no deadline: not assessed
    # A date deadline runs to the end of that day: late from the next day.
    assert deadlines.assessment_day(day(2026, 3, 10), local(2026, 3, 10, 23), now) == day(2026, 3, 10)
    assert deadlines.assessment_day(day(2026, 3, 10), None, now) == day(2026, 3, 11)


def test_hazards_open_past_the_deadline_count_late_from_the_next_day(tree, django_capture_on_commit_callbacks):
    from wanjia.outreach import services

    secretary, crew = tree.a.users[Role.BRANCH_SECRETARY], tree.a.users[Role.CREW]
    found = timezone.localdate()
    late, in_time, not_due = (
        services.hazard_raise(unit=tree.a.station, description=f"隐患{i}", severity="general", side="utility",
                              found_on=found, actor=secretary, owner=crew, deadline=found + dt.timedelta(days=d))
        for i, d in enumerate((2, 2, 30)))
    services.hazard_rectify(hazard=in_time, actor=crew, note="已整改")
    services.hazard_verify(hazard=in_time, actor=secretary, passed=True)
    services.hazard_close(hazard=in_time, actor=secretary)
    month = (found.replace(day=1), found + dt.timedelta(days=40))
    assert figure(tree.a.unit, "outreach.hazards_on_time", *month).value == pytest.approx(100)  # one assessed

    # Three days on, nobody touched the first hazard: the minute tick stamps it late.
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert deadlines.assess_overdue(timezone.now()) == 1
        assert figure(tree.a.unit, "outreach.hazards_on_time", *month).value == pytest.approx(50)
        assert snapshot() == rebuilt_snapshot()
        # Closing it late changes nothing: it was counted late on the day after its deadline.
        services.hazard_rectify(hazard=late, actor=crew, note="迟了")
        services.hazard_verify(hazard=late, actor=secretary, passed=True)
        services.hazard_close(hazard=late, actor=secretary)
        late.refresh_from_db()
        assert late.rectification_assessed_on == found + dt.timedelta(days=3)
        assert figure(tree.a.unit, "outreach.hazards_on_time", *month).value == pytest.approx(50)
        assert deadlines.assess_overdue(timezone.now()) == 0  # the one not yet due stays out
    not_due.refresh_from_db()
    assert not_due.rectification_assessed_on is None


def test_repair_orders_not_reached_in_time_are_late_on_every_page(tree, django_capture_on_commit_callbacks):
    from wanjia.repairs import services
    from wanjia.repairs.scorecard import repair_response
    from wanjia.repairs.selectors import assessment
    from wanjia.repairs.tests.helpers import crew_for, intake

    today = timezone.localdate()
    reached, waiting = intake(make_customer(tree.a)), intake(make_customer(tree.a))
    # Reached through the services (not update()), so its summary day is touched like any crew's arrival:
    # when the clock runs to the next day the stamp below touches only that day.
    with time_machine.travel(reached.received_at + dt.timedelta(minutes=10), tick=False):
        services.order_dispatch(order=reached, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
        services.order_arrive(order=reached, actor=tree.a.users[Role.CREW])
    manager = tree.a.users[Role.MANAGER]
    assert assessment(user=manager, start=today, end=today, by="station")[0]["on_time_rate"] == 1
    assert repair_response(tree.a.unit, today, today) == 1

    later = max(reached.arrival_due, waiting.arrival_due) + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        # The pages see it at once (they judge by the clock); the summaries after the minute tick.
        assert assessment(user=manager, start=today, end=today, by="station")[0]["on_time_rate"] == 0.5
        with django_capture_on_commit_callbacks(execute=True):
            deadlines.assess_overdue(timezone.now())
        end = timezone.localdate()
        assert repair_response(tree.a.unit, today, end) == 0.5
        assert figure(tree.a.unit, "repairs.arrival_on_time", today, end).value == pytest.approx(50)
        assert snapshot() == rebuilt_snapshot()


def test_a_paused_stage_is_not_late_while_its_clock_is_stopped(tree):
    from wanjia.connections import services
    from wanjia.connections.models import PauseReason, StageRecord
    from wanjia.connections.tests.factories import make_application
    from wanjia.customers.models import CustomerClass

    counter = tree.a.users[Role.COUNTER]
    app = make_application(tree.a, customer_class=CustomerClass.LV_NON_RESIDENT)
    services.stage_finish(application=app, stage="acceptance", actor=counter)
    running = StageRecord.objects.get(application=app, stage="supply_plan")
    services.stage_pause(application=app, reason=PauseReason.CUSTOMER_WORKS, detail="土建未完", actor=counter)
    with time_machine.travel(running.due_at + dt.timedelta(days=1), tick=False):
        assert deadlines.assess_overdue(timezone.now()) == 0
        deadlines.refresh_all()
        running.refresh_from_db()
        assert running.assessed_on is None
