"""In Chromium, without the admin: the province manager and a county manager each set up a campaign with
phases, goals and a task cascaded to every unit below; the compliance matrix shows the counties' state."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign.models import Campaign, Task
from wanjia.core.testing import sign_in
from wanjia.feedback.models import Forum
from wanjia.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _create_campaign(page, name, unit_label, start, end):
    page.goto(page.base_url + "/campaign/")
    page.click("text=新建活动")
    page.fill("input[name=name]", name)
    page.select_option("select[name=unit]", label=unit_label)
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", end.isoformat())
    page.click("button:has-text('保存')")
    page.wait_for_url("**/setup/")


def _setup(page, start, end, cascade_label):
    quarter = (end - start) // 4
    for i, kind in enumerate(["launch", "survey", "rectification", "summary"]):
        form = page.locator("form:has(input[name=action][value=phase])")
        form.locator("select[name=phase-kind]").select_option(kind)
        form.locator("input[name=phase-start_date]").fill((start + quarter * i).isoformat())
        form.locator("input[name=phase-end_date]").fill(
            (end if i == 3 else start + quarter * (i + 1) - dt.timedelta(days=1)).isoformat())
        form.locator("button").click()
        page.wait_for_load_state()
    form = page.locator("form:has(input[name=action][value=leader])")
    form.locator("select[name=leader-role]").select_option("leader")
    form.locator("input[name=leader-name]").fill("组长甲")
    form.locator("button").click()
    page.wait_for_load_state()
    form = page.locator("form:has(input[name=action][value=goal])")
    form.locator("input[name=goal-text]").fill("召开客户座谈会不少于4次")
    form.locator("select[name=goal-measure]").select_option("count")
    form.locator("select[name=goal-count_code]").select_option("forums_held")
    form.locator("input[name=goal-target]").fill("4")
    form.locator("button").click()
    page.wait_for_load_state()
    form = page.locator("form:has(input[name=action][value=requirement])")
    form.locator("select[name=requirement-kind]").select_option("forum")
    form.locator("input[name=requirement-name]").fill("首次座谈会")
    form.locator("input[name=requirement-start_date]").fill(start.isoformat())
    form.locator("input[name=requirement-end_date]").fill((start + dt.timedelta(days=20)).isoformat())
    form.locator("button").click()
    page.wait_for_load_state()
    form = page.locator("form:has(input[name=action][value=task])")
    form.locator("select[name=task-phase]").select_option(label="调研走访")
    form.locator("input[name=task-title]").fill("召开客户座谈会")
    form.locator("input[name=task-due_date]").fill((start + quarter * 2 - dt.timedelta(days=1)).isoformat())
    form.locator("select[name=task-cascade_kind]").select_option(label=cascade_label)
    form.locator("button").click()
    page.wait_for_load_state()


def test_province_and_county_set_up_their_plans_and_see_compliance(browser_page, tree):
    page = browser_page
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=40), today + dt.timedelta(days=200)
    Forum.objects.create(unit=tree.a.unit, title="座谈会", date=start + dt.timedelta(days=5), place="县里", held=True)

    sign_in(page, tree.province_manager.username)
    _create_campaign(page, "全省为民服务活动", "测试省公司", start, end)
    _setup(page, start, end, "县级供电企业")
    campaign = Campaign.objects.get(name="全省为民服务活动")
    assert campaign.phases.count() == 4 and campaign.goal_items.count() == 1
    parent = Task.objects.get(phase__campaign=campaign, parent__isnull=True)
    assert {t.unit for t in parent.children.all()} == {tree.a.unit, tree.b.unit}
    page.screenshot(path=str(page.out_dir / "setup-province.png"), full_page=True)
    page.goto(page.base_url + f"/campaign/{campaign.pk}/compliance/")
    assert page.locator("tr[data-unit=TA] td[data-status=done]").count() == 1
    assert page.locator("tr[data-unit=TB] td[data-status=overdue]").count() == 1
    page.screenshot(path=str(page.out_dir / "compliance-1366.png"), full_page=True)
    page.goto(page.base_url + f"/campaign/{campaign.pk}/")
    cells = [c.strip() for c in page.locator("#goals tbody tr").first.locator("td").all_inner_texts()]
    assert cells[0] == "召开客户座谈会不少于4次" and cells[2:5] == ["4", "1", "3"]  # target, one held, gap
    page.screenshot(path=str(page.out_dir / "campaign-1366.png"), full_page=True)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    manager = tree.a.users[Role.MANAGER]
    sign_in(page, manager.username)
    _create_campaign(page, "甲县为民服务活动", "甲县", start, end)
    _setup(page, start, end, "供电所")
    own = Campaign.objects.get(name="甲县为民服务活动")
    assert own.unit == tree.a.unit and own.phases.count() == 4
    task = Task.objects.get(phase__campaign=own, parent__isnull=True)
    assert task.children.count() == 3
    page.screenshot(path=str(page.out_dir / "setup-county-390.png"), full_page=True)
    # The county sees its own row of the province's matrix, and its cascaded task.
    page.goto(page.base_url + f"/campaign/{campaign.pk}/compliance/")
    assert page.locator("tr[data-unit=TA]").count() == 1 and page.locator("tr[data-unit=TB]").count() == 0
    page.screenshot(path=str(page.out_dir / "compliance-390.png"), full_page=True)
    mine = parent.children.get(unit=tree.a.unit)
    page.goto(page.base_url + f"/campaign/tasks/{mine.pk}/")
    page.locator("form:has(input[name=action][value=complete]) textarea").fill("已召开")
    page.locator("form:has(input[name=action][value=complete]) button").click()
    page.wait_for_load_state()
    assert "已完成" in page.locator("#task-status").inner_text()
    page.screenshot(path=str(page.out_dir / "task-390.png"), full_page=True)
