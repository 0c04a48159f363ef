"""Each role's home and its most-used pages, in Chromium at two desktop widths and a phone, in both languages:
no sideways scrolling, no console error, no failed asset. Screenshots go to test-results/screens/ for review
(docs/ui.md names them). One browser; one context per role and language, resized for each width."""
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.org.models import Role
from wanjia.outreach.services import hazard_raise
from wanjia.repairs.services import order_dispatch
from wanjia.repairs.tests.helpers import crew_for, intake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIZES = [(1366, 768), (1440, 900), (390, 844)]
LANGUAGES = ["zh-hans", "en"]
# Role → its home and the pages it opens most (the order detail is added once an order exists).
SCREENS = {
    Role.CREW: ["/", "/outreach/visits/", "/outreach/visits/new/", "/outreach/hazards/", "/notifications/"],
    Role.DISPATCHER: ["/", "/repairs/", "/repairs/orders/", "/repairs/outages/", "/repairs/orders/new/",
                      "/customers/"],
    Role.COUNTER: ["/", "/halls/", "/connections/", "/connections/new/", "/customers/", "/payments/"],
    Role.BRANCH_SECRETARY: ["/", "/campaign/", "/outreach/visits/", "/outreach/visits/new/", "/outreach/hazards/",
                            "/feedback/forums/"],
    Role.MANAGER: ["/", "/kpi/", "/repairs/", "/connections/", "/outreach/hazards/", "/kpi/map/",
                   "/repairs/reliability/"],
    "public": ["/portal/", "/portal/report/", "/portal/outages/", "/portal/track/", "/portal/nearby/"],
}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def chromium():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _session_cookie(user, url: str) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0] if hasattr(
        settings, "AUTHENTICATION_BACKENDS") else "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}


def test_every_roles_screens_fit_phone_and_desktop_in_both_languages(tree, live_server, django_db_serialized_rollback,
                                                                   chromium, request):
    out = Path(request.config.rootpath) / "test-results" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    order = intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=50),
                   address="甲县城关镇团结街道岔河社区171号")
    order_dispatch(order=order, crew=crew_for(tree.a), actor=tree.a.users[Role.DISPATCHER])
    intake(make_customer(tree.a), received_at=timezone.now() - dt.timedelta(minutes=10))
    hazard_raise(unit=tree.a.station, description="台区箱门锈蚀,箱内有积水", severity="general", side="utility",
                 found_on=today - dt.timedelta(days=5), actor=tree.a.users[Role.BRANCH_SECRETARY],
                 owner=tree.a.users[Role.CREW], deadline=today + dt.timedelta(days=3), measures="更换箱门")
    screens = {role: list(paths) for role, paths in SCREENS.items()}
    screens[Role.DISPATCHER].append(f"/repairs/orders/{order.pk}/")
    problems = []
    for role, paths in screens.items():
        for language in LANGUAGES:
            context = chromium.new_context(locale="zh-CN" if language == "zh-hans" else "en-US")
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            if role != "public":
                cookies.append(_session_cookie(tree.a.users[role], live_server.url))
            context.add_cookies(cookies)
            page = context.new_page()
            seen = []
            page.on("console", lambda m: m.type == "error" and seen.append(f"console: {m.text}"))
            page.on("pageerror", lambda e: seen.append(f"script: {e}"))
            page.on("response", lambda r: r.status >= 400 and seen.append(f"{r.status} {r.url}"))
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                for path in paths:
                    seen.clear()
                    page.goto(live_server.url + path)
                    page.wait_for_load_state("networkidle")
                    name = f"{role}-{language}-{width}-{path.strip('/').replace('/', '_') or 'home'}.png"
                    page.screenshot(path=str(out / name))
                    overflow = page.evaluate(OVERFLOW)
                    if overflow > 0:
                        problems.append(f"{name}: {overflow}px wider than the window")
                    problems += [f"{name}: {s}" for s in seen]
            context.close()
    assert problems == [], "\n".join(problems)
