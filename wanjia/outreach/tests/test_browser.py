"""In Chromium: the visit form swaps the checklist when the category changes (HTMX), and the campaign page
draws its two charts (ECharts)."""
import pytest

from wanjia.campaign.testing import make_campaign
from wanjia.core.testing import sign_in
from wanjia.org.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_checklist_follows_category_and_charts_draw(browser_page, tree):
    page = browser_page
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    sign_in(page, manager.username)
    page.goto(page.base_url + "/outreach/visits/new/")
    assert "供电安全" in page.locator("#checklist").inner_text()
    page.select_option("select[name=category]", "hospital")
    page.wait_for_function("document.querySelector('#checklist').innerText.includes('应急电源')")
    page.screenshot(path=str(page.out_dir / "visit-form.png"))
    page.goto(page.base_url + f"/campaign/{campaign.pk}/")
    page.wait_for_selector("#timeline canvas")
    page.wait_for_selector("#progress canvas")
    page.screenshot(path=str(page.out_dir / "campaign.png"))
