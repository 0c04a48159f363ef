"""The crew's page on a phone and the board in a desktop browser (system Chromium)."""
import datetime as dt

import pytest
from django.utils import timezone

from wanjia.core.testing import make_customer, sign_in
from wanjia.org.models import Role
from wanjia.repairs.models import RepairOrder
from wanjia.repairs.services import order_dispatch
from wanjia.repairs.tests.helpers import crew_for, intake


@pytest.mark.browser(viewport={"width": 390, "height": 844})
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_crew_taps_arrived_then_restored_on_a_phone(tree, browser_page):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=20))
    order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    page = browser_page
    sign_in(page, "ta-crew")
    page.goto(f"{page.base_url}/repairs/crew/")
    card = page.locator(f".crew-order[data-number='{order.number}']")
    assert card.bounding_box()["width"] <= 390
    page.screenshot(path=str(page.out_dir / "crew-before.png"))
    card.get_by_role("button", name="已到达").click()
    page.locator(f".crew-order[data-number='{order.number}'] input[name=resolution]").fill("更换熔丝")
    page.locator(f".crew-order[data-number='{order.number}']").get_by_role("button", name="已复电").click()
    page.wait_for_load_state()
    page.screenshot(path=str(page.out_dir / "crew.png"))
    order.refresh_from_db()
    assert order.status == "restored" and order.arrived_at and order.restored_at
    assert page.locator(f".crew-order[data-number='{order.number}']").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_assigns_through_htmx_and_draws_the_map(tree, browser_page):
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=55))
    crew = crew_for(tree.a)
    page = browser_page
    sign_in(page, "ta-dispatcher")
    page.goto(f"{page.base_url}/repairs/")
    page.locator("#board-map .leaflet-interactive").first.wait_for()
    page.select_option("#board-panel select[name=crew]", str(crew.pk))
    page.locator("#board-panel").get_by_role("button", name="派工").click()
    page.locator("#board-panel [data-state=dispatched]", has_text="1").wait_for()
    page.screenshot(path=str(page.out_dir / "board.png"), full_page=True)
    assert RepairOrder.objects.get(pk=order.pk).crew == crew
