import os

import pytest

# Tests run at a fixed clock: a test that passes today must pass on the 1st of a month. The default instant is
# an ordinary Wednesday mid-month, mid-morning in Asia/Shanghai; `WANJIA_TEST_NOW` moves it (.ci/run replays
# the suite at month ends, the year end and a Spring Festival working weekend). The clock ticks from there, so
# code that measures elapsed time still sees it pass.
TEST_NOW = os.environ.get("WANJIA_TEST_NOW") or "2026-11-18T10:00:00+08:00"


def pytest_collection_modifyitems(items):
    """Mark tests that need a transactional database (live server, concurrent writers). Their flush empties
    the seeded policy data until the next such test restores it, so scripts/test runs them in a session of
    their own, after the others."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if {"transactional_db", "live_server"} & set(item.fixturenames) or (marker and marker.kwargs.get("transaction")):
            item.add_marker(pytest.mark.transactional)
        if "browser_page" in item.fixturenames:  # so that `-m "not browser"` never starts Chromium
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The last fixture before pytest-django creates the test databases: from here on, creating one loads the
    migrated snapshot an earlier session kept (wanjia/core/testdb.py). `WANJIA_TEST_DB_SNAPSHOTS=0` migrates
    from scratch."""
    if os.environ.get("WANJIA_TEST_DB_SNAPSHOTS") == "0":
        yield
        return
    from wanjia.core.testdb import migrate_from_snapshots

    with migrate_from_snapshots():
        yield


@pytest.fixture
def tree(db):
    """Province → prefecture → sibling counties A and B, each with urban/rural/remote stations, a hall, a
    feeder with two transformers and one user per role (`tree.a.users["dispatcher"]`)."""
    from wanjia.core.testing import build_tree

    return build_tree()


@pytest.fixture
def default_clock():
    """The default test moment whatever `WANJIA_TEST_NOW` says, for tests whose data are written on fixed
    November 2026 dates (the replays move the clock under them; their rule is not about the calendar's edges)."""
    import time_machine

    with time_machine.travel("2026-11-18T10:00:00+08:00", tick=True):
        yield


@pytest.fixture(autouse=True)
def _fixed_clock():
    import time_machine

    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (zh-hans: simplified characters), whatever language
    an earlier request activated in this thread."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Calendar overrides and cached configuration rows written by one test must not leak into the next
    through the process caches."""
    from wanjia.core import worktime
    from wanjia.core.cache import forget_all

    worktime.forget_calendar()
    forget_all()
    yield
    worktime.forget_calendar()
    forget_all()


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.backends.MemorySmsBackend"
    from wanjia.notifications.backends import MemorySmsBackend

    MemorySmsBackend.outbox.clear()
    MemorySmsBackend.sent.clear()


@pytest.fixture
def browser_page(live_server, django_db_serialized_rollback, request):
    """A Playwright page in Debian's Chromium (/usr/bin/chromium), pointed at the live server. Screenshots go
    to test-results/<test name>/. Skipped where Chromium is not installed. The live server needs a
    transactional database; serialized rollback restores the seeded policy data after its flush."""
    import os
    import shutil
    from pathlib import Path

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium is not installed (scripts/test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test are still
    # synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    out_dir = Path(request.config.rootpath) / "test-results" / request.node.name
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        marker = request.node.get_closest_marker("browser")
        viewport = (marker.kwargs.get("viewport") if marker else None) or {"width": 1366, "height": 900}
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.base_url = live_server.url
        page.out_dir = out_dir
        try:
            yield page
        finally:
            context.close()
            browser.close()
