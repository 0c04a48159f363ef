"""Plans through their workflow: tier order and protected load in a stored plan, shortfall, approval,
publishing with notice, compliance, scope."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wanjia.core.errors import DomainError
from wanjia.notifications.models import Notification
from wanjia.orderly.models import Allocation, CurtailmentPlan, PlanEvent, PlanStatus
from wanjia.orderly.services import (
    compliance_record, plan_approve, plan_close, plan_create, plan_publish,
)
from wanjia.orderly.tests.conftest import add_gap, add_profile, at


@pytest.fixture
def setup(tree, day):
    a = tree.a
    profiles = {
        "r": add_profile(a, "restricted", 100), "g1": add_profile(a, "general", 100),
        "g2": add_profile(a, "general", 50),
        "p": add_profile(a, "protected", 0, protected=True),
        "other": add_profile(tree.b, "restricted", 500),  # county B: never in county A's plan
    }
    add_gap(a, day, 10, 150)
    add_gap(a, day, 11, 50)
    return a, profiles


def shed(plan, profile):
    return [round(x, 3) for x in Allocation.objects.filter(period__plan=plan, profile=profile)
            .order_by("period__start").values_list("shed_kw", flat=True)]


def test_plan_follows_tier_order_and_never_touches_protected_or_other_counties(setup, day):
    a, p = setup
    plan = plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=day)
    assert shed(plan, p["r"]) == [100, 50]
    assert shed(plan, p["g1"]) == [pytest.approx(33.333)] and shed(plan, p["g2"]) == [pytest.approx(16.667)]
    assert shed(plan, p["p"]) == [] and shed(plan, p["other"]) == []
    assert plan.is_feasible and plan.target_kwh == pytest.approx(200) and plan.planned_kwh == pytest.approx(200)
    assert PlanEvent.objects.get(plan=plan).to_status == PlanStatus.DRAFT


def test_gap_that_cannot_be_met_is_reported_and_needs_explicit_approval(setup, day):
    a, p = setup
    add_gap(a, day, 12, 400)
    plan = plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=day)
    assert [round(x.shortfall_kw, 3) for x in plan.periods.all()] == [0, 0, 150]
    assert plan.shortfall_kwh == pytest.approx(150) and not plan.is_feasible
    assert shed(plan, p["p"]) == []
    with pytest.raises(DomainError) as exc:
        plan_approve(actor=a.users["manager"], plan=plan)
    assert exc.value.field == "accept_shortfall"
    plan_approve(actor=a.users["manager"], plan=plan, accept_shortfall=True, accept_gaps=True,
                 note="申请省网支援")
    assert plan.status == PlanStatus.APPROVED


def test_no_forecast_no_plan(tree, day):
    with pytest.raises(DomainError) as exc:
        plan_create(actor=tree.a.users["manager"], unit=tree.a.unit, start_date=day + dt.timedelta(days=5),
                    end_date=day + dt.timedelta(days=6))
    assert exc.value.field == "start_date"
    assert not CurtailmentPlan.objects.exists()


def test_publishing_notifies_each_customer_once_with_notice(setup, day):
    a, p = setup
    manager = a.users["manager"]
    plan = plan_create(actor=manager, unit=a.unit, start_date=day, end_date=day)
    with pytest.raises(DomainError):
        plan_publish(actor=manager, plan=plan)  # a draft is not published
    plan_approve(actor=manager, plan=plan, accept_gaps=True)
    too_late = at(day, 10) - dt.timedelta(hours=23)
    with pytest.raises(DomainError) as exc:
        plan_publish(actor=manager, plan=plan, now=too_late)
    assert exc.value.code == "too_late" and "24" in exc.value.message
    plan_publish(actor=manager, plan=plan, now=at(day, 10) - dt.timedelta(hours=25))
    notices = Notification.objects.filter(kind="orderly_plan")
    assert sorted(notices.values_list("phone", flat=True)) == sorted(
        x.customer.phone for x in (p["r"], p["g1"], p["g2"]))
    text = notices.get(phone=p["r"].customer.phone).body
    assert "10:00–11:00 压减 100 kW" in text and "11:00–12:00 压减 50 kW" in text and "保安负荷不受影响" in text
    assert plan.status == PlanStatus.PUBLISHED and plan.published_at is not None


def test_compliance_and_achieved_reduction(setup, day):
    a, p = setup
    manager = a.users["manager"]
    plan = plan_create(actor=manager, unit=a.unit, start_date=day, end_date=day)
    plan_approve(actor=manager, plan=plan, accept_gaps=True)
    plan_publish(actor=manager, plan=plan, now=at(day, 10) - dt.timedelta(hours=30))
    r_first = Allocation.objects.filter(period__plan=plan, profile=p["r"]).order_by("period__start").first()
    with pytest.raises(DomainError):
        plan_close(actor=manager, plan=plan, now=at(day, 11))
    with pytest.raises(ValidationError):
        compliance_record(actor=manager, plan=plan, readings={r_first.pk: 10}, now=at(day, 9))  # not started
    # R's baseline is its peak (130 kW): limit 30 kW. It ran at 40 kW: 90 kW achieved, not compliant.
    compliance_record(actor=manager, plan=plan, readings={r_first.pk: 40}, now=at(day, 12))
    r_first.refresh_from_db()
    assert r_first.complied is False and r_first.achieved_kw == pytest.approx(90)
    plan_close(actor=manager, plan=plan, now=at(day, 13))
    assert plan.status == PlanStatus.CLOSED


def test_rotation_history_of_published_plans_shifts_the_next_plan(setup, day):
    a, p = setup
    manager = a.users["manager"]
    first = plan_create(actor=manager, unit=a.unit, start_date=day, end_date=day)
    plan_approve(actor=manager, plan=first, accept_gaps=True)
    plan_publish(actor=manager, plan=first, now=at(day, 10) - dt.timedelta(hours=30))
    next_day = day + dt.timedelta(days=1)
    add_gap(a, next_day, 10, 150)  # R covers 100; 50 kW left for G1 and G2, whose history is 1/3 h each
    second = plan_create(actor=manager, unit=a.unit, start_date=next_day, end_date=next_day)
    assert shed(second, p["g1"]) == [pytest.approx(33.333)]


def test_scope_rule(tree, setup, day):
    a, p = setup
    add_gap(tree.b, day, 10, 300)
    with pytest.raises(PermissionDenied):
        plan_create(actor=a.users["manager"], unit=tree.b.unit, start_date=day, end_date=day)
    with pytest.raises(PermissionDenied):  # a read-only user changes nothing, even in its own county
        plan_create(actor=a.users["auditor"], unit=a.unit, start_date=day, end_date=day)
    assert not CurtailmentPlan.objects.exists()
