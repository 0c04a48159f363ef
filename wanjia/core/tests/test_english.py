"""English pages speak English in their chrome: the top bar, headings, labels, table headers, buttons and
placeholders. Stored data (names, addresses, units) stays as entered; templates mark it translate="no"."""
import re
from html import escape
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

from wanjia.campaign.models import ScorecardItem
from wanjia.commitments.models import PolicySet
from wanjia.connections.models import RequiredDocument
from wanjia.core.testing import make_customer
from wanjia.core.tests.test_screens_browser import SCREENS
from wanjia.core.text import in_language
from wanjia.halls.models import SkillItem
from wanjia.org.models import Role
from wanjia.outreach.models import ChecklistItem
from wanjia.repairs.models import FaultCategory
from wanjia.repairs.tests.helpers import intake

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u3400-\u9fff]")
CHROME = {"nav", "title", "h1", "h2", "h3", "h4", "h5", "h6", "label", "th", "button", "legend", "summary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Pages beyond each role's most-used ones that show data rows' names (policy, topics, channel and measure kinds,
# reliability standards, checklists, hall catalogues, required documents, five-in-place items).
MORE_PAGES = {
    "public": ["/portal/commitments/", "/portal/feedback/"],
    Role.MANAGER: ["/feedback/hot/", "/payments/coverage/", "/payments/collection/", "/payments/measures/",
                   "/halls/skills/", "/campaign/scorecard/"],
    Role.BRANCH_SECRETARY: ["/outreach/visits/checklist/?category=village"],
}


class ChromeText(HTMLParser):
    """Collects the text and placeholders of chrome elements outside translate="no" subtrees."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, is chrome, is data)
        self.found: list[str] = []

    def _inside(self) -> tuple[bool, bool]:
        return any(c for _t, c, _d in self.stack), any(d for _t, _c, d in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        chrome, data = self._inside()
        data = data or attrs.get("translate") == "no"
        if not data and attrs.get("placeholder") and HAN.search(attrs["placeholder"]):
            self.found.append(f"<{tag} placeholder={attrs['placeholder']!r}>")
        if tag not in VOID:
            self.stack.append((tag, tag in CHROME, data))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, text):
        chrome, data = self._inside()
        if chrome and not data and HAN.search(text):
            self.found.append(f"<{self.stack[-1][0]}> {text.strip()[:60]!r}")


def chinese_in_chrome(html: str) -> list[str]:
    parser = ChromeText()
    parser.feed(html)
    return parser.found


def test_the_checker_sees_chrome_and_skips_data():
    html = '<nav><a>菜单</a><span translate="no">甲县</span></nav><p>正文</p><input placeholder="搜索"><th>Name</th>'
    assert chinese_in_chrome(html) == ["<a> '菜单'", "<input placeholder='搜索'>"]


def _english(client, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_english_pages_have_no_chinese_in_their_chrome(client, tree):
    problems = []
    for role, paths in [*SCREENS.items(), *MORE_PAGES.items()]:
        _english(client, None if role == "public" else tree.a.users[role])
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            problems += [f"{role} {path}: {p}" for p in chinese_in_chrome(response.content.decode())]
    assert problems == [], "\n".join(problems)


def test_role_names_in_the_user_menu_are_translated(client, tree):
    client.force_login(tree.a.users[Role.DISPATCHER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Dispatcher" in client.get("/repairs/").content.decode()


def test_scripts_hold_no_words_of_their_own():
    """Words a script shows come translated from its template (data attributes, json_script), never from
    the script itself."""
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    offenders = [str(p.relative_to(root)) for p in root.glob("**/static/**/*.js") if HAN.search(p.read_text("utf-8"))]
    assert offenders == []


def test_data_rows_show_their_english_names_on_english_pages(client, tree):
    """Fault categories, policy sets and checklist items are data; their seeded English (data migrations) is
    what an English page shows, and none of their Chinese."""
    order = intake(make_customer(tree.a))
    category, policy = order.category, order.policy_set
    html = _english(client, tree.a.users[Role.DISPATCHER]).get(f"/repairs/orders/{order.pk}/").content.decode()
    assert chinese_in_chrome(html) == []
    for row in (category, policy):
        assert row.name_en and not HAN.search(row.name_en) and escape(row.name_en) in html
        assert escape(row.name) not in html
    html = _english(client, tree.a.users[Role.BRANCH_SECRETARY]).get(
        "/outreach/visits/checklist/", {"category": "village"}).content.decode()
    items = list(ChecklistItem.objects.filter(category="village", is_active=True))
    assert items
    for item in items:
        for zh, en in ((item.text, item.text_en), (item.guidance, item.guidance_en)):
            assert en and not HAN.search(en) and escape(en) in html and escape(zh) not in html
    commitments = _english(client).get("/portal/commitments/").content.decode()
    active = PolicySet.objects.get(is_active=True)
    for row in (active, *active.other_limits.all()):
        assert escape(row.name_en) in commitments and escape(row.name) not in commitments
    skills = _english(client, tree.a.users[Role.MANAGER]).get("/halls/skills/").content.decode()
    assert all(f"<th>{escape(skill.name_en)}</th>" in skills for skill in SkillItem.objects.filter(is_active=True))
    intake_page = _english(client, tree.a.users[Role.COUNTER]).get("/connections/new/").content.decode()
    documents = [d for d in RequiredDocument.objects.filter(is_active=True) if escape(d.name_en) in intake_page]
    assert documents and all(escape(d.name) not in intake_page for d in documents)
    scorecard = _english(client, tree.a.users[Role.MANAGER]).get("/campaign/scorecard/").content.decode()
    assert all(escape(item.name_en) in scorecard and escape(item.dimension_en) in scorecard
               for item in ScorecardItem.objects.all())


def test_a_blank_english_name_falls_back_to_the_chinese(client, tree):
    order = intake(make_customer(tree.a))
    FaultCategory.objects.filter(pk=order.category_id).update(name_en="")
    html = _english(client, tree.a.users[Role.DISPATCHER]).get(f"/repairs/orders/{order.pk}/").content.decode()
    assert order.category.name in html
    with translation.override("en"):
        assert (in_language("客户无电", ""), in_language("客户无电", "No power")) == ("客户无电", "No power")
    with translation.override("zh-hans"):
        assert in_language("客户无电", "No power") == "客户无电"
