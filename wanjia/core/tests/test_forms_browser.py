"""Forms in Chromium: searchable pickers (a customer found on the server, shown as text however hostile its
name; a unit found among many), required marks, and the pages that follow a background job, at a desktop
and a phone width in both languages with no sideways scrolling. Screenshots go to test-results/<test>/."""
import pytest

from wanjia.campaign.testing import make_campaign
from wanjia.core import hostile
from wanjia.core.testing import make_customer, sign_in
from wanjia.org.models import Role
from wanjia.repairs.models import RepairOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
SIZES = [(1440, 900), (390, 844)]


@pytest.fixture
def watched(browser_page):
    """The page, failing on a dialog (the hostile name calls alert() if it ever runs) or a script error."""
    problems = []
    browser_page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    browser_page.on("pageerror", lambda e: problems.append(str(e)))
    yield browser_page
    assert problems == []


def _type_in_picker(page, input_id: str, text: str):
    """Click the picker's box (its search input sits off-screen while an item is chosen) and type."""
    page.locator(f"#{input_id}-ts-control").locator("xpath=..").click()
    page.keyboard.type(text)


def test_customer_picker_searches_the_server_and_shows_names_as_text(watched, tree):
    page = watched
    customer = make_customer(tree.a, name=hostile.TAG + "王五")
    make_customer(tree.b, name="王五乙县")  # another county's: never offered
    sign_in(page, tree.a.users[Role.DISPATCHER].username)
    page.goto(f"{page.base_url}/repairs/orders/new/")
    assert page.locator("label[for='id_category']").evaluate(
        "l => getComputedStyle(l, '::after').content") == '" *"'
    page.select_option("#id_category", "no_power")
    page.fill("#id_phone", "13900001111")
    page.fill("#id_description", "家里没电")
    _type_in_picker(page, "id_account_number", "王五")
    option = page.locator(".ts-dropdown .option").first
    option.wait_for()
    page.screenshot(path=str(page.out_dir / "customer-picker.png"))
    assert page.locator(".ts-dropdown .option").count() == 1
    assert hostile.TAG + "王五" in option.text_content()
    assert page.locator(".ts-dropdown img, .ts-dropdown [onerror]").count() == 0
    option.click()
    assert page.input_value("#id_account_number") == customer.account_number
    page.click("form button.btn-primary")  # leaving the picker must not move the button under the pointer
    page.wait_for_url(lambda url: "/repairs/orders/new/" not in url)
    assert RepairOrder.objects.get().customer == customer


def test_unit_picker_filters_a_long_list_as_one_types(watched, tree):
    page = watched
    sign_in(page, tree.province_manager.username)
    page.goto(f"{page.base_url}/outreach/visits/new/")
    needle = tree.b.station.name[-4:]
    _type_in_picker(page, "id_unit", needle)
    # The dropdown opens with every unit on focus and narrows as the typing lands: wait for the narrowing.
    page.wait_for_function("n => { const o = [...document.querySelectorAll('.ts-dropdown .option')];"
                           " return o.length > 0 && o.every(e => e.textContent.includes(n)); }", arg=needle)
    shown = page.locator(".ts-dropdown .option").all_text_contents()
    assert shown and all(needle in s for s in shown)
    page.screenshot(path=str(page.out_dir / "unit-picker.png"))


def test_job_pages_and_forms_fit_desktop_and_phone_in_both_languages(watched, tree, settings):
    page = watched
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    sign_in(page, manager.username)
    page.goto(f"{page.base_url}/customers/import/")
    page.set_input_files("#import-file", files=[{"name": "客户.csv", "mimeType": "text/csv", "buffer": (
        "户号,户名,客户类别,用电地址,供电所编码\n" f"9000000001,张三,居民,甲县1号,{tree.a.station.code}\n"
        "9000000002,李四,居民,甲县2号,NOPE\n").encode()}])
    page.click("form button.btn-primary")
    page.wait_for_selector(".job-progress .badge.text-bg-danger")
    import_url = page.url
    page.goto(f"{page.base_url}/campaign/{campaign.pk}/reports/")
    page.click("form button.btn-primary")
    page.wait_for_selector(".job-progress .badge.text-bg-success")
    report_url = page.url
    paths = [import_url, report_url, "/repairs/orders/new/", "/outreach/visits/new/", "/orderly/forecasts/new/",
             "/campaign/pairing/"]
    problems = []
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base_url}])
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for path in paths:
                page.goto(path if path.startswith("http") else page.base_url + path)
                page.wait_for_load_state("networkidle")
                name = path.split("//", 1)[-1].split("/", 1)[-1].split("?")[0].strip("/").replace("/", "_")
                page.screenshot(path=str(page.out_dir / f"{language}-{width}-{name}.png"), full_page=True)
                overflow = page.evaluate(OVERFLOW)
                if overflow > 0:
                    problems.append(f"{language} {width} {path}: {overflow}px too wide")
    assert problems == []
