"""A manager voids a mistaken activity day on a phone: the button on the day's page, the reason, and the day
gone from the campaign page."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign.models import ActivityDay
from wanjia.campaign.services import activity_day_record
from wanjia.campaign.testing import make_campaign
from wanjia.core import hostile
from wanjia.core.testing import sign_in
from wanjia.org.models import Role


@pytest.mark.browser(viewport={"width": 390, "height": 844})
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_voids_an_activity_day_on_a_phone(browser_page, tree):
    page = browser_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    day = activity_day_record(campaign=campaign, unit=tree.a.station, place=hostile.TAG, actor=manager,
                              date=timezone.localdate() - dt.timedelta(days=1))
    sign_in(page, manager.username)
    page.goto(f"{page.base_url}/campaign/activity-days/{day.pk}/")
    page.get_by_role("link", name="作废").click()
    page.fill("textarea[name=reason]", "测试数据")
    page.screenshot(path=str(page.out_dir / "void-phone.png"), full_page=True)
    page.locator("main form").get_by_role("button", name="作废").click()
    page.wait_for_url(f"**/campaign/{campaign.pk}/")
    assert "已作废" in page.inner_text("main")
    assert page.locator("main table tbody tr", has_text=hostile.TAG).count() == 0
    assert ActivityDay.all_objects.get(pk=day.pk).void_reason == "测试数据"
    assert dialogs == []
