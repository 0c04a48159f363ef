"""Bad forecast rows come back with their line numbers (never a 500); a plan lists the customers it left out
and the forecast hours it lacks, and approval needs them acknowledged (page and API)."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wanjia.core.errors import DomainError
from wanjia.core.testing import api_client, make_customer
from wanjia.customers.importer import ImportFailed
from wanjia.customers.models import CustomerClass
from wanjia.orderly.models import PlanStatus, ShortageForecast
from wanjia.orderly.services import forecast_create, forecast_import, plan_approve, plan_create

from .conftest import add_gap, add_profile, at

HEADER = "单位编码,开始,结束,最大需求(kW),缺口(kW),说明\n"


def test_forecast_import_reports_every_bad_row_by_line_and_writes_nothing(tree, day, client):
    code = tree.a.unit.code
    text = HEADER + (
        f"{code},{day} 10:00,{day} 11:00,1000,100,好\n"
        f"{code},{day} 11:00,{day} 12:00,1000\n"          # line 3: the last cells are missing
        f"{code},2026-02-30 10:00,2026-02-30 11:00,1000,50\n"  # line 4: no such day
        f"{code},{day} 13:00,{day} 14:00,abc,inf\n"      # line 5: not numbers
    )
    with pytest.raises(ImportFailed) as exc:
        forecast_import(actor=tree.a.users["manager"], data=text.encode(), filename="f.csv")
    messages = {e.line: e.message for e in exc.value.errors}
    assert sorted(messages) == [3, 4, 5]
    assert "缺口" in messages[3] and "未填写" in messages[3]
    assert "2026-02-30 10:00" in messages[4] and "不是有效的日期时间" in messages[4]
    assert "abc" in messages[5] and "inf" in messages[5]
    assert not ShortageForecast.objects.exists()
    client.force_login(tree.a.users["manager"])
    # On the page the import is a background job (run at once in tests): the page it returns to follows it.
    response = client.post(reverse("orderly:forecast_create"), {
        "file": SimpleUploadedFile("f.csv", text.encode())}, follow=True)
    page = response.content.decode()
    assert "失败" in page and "第 3 行" in page and "第 4 行" in page and "第 5 行" in page
    assert "导入错误清单.xlsx" in page
    assert not ShortageForecast.objects.exists()


def _full_day(county, day, gaps: dict[int, float]):
    for hour in range(24):
        add_gap(county, day, hour, gaps.get(hour, 0.0))


def test_plan_on_complete_data_has_no_gaps(tree, day):
    a = tree.a
    add_profile(a, "general", 80)
    _full_day(a, day, {10: 50})
    plan = plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=day)
    assert not plan.has_gaps and plan.periods.count() == 1
    plan_approve(actor=a.users["manager"], plan=plan)
    assert plan.status == PlanStatus.APPROVED


def test_plan_lists_left_out_customers_and_missing_hours_and_approval_needs_acknowledgement(tree, day, client):
    a = tree.a
    add_profile(a, "general", 80)
    unprofiled = make_customer(a, customer_class=CustomerClass.LV_NON_RESIDENT, name="无档案工厂")
    make_customer(a)  # a resident needs no profile and is not "left out"
    make_customer(tree.b, customer_class=CustomerClass.HV_SINGLE)  # outside the plan's area
    _full_day(a, day, {10: 50})
    ShortageForecast.objects.filter(start__in=[at(day, 3), at(day, 4)]).delete()
    next_day = day + dt.timedelta(days=1)
    add_gap(a, next_day, 19, 30, hours=2)  # a day with only 19:00–21:00
    plan = plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=next_day)
    assert plan.left_out == [[unprofiled.account_number, "无档案工厂"]] and plan.left_out_count == 1
    assert plan.missing_hours == {day.isoformat(): [3, 4],
                                  next_day.isoformat(): [h for h in range(24) if h not in (19, 20)]}
    with pytest.raises(DomainError) as exc:
        plan_approve(actor=a.users["manager"], plan=plan)
    assert exc.value.field == "accept_gaps" and "1 户" in exc.value.message and "2 天" in exc.value.message

    client.force_login(a.users["manager"])
    url = reverse("orderly:plan", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "无档案工厂" in page and unprofiled.account_number in page and 'name="accept_gaps"' in page
    assert f"{day}(3–4 时)" in page and f"{next_day}(0–18、21–23 时)" in page
    client.post(reverse("orderly:plan_action", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    client.post(reverse("orderly:plan_action", args=[plan.pk, "approve"]), {"accept_gaps": "on"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.events.get(to_status=PlanStatus.APPROVED).data["accept_gaps"] is True


def test_api_shows_gaps(tree, day):
    a = tree.a
    add_profile(a, "general", 80)
    forecast_create(actor=a.users["manager"], unit=a.unit, start=at(day, 10), end=at(day, 11), max_demand_kw=1000,
                    gap_kw=50)
    plan = plan_create(actor=a.users["manager"], unit=a.unit, start_date=day, end_date=day)
    body = api_client(a.users["dispatcher"]).get(f"/api/v1/orderly/plans/{plan.pk}/").json()
    assert body["gaps"]["left_out_count"] == 0 and len(body["gaps"]["missing_hours"][day.isoformat()]) == 23
