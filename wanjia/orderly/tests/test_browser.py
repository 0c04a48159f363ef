"""The plan page in Chromium: the chart draws, the table and the customers by tier are there."""
import pytest

from wanjia.core.testing import build_tree, sign_in
from wanjia.orderly.services import plan_create
from wanjia.orderly.tests.conftest import add_gap, add_profile


@pytest.mark.browser
def test_plan_page_draws_its_chart(transactional_db, browser_page, day):
    tree = build_tree()
    add_profile(tree.a, "restricted", 100)
    add_profile(tree.a, "general", 80)
    add_gap(tree.a, day, 10, 150)
    add_gap(tree.a, day, 11, 60)
    plan = plan_create(actor=tree.a.users["manager"], unit=tree.a.unit, start_date=day, end_date=day)
    page = browser_page
    sign_in(page, tree.a.users["manager"].username)
    page.goto(f"{page.base_url}/orderly/plans/{plan.pk}/")
    page.wait_for_selector("#plan-chart canvas")
    assert page.locator("table").first.inner_text().count("10:00") == 1
    assert "重点限制" in page.content()
    page.screenshot(path=str(page.out_dir / "plan.png"), full_page=True)
