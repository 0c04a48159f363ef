"""Getting-electricity figures, the overdue tick and the scorecard source."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections import figures, services, tick
from wanjia.connections.figures import Period
from wanjia.connections.models import PauseReason, StageRecord
from wanjia.connections.scorecard import SOURCES
from wanjia.connections.selectors import application_list, overdue_stages, stage_states
from wanjia.connections.tests.factories import local, make_application
from wanjia.customers.models import CustomerClass as C
from wanjia.notifications.models import Notification

pytestmark = pytest.mark.django_db
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def run_resident(county, user, *, plan_done):
    app = make_application(county, received_at=local(2026, 3, 2, 9))
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=user, at=local(2026, 3, 2, 10))
    services.stage_finish(application=app, stage=S.SUPPLY_PLAN, actor=user, at=plan_done)
    services.stage_finish(application=app, stage=S.COMPLETION_INSPECTION, actor=user, at=plan_done)
    services.stage_finish(application=app, stage=S.METERING, actor=user, at=plan_done + dt.timedelta(hours=1))
    return app


def test_on_time_rate_average_days_and_ranking(tree):
    user = tree.a.users["counter"]
    run_resident(tree.a, user, plan_done=local(2026, 3, 4, 10))   # supply plan due end of 3/5: on time
    run_resident(tree.a, user, plan_done=local(2026, 3, 9, 10))   # late
    rows = {r["stage"]: r for r in figures.on_time_by_stage(tree.a.unit, MARCH)}
    assert rows[S.SUPPLY_PLAN]["total"] == 2 and rows[S.SUPPLY_PLAN]["rate"] == 0.5
    assert rows[S.METERING]["rate"] == 1.0
    assert S.ACCEPTANCE not in rows  # no statutory limit: not counted
    avg = figures.average_days_by_class(tree.a.unit, MARCH)
    assert avg[0]["customer_class"] == C.RESIDENT and avg[0]["n"] == 2
    assert avg[0]["total_days"] == pytest.approx(((2 + 2 / 24) + (5 + 2 / 24)) / 2)
    ranking = figures.unit_ranking(tree.prefecture, MARCH)
    assert [r["unit"] for r in ranking][:1] == [tree.a.unit] and ranking[0]["rank"] == 1
    assert ranking[1]["unit"] == tree.b.unit and ranking[1]["rank"] is None
    assert SOURCES["connection_efficiency"](tree.a.unit, MARCH.start, MARCH.end) == pytest.approx(5 / 6)
    assert SOURCES["connection_efficiency"](tree.b.unit, MARCH.start, MARCH.end) is None


def test_application_figures_count_visits_and_stages(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 3, 2, 9))
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=user, at=local(2026, 3, 2, 10))
    services.stage_pause(application=app, reason=PauseReason.DOCUMENTS_MISSING, detail="补交", needs_visit=True,
                         actor=user, at=local(2026, 3, 3, 0))
    services.stage_resume(application=app, actor=user, at=local(2026, 3, 4, 0))
    now = local(2026, 3, 5, 0)
    result = figures.application_figures(app, now, stage_states(app, now))
    assert result["visits"] == 2 and result["stages_used"] == 2 and result["stages_in_map"] == 5
    assert result["total_days"] == pytest.approx(3 - 9 / 24)
    assert result["utility_days"] == pytest.approx(3 - 9 / 24 - 1)


def test_tick_notifies_handler_and_manager_once(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=local(2026, 3, 2, 9))
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=user, at=local(2026, 3, 2, 10))
    late = local(2026, 3, 10, 9)
    assert tick.run(late) == {"overdue_notified": 1}
    assert tick.run(late) == {"overdue_notified": 0}
    sent = Notification.objects.filter(kind="connections.stage_overdue")
    assert {n.recipient for n in sent} == {user, tree.a.users["manager"]}
    assert [s.stage for s in overdue_stages(user=tree.a.users["manager"], now=late)] == [S.SUPPLY_PLAN]
    assert not overdue_stages(user=tree.b.users["manager"], now=late).exists()


def test_paused_stages_are_not_overdue(tree):
    user = tree.a.users["counter"]
    app = make_application(tree.a, received_at=timezone.now() - dt.timedelta(days=40))
    services.stage_finish(application=app, stage=S.ACCEPTANCE, actor=user,
                          at=timezone.now() - dt.timedelta(days=39))
    services.stage_pause(application=app, reason=PauseReason.CUSTOMER_WORKS, detail="未完工", actor=user)
    assert tick.run(timezone.now()) == {"overdue_notified": 0}
    assert application_list(user=user, filters={"paused": "true"}).count() == 1
    assert application_list(user=user, filters={"overdue": "true"}).count() == 0
    services.stage_resume(application=app, actor=user)
    assert application_list(user=user, filters={"overdue": "true"}).count() == 1
    states = stage_states(app)
    assert states[1]["status"] == "overdue"
    assert StageRecord.objects.get(application=app, stage=S.SUPPLY_PLAN).overdue_notified_at is None
