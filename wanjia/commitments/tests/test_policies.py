import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wanjia.commitments import services
from wanjia.commitments.models import PolicyKind, PolicySet, TimeStatus
from wanjia.core.errors import DomainError

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def test_regulator_set_is_active_by_default_with_its_figures_and_sources():
    policy = services.active_policy_set()
    assert policy.code == "regulator-2010"
    arrivals = {lim.area_type: lim.arrival_minutes for lim in policy.repair_limits.all()}
    assert arrivals == {"urban": 60, "rural": 120, "remote": 240}
    assert all("供电监管办法" in lim.source for lim in policy.repair_limits.all())


def test_each_figure_carries_its_own_kind_and_source():
    """Arrival limits are the regulation's; restoration targets and outage notices are the company's."""
    regulator = PolicySet.objects.get(code="regulator-2010")
    urban = regulator.repair_limits.get(area_type="urban")
    assert (urban.arrival_kind, urban.restoration_kind) == (PolicyKind.REGULATORY_MAXIMUM, PolicyKind.COMPANY_AVERAGE)
    assert "供电监管办法" in urban.source and "十项承诺" in urban.restoration_source
    remote = regulator.repair_limits.get(area_type="remote")
    assert remote.restoration_kind == PolicyKind.LOCAL and "未见公开数字" in remote.restoration_source
    kinds = dict(regulator.other_limits.values_list("code", "kind"))
    assert kinds == {"complaint_reply": PolicyKind.REGULATORY_MAXIMUM,
                     "planned_outage_notice": PolicyKind.COMPANY_AVERAGE,
                     "temporary_outage_notice_important": PolicyKind.COMPANY_AVERAGE}
    assert "十项承诺" in regulator.other_limits.get(code="planned_outage_notice").source
    assert set(regulator.connection_limits.values_list("kind", flat=True)) == {PolicyKind.REGULATORY_MAXIMUM}
    company = PolicySet.objects.get(code="company-2023").repair_limits.get(area_type="rural")
    assert company.arrival_kind == PolicyKind.COMPANY_AVERAGE and "90分钟" in company.source


def test_company_set_is_stricter_and_selectable():
    company = PolicySet.objects.get(code="company-2023")
    assert {lim.area_type: lim.arrival_minutes for lim in company.repair_limits.all()} == {
        "urban": 45, "rural": 90, "remote": 120}
    services.policy_set_activate(policy_set=company)
    assert services.active_policy_set() == company
    assert PolicySet.objects.filter(is_active=True).count() == 1
    assert services.repair_limit("urban").arrival_minutes == 45


@pytest.mark.parametrize("stage,expected", [
    ("supply_plan", {"resident": 3, "lv_non_resident": 8, "hv_single": 20, "hv_dual": 45}),
    ("design_review", {"resident": None, "lv_non_resident": 8, "hv_single": 20, "hv_dual": 20}),
    ("intermediate_inspection", {"resident": None, "lv_non_resident": 3, "hv_single": 5, "hv_dual": 5}),
    ("completion_inspection", {"resident": 5, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7}),
    ("metering", {"resident": 3, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7}),
])
def test_connection_stage_limits(stage, expected):
    assert {c: services.connection_stage_days(stage, c) for c in expected} == expected


def test_other_limits_and_their_deadlines():
    start = dt.datetime(2026, 2, 13, 10, tzinfo=TZ)
    # Complaint reply: 10 working days across the Spring Festival (14, 24-28 Feb, 2-5 Mar).
    assert services.other_limit_deadline("complaint_reply", start) == dt.datetime(2026, 3, 6, tzinfo=TZ)
    assert services.other_limit_deadline("planned_outage_notice", start) == start + dt.timedelta(days=7)
    assert services.other_limit_deadline("temporary_outage_notice_important", start) == start + dt.timedelta(hours=24)


def test_no_active_policy_is_a_clear_error():
    PolicySet.objects.update(is_active=False)
    with pytest.raises(DomainError, match="没有生效的服务承诺策略"):
        services.active_policy_set()


def test_time_status_from_timestamps():
    start = dt.datetime(2026, 3, 2, 10, tzinfo=TZ)
    due = start + dt.timedelta(minutes=60)
    status = lambda now, finished=None: services.time_status(  # noqa: E731
        started=start, due=due, finished=finished, now=now, at_risk_share=0.8)
    assert status(start + dt.timedelta(minutes=30)) == TimeStatus.ON_TIME
    assert status(start + dt.timedelta(minutes=50)) == TimeStatus.AT_RISK
    assert status(start + dt.timedelta(minutes=61)) == TimeStatus.OVERDUE
    assert status(start + dt.timedelta(hours=5), finished=start + dt.timedelta(minutes=59)) == TimeStatus.ON_TIME
    assert status(start + dt.timedelta(hours=5), finished=start + dt.timedelta(minutes=61)) == TimeStatus.OVERDUE


@pytest.mark.parametrize("code,totals", [
    ("getting-electricity-2020", {"connection_total_small_business": 15}),
    ("getting-electricity-2025", {"connection_total_lv_no_external": 5, "connection_total_lv_external": 15}),
])
def test_getting_electricity_sets_are_selectable_but_not_active(code, totals):
    policy = PolicySet.objects.get(code=code)
    assert not policy.is_active and services.active_policy_set().code == "regulator-2010"
    rows = {r.code: r for r in policy.other_limits.filter(code__in=totals)}
    assert {c: r.amount for c, r in rows.items()} == totals
    assert all(r.unit == "working_days" and r.kind == PolicyKind.REGULATORY_MAXIMUM for r in rows.values())
    assert all(r.source == policy.source for r in rows.values())
    services.policy_set_activate(policy_set=policy)
    # the regulation's rows come along, so repairs and connection stages keep their limits
    assert services.repair_limit("urban").arrival_minutes == 60
    assert services.connection_stage_days("supply_plan", "resident") == 3
    assert services.other_limit("complaint_reply").amount == 10
