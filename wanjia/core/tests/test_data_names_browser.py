"""The pages that show data rows' names (fault categories, policy sets, checklists, five-in-place items, hall
catalogues, topics, required documents) and the outage table, in Chromium at narrow desktops and a phone, in both
languages: no sideways scrolling of the page, and on a desktop the outage table fits its box (no scrolling inside
it either). Screenshots go to test-results/<test name>/."""
import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from wanjia.core.testing import make_customer, sign_in
from wanjia.org.models import Role
from wanjia.repairs.models import Outage
from wanjia.repairs.tests.helpers import intake
from wanjia.repairs.tests.test_places import outage, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SIZES = [(1280, 800), (1366, 768), (390, 844)]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
TABLE_OVERFLOW = "(() => { const box = document.querySelector('#outage-table').parentElement; " \
                 "return box.scrollWidth - box.clientWidth; })()"


def test_pages_with_data_names_and_the_outage_table_fit_narrow_desktops_and_a_phone(browser_page, tree):
    page, now = browser_page, timezone.now()
    t1, t2 = tree.a.transformers
    place(tree.a.station, "上寨村", t1)
    place(tree.a.station, "下寨村", t2)
    outage(tree.a, kind=Outage.Kind.PLANNED, started=24 * 60, expected_restoration_at=now + dt.timedelta(days=1, hours=6),
           area_description="上寨村、下寨村全部客户", cause_detail="线路检修、更换老旧导线", customers_affected=1280)
    outage(tree.a, t1, expected_restoration_at=now + dt.timedelta(hours=1), customers_affected=86)
    outage(tree.a, t2, expected_restoration_at=now - dt.timedelta(minutes=30), customers_affected=112)
    order = intake(make_customer(tree.a))
    pages = {Role.DISPATCHER: ["/repairs/outages/", f"/repairs/orders/{order.pk}/", "/repairs/orders/"],
             Role.BRANCH_SECRETARY: ["/outreach/visits/new/"],
             Role.MANAGER: ["/campaign/scorecard/", "/halls/skills/", "/feedback/hot/", "/payments/coverage/",
                            "/repairs/reliability/"],
             Role.COUNTER: ["/connections/new/"],
             "public": ["/portal/outages/", "/portal/commitments/", "/portal/report/"]}
    problems = []
    for role, paths in pages.items():
        page.context.clear_cookies()
        if role != "public":
            sign_in(page, tree.a.users[role].username)
        for language in ("zh-hans", "en"):
            page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                       "url": page.base_url}])
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                for path in paths:
                    page.goto(page.base_url + path)
                    page.wait_for_load_state("networkidle")
                    name = f"{language}-{width}-{path.strip('/').replace('/', '_')}"
                    page.screenshot(path=str(page.out_dir / f"{name}.png"), full_page=True)
                    if (overflow := page.evaluate(OVERFLOW)) > 0:
                        problems.append(f"{name}: {overflow}px wider than the window")
                    if path == "/repairs/outages/" and width > 1000 and (inside := page.evaluate(TABLE_OVERFLOW)) > 0:
                        problems.append(f"{name}: the outage table scrolls {inside}px inside its box")
    assert problems == [], "\n".join(problems)
